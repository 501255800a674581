#include "tudi/geom/exact_overlay.hpp"

#include <algorithm>

#include "tudi/core/error.hpp"
#include "tudi/geom/overlay.hpp"

namespace tudi::geom {
namespace {

bool usable(const Geometry& g) {
  return g && !is_empty(g);
}

Geometry overlay(OverlayOp op, const Geometry& a, const Geometry& b) {
  try {
    return polygonal_part(op == OverlayOp::Intersection ? intersection(a, b) : difference(a, b));
  } catch (const Error&) {
    return robust_overlay(op, a, b, kSurveyGrid);
  }
}

}  // namespace

Geometry exact_intersection(const Geometry& a, const Geometry& b) {
  if (!usable(a) || !usable(b)) return empty_polygon();
  return overlay(OverlayOp::Intersection, a, b);
}

Geometry exact_difference(const Geometry& a, const Geometry& b) {
  if (!usable(a)) return empty_polygon();
  if (!usable(b)) return clone(a);
  return overlay(OverlayOp::Difference, a, b);
}

Geometry exact_union(std::vector<Geometry> parts) {
  std::erase_if(parts, [](const Geometry& g) { return !usable(g); });
  if (parts.empty()) return empty_polygon();
  if (parts.size() == 1) return std::move(parts.front());
  const Geometry all = collect(std::move(parts));
  try {
    return polygonal_part(unary_union(all));
  } catch (const Error&) {
    return polygonal_part(unary_union(all, kSurveyGrid));
  }
}

}  // namespace tudi::geom
