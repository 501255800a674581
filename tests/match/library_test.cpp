// The indicator library: region chains, longest industry prefix, a source for every value, and
// the use classes and industry lists read the way zones write them.
#include "tudi/match/settings.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "test_config.hpp"
#include "tudi/core/error.hpp"

namespace tudi::match {
namespace {

Settings bundled(const std::string& region = {}) {
  return load_settings(load_rule_pack(test::kSourceDir / "rules" / "standard_land.toml"), region);
}

TEST(Library, IndustryCodesNormalise) {
  EXPECT_EQ(normalise_industry("C3670"), "C3670");
  EXPECT_EQ(normalise_industry("c39"), "C39");
  EXPECT_EQ(normalise_industry(" 3841 "), "C3841");
  EXPECT_EQ(normalise_industry("5920"), "G5920");
  EXPECT_EQ(normalise_industry("G5920"), "G5920");
  EXPECT_EQ(normalise_industry("D3841"), "");  // 38 is manufacturing, not section D
  EXPECT_EQ(normalise_industry("电子"), "");
  EXPECT_EQ(normalise_industry("C398512"), "");
}

TEST(Library, BundledPackResolvesByRegionAndIndustry) {
  const Settings r = bundled();
  EXPECT_EQ(r.params.region, "henan");
  const Thresholds chem = r.library("C2614");
  ASSERT_TRUE(chem[Indicator::far_min]);
  EXPECT_DOUBLE_EQ(chem[Indicator::far_min]->value, 0.6);  // henan · C26
  EXPECT_EQ(chem[Indicator::far_min]->from, "henan · C26");
  EXPECT_DOUBLE_EQ(chem[Indicator::investment]->value, 150);  // henan · 全行业
  EXPECT_EQ(chem[Indicator::investment]->source, "henan-demo");
  // Not in the Henan rows: from the parent region.
  ASSERT_TRUE(chem[Indicator::building_coefficient]);
  EXPECT_DOUBLE_EQ(chem[Indicator::building_coefficient]->value, 30);
  EXPECT_EQ(chem[Indicator::building_coefficient]->source, "gyxm-control");
  EXPECT_DOUBLE_EQ(r.library("C3976")[Indicator::investment]->value, 200);  // henan · C39

  const Settings lc = bundled("sichuan-longchang");
  const Thresholds t = lc.library("C3670");
  EXPECT_DOUBLE_EQ(t[Indicator::investment]->value, 150);
  EXPECT_DOUBLE_EQ(t[Indicator::tax]->value, 8);
  EXPECT_DOUBLE_EQ(t[Indicator::output]->value, 250);
  EXPECT_EQ(t[Indicator::tax]->source, "longchang-2022");
  const Settings nat = bundled("national");
  EXPECT_DOUBLE_EQ(nat.library("C3670")[Indicator::investment]->value, 599);
}

TEST(Library, TheBundledPackStatesEveryConstantOfTheScore) {
  // DOMAIN §8: every constant of the score lives in the rule pack, none only in code.
  const auto pack = toml::parse_file((test::kSourceDir / "rules" / "standard_land.toml").string());
  const toml::table* score = pack["score"].as_table();
  ASSERT_NE(score, nullptr);
  for (const char* k : {"base", "investment", "tax", "far", "energy", "lead_industry",
                        "infrastructure", "cluster", "area_fit", "zone_preference", "merge_penalty",
                        "headroom_cap", "energy_headroom_cap", "lead_chain_share",
                        "cluster_saturation", "infrastructure_grades"})
    EXPECT_TRUE(score->contains(k)) << "[score] " << k << " missing from rules/standard_land.toml";
  const Settings r = bundled();
  EXPECT_DOUBLE_EQ(r.weights.lead_chain_share, *(*score)["lead_chain_share"].value<double>());
  EXPECT_DOUBLE_EQ(r.weights.energy_headroom_cap,
                   *(*score)["energy_headroom_cap"].value<double>());
  // And a pack's value is the one used.
  const Settings other = test::rules("[score]\nlead_chain_share = 0.25\nenergy_headroom_cap = 0.8\n");
  EXPECT_DOUBLE_EQ(other.weights.lead_chain_share, 0.25);
  EXPECT_DOUBLE_EQ(other.weights.energy_headroom_cap, 0.8);
}

TEST(Library, EveryValueHasASourceWithText) {
  const Settings r = bundled();
  for (const auto& row : r.rows)
    for (const auto& v : row.values.values)
      if (v) {
        EXPECT_FALSE(v->source.empty());
        EXPECT_NE(r.source_text(v->source), v->source) << v->source;
      }
}

TEST(Library, UseClassesFromCodesAliasesAndNames) {
  const Settings r = bundled();
  ASSERT_TRUE(r.use_class("100102"));
  EXPECT_EQ(r.use_class("100102")->max_pollution, 2);
  EXPECT_EQ(r.use_class("100103 三类工业用地")->max_pollution, 3);
  EXPECT_EQ(r.use_class("M1")->code, "100101");
  EXPECT_EQ(r.use_class("三类工业用地")->code, "100103");
  EXPECT_EQ(r.use_class("0601")->code, "1001");
  EXPECT_EQ(r.use_class("W2")->kind, "storage");
  EXPECT_EQ(r.use_class("070101"), nullptr);
  EXPECT_EQ(r.kind_of("G5920"), "storage");
  EXPECT_EQ(r.kind_of("C3670"), "industrial");
}

TEST(Library, ZoneListsByCodeOrByChain) {
  const Settings r = bundled();
  const IndustryList lead =
      r.parse_list("C39 计算机、通信和其他电子设备制造业、C27 医药制造业、C3841 锂离子电池制造");
  EXPECT_EQ(lead.codes, (std::vector<std::string>{"C39", "C27", "C3841"}));
  EXPECT_DOUBLE_EQ(r.list_match(lead, "C3976", 0.6), 1.0);
  EXPECT_DOUBLE_EQ(r.list_match(lead, "C3841", 0.6), 1.0);
  EXPECT_DOUBLE_EQ(r.list_match(lead, "C3824", 0.6), 0.6);  // same chain as C3841 (C38)
  EXPECT_DOUBLE_EQ(r.list_match(lead, "C1431", 0.6), 0.0);
  const IndustryList words = r.parse_list("高耗能化工、水泥");
  EXPECT_TRUE(words.codes.empty());
  EXPECT_EQ(words.chains.size(), 2u);
  EXPECT_DOUBLE_EQ(r.list_match(words, "C2614", 1.0), 1.0);
}

TEST(Library, AValueWithoutASourceIsAnError) {
  try {
    test::rules(R"(
[[indicators]]
region = "test"
industry = "C26"
far_min = 0.6
)");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("far_min has no source"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("test_rules.toml:"), std::string::npos);
  }
  EXPECT_THROW(bundled("mars"), Error);
}

}  // namespace
}  // namespace tudi::match
