// Per-industry 低效用地 thresholds (DOMAIN §7): an industry's own FAR floor, at its edge, and the
// default for every other industry.
#include <gtest/gtest.h>

#include "supply/fixtures.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

std::vector<InefficiencyFlag> screen(const Settings& s, const char* industry, double floor_m2) {
  Layer l = test::make_layer("parcels", {"id", "planned_use", "industry", "floor_area"});
  test::add(
      l, test::box(0, 0, 100, 100),
      {{"id", "P"}, {"planned_use", "100102"}, {"industry", industry}, {"floor_area", floor_m2}});
  return inefficiency(l, l.features[0], 10000, s);
}

TEST(InefficiencyByIndustry, AnIndustrysOwnFarFloorAtItsEdge) {
  Project p;
  const Settings s = load_settings(p);  // the bundled rule pack: C26 at FAR 0.6, default 1.0
  // C2614 (化学原料) at FAR 0.60 is not 低效; at 0.5999 it is, against 0.60 and named.
  EXPECT_TRUE(screen(s, "C2614", 6000).empty());
  const auto below = screen(s, "2614", 5999);  // the section letter may be left off
  ASSERT_EQ(below.size(), 1u);
  EXPECT_EQ(below[0].code, "far");
  EXPECT_DOUBLE_EQ(below[0].threshold, 0.6);
  EXPECT_NE(below[0].text.find("C26 化学原料和化学制品制造业"), std::string::npos);
  // Another industry at FAR 0.8 falls below the default 1.0.
  const auto other = screen(s, "C3670", 8000);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_DOUBLE_EQ(other[0].threshold, 1.0);
  EXPECT_EQ(other[0].text.find("（"), std::string::npos);
  // No industry code: the default.
  EXPECT_EQ(screen(s, "", 8000).size(), 1u);
}

TEST(InefficiencyByIndustry, TheLongestPrefixWinsAndBadEntriesAreRefused) {
  Project p;
  p.file = "tudi.toml";
  p.set_section("supply", "[inefficient]\nindustry = [{ prefix = \"C26\", industrial_far_min = 0.6 },"
      " { prefix = \"C2614\", name = \"有机化学原料制造\", industrial_far_min = 0.4 }]\n");
  const Settings s = load_settings(p);
  ASSERT_EQ(s.inefficient_by_industry.size(), 2u);
  EXPECT_TRUE(screen(s, "C2614", 4500).empty());   // 0.45 ≥ 0.4 (C2614)
  EXPECT_EQ(screen(s, "C2619", 4500).size(), 1u);  // 0.45 < 0.6 (C26)
  p.set_section("supply", "[inefficient]\nindustry = [{ prefix = \"化工\", industrial_far_min = 0.6 }]\n");
  EXPECT_THROW(load_settings(p), Error);
  p.set_section("supply", "[inefficient]\nindustry = [{ prefix = \"C26\", far = 0.6 }]\n");
  EXPECT_THROW(load_settings(p), Error);
}

}  // namespace
}  // namespace tudi::supply
