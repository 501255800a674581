// The viewer's preview: a LayerData drawn from a GeoPackage's R-tree boxes before the layer is
// read.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "render/scene.hpp"
#include "test_config.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/render/renderer.hpp"

namespace tudi::render {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<Layer> farmland() {
  auto l = test::make_layer("YJJBNTTB", "farmland", {"JBNTTBBH", "DLBM"},
                            {{"id", "JBNTTBBH"}, {"land_class", "DLBM"}});
  // 120 plots: the preview's index holds runs of 64, so there are two.
  for (int i = 0; i < 12; ++i)
    for (int j = 0; j < 10; ++j) {
      const double x = 38500000 + i * 160, y = 3860000 + j * 110;
      test::add_polygon(*l, {test::rect_ring(x, y, x + 150, y + 100)},
                        {"JB" + std::to_string(i * 10 + j + 1), "0101"});
    }
  return l;
}

TEST(Preview, BoxesOfAGeoPackageDrawnWithoutAttributes) {
  const fs::path dir = test::fresh_scratch_dir("tudi-preview-gpkg");
  const auto layer = farmland();
  io::write_layer(*layer, dir / "farmland.gpkg", {});
  io::LayerSource src;
  src.source = (dir / "farmland.gpkg").string();
  src.role = "farmland";
  const auto d = read_preview(src, crs::Crs::from_epsg(4526));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->is_preview());
  ASSERT_EQ(d->size(), layer->features.size());
  // One rectangle shell per feature, nothing behind it to look up.
  EXPECT_TRUE(d->layer().features.empty());
  EXPECT_TRUE(d->layer().fields.empty());
  EXPECT_EQ(d->layer().name, "YJJBNTTB");
  EXPECT_EQ(d->layer().role, "farmland");
  EXPECT_EQ(d->geometry_type(), "polygon");
  EXPECT_EQ(d->vertex_count(), 5 * layer->features.size());
  const Envelope full = layer->extent();
  EXPECT_NEAR(d->extent().minx, full.minx, 4);
  EXPECT_NEAR(d->extent().maxy, full.maxy, 1);
  for (std::size_t f = 0; f < d->size(); ++f) {
    ASSERT_EQ(d->part_end(f) - d->part_begin(f), 1u);
    EXPECT_EQ(d->part_kind(d->part_begin(f)), PartKind::Shell);
    const Envelope& e = d->envelope(f);
    const double cx = (e.minx + e.maxx) / 2, cy = (e.miny + e.maxy) / 2;
    EXPECT_TRUE(d->contains(f, cx, cy));
  }

  // The preview's index (one box per run of features) finds what a scan finds.
  for (const Envelope& w : {Envelope{38500100, 3860050, 38500170, 3860120}, full,
                                  Envelope{38500151, 3860101, 38500159, 3860109}}) {
    std::vector<std::size_t> got, want;
    d->query(w, got);
    for (std::size_t f = 0; f < d->size(); ++f)
      if (d->envelope(f).intersects(w)) want.push_back(f);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want);
  }

  // Drawn with the real layer's style (one symbol: no attributes to pick categories from).
  MapSettings s;
  s.size = QSize(200, 150);
  s.crs = d->layer().crs;
  s.extent = d->extent();
  s.layers.push_back(MapLayer::make("farmland", d, style_for("farmland")));
  RenderJob job(s);
  job.run();
  const QImage img = job.image();
  int coloured = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) coloured += img.pixelColor(x, y) != QColor(Qt::white);
  EXPECT_GT(coloured, img.width() * img.height() / 4);
  fs::remove_all(dir);
}

TEST(Preview, NoneForAShapefile) {
  const fs::path dir = test::fresh_scratch_dir("tudi-preview-shp");
  io::write_layer(*farmland(), dir / "farmland.shp", {});
  io::LayerSource src;
  src.source = (dir / "farmland.shp").string();
  EXPECT_EQ(read_preview(src, crs::Crs::from_epsg(4526)), nullptr);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tudi::render
