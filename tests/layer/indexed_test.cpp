// layer/indexed: the analyses' one "which features meet this" (supply's readiness overlaps,
// zones' stocks and control lines).

#include <gtest/gtest.h>

#include "layer_fixtures.hpp"
#include "tudi/layer/indexed.hpp"

namespace tudi {
namespace {

Layer squares() {
  Layer l = test::canonical_layer("farmland", {"id"}, 4526);
  test::add(l, "POLYGON((0 0,10 0,10 10,0 10,0 0))", {{"id", std::string("a")}});
  test::add(l, "POLYGON((20 0,30 0,30 10,20 10,20 0))", {{"id", std::string("b")}});
  // A triangle whose envelope meets (16..18, 6..8) but whose shape does not.
  test::add(l, "POLYGON((11 0,19 0,11 9,11 0))", {{"id", std::string("c")}});
  test::add(l, "POLYGON EMPTY", {{"id", std::string("empty")}});
  l.features.push_back({99, {}, {std::string("null")}});
  return l;
}

TEST(IndexedLayer, NearIsByEnvelopeInLayerOrder) {
  const Layer l = squares();
  const IndexedLayer idx(&l);
  ASSERT_TRUE(idx);
  EXPECT_EQ(idx.layer(), &l);
  EXPECT_EQ(idx.near({5, 0, 25, 5}), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(idx.near({10, 10, 11, 11}), (std::vector<std::size_t>{0}));  // touching counts
  EXPECT_TRUE(idx.near({40, 40, 50, 50}).empty());
  EXPECT_TRUE(idx.near({}).empty());
}

TEST(IndexedLayer, MeetingIsExactAndNeverFindsFeaturesWithoutGeometry) {
  const Layer l = squares();
  const IndexedLayer idx(&l);
  EXPECT_EQ(idx.meeting(geom::from_wkt("POLYGON((16 6,18 6,18 8,16 8,16 6))")),
            std::vector<std::size_t>{});
  EXPECT_EQ(idx.meeting(geom::from_wkt("POLYGON((5 9.5,25 9.5,25 9.8,5 9.8,5 9.5))")),
            (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(idx.meeting(geom::from_wkt("POLYGON EMPTY")).empty());
  EXPECT_TRUE(idx.meeting({}).empty());
}

TEST(IndexedLayer, WithoutALayerFindsNothing) {
  const IndexedLayer none(nullptr);
  EXPECT_FALSE(none);
  EXPECT_TRUE(none.near({0, 0, 1, 1}).empty());
  EXPECT_TRUE(none.meeting(geom::from_wkt("POLYGON((0 0,1 0,1 1,0 0))")).empty());
}

}  // namespace
}  // namespace tudi
