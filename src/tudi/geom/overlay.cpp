#include "tudi/geom/overlay.hpp"

#include <cmath>

#include "tudi/core/error.hpp"

namespace tudi::geom {
namespace {

double round_to(double v, double scale) {
  return std::round(v * scale) / scale;
}

Geometry overlay_once(OverlayOp op, const Geometry& a, const Geometry& b, double grid) {
  Geometry r = op == OverlayOp::Intersection ? intersection(a, b, grid) : difference(a, b, grid);
  return polygonal_part(std::move(r));
}

/// The floating-precision result of `run` when it is as good as the grid's: it worked and left
/// no part the grid would have collapsed. Null otherwise (the caller goes on to the grid).
template <class Run>
Geometry floating_first(Run&& run, double grid) {
  try {
    Geometry r = run();
    if (!thinner_than(r, grid)) return r;
  } catch (const Error&) {
    // The fixed-precision attempt is the answer for these inputs.
  }
  return nullptr;
}

/// Repaired and snapped, for a second attempt.
Geometry cleaned(const Geometry& g, double grid) {
  Geometry v = invalid_reason(g).empty() ? clone(g) : make_valid(g);
  return snap_to_grid(v, grid);
}

}  // namespace

bool on_grid(const Geometry& g, double grid) {
  // The same rounding GEOS's PrecisionModel applies (scale = 1 / grid).
  const double scale = 1.0 / grid;
  bool ok = true;
  for_each_ring(g, [&](int, int, std::span<const double> xy) {
    for (std::size_t i = 0; ok && i < xy.size(); ++i) ok = round_to(xy[i], scale) == xy[i];
  });
  return ok;
}

Geometry to_grid(const Geometry& g, double grid) {
  if (is_polygonal(g) && on_grid(g, grid)) return clone(g);
  return polygonal_part(snap_to_grid(g, grid));
}

bool touches(const Prepared& a, const Geometry& b) {
  const char r = GEOSPreparedTouches_r(context(), a.get(), b.get());
  if (r == 2) throw Error("GEOS touches", "predicate failed");
  return r == 1;
}

std::vector<Geometry> polygons(const Geometry& g) {
  std::vector<Geometry> out;
  if (!g || is_empty(g)) return out;
  const int t = type_id(g);
  if (t == GEOS_POLYGON) {
    out.push_back(clone(g));
    return out;
  }
  if (t != GEOS_MULTIPOLYGON && t != GEOS_GEOMETRYCOLLECTION) return out;
  const int n = num_parts(g);
  for (int i = 0; i < n; ++i) {
    Geometry p = part(g, i);
    if (is_empty(p)) continue;
    if (type_id(p) == GEOS_POLYGON) {
      out.push_back(std::move(p));
    } else {
      for (Geometry& q : polygons(p)) out.push_back(std::move(q));
    }
  }
  return out;
}

Geometry rectangle(const Envelope& e) {
  return polygon(
      {{{e.minx, e.miny}, {e.maxx, e.miny}, {e.maxx, e.maxy}, {e.minx, e.maxy}, {e.minx, e.miny}}});
}

bool thinner_than(const Geometry& g, double grid) {
  // Shoelace area and perimeter per polygon part; holes subtract area and add perimeter.
  bool thin = false;
  int current = -1;
  double area = 0, perimeter = 0;
  auto settle = [&] {
    if (current >= 0 && area < grid * perimeter / 2) thin = true;
  };
  for_each_ring(g, [&](int p, int ring, std::span<const double> xy) {
    if (p != current) {
      settle();
      current = p;
      area = perimeter = 0;
    }
    // Relative to the first vertex: with Gauss-Krüger eastings of 10⁷ m the products of
    // absolute coordinates would lose the millimetres this test is about.
    double twice = 0, length = 0;
    for (std::size_t i = 2; i + 1 < xy.size(); i += 2) {
      const double x1 = xy[i - 2] - xy[0], y1 = xy[i - 1] - xy[1];
      const double x2 = xy[i] - xy[0], y2 = xy[i + 1] - xy[1];
      twice += x1 * y2 - x2 * y1;
      length += std::hypot(x2 - x1, y2 - y1);
    }
    area += (ring == 0 ? 1 : -1) * std::fabs(twice) / 2;
    perimeter += length;
  });
  settle();
  return thin;
}

Geometry robust_overlay(OverlayOp op, const Geometry& a, const Geometry& b, double grid,
                        std::string* note, Attempt* attempt) {
  Attempt ignored;
  Attempt& how = attempt ? *attempt : ignored;
  how = Attempt::Floating;
  if (Geometry r = floating_first([&] { return overlay_once(op, a, b, 0); }, grid)) return r;
  try {
    how = Attempt::Grid;
    return overlay_once(op, a, b, grid);
  } catch (const Error& first) {
    try {
      how = Attempt::Repaired;
      Geometry r = overlay_once(op, cleaned(a, grid), cleaned(b, grid), grid);
      if (note) *note = std::string(first.what()) + "; retried on repaired, snapped input";
      return r;
    } catch (const Error&) {
      how = Attempt::Coarse;
      const double coarse = grid * 10;
      Geometry r = overlay_once(op, cleaned(a, coarse), cleaned(b, coarse), coarse);
      if (note)
        *note = std::string(first.what()) + "; retried on a " + std::to_string(coarse) + " m grid";
      return r;
    }
  }
}

Geometry robust_union(std::vector<Geometry> parts, double grid, std::string* note,
                      Attempt* attempt) {
  Attempt ignored;
  Attempt& how = attempt ? *attempt : ignored;
  how = Attempt::Floating;
  if (parts.empty()) return empty_polygon();
  if (parts.size() == 1) return std::move(parts.front());
  Geometry all = collect(std::move(parts));
  if (Geometry r = floating_first([&] { return polygonal_part(unary_union(all)); }, grid))
    return r;
  try {
    how = Attempt::Grid;
    return polygonal_part(unary_union(all, grid));
  } catch (const Error& first) {
    how = Attempt::Repaired;
    Geometry r = polygonal_part(unary_union(cleaned(all, grid), grid));
    if (note) *note = std::string(first.what()) + "; retried on repaired, snapped input";
    return r;
  }
}

std::vector<Geometry> subdivide(const Geometry& g, int max_vertices, double grid) {
  std::vector<Geometry> out;
  if (is_empty(g)) return out;
  if (num_points(g) <= max_vertices) {
    out.push_back(clone(g));
    return out;
  }
  const Envelope e = envelope(g);
  // Cut through the middle of the longer side, on the grid so the pieces' shared edges are
  // exactly representable.
  const double scale = 1.0 / grid;
  Envelope lo = e, hi = e;
  if (e.width() >= e.height()) {
    const double cut = round_to((e.minx + e.maxx) / 2, scale);
    lo.maxx = hi.minx = cut;
  } else {
    const double cut = round_to((e.miny + e.maxy) / 2, scale);
    lo.maxy = hi.miny = cut;
  }
  if (lo.empty() || hi.empty() || lo.width() + lo.height() <= 2 * grid) {
    out.push_back(clone(g));  // too small to cut any further
    return out;
  }
  for (const Envelope& half : {lo, hi}) {
    Geometry piece = robust_overlay(OverlayOp::Intersection, g, rectangle(half), grid);
    for (Geometry& p : polygons(piece))
      for (Geometry& q : subdivide(p, max_vertices, grid)) out.push_back(std::move(q));
  }
  return out;
}

}  // namespace tudi::geom
