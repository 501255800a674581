// A zones Result as JSON, tables and layers; files_test.cpp reads the written files back.
#include <gtest/gtest.h>

#include "scene.hpp"
#include "tudi/zones/output.hpp"

namespace tudi::zones {
namespace {

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
  EXPECT_NEAR(a["controls"]["outside_urban"]["ellipsoidal_m2"].get<double>(), 0, 1e-6);
  EXPECT_EQ(j["indicators"].size(), kIndicators);

  const auto& x = j["scenario"]["zones"][0];
  EXPECT_EQ(x["id"], "X");
  EXPECT_EQ(x["ops"], (nlohmann::json{"merge", "expand"}));
  EXPECT_EQ(x["changes"].size(), 2u);
  EXPECT_TRUE(x["new_area"]["blocking"].get<bool>());
  EXPECT_NEAR(x["new_area"]["farmland"]["ellipsoidal_m2"].get<double>(), 2 * kHa, 1e-3);
  EXPECT_TRUE(x["new_area"]["redline"].is_null());
  EXPECT_TRUE(j["candidates"].is_null());

  const std::vector<output::Table> tables = to_tables(r);
  ASSERT_EQ(tables.size(), 9u);
  EXPECT_EQ(tables[0].title, "开发区评价");
  EXPECT_EQ(tables[0].rows.size(), 3u);               // A, C and the national row
  EXPECT_EQ(tables[1].rows.size(), 3 * kIndicators);  // A, C and X
  EXPECT_EQ(tables[3].rows.size(), 2 * kIndicators);  // X against A and against C
  EXPECT_EQ(tables[4].rows.size(), 1u);
  EXPECT_EQ(tables[5].rows.size(), 2u);  // the two preconditions of the settings
  for (const output::Table& t : tables)
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

}  // namespace
}  // namespace tudi::zones
