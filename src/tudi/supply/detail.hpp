#pragma once
// Internal to src/tudi/supply: overlay with one snapped retry, envelope lookups, areas.

#include <memory>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/core/units.hpp"
#include "tudi/crs/area.hpp"
#include "tudi/geom/index.hpp"

namespace tudi::supply::detail {

/// Overlay results restricted to polygons. A failed overlay (TopologyException on messy
/// digitising) is retried once in fixed precision at 0.001 m, the survey precision (DOMAIN §6).
geom::Geometry intersection(const geom::Geometry& a, const geom::Geometry& b);
geom::Geometry difference(const geom::Geometry& a, const geom::Geometry& b);
geom::Geometry union_all(std::vector<geom::Geometry> parts);

/// Envelopes of a layer's features, for candidate lookups before exact predicates. Queries are
/// read-only: several threads may query one Envelopes at once.
class Envelopes {
 public:
  Envelopes() = default;
  explicit Envelopes(const Layer& layer);
  /// Indices of features whose envelope meets `e`, in layer order.
  std::vector<std::size_t> query(const Envelope& e) const;

 private:
  std::vector<Envelope> env_;
  geom::EnvelopeIndex index_;    // features without geometry get an empty envelope: never met
};

}  // namespace tudi::supply::detail
