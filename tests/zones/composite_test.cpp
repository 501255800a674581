// The weighted composite score and the rank by it (DOMAIN §9: weights configurable), on
// hand-built zones whose indicator values are set directly.
#include <gtest/gtest.h>

#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones {
namespace {

ZoneEval zone(std::string id, std::string type, std::optional<double> development,
              std::optional<double> idle) {
  ZoneEval z;
  z.id = std::move(id);
  z.eval_type = std::move(type);
  z.indicators[static_cast<std::size_t>(Ind::development_rate)].value = development;
  z.indicators[static_cast<std::size_t>(Ind::idle_rate)].value = idle;
  return z;
}

Composite weights(double development, double idle) {
  Composite c;
  c.weights = {{"development_rate", development}, {"idle_rate", idle}};
  return c;
}

TEST(Composite, MinMaxWithinTypeWeightedAndRanked) {
  // 开发率 90 / 60 / 30, 闲置率 10 / 0 / 20 (lower is better).
  std::vector<ZoneEval> zs;
  zs.push_back(zone("A", "工业主导型", 90, 10));
  zs.push_back(zone("B", "工业主导型", 60, 0));
  zs.push_back(zone("C", "工业主导型", 30, 20));
  std::vector<ZoneEval*> ptrs = {&zs[0], &zs[1], &zs[2]};
  rank(ptrs, weights(3, 1));
  // A: (1·3 + 0.5·1) ÷ 4 = 87.5; B: (0.5·3 + 1·1) ÷ 4 = 62.5; C: 0.
  EXPECT_NEAR(*zs[0].composite, 87.5, 1e-9);
  EXPECT_NEAR(*zs[1].composite, 62.5, 1e-9);
  EXPECT_NEAR(*zs[2].composite, 0.0, 1e-9);
  EXPECT_EQ(zs[0].composite_rank, 1);
  EXPECT_EQ(zs[1].composite_rank, 2);
  EXPECT_EQ(zs[2].composite_rank, 3);
  EXPECT_EQ(zs[0].composite_rank_of, 3);

  // The weights decide: with 闲置率 weighted most, B (no idle land) comes first.
  rank(ptrs, weights(1, 3));
  EXPECT_NEAR(*zs[1].composite, (0.5 + 3) / 4 * 100, 1e-9);
  EXPECT_NEAR(*zs[0].composite, (1 + 1.5) / 4 * 100, 1e-9);
  EXPECT_EQ(zs[1].composite_rank, 1);
  EXPECT_EQ(zs[0].composite_rank, 2);
}

TEST(Composite, RankedWithinTypeAndNullWithTheReasonWhenAnIndicatorLacks) {
  std::vector<ZoneEval> zs;
  zs.push_back(zone("A", "工业主导型", 90, 10));
  zs.push_back(zone("B", "工业主导型", 60, 0));
  zs.push_back(zone("C", "产城融合型", 30, 20));
  zs.push_back(zone("D", "工业主导型", 80, std::nullopt));
  std::vector<ZoneEval*> ptrs = {&zs[0], &zs[1], &zs[2], &zs[3]};
  rank(ptrs, weights(1, 1));
  // C is alone in its type: every indicator normalises to 1.
  EXPECT_NEAR(*zs[2].composite, 100.0, 1e-9);
  EXPECT_EQ(zs[2].composite_rank, 1);
  EXPECT_EQ(zs[2].composite_rank_of, 1);
  // D has no 闲置土地率: no score, not ranked, the reason names the indicator. Its 开发率 still
  // spans the type's range (60–90), so A's normalised 开发率 is 1 and B's 0.
  EXPECT_FALSE(zs[3].composite.has_value());
  EXPECT_FALSE(zs[3].composite_rank.has_value());
  EXPECT_NE(zs[3].composite_reason.find("闲置土地率"), std::string::npos);
  EXPECT_NEAR(*zs[0].composite, 50.0, 1e-9);  // (1 + 0) ÷ 2
  EXPECT_NEAR(*zs[1].composite, 50.0, 1e-9);  // (0 + 1) ÷ 2
  EXPECT_EQ(zs[0].composite_rank, 1);         // a tie shares the rank
  EXPECT_EQ(zs[1].composite_rank, 1);
  EXPECT_EQ(zs[0].composite_rank_of, 2);
}

TEST(Composite, WeightsAreRulePackData) {
  Project p;
  p.file = "tudi.toml";
  const Settings bundled = load_settings(p);
  ASSERT_FALSE(bundled.composite.weights.empty());
  EXPECT_TRUE(bundled.composite.suggested_default);
  EXPECT_FALSE(bundled.composite.source.empty());
  EXPECT_EQ(bundled.composite.weights.front().first, "development_rate");

  p.set_section("zones", "[composite]\nsource = \"省方案\"\n[composite.weights]\nidle_rate = 2.0\nfar = 1.0\n");
  const Settings s = load_settings(p);
  ASSERT_EQ(s.composite.weights.size(), 2u);
  EXPECT_EQ(s.composite.weights[0].first, "far");  // report order
  EXPECT_DOUBLE_EQ(s.composite.weights[1].second, 2.0);
  EXPECT_FALSE(s.composite.suggested_default);
  EXPECT_EQ(s.composite.source, "省方案");

  p.set_section("zones", "[composite.weights]\nnot_an_indicator = 1.0\n");
  EXPECT_THROW(load_settings(p), Error);
  p.set_section("zones", "[composite.weights]\nidle_area = 1.0\n");  // not ranked
  EXPECT_THROW(load_settings(p), Error);
  p.set_section("zones", "[composite]\nweight = 1.0\n");
  EXPECT_THROW(load_settings(p), Error);
}

}  // namespace
}  // namespace tudi::zones
