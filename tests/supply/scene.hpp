#pragma once
// The hand-built scene shared by the analyse and output tests.

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {

using test::add;
using test::box;

/// Seven parcels in a row of 100 m squares (P1 at x = 0 … P7 at x = 600), three batches, two
/// zones. As of 2023-01-01.
class Scene : public ::testing::Test {
 protected:
  Scene() {
    add(parcels, box(0, 0, 100, 100), test::ready_parcel("P1"));
    add(parcels, box(100, 0, 100, 100),
        {{"id", "P2"},
         {"supply_date", "2020-01-01"},
         {"agreed_start", "2020-06-01"},
         {"land_price", "900"}});
    add(parcels, box(200, 0, 100, 100),
        {{"id", "P3"},
         {"supply_date", "2021/3/1"},
         {"agreed_start", "2021.9.1"},
         {"land_price", 800.0}});
    add(parcels, box(300, 0, 100, 100),
        {{"id", "P4"},
         {"planned_use", "100101"},
         {"supply_date", "2016-05-01"},
         {"agreed_start", "2016-10-01"},
         {"actual_start", "2016-04-01"},
         {"completed", "2018-01-01"},
         {"floor_area", 5000.0},
         {"footprint", 2000.0},
         {"tax", 10.0}});
    add(parcels, box(400, 0, 100, 100),
        {{"id", "P5"},
         {"supply_date", "2022-06-01"},
         {"agreed_start", "2022-09-01"},
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
  static const ParcelStatus& parcel(const Result& r, const std::string& id) {
    for (const ParcelStatus& p : r.parcels)
      if (p.id == id) return p;
    throw std::runtime_error("no parcel " + id);
  }
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  Layer approvals = test::make_layer(
      "approvals", {"id", "name", "approval_no", "approval_date", "approved_area", "kind",
                    "withdrawn_area", "reduced_area"});
  Layer zones = test::make_layer("zones", {"id", "name"});
  Inputs in;
  Settings settings;
};

}  // namespace tudi::supply
