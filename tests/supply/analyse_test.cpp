// The whole inventory on a hand-built scene: statuses, 批而未供 per batch, the rolling 供地率,
// zone totals that add up, and the outputs.
#include <gtest/gtest.h>

#include "scene.hpp"
#include "tudi/core/error.hpp"

namespace tudi::supply {
namespace {

TEST_F(Scene, StatusOfEveryParcel) {
  const Result r = analyse(in, settings);
  ASSERT_EQ(r.parcels.size(), 7u);
  EXPECT_EQ(r.as_of.iso(), "2023-01-01");
  EXPECT_EQ(r.crs, "EPSG:4527");
  EXPECT_EQ(r.not_checked, (std::vector<std::string>{"farmland", "redline", "urban"}));

  const ParcelStatus& p1 = parcel(r, "P1");
  EXPECT_FALSE(p1.supplied);
  ASSERT_TRUE(p1.readiness);
  EXPECT_FALSE(p1.idle);
  EXPECT_EQ(p1.readiness->level, ReadinessLevel::standard);
  EXPECT_EQ(p1.zone, "Z1");
  EXPECT_NEAR(p1.area.planar_m2, 10000, 1e-6);

  EXPECT_EQ(parcel(r, "P2").idle->state, IdleState::idle_2y);
  const ParcelStatus& p3 = parcel(r, "P3");
  EXPECT_EQ(p3.idle->state, IdleState::idle_1y);
  EXPECT_DOUBLE_EQ(*p3.idle->fee, 160.0);
  EXPECT_EQ(p3.zone, "Z2");  // 7000 m² in Z2 against 3000 m² in Z1

  const ParcelStatus& p4 = parcel(r, "P4");
  EXPECT_EQ(p4.idle->state, IdleState::in_use);
  EXPECT_TRUE(p4.built);
  ASSERT_EQ(p4.inefficient.size(), 3u);
  EXPECT_EQ(p4.inefficient[0].code, "far");
  EXPECT_NEAR(p4.inefficient[0].value, 0.5, 1e-3);
  EXPECT_EQ(p4.inefficient[1].code, "tax_per_mu");
  EXPECT_NEAR(p4.inefficient[1].value, 10.0 / 15.0, 1e-3);
  EXPECT_EQ(p4.inefficient[2].code, "building_coefficient");
  EXPECT_NEAR(p4.inefficient[2].value, 20.0, 1e-2);
  EXPECT_EQ(p4.inefficient[2].threshold, 30.0);
  ASSERT_EQ(p4.inconsistent.size(), 1u);
  EXPECT_EQ(p4.inconsistent[0].code, "start_before_supply");

  const ParcelStatus& p5 = parcel(r, "P5");
  EXPECT_EQ(p5.idle->state, IdleState::warning);
  EXPECT_EQ(p5.inconsistent.at(0).code, "developed_share_over_100");

  EXPECT_EQ(parcel(r, "P6").readiness->level, ReadinessLevel::not_ready);
  const ParcelStatus& p7 = parcel(r, "P7");
  EXPECT_TRUE(p7.supplied);
  EXPECT_EQ(p7.idle->state, IdleState::unknown);
  EXPECT_EQ(p7.idle->missing, (std::vector<std::string>{"agreed_start", "delivery_date"}));
  EXPECT_EQ(p7.inconsistent.at(0).code, "supply_date_missing");
}

TEST_F(Scene, UnfinishedPlantsAreNotScreenedForInefficiency) {
  // P4 started 2016-04-01 and was completed 2018-01-01: the day before, it is still a building
  // site with floor area on it, not 低效用地; on the completion day it is screened.
  settings.as_of = *Date::from_ymd(2017, 12, 31);
  const Result unfinished = analyse(in, settings);
  const ParcelStatus& building = parcel(unfinished, "P4");
  EXPECT_FALSE(building.built);
  EXPECT_TRUE(building.inefficient.empty());
  settings.as_of = *Date::from_ymd(2018, 1, 1);
  const Result done = analyse(in, settings);
  EXPECT_TRUE(parcel(done, "P4").built);
  EXPECT_EQ(parcel(done, "P4").inefficient.size(), 3u);
}

TEST_F(Scene, OnlyCompletedPlantsAreScreenedNotSuspendedOrBuildingOnes) {
  // P8 is building (started, floor area, no 竣工日期), P9 suspended; both are as low as P4.
  auto plant = [](std::string id) {
    return std::map<std::string, Value>{
        {"id", std::move(id)},          {"planned_use", "100101"},
        {"supply_date", "2016-05-01"},  {"agreed_start", "2016-10-01"},
        {"actual_start", "2016-10-01"}, {"floor_area", 5000.0},
        {"footprint", 2000.0},          {"tax", 10.0}};
  };
  add(parcels, box(700, 0, 100, 100), plant("P8"));
  auto p9 = plant("P9");
  p9["suspended_since"] = "2019-01-01";
  p9["developed_share"] = 60.0;
  p9["invested_share"] = 60.0;
  add(parcels, box(800, 0, 100, 100), p9);
  const Result r = analyse(in, settings);
  for (const char* id : {"P8", "P9"}) {
    EXPECT_FALSE(parcel(r, id).built) << id;
    EXPECT_TRUE(parcel(r, id).inefficient.empty()) << id;
  }
  EXPECT_TRUE(parcel(r, "P4").built);
  EXPECT_EQ(parcel(r, "P4").inefficient.size(), 3u);
}

TEST_F(Scene, AFutureSupplyDateIsNotYetSupplied) {
  settings.as_of = *Date::from_ymd(2022, 5, 31);
  const Result r = analyse(in, settings);
  EXPECT_FALSE(parcel(r, "P5").supplied);
  EXPECT_TRUE(parcel(r, "P5").readiness);
}

TEST_F(Scene, BatchesApprovedMinusSupplied) {
  const Result r = analyse(in, settings);
  ASSERT_EQ(r.batches.size(), 3u);
  const BatchSummary& b1 = r.batches[0];
  EXPECT_EQ(b1.id, "B1");
  EXPECT_NEAR(b1.approved.planar_m2, 30000, 1e-6);
  EXPECT_NEAR(b1.supplied.planar_m2, 20000, 1e-6);
  EXPECT_NEAR(b1.unsupplied.planar_m2, 10000, 1e-6);
  EXPECT_NEAR(b1.supply_rate, 2.0 / 3.0, 1e-6);
  EXPECT_EQ(b1.parcels, (std::vector<std::string>{"P2", "P3"}));
  EXPECT_TRUE(b1.in_window);
  EXPECT_NEAR(geom::area(b1.unsupplied_geometry), 10000, 1e-6);

  const BatchSummary& b2 = r.batches[1];
  EXPECT_NEAR(b2.unsupplied.planar_m2, 0, 1e-6);
  EXPECT_DOUBLE_EQ(b2.supply_rate, 1.0);
  EXPECT_FALSE(b2.in_window);  // approved 2016, before the window

  const BatchSummary& b3 = r.batches[2];  // two polygons, one batch
  EXPECT_NEAR(b3.approved.planar_m2, 15000, 1e-6);
  EXPECT_NEAR(b3.supplied.planar_m2, 5000, 1e-6);  // half of P5
  EXPECT_DOUBLE_EQ(*b3.declared_ha, 1.5);
  EXPECT_EQ(b3.approval_date.date->iso(), "2021-03-01");

  for (const BatchSummary& b : r.batches) {
    EXPECT_NEAR(b.approved.planar_m2, b.supplied.planar_m2 + b.unsupplied.planar_m2, 1e-6);
    EXPECT_NEAR(b.approved.ellipsoidal_m2, b.supplied.ellipsoidal_m2 + b.unsupplied.ellipsoidal_m2,
                1e-3);
  }
}

TEST_F(Scene, FiveYearSupplyRateOverTheFullCalendarYearsBeforeTheAsOfYear) {
  // B4 was approved this year (2022-12-01, as of 2022-12-31): it cannot have been supplied yet
  // and stays out of the default window 2017-01-01 … 2021-12-31; B1 and B3 are in, B2 (2016) out.
  add(approvals, box(600, 0, 100, 100), {{"id", "B4"}, {"approval_date", "2022-12-01"}});
  settings.as_of = *Date::from_ymd(2022, 12, 31);
  const Result r = analyse(in, settings);
  const SupplyRate& s = *r.supply_rate;
  EXPECT_FALSE(s.rolling);
  EXPECT_EQ(s.window_start.iso(), "2017-01-01");
  EXPECT_EQ(s.window_end.iso(), "2021-12-31");
  EXPECT_EQ(s.batches, 2);
  EXPECT_FALSE(r.batches[3].in_window);
  EXPECT_NEAR(s.approved.planar_m2, 45000, 1e-6);
  EXPECT_NEAR(s.supplied.planar_m2, 25000, 1e-6);
  settings.supply_rate_rolling = true;  // the rolling option counts B4 (and its 0 supplied)
  const Result rolling = analyse(in, settings);
  EXPECT_TRUE(rolling.batches[3].in_window);
  EXPECT_EQ(rolling.supply_rate->window_end.iso(), "2022-12-31");
  // The edges: B1 (2019-05-01) is in through as_of 2024-12-31 and out from 2025-01-01.
  settings.supply_rate_rolling = false;
  settings.as_of = *Date::from_ymd(2024, 12, 31);
  EXPECT_TRUE(analyse(in, settings).batches[0].in_window);
  settings.as_of = *Date::from_ymd(2025, 1, 1);
  EXPECT_FALSE(analyse(in, settings).batches[0].in_window);
}

TEST_F(Scene, WithdrawnAndReducedApprovalsLeaveTheDenominator) {
  // B1: 3 ha approved, 2 ha supplied. 核减 0.4 ha and 撤回 0.1 ha of it: 2 ÷ 2.5 = 80 %, and the
  // 批而未供 left is 0.5 ha. The window (as of 2023-01-01: 2018 … 2022) holds B1 and B3.
  auto batch = [&](std::map<std::string, Value> extra) {
    Layer l = test::make_layer("approvals", {"id", "approval_date", "withdrawn_area", "reduced_area"});
    std::map<std::string, Value> a = {{"id", "B1"}, {"approval_date", "2019-05-01"}};
    for (auto& [k, v] : extra) a[k] = v;
    add(l, box(0, 0, 300, 100), a);
    add(l, box(500, 0, 100, 100), {{"id", "B3"}, {"approval_date", "2021-03-01"}});
    return l;
  };
  const Layer cut = batch({{"reduced_area", 0.4}, {"withdrawn_area", "0.1"}});
  in.approvals = &cut;
  const Result r = analyse(in, settings);
  const BatchSummary& b1 = r.batches.at(0);
  EXPECT_EQ(*b1.withdrawn_ha, 0.5);
  EXPECT_NEAR(b1.approved.planar_m2, 30000, 1e-6);  // as drawn
  EXPECT_NEAR(b1.withdrawn.ellipsoidal_m2, 5000, 1e-9);
  EXPECT_NEAR(b1.unsupplied.planar_m2, 5000, 1e-6);
  EXPECT_NEAR(b1.counted.planar_m2, 25000, 1e-6);
  EXPECT_NEAR(b1.supply_rate, b1.supplied.ellipsoidal_m2 / (b1.approved.ellipsoidal_m2 - 5000),
              1e-9);
  EXPECT_NEAR(geom::area(b1.unsupplied_geometry), 10000, 1e-6);  // the drawing is not cut
  const SupplyRate& s = *r.supply_rate;
  EXPECT_EQ(s.batches, 2);  // B1 and B3 (P6, unsupplied)
  EXPECT_NEAR(s.withdrawn.ellipsoidal_m2, 5000, 1e-9);
  EXPECT_NEAR(s.approved.planar_m2, 25000 + 10000, 1e-6);
  EXPECT_NEAR(s.rate, s.supplied.ellipsoidal_m2 / s.approved.ellipsoidal_m2, 1e-12);
  EXPECT_TRUE(r.warnings.empty());

  // More than the unsupplied 1 ha cannot leave: capped there, and said.
  const Layer over = batch({{"reduced_area", 1.5}});
  in.approvals = &over;
  const Result capped = analyse(in, settings);
  EXPECT_NEAR(capped.batches.at(0).unsupplied.planar_m2, 0, 1e-6);
  EXPECT_NEAR(capped.batches.at(0).supply_rate, 1.0, 1e-12);
  ASSERT_EQ(capped.warnings.size(), 1u);
  EXPECT_NE(capped.warnings[0].find("B1"), std::string::npos) << capped.warnings[0];
}

TEST_F(Scene, SuppliedButNotStartedIsUnusedFromTheSupplyDate) {
  // 供而未用 (DOMAIN §7) is every supplied parcel not started, whether or not its start date
  // has passed: P2 and P3 (idle), P5 (warning), P7 (unknown) and P10 (start not yet due); not
  // P4 (built), P11 (started), nor P12 (supplied after as_of).
  add(parcels, box(700, 0, 100, 100),
      {{"id", "P10"}, {"supply_date", "2022-12-31"}, {"agreed_start", "2023-06-01"}});
  add(parcels, box(800, 0, 100, 100),
      {{"id", "P11"}, {"supply_date", "2022-01-01"}, {"actual_start", "2023-01-01"}});
  add(parcels, box(900, 0, 100, 100),
      {{"id", "P12"}, {"supply_date", "2023-01-02"}, {"agreed_start", "2023-06-01"}});
  const Result r = analyse(in, settings);
  std::vector<std::string> unused;
  for (const ParcelStatus& p : r.parcels)
    if (p.unused) unused.push_back(p.id);
  EXPECT_EQ(unused, (std::vector<std::string>{"P2", "P3", "P5", "P7", "P10"}));
  EXPECT_EQ(parcel(r, "P10").idle->state, IdleState::in_use);
  EXPECT_EQ(parcel(r, "P10").unused_since->iso(), "2022-12-31");
  EXPECT_FALSE(parcel(r, "P7").unused_since);  // no supply date, only a supply type
  int count = 0;
  units::Area area;
  for (const ZoneSummary& z : r.zones) {
    count += z.unused_count;
    area += z.unused_area;
  }
  EXPECT_EQ(count, 5);
  EXPECT_NEAR(area.planar_m2, 50000, 1e-6);
}

TEST_F(Scene, FiveYearRollingSupplyRateAgainstTheLine) {
  settings.supply_rate_rolling = true;
  const Result r = analyse(in, settings);
  ASSERT_TRUE(r.supply_rate);
  const SupplyRate& s = *r.supply_rate;
  EXPECT_EQ(s.window_start.iso(), "2018-01-02");
  EXPECT_EQ(s.batches, 2);  // B1 and B3
  EXPECT_NEAR(s.approved.planar_m2, 45000, 1e-6);
  EXPECT_NEAR(s.supplied.planar_m2, 25000, 1e-6);
  EXPECT_NEAR(s.rate, 25000.0 / 45000.0, 1e-4);
  EXPECT_FALSE(s.meets);
  settings.supply_rate_line = 0.5;
  EXPECT_TRUE(analyse(in, settings).supply_rate->meets);
  // A batch approved exactly five years before as_of is outside; one day later is inside.
  settings.as_of = *Date::from_ymd(2024, 5, 1);
  EXPECT_FALSE(analyse(in, settings).batches[0].in_window);
  settings.as_of = *Date::from_ymd(2024, 4, 30);
  EXPECT_TRUE(analyse(in, settings).batches[0].in_window);
}

TEST_F(Scene, ZoneTotalsEqualTheSumOfTheirParcels) {
  const Result r = analyse(in, settings);
  ASSERT_EQ(r.zones.size(), 2u);  // every parcel lies in a zone: no "" entry
  units::Area approved_sum;
  for (const ZoneSummary& z : r.zones) {
    int count = 0, supplied = 0;
    units::Area area, idle_area;
    std::array<int, kIdleStates> idle{};
    double fee = 0;
    for (const ParcelStatus& p : r.parcels) {
      if (p.zone != z.id) continue;
      ++count;
      area += p.area;
      if (p.supplied) ++supplied;
      if (p.idle) {
        ++idle[static_cast<std::size_t>(p.idle->state)];
        if (p.idle->fee) fee += *p.idle->fee;
      }
    }
    EXPECT_EQ(z.parcels, count) << z.id;
    EXPECT_NEAR(z.parcel_area.ellipsoidal_m2, area.ellipsoidal_m2, 1e-6) << z.id;
    EXPECT_EQ(z.supplied_count, supplied);
    EXPECT_EQ(z.idle_count, idle);
    EXPECT_DOUBLE_EQ(z.idle_fee, fee);
    int by_level = 0;
    for (int c : z.readiness_count) by_level += c;
    EXPECT_EQ(by_level + z.supplied_count, z.parcels);
    EXPECT_NEAR(z.approved.planar_m2,
                z.approved_supplied.planar_m2 + z.approved_unsupplied.planar_m2, 1e-6);
    approved_sum += z.approved;
  }
  EXPECT_EQ(r.zones[0].id, "Z1");
  EXPECT_EQ(r.zones[0].parcels, 2);  // P1, P2
  EXPECT_NEAR(r.zones[0].approved.planar_m2, 23000, 1e-6);
  EXPECT_NEAR(r.zones[0].approved_unsupplied.planar_m2, 10000, 1e-6);  // P1
  EXPECT_NEAR(r.zones[1].approved.planar_m2, 32000, 1e-6);
  EXPECT_NEAR(approved_sum.planar_m2, 55000, 1e-6);
  EXPECT_NEAR(r.zones[1].zone_area.planar_m2, 100000, 1e-6);
}

TEST_F(Scene, WithoutZonesOneEntryHoldsEverything) {
  in.zones = nullptr;
  const Result r = analyse(in, settings);
  ASSERT_EQ(r.zones.size(), 1u);
  EXPECT_EQ(r.zones[0].id, "");
  EXPECT_EQ(r.zones[0].parcels, 7);
  EXPECT_NEAR(r.zones[0].approved_unsupplied.planar_m2, 20000, 1e-6);
  EXPECT_EQ(parcel(r, "P1").readiness->level, ReadinessLevel::standard);  // zones not checked
}

TEST_F(Scene, ParcelsOutsideEveryZoneGoToTheEmptyEntry) {
  add(parcels, box(5000, 0, 100, 100), test::ready_parcel("P8"));
  const Result r = analyse(in, settings);
  ASSERT_EQ(r.zones.size(), 3u);
  EXPECT_EQ(r.zones[2].id, "");
  EXPECT_EQ(r.zones[2].parcels, 1);
  const Readiness& p8 = *parcel(r, "P8").readiness;
  EXPECT_EQ(p8.level, ReadinessLevel::not_ready);
  EXPECT_EQ(p8.missing.at(0).code, "outside_zone");
}

TEST_F(Scene, BadValuesNeverThrow) {
  add(parcels, box(700, 0, 100, 100),
      {{"id", "X1"},
       {"supply_date", "去年"},
       {"agreed_start", "2021-02-29"},
       {"developed_share", "很多"},
       {"land_price", "abc"}});
  add(parcels, "POLYGON EMPTY", {{"id", "X2"}});
  add(approvals, box(900, 0, 10, 10), {{"approval_date", "?"}});
  Result r;
  ASSERT_NO_THROW(r = analyse(in, settings));
  const ParcelStatus& x = parcel(r, "X1");
  EXPECT_TRUE(x.supplied);  // a supply date was written, even if unreadable
  EXPECT_EQ(x.idle->state, IdleState::unknown);
  EXPECT_NE(x.idle->text.find("2021-02-29"), std::string::npos);
  EXPECT_EQ(r.supply_rate->undated.size(), 1u);
  EXPECT_FALSE(r.warnings.empty());
  EXPECT_THROW(analyse(Inputs{}, settings), Error);
}

}  // namespace
}  // namespace tudi::supply
