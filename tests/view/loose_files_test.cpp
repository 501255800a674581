// The viewer with loose files (no tudi.toml): their roles are suggested, not assigned, until
// the user picks one from the layer's "用作" menu; the check takes only assigned layers.

#include <gtest/gtest.h>

#include <QAction>
#include <QMenu>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "main_window.hpp"
#include "test_config.hpp"

namespace tudi::view {
namespace {

namespace fs = std::filesystem;

QString display(const MainWindow& w, const std::string& id) {
  const auto& ls = w.model()->layers();
  for (std::size_t i = 0; i < ls.size(); ++i)
    if (ls[i].map.id == id) return w.model()->index(static_cast<int>(i), 0).data().toString();
  return {};
}

/// Triggers the "用作" entry for `role` ("" = 无) of a layer's context menu, as a click does.
bool use_as(MainWindow& w, const std::string& id, const std::string& role) {
  std::unique_ptr<QMenu> menu = w.make_layer_menu(id);
  if (!menu) return false;
  for (QAction* a : menu->actions()) {
    QMenu* sub = a->menu();
    if (!sub || !a->text().startsWith(QStringLiteral("用作"))) continue;
    for (QAction* r : sub->actions())
      if (!r->isSeparator() && r->data().toString() == QString::fromStdString(role)) {
        r->trigger();
        return true;
      }
  }
  return false;
}

/// A square site inside the largest plot of a layer, in map coordinates, and its area.
std::pair<MapCanvas::Ring, double> site_inside(const render::LayerData& d) {
  std::size_t f = 0;
  for (std::size_t i = 0; i < d.size(); ++i)
    if (d.envelope(i).width() * d.envelope(i).height() >
        d.envelope(f).width() * d.envelope(f).height())
      f = i;
  const auto [cx, cy] = d.label_point(f);
  const double h = std::round(std::min(d.envelope(f).width(), d.envelope(f).height()) / 8);
  MapCanvas::Ring ring{
      {cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}, {cx - h, cy - h}};
  for (const auto& [x, y] : ring) EXPECT_TRUE(d.contains(f, x, y)) << "site leaves the plot";
  return {ring, 4 * h * h};
}

TEST(ViewerLooseFiles, RolesAreSuggestedUntilAssignedAndTheCheckTakesOnlyAssignedOnes) {
  const fs::path farmland = test::kDemoDir / "YJJBNTTB.shp",
                 redline = test::kDemoDir / "STBHHX.shp";
  if (!fs::exists(farmland)) GTEST_SKIP() << "gis-data/demo has not been generated";
  MainWindow w;
  w.resize(1000, 700);
  w.show();
  w.add_sources(
      {QString::fromStdString(redline.string()), QString::fromStdString(farmland.string())});
  ASSERT_TRUE(w.wait_idle(120000)) << w.last_error().toStdString();
  ASSERT_TRUE(w.last_error().isEmpty()) << w.last_error().toStdString();
  // The library's choice: the farmland's zone, which carries the prefix.
  EXPECT_EQ(w.canvas()->crs().epsg(), 4526);
  // Roles suggested (and shown so), none assigned.
  std::string farm_id, red_id;
  for (const ViewLayer& l : w.model()->layers()) {
    EXPECT_TRUE(l.role.empty()) << l.map.id;
    EXPECT_TRUE(l.map.data->layer().role.empty()) << l.map.id;
    if (l.suggested == "farmland") farm_id = l.map.id;
    if (l.suggested == "redline") red_id = l.map.id;
  }
  ASSERT_FALSE(farm_id.empty());
  ASSERT_FALSE(red_id.empty());
  EXPECT_TRUE(display(w, farm_id).contains(QStringLiteral("建议：永久基本农田")))
      << display(w, farm_id).toStdString();
  EXPECT_EQ(w.model()->by_role("farmland"), nullptr);

  // A site inside a farmland plot: unassigned, the farmland is not checked.
  const auto [ring, area] = site_inside(*w.model()->find(farm_id)->map.data);
  w.check_polygon(ring);
  ASSERT_TRUE(w.wait_idle(120000)) << w.last_error().toStdString();
  ASSERT_NE(w.last_check(), nullptr);
  ASSERT_EQ(w.last_check()->proposals.size(), 1u);
  EXPECT_FALSE(w.last_check()->proposals[0].lines.at("farmland").checked);

  // 用作 → 永久基本农田: the plot id could be JBNTTBBH or TBBH, so the viewer asks; then the
  // role and its mapping, shown in the tree, and the check uses it.
  QStringList asked;
  w.set_field_chooser([&](const QString& question, const QStringList& fields) {
    asked << question;
    EXPECT_EQ(fields, (QStringList{"JBNTTBBH", "TBBH"}));
    return QStringLiteral("JBNTTBBH");
  });
  ASSERT_TRUE(use_as(w, farm_id, "farmland"));
  ASSERT_EQ(asked.size(), 1);
  EXPECT_TRUE(asked[0].contains(QStringLiteral("图斑编号"))) << asked[0].toStdString();
  const ViewLayer* farm = w.model()->by_role("farmland");
  ASSERT_NE(farm, nullptr);
  EXPECT_EQ(farm->map.id, farm_id);
  EXPECT_EQ(farm->map.data->layer().role, "farmland");
  EXPECT_EQ(farm->map.data->layer().mapping.at("land_class"), "DLBM");
  EXPECT_EQ(farm->map.data->layer().mapping.at("id"), "JBNTTBBH");
  EXPECT_TRUE(display(w, farm_id).contains(QStringLiteral("用作：永久基本农田")))
      << display(w, farm_id).toStdString();
  w.check_polygon(ring);
  ASSERT_TRUE(w.wait_idle(120000)) << w.last_error().toStdString();
  ASSERT_TRUE(w.last_error().isEmpty()) << w.last_error().toStdString();
  const check::ProposalResult& p = w.last_check()->proposals.at(0);
  const check::LineResult& lr = p.lines.at("farmland");
  ASSERT_TRUE(lr.checked);
  EXPECT_NEAR(lr.overlap.planar_m2, area, 0.01);
  EXPECT_EQ(lr.pieces, 1);
  EXPECT_EQ(lr.state, check::State::Conflict);
  // The land class now splits the overlap: known codes, not 未知 alone.
  ASSERT_FALSE(lr.by_class.empty());
  EXPECT_EQ(lr.by_class.count("未知"), 0u);

  // The red line as land use: refused, naming the field it lacks; its role stays unset.
  ASSERT_TRUE(use_as(w, red_id, "landuse"));
  EXPECT_NE(w.last_error().toStdString().find("land_class（地类编码）"), std::string::npos)
      << w.last_error().toStdString();
  EXPECT_TRUE(w.model()->find(red_id)->role.empty());
  EXPECT_EQ(w.model()->by_role("landuse"), nullptr);

  // 用作 → 无: no longer taken for farmland.
  ASSERT_TRUE(use_as(w, farm_id, ""));
  EXPECT_EQ(w.model()->by_role("farmland"), nullptr);
  EXPECT_TRUE(w.model()->find(farm_id)->map.data->layer().mapping.empty());
  EXPECT_TRUE(display(w, farm_id).contains(QStringLiteral("建议：永久基本农田")));
}

// A project's layers have the roles its tudi.toml gives them: 用作 is disabled for them, and a
// loose file added beside them cannot take one of those roles.
TEST(ViewerLooseFiles, AProjectsLayersKeepTheirRoles) {
  const fs::path project = test::kDemoDir / "tudi.toml";
  if (!fs::exists(project)) GTEST_SKIP() << "gis-data/demo has not been generated";
  MainWindow w;
  w.resize(1000, 700);
  w.show();
  w.open_project(QString::fromStdString(project.string()));
  ASSERT_TRUE(w.wait_idle(180000)) << w.last_error().toStdString();
  const ViewLayer* farm = w.model()->by_role("farmland");
  ASSERT_NE(farm, nullptr);
  const std::string farm_id = farm->map.id;
  std::unique_ptr<QMenu> menu = w.make_layer_menu(farm_id);
  QMenu* use = nullptr;
  for (QAction* a : menu->actions())
    if (a->menu() && a->text().startsWith(QStringLiteral("用作"))) use = a->menu();
  ASSERT_NE(use, nullptr);
  EXPECT_FALSE(use->isEnabled());
  ASSERT_TRUE(use_as(w, farm_id, ""));
  EXPECT_EQ(w.model()->by_role("farmland")->map.id, farm_id);
  // The demo's red line again, as a loose file: it joins the project's CRS, and cannot be
  // the farmland the project names.
  w.add_sources({QString::fromStdString((test::kDemoDir / "STBHHX.shp").string())});
  ASSERT_TRUE(w.wait_idle(120000)) << w.last_error().toStdString();
  EXPECT_EQ(w.canvas()->crs().epsg(), 4526);
  std::string loose;
  for (const ViewLayer& l : w.model()->layers())
    if (!l.configured && !l.result) loose = l.map.id;
  ASSERT_FALSE(loose.empty());
  ASSERT_TRUE(use_as(w, loose, "farmland"));
  EXPECT_TRUE(w.model()->find(loose)->role.empty());
  EXPECT_EQ(w.model()->by_role("farmland")->map.id, farm_id);
  EXPECT_TRUE(w.last_error().contains(QStringLiteral("已由项目图层")))
      << w.last_error().toStdString();
}

}  // namespace
}  // namespace tudi::view
