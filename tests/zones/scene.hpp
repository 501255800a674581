#pragma once
// The hand-built county of the zones tests, where every indicator is known by hand. Layers and
// boxes come from the supply tests' fixtures (100 m units from (kX0, kY0) in EPSG:4527, on the
// central meridian, so ellipsoidal and planar areas agree to about 1e-8).
//
// Zone A is 1000 m × 1000 m (100 ha). Its parcels (ha, all inside unless said):
//   P1 10  industrial, supplied 2018, completed: floor 120000 m², footprint 60000 m²,
//          investment 90000 万元, tax 7000 万元
//   P2 10  residential, supplied 2018, completed: floor 200000 m², tax 1000 万元
//   P3 10  industrial, supplied 2023, agreed start 2023-06-01, not started: idle two years
//   P4 10  unsupplied, ready (净地)
//   P5 10  unsupplied, not expropriated (not ready)
//   P6  1  unsupplied but built (floor 5000 m², tax 50 万元)
//   P7  2  industrial, supplied, completed, half inside A: floor 40000, footprint 12000,
//          investment 20000, tax 1000 (half of each counts)
// Batch B1 approved P3 + P4 + P5 (30 ha); P3 is supplied, so 批而未供 is 20 ha.
// Zone C (2000..2500 × 0..500, 25 ha) lies apart with one built industrial parcel Q1 (5 ha).

#include <gtest/gtest.h>

#include "supply/fixtures.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones {

using test::add;
using test::box;

inline std::vector<std::string> parcel_fields() {
  std::vector<std::string> f = test::kParcelFields;
  f.push_back("investment");
  return f;
}

/// 1 ha in m², for readable expectations.
inline constexpr double kHa = 10000;

class Scene : public ::testing::Test {
 protected:
  Scene() {
    auto built = [](const std::string& id, const char* use, double floor, double tax) {
      return std::map<std::string, Value>{{"id", id},
                                          {"planned_use", use},
                                          {"supply_date", "2018-01-01"},
                                          {"agreed_start", "2018-06-01"},
                                          {"actual_start", "2018-07-01"},
                                          {"completed", "2020-01-01"},
                                          {"floor_area", floor},
                                          {"tax", tax}};
    };
    auto p1 = built("P1", "100102", 120000, 7000);
    p1["footprint"] = 60000.0;
    p1["investment"] = 90000.0;
    add(parcels, box(0, 0, 200, 500), p1);
    add(parcels, box(200, 0, 200, 500), built("P2", "070101", 200000, 1000));
    add(parcels, box(400, 0, 200, 500),
        {{"id", "P3"},
         {"planned_use", "100101"},
         {"supply_date", "2023-01-01"},
         {"agreed_start", "2023-06-01"}});
    auto p4 = test::ready_parcel("P4");
    add(parcels, box(600, 0, 200, 500), p4);
    auto p5 = test::ready_parcel("P5");
    p5["expropriated"] = "否";
    add(parcels, box(800, 0, 200, 500), p5);
    add(parcels, box(0, 500, 100, 100),
        {{"id", "P6"},
         {"planned_use", "070101"},
         {"completed", "2021-05-01"},
         {"floor_area", 5000.0},
         {"tax", 50.0}});
    auto p7 = built("P7", "100101", 40000, 1000);
    p7["footprint"] = 12000.0;
    p7["investment"] = 20000.0;
    add(parcels, box(-100, 600, 200, 100), p7);
    auto q1 = built("Q1", "110101", 60000, 2000);
    q1["footprint"] = 25000.0;
    q1["investment"] = 40000.0;
    add(parcels, box(2000, 0, 250, 200), q1);

    add(approvals, box(400, 0, 600, 500), {{"id", "B1"}, {"approval_date", "2022-05-01"}});

    add(zones, box(0, 0, 1000, 1000),
        {{"id", "A"}, {"name", "甲经开区"}, {"eval_type", "工业主导型"}});
    add(zones, box(2000, 0, 500, 500),
        {{"id", "C"}, {"name", "丙产业园"}, {"eval_type", "工业主导型"}});

    in.zones = &zones;
    in.parcels = &parcels;
    in.approvals = &approvals;
    settings.supply.as_of = *Date::from_ymd(2026, 11, 22);
    settings.national = {{"development_rate", 89.46}, {"industrial_investment", 8984}};
    settings.preconditions = {{"development_rate", 70, true, "建议默认值"},
                              {"supply_rate", 70, true, "建议默认值"}};
  }

  static const ZoneEval& zone(const std::vector<ZoneEval>& zs, const std::string& id) {
    for (const ZoneEval& z : zs)
      if (z.id == id) return z;
    throw std::runtime_error("no zone " + id);
  }
  static const ScenarioZone& zone(const ScenarioResult& s, const std::string& id) {
    for (const ScenarioZone& z : s.zones)
      if (z.eval.id == id) return z;
    throw std::runtime_error("no scenario zone " + id);
  }

  Layer zones = test::make_layer("zones", {"id", "name", "eval_type", "approved_area"});
  Layer parcels = test::make_layer("parcels", parcel_fields());
  Layer approvals = test::make_layer("approvals", {"id", "approval_date"});
  Inputs in;
  Settings settings;
};

/// The scene with an urban boundary (x < 1300), farmland at 1100..1200 × 0..200 and a scenario
/// that merges A and C into X and expands X by 1000..1200 × 0..400 (8 ha new, 2 ha farmland).
class Output : public Scene {
 protected:
  Output() {
    add(urban, box(-1000, -1000, 2300, 3000), {{"id", "U1"}});
    add(farmland, box(1100, 0, 100, 200), {{"id", "F1"}});
    in.urban = &urban;
    in.farmland = &farmland;
    sc = parse_scenario(
        "name = \"方案\"\n[[step]]\nop = \"merge\"\nzones = [\"A\", \"C\"]\n"
        "id = \"X\"\n[[step]]\nop = \"expand\"\nzone = \"X\"\npolygon = \"" +
            box(1000, 0, 200, 400) + "\"\n",
        "s.toml");
    opt.scenario = &sc;
  }
  Layer urban = test::make_layer("urban", {"id"});
  Layer farmland = test::make_layer("farmland", {"id"});
  Scenario sc;
  Options opt;
};

}  // namespace tudi::zones
