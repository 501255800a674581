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

namespace {
/// One ring of four axis-aligned edges running through the envelope's four corners.
bool is_rectangle(const geom::Geometry& g, const geom::Envelope& e) {
  if (e.empty() || !(e.minx < e.maxx) || !(e.miny < e.maxy)) return false;
  int rings = 0;
  bool ok = true;
  geom::for_each_ring(g, [&](int, int, std::span<const double> xy) {
    if (++rings > 1 || xy.size() != 10) {
      ok = false;
      return;
    }
    for (std::size_t k = 0; k < 10; k += 2) {
      const double x = xy[k], y = xy[k + 1];
      if ((x != e.minx && x != e.maxx) || (y != e.miny && y != e.maxy)) ok = false;
      if (k + 3 < 10 && (x != xy[k + 2]) == (y != xy[k + 3])) ok = false;  // one coordinate moves
    }
    if (xy[0] != xy[8] || xy[1] != xy[9]) ok = false;
  });
  return ok && rings == 1;
}
}  // namespace

Envelopes::Envelopes(const Layer& layer) {
  env_.reserve(layer.features.size());
  rectangle_.reserve(layer.features.size());
  for (const Feature& f : layer.features) {
    env_.push_back(f.geometry ? geom::envelope(f.geometry) : geom::Envelope{});
    rectangle_.push_back(f.geometry && is_rectangle(f.geometry, env_.back()) ? 1 : 0);
  }
  index_ = geom::EnvelopeIndex(env_);
}

bool Envelopes::rectangle_covers(std::size_t i, const geom::Envelope& e) const {
  const geom::Envelope& r = env_[i];
  return rectangle_[i] && !e.empty() && r.minx <= e.minx && e.maxx <= r.maxx && r.miny <= e.miny &&
         e.maxy <= r.maxy;
}

std::vector<std::size_t> Envelopes::query(const geom::Envelope& e) const {
  std::vector<std::size_t> out;
  if (e.empty()) return out;
  index_.query(e, out);
  std::sort(out.begin(), out.end());
  return out;
}

AreaMeter::AreaMeter(const crs::Crs& crs) {
  if (!crs.empty()) ellipsoidal_ = std::make_shared<crs::EllipsoidalArea>(crs);
}

units::Area AreaMeter::operator()(const geom::Geometry& g) const {
  if (!g || geom::is_empty(g)) return {};
  if (ellipsoidal_) return crs::area(g, *ellipsoidal_);
  const double a = geom::area(g);
  return {a, a};
}

}  // namespace tudi::supply::detail
