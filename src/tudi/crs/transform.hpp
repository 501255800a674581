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

}  // namespace tudi::crs
