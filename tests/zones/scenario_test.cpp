// Scenarios: merge equals recomputation from scratch, expansion by polygon and by buffer with
// the constraint check of the new land, drop and redraw, and the scenario file's errors.
#include <gtest/gtest.h>

#include <functional>
#include <numbers>

#include "scene.hpp"
#include "tudi/core/error.hpp"
#include "tudi/geom/overlay.hpp"

namespace tudi::zones {
namespace {

Scenario scenario(const std::string& text) {
  return parse_scenario(text, "scenario.toml");
}

/// The message of the tudi::Error `run` throws; fails the test when it throws none.
std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return {};
}

void expect_same(const ZoneEval& x, const ZoneEval& y) {
  EXPECT_NEAR(x.area.ellipsoidal_m2, y.area.ellipsoidal_m2, 1e-6);
  EXPECT_EQ(x.stock.parcels, y.stock.parcels);
  EXPECT_NEAR(x.stock.developed.ellipsoidal_m2, y.stock.developed.ellipsoidal_m2, 1e-6);
  EXPECT_NEAR(x.stock.built.ellipsoidal_m2, y.stock.built.ellipsoidal_m2, 1e-6);
  EXPECT_NEAR(x.stock.unsupplied_approved.ellipsoidal_m2,
              y.stock.unsupplied_approved.ellipsoidal_m2, 1e-6);
  for (const IndicatorDef& d : indicator_defs()) {
    const Indicator& a = x[d.ind];
    const Indicator& b = y[d.ind];
    ASSERT_EQ(a.value.has_value(), b.value.has_value()) << d.code;
    if (a.value) {
      EXPECT_NEAR(*a.value, *b.value, 1e-9 * (1 + std::abs(*b.value))) << d.code;
    }
    EXPECT_EQ(a.reason, b.reason) << d.code;
  }
}

TEST_F(Scene, MergeEqualsRecomputationFromScratch) {
  const Scenario sc = scenario(R"(
name = "一区多园"
[[step]]
op = "merge"
zones = ["A", "丙产业园"]
id = "X"
name = "X 高新区"
eval_type = "产城融合型"
)");
  Options opt;
  opt.scenario = &sc;
  const Result r = analyse(in, settings, opt);
  ASSERT_TRUE(r.scenario);
  ASSERT_EQ(r.scenario->zones.size(), 1u);
  const ScenarioZone& x = zone(*r.scenario, "X");
  EXPECT_EQ(x.eval.name, "X 高新区");
  EXPECT_EQ(x.eval.eval_type, "产城融合型");
  EXPECT_EQ(x.sources, (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(geom::num_parts(x.eval.geometry), 2);  // the parks lie apart
  EXPECT_FALSE(x.check);                           // nothing new: no constraint check

  // From scratch: one zone feature that is the two boxes as a multipolygon.
  Layer merged = test::make_layer("zones", {"id", "name", "eval_type"});
  const std::string a = box(0, 0, 1000, 1000), c = box(2000, 0, 500, 500);
  add(merged,
      "MULTIPOLYGON((" + a.substr(8, a.size() - 9) + "),(" + c.substr(8, c.size() - 9) + "))",
      {{"id", "X"}, {"name", "X 高新区"}, {"eval_type", "产城融合型"}});
  Inputs fresh = in;
  fresh.zones = &merged;
  const Result scratch = analyse(fresh, settings);
  expect_same(x.eval, scratch.zones.front());

  // Additive parts add up: developed land of X = A + C.
  const ZoneEval& za = zone(r.zones, "A");
  const ZoneEval& zc = zone(r.zones, "C");
  EXPECT_NEAR(x.eval.stock.developed.planar_m2,
              za.stock.developed.planar_m2 + zc.stock.developed.planar_m2, 1e-6);
  EXPECT_NEAR(*x.eval[Ind::development_rate].value, 47.0 / 125 * 100, 1e-4);

  // The change of each indicator against each zone it came from.
  ASSERT_EQ(x.changes.size(), 2u);
  EXPECT_EQ(x.changes[0].from, "A");
  const auto k = static_cast<std::size_t>(Ind::development_rate);
  EXPECT_NEAR(*x.changes[0].delta[k], 47.0 / 125 * 100 - 42.0, 1e-4);
  EXPECT_NEAR(*x.changes[1].delta[k], 47.0 / 125 * 100 - 20.0, 1e-4);
}

/// Zone A's surroundings for the expansion tests: the urban boundary covers x < 1300, farmland
/// lies at 1100..1200 × 0..200, the red line at 1000..1100 × 900..1000, approved-unsupplied land
/// at 1000..1050 × 400..500 and an idle parcel at 1200..1250 × 0..100.
class Expansion : public Scene {
 protected:
  Expansion() {
    add(urban, box(-1000, -1000, 2300, 3000), {{"id", "U1"}});
    add(farmland, box(1100, 0, 100, 200), {{"id", "F1"}});
    add(redline, box(1000, 900, 100, 100), {{"id", "R1"}});
    add(approvals, box(1000, 400, 50, 100), {{"id", "B2"}, {"approval_date", "2024-01-01"}});
    add(parcels, box(1200, 0, 50, 100),
        {{"id", "P8"}, {"supply_date", "2020-01-01"}, {"agreed_start", "2020-06-01"}});
    in.urban = &urban;
    in.farmland = &farmland;
    in.redline = &redline;
  }
  Layer urban = test::make_layer("urban", {"id"});
  Layer farmland = test::make_layer("farmland", {"id"});
  Layer redline = test::make_layer("redline", {"id"});
};

TEST_F(Expansion, ExpandByPolygonChecksTheNewLand) {
  // 1000..1400 × 0..1000: 40 ha new; 10 ha lie outside the urban boundary (x > 1300).
  const Scenario sc = scenario(R"(
[[step]]
op = "expand"
zone = "A"
polygon = ")" + box(900, 0, 500, 1000) +
                               R"("
)");
  Options opt;
  opt.scenario = &sc;
  const Result r = analyse(in, settings, opt);
  const ScenarioZone& a = zone(*r.scenario, "A");
  ASSERT_TRUE(a.check);
  const NewAreaCheck& c = *a.check;
  EXPECT_NEAR(c.area.planar_m2, 40 * kHa, 1e-3);
  EXPECT_NEAR(c.outside_urban->planar_m2, 10 * kHa, 1e-3);
  EXPECT_NEAR(c.farmland->planar_m2, 2 * kHa, 1e-3);
  EXPECT_NEAR(c.redline->planar_m2, 1 * kHa, 1e-3);
  EXPECT_NEAR(c.unsupplied_approved->planar_m2, 0.5 * kHa, 1e-3);
  EXPECT_NEAR(c.idle->planar_m2, 0.5 * kHa, 1e-3);
  EXPECT_TRUE(c.blocking);
  int farmland_pieces = 0;
  for (const Conflict& k : c.conflicts) {
    EXPECT_EQ(k.zone, "A");
    if (k.kind == "farmland") {
      ++farmland_pieces;
      EXPECT_EQ(k.source_id, "F1");
      EXPECT_EQ(k.severity, "blocking");
      EXPECT_NEAR(geom::area(k.geometry), 2 * kHa, 1e-3);
    }
    if (k.kind == "idle") {
      EXPECT_EQ(k.severity, "stock");
    }
  }
  EXPECT_EQ(farmland_pieces, 1);

  // Preconditions on A before its new land: 开发率 42 % fails 70 %, 供应率 73.8 % passes.
  ASSERT_EQ(c.preconditions.size(), 2u);
  EXPECT_FALSE(*c.preconditions[0].pass);
  EXPECT_NEAR(*c.preconditions[0].value, 42.0, 1e-4);
  EXPECT_TRUE(*c.preconditions[1].pass);
  EXPECT_FALSE(c.preconditions_met);
  EXPECT_NE(c.preconditions[0].text.find("建议默认值"), std::string::npos);
  EXPECT_NE(c.conclusion.find("禁止性冲突"), std::string::npos) << c.conclusion;
  EXPECT_NE(c.conclusion.find("前提条件未满足"), std::string::npos);

  // Evaluated like a current zone: 140 ha now, the idle parcel P8 is part of it.
  EXPECT_NEAR(a.eval.area.planar_m2, 140 * kHa, 1e-3);
  EXPECT_NEAR(a.eval.stock.idle.planar_m2, 10.5 * kHa, 1e-3);
  EXPECT_NEAR(*a.eval[Ind::development_rate].value, 42.5 / 140 * 100, 1e-4);
  EXPECT_EQ(a.ops, std::vector<Step::Op>{Step::Op::expand});
  // C is untouched but still part of the scenario state.
  EXPECT_FALSE(zone(*r.scenario, "C").changed());
}

TEST_F(Expansion, ExpandByBuffer) {
  const Scenario sc = scenario(R"(
[[step]]
op = "expand"
zone = "C"
buffer = 50.0
)");
  Options opt;
  opt.scenario = &sc;
  const Result r = analyse(in, settings, opt);
  const ScenarioZone& c = zone(*r.scenario, "C");
  // A 500 × 500 square grown by 50 m: strips 4 × 500 × 50 plus four rounded corners.
  const double corners = std::numbers::pi * 50 * 50;
  ASSERT_TRUE(c.check);
  EXPECT_NEAR(c.check->area.planar_m2, 4 * 500 * 50 + corners, corners * 0.02);
  // C lies outside the urban boundary altogether, and so does its new land.
  EXPECT_NEAR(c.check->outside_urban->planar_m2, c.check->area.planar_m2, 1e-3);
  EXPECT_TRUE(c.check->blocking);
}

TEST_F(Expansion, DropRedrawAndChainedSteps) {
  const Scenario sc = scenario(R"(
[[step]]
op = "merge"
zones = ["A", "C"]
id = "X"
name = "X 高新区"

[[step]]
op = "drop"
zone = "X 高新区"
polygon = ")" + box(0, 500, 1000, 500) +
                               R"("

[[step]]
op = "redraw"
zone = "X"
polygon = ")" + box(0, 0, 1000, 500) +
                               R"("
)");
  Options opt;
  opt.scenario = &sc;
  const Result r = analyse(in, settings, opt);
  const ScenarioZone& x = zone(*r.scenario, "X");
  EXPECT_NEAR(x.eval.area.planar_m2, 50 * kHa, 1e-3);
  EXPECT_EQ(x.ops, (std::vector<Step::Op>{Step::Op::merge, Step::Op::drop, Step::Op::redraw}));
  EXPECT_FALSE(x.check);               // no land outside today's zones
  EXPECT_EQ(x.eval.stock.parcels, 5);  // P1–P5
}

TEST_F(Expansion, DropWholeZone) {
  const Scenario sc = scenario("[[step]]\nop = \"drop\"\nzone = \"C\"\n");
  Options opt;
  opt.scenario = &sc;
  const Result r = analyse(in, settings, opt);
  ASSERT_EQ(r.scenario->zones.size(), 1u);
  EXPECT_EQ(r.scenario->dropped, std::vector<std::string>{"C 丙产业园"});
}

TEST_F(Scene, UnknownZoneNamesTheStep) {
  const Scenario sc =
      scenario("name = \"x\"\n\n[[step]]\nop = \"expand\"\nzone = \"Q\"\nbuffer = 5\n");
  Options opt;
  opt.scenario = &sc;
  const std::string e = error_of([&] { analyse(in, settings, opt); });
  EXPECT_NE(e.find("scenario.toml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("'Q'"), std::string::npos) << e;
}

TEST_F(Scene, PolygonFarFromEveryZoneIsAnError) {
  // Longitude and latitude in a file that says nothing of its crs.
  const Scenario sc = scenario(
      "[[step]]\nop = \"expand\"\nzone = \"A\"\npolygon = "
      "\"POLYGON((113.9 35.3, 114 35.3, 114 35.4, 113.9 35.3))\"\n");
  Options opt;
  opt.scenario = &sc;
  const std::string e = error_of([&] { analyse(in, settings, opt); });
  EXPECT_NE(e.find("scenario.toml:1"), std::string::npos) << e;
  EXPECT_NE(e.find("crs"), std::string::npos) << e;
}

TEST(ScenarioFile, Errors) {
  auto fails = [](const std::string& text, const std::string& needle) {
    const std::string e = error_of([&] { scenario(text); });
    EXPECT_NE(e.find(needle), std::string::npos) << text << " → " << e;
  };
  fails("name = \"x\"\n", "no [[step]]");
  fails("[[step]]\nop = \"grow\"\nzone = \"A\"\n", "scenario.toml:2");
  fails("[[step]]\nop = \"expand\"\nzone = \"A\"\n", "either polygon or buffer");
  fails("[[step]]\nop = \"expand\"\nzone = \"A\"\nbuffer = -1\n", "above 0");
  fails("[[step]]\nop = \"merge\"\nzones = [\"A\"]\n", "at least two");
  fails("[[step]]\nop = \"redraw\"\nzone = \"A\"\n", "polygon");
  fails("[[step]]\nop = \"drop\"\nzone = \"A\"\npolygon = \"LINESTRING(0 0, 1 1)\"\n", "POLYGON");
  fails("[[step]]\nop = \"drop\"\nzone = \"A\"\npolygon = \"POLYGON((0 0\"\n", "not WKT");
  fails("[[step]]\nop = \"drop\"\nzone = \"A\"\ncolour = 1\n", "unknown key 'colour'");
  fails("title = 1\n[[step]]\nop = \"drop\"\nzone = \"A\"\n", "unknown key 'title'");
}

TEST(ScenarioFile, ReprojectsPolygonsIntoTheWorkingCrs) {
  // A polygon in EPSG:4547 (no zone prefix) lands in EPSG:4526 (prefix 38) 38 000 000 m east.
  const Scenario as_written = parse_scenario(
      "crs = \"EPSG:4547\"\n[[step]]\nop = \"expand\"\nzone = \"A\"\n"
      "polygon = \"POLYGON((500000 3900000, 500100 3900000, 500100 3900100, 500000 3900100, "
      "500000 3900000))\"\n",
      "s.toml");
  EXPECT_EQ(as_written.crs.epsg(), 4547);
  EXPECT_NEAR(geom::envelope(*as_written.steps.front().polygon).minx, 500000, 1e-3);
  const Scenario sc = in_working_crs(as_written, crs::Crs::from_epsg(4526));
  const Envelope e = geom::envelope(*sc.steps.front().polygon);
  EXPECT_NEAR(e.minx, 38500000, 1e-3);
  EXPECT_NEAR(e.miny, 3900000, 1e-3);
  EXPECT_EQ(sc.name, "s");
  EXPECT_EQ(sc.crs.epsg(), 4526);
}

TEST(ScenarioFile, AnInvalidPolygonIsRepairedInTheWorkingCrsAndSaidWithItsStep) {
  // A bow-tie: parsed as written (a mistyped file is refused before any layer is read), then
  // repaired where the zones are cut with it, with a warning naming the step's line.
  const Scenario as_written = parse_scenario(
      "[[step]]\nop = \"redraw\"\nzone = \"A\"\n"
      "polygon = \"POLYGON((0 0, 100 100, 100 0, 0 100, 0 0))\"\n",
      "s.toml");
  EXPECT_TRUE(as_written.warnings.empty());
  const Scenario sc = in_working_crs(as_written, crs::Crs::from_epsg(4526));
  ASSERT_EQ(sc.warnings.size(), 1u);
  EXPECT_EQ(sc.warnings.front().rfind("s.toml:1: polygon invalid (", 0), 0u) << sc.warnings.front();
  EXPECT_TRUE(geom::invalid_reason(*sc.steps.front().polygon).empty());
  EXPECT_NEAR(geom::area(*sc.steps.front().polygon), 5000, 1e-6);  // both lobes kept
}

}  // namespace
}  // namespace tudi::zones
