// A zones Result on its way out: JSON, tables, layers and the three files, written whole or not
// at all. (No core/progress.hpp here: its tudi::report() cannot meet report::Table.)
#include <gtest/gtest.h>

#include <filesystem>

#include "scene.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/zones/report.hpp"
#include "tudi/zones/tables.hpp"

namespace fs = std::filesystem;

namespace tudi::zones {
namespace {

class Output : public Scene {
 protected:
  Output() {
    add(urban, box(-1000, -1000, 2300, 3000), {{"id", "U1"}});
    add(farmland, box(1100, 0, 100, 200), {{"id", "F1"}});
    in.urban = &urban;
    in.farmland = &farmland;
    sc = parse_scenario("name = \"方案\"\n[[step]]\nop = \"merge\"\nzones = [\"A\", \"C\"]\n"
                        "id = \"X\"\n[[step]]\nop = \"expand\"\nzone = \"X\"\npolygon = \"" +
                            box(1000, 0, 200, 400) + "\"\n",
                        "s.toml", {});
    opt.scenario = &sc;
  }
  Layer urban = test::make_layer("urban", {"id"});
  Layer farmland = test::make_layer("farmland", {"id"});
  Scenario sc;
  Options opt;
};

TEST_F(Output, JsonTablesAndLayers) {
  const Result r = analyse(in, settings, opt);
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["as_of"], "2026-11-22");
  ASSERT_EQ(j["zones"].size(), 2u);
  const auto& a = j["zones"][0];
  EXPECT_EQ(a["id"], "A");
  EXPECT_NEAR(a["indicators"]["development_rate"]["value"].get<double>(), 42.0, 1e-4);
  EXPECT_EQ(a["indicators"]["development_rate"]["rank"], 1);
  EXPECT_DOUBLE_EQ(a["indicators"]["development_rate"]["national"].get<double>(), 89.46);
  EXPECT_TRUE(a["indicators"]["supply_rate"]["national"].is_null());
  EXPECT_TRUE(a["controls"]["redline"].is_null());  // not configured
  EXPECT_NEAR(a["controls"]["outside_urban"]["m2"].get<double>(), 0, 1e-6);
  EXPECT_EQ(j["indicators"].size(), kIndicators);

  const auto& x = j["scenario"]["zones"][0];
  EXPECT_EQ(x["id"], "X");
  EXPECT_EQ(x["ops"], (nlohmann::json{"merge", "expand"}));
  EXPECT_EQ(x["changes"].size(), 2u);
  EXPECT_TRUE(x["new_area"]["blocking"].get<bool>());
  EXPECT_NEAR(x["new_area"]["farmland"]["m2"].get<double>(), 2 * kHa, 1e-3);
  EXPECT_TRUE(x["new_area"]["redline"].is_null());
  EXPECT_TRUE(j["candidates"].is_null());

  const std::vector<report::Table> tables = to_tables(r);
  ASSERT_EQ(tables.size(), 9u);
  EXPECT_EQ(tables[0].title, "开发区评价");
  EXPECT_EQ(tables[0].rows.size(), 3u);  // A, C and the national row
  EXPECT_EQ(tables[1].rows.size(), 3 * kIndicators);  // A, C and X
  EXPECT_EQ(tables[3].rows.size(), 2 * kIndicators);  // X against A and against C
  EXPECT_EQ(tables[4].rows.size(), 1u);
  EXPECT_EQ(tables[5].rows.size(), 2u);  // the two preconditions of the settings
  for (const report::Table& t : tables)
    for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.columns.size()) << t.title;

  const std::vector<Layer> layers = to_layers(r);
  ASSERT_EQ(layers.size(), 5u);
  EXPECT_EQ(layers[0].name, "zones");
  EXPECT_EQ(layers[0].features.size(), 2u);
  EXPECT_EQ(layers[1].name, "scenario_zones");
  EXPECT_EQ(layers[1].features.size(), 1u);
  EXPECT_EQ(layers[2].features.size(), 1u);  // the new land of X
  EXPECT_EQ(layers[3].name, "conflicts");
  EXPECT_EQ(layers[3].features.size(), 1u);  // the farmland piece
  EXPECT_EQ(layers[4].features.size(), 0u);
  for (const Layer& l : layers)
    for (const Feature& f : l.features) EXPECT_EQ(f.values.size(), l.fields.size()) << l.name;
}

TEST_F(Output, FilesWholeOrNotAtAll) {
  const Result r = analyse(in, settings, opt);
  const fs::path dir = fs::temp_directory_path() / "tudi-zones-output-test";
  fs::remove_all(dir);
  OutputOptions o;
  o.dir = dir;
  const auto paths = write_outputs(r, o);
  ASSERT_EQ(paths.size(), 3u);
  for (const auto& p : paths) EXPECT_TRUE(fs::exists(p)) << p;
  EXPECT_EQ(io::list_layers(paths[2].string()),
            (std::vector<std::string>{"zones", "scenario_zones", "new_areas", "conflicts",
                                      "candidates"}));
  const Layer back = io::read_layer({paths[2].string(), "conflicts"});
  ASSERT_EQ(back.features.size(), 1u);
  EXPECT_NEAR(geom::area(back.features[0].geometry), 2 * kHa, 1e-3);

  // Without --overwrite nothing is replaced, and nothing new appears beside the old files.
  fs::remove(paths[1]);
  EXPECT_THROW(write_outputs(r, o), Error);
  EXPECT_FALSE(fs::exists(paths[1]));
  o.overwrite = true;
  EXPECT_NO_THROW(write_outputs(r, o));
  EXPECT_TRUE(fs::exists(paths[1]));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tudi::zones
