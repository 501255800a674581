#pragma once
// An axis-aligned bounding box: extents of layers and features, index queries, CRS detection.
// Plain numbers, so CRS detection and the spatial index need no geometry header.

#include <algorithm>

namespace tudi {

/// A box in one CRS's coordinates; the default one is empty and expands to what it is given.
struct Envelope {
  double minx = 0, miny = 0, maxx = -1, maxy = -1;  // empty when minx > maxx
  bool empty() const { return minx > maxx; }
  bool intersects(const Envelope& o) const {
    return !empty() && !o.empty() && minx <= o.maxx && o.minx <= maxx && miny <= o.maxy &&
           o.miny <= maxy;
  }
  void expand(const Envelope& o) {
    if (o.empty()) return;
    if (empty()) {
      *this = o;
      return;
    }
    minx = std::min(minx, o.minx);
    miny = std::min(miny, o.miny);
    maxx = std::max(maxx, o.maxx);
    maxy = std::max(maxy, o.maxy);
  }
  double width() const { return empty() ? 0 : maxx - minx; }
  double height() const { return empty() ? 0 : maxy - miny; }
};

}  // namespace tudi
