#pragma once
// Ellipsoidal (official) area on the CGCS2000 ellipsoid, DOMAIN §3.

#include <memory>

#include "tudi/core/units.hpp"
#include "tudi/crs/crs.hpp"
#include "tudi/geom/geos.hpp"

namespace tudi::crs {

/// Computes ellipsoidal areas of geometries given in one CRS: vertices are taken to CGCS2000
/// longitude/latitude (inverse Gauss projection for GK zones) and the polygon area is computed
/// on the GRS80 ellipsoid with geodesic edges (PROJ's geod_polygonarea). Holes are subtracted.
/// One per thread (it holds a transformer).
class EllipsoidalArea {
 public:
  /// Geodesic: every vertex inverse-projected (the reference). ScaleFactor: for polygons of at
  /// most kScaleFactorExtent in a CGCS2000 Gauss-Krüger CRS, the planar area divided by the
  /// square of the projection's point scale factor, integrated over the polygon in one pass
  /// over its coordinates (moments of the easting; no PROJ call per vertex), which agrees with
  /// the geodesic area to better than 10⁻⁶ relative; everything else as Geodesic.
  enum class Method { Geodesic, ScaleFactor };
  static constexpr double kScaleFactorExtent = 10000;  // metres

  explicit EllipsoidalArea(const Crs& crs, Method method = Method::Geodesic);
  ~EllipsoidalArea();
  EllipsoidalArea(EllipsoidalArea&&) noexcept;
  double operator()(const geom::Geometry& g) const;
  /// The geodesic reference whatever the method.
  double geodesic(const geom::Geometry& g) const;
  /// True when the scale-factor method applies to this CRS (chosen and a CGCS2000 GK zone).
  bool uses_scale_factor() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Planar area (in the CRS's own units, m² for GK zones) and ellipsoidal area together.
units::Area area(const geom::Geometry& g, const EllipsoidalArea& ellipsoidal);

/// The analyses' one area meter: planar and ellipsoidal area of geometries in one CRS; a null or
/// empty geometry measures 0, and without a CRS (hand-built layers) the ellipsoidal area is the
/// planar one. Copies share one EllipsoidalArea: give each thread its own meter.
class AreaMeter {
 public:
  explicit AreaMeter(const Crs& crs, EllipsoidalArea::Method method = EllipsoidalArea::Method::Geodesic);
  units::Area operator()(const geom::Geometry& g) const;

 private:
  std::shared_ptr<EllipsoidalArea> ellipsoidal_;
};

}  // namespace tudi::crs
