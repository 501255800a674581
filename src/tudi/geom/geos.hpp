#pragma once
// RAII over the GEOS C API (reentrant `_r` functions, one context per thread). Nothing outside
// src/tudi/geom touches a bare GEOSGeometry*: analyses use Geometry and the functions below.

#include <geos_c.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/core/envelope.hpp"

namespace tudi::geom {

/// This thread's GEOS context, created on first use and destroyed with the thread. GEOS errors
/// raised through it become tudi::Error exceptions at the call that caused them.
GEOSContextHandle_t context();

struct GeometryDeleter {
  void operator()(GEOSGeometry* g) const noexcept;
};
/// An owned GEOS geometry. Geometries are not tied to the context that made them: any thread
/// may read one as long as no thread changes it.
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* p) const noexcept;
};
/// A prepared geometry for repeated predicates; it borrows the Geometry it was made from,
/// which must outlive it.
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// --- construction and serialisation
Geometry from_wkb(std::span<const std::uint8_t> wkb);
Geometry from_wkt(std::string_view wkt);
std::vector<std::uint8_t> to_wkb(const Geometry& g);
std::string to_wkt(const Geometry& g, int decimals = 3);
Geometry clone(const Geometry& g);
Geometry empty_polygon();
/// A polygon from rings of (x, y) pairs: the first ring is the shell, the others holes.
Geometry polygon(const std::vector<std::vector<std::pair<double, double>>>& rings);
/// Collects geometries into a multi-geometry (or a collection); takes ownership.
Geometry collect(std::vector<Geometry> parts);

// --- inspection
bool is_empty(const Geometry& g);
int type_id(const Geometry& g);  // GEOS_POLYGON, GEOS_MULTIPOLYGON, ...
bool is_polygonal(const Geometry& g);
std::string type_name(const Geometry& g);
int num_parts(const Geometry& g);
/// The i-th part of a multi-geometry or collection, copied.
Geometry part(const Geometry& g, int i);
int num_points(const Geometry& g);
Envelope envelope(const Geometry& g);
double area(const Geometry& g);
double length(const Geometry& g);
/// Visits every ring of every polygon part: part index, ring index (0 = shell), coordinates.
void for_each_ring(const Geometry& g,
                   const std::function<void(int part, int ring,
                                            std::span<const double> xy)>& visit);

/// True when any coordinate is NaN or infinite (GEOS and envelopes quietly skip them).
bool has_non_finite(const Geometry& g);

// --- validity
/// Empty string when valid, otherwise GEOS's reason in Chinese ("自相交，位置 (x y)").
std::string invalid_reason(const Geometry& g);
/// GEOS MakeValid (structure method, keeping collapsed parts out) restricted to the polygonal
/// result for polygonal input.
Geometry make_valid(const Geometry& g);
/// Rounds coordinates to a grid (e.g. 0.001 m) keeping a valid topology (GEOSGeom_setPrecision).
Geometry snap_to_grid(const Geometry& g, double grid);

// --- predicates
bool intersects(const Geometry& a, const Geometry& b);
bool covers(const Geometry& a, const Geometry& b);
Prepared prepare(const Geometry& g);
bool intersects(const Prepared& a, const Geometry& b);
bool covers(const Prepared& a, const Geometry& b);
bool contains_properly(const Prepared& a, const Geometry& b);

// --- overlay (OverlayNG; grid > 0 runs it in fixed precision)
Geometry intersection(const Geometry& a, const Geometry& b, double grid = 0);
Geometry difference(const Geometry& a, const Geometry& b, double grid = 0);
Geometry unite(const Geometry& a, const Geometry& b, double grid = 0);
Geometry unary_union(const Geometry& g, double grid = 0);
Geometry buffer(const Geometry& g, double distance, int quadrant_segments = 8);
/// Keeps only the polygonal parts of an overlay result (drops lines and points it may yield).
Geometry polygonal_part(Geometry g);

// --- coordinates (transform_coords.cpp)
/// A copy of `g` with every coordinate sequence (each point, line and ring) passed to `f` as
/// x and y arrays of length n, changed in place by `f`; Z values and the structure are kept.
/// `f` may throw: nothing leaks. Used by crs::Transformer to reproject without WKB round trips.
Geometry transform_coords(const Geometry& g,
                          const std::function<void(std::size_t n, double* x, double* y)>& f);

}  // namespace tudi::geom
