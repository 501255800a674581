// Settings from the bundled rule pack and the project's [supply] section.
#include <gtest/gtest.h>

#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

TEST(Settings, RulePackDefaultsMatchTheStruct) {
  Project p;
  p.analysis.as_of = "2023/1/1";
  const Settings s = load_settings(p);
  const Settings d;
  EXPECT_EQ(s.as_of.iso(), "2023-01-01");
  EXPECT_EQ(s.industrial_offer, d.industrial_offer);
  EXPECT_EQ(s.sliver_m2, d.sliver_m2);
  EXPECT_EQ(s.standard_indicators, d.standard_indicators);
  EXPECT_EQ(s.idle_fee_rate, 0.20);
  EXPECT_EQ(s.supply_rate_line, 0.60);
  EXPECT_EQ(s.supply_rate_window_years, 5);
  EXPECT_EQ(s.supply_rate_rolling, d.supply_rate_rolling);
  EXPECT_FALSE(s.supply_rate_rolling);
  EXPECT_EQ(s.industrial_far_min, d.industrial_far_min);
  EXPECT_EQ(s.tax_per_mu_min, d.tax_per_mu_min);
  EXPECT_EQ(s.building_coefficient_min, 0.30);
}

TEST(Settings, ProjectSectionOverridesAndErrors) {
  Project p;
  p.file = "tudi.toml";
  p.analysis.as_of = "2023-01-01";
  p.set_section("supply", "[inefficient]\ntax_per_mu_min = 15.0\n[supply_rate]\nline = 0.7\nwindow = \"rolling\"\n");
  Settings s = load_settings(p);
  EXPECT_EQ(s.tax_per_mu_min, 15.0);
  EXPECT_EQ(s.supply_rate_line, 0.7);
  EXPECT_TRUE(s.supply_rate_rolling);
  p.set_section("supply", "[idle]\nfee = 0.3\n");
  EXPECT_THROW(load_settings(p), Error);
  p.set_section("supply", "[idle]\nfee_rate = 3\n");
  EXPECT_THROW(load_settings(p), Error);
  p.sections.clear();
  p.analysis.as_of = "someday";
  EXPECT_THROW(load_settings(p), UsageError);
  p.analysis.as_of.clear();
  EXPECT_EQ(load_settings(p).as_of, today());
}

}  // namespace
}  // namespace tudi::supply
