// Coordinate-level rewriting of GEOS geometries (declared at the end of geos.hpp). The
// geometry is rebuilt from new coordinate sequences rather than edited in place: GEOS caches
// envelopes, and a sequence changed behind its back would leave them stale.

#include <vector>

#include "tudi/core/error.hpp"
#include "tudi/geom/geos.hpp"

namespace tudi::geom {
namespace {

using CoordFn = std::function<void(std::size_t n, double* x, double* y)>;

struct SeqDeleter {
  void operator()(GEOSCoordSequence* s) const noexcept { GEOSCoordSeq_destroy_r(context(), s); }
};
using Seq = std::unique_ptr<GEOSCoordSequence, SeqDeleter>;

[[noreturn]] void fail(const std::string& what) {
  throw Error("GEOS transform_coords", what);
}

Geometry made(GEOSGeometry* g, const char* what) {
  if (!g) fail(std::string("could not build the ") + what);
  return Geometry(g);
}

/// The coordinates of a point, line string or linear ring, passed through `f`.
Seq transformed_sequence(const GEOSGeometry* g, const CoordFn& f) {
  GEOSContextHandle_t h = context();
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, g);
  if (!seq) fail("geometry has no coordinate sequence");
  unsigned n = 0, dims = 0;
  if (!GEOSCoordSeq_getSize_r(h, seq, &n) || !GEOSCoordSeq_getDimensions_r(h, seq, &dims))
    fail("unreadable coordinate sequence");
  const bool has_z = dims > 2;
  std::vector<double> x(n), y(n), z(has_z ? n : 0);
  if (!GEOSCoordSeq_copyToArrays_r(h, seq, x.data(), y.data(), has_z ? z.data() : nullptr, nullptr))
    fail("unreadable coordinate sequence");
  f(n, x.data(), y.data());
  Seq out(
      GEOSCoordSeq_copyFromArrays_r(h, x.data(), y.data(), has_z ? z.data() : nullptr, nullptr, n));
  if (!out) fail("could not build a coordinate sequence");
  return out;
}

std::vector<GEOSGeometry*> release_all(std::vector<Geometry>& parts) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (auto& p : parts) raw.push_back(p.release());
  return raw;
}

Geometry rebuild(const GEOSGeometry* g, const CoordFn& f) {
  GEOSContextHandle_t h = context();
  if (GEOSisEmpty_r(h, g) == 1) return made(GEOSGeom_clone_r(h, g), "empty geometry");
  const int type = GEOSGeomTypeId_r(h, g);
  switch (type) {
    case GEOS_POINT:
      return made(GEOSGeom_createPoint_r(h, transformed_sequence(g, f).release()), "point");
    case GEOS_LINESTRING:
      return made(GEOSGeom_createLineString_r(h, transformed_sequence(g, f).release()),
                  "line string");
    case GEOS_LINEARRING:
      return made(GEOSGeom_createLinearRing_r(h, transformed_sequence(g, f).release()), "ring");
    case GEOS_POLYGON: {
      Geometry shell = rebuild(GEOSGetExteriorRing_r(h, g), f);
      const int nholes = GEOSGetNumInteriorRings_r(h, g);
      std::vector<Geometry> holes;
      holes.reserve(static_cast<std::size_t>(nholes));
      for (int i = 0; i < nholes; ++i) holes.push_back(rebuild(GEOSGetInteriorRingN_r(h, g, i), f));
      std::vector<GEOSGeometry*> raw = release_all(holes);
      return made(GEOSGeom_createPolygon_r(h, shell.release(), raw.data(),
                                           static_cast<unsigned>(raw.size())),
                  "polygon");
    }
    case GEOS_MULTIPOINT:
    case GEOS_MULTILINESTRING:
    case GEOS_MULTIPOLYGON:
    case GEOS_GEOMETRYCOLLECTION: {
      const int n = GEOSGetNumGeometries_r(h, g);
      std::vector<Geometry> parts;
      parts.reserve(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) parts.push_back(rebuild(GEOSGetGeometryN_r(h, g, i), f));
      std::vector<GEOSGeometry*> raw = release_all(parts);
      return made(
          GEOSGeom_createCollection_r(h, type, raw.data(), static_cast<unsigned>(raw.size())),
          "collection");
    }
    default:
      fail("unsupported geometry type " + std::to_string(type));
  }
}

}  // namespace

Geometry transform_coords(const Geometry& g, const CoordFn& f) {
  if (!g) fail("null geometry");
  Geometry out = rebuild(g.get(), f);
  GEOSSetSRID_r(context(), out.get(), GEOSGetSRID_r(context(), g.get()));
  return out;
}

}  // namespace tudi::geom
