#include "tudi/layer/indexed.hpp"

#include <algorithm>

namespace tudi {
namespace {

bool usable(const geom::Geometry& g) { return g && !geom::is_empty(g); }

std::vector<Envelope> envelopes(const Layer& l) {
  std::vector<Envelope> out;
  out.reserve(l.features.size());
  for (const Feature& f : l.features)
    out.push_back(usable(f.geometry) ? geom::envelope(f.geometry) : Envelope{});
  return out;
}

}  // namespace

IndexedLayer::IndexedLayer(const Layer* layer)
    : layer_(layer), index_(layer ? envelopes(*layer) : std::vector<Envelope>{}) {}

std::vector<std::size_t> IndexedLayer::near(const Envelope& e) const {
  std::vector<std::size_t> out;
  if (!layer_ || e.empty()) return out;
  index_.query(e, out);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> IndexedLayer::meeting(const geom::Geometry& g) const {
  std::vector<std::size_t> out;
  if (!usable(g)) return out;
  const geom::Prepared p = geom::prepare(g);
  for (std::size_t i : near(geom::envelope(g)))
    if (geom::intersects(p, layer_->features[i].geometry)) out.push_back(i);
  return out;
}

}  // namespace tudi
