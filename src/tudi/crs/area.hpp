#pragma once
// Ellipsoidal (official) area on the CGCS2000 ellipsoid, DOMAIN §3.

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
  explicit EllipsoidalArea(const Crs& crs);
  ~EllipsoidalArea();
  EllipsoidalArea(EllipsoidalArea&&) noexcept;
  double operator()(const geom::Geometry& g) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Planar area (in the CRS's own units, m² for GK zones) and ellipsoidal area together.
units::Area area(const geom::Geometry& g, const EllipsoidalArea& ellipsoidal);

}  // namespace tudi::crs
