#pragma once
// Hand-built layers for the supply tests: 100 m squares in CGCS2000 3° zone 39 (EPSG:4527).

#include <map>
#include <string>
#include <vector>

#include "layer_fixtures.hpp"
#include "tudi/layer/layer.hpp"

namespace tudi::test {

inline constexpr double kX0 = 39500000;  // easting with the zone prefix, on the central meridian
inline constexpr double kY0 = 3500000;

/// WKT of an axis-aligned rectangle, in metres from (kX0, kY0).
inline std::string box(double x, double y, double w, double h) {
  return rectangle_wkt(kX0 + x, kY0 + y, w, h);
}

/// A layer of `role` in EPSG:4527 (see layer_fixtures.hpp).
inline Layer make_layer(const std::string& role, const std::vector<std::string>& fields) {
  return canonical_layer(role, fields, 4527);
}

inline const std::vector<std::string> kParcelFields = {"id",
                                                       "name",
                                                       "planned_use",
                                                       "expropriated",
                                                       "title_clear",
                                                       "infrastructure",
                                                       "planning_conditions",
                                                       "supply_date",
                                                       "supply_type",
                                                       "agreed_start",
                                                       "delivery_date",
                                                       "actual_start",
                                                       "suspended_since",
                                                       "completed",
                                                       "developed_share",
                                                       "invested_share",
                                                       "government_cause",
                                                       "land_price",
                                                       "floor_area",
                                                       "footprint",
                                                       "tax",
                                                       "std_investment",
                                                       "std_tax",
                                                       "std_far_min",
                                                       "illegal_building_area"};

/// The attributes of a parcel that is ready and standard land.
inline std::map<std::string, Value> ready_parcel(const std::string& id) {
  return {{"id", id},
          {"name", "地块" + id},
          {"planned_use", "100102"},
          {"expropriated", "是"},
          {"title_clear", "是"},
          {"infrastructure", "五通一平"},
          {"planning_conditions", "是"},
          {"std_investment", 300.0},
          {"std_tax", 15.0},
          {"std_far_min", 1.2}};
}

}  // namespace tudi::test
