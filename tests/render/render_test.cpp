// The map-rendering library: styles, QGIS styles, the drawing copy of a layer, rendering
// (reference images, sub-pixel simplification, the index, cancellation, the cache) and the
// map furniture.

#include <QBuffer>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "render/scene.hpp"
#include "tudi/core/error.hpp"
#include "tudi/render/fonts.hpp"
#include "tudi/render/furniture.hpp"
#include "tudi/render/qml.hpp"
#include "tudi/render/renderer.hpp"

namespace tudi::render {
namespace {

using test::add_polygon;
using test::add_wkt;
using test::make_layer;
using test::rect_ring;
using test::Ring;

constexpr double X0 = 38500000, Y0 = 3860000;

/// The pixel a map point falls in (QPointF::toPoint rounds; pixels are floored).
QPoint pixel(QPointF p) { return {static_cast<int>(std::floor(p.x())), static_cast<int>(std::floor(p.y()))}; }

std::shared_ptr<const LayerData> data_of(std::shared_ptr<Layer> l) {
  return std::make_shared<const LayerData>(std::move(l));
}

/// A small county corner: farmland of three classes, a red line with a hole, the urban
/// boundary, a zone, two parcels, a road and two wells; styled from styles/.
MapSettings scene() {
  auto farmland = make_layer("YJJBNTTB", "farmland", {"JBNTTBBH", "DLBM"}, {{"id", "JBNTTBBH"}, {"land_class", "DLBM"}});
  const char* classes[] = {"0101", "0102", "0103"};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j) {
      const double x = X0 + i * 160, y = Y0 + j * 110;
      add_polygon(*farmland, {rect_ring(x, y, x + 150, y + 100)},
                  {"JB" + std::to_string(i * 3 + j + 1), classes[(i + j) % 3]});
    }
  auto redline = make_layer("STBHHX", "redline", {"HXMC"}, {{"name", "HXMC"}});
  add_polygon(*redline, {rect_ring(X0 + 700, Y0 - 50, X0 + 1000, Y0 + 300), rect_ring(X0 + 800, Y0 + 50, X0 + 900, Y0 + 150)},
              {"淇河湿地红线"});
  auto urban = make_layer("CZKFBJ", "urban", {"MC"}, {{"name", "MC"}});
  add_polygon(*urban, {rect_ring(X0 - 20, Y0 + 360, X0 + 980, Y0 + 700)}, {"城关镇"});
  auto zones = make_layer("KFQ", "zones", {"KFQMC"}, {{"name", "KFQMC"}});
  add_polygon(*zones, {rect_ring(X0 + 100, Y0 + 400, X0 + 600, Y0 + 680)}, {"卫源高新区"});
  auto parcels = make_layer("GDDK", "parcels", {"DKBH", "GHYT"}, {{"id", "DKBH"}, {"planned_use", "GHYT"}});
  add_polygon(*parcels, {rect_ring(X0 + 150, Y0 + 450, X0 + 330, Y0 + 620)}, {"DK-01", "100102"});
  add_polygon(*parcels, {rect_ring(X0 + 360, Y0 + 450, X0 + 560, Y0 + 620)}, {"DK-02", "110101"});
  auto roads = make_layer("roads", "", {"NAME"}, {});
  add_wkt(*roads, "LINESTRING(38499950 3860340, 38501050 3860345)", {"S227"});
  auto wells = make_layer("wells", "", {"NAME"}, {});
  add_wkt(*wells, "MULTIPOINT((38500620 3860150), (38500640 3860200))", {"机井"});

  MapSettings s;
  s.size = QSize(640, 480);
  s.dpi = 96;
  s.crs = crs::Crs::from_epsg(4526);
  s.extent = {X0 - 60, Y0 - 80, X0 + 1060, Y0 + 740};
  s.layers.push_back(MapLayer::make("farmland", data_of(farmland), style_for("farmland")));
  s.layers.push_back(MapLayer::make("parcels", data_of(parcels), style_for("parcels")));
  s.layers.push_back(MapLayer::make("redline", data_of(redline), style_for("redline")));
  Style road_style = default_style("道路", 1);
  road_style.symbol.stroke_width_mm = 0.8;
  s.layers.push_back(MapLayer::make("roads", data_of(roads), road_style));
  s.layers.push_back(MapLayer::make("wells", data_of(wells), default_style("机井", 4)));
  s.layers.push_back(MapLayer::make("zones", data_of(zones), style_for("zones")));
  s.layers.push_back(MapLayer::make("urban", data_of(urban), style_for("urban")));
  // Labels for every farmland plot at this scale.
  s.layers[0].style.label.min_feature_mm = 5;
  return s;
}

TEST(Fonts, CjkFamilyIsInstalled) {
  // fonts-wqy-zenhei and fonts-arphic-uming are in scripts/packages.txt; without a CJK font
  // every label is tofu, and without a TrueType one the PDF's text layer is broken.
  EXPECT_EQ(cjk_family(), QStringLiteral("WenQuanYi Zen Hei"));
  EXPECT_EQ(cjk_serif_family(), QStringLiteral("AR PL UMing CN"));
}

TEST(Style, EveryStyleFileLoads) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(styles_dir())) {
    if (e.path().extension() != ".toml") continue;
    const Style s = load_style(e.path());
    EXPECT_FALSE(s.title.empty()) << e.path();
    EXPECT_NE(s.title, s.name) << e.path() << " has no Chinese title";
    ++n;
  }
  EXPECT_GE(n, 17);
}

TEST(Style, ColoursPlannersExpect) {
  const Style farm = style_for("farmland");
  EXPECT_GT(farm.symbol.fill_color.g, farm.symbol.fill_color.b + 60);  // yellow-green
  EXPECT_GT(farm.symbol.fill_color.r, farm.symbol.fill_color.b + 40);
  const Style red = style_for("redline");
  EXPECT_EQ(red.symbol.stroke_color, (Rgba{0xe0, 0, 0, 255}));
  const Style urban = style_for("urban");
  EXPECT_FALSE(urban.symbol.fill);
  EXPECT_FALSE(urban.symbol.dash_mm.empty());
  EXPECT_GT(urban.symbol.stroke_color.r, urban.symbol.stroke_color.g);  // purple
  EXPECT_GT(urban.symbol.stroke_color.b, urban.symbol.stroke_color.g);
  const Style zones = style_for("zones");
  EXPECT_FALSE(zones.symbol.fill);
}

TEST(Style, PrefixCategoriesTakeTheLongestCode) {
  const Style p = style_for("parcels");
  ASSERT_TRUE(p.prefix_match);
  EXPECT_EQ(p.categories[static_cast<std::size_t>(p.category_of("100102"))].label, "二类工业用地");
  EXPECT_EQ(p.categories[static_cast<std::size_t>(p.category_of("1001"))].label, "工业用地");
  EXPECT_EQ(p.categories[static_cast<std::size_t>(p.category_of("100199"))].label, "工业用地");
  EXPECT_EQ(p.categories[static_cast<std::size_t>(p.category_of("110102"))].label, "物流仓储用地");
  EXPECT_EQ(p.categories[static_cast<std::size_t>(p.category_of("M2"))].label, "工业用地（GB 50137）");
  EXPECT_EQ(p.category_of("0103"), -1);
  const Style o = style_for("overlaps");
  ASSERT_FALSE(o.prefix_match);
  EXPECT_EQ(o.categories[static_cast<std::size_t>(o.category_of("farmland"))].label, "占用永久基本农田");
  EXPECT_EQ(o.category_of("farm"), -1);
}

TEST(Style, ParsesColoursAndRejectsTypos) {
  EXPECT_EQ(Rgba::parse("#f00"), (Rgba{255, 0, 0, 255}));
  EXPECT_EQ(Rgba::parse("#12345678"), (Rgba{0x12, 0x34, 0x56, 0x78}));
  EXPECT_EQ(Rgba::parse("#12345678").hex(), "#12345678");
  EXPECT_EQ(Rgba::parse("#abcdef").hex(), "#abcdef");
  EXPECT_THROW(Rgba::parse("red"), Error);
  const Style s = parse_style("title = \"测试\"\n[symbol]\nfill = \"#102030\"\nstroke = false\n"
                              "[categories]\nfield = \"DLBM\"\n[[categories.class]]\nvalue = \"0101\"\n"
                              "fill = \"#ffffff\"\n",
                              "t.toml", "t");
  EXPECT_EQ(s.title, "测试");
  EXPECT_FALSE(s.symbol.stroke);
  ASSERT_EQ(s.categories.size(), 1u);
  EXPECT_FALSE(s.categories[0].symbol.stroke);  // inherited
  EXPECT_EQ(s.categories[0].label, "0101");
  try {
    parse_style("title = \"x\"\n[symbol]\nfil = \"#fff\"\n", "bad.toml");
    FAIL() << "a misspelt key must be an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.toml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("fil"), std::string::npos);
  }
  EXPECT_THROW(parse_style("[symbol]\ndash_mm = [1.0]\n", "odd.toml"), Error);
}

QmlOptions fields(std::map<std::string, std::string> names) {
  QmlOptions o;
  o.field_names = std::move(names);
  return o;
}

QmlOptions geometry(std::string g) {
  QmlOptions o;
  o.geometry = std::move(g);
  return o;
}

/// Parses a .qml and collects what the tests look at.
struct QmlFacts {
  QString renderer, attr, label_field;
  QStringList rule_filters, category_values, colors;
  int symbols = 0;
};

QmlFacts read_qml(const std::string& text) {
  QXmlStreamReader x(QByteArray::fromStdString(text));
  QmlFacts f;
  while (!x.atEnd()) {
    x.readNext();
    if (!x.isStartElement()) continue;
    const auto a = x.attributes();
    if (x.name() == u"renderer-v2") {
      f.renderer = a.value("type").toString();
      f.attr = a.value("attr").toString();
    } else if (x.name() == u"rule") {
      f.rule_filters << a.value("filter").toString();
    } else if (x.name() == u"category") {
      f.category_values << a.value("value").toString();
    } else if (x.name() == u"symbol") {
      ++f.symbols;
    } else if (x.name() == u"text-style") {
      f.label_field = a.value("fieldName").toString();
    } else if (x.name() == u"Option" && a.value("name") == u"color") {
      f.colors << a.value("value").toString();
    }
  }
  EXPECT_FALSE(x.hasError()) << x.errorString().toStdString() << "\n" << text;
  return f;
}

TEST(Qml, SingleSymbolWithLabels) {
  const QmlFacts f = read_qml(to_qml(style_for("redline"), fields({{"name", "HXMC"}})));
  EXPECT_EQ(f.renderer, "singleSymbol");
  EXPECT_EQ(f.label_field, "HXMC");
  EXPECT_EQ(f.symbols, 1);
  ASSERT_FALSE(f.colors.isEmpty());
  EXPECT_EQ(f.colors.front(), "229,57,53,64");
}

TEST(Qml, ExactCategoriesBecomeACategorisedRenderer) {
  const QmlFacts f = read_qml(to_qml(style_for("overlaps")));
  EXPECT_EQ(f.renderer, "categorizedSymbol");
  EXPECT_EQ(f.attr, "LINE");
  EXPECT_TRUE(f.category_values.contains("redline"));
  EXPECT_TRUE(f.category_values.contains("farmland"));
  EXPECT_TRUE(f.category_values.contains(""));  // the catch-all
  EXPECT_EQ(f.symbols, 5);  // three classes, the catch-all, the source symbol
}

TEST(Qml, PrefixCategoriesBecomeExclusiveRules) {
  const QmlFacts f = read_qml(to_qml(style_for("parcels"), fields({{"planned_use", "GHYT"}, {"id", "DKBH"}})));
  EXPECT_EQ(f.renderer, "RuleRenderer");
  EXPECT_TRUE(f.rule_filters.contains("\"GHYT\" LIKE '100101%'"));
  EXPECT_TRUE(f.rule_filters.contains(
      "\"GHYT\" LIKE '1001%' AND NOT \"GHYT\" LIKE '100101%' AND NOT \"GHYT\" LIKE '100102%' AND NOT "
      "\"GHYT\" LIKE '100103%'"))
      << f.rule_filters.join("\n").toStdString();
  EXPECT_TRUE(f.rule_filters.contains("ELSE"));
  EXPECT_EQ(f.label_field, "DKBH");
}

TEST(Qml, LineAndPointSymbols) {
  Style s = style_for("urban");
  const std::string line = to_qml(s, geometry("line"));
  EXPECT_NE(line.find("SimpleLine"), std::string::npos);
  EXPECT_NE(line.find("\"customdash\" type=\"QString\" value=\"3;1.5\""), std::string::npos);
  read_qml(line);
  EXPECT_NE(to_qml(s, geometry("point")).find("SimpleMarker"), std::string::npos);
}

TEST(LayerData, CoordinatesAndContainment) {
  auto l = make_layer("t", "", {"ID"}, {});
  // A U shape: its envelope centre lies outside it.
  add_wkt(*l, "POLYGON((38500000 3860000, 38500300 3860000, 38500300 3860300, 38500200 3860300, "
              "38500200 3860100, 38500100 3860100, 38500100 3860300, 38500000 3860300, 38500000 3860000))",
          {"U"});
  add_polygon(*l, {rect_ring(X0 + 1000, Y0, X0 + 1100, Y0 + 100), rect_ring(X0 + 1040, Y0 + 40, X0 + 1060, Y0 + 60)}, {"hole"});
  add_wkt(*l, "LINESTRING(38502000 3860000, 38502100 3860000)", {"line"});
  const LayerData d(l);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d.geometry_type(), "mixed");
  EXPECT_NEAR(d.x(d.vertex_begin(d.part_begin(0)) + 1), 38500300.0, 1e-3);
  EXPECT_NEAR(d.y(d.vertex_begin(d.part_begin(0)) + 2), 3860300.0, 1e-3);
  EXPECT_EQ(d.part_end(1) - d.part_begin(1), 2u);
  EXPECT_EQ(d.part_kind(d.part_begin(1) + 1), PartKind::Hole);
  EXPECT_FALSE(d.contains(0, X0 + 150, Y0 + 200));  // the notch
  EXPECT_TRUE(d.contains(0, X0 + 50, Y0 + 200));
  EXPECT_FALSE(d.contains(1, X0 + 1050, Y0 + 50));  // the hole
  EXPECT_TRUE(d.contains(1, X0 + 1020, Y0 + 50));
  EXPECT_TRUE(d.contains(2, X0 + 2050, Y0 + 3, 5));
  EXPECT_FALSE(d.contains(2, X0 + 2050, Y0 + 8, 5));
  const auto [lx, ly] = d.label_point(0);
  EXPECT_TRUE(d.contains(0, lx, ly)) << lx << " " << ly;
  const auto [hx, hy] = d.label_point(1);
  EXPECT_TRUE(d.contains(1, hx, hy)) << hx << " " << hy;
  std::vector<std::size_t> hits;
  d.query({X0 + 990, Y0 + 10, X0 + 1010, Y0 + 20}, hits);
  EXPECT_EQ(hits, std::vector<std::size_t>{1});
}

TEST(Render, SceneMatchesReference) {
  const MapSettings s = scene();
  QImage img = render_map(s);
  ASSERT_FALSE(img.isNull());
  test::expect_matches_reference(img, "scene");
}

TEST(Render, FigureWithFurnitureMatchesReference) {
  MapSettings s = scene();
  QImage img(760, 580, QImage::Format_ARGB32_Premultiplied);
  img.setDotsPerMeterX(static_cast<int>(96 / 0.0254 + 0.5));
  img.setDotsPerMeterY(static_cast<int>(96 / 0.0254 + 0.5));
  img.fill(Qt::white);
  {
    QPainter p(&img);
    draw_figure(p, QRectF(40, 30, 680, 520), s);
  }
  test::expect_matches_reference(img, "figure");
}

TEST(Render, ColoursLandWhereTheFeaturesAre) {
  const MapSettings s = scene();
  const QImage img = render_map(s);
  const MapToPixel m(s);
  // Inside a 水田 plot away from its label: the 水田 fill.
  const QPointF p = m.to_pixel(X0 + 20, Y0 + 15);
  const QColor c = img.pixelColor(pixel(p));
  EXPECT_EQ(c, QColor(0xbd, 0xdc, 0x7a)) << c.name().toStdString();
  // The red line's hole shows the white background.
  const QColor hole = img.pixelColor(pixel(m.to_pixel(X0 + 850, Y0 + 100)));
  EXPECT_EQ(hole, QColor(255, 255, 255));
}

TEST(Render, SubPixelSimplificationAndTinyPolygons) {
  auto l = make_layer("fine", "", {"ID"}, {});
  // A circle of 2000 vertices, 50 m across: at 10 m per pixel it is 5 px wide.
  Ring circle;
  for (int i = 0; i < 2000; ++i) {
    const double a = 2 * M_PI * i / 2000;
    circle.emplace_back(X0 + 500 + 25 * std::cos(a), Y0 + 500 + 25 * std::sin(a));
  }
  circle.push_back(circle.front());
  add_polygon(*l, {circle}, {"c"});
  // A plot of 4 m × 3 m: under a pixel, drawn as one.
  add_polygon(*l, {rect_ring(X0 + 203, Y0 + 203, X0 + 207, Y0 + 206)}, {"tiny"});
  // 20 m × 20 m: two pixels, drawn as its pixel box.
  add_polygon(*l, {rect_ring(X0 + 800, Y0 + 800, X0 + 820, Y0 + 820)}, {"small"});
  MapSettings s;
  s.size = QSize(100, 100);
  s.extent = {X0, Y0, X0 + 1000, Y0 + 1000};
  Style st = default_style("t");
  st.symbol.fill_color = {0, 0, 255, 255};
  st.symbol.stroke = false;
  s.layers.push_back(MapLayer::make("fine", data_of(l), st));
  DrawStats stats;
  const QImage img = render_layer(s, s.layers[0], nullptr, &stats, 1);
  EXPECT_EQ(stats.polygons, 1u);
  EXPECT_EQ(stats.pixels, 1u);
  EXPECT_EQ(stats.small, 1u);
  EXPECT_EQ(stats.vertices_in, 2001u);
  EXPECT_LT(stats.vertices_out, 40u);  // a 5-pixel circle needs no more
  const MapToPixel m(s);
  EXPECT_EQ(img.pixelColor(pixel(m.to_pixel(X0 + 205, Y0 + 204.5))), QColor(0, 0, 255));
  EXPECT_EQ(img.pixelColor(pixel(m.to_pixel(X0 + 810, Y0 + 810))), QColor(0, 0, 255));
  EXPECT_EQ(img.pixelColor(pixel(m.to_pixel(X0 + 500, Y0 + 500))), QColor(0, 0, 255));
  EXPECT_EQ(img.pixelColor(pixel(m.to_pixel(X0 + 100, Y0 + 900))).alpha(), 0);
}

std::shared_ptr<Layer> grid_layer(int n, double cell) {
  auto l = make_layer("grid", "", {"ID"}, {});
  l->features.reserve(static_cast<std::size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      add_polygon(*l, {rect_ring(X0 + i * cell, Y0 + j * cell, X0 + i * cell + cell * 0.8, Y0 + j * cell + cell * 0.8)},
                  {std::to_string(i * n + j)});
  return l;
}

TEST(Render, TheIndexLimitsWorkToTheView) {
  MapSettings s;
  s.size = QSize(200, 200);
  s.layers.push_back(MapLayer::make("grid", data_of(grid_layer(100, 100)), default_style("g")));
  s.extent = {X0 + 2000, Y0 + 2000, X0 + 3000, Y0 + 3000};  // 10 × 10 of the 10 000 cells
  DrawStats stats;
  render_layer(s, s.layers[0], nullptr, &stats, 1);
  EXPECT_GE(stats.queried, 100u);
  EXPECT_LE(stats.queried, 144u);
}

TEST(Render, SplittingABigLayerAcrossThreadsDrawsTheSame) {
  MapSettings s;
  s.size = QSize(400, 400);
  auto data = data_of(grid_layer(340, 10));  // 115 600 plots, above the split threshold
  s.extent = data->extent();
  s.layers.push_back(MapLayer::make("grid", data, style_for("farmland")));
  DrawStats one, two;
  const QImage a = render_layer(s, s.layers[0], nullptr, &one, 1);
  const QImage b = render_layer(s, s.layers[0], nullptr, &two, 2);
  EXPECT_EQ(one.queried, 115600u);
  EXPECT_EQ(one.small + one.pixels + one.polygons, two.small + two.pixels + two.polygons);
  EXPECT_TRUE(a == b);
}

TEST(Render, CancelledRendersGiveNoImage) {
  MapSettings s;
  s.size = QSize(300, 300);
  auto data = data_of(grid_layer(100, 10));
  s.extent = data->extent();
  s.layers.push_back(MapLayer::make("grid", data, default_style("g")));
  std::atomic<bool> cancel{true};
  EXPECT_TRUE(render_layer(s, s.layers[0], &cancel, nullptr, 1).isNull());
  RenderJob job(s);
  job.cancel();
  EXPECT_FALSE(job.run());
  EXPECT_TRUE(job.image().isNull());
  // A progress callback that says stop cancels too.
  RenderJob job2(s);
  EXPECT_FALSE(job2.run([](double, std::string_view) { return false; }));
}

TEST(Render, CachedLayersAreNotDrawnAgain) {
  MapSettings s = scene();
  auto cache = std::make_shared<LayerImageCache>();
  RenderJob first(s, cache);
  ASSERT_TRUE(first.run());
  EXPECT_EQ(first.stats().size(), 7u);
  // Opacity and visibility of other layers change: nothing is redrawn.
  s.layers[0].opacity = 0.5;
  s.layers[2].visible = false;
  RenderJob second(s, cache);
  ASSERT_TRUE(second.run());
  EXPECT_TRUE(second.stats().empty());
  // A style change redraws that layer only.
  s.layers[1].set_style(default_style("x"));
  RenderJob third(s, cache);
  ASSERT_TRUE(third.run());
  EXPECT_EQ(third.stats().size(), 1u);
  EXPECT_EQ(third.stats().count("parcels"), 1u);
  // A pan redraws every visible layer.
  s.extent = {s.extent.minx + 100, s.extent.miny, s.extent.maxx + 100, s.extent.maxy};
  RenderJob fourth(s, cache);
  ASSERT_TRUE(fourth.run());
  EXPECT_EQ(fourth.stats().size(), 6u);
}

TEST(Render, SelectionIsDrawnOnTop) {
  MapSettings s = scene();
  s.layers[0].selected = std::make_shared<const std::vector<std::size_t>>(std::vector<std::size_t>{0});
  const QImage img = render_map(s);
  const MapToPixel m(s);
  const QColor c = img.pixelColor(pixel(m.to_pixel(X0 + 20, Y0 + 15)));
  EXPECT_GT(c.red(), 210);  // yellow selection wash over the plot
  EXPECT_GT(c.green(), 220);
  EXPECT_LT(c.blue(), 160);
}

TEST(Furniture, NiceNumbersAndScaleBars) {
  EXPECT_DOUBLE_EQ(nice_number(1), 1);
  EXPECT_DOUBLE_EQ(nice_number(3), 2);
  EXPECT_DOUBLE_EQ(nice_number(7.5), 5);
  EXPECT_DOUBLE_EQ(nice_number(0.7), 0.5);
  EXPECT_DOUBLE_EQ(nice_number(1234), 1000);
  EXPECT_DOUBLE_EQ(nice_number(99999), 50000);
  const ScaleBar b = scale_bar(10, 130);  // 1300 m fit → 1 km
  EXPECT_DOUBLE_EQ(b.metres, 1000);
  EXPECT_DOUBLE_EQ(b.pixels, 100);
  EXPECT_EQ(b.label, "1 千米");
  EXPECT_EQ(scale_bar(0.5, 130).label, "50 米");
  EXPECT_EQ(scale_bar(100, 130).label, "10 千米");
}

TEST(Furniture, ScaleMatchesTheDpi) {
  MapSettings s;
  s.size = QSize(1000, 500);
  s.dpi = 254;  // 10 px per mm
  s.extent = {0, 0, 1000, 100};  // 1 m per pixel
  EXPECT_DOUBLE_EQ(s.map_units_per_pixel(), 1.0);
  EXPECT_NEAR(s.scale(), 10000, 1e-6);  // 1 mm = 10 px = 10 m
  EXPECT_DOUBLE_EQ(s.visible_extent().height(), 500);  // widened to the aspect
}

TEST(Furniture, LegendListsThePresentClasses) {
  const MapSettings s = scene();
  const std::vector<LegendEntry> farm = legend_entries(s.layers[0]);
  ASSERT_EQ(farm.size(), 4u);  // title + 水田, 水浇地, 旱地 (no "other" present)
  EXPECT_EQ(farm[0].label, "永久基本农田");
  EXPECT_FALSE(farm[0].has_symbol);
  EXPECT_EQ(farm[1].label, "水田");
  const std::vector<LegendEntry> parcels = legend_entries(s.layers[1]);
  ASSERT_EQ(parcels.size(), 3u);
  EXPECT_EQ(parcels[1].label, "二类工业用地");
  EXPECT_EQ(parcels[2].label, "物流仓储用地");
  EXPECT_EQ(legend_entries(s.layers[1], false).size(), 11u);
}

/// Each feature's envelope as a rectangle of the painter that drew `layout` from `s`.
std::vector<QRectF> feature_boxes(MapSettings s, const FigureLayout& layout) {
  s.size = QSize(static_cast<int>(layout.map.width()), static_cast<int>(layout.map.height()));
  const MapToPixel m(s);
  std::vector<QRectF> out;
  for (const MapLayer& l : s.layers) {
    std::vector<std::size_t> ids;
    l.data->query(s.visible_extent(), ids);
    for (std::size_t i : ids) {
      const Envelope e = l.data->envelope(i);
      out.push_back(QRectF(m.to_pixel(e.minx, e.maxy), m.to_pixel(e.maxx, e.miny)).translated(layout.map.topLeft()));
    }
  }
  return out;
}

FigureLayout draw_into(QImage& img, const QRectF& frame, const MapSettings& s) {
  img.setDotsPerMeterX(static_cast<int>(96 / 0.0254 + 0.5));
  img.setDotsPerMeterY(static_cast<int>(96 / 0.0254 + 0.5));
  img.fill(Qt::white);
  QPainter p(&img);
  return draw_figure(p, frame, s);
}

TEST(Furniture, TheLegendTakesACornerWithoutDrawing) {
  // Plots along the top and down the left: the top-right corner, where the legend used to go,
  // is covered; the bottom-right one is empty.
  auto plots = make_layer("GDDK", "parcels", {"DKBH", "GHYT"}, {{"id", "DKBH"}, {"planned_use", "GHYT"}});
  for (int i = 0; i < 5; ++i)
    add_polygon(*plots, {rect_ring(X0 + i * 200, Y0 + 600, X0 + i * 200 + 180, Y0 + 780)},
                {"T" + std::to_string(i), "100102"});
  for (int j = 0; j < 3; ++j)
    add_polygon(*plots, {rect_ring(X0, Y0 + j * 200, X0 + 180, Y0 + j * 200 + 180)},
                {"L" + std::to_string(j), "110101"});
  MapSettings s;
  s.crs = crs::Crs::from_epsg(4526);
  s.extent = {X0, Y0, X0 + 980, Y0 + 780};
  s.layers.push_back(MapLayer::make("parcels", data_of(plots), style_for("parcels")));
  QImage img(760, 580, QImage::Format_ARGB32_Premultiplied);
  const QRectF frame(40, 30, 680, 520);
  const FigureLayout layout = draw_into(img, frame, s);
  ASSERT_FALSE(layout.legend.isEmpty());
  EXPECT_EQ(layout.map, frame);  // a free corner: the map keeps the whole frame
  EXPECT_TRUE(layout.map.contains(layout.legend));
  for (const QRectF& b : feature_boxes(s, layout))
    EXPECT_FALSE(b.intersects(layout.legend)) << b.x() << "," << b.y() << " " << b.width() << "x" << b.height();
  // Bottom right, the one empty corner.
  EXPECT_GT(layout.legend.center().x(), frame.center().x());
  EXPECT_GT(layout.legend.center().y(), frame.center().y());
}

TEST(Furniture, AMapWithDrawingInEveryCornerHasItsLegendBesideIt) {
  const MapSettings s = scene();
  QImage img(760, 580, QImage::Format_ARGB32_Premultiplied);
  const QRectF frame(40, 30, 680, 520);
  const FigureLayout layout = draw_into(img, frame, s);
  ASSERT_FALSE(layout.legend.isEmpty());
  EXPECT_FALSE(layout.legend.intersects(layout.map));
  EXPECT_TRUE(frame.contains(layout.legend));
  EXPECT_TRUE(frame.contains(layout.map));
  for (const QRectF& b : feature_boxes(s, layout)) EXPECT_FALSE(b.intersects(layout.legend));
}

TEST(Furniture, ATallLegendStaysInsideTheFrame) {
  // Forty layers, one line each: far taller than a 300-pixel map in one column.
  MapSettings s;
  s.crs = crs::Crs::from_epsg(4526);
  s.extent = {X0, Y0, X0 + 1000, Y0 + 500};
  for (int i = 0; i < 40; ++i) {
    auto l = make_layer("L" + std::to_string(i), "", {"ID"}, {});
    add_polygon(*l, {rect_ring(X0 + i * 25, Y0, X0 + i * 25 + 20, Y0 + 500)}, {"x"});
    s.layers.push_back(MapLayer::make("l" + std::to_string(i), data_of(l),
                                      default_style("第" + std::to_string(i + 1) + "号图层", static_cast<std::size_t>(i))));
  }
  QImage img(700, 360, QImage::Format_ARGB32_Premultiplied);
  const QRectF frame(30, 30, 640, 300);
  const FigureLayout layout = draw_into(img, frame, s);
  ASSERT_FALSE(layout.legend.isEmpty());
  EXPECT_TRUE(frame.contains(layout.legend)) << layout.legend.top() << " " << layout.legend.bottom();
  EXPECT_FALSE(layout.legend.intersects(layout.map));
}

TEST(Furniture, DrawsIntoAPdf) {
  QTemporaryDir dir;
  const QString file = dir.filePath("map.pdf");
  {
    QPdfWriter pdf(file);
    pdf.setResolution(300);
    QPainter p(&pdf);
    draw_figure(p, QRectF(100, 100, 2000, 1500), scene());
  }
  const auto size = std::filesystem::file_size(file.toStdString());
  EXPECT_GT(size, 5000u);
}

}  // namespace
}  // namespace tudi::render
