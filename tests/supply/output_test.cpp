// A supply Result on its way out: JSON, tables, layers and the three files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_config.hpp"
#include "scene.hpp"
#include "tudi/core/error.hpp"
#include "tudi/supply/output.hpp"

namespace fs = std::filesystem;

namespace tudi::supply {
namespace {

TEST_F(Scene, JsonTablesLayersAndFiles) {
  const Result r = analyse(in, settings);
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["as_of"], "2023-01-01");
  ASSERT_EQ(j["parcels"].size(), 7u);
  const auto& p1 = j["parcels"][0];
  EXPECT_EQ(p1["id"], "P1");
  EXPECT_EQ(p1["readiness"], "standard");
  EXPECT_TRUE(p1["idle_status"].is_null());
  EXPECT_NEAR(p1["area"]["mu"].get<double>(), p1["area"]["ellipsoidal_m2"].get<double>() * 0.0015, 1e-6);
  EXPECT_NEAR(p1["area"]["ha"].get<double>(), p1["area"]["ellipsoidal_m2"].get<double>() * 1e-4, 1e-6);
  const auto& p3 = j["parcels"][2];
  EXPECT_EQ(p3["idle_status"], "idle_1y");
  EXPECT_EQ(p3["idle_years"], 1);
  EXPECT_DOUBLE_EQ(p3["fee"].get<double>(), 160.0);
  EXPECT_EQ(j["parcels"][5]["missing"][0]["code"], "expropriation");
  EXPECT_EQ(j["totals"]["parcels"], 7);
  EXPECT_EQ(j["totals"]["idle"]["idle_2y"]["count"], 1);
  EXPECT_NEAR(j["totals"]["approved_unsupplied"]["planar_m2"].get<double>(), 20000, 1e-6);
  EXPECT_EQ(j["batches"].size(), 3u);
  EXPECT_FALSE(j["supply_rate"]["meets"].get<bool>());
  EXPECT_EQ(j["zones"].size(), 2u);

  const std::vector<output::Table> tables = to_tables(r);
  ASSERT_EQ(tables.size(), 7u);
  EXPECT_EQ(tables[1].title, "地块准备情况");
  EXPECT_EQ(tables[1].rows.size(), 2u);  // P1, P6
  EXPECT_EQ(tables[2].rows.size(), 5u);  // supplied parcels
  EXPECT_EQ(tables[3].rows.size(), 3u);  // batches
  EXPECT_EQ(tables[5].rows.size(), 3u);  // P4's three flags
  for (const output::Table& t : tables)
    for (const auto& row : t.rows) EXPECT_LE(row.size(), t.columns.size()) << t.title;

  const std::vector<Layer> layers = to_layers(r, parcels);
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0].name, "ready_parcels");
  EXPECT_EQ(layers[0].features.size(), 1u);  // P1
  EXPECT_EQ(layers[1].name, "idle_parcels");
  EXPECT_EQ(layers[1].features.size(), 4u);  // P2 P3 P5 P7 (P4 is in use)
  EXPECT_EQ(layers[2].name, "unsupplied_approved");
  EXPECT_EQ(layers[2].features.size(), 2u);  // B1 and B3 (B2 fully supplied)
  EXPECT_EQ(layers[3].name, "inefficient_land");
  EXPECT_EQ(layers[3].features.size(), 1u);
  for (const Layer& l : layers)
    for (const Feature& f : l.features) EXPECT_EQ(f.values.size(), l.fields.size()) << l.name;

  const fs::path dir = tudi::test::scratch_dir("tudi-supply-test-out");
  fs::remove_all(dir);
  const auto paths = write_outputs(r, parcels, {dir, false, "UTF-8"});
  for (const fs::path& p : paths) EXPECT_TRUE(fs::exists(p)) << p;
  std::ifstream js(dir / "supply.json");
  EXPECT_EQ(nlohmann::json::parse(js)["parcels"].size(), 7u);
  EXPECT_THROW(write_outputs(r, parcels, {dir, false, "UTF-8"}), Error);  // exists, no overwrite
  EXPECT_NO_THROW(write_outputs(r, parcels, {dir, true, "UTF-8"}));
  // Only the workbook left from before: refused before supply.json is written, not after.
  fs::remove(dir / "supply.json");
  fs::remove(dir / "supply.gpkg");
  EXPECT_THROW(write_outputs(r, parcels, {dir, false, "UTF-8"}), Error);
  EXPECT_FALSE(fs::exists(dir / "supply.json"));
  EXPECT_FALSE(fs::exists(dir / "supply.gpkg"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tudi::supply
