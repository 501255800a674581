#pragma once
// Hand-built layers for the supply tests: 100 m squares in CGCS2000 3° zone 39 (EPSG:4527).

#include <map>
#include <string>
#include <vector>

#include "tudi/core/layer.hpp"

namespace tudi::test {

inline constexpr double kX0 = 39500000;  // easting with the zone prefix, on the central meridian
inline constexpr double kY0 = 3500000;

/// WKT of an axis-aligned rectangle, in metres from (kX0, kY0).
inline std::string box(double x, double y, double w, double h) {
  const double a = kX0 + x, b = kY0 + y, c = a + w, d = b + h;
  auto p = [](double u, double v) { return std::to_string(u) + " " + std::to_string(v); };
  return "POLYGON((" + p(a, b) + ", " + p(c, b) + ", " + p(c, d) + ", " + p(a, d) + ", " + p(a, b) +
         "))";
}

/// A layer whose fields are named by their canonical names (so the mapping is the identity).
inline Layer make_layer(const std::string& role, const std::vector<std::string>& fields) {
  Layer l;
  l.name = role;
  l.source = role + ".test";
  l.role = role;
  l.crs = crs::Crs::from_epsg(4527);
  l.source_crs = l.crs;
  for (const std::string& f : fields) {
    l.fields.push_back({f, FieldType::String});
    l.mapping[f] = f;
  }
  return l;
}

/// Adds a feature: geometry from WKT, values by field name (others null). Numbers stay text, as
/// a bureau's spreadsheet often has them; the analysis reads both.
inline Feature& add(Layer& l, const std::string& wkt, const std::map<std::string, Value>& values) {
  Feature f;
  f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
  f.geometry = geom::from_wkt(wkt);
  f.values.resize(l.fields.size());
  for (const auto& [k, v] : values) {
    const int i = l.field_index(k);
    if (i < 0) throw std::runtime_error("test fixture: no field " + k);
    f.values[static_cast<std::size_t>(i)] = v;
  }
  l.features.push_back(std::move(f));
  return l.features.back();
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
                                                       "std_far_min"};

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
