// tudi check on hand-built layers whose answers are known: shared edges, slivers, cover in both
// directions, land classes, the urban boundary, zones, bad proposals, TXT plots, huge red lines.
#include "tudi/check/check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "geojson_fixtures.hpp"
#include "run_tudi.hpp"
#include "test_config.hpp"
#include "tudi/check/output.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/parallel_read.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/project/project.hpp"

namespace fs = std::filesystem;
using namespace tudi;
using check::Severity;
using check::State;

namespace {

constexpr double X0 = 38490000, Y0 = 3907000;  // EPSG:4526, zone 38 with prefix

using tudi::test::fresh_scratch_dir;

/// An axis-aligned rectangle, offsets in metres from (X0, Y0).
std::string rect(double x1, double y1, double x2, double y2) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "POLYGON((%.4f %.4f,%.4f %.4f,%.4f %.4f,%.4f %.4f,%.4f %.4f))",
                X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1, Y0 + y2, X0 + x1,
                Y0 + y1);
  return buf;
}

/// A layer of one role with fields (id, second) mapped to canonical names.
Layer make_layer(const std::string& role, const std::string& second_field,
                 const std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  Layer l;
  l.name = role;
  l.source = role + ".test";
  l.role = role;
  l.crs = l.source_crs = crs::Crs::from_epsg(4526);
  l.fields = {{"BSM", FieldType::String}, {"NAME2", FieldType::String}};
  l.mapping = {{"id", "BSM"}};
  if (!second_field.empty()) l.mapping[second_field] = "NAME2";
  std::int64_t fid = 0;
  for (const auto& [wkt, values] : rows) {
    Feature f;
    f.fid = ++fid;
    f.geometry = wkt.empty() ? nullptr : geom::from_wkt(wkt);
    for (const std::string& v : values) f.values.emplace_back(v);
    f.values.resize(2);
    l.features.push_back(std::move(f));
  }
  return l;
}

Layer proposals(const std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  return make_layer("proposals", "category", rows);
}

io::LayerSource source(const fs::path& path, const std::string& role = "",
                       const std::string& layer = "") {
  io::LayerSource s;
  s.source = path.string();
  s.role = role;
  s.layer = layer;
  return s;
}

/// "F12": built with append, which GCC 12's -Wrestrict does not misread as "F" + to_string does.
std::string numbered(const char* prefix, int n) {
  return std::string(prefix).append(std::to_string(n));
}
std::string numbered(const char* prefix, std::size_t n) {
  return std::string(prefix).append(std::to_string(n));
}

check::Settings rules() {
  return check::load_settings(test::kSourceDir / "rules" / "check.toml");
}

/// Input with every configured control taken from memory.
struct Fixture {
  Layer redline = make_layer("redline", "name", {});
  Layer farmland = make_layer("farmland", "land_class", {});
  Layer urban = make_layer("urban", "name", {});
  Layer zones = make_layer("zones", "name", {});
  std::vector<Layer> props;

  check::Inputs input(std::vector<std::string> roles = {"redline", "farmland", "urban", "zones"}) {
    check::Inputs in;
    in.crs = crs::Crs::from_epsg(4526);
    for (const Layer& p : props) in.proposals.push_back(p.clone());
    const std::map<std::string, const Layer*> all = {
        {"redline", &redline}, {"farmland", &farmland}, {"urban", &urban}, {"zones", &zones}};
    for (const auto& [role, layer] : all) {
      if (std::find(roles.begin(), roles.end(), role) != roles.end()) {
        check::Control c;
        c.layer = layer;
        in.controls[role] = c;
      } else {
        in.unchecked[role] = "项目文件未配置该图层";
      }
    }
    return in;
  }
  check::Result run(std::vector<std::string> roles = {"redline", "farmland", "urban", "zones"},
                    check::Options opt = {}) {
    return check::analyse(input(std::move(roles)), rules(), opt);
  }
};

const check::ProposalResult& by_id(const check::Result& r, const std::string& id) {
  for (const auto& p : r.proposals)
    if (p.id == id) return p;
  throw std::runtime_error("no proposal " + id);
}

}  // namespace

TEST(CheckRules, EveryCombinationHasAConclusion) {
  const check::Settings r = rules();
  EXPECT_EQ(r.categories.size(), 11u);
  EXPECT_DOUBLE_EQ(r.sliver_m2, 1.0);
  EXPECT_DOUBLE_EQ(r.sliver_share, 0.0001);
  EXPECT_DOUBLE_EQ(r.grid_m, 0.001);
  EXPECT_EQ(r.conclude("farmland", "工业", State::Conflict).severity, Severity::Blocking);
  // By category alone an energy project is not a listed major project: it may not apply.
  EXPECT_EQ(r.conclude("farmland", "能源", State::Conflict).severity, Severity::Blocking);
  check::Case hydro;
  hydro.line = "farmland";
  hydro.category = "能源";
  hydro.activity = "hydro_nuclear";
  hydro.major = check::Major::National;
  hydro.state = State::Conflict;
  EXPECT_EQ(r.conclude(hydro).severity, Severity::Approval);
  EXPECT_EQ(r.conclude("redline", "线性基础设施", State::Conflict).severity, Severity::Justify);
  EXPECT_EQ(r.conclude("urban", "工业", State::Conflict).severity, Severity::Blocking);
  EXPECT_EQ(r.conclude("urban", "线性基础设施", State::Conflict).severity, Severity::Justify);
  for (const std::string line : {"redline", "farmland", "cultivated", "urban"})
    for (const std::string& c : r.categories) {
      EXPECT_EQ(r.conclude(line, c, State::Sliver).severity, Severity::Ok) << line << c;
      EXPECT_EQ(r.conclude(line, c, State::Clear).severity, Severity::Ok) << line << c;
    }
  EXPECT_FALSE(r.conclude("farmland", "工业", State::Conflict).basis.empty());
}

TEST(CheckRules, CategoriesFromTextAliasesAndCodes) {
  const check::Settings r = rules();
  EXPECT_EQ(r.category_of("工业"), "工业");
  EXPECT_EQ(r.category_of(" 工业用地 "), "工业");
  EXPECT_EQ(r.category_of("仓储用地"), "仓储物流");
  EXPECT_EQ(r.category_of("100102"), "工业");
  EXPECT_EQ(r.category_of("公路"), "线性基础设施");
  EXPECT_EQ(r.category_of("火星基地"), "");
}

TEST(CheckRules, BadPackNamesFileAndLine) {
  const fs::path dir = fresh_scratch_dir("badrules");
  const fs::path file = dir / "check.toml";
  std::ofstream(file) << "[categories]\nlist = [\"工业\"]\ndefault = \"工业\"\n"
                         "[[rule]]\nline = \"farmland\"\nwhen = \"conflict\"\n"
                         "severity = \"forbidden\"\ntext = \"x\"\n";
  try {
    check::load_settings(file);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("check.toml:4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("forbidden"), std::string::npos) << e.what();
  }
}

TEST(CheckRules, MisspeltKeysAndNegativeThresholdsAreErrorsAtTheirLine) {
  // The bundled pack with one slip each: every slip would otherwise leave a default in force.
  const std::string bundled = test::slurp(test::kSourceDir / "rules" / "check.toml");
  const struct {
    std::string from, to, says;
  } slips[] = {
      {"min_area_m2 = 1.0", "min_aera_m2 = 1.0", "unknown key 'min_aera_m2' in [sliver]"},
      {"min_area_m2 = 1.0", "min_area_m2 = -1.0", "min_area_m2 must be a number from 0"},
      {"min_share = 0.0001", "min_share = nan", "min_share must be a number from 0 to 1"},
      {"grid_m = 0.001", "grid = 0.001", "did you mean grid_m?"},
      {"default = \"其他\"", "defualt = \"其他\"", "unknown key 'defualt' in [categories]"},
  };
  for (const auto& slip : slips) {
    std::string text = bundled;
    const std::size_t at = text.find(slip.from);
    ASSERT_NE(at, std::string::npos) << slip.from;
    text.replace(at, slip.from.size(), slip.to);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    const fs::path file = fresh_scratch_dir("rule-slips") / "check.toml";
    std::ofstream(file) << text;
    try {
      check::load_settings(file);
      ADD_FAILURE() << slip.to << ": accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("check.toml:" + std::to_string(line)), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find(slip.says), std::string::npos) << e.what();
    }
  }
}

TEST(Check, SharedEdgeGivesExactlyZero) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class", {{rect(0, 0, 100, 100), {"F1", "0101"}}});
  fx.props.push_back(proposals({
      // Drawn along the farmland's east edge, with a vertex where the farmland has none.
      {"POLYGON((38490100 3906950,38490200 3906950,38490200 3907050,38490100 3907050,"
       "38490100 3907000,38490100 3906950))",
       {"P1", "工业"}},
      // Digitising noise below the grid: 0.0004 m into the farmland.
      {rect(99.9996, 0, 150, 100), {"P2", "工业"}},
  }));
  const check::Result r = fx.run({"farmland"});
  for (const char* id : {"P1", "P2"}) {
    const auto& p = by_id(r, id);
    ASSERT_TRUE(p.checked) << p.reason;
    const auto& f = p.lines.at("farmland");
    EXPECT_EQ(f.overlap.planar_m2, 0.0) << id;
    EXPECT_EQ(f.pieces, 0) << id;
    EXPECT_EQ(f.state, State::Clear);
    EXPECT_EQ(p.conclusion.severity, Severity::Ok);
  }
  EXPECT_TRUE(r.pieces.empty());
}

TEST(Check, EdgeWithinTheGridOfAnotherGivesNoSliver) {
  // Both on the grid, but the proposal's vertex (30, 10) lies 0.00005 m inside the farmland's
  // slanted edge (0, 0)–(100, 33.3335): the floating-point overlay alone would report a
  // 0.00075 m² triangle 30 m long; the grid's overlay, which the check falls back to for such a
  // part, nodes the edge at that vertex and reports nothing, as for any shared edge.
  Fixture fx;
  fx.farmland = make_layer(
      "farmland", "land_class",
      {{"POLYGON((38490000 3907000,38490100 3907000,38490100 3907033.3335,38490000 3907000))",
        {"F1", "0101"}}});
  fx.props.push_back(
      proposals({{"POLYGON((38490000 3907000,38490030 3907010,38490030 3907050,38490000 3907050,"
                  "38490000 3907000))",
                  {"P1", "工业"}}}));
  const check::Result r = fx.run({"farmland"});
  const auto& f = by_id(r, "P1").lines.at("farmland");
  EXPECT_EQ(f.pieces, 0);
  EXPECT_EQ(f.overlap.planar_m2, 0.0);
  EXPECT_TRUE(r.pieces.empty());
}

namespace {

/// A point of a 100 m grid turned by 0.37° about (X0, Y0): every coordinate off the 0.001 m
/// grid, as a reprojected coverage has them; the same (i, j) always gives the same doubles.
std::pair<double, double> turned(double i, double j) {
  const double a = 0.37 * M_PI / 180, x = 100 * i + 0.123456789, y = 100 * j + 0.987654321;
  return {X0 + x * std::cos(a) - y * std::sin(a), Y0 + x * std::sin(a) + y * std::cos(a)};
}

/// A polygon through turned grid points, written with every digit so no coordinate moves.
std::string turned_polygon(const std::vector<std::pair<double, double>>& ij) {
  std::string wkt = "POLYGON((";
  for (std::size_t k = 0; k <= ij.size(); ++k) {
    const auto [x, y] = turned(ij[k % ij.size()].first, ij[k % ij.size()].second);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s%.17g %.17g", k ? "," : "", x, y);
    wkt += buf;
  }
  return wkt + "))";
}

}  // namespace

TEST(Check, OffGridSharedEdgesGiveNoPhantomSliver) {
  // A 3 × 3 coverage of off-grid plots. P1 is exactly plots (1, 1) and (2, 1), drawn with
  // their vertices; P2 lies outside the coverage along its east edge; P3 follows the west
  // edge of plot (0, 2) with an extra vertex halfway along it, a hair (10⁻⁷ m) inside the plot:
  // a part far thinner than the grid, which only the grid's retry (snap rounding of that one
  // pair) removes.
  Fixture fx;
  std::vector<std::pair<std::string, std::vector<std::string>>> plots;
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 3; ++i)
      plots.push_back({turned_polygon({{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}}),
                       {numbered("F", 3 * j + i), "0101"}});
  fx.farmland = make_layer("farmland", "land_class", plots);
  // H: halfway along the west edge of plot (0, 2), moved 10⁻⁷ m into the plot.
  const auto [ax, ay] = turned(0, 2);
  const auto [bx, by] = turned(0, 3);
  const double a = 0.37 * M_PI / 180;
  const double hx = (ax + bx) / 2 + 1e-7 * std::cos(a), hy = (ay + by) / 2 + 1e-7 * std::sin(a);
  const auto [cx, cy] = turned(-1, 3);
  const auto [dx, dy] = turned(-1, 2);
  char p3[512];
  std::snprintf(p3, sizeof p3,
                "POLYGON((%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g %.17g,%.17g "
                "%.17g))",
                ax, ay, dx, dy, cx, cy, bx, by, hx, hy, ax, ay);
  fx.props.push_back(proposals({
      {turned_polygon({{1, 1}, {2, 1}, {3, 1}, {3, 2}, {2, 2}, {1, 2}}), {"P1", "工业"}},
      {turned_polygon({{3, 0}, {4, 0}, {4, 3}, {3, 3}, {3, 2}, {3, 1}}), {"P2", "工业"}},
      {p3, {"P3", "工业"}},
  }));
  const check::Result r = fx.run({"farmland"});
  const auto& f1 = by_id(r, "P1").lines.at("farmland");
  const double expect = geom::area(geom::from_wkt(plots[4].first)) +
                        geom::area(geom::from_wkt(plots[5].first));
  EXPECT_NEAR(f1.overlap.planar_m2, expect, 1e-6);
  EXPECT_EQ(f1.pieces, 2);
  EXPECT_EQ(f1.sliver_pieces, 0);
  for (const char* id : {"P2", "P3"}) {
    const auto& p = by_id(r, id);
    ASSERT_TRUE(p.checked) << p.reason;
    EXPECT_EQ(p.lines.at("farmland").pieces, 0) << id;
    EXPECT_EQ(p.lines.at("farmland").overlap.planar_m2, 0.0) << id;
    EXPECT_EQ(p.lines.at("farmland").state, State::Clear) << id;
  }
  ASSERT_EQ(r.pieces.size(), 2u);
  // Nothing was snapped but P3's pair, whose floating overlay left the hair: one retry,
  // counted.
  const check::OverlayCount& n = r.overlays.at("farmland");
  EXPECT_GE(n.overlays, 1);
  EXPECT_EQ(n.retried, 1);
  // The proposal is kept as given, not moved to the grid.
  EXPECT_EQ(geom::to_wkb(by_id(r, "P1").geometry),
            geom::to_wkb(fx.props[0].features[0].geometry));
}

TEST(Check, SliversAreReportedCountedAndNeverBlocking) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class", {{rect(0, 0, 100, 100), {"F1", "0101"}}});
  // 0.005 m into the farmland along a 100 m edge: 0.5 m², below 1 m² and 0.01 % of 2 ha.
  fx.props.push_back(proposals({{rect(99.995, 0, 300, 100), {"P1", "工业"}}}));
  const check::Result r = fx.run({"farmland"});
  const auto& f = by_id(r, "P1").lines.at("farmland");
  EXPECT_NEAR(f.overlap.planar_m2, 0.5, 1e-6);
  EXPECT_EQ(f.pieces, 1);
  EXPECT_EQ(f.sliver_pieces, 1);
  EXPECT_NEAR(f.slivers.planar_m2, 0.5, 1e-6);
  EXPECT_EQ(f.state, State::Sliver);
  EXPECT_EQ(by_id(r, "P1").conclusion.severity, Severity::Ok);
  EXPECT_NE(by_id(r, "P1").conclusion.text.find("疑似碎片"), std::string::npos);
  ASSERT_EQ(r.pieces.size(), 1u);
  EXPECT_TRUE(r.pieces[0].sliver);
}

TEST(Check, CoverBothWaysAndPartialOverlap) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class",
                           {{rect(0, 0, 50, 50), {"F1", "0101"}},         // inside P1
                            {rect(1000, 0, 2000, 1000), {"F2", "0102"}},  // covers P2
                            {rect(0, 200, 100, 300), {"F3", "0103"}}});   // half of it in P3
  fx.props.push_back(proposals({{rect(-10, -10, 100, 100), {"P1", "工业"}},
                                {rect(1100, 100, 1200, 150), {"P2", "工业"}},
                                {rect(50, 200, 200, 300), {"P3", "能源"}}}));
  const check::Result r = fx.run({"farmland"});
  EXPECT_NEAR(by_id(r, "P1").lines.at("farmland").overlap.planar_m2, 2500, 1e-6);
  EXPECT_NEAR(by_id(r, "P1").lines.at("farmland").share, 2500.0 / 12100, 1e-12);
  EXPECT_NEAR(by_id(r, "P2").lines.at("farmland").overlap.planar_m2, 5000, 1e-6);
  EXPECT_NEAR(by_id(r, "P2").lines.at("farmland").share, 1.0, 1e-12);
  EXPECT_NEAR(by_id(r, "P3").lines.at("farmland").overlap.planar_m2, 5000, 1e-6);
  EXPECT_EQ(by_id(r, "P1").conclusion.severity, Severity::Blocking);
  // 能源 by category alone is no listed major project (DOMAIN §6): it may not apply either.
  EXPECT_EQ(by_id(r, "P3").conclusion.severity, Severity::Blocking);
  EXPECT_TRUE(r.any_blocking());
  // Ellipsoidal areas near the central meridian are a little smaller than GK planar ones.
  const auto& a = by_id(r, "P2").lines.at("farmland").overlap;
  EXPECT_LT(a.ellipsoidal_m2, a.planar_m2);
  EXPECT_NEAR(a.ellipsoidal_m2, a.planar_m2, a.planar_m2 * 1e-3);
  EXPECT_NEAR(by_id(r, "P2").area.planar_mu(), 5000 * 0.0015, 1e-9);
}

TEST(Check, FarmlandByLandClassAndPieces) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class",
                           {{rect(0, 0, 100, 100), {"F1", "0101"}},
                            {rect(100, 0, 200, 100), {"F2", "0103"}},
                            // a U shape: the proposal cuts it into two pieces
                            {"POLYGON((38490300 3907000,38490400 3907000,38490400 3907100,"
                             "38490380 3907100,38490380 3907020,38490320 3907020,38490320 "
                             "3907100,38490300 3907100,38490300 3907000))",
                             {"F3", "0101"}}});
  fx.props.push_back(proposals(
      {{rect(50, 50, 150, 150), {"P1", "工业"}}, {rect(290, 50, 410, 150), {"P2", "工业"}}}));
  const check::Result r = fx.run({"farmland"});
  const auto& f1 = by_id(r, "P1").lines.at("farmland");
  EXPECT_NEAR(f1.by_class.at("0101").planar_m2, 2500, 1e-6);
  EXPECT_NEAR(f1.by_class.at("0103").planar_m2, 2500, 1e-6);
  EXPECT_EQ(f1.pieces, 2);
  EXPECT_NEAR(f1.largest.planar_m2, 2500, 1e-6);
  const auto& f2 = by_id(r, "P2").lines.at("farmland");
  EXPECT_EQ(f2.pieces, 2);  // the two arms of the U
  EXPECT_NEAR(f2.overlap.planar_m2, 2 * 20 * 50, 1e-6);
  int p2_pieces = 0;
  for (const auto& pc : r.pieces)
    if (r.proposals[pc.proposal].id == "P2") {
      ++p2_pieces;
      EXPECT_EQ(pc.source_id, "F3");
      EXPECT_EQ(pc.source_fid, 3);
      EXPECT_EQ(pc.land_class, "0101");
    }
  EXPECT_EQ(p2_pieces, 2);
}

TEST(Check, OutsideUrbanBoundaryAndContainingZone) {
  Fixture fx;
  fx.urban = make_layer("urban", "name", {{rect(0, 0, 1000, 1000), {"U1", "城区"}}});
  fx.zones = make_layer("zones", "name", {{rect(0, 0, 500, 500), {"Z1", "卫源经开区"}}});
  fx.props.push_back(proposals({{rect(100, 100, 200, 200), {"IN", "工业"}},
                                {rect(900, 100, 1100, 200), {"HALF", "工业"}},
                                {rect(900, 300, 1100, 400), {"ROAD", "线性基础设施"}},
                                {rect(1500, 1500, 1600, 1600), {"OUT", "工业"}}}));
  const check::Result r = fx.run({"urban", "zones"});
  EXPECT_EQ(by_id(r, "IN").lines.at("urban").overlap.planar_m2, 0.0);
  EXPECT_EQ(by_id(r, "IN").lines.at("urban").state, State::Clear);
  ASSERT_NE(by_id(r, "IN").zone(), nullptr);
  EXPECT_EQ(by_id(r, "IN").zone()->name, "卫源经开区");
  EXPECT_NEAR(by_id(r, "HALF").lines.at("urban").overlap.planar_m2, 10000, 1e-6);
  EXPECT_NEAR(by_id(r, "HALF").lines.at("urban").share, 0.5, 1e-12);
  EXPECT_EQ(by_id(r, "HALF").zone(), nullptr);
  EXPECT_EQ(by_id(r, "HALF").conclusion.severity, Severity::Blocking);
  EXPECT_EQ(by_id(r, "ROAD").conclusion.severity, Severity::Justify);
  EXPECT_NEAR(by_id(r, "OUT").lines.at("urban").share, 1.0, 1e-12);
  // Lines not configured are said, never silently clean.
  EXPECT_FALSE(by_id(r, "IN").lines.at("farmland").checked);
  EXPECT_NE(by_id(r, "IN").conclusion.text.find("永久基本农田未核查"), std::string::npos);
  EXPECT_EQ(r.unchecked.count("redline"), 1u);
}

TEST(Check, BadProposalsAreReportedAndTheRestChecked) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class", {{rect(0, 0, 100, 100), {"F1", "0101"}}});
  fx.props.push_back(proposals({
      {"POLYGON((38490000 3907000,38490100 3907100,38490100 3907000,38490000 3907100,"
       "38490000 3907000))",
       {"BOWTIE", "工业"}},
      {"POLYGON((38490000 3907000,38490100 3907000,38490100 3907100,38490050 3907000,"
       "38490000 3907100,38490000 3907000))",
       {"TOUCH", "工业"}},
      {"", {"EMPTY", "工业"}},
      {"LINESTRING(38490000 3907000,38490100 3907100)", {"LINE", "工业"}},
      {"POINT(38490000 3907000)", {"POINT", "工业"}},
      {rect(500000, 0, 500100, 100), {"FAR", "工业"}},
      {rect(50, 50, 150, 150), {"GOOD", "工业"}},
  }));
  const check::Result r = fx.run({"farmland"});
  EXPECT_EQ(r.invalid_count(), 6);
  EXPECT_NE(by_id(r, "BOWTIE").reason.find("几何无效"), std::string::npos)
      << by_id(r, "BOWTIE").reason;
  EXPECT_NE(by_id(r, "TOUCH").reason.find("几何无效"), std::string::npos)
      << by_id(r, "TOUCH").reason;
  EXPECT_NE(by_id(r, "EMPTY").reason.find("空要素"), std::string::npos);
  EXPECT_NE(by_id(r, "LINE").reason.find("LineString"), std::string::npos);
  EXPECT_NE(by_id(r, "POINT").reason.find("Point"), std::string::npos);
  EXPECT_NE(by_id(r, "FAR").reason.find("远离"), std::string::npos);
  EXPECT_NE(by_id(r, "FAR").reason.find("499.9 km"), std::string::npos) << by_id(r, "FAR").reason;
  ASSERT_TRUE(by_id(r, "GOOD").checked);
  EXPECT_NEAR(by_id(r, "GOOD").lines.at("farmland").overlap.planar_m2, 2500, 1e-6);
  const nlohmann::json j = check::to_json(r);
  EXPECT_EQ(j["summary"]["not_checked"], 6);
  for (const auto& p : j["proposals"])
    if (p["id"] == "BOWTIE") {
      EXPECT_EQ(p["status"], "not_checked");
      EXPECT_TRUE(p["conclusion"].is_null());
    }
}

TEST(Check, CategoryOptionOverridesAndUnknownFallsBack) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class", {{rect(0, 0, 100, 100), {"F1", "0101"}}});
  fx.props.push_back(proposals({{rect(50, 50, 150, 150), {"P1", "火星基地"}}}));
  check::Result r = fx.run({"farmland"});
  EXPECT_EQ(by_id(r, "P1").category, "其他");
  EXPECT_FALSE(by_id(r, "P1").notes.empty());
  check::Options o;
  o.category = "水利";
  r = fx.run({"farmland"}, o);
  EXPECT_EQ(by_id(r, "P1").category, "水利");
  // "水利" is also the water-conservancy kind: listed, but without a major level it may not apply.
  EXPECT_EQ(by_id(r, "P1").activity, "water");
  EXPECT_EQ(by_id(r, "P1").conclusion.rule, "farmland-listed-not-major");
}

TEST(Check, HugeRedLineIsSubdividedWithoutChangingAreas) {
  // A 6000-vertex circle of radius 2 km, and proposals across its edge and inside it.
  std::string wkt = "POLYGON((";
  const int n = 6000;
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * M_PI * (i % n) / n;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.3f %.3f", i ? "," : "", X0 + 2000 * std::cos(a),
                  Y0 + 2000 * std::sin(a));
    wkt += buf;
  }
  wkt += "))";
  Fixture fx;
  fx.redline = make_layer("redline", "name", {{wkt, {"R1", "卫河湿地"}}});
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (int i = 0; i < 12; ++i) {
    const double a = 2 * M_PI * i / 12;
    const double cx = 1950 * std::cos(a), cy = 1950 * std::sin(a);
    rows.push_back({rect(cx - 100, cy - 100, cx + 100, cy + 100), {numbered("E", i), "工业"}});
  }
  rows.push_back({rect(-600, -600, 600, 600), {"CENTRE", "工业"}});
  fx.props.push_back(proposals(rows));
  const check::Result r = fx.run({"redline"});
  const geom::Geometry circle = geom::from_wkt(wkt);
  for (const auto& [w, v] : rows) {
    // The coordinates as given (the proposals are on a 0.0001 m grid, not the check's).
    const double expect = geom::area(geom::intersection(geom::from_wkt(w), circle));
    const auto& lr = by_id(r, v[0]).lines.at("redline");
    EXPECT_NEAR(lr.overlap.planar_m2, expect, std::max(0.01, expect * 1e-6)) << v[0];
    EXPECT_EQ(lr.pieces, 1) << v[0];  // the cut pieces are united again
  }
}

TEST(Check, ReprojectedProposalsSayIt) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class", {{rect(0, 0, 100, 100), {"F1", "0101"}}});
  Layer p = proposals({{rect(50, 50, 150, 150), {"P1", "工业"}}});
  p.source_crs = crs::Crs::from_epsg(4490);
  fx.props.push_back(std::move(p));
  const check::Result r = fx.run({"farmland"});
  bool said = false;
  for (const std::string& n : by_id(r, "P1").notes) said |= n.find("EPSG:4490") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(Check, MultiPlotTxtGivesOneResultPerPlot) {
  // two_plots_hole.txt: DK001 a 100 m square (工业用地), DK002 200 × 150 m with a 50 × 40 m hole.
  const auto layers = check::read_proposals({source(test::kDataDir / "jzd" / "two_plots_hole.txt")},
                                            crs::Crs::from_epsg(4526));
  ASSERT_EQ(layers.size(), 1u);
  ASSERT_EQ(layers[0].features.size(), 2u);
  Fixture fx;
  // Farmland over the whole second plot, hole included, and over the east half of the first.
  fx.farmland = make_layer(
      "farmland", "land_class",
      {{"POLYGON((38491100.25 3908100.125,38491300.25 3908100.125,38491300.25 3908250.125,"
        "38491100.25 3908250.125,38491100.25 3908100.125))",
        {"F1", "0102"}},
       {"POLYGON((38490954.625 3907880.486,38491004.625 3907880.486,38491004.625 3907980.486,"
        "38490954.625 3907980.486,38490954.625 3907880.486))",
        {"F2", "0101"}}});
  check::Inputs in = fx.input({"farmland"});
  for (const Layer& l : layers) {
    Layer copy;
    copy.name = l.name;
    copy.source = l.source;
    copy.crs = l.crs;
    copy.source_crs = l.source_crs;
    copy.fields = l.fields;
    copy.mapping = l.mapping;
    for (const Feature& f : l.features)
      copy.features.push_back({f.fid, geom::clone(f.geometry), f.values});
    in.proposals.push_back(std::move(copy));
  }
  const check::Result r = check::analyse(in, rules());
  const auto& a = by_id(r, "DK001");
  const auto& b = by_id(r, "DK002");
  EXPECT_EQ(a.category, "工业");
  EXPECT_EQ(b.category, "仓储物流");
  EXPECT_EQ(a.source, "two_plots_hole.txt");
  EXPECT_NEAR(a.area.planar_m2, 10000, 1e-6);
  EXPECT_NEAR(a.lines.at("farmland").overlap.planar_m2, 5000, 1e-6);
  EXPECT_NEAR(b.area.planar_m2, 200 * 150 - 50 * 40, 1e-6);
  EXPECT_NEAR(b.lines.at("farmland").overlap.planar_m2, 200 * 150 - 50 * 40, 1e-6);
  EXPECT_NEAR(b.lines.at("farmland").share, 1.0, 1e-12);
}

TEST(Check, StreamedSourcesGiveTheSameAnswerAsMemory) {
  Fixture fx;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 40; ++j)
      rows.push_back({rect(i * 50, j * 50, i * 50 + 50, j * 50 + 50),
                      {numbered("F", i * 40 + j), (i + j) % 2 ? "0101" : "0103"}});
  fx.farmland = make_layer("farmland", "land_class", rows);
  // Typical source names (DOMAIN §11), found by the role's field detection when read back.
  fx.farmland.fields = {{"JBNTTBBH", FieldType::String}, {"DLBM", FieldType::String}};
  fx.farmland.mapping = {{"id", "JBNTTBBH"}, {"land_class", "DLBM"}};
  fx.props.push_back(proposals({{rect(33.3, 47.1, 812.9, 633.3), {"P1", "工业"}},
                                {rect(1500.5, 1500.5, 2100, 2100), {"P2", "工业"}},
                                {rect(5000, 5000, 5100, 5100), {"P3", "工业"}}}));
  const check::Result mem = fx.run({"farmland"});
  const fs::path dir = fresh_scratch_dir("streamed");
  for (const char* name : {"farmland.gpkg", "farmland.shp"}) {
    io::WriteOptions wo;
    wo.encoding = "GBK";
    io::write_layer(fx.farmland, dir / name, wo);
    check::Inputs in = fx.input({"farmland"});
    check::Control c;
    c.source = source(dir / name, "farmland");
    in.controls["farmland"] = c;
    check::Options opt;
    opt.threads = 2;
    const check::Result r = check::analyse(in, rules(), opt);
    for (const char* id : {"P1", "P2", "P3"}) {
      const auto& a = by_id(mem, id).lines.at("farmland");
      const auto& b = by_id(r, id).lines.at("farmland");
      EXPECT_NEAR(a.overlap.planar_m2, b.overlap.planar_m2, 1e-9) << name << id;
      EXPECT_EQ(a.pieces, b.pieces) << name << id;
      EXPECT_EQ(a.by_class.size(), b.by_class.size()) << name << id;
    }
    EXPECT_NEAR(by_id(r, "P1").lines.at("farmland").overlap.planar_m2,
                (812.9 - 33.3) * (633.3 - 47.1), 1e-4);
    EXPECT_EQ(by_id(r, "P1").lines.at("farmland").pieces, 17 * 13) << name;
    EXPECT_NEAR(by_id(r, "P2").lines.at("farmland").overlap.planar_m2, 499.5 * 499.5, 1e-4);
    EXPECT_EQ(by_id(r, "P3").lines.at("farmland").pieces, 0);
  }
}

namespace {
/// n farmland plots of 5 × 5 m in a row, 10 m apart, ids F0, F1, …
Layer row_of_plots(int n) {
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (int i = 0; i < n; ++i)
    rows.push_back({rect(i * 10, 0, i * 10 + 5, 5), {numbered("F", i), "0101"}});
  Layer l = make_layer("farmland", "land_class", rows);
  l.fields = {{"JBNTTBBH", FieldType::String}, {"DLBM", FieldType::String}};
  return l;
}
}  // namespace

TEST(Check, ParallelReadKeepsEveryFeatureOnce) {
  Fixture fx;
  const Layer l = row_of_plots(5000);
  const fs::path dir = fresh_scratch_dir("parallel");
  for (const char* name : {"f.gpkg", "f.shp"}) {
    io::write_layer(l, dir / name, {});
    io::ParallelReadOptions po;
    po.base.target = crs::Crs::from_epsg(4526);
    po.chunk_features = 333;
    po.threads = 2;
    const Layer got = io::read_all(source(dir / name, "farmland"), po);
    ASSERT_EQ(got.features.size(), 5000u) << name;
    for (std::size_t i = 0; i < got.features.size(); ++i)
      ASSERT_EQ(got.text(got.features[i], "id"), numbered("F", i)) << name;
  }
}

// Windows read through the GeoPackage's R-tree (a small part of the layer) or, when they cover
// much of it, a scan: either way every feature meeting a window arrives once, and no other.
TEST(Check, ParallelReadByWindowsKeepsEveryFeatureMeetingThemOnce) {
  Fixture fx;
  const Layer l = row_of_plots(5000);
  const fs::path dir = fresh_scratch_dir("windows");
  io::write_layer(l, dir / "f.gpkg", {});
  // Edges between the plots (x = 10i + 7.5), never on one: the R-tree stores rounded floats.
  auto box = [](double x1, double x2) { return tudi::Envelope{X0 + x1, Y0 - 1, X0 + x2, Y0 + 6}; };
  const std::vector<std::vector<tudi::Envelope>> cases = {
      {box(97.5, 197.5), box(1007.5, 1027.5), box(1017.5, 1047.5)},  // 0.3 % of the layer
      {box(-2.5, 30007.5), box(29997.5, 40007.5)}};                  // 80 % of it
  for (const auto& windows : cases) {
    io::ParallelReadOptions po;
    po.base.target = crs::Crs::from_epsg(4526);
    po.threads = 2;
    po.windows = windows;
    po.keep = [&](const tudi::Envelope& e) {
      return std::any_of(windows.begin(), windows.end(),
                         [&](const tudi::Envelope& w) { return w.intersects(e); });
    };
    std::vector<std::string> want;
    for (int i = 0; i < 5000; ++i)
      if (po.keep({X0 + i * 10, Y0, X0 + i * 10 + 5, Y0 + 5})) want.push_back(numbered("F", i));
    const Layer got = io::read_all(source(dir / "f.gpkg", "farmland"), po);
    std::vector<std::string> ids;
    for (const Feature& f : got.features) ids.push_back(got.text(f, "id"));
    EXPECT_EQ(ids, want) << windows.size() << " windows";
  }
}

TEST(CheckOutput, JsonContractTablesAndLayers) {
  Fixture fx;
  fx.farmland = make_layer("farmland", "land_class", {{rect(0, 0, 100, 100), {"F1", "0101"}}});
  fx.urban = make_layer("urban", "name", {{rect(-1000, -1000, 120, 1000), {"U1", "城区"}}});
  fx.props.push_back(proposals({{rect(50, 50, 150, 150), {"P1", "工业"}}}));
  const check::Result r = fx.run({"farmland", "urban"});
  const nlohmann::json j = check::to_json(r);
  EXPECT_EQ(j["crs"], "EPSG:4526");
  const auto& p = j["proposals"][0];
  EXPECT_EQ(p["id"], "P1");
  // Every area in one shape (README, "Areas in the JSON"): m² both ways, 亩 and 公顷 of the
  // ellipsoidal figure.
  const std::vector<const nlohmann::json*> areas = {
      &p["area"], &p["farmland"]["overlap"], &p["farmland"]["largest"], &p["farmland"]["slivers"],
      &p["farmland"]["by_class"]["0101"], &p["urban"]["outside"]};
  for (const nlohmann::json* a : areas) {
    ASSERT_EQ(a->size(), 4u) << a->dump();
    for (const char* k : {"planar_m2", "ellipsoidal_m2", "mu", "ha"}) EXPECT_TRUE((*a)[k].is_number()) << k;
    EXPECT_NEAR((*a)["mu"].get<double>(), (*a)["ellipsoidal_m2"].get<double>() * 0.0015, 1e-6);
    EXPECT_NEAR((*a)["ha"].get<double>(), (*a)["ellipsoidal_m2"].get<double>() * 1e-4, 1e-6);
  }
  for (const char* k : {"share", "pieces", "sliver_pieces"}) EXPECT_TRUE(p["farmland"][k].is_number()) << k;
  EXPECT_DOUBLE_EQ(p["farmland"]["overlap"]["planar_m2"].get<double>(), 2500);
  EXPECT_DOUBLE_EQ(p["farmland"]["by_class"]["0101"]["planar_m2"].get<double>(), 2500);
  EXPECT_DOUBLE_EQ(p["urban"]["outside"]["planar_m2"].get<double>(), 3000);
  EXPECT_DOUBLE_EQ(p["urban"]["share_outside"].get<double>(), 0.3);
  EXPECT_FALSE(p["redline"]["checked"].get<bool>());
  EXPECT_TRUE(p["zone"].is_null());
  EXPECT_EQ(p["conclusion"]["severity"], "blocking");
  EXPECT_FALSE(p["conclusion"]["basis"].get<std::string>().empty());
  ASSERT_EQ(j["unchecked"].size(), 2u);

  const fs::path dir = fresh_scratch_dir("outputs");
  for (const std::string format : {"gpkg", "shp"}) {
    check::OutputOptions wo;
    wo.dir = dir / format;
    wo.format = format;
    wo.encoding = "GBK";
    check::write_outputs(r, wo);
    EXPECT_TRUE(fs::exists(wo.dir / "check.json"));
    EXPECT_TRUE(fs::exists(wo.dir / "check.xlsx"));
    if (format == "gpkg") {
      EXPECT_TRUE(fs::exists(wo.dir / "overlaps.gpkg"));
    } else {
      for (const char* f : {"overlaps.shp", "overlaps.prj", "overlaps.cpg", "overlaps.shp.xml",
                            "check_lines.dbf"})
        EXPECT_TRUE(fs::exists(wo.dir / f)) << f;
    }
    const io::LayerSource src =
        source(wo.dir / (format == "gpkg" ? "overlaps.gpkg" : "overlaps.shp"), "",
               format == "gpkg" ? "overlaps" : "");
    const Layer back = io::read_layer(src);
    ASSERT_EQ(back.features.size(), 2u);  // one farmland piece, one outside piece
    // The Shapefile spells the field by the bureau's abbreviation (core/result_fields).
    const int line = back.field_index(format == "shp" ? "KZXMC" : "LINE_NAME");
    ASSERT_GE(line, 0);
    EXPECT_EQ(to_text(back.features[0].values[static_cast<std::size_t>(line)]), "永久基本农田");
    EXPECT_EQ(to_text(back.features[1].values[static_cast<std::size_t>(line)]), "城镇开发边界外");
    EXPECT_EQ(back.report.encoding, format == "shp" ? "CP936" : "UTF-8");
  }
  // Written again without --overwrite: refused, nothing half-written.
  check::OutputOptions again;
  again.dir = dir / "gpkg";
  EXPECT_THROW(check::write_outputs(r, again), Error);
}

TEST(Check, RedLineCoreZoneBlocksEvenWhereTheCategoryMayApply) {
  Fixture fx;
  fx.redline = make_layer("redline", "control",
                          {{rect(0, 0, 100, 100), {"R1", "一般控制区"}},
                           {rect(200, 0, 300, 100), {"R2", "核心保护区"}}});
  fx.props.push_back(proposals(
      {{rect(50, 0, 60, 100), {"GENERAL", "线性基础设施"}},
       {rect(250, 0, 260, 100), {"CORE", "线性基础设施"}}}));
  const check::Result r = fx.run({"redline"});
  EXPECT_EQ(by_id(r, "GENERAL").conclusion.severity, Severity::Justify);
  EXPECT_EQ(by_id(r, "CORE").conclusion.severity, Severity::Blocking);
  EXPECT_EQ(by_id(r, "CORE").lines.at("redline").controls, std::vector<std::string>{"核心保护区"});
}

namespace {

/// check::run on a project of that farmland and one proposal over half of it.
check::Result check_farmland(const fs::path& dir, const std::string& class_field) {
  test::write_farmland(dir / "farmland.geojson", class_field);
  test::write_proposals(dir / "proposals.geojson");
  Project project;
  project.analysis.crs = "EPSG:4526";
  project.analysis.rules = test::kSourceDir / "rules";
  project.layers["farmland"] = source(dir / "farmland.geojson", "farmland");
  project.layers["proposals"] = source(dir / "proposals.geojson", "proposals");
  return check::run(project, check::Options{});
}

}  // namespace

TEST(CheckFields, AClassFieldNamedByItsAliasIsGuessedAndSaid) {
  // 地类编码 is land_class's Chinese alias, not one of its candidates (DLBM): found by name,
  // and reported as a guess; the areas the layer lacks are reported missing.
  const check::Result r = check_farmland(fresh_scratch_dir("alias-guess"), "地类编码");
  const FieldReport& f = r.fields.at("farmland");
  EXPECT_EQ(f.guessed.at("地类编码"), "land_class");
  EXPECT_EQ(f.guessed.at("JBNTTBBH"), "id");
  EXPECT_EQ(std::count(f.missing.begin(), f.missing.end(), "land_class"), 0);
  EXPECT_EQ(std::count(f.missing.begin(), f.missing.end(), "class_area"), 1);
  // The class is read: the overlap is counted under 0101, not 未知.
  const auto& by_class = by_id(r, "P1").lines.at("farmland").by_class;
  ASSERT_EQ(by_class.size(), 1u);
  EXPECT_EQ(by_class.begin()->first, "0101");
  const nlohmann::json j = check::to_json(r);
  EXPECT_EQ(j.at("fields").at("farmland").at("guessed").at("地类编码"), "land_class");
  // The proposals' own report is there too: XMBH taken for the id.
  EXPECT_EQ(r.fields.at("proposals").guessed.at("XMBH"), "id");
  const std::vector<std::string> lines = field_warnings(r.fields);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.front().find("永久基本农田图层（farmland）缺少字段 "), std::string::npos)
      << lines.front();
  EXPECT_NE(lines.front().find("地类编码 → land_class"), std::string::npos) << lines.front();
}

TEST(CheckFields, AClassFieldNobodyCanGuessIsReportedMissing) {
  const check::Result r = check_farmland(fresh_scratch_dir("missing"), "LB");
  const FieldReport& f = r.fields.at("farmland");
  EXPECT_EQ(std::count(f.missing.begin(), f.missing.end(), "land_class"), 1);
  EXPECT_EQ(f.guessed.count("LB"), 0u);
  const nlohmann::json j = check::to_json(r);
  const auto& missing = j.at("fields").at("farmland").at("missing");
  EXPECT_NE(std::find(missing.begin(), missing.end(), "land_class"), missing.end()) << missing;
  bool said = false;
  for (const std::string& l : field_warnings(r.fields))
    if (l.find("（farmland）") != std::string::npos)
      said = l.find("land_class（地类编码）") != std::string::npos;
  EXPECT_TRUE(said);
}
