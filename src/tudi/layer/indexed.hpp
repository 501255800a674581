#pragma once
// A layer with a packed envelope index over its features: the analyses' one way of asking
// "which features meet this": candidates by envelope, then the exact predicate.

#include <cstddef>
#include <vector>

#include "tudi/core/envelope.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/geom/index.hpp"
#include "tudi/layer/layer.hpp"

namespace tudi {

/// An index over the features of one layer (which must outlive it). Features without a geometry
/// (null or empty) are never found. Queries are read-only: any number of threads may query one
/// IndexedLayer at once.
class IndexedLayer {
 public:
  IndexedLayer() = default;
  /// Null = no layer: finds nothing and tests false.
  explicit IndexedLayer(const Layer* layer);

  explicit operator bool() const { return layer_ != nullptr; }
  const Layer* layer() const { return layer_; }

  /// Features whose envelope meets `e` (boundaries touching count), in layer order.
  std::vector<std::size_t> near(const Envelope& e) const;
  /// Features whose geometry intersects `g` (exact predicate), in layer order.
  std::vector<std::size_t> meeting(const geom::Geometry& g) const;

 private:
  const Layer* layer_ = nullptr;
  geom::EnvelopeIndex index_;
};

}  // namespace tudi
