// Readiness (熟地/净地/标准地): the attribute checklist, the infrastructure grade and the spatial
// conditions measured against hand-built control-line and zone layers.
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

std::vector<std::string> codes(const Readiness& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.missing) out.push_back(f.code);
  return out;
}

const Finding* find(const Readiness& r, const std::string& code) {
  for (const Finding& f : r.missing)
    if (f.code == code) return &f;
  return nullptr;
}

double number(const Finding& f, const std::string& key) {
  for (const auto& [k, v] : f.values)
    if (k == key) return *to_number(v);
  ADD_FAILURE() << "no value " << key << " in " << f.code;
  return 0;
}

TEST(Infrastructure, GradesAndItems) {
  EXPECT_EQ(parse_infrastructure("三通一平").grade, InfraGrade::three);
  EXPECT_EQ(parse_infrastructure("五通一平").grade, InfraGrade::five);
  EXPECT_EQ(parse_infrastructure("七通一平").grade, InfraGrade::seven);
  EXPECT_EQ(parse_infrastructure("九通一平").grade, InfraGrade::seven);
  EXPECT_EQ(parse_infrastructure("5通1平").grade, InfraGrade::five);
  EXPECT_EQ(parse_infrastructure("供水、供电、道路、场地平整").grade, InfraGrade::three);
  EXPECT_EQ(parse_infrastructure("水,电,路,平").grade, InfraGrade::three);
  EXPECT_EQ(parse_infrastructure("水电路平").grade, InfraGrade::three);
  EXPECT_EQ(parse_infrastructure("water power road levelling").grade, InfraGrade::three);
  EXPECT_EQ(parse_infrastructure("三通一平+通信、排水").grade, InfraGrade::five);
  EXPECT_EQ(parse_infrastructure("五通一平+燃气、供热").grade, InfraGrade::seven);
  // 排水 is drainage, not water; 电信 is telecom, not power.
  const InfraState s = parse_infrastructure("排水、电信、道路");
  EXPECT_EQ(s.items, static_cast<unsigned>(Infra::drainage) |
                         static_cast<unsigned>(Infra::telecom) |
                         static_cast<unsigned>(Infra::road));
  EXPECT_EQ(s.grade, InfraGrade::none);
  EXPECT_EQ(parse_infrastructure("").items, 0u);
  EXPECT_EQ(parse_infrastructure("待建").items, 0u);
}

TEST(IndustrialUse, PlanningCodesAndWords) {
  for (const char* yes : {"1001", "100101", "100103", "1101", "110102", "M2", "w1", "工业用地",
                          "二类工业", "物流仓储用地"})
    EXPECT_TRUE(is_industrial_use(yes)) << yes;
  for (const char* no : {"", "0701", "070101", "0901", "商业", "R2", "1201", "0601"})
    EXPECT_FALSE(is_industrial_use(no)) << no;
}

class ReadinessTest : public ::testing::Test {
 protected:
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  Settings settings;
  Overlaps none;  // no other layer configured
};

TEST_F(ReadinessTest, ReadyWithIndicatorsIsStandard) {
  const Feature& f = test::add(parcels, test::box(0, 0, 100, 100), test::ready_parcel("A"));
  const Readiness r = readiness(parcels, f, none, settings);
  EXPECT_EQ(r.level, ReadinessLevel::standard);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.infrastructure.grade, InfraGrade::five);
}

TEST_F(ReadinessTest, ReadyWithoutIndicatorsIsReadyAndSaysWhichAreMissing) {
  auto v = test::ready_parcel("B");
  v.erase("std_tax");
  const Feature& f = test::add(parcels, test::box(0, 0, 100, 100), v);
  const Readiness r = readiness(parcels, f, none, settings);
  EXPECT_EQ(r.level, ReadinessLevel::ready);
  EXPECT_EQ(r.missing_indicators, std::vector<std::string>{"std_tax"});
}

TEST_F(ReadinessTest, UnauthorisedBuildingsMakeItNotNetLand) {
  auto v = test::ready_parcel("D");
  v["illegal_building_area"] = 40660.0;
  const Feature& f = test::add(parcels, test::box(0, 0, 100, 100), v);
  const Readiness r = readiness(parcels, f, none, settings);
  EXPECT_EQ(r.level, ReadinessLevel::not_ready);
  ASSERT_EQ(codes(r), std::vector<std::string>{"illegal_buildings"});
  EXPECT_NE(r.missing[0].text.find("40660.00 平方米"), std::string::npos) << r.missing[0].text;
  EXPECT_DOUBLE_EQ(number(r.missing[0], "illegal_building_area"), 40660.0);
  auto z = test::ready_parcel("E");
  z["illegal_building_area"] = 0.0;  // recorded as none: ready
  EXPECT_EQ(
      readiness(parcels, test::add(parcels, test::box(200, 0, 100, 100), z), none, settings).level,
      ReadinessLevel::standard);
}

TEST_F(ReadinessTest, EveryAttributeReasonWithItsText) {
  const Feature& f = test::add(parcels, test::box(0, 0, 100, 100),
                               {{"id", "C"},
                                {"planned_use", "070101"},
                                {"expropriated", "否"},
                                {"title_clear", "争议中"},
                                {"infrastructure", "供电、道路"},
                                {"planning_conditions", Value{}}});
  const Readiness r = readiness(parcels, f, none, settings);
  EXPECT_EQ(r.level, ReadinessLevel::not_ready);
  EXPECT_EQ(codes(r), (std::vector<std::string>{"expropriation", "title", "infrastructure",
                                                "planning_conditions", "use"}));
  EXPECT_EQ(find(r, "expropriation")->text, "土地征收（补偿安置）未完成");
  EXPECT_NE(find(r, "title")->text.find("争议中"), std::string::npos);  // unreadable: quoted
  const Finding& infra = *find(r, "infrastructure");
  EXPECT_NE(infra.text.find("缺供水、场地平整"), std::string::npos) << infra.text;
  EXPECT_NE(infra.text.find("未达三通一平"), std::string::npos);
  EXPECT_NE(find(r, "planning_conditions")->text.find("未填写"), std::string::npos);
  EXPECT_NE(find(r, "use")->text.find("070101"), std::string::npos);
  Settings any_use;
  any_use.industrial_offer = false;
  EXPECT_EQ(codes(readiness(parcels, f, none, any_use)).size(), 4u);
}

TEST_F(ReadinessTest, UnmappedFieldsCountAsNotMet) {
  Layer bare = test::make_layer("parcels", {"id"});
  const Feature& f = test::add(bare, test::box(0, 0, 10, 10), {{"id", "D"}});
  const Readiness r = readiness(bare, f, none, settings);
  EXPECT_EQ(codes(r), (std::vector<std::string>{"expropriation", "title", "infrastructure",
                                                "planning_conditions", "use"}));
  EXPECT_NE(r.missing[0].text.find("图层无"), std::string::npos);
}

class SpatialTest : public ::testing::Test {
 protected:
  SpatialTest() {
    // Parcel: 100 × 100 m at the origin. Farmland covers its east quarter, the red line a
    // 10 × 10 corner, the urban boundary all but its south 20 m, one zone its west 60 m.
    test::add(parcels, test::box(0, 0, 100, 100), test::ready_parcel("P"));
    test::add(farmland, test::box(75, -50, 100, 200), {{"id", "F1"}});
    test::add(redline, test::box(-10, 90, 20, 20), {{"id", "R1"}});
    test::add(urban, test::box(-50, 20, 300, 300), {{"id", "U1"}});
    test::add(zones, test::box(-100, -100, 160, 300), {{"id", "Z1"}, {"name", "经开区"}});
    test::add(zones, test::box(60, -100, 100, 300), {{"id", "Z2"}, {"name", "高新区"}});
    in.parcels = &parcels;
    in.farmland = &farmland;
    in.redline = &redline;
    in.urban = &urban;
    in.zones = &zones;
  }
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  Layer farmland = test::make_layer("farmland", {"id"});
  Layer redline = test::make_layer("redline", {"id"});
  Layer urban = test::make_layer("urban", {"id"});
  Layer zones = test::make_layer("zones", {"id", "name"});
  Inputs in;
  Settings settings;
};

TEST_F(SpatialTest, OverlapAreasFromTheLayers) {
  const Spatial sp(in);
  const Overlaps o = sp.measure(parcels.features[0].geometry);
  ASSERT_TRUE(o.farmland && o.redline && o.outside_urban && o.zones);
  EXPECT_NEAR(o.farmland->planar_m2, 2500, 1e-6);
  EXPECT_NEAR(o.redline->planar_m2, 100, 1e-6);
  EXPECT_NEAR(o.outside_urban->planar_m2, 2000, 1e-6);
  // On the central meridian the ellipsoidal area is close to (not above) the planar one.
  EXPECT_NEAR(o.farmland->ellipsoidal_m2, 2500, 2.5);
  EXPECT_LE(o.farmland->ellipsoidal_m2, 2500 + 1e-6);
  ASSERT_EQ(o.zones->size(), 2u);
  EXPECT_EQ(o.zones->front().id, "Z1");  // largest intersection first
  EXPECT_NEAR(o.zones->front().area.planar_m2, 6000, 1e-6);
  EXPECT_EQ(o.zones->front().name, "经开区");
  EXPECT_NEAR(o.zones->back().area.planar_m2, 4000, 1e-6);
}

TEST_F(SpatialTest, SpatialReasonsCarryTheAreaInM2AndMu) {
  const Spatial sp(in);
  const Feature& f = parcels.features[0];
  const Readiness r = readiness(parcels, f, sp.measure(f.geometry), settings);
  EXPECT_EQ(codes(r), (std::vector<std::string>{"farmland", "redline", "outside_urban"}));
  const Finding& farm = *find(r, "farmland");
  EXPECT_NEAR(number(farm, "planar_m2"), 2500, 1e-6);
  EXPECT_NEAR(number(farm, "mu"), number(farm, "ellipsoidal_m2") * 0.0015, 1e-9);
  EXPECT_NEAR(number(farm, "ha"), number(farm, "ellipsoidal_m2") * 1e-4, 1e-12);
  EXPECT_NE(farm.text.find("永久基本农田"), std::string::npos);
  EXPECT_NE(farm.text.find("亩"), std::string::npos);
  EXPECT_NEAR(number(*find(r, "outside_urban"), "planar_m2"), 2000, 1e-6);
}

TEST_F(SpatialTest, OutsideEveryZoneAndSliversIgnored) {
  Layer far_parcels = test::make_layer("parcels", test::kParcelFields);
  // 1000 m east: no zone, no overlap; entirely outside the urban boundary.
  test::add(far_parcels, test::box(1000, 0, 50, 50), test::ready_parcel("Q"));
  // Touching the farmland along 0.005 m: a sliver below 1 m², not a reason.
  test::add(far_parcels, test::box(0.005 - 100, 30, 175, 50), test::ready_parcel("S"));
  Inputs i2 = in;
  i2.parcels = &far_parcels;
  const Spatial sp(i2);
  const Readiness q = readiness(far_parcels, far_parcels.features[0],
                                sp.measure(far_parcels.features[0].geometry), settings);
  EXPECT_EQ(codes(q), (std::vector<std::string>{"outside_urban", "outside_zone"}));
  EXPECT_NEAR(number(*find(q, "outside_urban"), "planar_m2"), 2500, 1e-6);
  // "Inside a development zone" is local policy: off in the rule pack, not a reason.
  Settings anywhere = settings;
  anywhere.require_zone = false;
  EXPECT_EQ(codes(readiness(far_parcels, far_parcels.features[0],
                            sp.measure(far_parcels.features[0].geometry), anywhere)),
            std::vector<std::string>{"outside_urban"});
  const Overlaps so = sp.measure(far_parcels.features[1].geometry);
  EXPECT_GT(so.farmland->planar_m2, 0);
  EXPECT_LT(so.farmland->planar_m2, 1);
  const Readiness s = readiness(far_parcels, far_parcels.features[1], so, settings);
  EXPECT_EQ(find(s, "farmland"), nullptr);
}

}  // namespace
}  // namespace tudi::supply
