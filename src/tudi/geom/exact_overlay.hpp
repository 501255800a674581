#pragma once
// Overlay that keeps the inputs' boundaries exactly: floating precision first, the robust
// fixed-grid façade (overlay.hpp) only when GEOS fails. For results checked by area against
// their inputs (an expansion candidate must not overlap farmland by even 0.01 m²), where
// snapping every result to a grid would shift shared edges.

#include <vector>

#include "tudi/geom/geos.hpp"

namespace tudi::geom {

/// The survey coordinate precision (DOMAIN §6), the grid of the retry.
inline constexpr double kSurveyGrid = 0.001;

/// a ∩ b, polygonal; on failure robust_overlay on kSurveyGrid.
Geometry exact_intersection(const Geometry& a, const Geometry& b);
/// a − b, polygonal (a copy of a when b is null or empty); on failure as above.
Geometry exact_difference(const Geometry& a, const Geometry& b);
/// The union of polygonal geometries (null and empty ones skipped; empty polygon for none);
/// on failure the union on kSurveyGrid.
Geometry exact_union(std::vector<Geometry> parts);

}  // namespace tudi::geom
