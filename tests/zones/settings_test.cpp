// The bundled rule pack and the project's [zones] section.
#include <gtest/gtest.h>

#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones {
namespace {

TEST(Settings, BundledRulePack) {
  Project p;
  p.analysis.as_of = "2026-11-22";
  const Settings s = load_settings(p);
  EXPECT_DOUBLE_EQ(s.national.at("development_rate"), 89.46);
  EXPECT_DOUBLE_EQ(s.national.at("supply_rate"), 92.68);
  EXPECT_DOUBLE_EQ(s.national.at("built_rate"), 92.77);
  EXPECT_DOUBLE_EQ(s.national.at("far"), 0.98);
  EXPECT_DOUBLE_EQ(s.national.at("industrial_far"), 0.93);
  EXPECT_DOUBLE_EQ(s.national.at("industrial_rate"), 48.52);
  EXPECT_DOUBLE_EQ(s.national.at("industrial_investment"), 8984);
  EXPECT_DOUBLE_EQ(s.national.at("industrial_tax"), 679);
  EXPECT_FALSE(s.national_source.empty());
  ASSERT_EQ(s.preconditions.size(), 2u);
  EXPECT_EQ(s.preconditions[0].indicator, "development_rate");
  EXPECT_DOUBLE_EQ(s.preconditions[0].min, 70);
  EXPECT_TRUE(s.preconditions[0].suggested_default);
  EXPECT_EQ(s.preconditions[1].indicator, "supply_rate");
  EXPECT_FALSE(s.preconditions[1].source.empty());
  EXPECT_EQ(s.severity.at("farmland"), "blocking");
  EXPECT_EQ(s.severity.at("idle"), "stock");
  EXPECT_NEAR(s.candidate_min_m2, 6666.67, 1e-9);
  EXPECT_EQ(s.supply.as_of.iso(), "2026-11-22");
}

TEST(Settings, ProjectSectionOverrides) {
  Project p;
  p.file = "tudi.toml";
  p.set_section("zones", "[expansion]\npreconditions = [{ indicator = \"development_rate\", min = 80.0, source = "
      "\"省文件\" }]\n[constraints]\nsliver_m2 = 2.5\n");
  const Settings s = load_settings(p);
  ASSERT_EQ(s.preconditions.size(), 1u);
  EXPECT_DOUBLE_EQ(s.preconditions[0].min, 80);
  EXPECT_FALSE(s.preconditions[0].suggested_default);
  EXPECT_DOUBLE_EQ(s.sliver_m2, 2.5);

  p.set_section("zones", "[national]\nnot_an_indicator = 1.0\n");
  EXPECT_THROW(load_settings(p), Error);
  p.set_section("zones", "[constraints.severity]\nfarmland = \"maybe\"\n");
  EXPECT_THROW(load_settings(p), Error);
}

TEST(Settings, BuiltLandClassesAreRulePackData) {
  Project p;
  p.file = "tudi.toml";
  const Settings bundled = load_settings(p);
  EXPECT_FALSE(bundled.built.codes.empty());
  EXPECT_EQ(bundled.built.industrial, (std::vector<std::string>{"0601", "0508"}));
  EXPECT_FALSE(bundled.built.source.empty());
  p.set_section("zones", "[built]\ncodes = [\"06\"]\nindustrial = [\"0601\"]\n");
  const Settings s = load_settings(p);
  EXPECT_EQ(s.built.codes, (std::vector<std::string>{"06"}));
  p.set_section("zones", "[built]\ncodes = \"06\"\n");
  EXPECT_THROW(load_settings(p), Error);
  p.set_section("zones", "[built]\nclasses = [\"06\"]\n");
  EXPECT_THROW(load_settings(p), Error);
}

}  // namespace
}  // namespace tudi::zones
