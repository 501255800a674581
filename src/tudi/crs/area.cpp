#include "tudi/crs/area.hpp"

#include <geodesic.h>
#include <ogr_spatialref.h>

#include <climits>
#include <cmath>
#include <numbers>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tudi/core/error.hpp"
#include "tudi/crs/transform.hpp"

namespace tudi::crs {
namespace {

// GRS80 as CGCS2000 defines it (semi-major axis in metres, flattening).
constexpr double kCgcs2000A = 6378137.0;
constexpr double kCgcs2000F = 1.0 / 298.257222101;

}  // namespace

/// The Gauss-Krüger point scale factor from grid coordinates, k = k0 (1 + u²/2R² + u⁴/24R⁴)
/// with u the easting from the false easting over k0 and R² = ρν at the footpoint latitude.
struct GaussKruger {
  double k0 = 1, false_easting = 0, false_northing = 0;
  double e2 = 0, a = kCgcs2000A;

  /// ρν at the footpoint latitude of a northing (Snyder's inverse meridian arc series).
  double radius2(double northing) const {
    const double m = (northing - false_northing) / k0;
    const double mu = m / (a * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
    const double r = std::sqrt(1 - e2), e1 = (1 - r) / (1 + r);
    const double phi = mu + (3 * e1 / 2 - 27 * e1 * e1 * e1 / 32) * std::sin(2 * mu) +
                       (21 * e1 * e1 / 16 - 55 * e1 * e1 * e1 * e1 / 32) * std::sin(4 * mu) +
                       (151 * e1 * e1 * e1 / 96) * std::sin(6 * mu);
    const double s = std::sin(phi), w = 1 - e2 * s * s;
    const double nu = a / std::sqrt(w), rho = a * (1 - e2) / (w * std::sqrt(w));
    return rho * nu;
  }

  /// ∬ dA / k² over the polygon, or a negative number when it is too large for the method.
  /// Moments of ξ = x − x₀ by Green's theorem, ∬ ξⁿ dA = ∮ ξⁿ⁺¹/(n+1) dη, edge by edge.
  double area(const geom::Geometry& g) const {
    bool first = true, too_large = false;
    double x0 = 0, y0 = 0;
    double m[5] = {0, 0, 0, 0, 0};
    geom::for_each_ring(g, [&](int, int ring, std::span<const double> xy) {
      const std::size_t n = xy.size() / 2;
      if (n < 4) return;
      if (first) {
        x0 = xy[0];
        y0 = xy[1];
        first = false;
      }
      double r[5] = {0, 0, 0, 0, 0};
      for (std::size_t i = 0; i + 1 < n; ++i) {
        const double a1 = xy[2 * i] - x0, b1 = xy[2 * i + 1] - y0;
        const double a2 = xy[2 * i + 2] - x0, b2 = xy[2 * i + 3] - y0;
        if (std::fabs(a1) > EllipsoidalArea::kScaleFactorExtent ||
            std::fabs(b1) > EllipsoidalArea::kScaleFactorExtent)
          too_large = true;
        const double db = b2 - b1;
        // S_k = Σ a1^i a2^(k−i), i = 0..k; ∬ ξⁿ dA gains db · S_(n+1) / ((n+1)(n+2)).
        double p1 = 1, s = 0;
        double pow2[6] = {1, a2, a2 * a2, a2 * a2 * a2, a2 * a2 * a2 * a2, a2 * a2 * a2 * a2 * a2};
        for (int k = 1; k <= 5; ++k) {
          // S_k from scratch: small k, cheap, and no cancellation.
          s = 0;
          p1 = 1;
          for (int j = 0; j <= k; ++j) {
            s += p1 * pow2[k - j];
            p1 *= a1;
          }
          r[k - 1] += db * s / (k * (k + 1));
        }
      }
      // Shells add and holes subtract whatever their winding.
      const double sign = (r[0] >= 0) == (ring == 0) ? 1.0 : -1.0;
      for (int k = 0; k < 5; ++k) m[k] += sign * r[k];
    });
    if (too_large) return -1;
    if (first) return 0;
    const double X = (x0 - false_easting) / k0;
    // ξ over k0, as u is.
    const double c1 = 1 / k0, c2 = c1 * c1, c3 = c2 * c1, c4 = c2 * c2;
    const double u2 = X * X * m[0] + 2 * X * m[1] * c1 + m[2] * c2;
    const double u4 = X * X * X * X * m[0] + 4 * X * X * X * m[1] * c1 + 6 * X * X * m[2] * c2 +
                      4 * X * m[3] * c3 + m[4] * c4;
    const double r2 = radius2(y0);
    // 1/k² = (1 + w + w²/6)⁻² / k0² with w = u²/2R²: 1 − 2w + (8/3)w² to within w³ (≈ 10⁻¹¹).
    return (m[0] - u2 / r2 + (2.0 / 3.0) * u4 / (r2 * r2)) / (k0 * k0);
  }
};

struct EllipsoidalArea::Impl {
  geod_geodesic geod{};
  std::optional<GaussKruger> gk;  // set for the scale-factor method in a CGCS2000 GK zone
  // Empty for a geographic CRS: its coordinates are already longitude/latitude.
  std::optional<Transformer> to_geographic;
  double degrees_per_unit = 1.0;  // for geographic CRSs in grads or radians
  std::string label;
};

EllipsoidalArea::EllipsoidalArea(const Crs& crs, Method method)
    : impl_(std::make_unique<Impl>()) {
  if (crs.empty()) throw Error("ellipsoidal area", "the layer has no CRS");
  geod_init(&impl_->geod, kCgcs2000A, kCgcs2000F);
  impl_->label = crs.label();
  if (crs.is_geographic()) {
    impl_->degrees_per_unit = crs.srs()->GetAngularUnits() * 180.0 / std::numbers::pi;
  } else {
    impl_->to_geographic.emplace(crs, Crs::from_epsg(kCgcs2000Geographic));
    const OGRSpatialReference* srs = crs.srs();
    const char* projection = srs->GetAttrValue("PROJECTION");
    const char* geogcs = srs->GetAuthorityCode("GEOGCS");
    if (method == Method::ScaleFactor && projection &&
        std::string(projection) == SRS_PT_TRANSVERSE_MERCATOR && geogcs &&
        std::string(geogcs) == std::to_string(kCgcs2000Geographic) &&
        srs->GetNormProjParm(SRS_PP_LATITUDE_OF_ORIGIN, 0.0) == 0.0 &&
        srs->GetLinearUnits() == 1.0) {
      GaussKruger gk;
      gk.k0 = srs->GetNormProjParm(SRS_PP_SCALE_FACTOR, 1.0);
      gk.false_easting = srs->GetNormProjParm(SRS_PP_FALSE_EASTING, 0.0);
      gk.false_northing = srs->GetNormProjParm(SRS_PP_FALSE_NORTHING, 0.0);
      gk.e2 = kCgcs2000F * (2 - kCgcs2000F);
      impl_->gk = gk;
    }
  }
}

bool EllipsoidalArea::uses_scale_factor() const {
  return impl_->gk.has_value();
}

double EllipsoidalArea::operator()(const geom::Geometry& g) const {
  if (impl_->gk && g && !geom::is_empty(g)) {
    const double a = impl_->gk->area(g);
    if (a >= 0) return a;
  }
  return geodesic(g);
}

EllipsoidalArea::~EllipsoidalArea() = default;
EllipsoidalArea::EllipsoidalArea(EllipsoidalArea&&) noexcept = default;

double EllipsoidalArea::geodesic(const geom::Geometry& g) const {
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

AreaMeter::AreaMeter(const Crs& crs, EllipsoidalArea::Method method) {
  if (!crs.empty()) ellipsoidal_ = std::make_shared<EllipsoidalArea>(crs, method);
}

units::Area AreaMeter::operator()(const geom::Geometry& g) const {
  if (!g || geom::is_empty(g)) return {};
  if (ellipsoidal_) return area(g, *ellipsoidal_);
  const double a = geom::area(g);
  return {a, a};
}

}  // namespace tudi::crs
