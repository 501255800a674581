// Each indicator's formula on hand-built zones where the answer is known by hand (scene.hpp).
#include <gtest/gtest.h>

#include "scene.hpp"

namespace tudi::zones {
namespace {

constexpr double kTol = 1e-6;  // relative: ellipsoidal vs planar on the central meridian

void expect_value(const ZoneEval& z, Ind i, double want) {
  const Indicator& ind = z[i];
  ASSERT_TRUE(ind.value.has_value()) << def(i).code << ": " << ind.reason;
  EXPECT_NEAR(*ind.value, want, std::abs(want) * kTol + 1e-9) << def(i).code;
}

TEST_F(Scene, IndicatorsOfZoneA) {
  const Result r = analyse(in, settings);
  ASSERT_EQ(r.zones.size(), 2u);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_NEAR(a.area.planar_m2, 100 * kHa, 1e-6);
  const Stock& s = a.stock;
  EXPECT_EQ(s.parcels, 7);
  EXPECT_NEAR(s.supplied.planar_m2, 31 * kHa, 1e-6);         // P1 P2 P3 + half of P7
  EXPECT_NEAR(s.built_unsupplied.planar_m2, 1 * kHa, 1e-6);  // P6
  EXPECT_NEAR(s.ready.planar_m2, 10 * kHa, 1e-6);            // P4 (P5 not expropriated)
  EXPECT_NEAR(s.developed.planar_m2, 42 * kHa, 1e-6);
  EXPECT_NEAR(s.built.planar_m2, 22 * kHa, 1e-6);             // P1 P2 P6 + half of P7
  EXPECT_NEAR(s.built_industrial.planar_m2, 11 * kHa, 1e-6);  // P1 + half of P7
  EXPECT_NEAR(s.idle.planar_m2, 10 * kHa, 1e-6);              // P3
  EXPECT_NEAR(s.unsupplied_approved.planar_m2, 20 * kHa, 1e-6);
  // Amounts of P7 are prorated by its share inside A (one half).
  EXPECT_NEAR(s.floor_area, 120000 + 200000 + 5000 + 20000, 1e-6);
  EXPECT_NEAR(s.industrial_investment, 90000 + 10000, 1e-6);

  expect_value(a, Ind::development_rate, 42.0);
  expect_value(a, Ind::supply_rate, 31.0 / 42 * 100);
  expect_value(a, Ind::built_rate, 22.0 / 31 * 100);
  expect_value(a, Ind::industrial_rate, 50.0);
  expect_value(a, Ind::far, 345000.0 / 220000);
  expect_value(a, Ind::industrial_far, 140000.0 / 110000);
  expect_value(a, Ind::building_coefficient, 66000.0 / 110000 * 100);
  expect_value(a, Ind::industrial_investment, 100000.0 / 11);
  expect_value(a, Ind::industrial_investment_mu, 100000.0 / 11 / 15);
  expect_value(a, Ind::industrial_tax, 7500.0 / 11);
  expect_value(a, Ind::industrial_tax_mu, 7500.0 / 11 / 15);
  expect_value(a, Ind::tax_per_area, 8550.0 / 22);
  expect_value(a, Ind::tax_per_area_mu, 8550.0 / 22 / 15);
  expect_value(a, Ind::idle_rate, 10.0 / 31 * 100);
  expect_value(a, Ind::unsupplied_approved_area, 20.0);
  expect_value(a, Ind::idle_area, 10.0);

  // National values stand beside them; the 万元/亩 one follows from 万元/公顷.
  EXPECT_DOUBLE_EQ(*a[Ind::development_rate].national, 89.46);
  EXPECT_DOUBLE_EQ(*a[Ind::industrial_investment_mu].national, 8984.0 / 15);
  EXPECT_FALSE(a[Ind::supply_rate].national.has_value());
}

TEST_F(Scene, DevelopmentRateIsOverTheApprovedAreaWithAWarningWhenTheDrawingDiffers) {
  // A is drawn 100 ha. Without 批准面积 the drawn area is used, and said so.
  Result r = analyse(in, settings);
  EXPECT_FALSE(zone(r.zones, "A").approved_denominator);
  auto warned = [](const Result& res, const std::string& what) {
    for (const std::string& w : res.warnings)
      if (w.find("开发区 A ") != std::string::npos && w.find(what) != std::string::npos)
        return true;
    return false;
  };
  EXPECT_TRUE(warned(r, "未填写批准面积"));
  const auto col = static_cast<std::size_t>(zones.field_index("approved_area"));
  zones.features[0].values[col] = 80.0;  // drawn 25 % larger than approved
  r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_TRUE(a.approved_denominator);
  EXPECT_DOUBLE_EQ(a.denominator_ha, 80.0);
  expect_value(a, Ind::development_rate, 42.0 / 80 * 100);
  EXPECT_TRUE(warned(r, "相差 25.0%"));
  zones.features[0].values[col] = 96.0;  // within 5 %: used, not warned
  r = analyse(in, settings);
  expect_value(zone(r.zones, "A"), Ind::development_rate, 42.0 / 96 * 100);
  EXPECT_FALSE(warned(r, "相差"));
  EXPECT_FALSE(warned(r, "未填写批准面积"));
}

TEST_F(Scene, IndicatorsOfZoneCAndRanksWithinType) {
  const Result r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  const ZoneEval& c = zone(r.zones, "C");
  expect_value(c, Ind::development_rate, 20.0);
  expect_value(c, Ind::supply_rate, 100.0);
  expect_value(c, Ind::far, 1.2);
  expect_value(c, Ind::building_coefficient, 50.0);
  expect_value(c, Ind::industrial_investment, 8000.0);
  expect_value(c, Ind::idle_rate, 0.0);
  // Higher is better, except 闲置土地率.
  EXPECT_EQ(a[Ind::development_rate].rank, 1);
  EXPECT_EQ(c[Ind::development_rate].rank, 2);
  EXPECT_EQ(a[Ind::development_rate].rank_of, 2);
  EXPECT_EQ(c[Ind::supply_rate].rank, 1);
  EXPECT_EQ(a[Ind::industrial_investment].rank, 1);  // 9090.9 > 8000
  EXPECT_EQ(c[Ind::idle_rate].rank, 1);              // 0 % idle beats 32 %
  EXPECT_EQ(a[Ind::idle_rate].rank, 2);
  EXPECT_FALSE(a[Ind::idle_area].rank.has_value());  // areas are not ranked
}

TEST_F(Scene, RanksAreWithinEachType) {
  zones.features[1].values[2] = std::string("产城融合型");
  const Result r = analyse(in, settings);
  EXPECT_EQ(zone(r.zones, "A").eval_type, "工业主导型");
  EXPECT_EQ(zone(r.zones, "C").eval_type, "产城融合型");
  EXPECT_EQ(zone(r.zones, "A")[Ind::development_rate].rank, 1);
  EXPECT_EQ(zone(r.zones, "C")[Ind::development_rate].rank, 1);
  EXPECT_EQ(zone(r.zones, "C")[Ind::development_rate].rank_of, 1);
}

TEST_F(Scene, AnEvalTypeTheRulesDoNotKnowIsRankedApartAndWarned) {
  zones.features[1].values[2] = std::string("高新技术型");
  const Result r = analyse(in, settings);
  EXPECT_EQ(zone(r.zones, "C").eval_type, "高新技术型");
  EXPECT_EQ(zone(r.zones, "C")[Ind::development_rate].rank_of, 1);
  int warned = 0;
  for (const std::string& w : r.warnings)
    warned +=
        w.find("开发区 C 的评价类型“高新技术型”不是工业主导型或产城融合型") != std::string::npos;
  EXPECT_EQ(warned, 1);
  for (const std::string& w : r.warnings)
    EXPECT_EQ(w.find("开发区 A 的评价类型"), std::string::npos) << w;
}

TEST_F(Scene, MissingInputsGiveNullWithTheReason) {
  // P2 (built) without tax: 综合地均税收 cannot be summed; the industrial ones still can.
  parcels.features[1].values[static_cast<std::size_t>(parcels.field_index("tax"))] = Value{};
  // Zone D holds no parcel at all.
  add(zones, box(5000, 0, 100, 100), {{"id", "D"}, {"name", "丁园"}});
  const Result r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_FALSE(a[Ind::tax_per_area].value);
  EXPECT_NE(a[Ind::tax_per_area].reason.find("P2"), std::string::npos)
      << a[Ind::tax_per_area].reason;
  EXPECT_NE(a[Ind::tax_per_area].reason.find("年税收"), std::string::npos);
  expect_value(a, Ind::industrial_tax, 7500.0 / 11);

  const ZoneEval& d = zone(r.zones, "D");
  expect_value(d, Ind::development_rate, 0.0);
  EXPECT_FALSE(d[Ind::supply_rate].value);
  EXPECT_EQ(d[Ind::supply_rate].reason, "开发区内没有已达到供地条件的土地");
  EXPECT_EQ(d[Ind::built_rate].reason, "开发区内没有已供应土地");
  EXPECT_EQ(d[Ind::far].reason, "开发区内没有已建成土地");
  EXPECT_EQ(d[Ind::industrial_far].reason, "开发区内没有已建成的工业（仓储）用地");
  EXPECT_EQ(d.eval_type, "未分类");
}

TEST_F(Scene, UnfinishedParcelsAreNotBuiltLand) {
  // P1 (10 ha) started in 2018 and has floor area, but without 竣工日期 it is still building:
  // not built land (DOMAIN §7), so only half of P7 (1 ha) is built industrial land.
  for (const char* f : {"completed", "tax"})
    parcels.features[0].values[static_cast<std::size_t>(parcels.field_index(f))] = Value{};
  const Result r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_NEAR(a.stock.built_industrial.planar_m2, 1 * kHa, 1e-6);
  EXPECT_NEAR(a.stock.built.planar_m2, 12 * kHa, 1e-6);
  expect_value(a, Ind::industrial_tax, 500.0 / 1);
  expect_value(a, Ind::tax_per_area, 1550.0 / 12);
}

TEST_F(Scene, UnmappedFieldMakesItsIndicatorsNull) {
  parcels.mapping.erase("floor_area");
  in.approvals = nullptr;
  const Result r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_FALSE(a[Ind::far].value);
  EXPECT_EQ(a[Ind::far].reason, "供地地块图层没有建筑面积字段（floor_area）");
  EXPECT_FALSE(a[Ind::industrial_far].value);
  EXPECT_FALSE(a[Ind::unsupplied_approved_area].value);
  EXPECT_NE(a[Ind::unsupplied_approved_area].reason.find("approvals"), std::string::npos);
  ASSERT_EQ(r.not_checked.front(), "approvals");
  // P6 was built only by its floor area; without the field it is unsupplied land, no more.
  EXPECT_NEAR(a.stock.built_unsupplied.planar_m2, 1 * kHa, 1e-6);  // still completed 2021
}

TEST_F(Scene, UndecidableIdleStatusGivesARange) {
  // P1 loses its agreed start and its start: supplied, not completed → status unknown.
  const auto col = [&](const char* f) { return static_cast<std::size_t>(parcels.field_index(f)); };
  for (const char* f : {"agreed_start", "actual_start", "completed"})
    parcels.features[0].values[col(f)] = Value{};
  const Result r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_FALSE(a[Ind::idle_rate].value);
  EXPECT_NE(a[Ind::idle_rate].reason.find("P1"), std::string::npos);
  EXPECT_NE(a[Ind::idle_rate].reason.find("32.26%"), std::string::npos) << a[Ind::idle_rate].reason;
  EXPECT_NE(a[Ind::idle_rate].reason.find("64.52%"), std::string::npos);
  expect_value(a, Ind::idle_area, 10.0);
  EXPECT_FALSE(a[Ind::idle_area].reason.empty());
}

TEST_F(Scene, SliversAlongTheBoundaryAreNotCounted) {
  // A parcel overlapping zone A by 0.5 m² of digitising noise, without any value.
  add(parcels, box(-99.5, 0, 100, 1), {{"id", "N1"}, {"completed", "2020-01-01"}});
  const Result r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_EQ(a.stock.parcels, 7);
  expect_value(a, Ind::far, 345000.0 / 220000);
}

TEST(EvalType, Normalised) {
  EXPECT_EQ(normalise_eval_type(" 工业主导型 "), "工业主导型");
  EXPECT_EQ(normalise_eval_type("工业主导"), "工业主导型");
  EXPECT_EQ(normalise_eval_type("产城融合"), "产城融合型");
  EXPECT_EQ(normalise_eval_type(""), "未分类");
  EXPECT_EQ(normalise_eval_type("其他"), "其他");
}

}  // namespace
}  // namespace tudi::zones

namespace tudi::zones {
namespace {

// Built land from a 三调 layer (DOMAIN §9): in zone A the survey has P1 and P7's inside part as
// 0601 (10 + 1 ha), P2 and P6 as 0701 (10 + 1), a road 1004 (5 ha), public land 08H2 (2 ha),
// farmland 0103 (3 ha, not built) and the idle P3 coded 0601 (10 ha, supplied but not built,
// so not built). Built = 29 ha, industrial 11 ha, supplied 31 ha.
TEST_F(Scene, BuiltLandFromALandUseLayerWithRoadsAndPublicLand) {
  Layer landuse = test::make_layer("landuse", {"id", "land_class"});
  add(landuse, box(0, 0, 200, 500), {{"id", "L1"}, {"land_class", "0601"}});
  add(landuse, box(200, 0, 200, 500), {{"id", "L2"}, {"land_class", "0701"}});
  add(landuse, box(400, 0, 200, 500), {{"id", "L3"}, {"land_class", "0601"}});
  add(landuse, box(0, 500, 100, 100), {{"id", "L4"}, {"land_class", "0701"}});
  add(landuse, box(0, 600, 100, 100), {{"id", "L5"}, {"land_class", "0601"}});
  add(landuse, box(0, 800, 1000, 50), {{"id", "L6"}, {"land_class", "1004"}});
  add(landuse, box(300, 550, 200, 100), {{"id", "L7"}, {"land_class", "08H2"}});
  add(landuse, box(600, 600, 300, 100), {{"id", "L8"}, {"land_class", "0103"}});

  const Result before = analyse(in, settings);
  const ZoneEval& a0 = zone(before.zones, "A");
  EXPECT_EQ(before.built_source, "parcels");
  expect_value(a0, Ind::industrial_rate, 11.0 / 22 * 100);
  expect_value(a0, Ind::built_rate, 22.0 / 31 * 100);

  in.landuse = &landuse;
  const Result r = analyse(in, settings);
  const ZoneEval& a = zone(r.zones, "A");
  EXPECT_EQ(r.built_source, "landuse");
  EXPECT_TRUE(a.stock.built_from_landuse);
  EXPECT_NEAR(a.stock.built.ellipsoidal_m2, 29 * kHa, 1);
  EXPECT_NEAR(a.stock.built_industrial.ellipsoidal_m2, 11 * kHa, 1);
  EXPECT_NEAR(a.stock.built_parcels.ellipsoidal_m2, 22 * kHa, 1);
  expect_value(a, Ind::industrial_rate, 11.0 / 29 * 100);
  expect_value(a, Ind::built_rate, 29.0 / 31 * 100);
  expect_value(a, Ind::far, (120000 + 200000 + 5000 + 20000) / (29 * kHa));

  // Without built codes the parcels decide again, and the result says so.
  settings.built.codes.clear();
  const Result p = analyse(in, settings);
  EXPECT_EQ(p.built_source, "parcels");
  expect_value(zone(p.zones, "A"), Ind::industrial_rate, 11.0 / 22 * 100);
  bool warned = false;
  for (const std::string& w : p.warnings)
    warned = warned || w.find("按供地地块计") != std::string::npos;
  EXPECT_TRUE(warned);
}

}  // namespace
}  // namespace tudi::zones
