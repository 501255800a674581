// Reading a GeoPackage's R-tree (one box per feature) for the viewer's preview.
#include "tudi/io/index_boxes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "test_config.hpp"
#include "tudi/crs/transform.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;
using namespace tudi;

namespace {

using tudi::test::fresh_scratch_dir;

/// Plots of different shapes in EPSG:4526, one without a geometry.
Layer plots() {
  Layer l;
  l.name = "plots";
  l.crs = crs::Crs::from_epsg(4526);
  l.source_crs = l.crs;
  l.fields = {{"BH", FieldType::String}};
  const char* wkts[] = {
      "POLYGON ((38490000.3 3907000.1, 38490100.7 3907000.1, 38490050 3907080.9, 38490000.3 "
      "3907000.1))",
      "POLYGON ((38490200 3907000, 38490400 3907000, 38490400 3907150, 38490200 3907150, 38490200 "
      "3907000),"
      " (38490250 3907050, 38490300 3907050, 38490300 3907100, 38490250 3907050))",
      "MULTIPOLYGON (((38491000 3908000, 38491010 3908000, 38491010 3908010, 38491000 3908000)),"
      " ((38492000.25 3909000.75, 38492030 3909000.75, 38492030 3909040, 38492000.25 3909000.75)))",
  };
  for (const char* w : wkts) {
    Feature f;
    f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
    f.geometry = geom::from_wkt(w);
    f.values = {std::string("P") + std::to_string(f.fid)};
    l.features.push_back(std::move(f));
  }
  Feature none;
  none.fid = 4;
  none.values = {std::string("P4")};
  l.features.push_back(std::move(none));
  return l;
}

/// One step of a 32-bit float at this magnitude: SQLite's R-tree stores floats rounded outwards.
double float_step(double v) {
  const float f = static_cast<float>(std::abs(v));
  return static_cast<double>(std::nextafter(f, std::numeric_limits<float>::infinity()) - f);
}

TEST(IndexBoxes, OneBoxPerFeatureEqualToItsEnvelope) {
  const fs::path dir = fresh_scratch_dir("gpkg");
  const Layer l = plots();
  io::write_layer(l, dir / "plots.gpkg", {});
  io::LayerSource src;
  src.source = (dir / "plots.gpkg").string();
  const std::optional<io::IndexBoxes> boxes = io::read_index_boxes(src);
  ASSERT_TRUE(boxes);
  EXPECT_EQ(boxes->name, "plots");
  EXPECT_EQ(boxes->crs.epsg(), 4526);
  // The feature without a geometry has no box.
  ASSERT_EQ(boxes->boxes.size(), 3u);
  ASSERT_EQ(boxes->fids.size(), 3u);
  // Boxes are keyed by the features' ids as the reader reads them back.
  const Layer back = io::read_layer(src);
  std::map<std::int64_t, tudi::Envelope> envelopes;
  for (const Feature& f : back.features)
    if (f.geometry) envelopes[f.fid] = geom::envelope(f.geometry);
  ASSERT_EQ(envelopes.size(), 3u);
  for (std::size_t i = 0; i < boxes->boxes.size(); ++i) {
    ASSERT_TRUE(envelopes.count(boxes->fids[i])) << boxes->fids[i];
    const tudi::Envelope& e = envelopes.at(boxes->fids[i]);
    const tudi::Envelope& b = boxes->boxes[i];
    // Equal up to the R-tree's float rounding, which only ever grows the box.
    EXPECT_LE(b.minx, e.minx);
    EXPECT_LE(b.miny, e.miny);
    EXPECT_GE(b.maxx, e.maxx);
    EXPECT_GE(b.maxy, e.maxy);
    EXPECT_LE(e.minx - b.minx, float_step(e.minx));
    EXPECT_LE(e.miny - b.miny, float_step(e.miny));
    EXPECT_LE(b.maxx - e.maxx, float_step(e.maxx));
    EXPECT_LE(b.maxy - e.maxy, float_step(e.maxy));
  }
  fs::remove_all(dir);
}

TEST(IndexBoxes, TransformsTheCornersIntoTheTarget) {
  const fs::path dir = fresh_scratch_dir("target");
  io::write_layer(plots(), dir / "plots.gpkg", {});
  io::LayerSource src;
  src.source = (dir / "plots.gpkg").string();
  const crs::Crs lonlat = crs::Crs::from_epsg(crs::kCgcs2000Geographic);
  const auto boxes = io::read_index_boxes(src, lonlat);
  ASSERT_TRUE(boxes);
  EXPECT_EQ(boxes->crs.epsg(), crs::kCgcs2000Geographic);
  ASSERT_EQ(boxes->boxes.size(), 3u);
  // Each box is the box of its feature envelope's corners in degrees (to the R-tree's float
  // rounding: 4 m at these eastings, some 4e-5 degrees).
  const crs::Transformer to_lonlat(crs::Crs::from_epsg(4526), lonlat);
  const Layer l = plots();
  for (std::size_t i = 0; i < boxes->boxes.size(); ++i) {
    const tudi::Envelope e =
        geom::envelope(l.features.at(static_cast<std::size_t>(boxes->fids[i] - 1)).geometry);
    double xs[4] = {e.minx, e.maxx, e.maxx, e.minx}, ys[4] = {e.miny, e.miny, e.maxy, e.maxy};
    ASSERT_TRUE(to_lonlat.transform(4, xs, ys));
    const tudi::Envelope& b = boxes->boxes[i];
    EXPECT_NEAR(b.minx, *std::min_element(xs, xs + 4), 1e-4);
    EXPECT_NEAR(b.maxx, *std::max_element(xs, xs + 4), 1e-4);
    EXPECT_NEAR(b.miny, *std::min_element(ys, ys + 4), 1e-5);
    EXPECT_NEAR(b.maxy, *std::max_element(ys, ys + 4), 1e-5);
  }
  fs::remove_all(dir);
}

TEST(IndexBoxes, NoneWithoutAnRtree) {
  const fs::path dir = fresh_scratch_dir("shp");
  io::write_layer(plots(), dir / "plots.shp", {});
  io::LayerSource src;
  src.source = (dir / "plots.shp").string();
  EXPECT_FALSE(io::read_index_boxes(src));
  fs::remove_all(dir);
}

}  // namespace
