// The whole inventory on a hand-built scene: statuses, 批而未供 per batch, the rolling 供地率,
// zone totals that add up, and the outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fixtures.hpp"
#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/project.hpp"
#include "tudi/supply/report.hpp"
#include "tudi/supply/supply.hpp"
#include "tudi/supply/tables.hpp"

namespace fs = std::filesystem;

namespace tudi::supply {
namespace {

using test::add;
using test::box;

/// Seven parcels in a row of 100 m squares (P1 at x = 0 … P7 at x = 600), three batches, two
/// zones. As of 2023-01-01.
class Scene : public ::testing::Test {
 protected:
  Scene() {
    add(parcels, box(0, 0, 100, 100), test::ready_parcel("P1"));
    add(parcels, box(100, 0, 100, 100),
        {{"id", "P2"}, {"supply_date", "2020-01-01"}, {"agreed_start", "2020-06-01"},
         {"land_price", "900"}});
    add(parcels, box(200, 0, 100, 100),
        {{"id", "P3"}, {"supply_date", "2021/3/1"}, {"agreed_start", "2021.9.1"},
         {"land_price", 800.0}});
    add(parcels, box(300, 0, 100, 100),
        {{"id", "P4"}, {"planned_use", "100101"}, {"supply_date", "2016-05-01"},
         {"agreed_start", "2016-10-01"}, {"actual_start", "2016-09-01"},
         {"completed", "2018-01-01"}, {"floor_area", 5000.0}, {"footprint", 2000.0},
         {"tax", 10.0}});
    add(parcels, box(400, 0, 100, 100),
        {{"id", "P5"}, {"supply_date", "2022-06-01"}, {"agreed_start", "2022-09-01"},
         {"developed_share", 120.0}});
    auto p6 = test::ready_parcel("P6");
    p6["expropriated"] = "否";
    add(parcels, box(500, 0, 100, 100), p6);
    add(parcels, box(600, 0, 100, 100), {{"id", "P7"}, {"supply_type", "出让"}});

    add(approvals, box(0, 0, 300, 100), {{"id", "B1"}, {"approval_date", "2019-05-01"}});
    add(approvals, box(300, 0, 100, 100), {{"id", "B2"}, {"approval_date", "2016-01-01"}});
    add(approvals, box(500, 0, 100, 100),
        {{"id", "B3"}, {"approval_date", "2021-03-01"}, {"approved_area", "1.0"}});
    add(approvals, box(400, 0, 50, 100),
        {{"id", "B3"}, {"approval_date", "2021-03-01"}, {"approved_area", "0.5"}});

    add(zones, box(-50, -50, 280, 200), {{"id", "Z1"}, {"name", "经开区"}});
    add(zones, box(230, -50, 500, 200), {{"id", "Z2"}, {"name", "高新区"}});
    in.parcels = &parcels;
    in.approvals = &approvals;
    in.zones = &zones;
    settings.as_of = *Date::from_ymd(2023, 1, 1);
  }
  const ParcelStatus& parcel(const Result& r, const std::string& id) {
    for (const ParcelStatus& p : r.parcels)
      if (p.id == id) return p;
    throw std::runtime_error("no parcel " + id);
  }
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  Layer approvals = test::make_layer(
      "approvals", {"id", "name", "approval_no", "approval_date", "approved_area", "kind"});
  Layer zones = test::make_layer("zones", {"id", "name"});
  Inputs in;
  Settings settings;
};

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
  EXPECT_EQ(p7.idle->missing, std::vector<std::string>{"agreed_start"});
  EXPECT_EQ(p7.inconsistent.at(0).code, "supply_date_missing");
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

TEST_F(Scene, FiveYearSupplyRateAgainstTheLine) {
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
    EXPECT_NEAR(z.approved.planar_m2, z.approved_supplied.planar_m2 + z.approved_unsupplied.planar_m2,
                1e-6);
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
      {{"id", "X1"}, {"supply_date", "去年"}, {"agreed_start", "2021-02-29"},
       {"developed_share", "很多"}, {"land_price", "abc"}});
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

TEST_F(Scene, JsonTablesLayersAndFiles) {
  const Result r = analyse(in, settings);
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["as_of"], "2023-01-01");
  ASSERT_EQ(j["parcels"].size(), 7u);
  const auto& p1 = j["parcels"][0];
  EXPECT_EQ(p1["id"], "P1");
  EXPECT_EQ(p1["readiness"], "standard");
  EXPECT_TRUE(p1["idle_status"].is_null());
  EXPECT_NEAR(p1["area_mu"].get<double>(), p1["area_m2"].get<double>() * 0.0015, 1e-9);
  const auto& p3 = j["parcels"][2];
  EXPECT_EQ(p3["idle_status"], "idle_1y");
  EXPECT_EQ(p3["idle_years"], 1);
  EXPECT_DOUBLE_EQ(p3["fee"].get<double>(), 160.0);
  EXPECT_EQ(j["parcels"][5]["missing"][0]["code"], "expropriation");
  EXPECT_EQ(j["totals"]["parcels"], 7);
  EXPECT_EQ(j["totals"]["idle"]["idle_2y"]["count"], 1);
  EXPECT_NEAR(j["totals"]["approved_unsupplied"]["planar_m2"].get<double>(), 20000, 1e-6);
  EXPECT_EQ(j["batches"].size(), 3u);
  EXPECT_FALSE(j["supply_rate"]["meets"].get<bool>());
  EXPECT_EQ(j["zones"].size(), 2u);

  const std::vector<report::Table> tables = to_tables(r);
  ASSERT_EQ(tables.size(), 7u);
  EXPECT_EQ(tables[1].title, "地块准备情况");
  EXPECT_EQ(tables[1].rows.size(), 2u);  // P1, P6
  EXPECT_EQ(tables[2].rows.size(), 5u);  // supplied parcels
  EXPECT_EQ(tables[3].rows.size(), 3u);  // batches
  EXPECT_EQ(tables[5].rows.size(), 3u);  // P4's three flags
  for (const report::Table& t : tables)
    for (const auto& row : t.rows) EXPECT_LE(row.size(), t.columns.size()) << t.title;

  const std::vector<Layer> layers = to_layers(r, parcels);
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0].name, "ready_parcels");
  EXPECT_EQ(layers[0].features.size(), 1u);  // P1
  EXPECT_EQ(layers[1].name, "idle_parcels");
  EXPECT_EQ(layers[1].features.size(), 4u);  // P2 P3 P5 P7 (P4 is in use)
  EXPECT_EQ(layers[2].name, "unsupplied_approved");
  EXPECT_EQ(layers[2].features.size(), 2u);  // B1 and B3 (B2 fully supplied)
  EXPECT_EQ(layers[3].name, "inefficient_land");
  EXPECT_EQ(layers[3].features.size(), 1u);
  for (const Layer& l : layers)
    for (const Feature& f : l.features) EXPECT_EQ(f.values.size(), l.fields.size()) << l.name;

  const fs::path dir = fs::temp_directory_path() / "tudi-supply-test-out";
  fs::remove_all(dir);
  const auto paths = write_outputs(r, parcels, {dir, false, "UTF-8"});
  for (const fs::path& p : paths) EXPECT_TRUE(fs::exists(p)) << p;
  std::ifstream js(dir / "supply.json");
  EXPECT_EQ(nlohmann::json::parse(js)["parcels"].size(), 7u);
  EXPECT_THROW(write_outputs(r, parcels, {dir, false, "UTF-8"}), Error);  // exists, no overwrite
  EXPECT_NO_THROW(write_outputs(r, parcels, {dir, true, "UTF-8"}));
  fs::remove_all(dir);
}

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
  EXPECT_EQ(s.industrial_far_min, d.industrial_far_min);
  EXPECT_EQ(s.tax_per_mu_min, d.tax_per_mu_min);
  EXPECT_EQ(s.building_coefficient_min, 0.30);
}

TEST(Settings, ProjectSectionOverridesAndErrors) {
  Project p;
  p.file = "tudi.toml";
  p.analysis.as_of = "2023-01-01";
  p.sections["supply"] = "[inefficient]\ntax_per_mu_min = 15.0\n[supply_rate]\nline = 0.7\n";
  Settings s = load_settings(p);
  EXPECT_EQ(s.tax_per_mu_min, 15.0);
  EXPECT_EQ(s.supply_rate_line, 0.7);
  p.sections["supply"] = "[idle]\nfee = 0.3\n";
  EXPECT_THROW(load_settings(p), Error);
  p.sections["supply"] = "[idle]\nfee_rate = 3\n";
  EXPECT_THROW(load_settings(p), Error);
  p.sections.clear();
  p.analysis.as_of = "someday";
  EXPECT_THROW(load_settings(p), UsageError);
  p.analysis.as_of.clear();
  EXPECT_EQ(load_settings(p).as_of, today());
}

}  // namespace
}  // namespace tudi::supply
