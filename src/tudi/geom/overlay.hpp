#pragma once
// Overlay on a precision grid, with a robust façade in the manner of GEOS's OverlayNGRobust:
// an overlay that fails is retried on repaired and re-snapped inputs before giving up.

#include <string>
#include <vector>

#include "tudi/geom/geos.hpp"

namespace tudi::geom {

/// True when every vertex already lies on the grid, i.e. snapping would not move it.
bool on_grid(const Geometry& g, double grid);
/// The geometry on the grid: a copy when it already is, else snap_to_grid (topology kept).
Geometry to_grid(const Geometry& g, double grid);

/// Prepared "touches": the boundaries meet but the interiors do not.
bool touches(const Prepared& a, const Geometry& b);

/// The polygon parts of a polygonal geometry, each copied (empty parts left out).
std::vector<Geometry> polygons(const Geometry& g);

/// An axis-aligned rectangle as a polygon.
Geometry rectangle(const Envelope& e);

/// Which overlay a RobustOverlay runs.
enum class OverlayOp { Intersection, Difference };

/// How robust_overlay came to its answer: the floating overlay on the coordinates as given, or
/// one of its retries (fixed precision on the grid; on repaired, snapped input; on a grid ten
/// times coarser). Callers count the retries and report them.
enum class Attempt { Floating, Grid, Repaired, Coarse };

/// The overlay façade, in the manner of GEOS's OverlayNGRobust:
/// floating-precision OverlayNG on the coordinates as given first (as PostGIS's
/// ST_Intersection runs; no snap-rounding, whose noder is most of the cost), keeping only the
/// polygonal result. Nothing is snapped unless this pair's floating overlay fails. The fixed-precision
/// overlay on `grid` runs instead where the floating one fails or leaves a part thinner than
/// the grid (a collapse the grid would have removed, see thinner_than), so a shared edge never
/// becomes a phantom sliver. When the fixed-precision overlay fails too (a TopologyException on
/// odd input), the inputs are repaired (MakeValid) and snapped, and it is tried again; then once
/// more on a grid ten times coarser. Each such retry is described in `note` (empty when no
/// retry was needed); a third failure throws.
Geometry robust_overlay(OverlayOp op, const Geometry& a, const Geometry& b, double grid,
                        std::string* note = nullptr, Attempt* attempt = nullptr);
/// The union of polygonal geometries: floating precision first, then on the grid, with the
/// same checks and retries.
Geometry robust_union(std::vector<Geometry> parts, double grid, std::string* note = nullptr,
                      Attempt* attempt = nullptr);

/// True when some polygon of `g` is thinner than `grid` on average (area < grid × perimeter / 2,
/// i.e. a strip of width below the grid): a part that fixed precision on `grid` collapses.
bool thinner_than(const Geometry& g, double grid);

/// Splits a polygon with more than `max_vertices` vertices into pieces by halving its extent
/// along the longer side (cut lines on the grid), recursively, as PostGIS's ST_Subdivide does.
/// Small polygons come back as one piece. The pieces tile the input.
std::vector<Geometry> subdivide(const Geometry& g, int max_vertices, double grid);

}  // namespace tudi::geom
