#include "tudi/crs/area.hpp"

#include <geodesic.h>
#include <ogr_spatialref.h>

#include <climits>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

#include "tudi/core/error.hpp"
#include "tudi/crs/transform.hpp"

namespace tudi::crs {
namespace {

// GRS80 as CGCS2000 defines it (semi-major axis in metres, flattening).
constexpr double kCgcs2000A = 6378137.0;
constexpr double kCgcs2000F = 1.0 / 298.257222101;

}  // namespace

struct EllipsoidalArea::Impl {
  geod_geodesic geod{};
  // Empty for a geographic CRS: its coordinates are already longitude/latitude.
  std::optional<Transformer> to_geographic;
  double degrees_per_unit = 1.0;  // for geographic CRSs in grads or radians
  std::string label;
};

EllipsoidalArea::EllipsoidalArea(const Crs& crs) : impl_(std::make_unique<Impl>()) {
  if (crs.empty()) throw Error("ellipsoidal area", "the layer has no CRS");
  geod_init(&impl_->geod, kCgcs2000A, kCgcs2000F);
  impl_->label = crs.label();
  if (crs.is_geographic()) {
    impl_->degrees_per_unit = crs.srs()->GetAngularUnits() * 180.0 / std::numbers::pi;
  } else {
    impl_->to_geographic.emplace(crs, Crs::from_epsg(kCgcs2000Geographic));
  }
}

EllipsoidalArea::~EllipsoidalArea() = default;
EllipsoidalArea::EllipsoidalArea(EllipsoidalArea&&) noexcept = default;

double EllipsoidalArea::operator()(const geom::Geometry& g) const {
  if (!g || geom::is_empty(g)) return 0.0;
  double total = 0.0;
  std::vector<double> lon, lat;
  geom::for_each_ring(g, [&](int part, int ring, std::span<const double> xy) {
    std::size_t n = xy.size() / 2;
    // The closing vertex repeats the first one; geod_polygonarea closes rings itself.
    if (n > 1 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1]) --n;
    if (n < 3) return;
    if (n > static_cast<std::size_t>(INT_MAX))
      throw Error(impl_->label, "ring too large for an ellipsoidal area");
    lon.resize(n);
    lat.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      lon[i] = xy[2 * i];
      lat[i] = xy[2 * i + 1];
    }
    if (impl_->to_geographic) {
      if (!impl_->to_geographic->transform(n, lon.data(), lat.data()))
        throw Error(impl_->label,
                    "part " + std::to_string(part) + " ring " + std::to_string(ring) +
                        ": a vertex could not be taken to CGCS2000 longitude/latitude");
    } else if (impl_->degrees_per_unit != 1.0) {
      for (std::size_t i = 0; i < n; ++i) {
        lon[i] *= impl_->degrees_per_unit;
        lat[i] *= impl_->degrees_per_unit;
      }
    }
    double a = 0.0, perimeter = 0.0;
    geod_polygonarea(&impl_->geod, lat.data(), lon.data(), static_cast<int>(n), &a, &perimeter);
    // Orientation varies between sources; shells add and holes subtract whatever their winding.
    total += ring == 0 ? std::fabs(a) : -std::fabs(a);
  });
  return total;
}

units::Area area(const geom::Geometry& g, const EllipsoidalArea& ellipsoidal) {
  return units::Area{geom::area(g), ellipsoidal(g)};
}

}  // namespace tudi::crs
