#include "tudi/supply/detail.hpp"

#include <algorithm>
#include <span>

#include "tudi/core/error.hpp"

namespace tudi::supply::detail {
namespace {
constexpr double kGrid = 0.001;  // m, survey coordinate precision
}

geom::Geometry intersection(const geom::Geometry& a, const geom::Geometry& b) {
  try {
    return geom::polygonal_part(geom::intersection(a, b));
  } catch (const Error&) {
    return geom::polygonal_part(geom::intersection(a, b, kGrid));
  }
}

geom::Geometry difference(const geom::Geometry& a, const geom::Geometry& b) {
  try {
    return geom::polygonal_part(geom::difference(a, b));
  } catch (const Error&) {
    return geom::polygonal_part(geom::difference(a, b, kGrid));
  }
}

geom::Geometry union_all(std::vector<geom::Geometry> parts) {
  std::erase_if(parts, [](const geom::Geometry& g) { return !g || geom::is_empty(g); });
  if (parts.empty()) return geom::empty_polygon();
  if (parts.size() == 1) return std::move(parts.front());
  const geom::Geometry all = geom::collect(std::move(parts));
  try {
    return geom::polygonal_part(geom::unary_union(all));
  } catch (const Error&) {
    return geom::polygonal_part(geom::unary_union(all, kGrid));
  }
}

}  // namespace tudi::supply::detail
