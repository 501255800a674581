#include "tudi/synth/build.hpp"

#include <cstdio>

#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"

namespace tudi::synth {

geom::Geometry polygon(const std::vector<Ring>& rings, XY origin) {
  std::vector<std::vector<std::pair<double, double>>> out;
  out.reserve(rings.size());
  for (const Ring& r : rings) {
    std::vector<std::pair<double, double>> ring;
    ring.reserve(r.size() + 1);
    for (const XY& p : r) ring.emplace_back(mm(origin.x + p.x), mm(origin.y + p.y));
    if (!r.empty() && !(r.front() == r.back())) ring.push_back(ring.front());
    out.push_back(std::move(ring));
  }
  return geom::polygon(out);
}

Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

double ring_area(const Ring& r) {
  double a = 0;
  for (std::size_t i = 0, n = r.size(); i < n; ++i) {
    const XY& p = r[i];
    const XY& q = r[(i + 1) % n];
    a += p.x * q.y - q.x * p.y;
  }
  return a / 2;
}

XY centroid(const Ring& r) {
  double a = 0, cx = 0, cy = 0;
  for (std::size_t i = 0, n = r.size(); i < n; ++i) {
    const XY& p = r[i];
    const XY& q = r[(i + 1) % n];
    const double c = p.x * q.y - q.x * p.y;
    a += c;
    cx += (p.x + q.x) * c;
    cy += (p.y + q.y) * c;
  }
  if (a == 0) return r.empty() ? XY{} : r.front();
  return {cx / (3 * a), cy / (3 * a)};
}

bool inside(const Ring& r, XY p) {
  bool in = false;
  for (std::size_t i = 0, n = r.size(), k = n - 1; i < n; k = i++) {
    const XY& a = r[i];
    const XY& b = r[k];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
      in = !in;
  }
  return in;
}

Ring local_shell(const geom::Geometry& g) {
  Ring out;
  bool done = false;
  geom::for_each_ring(g, [&](int, int ring, std::span<const double> xy) {
    if (done || ring != 0) return;
    for (std::size_t i = 0; i + 1 < xy.size() / 2; ++i)  // drop the closing point
      out.push_back({mm(xy[2 * i] - kOriginX), mm(xy[2 * i + 1] - kOriginY)});
    done = true;
  });
  return out;
}

LayerBuilder::LayerBuilder(std::string name, std::string role, int epsg,
                           std::vector<FieldDef> fields) {
  layer_.name = std::move(name);
  layer_.source = "tudi synth";
  layer_.role = std::move(role);
  layer_.crs = crs::Crs::from_epsg(epsg);
  layer_.source_crs = layer_.crs;
  layer_.fields = std::move(fields);
}

std::size_t LayerBuilder::index(std::string_view field) const {
  const int i = layer_.field_index(field);
  if (i < 0) throw Error("tudi synth", "layer " + layer_.name + " has no field " + std::string(field));
  return static_cast<std::size_t>(i);
}

std::size_t LayerBuilder::add(geom::Geometry g,
                              std::initializer_list<std::pair<std::string_view, Value>> values) {
  Feature f;
  f.fid = static_cast<std::int64_t>(layer_.features.size()) + 1;
  f.geometry = std::move(g);
  f.values.resize(layer_.fields.size());
  for (const auto& [name, v] : values) f.values[index(name)] = v;
  layer_.features.push_back(std::move(f));
  return layer_.features.size() - 1;
}

void LayerBuilder::set(std::size_t feature, std::string_view field, Value v) {
  layer_.features.at(feature).values[index(field)] = std::move(v);
}

const Value& LayerBuilder::get(std::size_t feature, std::string_view field) const {
  return layer_.features.at(feature).values[index(field)];
}

Layer LayerBuilder::take(const FieldMapping& explicit_mapping) {
  if (const Role* role = find_role(layer_.role))
    layer_.mapping = resolve_mapping(*role, layer_.fields, explicit_mapping, layer_.name);
  return std::move(layer_);
}

Value text(std::string s) {
  if (s.empty()) return std::monostate{};
  return Value(std::move(s));
}

Value real(double v, int decimals) { return Value(round_to(v, decimals)); }

// Howard Hinnant's civil-date algorithms (public domain formulas), days since 1970-01-01.
std::int64_t days_from_civil(Date dt) {
  const std::int64_t y = dt.y - (dt.m <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (dt.m + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + dt.d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d};
}

Date add_days(Date dt, std::int64_t n) { return civil_from_days(days_from_civil(dt) + n); }

Date add_months(Date dt, int months) {
  int total = dt.y * 12 + (dt.m - 1) + months;
  Date out{total / 12, total % 12 + 1, dt.d};
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (out.y % 4 == 0 && out.y % 100 != 0) || out.y % 400 == 0;
  const int last = out.m == 2 && leap ? 29 : kDays[out.m - 1];
  if (out.d > last) out.d = last;
  return out;
}

Date parse_iso(std::string_view s) {
  Date d;
  if (std::sscanf(std::string(s).c_str(), "%d-%d-%d", &d.y, &d.m, &d.d) != 3)
    throw Error("tudi synth", "bad date " + std::string(s));
  return d;
}

std::string format_date(Date dt, DateStyle style) {
  if (dt.empty()) return {};
  char buf[32];
  switch (style) {
    case DateStyle::Iso: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dt.y, dt.m, dt.d); break;
    case DateStyle::Slash: std::snprintf(buf, sizeof buf, "%d/%d/%d", dt.y, dt.m, dt.d); break;
    case DateStyle::Dot: std::snprintf(buf, sizeof buf, "%d.%d.%d", dt.y, dt.m, dt.d); break;
    case DateStyle::Compact: std::snprintf(buf, sizeof buf, "%04d%02d%02d", dt.y, dt.m, dt.d); break;
    case DateStyle::ExcelSerial:
      // Excel's 1900 date system: serial 25569 is 1970-01-01 (it counts a 1900-02-29).
      std::snprintf(buf, sizeof buf, "%lld",
                    static_cast<long long>(days_from_civil(dt) + 25569));
      break;
  }
  return buf;
}

}  // namespace tudi::synth
