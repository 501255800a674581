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

/// The overlay façade: fixed-precision OverlayNG on `grid`, keeping only the polygonal result.
/// When GEOS fails (a TopologyException on odd input), the inputs are repaired (MakeValid) and
/// snapped, and the overlay is tried again; then once more on a grid ten times coarser. Each
/// retry is described in `note` (empty when the first attempt worked); a third failure throws.
Geometry robust_overlay(OverlayOp op, const Geometry& a, const Geometry& b, double grid,
                        std::string* note = nullptr);
/// The union of polygonal geometries on the grid, with the same retries.
Geometry robust_union(std::vector<Geometry> parts, double grid, std::string* note = nullptr);

/// Splits a polygon with more than `max_vertices` vertices into pieces by halving its extent
/// along the longer side (cut lines on the grid), recursively, as PostGIS's ST_Subdivide does.
/// Small polygons come back as one piece. The pieces tile the input.
std::vector<Geometry> subdivide(const Geometry& g, int max_vertices, double grid);

}  // namespace tudi::geom
