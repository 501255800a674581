// Every hard filter at its edge: exactly at the threshold passes, just past it fails with the
// reason's code, the project's value and the threshold.
#include "scene.hpp"

namespace tudi::test {
namespace {

class Filters : public MatchScene {
 protected:
  /// Reasons for a single 100 亩 ready parcel against one project.
  std::vector<match::Reason> reasons(const match::ProjectSpec& p,
                                     std::map<std::string, Value> attrs = ready("D1")) {
    parcels.features.clear();
    add(parcels, lot(0, 100), attrs);
    const match::Result r = run({p});
    const auto& pr = r.projects.at(0);
    if (pr.candidates.size() == 1) {
      EXPECT_TRUE(pr.rejected.empty());
      return {};
    }
    EXPECT_EQ(pr.rejected.size(), 1u);
    return pr.rejected.empty() ? std::vector<match::Reason>{} : pr.rejected[0].reasons;
  }
  std::vector<std::string> codes_of(const match::ProjectSpec& p,
                                    std::map<std::string, Value> attrs = ready("D1")) {
    std::vector<std::string> out;
    for (const auto& x : reasons(p, std::move(attrs))) out.push_back(x.code);
    return out;
  }
  static double num(const Value& v) { return to_number(v).value_or(-1); }
};

TEST_F(Filters, InvestmentIntensityExactlyAtThresholdPasses) {
  auto p = project("P", 90, 110);
  p.investment = 15000;  // 150 万元/亩 on 100 亩
  EXPECT_TRUE(codes_of(p).empty());
  p.investment = 14990;
  const auto r = reasons(p);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "investment_intensity");
  EXPECT_NEAR(num(r[0].value), 149.9, 1e-6);
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 150.0);
  EXPECT_EQ(r[0].unit, "万元/亩");
  EXPECT_NE(r[0].text.find("低于固定资产投资强度标准 150 万元/亩"), std::string::npos) << r[0].text;
}

TEST_F(Filters, TaxPerMuExactlyAtThresholdPasses) {
  auto p = project("P");
  p.tax = 800;
  EXPECT_TRUE(codes_of(p).empty());
  p.tax = 799;
  const auto r = reasons(p);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "tax_per_mu");
  EXPECT_NEAR(num(r[0].value), 7.99, 1e-6);
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 8.0);
}

TEST_F(Filters, FarAtEitherEndOfTheRangePasses) {
  auto p = project("P");
  p.far = 1.0;
  EXPECT_TRUE(codes_of(p).empty());
  p.far = 2.0;
  EXPECT_TRUE(codes_of(p).empty());
  p.far = 0.99;
  auto r = reasons(p);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "far_below_min");
  EXPECT_DOUBLE_EQ(num(r[0].value), 0.99);
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 1.0);
  p.far = 2.01;
  r = reasons(p);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "far_above_max");
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 2.0);
}

TEST_F(Filters, EnergyOnlyScoresUnlessMadeAHardFilter) {
  match_rules.params.extra_hard_filters = {};
  auto p = project("P");
  p.energy = 0.8;
  EXPECT_TRUE(codes_of(p).empty());
  parcels.features.clear();
  add(parcels, lot(0, 100), ready("D1"));
  const match::Result r = run({p});
  for (const auto& t : r.projects.at(0).candidates.at(0).terms)
    if (t.key == "energy") {
      EXPECT_EQ(t.points, 0.0);
      EXPECT_NE(t.detail.find("高出 60%"), std::string::npos) << t.detail;
    }
}

TEST_F(Filters, EnergyExactlyAtTheCapPasses) {
  auto p = project("P");
  p.energy = 0.5;
  EXPECT_TRUE(codes_of(p).empty());
  p.energy = 0.51;
  const auto r = reasons(p);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "energy_above_max");
  EXPECT_DOUBLE_EQ(num(r[0].value), 0.51);
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 0.5);
}

TEST_F(Filters, AParcelsPublishedEnergyStandardBindsWhateverTheSettings) {
  // 承诺制: a published indicator is a contract term (DOMAIN §8). The library's county default
  // only scores here; the parcel's own NHBZ refuses a project above it, with that reason.
  match_rules.params.extra_hard_filters = {};
  auto p = project("P");
  p.energy = 0.8;
  EXPECT_TRUE(codes_of(p).empty());  // library 0.5: scored only
  auto attrs = ready("D1");
  attrs["std_energy"] = 0.6;
  const auto r = reasons(p, attrs);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "energy_above_max");
  EXPECT_DOUBLE_EQ(num(r[0].value), 0.8);
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 0.6);
  EXPECT_NE(r[0].text.find("地块公布"), std::string::npos) << r[0].text;
  p.energy = 0.6;  // exactly at the published cap
  EXPECT_TRUE(codes_of(p, attrs).empty());
}

TEST_F(Filters, APublishedEmissionStandardIsAHardFilter) {
  auto attrs = ready("D1");
  attrs["std_emission_intensity"] = 2.0;
  auto p = project("P");
  EXPECT_TRUE(codes_of(p, attrs).empty());  // the project states no emission: nothing to compare
  p.emission_intensity = 2.0;
  EXPECT_TRUE(codes_of(p, attrs).empty());
  p.emission_intensity = 2.01;
  const auto r = reasons(p, attrs);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "emission_above_max");
  EXPECT_DOUBLE_EQ(num(r[0].value), 2.01);
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 2.0);
  EXPECT_EQ(r[0].unit, "千克/万元");
  EXPECT_NE(r[0].text.find("单位增加值排放 2.01 千克/万元，高于标准 2"), std::string::npos)
      << r[0].text;
  EXPECT_TRUE(codes_of(p).empty());  // a parcel that publishes none: the library has none either
}

TEST_F(Filters, AParcelWithoutIndicatorsIsJudgedByItsZonesBeforeTheCountyDefaults) {
  use_zones = true;
  zones = make_layer("zones", {"id", "name", "lead_industries", "negative_list", "std_investment",
                               "std_energy", "std_emission_intensity", "std_emission"});
  add(zones, box(-100, -100, 700, 400),
      {{"id", "Z1"},
       {"name", "经开区"},
       {"std_investment", 260.0},
       {"std_energy", 0.45},
       {"std_emission_intensity", 1.5},
       {"std_emission", "废水执行GB 8978-1996三级标准"}});
  add(zones, box(900, -100, 700, 400), {{"id", "Z2"}, {"name", "物流园"}});  // publishes none
  parcels.features.clear();
  add(parcels, lot(0, 100), ready("IN"));             // in the zone, publishes nothing
  auto own = ready("OWN");
  own["std_investment"] = 200.0;                       // in the zone, publishes its own
  add(parcels, lot(0, 100, 200), own);
  add(parcels, lot(1000, 100), ready("OUT"));          // in a zone that publishes none
  auto p = project("P");
  p.investment = 25990;  // 259.9 万元/亩
  p.energy = 0.45;
  match_rules.params.extra_hard_filters = {};
  {
    const match::Result r = run({p});
    const std::vector<std::string> in = codes(r, "P", "IN");
    ASSERT_EQ(in, std::vector<std::string>{"investment_intensity"});
    const auto& rj = *std::find_if(of(r, "P").rejected.begin(), of(r, "P").rejected.end(),
                                   [](const match::Rejection& x) { return x.parcel_id == "IN"; });
    EXPECT_DOUBLE_EQ(num(rj.reasons[0].threshold), 260.0);
    EXPECT_NE(rj.reasons[0].text.find("开发区公布"), std::string::npos) << rj.reasons[0].text;
    EXPECT_TRUE(is_candidate(r, "P", "OWN"));  // its own 200 before the zone's 260
    EXPECT_TRUE(is_candidate(r, "P", "OUT"));  // the county default 150
  }
  p.investment = 26000;
  {
    const match::Result r = run({p});
    ASSERT_TRUE(is_candidate(r, "P", "IN"));
    for (const auto& c : of(r, "P").candidates) {
      const auto& inv = c.thresholds[match::Indicator::investment];
      ASSERT_TRUE(inv);
      if (c.parcel_ids[0] == "IN") {
        EXPECT_EQ(inv->source, "zone");
        EXPECT_EQ(inv->from, "经开区");
        EXPECT_EQ(c.thresholds.emission, "废水执行GB 8978-1996三级标准");
      }
      if (c.parcel_ids[0] == "OWN") {
        EXPECT_EQ(inv->source, "parcel");
      }
      if (c.parcel_ids[0] == "OUT") {
        EXPECT_EQ(inv->source, "t");
      }
    }
  }
  // The zone's energy and emission standards bind its parcels too (the library's do not here).
  p.energy = 0.46;
  p.emission_intensity = 1.0;
  {
    const match::Result r = run({p});
    EXPECT_EQ(codes(r, "P", "IN"), std::vector<std::string>{"energy_above_max"});
    EXPECT_EQ(codes(r, "P", "OWN"), std::vector<std::string>{"energy_above_max"});
    EXPECT_TRUE(is_candidate(r, "P", "OUT"));
  }
  p.energy = 0.3;
  p.emission_intensity = 1.6;
  {
    const match::Result r = run({p});
    EXPECT_EQ(codes(r, "P", "IN"), std::vector<std::string>{"emission_above_max"});
    EXPECT_TRUE(is_candidate(r, "P", "OUT"));
  }
}

TEST_F(Filters, AreaExactlyAtEitherEndOfTheDemandPasses) {
  EXPECT_TRUE(codes_of(project("P", 100, 120)).empty());
  EXPECT_TRUE(codes_of(project("P", 80, 100)).empty());
  auto r = reasons(project("P", 100.01, 120));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "area_below_demand");
  EXPECT_NEAR(num(r[0].value), 100.0, 1e-6);
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 100.01);
  EXPECT_EQ(r[0].unit, "亩");
  r = reasons(project("P", 80, 99.99));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "area_above_demand");
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 99.99);
}

TEST_F(Filters, PollutionClassUpToTheUseClassPasses) {
  auto p = project("P");
  p.pollution = 2;
  EXPECT_TRUE(codes_of(p, ready("D1", "100102")).empty());
  p.pollution = 1;
  EXPECT_TRUE(codes_of(p, ready("D1", "100102")).empty());
  p.pollution = 3;
  const auto r = reasons(p, ready("D1", "100102"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "use_class");
  EXPECT_EQ(num(r[0].value), 3);
  EXPECT_EQ(num(r[0].threshold), 2);
  EXPECT_TRUE(codes_of(p, ready("D1", "100103")).empty());
  p.pollution = 2;
  EXPECT_EQ(codes_of(p, ready("D1", "100101")), std::vector<std::string>{"use_class"});
}

TEST_F(Filters, StorageProjectsNeedStorageLand) {
  auto p = project("P");
  p.industry = "G5920";
  p.pollution = 1;
  p.far = 1.2;
  EXPECT_EQ(codes_of(p, ready("D1", "100101")), std::vector<std::string>{"use_class"});
  EXPECT_TRUE(codes_of(p, ready("D1", "110101")).empty());
  // Residential land is for no project.
  EXPECT_EQ(codes_of(p, ready("D1", "070101")).at(0), "use_class");
}

TEST_F(Filters, ParcelPublishedIndicatorsOverrideTheLibrary) {
  auto attrs = ready("D1");
  attrs["std_investment"] = "200";
  auto p = project("P");
  p.investment = 20000;
  EXPECT_TRUE(codes_of(p, attrs).empty());
  p.investment = 19990;
  const auto r = reasons(p, attrs);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "investment_intensity");
  EXPECT_DOUBLE_EQ(num(r[0].threshold), 200.0);
  EXPECT_NE(r[0].text.find("地块公布"), std::string::npos);
}

TEST_F(Filters, OutputAndRdShareWhenTheLibraryHasThem) {
  match_rules = rules(R"(
[[indicators]]
region = "test"
industry = "C39"
output = 250.0
rd_share = 1.0
sources = { output = "t", rd_share = "t" }
)");
  auto p = project("P");
  p.output = 25000;
  p.rd_share = 1.0;
  EXPECT_TRUE(codes_of(p).empty());
  p.output = 24990;
  p.rd_share = 0.99;
  EXPECT_EQ(codes_of(p), (std::vector<std::string>{"output_per_mu", "rd_share"}));
}

TEST_F(Filters, RequiredInfrastructure) {
  auto p = project("P");
  p.infrastructure = supply::parse_infrastructure("燃气").items;
  p.infrastructure_text = "燃气";
  const auto r = reasons(p, ready("D1", "100102", "五通一平"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "infrastructure");
  EXPECT_NE(r[0].text.find("燃气"), std::string::npos) << r[0].text;
  EXPECT_TRUE(codes_of(p, ready("D1", "100102", "七通一平")).empty());
}

TEST_F(Filters, ReadinessAndSupply) {
  auto attrs = ready("D1");
  attrs["expropriated"] = "否";
  EXPECT_EQ(codes_of(project("P"), attrs), std::vector<std::string>{"not_ready.expropriation"});
  attrs = ready("D1", "100102", "供电、道路");
  EXPECT_EQ(codes_of(project("P"), attrs), std::vector<std::string>{"not_ready.infrastructure"});
  attrs = ready("D1");
  attrs["supply_date"] = "2020-03-01";
  attrs["supply_type"] = "出让";
  EXPECT_EQ(codes_of(project("P"), attrs), std::vector<std::string>{"supplied"});
  // Supplied land is out of the question: its size is not listed against the project.
  EXPECT_EQ(codes_of(project("P", 200, 300), attrs), std::vector<std::string>{"supplied"});
  // Land not ready yet still says what else would stop the project.
  attrs = ready("D1");
  attrs["title_clear"] = "否";
  EXPECT_EQ(codes_of(project("P", 200, 300), attrs),
            (std::vector<std::string>{"not_ready.title", "area_below_demand"}));
}

TEST_F(Filters, ReadinessAtExactlyThreeInfrastructureItemsPasses) {
  // 三通一平 (water, power, road + levelling) is the least a ready parcel has: exactly that
  // passes, the same without levelling does not, and the reason names what is missing.
  EXPECT_TRUE(codes_of(project("P"), ready("D1", "100102", "三通一平")).empty());
  EXPECT_TRUE(codes_of(project("P"), ready("D1", "100102", "供水、供电、道路、场地平整")).empty());
  const auto r = reasons(project("P"), ready("D1", "100102", "供水、供电、道路"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "not_ready.infrastructure");
  EXPECT_NE(r[0].text.find("场地平整"), std::string::npos) << r[0].text;
  // Every item of the checklist that is missing is a reason of its own, in checklist order.
  auto attrs = ready("D1", "100102", "供电");
  attrs["expropriated"] = "否";
  attrs["planning_conditions"] = "否";
  EXPECT_EQ(codes_of(project("P"), attrs),
            (std::vector<std::string>{"not_ready.expropriation", "not_ready.infrastructure",
                                      "not_ready.planning_conditions"}));
}

TEST_F(Filters, UseClassEachPollutionClassAgainstEachIndustrialClass) {
  // 100101 admits class 1 only, 100102 classes 1–2, 100103 every class: the full 3 × 3 table.
  const char* uses[] = {"100101", "100102", "100103"};
  for (int pollution = 1; pollution <= 3; ++pollution)
    for (int k = 0; k < 3; ++k) {
      auto p = project("P");
      p.pollution = pollution;
      const auto c = codes_of(p, ready("D1", uses[k]));
      if (pollution <= k + 1) {
        EXPECT_TRUE(c.empty()) << "class " << pollution << " on " << uses[k];
      } else {
        EXPECT_EQ(c, std::vector<std::string>{"use_class"})
            << "class " << pollution << " on " << uses[k];
      }
    }
}

TEST_F(Filters, NegativeListOfTheZone) {
  use_zones = true;
  add(zones, box(-100, -100, 2000, 400),
      {{"id", "Z1"},
       {"name", "高新区"},
       {"lead_industries", "C39 计算机、通信和其他电子设备制造业"},
       {"negative_list", "C26 化学原料和化学制品制造业、C3011 水泥制造"}});
  auto p = project("P");
  p.industry = "C2614";
  p.industry_text = "C2614 有机化学原料制造";
  const auto r = reasons(p);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "negative_list");
  EXPECT_EQ(to_text(r[0].value), "C2614");
  p.industry = "C3012";  // 石灰和石膏制造: not on the list (C3011 is)
  EXPECT_TRUE(codes_of(p).empty());
  p.industry = "C3981";
  EXPECT_TRUE(codes_of(p).empty());
}

TEST_F(Filters, ControlLineOverlapExactlyAtTheSliverToleranceIsNotAConflict) {
  // supply's sliver tolerance is 1 m²: an overlap of exactly 1 m² is digitising noise, 1.5 m²
  // is a conflict (the boxes lie inside D1, so the overlap is the box, exact in doubles).
  use_farmland = true;
  add(farmland, box(10, 10, 1, 1), {{"id", "F1"}});
  EXPECT_TRUE(codes_of(project("P")).empty());
  farmland.features.clear();
  add(farmland, box(10, 10, 1, 1.5), {{"id", "F1"}});
  const auto r = reasons(project("P"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].code, "farmland");
  EXPECT_NEAR(num(r[0].value), 1.5, 1e-6);
}

TEST_F(Filters, RedLineConflict) {
  Layer redline = make_layer("redline", {"id", "name"});
  add(redline, box(50, 50, 30, 30), {{"id", "R1"}, {"name", "太行山生态保护红线"}});
  parcels.features.clear();
  add(parcels, lot(0, 100), ready("D1"));
  supply::Inputs sin;
  sin.parcels = &parcels;
  sin.redline = &redline;
  supply::Settings st;
  st.as_of = *Date::from_ymd(2026, 6, 1);
  const supply::Result sr = supply::analyse(sin, st);
  match::Inputs in;
  in.parcels = &parcels;
  in.status = &sr.parcels;
  const std::vector<match::ProjectSpec> projects = {project("P")};
  in.projects = &projects;
  const match::Result r = match::analyse(in, match_rules, options);
  ASSERT_EQ(r.projects.at(0).rejected.size(), 1u);
  const auto& reasons = r.projects[0].rejected[0].reasons;
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0].code, "redline");
  EXPECT_NEAR(num(reasons[0].value), 900.0, 1e-3);
  EXPECT_EQ(reasons[0].unit, "m²");
}

TEST_F(Filters, ControlLineConflicts) {
  use_farmland = true;
  use_urban = true;
  add(farmland, box(0, 0, 20, 20), {{"id", "F1"}});       // 400 m² inside D1
  add(urban, box(-100, -100, 500, 400), {{"id", "U1"}});  // D1 runs out east
  const auto r = reasons(project("P"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].code, "farmland");
  EXPECT_NEAR(num(r[0].value), 400.0, 1e-3);
  EXPECT_EQ(r[1].code, "outside_urban");
  EXPECT_NEAR(num(r[1].value), (lot_width(100) - 400) * 100, 1e-2);
}

}  // namespace
}  // namespace tudi::test
