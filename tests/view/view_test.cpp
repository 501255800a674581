// The viewer, headless: open the demo project, render it against a reference image, identify
// a parcel by clicking it, draw a site over farmland and read the check's overlap area, and the
// attribute table's selection sync.

#include <gtest/gtest.h>
#include <unistd.h>

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "attribute_table.hpp"
#include "chinese.hpp"
#include "main_window.hpp"
#include "render/scene.hpp"
#include "tudi/check/check.hpp"
#include "tudi/synth/synth.hpp"

namespace tudi::view {
namespace {

namespace fs = std::filesystem;

/// The demo project: gis-data/demo when it has been generated, else the same county written
/// by the generator into a temporary folder (same seed, same data).
fs::path written_demo;  // the temporary demo folder, removed after the tests

fs::path demo_project() {
  if (fs::exists(test::kDemoDir / "tudi.toml")) return test::kDemoDir / "tudi.toml";
  written_demo = test::scratch_dir("tudi-view-demo-" + std::to_string(::getpid()));
  synth::write_county(synth::make_county(), written_demo, true);
  return written_demo / "tudi.toml";
}

class Viewer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    window_ = new MainWindow;
    window_->resize(1300, 860);
    window_->show();
    // Pinned canvas size: the reference image depends on it.
    window_->canvas()->setFixedSize(800, 560);
    window_->open_project(QString::fromStdString(demo_project().string()));
    ASSERT_TRUE(window_->wait_idle(180000)) << window_->last_error().toStdString();
    ASSERT_TRUE(window_->last_error().isEmpty()) << window_->last_error().toStdString();
  }
  static void TearDownTestSuite() {
    delete window_;
    window_ = nullptr;
    std::error_code ec;
    if (!written_demo.empty()) fs::remove_all(written_demo, ec);
  }
  void SetUp() override {
    ASSERT_NE(window_, nullptr);
    window_->model()->clear_selections();
    window_->canvas()->set_tool(MapCanvas::Tool::Pan);
  }
  static const ViewLayer& layer(const std::string& role) {
    const ViewLayer* l = window_->model()->by_role(role);
    EXPECT_NE(l, nullptr) << role;
    return *l;
  }
  static MainWindow* window_;
};
MainWindow* Viewer::window_ = nullptr;

TEST_F(Viewer, OpensTheDemoProjectWithEveryRole) {
  for (const char* role :
       {"redline", "farmland", "urban", "zones", "parcels", "proposals", "landuse", "approvals"})
    EXPECT_NE(window_->model()->by_role(role), nullptr) << role;
  EXPECT_EQ(window_->canvas()->crs().label(), "EPSG:4526");
  // Styled from styles/: titles in Chinese, land-use categories present.
  EXPECT_EQ(layer("farmland").map.style.title, "永久基本农田");
  EXPECT_EQ(layer("farmland").map.style.category_field, "land_class");
  // The tree lists layers top first: proposals above land use.
  const auto& ls = window_->model()->layers();
  EXPECT_EQ(ls.front().role, "proposals");
  EXPECT_EQ(ls.back().role, "landuse");
}

TEST_F(Viewer, FullViewMatchesReference) {
  window_->canvas()->zoom_full();
  ASSERT_TRUE(window_->canvas()->wait_for_render());
  const QImage img = window_->canvas()->image();
  ASSERT_EQ(img.size(), QSize(800, 560));
  test::expect_matches_reference(img, "view_demo", 0.01);
}

TEST_F(Viewer, ClickingAParcelShowsItsRecord) {
  const ViewLayer& parcels = layer("parcels");
  const render::LayerData& d = *parcels.map.data;
  // A parcel that no filled layer above it covers (proposals, the red line), so the click
  // meets the parcel first; outline-only layers (urban, zones) are hit only on their lines.
  const auto covered = [&](double x, double y) {
    for (const ViewLayer& l : window_->model()->layers()) {
      if (l.map.id == parcels.map.id) return false;
      std::vector<std::size_t> ids;
      l.map.data->query({x, y, x, y}, ids);
      for (std::size_t i : ids)
        if (l.map.data->contains(i, x, y, 0, !l.map.style.symbol.fill)) return true;
    }
    return false;
  };
  std::size_t f = d.size();
  for (std::size_t i = d.size() / 2; i < d.size() && f == d.size(); ++i) {
    const auto [x, y] = d.label_point(i);
    if (!covered(x, y)) f = i;
  }
  ASSERT_LT(f, d.size());
  const std::string id = d.layer().id_of(d.layer().features[f]);
  ASSERT_FALSE(id.empty());
  window_->canvas()->zoom_to(d.envelope(f), 2.0);
  ASSERT_TRUE(window_->canvas()->wait_for_render());
  const auto [x, y] = d.label_point(f);
  const QPoint at = window_->canvas()->to_widget(x, y).toPoint();
  window_->canvas()->set_tool(MapCanvas::Tool::Identify);
  QTest::mouseClick(window_->canvas(), Qt::LeftButton, {}, at);
  QTreeWidget* panel = window_->identify_panel();
  QTreeWidgetItem* hit = nullptr;
  for (int i = 0; i < panel->topLevelItemCount(); ++i)
    if (panel->topLevelItem(i)->text(0) == QString::fromStdString(parcels.map.id))
      hit = panel->topLevelItem(i);
  ASSERT_NE(hit, nullptr) << "no parcel in the identify panel";
  EXPECT_EQ(hit->text(1).toStdString(), id);
  // Attributes are decoded Chinese: field labels carry the canonical alias, values read.
  bool alias = false, chinese_value = false;
  for (int i = 0; i < hit->childCount(); ++i) {
    const QString label = hit->child(i)->text(0), value = hit->child(i)->text(1);
    if (label.contains(QStringLiteral("（地块编号）"))) {
      alias = true;
      EXPECT_EQ(value.toStdString(), id);
    }
    EXPECT_FALSE(value.contains(QChar(0xFFFD))) << value.toStdString();
    for (QChar c : value)
      if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) chinese_value = true;
  }
  EXPECT_TRUE(alias);
  EXPECT_TRUE(chinese_value);
  // The clicked parcel is selected on the map.
  const ViewLayer* after = window_->model()->find(parcels.map.id);
  ASSERT_TRUE(after->map.selected);
  EXPECT_EQ(*after->map.selected, std::vector<std::size_t>{f});
}

TEST_F(Viewer, DrawingASiteOverFarmlandReportsTheOverlap) {
  const ViewLayer& farm = layer("farmland");
  const render::LayerData& d = *farm.map.data;
  // The largest farmland plot; a square site around its label point, inside it.
  std::size_t f = 0;
  for (std::size_t i = 0; i < d.size(); ++i)
    if (d.envelope(i).width() * d.envelope(i).height() >
        d.envelope(f).width() * d.envelope(f).height())
      f = i;
  const auto [cx, cy] = d.label_point(f);
  const double h = std::min(d.envelope(f).width(), d.envelope(f).height()) / 8;
  MapCanvas* c = window_->canvas();
  c->zoom_to({cx - 6 * h, cy - 6 * h, cx + 6 * h, cy + 6 * h}, 0);
  ASSERT_TRUE(c->wait_for_render());
  c->set_tool(MapCanvas::Tool::Sketch);
  std::vector<QPoint> clicks;
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{
           {cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}})
    clicks.push_back(c->to_widget(x, y).toPoint());
  // The site the canvas will hand on: the clicked pixels back in map coordinates.
  double area = 0;
  std::vector<std::pair<double, double>> ring;
  // The check overlays the coordinates as given (nothing snapped): so does the expectation.
  for (const QPoint& p : clicks) {
    const auto [x, y] = c->to_map(QPointF(p));
    ring.emplace_back(x, y);
  }
  // Shoelace about the first vertex: products of 8-digit eastings lose centimetres.
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const auto& a = ring[i];
    const auto& b = ring[(i + 1) % ring.size()];
    const double ax = a.first - ring[0].first, ay = a.second - ring[0].second;
    const double bx = b.first - ring[0].first, by = b.second - ring[0].second;
    area += ax * by - bx * ay;
  }
  area = std::abs(area) / 2;
  for (const auto& v : ring)
    ASSERT_TRUE(d.contains(f, v.first, v.second)) << "site leaves the plot";
  // What the site is, as `tudi check --activity 光伏发电 --major 省级` would say it.
  auto* activity = window_->findChild<QLineEdit*>("activity");
  auto* major = window_->findChild<QComboBox*>("major");
  ASSERT_TRUE(activity && major);
  activity->setText(QStringLiteral("光伏发电"));
  major->setCurrentText(QStringLiteral("省级"));
  for (const QPoint& p : clicks) QTest::mouseClick(c, Qt::LeftButton, {}, p);
  QTest::mouseClick(c, Qt::RightButton, {}, clicks.back());
  ASSERT_TRUE(window_->wait_idle(120000)) << window_->last_error().toStdString();
  ASSERT_TRUE(window_->last_error().isEmpty()) << window_->last_error().toStdString();
  const check::Result* r = window_->last_check();
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->proposals.size(), 1u);
  const check::ProposalResult& p = r->proposals[0];
  ASSERT_TRUE(p.checked) << p.reason;
  EXPECT_NEAR(p.area.planar_m2, area, 0.01);
  const check::LineResult& farmland = p.lines.at("farmland");
  ASSERT_TRUE(farmland.checked);
  // Wholly inside one plot: the whole site overlaps farmland, in one piece.
  EXPECT_NEAR(farmland.overlap.planar_m2, area, 0.01);
  EXPECT_EQ(farmland.pieces, 1);
  EXPECT_EQ(farmland.state, check::State::Conflict);
  EXPECT_EQ(p.activity, "pv");
  EXPECT_EQ(p.major, check::Major::Provincial);
  // PV may not occupy permanent farmland at any level (a plain 工业 site: farmland-blocking).
  EXPECT_EQ(p.conclusion.severity, check::Severity::Blocking);
  ASSERT_FALSE(p.reasons.empty());
  EXPECT_EQ(p.reasons.front().conclusion.rule, "farmland-pv");
  // What the planner reads: the area in the result panel, and the overlap highlighted.
  const QString text = window_->result_panel()->toPlainText();
  EXPECT_TRUE(text.contains(QString::number(farmland.overlap.planar_m2, 'f', 2)))
      << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("永久基本农田")));
  EXPECT_TRUE(text.contains(QString::fromUtf8(check::label(p.conclusion.severity))));
  EXPECT_TRUE(text.contains(QStringLiteral("farmland-pv"))) << text.toStdString();
  // The overlap pieces are on the map as a result layer: one on farmland.
  int farmland_pieces = -1;
  for (const ViewLayer& l : window_->model()->layers()) {
    if (!l.result || l.map.style.name != "overlaps") continue;
    const Layer& ol = l.map.data->layer();
    const int line = ol.field_index("LINE");
    ASSERT_GE(line, 0);
    farmland_pieces = 0;
    for (const Feature& piece : ol.features)
      if (to_text(piece.values[static_cast<std::size_t>(line)]) == "farmland") ++farmland_pieces;
  }
  EXPECT_EQ(farmland_pieces, 1);
}

TEST_F(Viewer, AttributeTableFiltersAndSelectsOnTheMap) {
  const ViewLayer& farm = layer("farmland");
  AttributeTable* t = window_->open_attribute_table(farm.map.id);
  ASSERT_NE(t, nullptr);
  const Layer& l = farm.map.data->layer();
  const std::string id = l.id_of(l.features[3]);
  t->set_filter(QString::fromStdString(id));
  ASSERT_GE(t->visible_rows(), 1);
  t->view()->selectRow(0);
  QApplication::processEvents();
  const ViewLayer* after = window_->model()->find(farm.map.id);
  ASSERT_TRUE(after->map.selected);
  ASSERT_FALSE(after->map.selected->empty());
  EXPECT_EQ(l.id_of(l.features[after->map.selected->front()]).find(id), 0u);
  // Identify on the map selects the row in the table.
  const std::size_t f = 7;
  t->set_filter({});
  const auto [x, y] = farm.map.data->label_point(f);
  window_->identify(x, y, 0.01);
  std::vector<std::size_t> rows = t->selected_features();
  // The identify hit on top may be another layer (e.g. land use above farmland is not: farmland
  // lies above land use); farmland's own selection follows when farmland is hit first.
  if (window_->identify_panel()->topLevelItem(0)->text(0) == QString::fromStdString(farm.map.id)) {
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], f);
  }
}

TEST_F(Viewer, RunsSupplyAndZonesAsStyledLayers) {
  auto results = [] {
    std::vector<std::string> names;
    for (const ViewLayer& l : window_->model()->layers())
      if (l.result) names.push_back(l.map.style.name);
    return names;
  };
  window_->run_supply();
  ASSERT_TRUE(window_->wait_idle(180000));
  ASSERT_TRUE(window_->last_error().isEmpty()) << window_->last_error().toStdString();
  const auto after_supply = results();
  EXPECT_NE(std::find(after_supply.begin(), after_supply.end(), "ready_parcels"),
            after_supply.end());
  EXPECT_TRUE(window_->result_panel()->toPlainText().contains(QStringLiteral("供地分析")));
  window_->run_zones();
  ASSERT_TRUE(window_->wait_idle(180000));
  ASSERT_TRUE(window_->last_error().isEmpty()) << window_->last_error().toStdString();
  EXPECT_GT(results().size(), after_supply.size());
  EXPECT_TRUE(window_->result_panel()->toPlainText().contains(QStringLiteral("开发区评价")));
}

TEST_F(Viewer, ShowsTheLedgerLightsWithTheirWarningsInIdentify) {
  window_->run_ledger();
  ASSERT_TRUE(window_->wait_idle(180000));
  ASSERT_TRUE(window_->last_error().isEmpty()) << window_->last_error().toStdString();
  const ViewLayer* lights = nullptr;
  for (const ViewLayer& l : window_->model()->layers())
    if (l.result && l.map.style.name == "ledger_projects") lights = &l;
  ASSERT_NE(lights, nullptr) << "no ledger_projects layer";
  EXPECT_TRUE(window_->result_panel()->toPlainText().contains(QStringLiteral("红灯")));
  // The idle parcel of ZD2026-05: identify shows its light and the warning's text.
  const Layer& l = lights->map.data->layer();
  const int land = l.field_index("land_id");
  ASSERT_GE(land, 0);
  std::size_t f = l.features.size();
  for (std::size_t i = 0; i < l.features.size(); ++i)
    if (to_text(l.features[i].values[static_cast<std::size_t>(land)]) == "JK-34") f = i;
  ASSERT_LT(f, l.features.size());
  const auto [x, y] = lights->map.data->label_point(f);
  window_->identify(x, y, 0.01);
  QTreeWidget* panel = window_->identify_panel();
  QTreeWidgetItem* hit = nullptr;
  for (int i = 0; i < panel->topLevelItemCount(); ++i)
    if (panel->topLevelItem(i)->text(0) == QString::fromStdString(lights->map.id))
      hit = panel->topLevelItem(i);
  ASSERT_NE(hit, nullptr) << "the lights layer is not in the identify panel";
  QString values;
  for (int i = 0; i < hit->childCount(); ++i) values += hit->child(i)->text(1) + "\n";
  EXPECT_TRUE(values.contains(QStringLiteral("红灯"))) << values.toStdString();
  EXPECT_TRUE(values.contains(QStringLiteral("闲置满一年"))) << values.toStdString();
  window_->model()->clear_selections();
}

TEST_F(Viewer, ExportsPngAndPdf) {
  QTemporaryDir dir;
  window_->canvas()->zoom_full();
  window_->export_png(dir.filePath("map.png"));
  window_->export_pdf(dir.filePath("map.pdf"));
  QImage png(dir.filePath("map.png"));
  EXPECT_EQ(png.width(), 800 * 2 + 48);
  EXPECT_GT(QFileInfo(dir.filePath("map.pdf")).size(), 20000);
  // Titled with the project's title (tudi.toml [report] title), not its folder's name.
  std::string text;
  if (FILE* f = popen(("pdftotext -enc UTF-8 '" + dir.filePath("map.pdf").toStdString() + "' -").c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    pclose(f);
  }
  EXPECT_NE(text.find("卫源县土地供应与规划分析报告"), std::string::npos) << text;
  EXPECT_NE(text.find("图例"), std::string::npos);
}

// Opening a project whose layers include GeoPackages: their R-tree boxes are shown first (a
// preview nobody can identify or tabulate), then swapped for the layers read, in place.
TEST(ViewerPreview, ShowsRtreeBoxesFirstThenTheLayersRead) {
  MainWindow w;
  w.resize(1000, 700);
  w.show();
  std::set<std::string> previewed;
  bool identify_refused = false, table_refused = false;
  QObject::connect(w.model(), &LayerTreeModel::map_changed, &w, [&] {
    for (const ViewLayer& l : w.model()->layers()) {
      if (!l.map.data || !l.map.data->is_preview()) continue;
      if (!previewed.insert(l.role).second) continue;
      EXPECT_TRUE(l.map.data->layer().features.empty());
      EXPECT_EQ(w.open_attribute_table(l.map.id), nullptr);
      table_refused = true;
      const Envelope& e = l.map.data->envelope(0);
      w.identify((e.minx + e.maxx) / 2, (e.miny + e.maxy) / 2, 0.5);
      QTreeWidget* panel = w.identify_panel();
      identify_refused = identify_refused || (panel->topLevelItemCount() == 1 &&
                                              panel->topLevelItem(0)->text(0).contains(QStringLiteral("读取")));
    }
  });
  w.open_project(QString::fromStdString(demo_project().string()));
  ASSERT_TRUE(w.wait_idle(180000)) << w.last_error().toStdString();
  ASSERT_TRUE(w.last_error().isEmpty()) << w.last_error().toStdString();
  // The demo's GeoPackage layers: land use (county.gpkg) and parcels (supply.gpkg).
  EXPECT_TRUE(previewed.count("landuse"));
  EXPECT_TRUE(previewed.count("parcels"));
  EXPECT_FALSE(previewed.count("farmland"));  // a Shapefile: no R-tree, no preview
  EXPECT_TRUE(table_refused);
  EXPECT_TRUE(identify_refused);
  // Every layer is now the one read, each role once, identify and tables work again.
  std::set<std::string> roles;
  for (const ViewLayer& l : w.model()->layers()) {
    ASSERT_TRUE(l.map.data);
    EXPECT_FALSE(l.map.data->is_preview()) << l.map.id;
    EXPECT_EQ(l.map.data->size(), l.map.data->layer().features.size()) << l.map.id;
    EXPECT_TRUE(roles.insert(l.role).second) << l.role;
  }
  EXPECT_EQ(roles.size(), 8u);
  EXPECT_NE(w.project(), nullptr);
  const ViewLayer* parcels = w.model()->by_role("parcels");
  ASSERT_NE(parcels, nullptr);
  EXPECT_NE(w.open_attribute_table(parcels->map.id), nullptr);
}

// A project whose preview shows but whose layers then fail to read (as when the read is
// cancelled): the previews go and the project that was open comes back, layers unchanged.
TEST(ViewerPreview, AFailedReadPutsBackTheProjectThatWasOpen) {
  MainWindow w;
  w.resize(1000, 700);
  w.show();
  w.open_project(QString::fromStdString(demo_project().string()));
  ASSERT_TRUE(w.wait_idle(180000)) << w.last_error().toStdString();
  std::vector<std::string> before;
  for (const ViewLayer& l : w.model()->layers()) before.push_back(l.map.id);
  const QString title = w.windowTitle();

  const fs::path dir = test::scratch_dir("tudi-view-broken");
  fs::create_directories(dir);
  std::ofstream(dir / "broken.shp") << "not a shapefile";
  std::ofstream(dir / "tudi.toml")
      << "[analysis]\ncrs = \"EPSG:4526\"\n[layers.landuse]\nsource = \""
      << (demo_project().parent_path() / "county.gpkg").generic_string()
      << "\"\nlayer = \"DLTB\"\n[layers.farmland]\nsource = \"broken.shp\"\n";
  bool previewed = false;
  QObject::connect(w.model(), &LayerTreeModel::map_changed, &w, [&] {
    for (const ViewLayer& l : w.model()->layers())
      previewed = previewed || (l.map.data && l.map.data->is_preview());
  });
  w.open_project(QString::fromStdString((dir / "tudi.toml").string()));
  ASSERT_TRUE(w.wait_idle(180000));
  EXPECT_TRUE(previewed);
  EXPECT_NE(w.last_error().toStdString().find("broken.shp"), std::string::npos)
      << w.last_error().toStdString();
  std::vector<std::string> after;
  for (const ViewLayer& l : w.model()->layers()) {
    after.push_back(l.map.id);
    EXPECT_FALSE(l.map.data->is_preview()) << l.map.id;
  }
  EXPECT_EQ(after, before);
  EXPECT_NE(w.project(), nullptr);
  EXPECT_EQ(w.windowTitle(), title);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tudi::view

namespace tudi::view {
namespace {

TEST(ViewerChinese, QtDialogButtonsAreInChinese) {
  // qt6-translations-l10n (scripts/packages.txt): the viewer's dialogs say 确定/取消.
  ASSERT_TRUE(install_chinese_translations(*QCoreApplication::instance()));
  EXPECT_EQ(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
  EXPECT_EQ(QCoreApplication::translate("QPlatformTheme", "OK"), QStringLiteral("确定"));
}

}  // namespace
}  // namespace tudi::view
