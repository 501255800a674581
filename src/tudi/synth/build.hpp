#pragma once
// Small tools the generator's parts share: local coordinates, polygons, layer building, dates.

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tudi/layer/layer.hpp"

namespace tudi::synth {

/// A point in the county's local frame: metres east and north of the county's south-west
/// corner. Absolute EPSG:4526 coordinates are the local ones plus (kOriginX, kOriginY).
struct XY {
  double x = 0, y = 0;
};
inline XY operator+(XY a, XY b) { return {a.x + b.x, a.y + b.y}; }
inline XY operator-(XY a, XY b) { return {a.x - b.x, a.y - b.y}; }
inline XY operator*(XY a, double k) { return {a.x * k, a.y * k}; }
inline bool operator==(XY a, XY b) { return a.x == b.x && a.y == b.y; }
using Ring = std::vector<XY>;

/// The demo county's south-west corner in EPSG:4526 (3° GK zone 38, zone-prefixed easting):
/// the county centre, local (10000, 10000), lies near 35.29°N 113.89°E.
inline constexpr double kOriginX = 38480000.0;
inline constexpr double kOriginY = 3897000.0;
inline constexpr double kCountySize = 20000.0;

/// Rounds to the millimetre, the coordinate precision the analyses snap to.
inline double mm(double v) { return std::round(v * 1000.0) / 1000.0; }
inline XY mm(XY p) { return {mm(p.x), mm(p.y)}; }
/// Rounds to `decimals` places (attribute values such as areas).
inline double round_to(double v, int decimals) {
  static constexpr double kScale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  const double k = kScale[decimals < 0 ? 0 : decimals > 6 ? 6 : decimals];
  return std::round(v * k) / k;
}

/// Polygon from local rings (first the shell), closed and moved to absolute coordinates.
geom::Geometry polygon(const std::vector<Ring>& rings, XY origin = {kOriginX, kOriginY});
inline geom::Geometry polygon(const Ring& shell, XY origin = {kOriginX, kOriginY}) {
  return polygon(std::vector<Ring>{shell}, origin);
}
Ring rect(double x0, double y0, double x1, double y1);
/// Signed area of a local ring (positive when counter-clockwise).
double ring_area(const Ring& r);
XY centroid(const Ring& r);
/// Point in polygon (even-odd rule) for a local ring.
bool inside(const Ring& r, XY p);
/// Local coordinates of a geometry's shell vertices (first part), without the closing point.
Ring local_shell(const geom::Geometry& g);

/// Builds a Layer feature by feature, setting values by field name so a typo fails loudly.
class LayerBuilder {
 public:
  LayerBuilder(std::string name, std::string role, int epsg, std::vector<FieldDef> fields);
  /// Adds a feature with the given values (others null); returns its index.
  std::size_t add(geom::Geometry g,
                  std::initializer_list<std::pair<std::string_view, Value>> values = {});
  void set(std::size_t feature, std::string_view field, Value v);
  const Value& get(std::size_t feature, std::string_view field) const;
  Layer& layer() { return layer_; }
  /// Finishes: the role's field mapping is resolved (explicit entries first) and the layer
  /// handed over.
  Layer take(const FieldMapping& explicit_mapping = {});

 private:
  std::size_t index(std::string_view field) const;
  Layer layer_;
};

/// A text value, or null when empty.
Value text(std::string s);
/// A number rounded to `decimals`, as a Real value.
Value real(double v, int decimals = 2);

// --- civil dates (proleptic Gregorian), no time zones involved
struct Date {
  int y = 0, m = 0, d = 0;
  bool empty() const { return y == 0; }
};
std::int64_t days_from_civil(Date dt);
Date civil_from_days(std::int64_t days);
Date add_days(Date dt, std::int64_t n);
/// Adds whole months, clamping the day to the month's length (2024-02-29 + 12 months → 2025-02-28).
Date add_months(Date dt, int months);
Date parse_iso(std::string_view s);  // "2021-03-05"
/// How a date is written in a text field, as bureaus type them.
enum class DateStyle { Iso, Slash, Dot, Compact, ExcelSerial };
std::string format_date(Date dt, DateStyle style = DateStyle::Iso);

}  // namespace tudi::synth
