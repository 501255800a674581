#pragma once
// Reprojection of geometries between CRSs, with PROJ through OGR.

#include <memory>
#include <string>

#include "tudi/crs/crs.hpp"
#include "tudi/geom/geos.hpp"

class OGRCoordinateTransformation;
class OGRGeometry;

namespace tudi::crs {

/// Transforms from one CRS to another; identity when both are the same. Not thread-safe: make
/// one per thread.
class Transformer {
 public:
  Transformer(const Crs& from, const Crs& to);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;

  bool is_identity() const { return !ct_; }
  /// Transforms in place; throws tudi::Error when a point cannot be transformed.
  void transform(OGRGeometry& g) const;
  geom::Geometry transform(const geom::Geometry& g) const;
  /// Transforms coordinate arrays in place; false if any point failed.
  bool transform(std::size_t n, double* x, double* y) const;

 private:
  std::unique_ptr<OGRCoordinateTransformation> ct_;
  std::string where_;  // "EPSG:4526 -> EPSG:4490", names the transformation in errors
};

/// Why coordinates spanning `extent` cannot be in `c`, "" when they may be: the extent, taken
/// to latitude and longitude, falls outside where the CRS is used (PROJ's area of use, with a
/// margin of a zone's width) or cannot be transformed at all. This is what tells a UTM or a
/// wrong-zone .prj on Gauss-Krüger coordinates, and negative GK coordinates, from real data.
/// A CRS without a recorded area of use is only checked for coordinates on the globe.
std::string extent_misfit(const Crs& c, const Envelope& extent);

}  // namespace tudi::crs
