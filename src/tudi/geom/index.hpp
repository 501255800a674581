#pragma once
// A packed (bulk-loaded) R-tree over envelopes, for "which of these N boxes meet this one".

#include <cstddef>
#include <memory>
#include <vector>

#include "tudi/geom/geos.hpp"

namespace tudi::geom {

/// An immutable spatial index over envelopes, built once by packing (Boost.Geometry's rtree
/// bulk loading). Item i is the i-th envelope given; empty envelopes are left out. Queries are
/// read-only and may run from any number of threads at once.
class EnvelopeIndex {
 public:
  EnvelopeIndex();
  explicit EnvelopeIndex(const std::vector<Envelope>& boxes);
  ~EnvelopeIndex();
  EnvelopeIndex(EnvelopeIndex&&) noexcept;
  EnvelopeIndex& operator=(EnvelopeIndex&&) noexcept;

  /// Appends to `out` the items whose envelope meets `e` (boundaries touching count).
  void query(const Envelope& e, std::vector<std::size_t>& out) const;
  /// True when any item's envelope meets `e`.
  bool any(const Envelope& e) const;
  std::size_t size() const;
  /// The envelope of every item together.
  Envelope bounds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tudi::geom
