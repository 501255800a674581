#include "tudi/geom/index.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace tudi::geom {
namespace {

using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using Item = std::pair<Box, std::size_t>;

Box box(const Envelope& e) {
  return Box(Point(e.minx, e.miny), Point(e.maxx, e.maxy));
}

}  // namespace

struct EnvelopeIndex::Impl {
  // The range constructor packs the tree (STR-like bulk loading): faster to build and to query
  // than inserting one by one.
  bgi::rtree<Item, bgi::quadratic<16>> tree;
  Envelope bounds;
};

EnvelopeIndex::EnvelopeIndex() : impl_(std::make_unique<Impl>()) {}

EnvelopeIndex::EnvelopeIndex(const std::vector<Envelope>& boxes) : impl_(std::make_unique<Impl>()) {
  std::vector<Item> items;
  items.reserve(boxes.size());
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    if (boxes[i].empty()) continue;
    items.emplace_back(box(boxes[i]), i);
    impl_->bounds.expand(boxes[i]);
  }
  impl_->tree = bgi::rtree<Item, bgi::quadratic<16>>(items.begin(), items.end());
}

EnvelopeIndex::~EnvelopeIndex() = default;
EnvelopeIndex::EnvelopeIndex(EnvelopeIndex&&) noexcept = default;
EnvelopeIndex& EnvelopeIndex::operator=(EnvelopeIndex&&) noexcept = default;

void EnvelopeIndex::query(const Envelope& e, std::vector<std::size_t>& out) const {
  if (e.empty()) return;
  for (auto it = impl_->tree.qbegin(bgi::intersects(box(e))); it != impl_->tree.qend(); ++it)
    out.push_back(it->second);
}

bool EnvelopeIndex::any(const Envelope& e) const {
  if (e.empty() || !impl_->bounds.intersects(e)) return false;
  return impl_->tree.qbegin(bgi::intersects(box(e))) != impl_->tree.qend();
}

std::size_t EnvelopeIndex::size() const {
  return impl_->tree.size();
}

Envelope EnvelopeIndex::bounds() const {
  return impl_->bounds;
}

}  // namespace tudi::geom
