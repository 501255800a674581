#pragma once
// Internal to src/tudi/supply: overlay with one snapped retry.

#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/core/units.hpp"
#include "tudi/crs/area.hpp"

namespace tudi::supply::detail {

/// Overlay results restricted to polygons. A failed overlay (TopologyException on messy
/// digitising) is retried once in fixed precision at 0.001 m, the survey precision (DOMAIN §6).
geom::Geometry intersection(const geom::Geometry& a, const geom::Geometry& b);
geom::Geometry difference(const geom::Geometry& a, const geom::Geometry& b);
geom::Geometry union_all(std::vector<geom::Geometry> parts);

}  // namespace tudi::supply::detail
