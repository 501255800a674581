#pragma once
// Layers built in code for the analysis tests (supply, match, zones): fields named by their
// canonical names, so the role mapping is the identity, and features added by field name.

#include <fmt/format.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "tudi/layer/layer.hpp"

namespace tudi::test {

/// WKT of the axis-aligned rectangle with its south-west corner at (x, y), in metres.
inline std::string rectangle_wkt(double x, double y, double w, double h) {
  auto p = [](double u, double v) { return fmt::format("{:.9f} {:.9f}", u, v); };
  return "POLYGON((" + p(x, y) + ", " + p(x + w, y) + ", " + p(x + w, y + h) + ", " +
         p(x, y + h) + ", " + p(x, y) + "))";
}

/// An empty layer of `role` in EPSG:`epsg` with text fields named by canonical names.
inline Layer canonical_layer(const std::string& role, const std::vector<std::string>& fields,
                             int epsg) {
  Layer l;
  l.name = role;
  l.source = role + ".test";
  l.role = role;
  l.crs = crs::Crs::from_epsg(epsg);
  l.source_crs = l.crs;
  for (const std::string& f : fields) {
    l.fields.push_back({f, FieldType::String});
    l.mapping[f] = f;
  }
  return l;
}

/// Adds a feature: geometry from WKT, values by field name (others null). Numbers may stay
/// text, as a bureau's spreadsheet often has them; the analyses read both.
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

}  // namespace tudi::test
