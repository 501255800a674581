// The demo county (gis-data/demo): its scenario's merged zone and expansions show indicators and
// conflicts, and candidates on real-looking data stay off farmland, red line and the outside of
// the urban boundary. The command line writes the three files and prints JSON.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_config.hpp"
#include "tudi/geom/exact_overlay.hpp"
#include "tudi/project/project.hpp"
#include "tudi/zones/zones.hpp"

namespace fs = std::filesystem;

namespace tudi::zones {
namespace {

#define REQUIRE_DEMO()                                 \
  do {                                                 \
    if (!fs::exists(test::kDemoDir / "tudi.toml") ||   \
        !fs::exists(test::kDemoDir / "scenario.toml")) \
      GTEST_SKIP() << "gis-data/demo is absent";       \
  } while (0)

const ScenarioZone& find(const ScenarioResult& s, const std::string& id) {
  for (const ScenarioZone& z : s.zones)
    if (z.eval.id == id) return z;
  throw std::runtime_error("no scenario zone " + id);
}

TEST(Demo, ScenarioAndCandidates) {
  REQUIRE_DEMO();
  const Project project = load_project(test::kDemoDir / "tudi.toml");
  const Settings settings = load_settings(project);
  const ProjectLayers layers = load_layers(project, roles(true));
  const Scenario sc = load_scenario(test::kDemoDir / "scenario.toml");
  Options opt;
  opt.scenario = &sc;
  opt.candidates = 500.0;
  const Result r = analyse(inputs_from(layers), settings, opt);
  ASSERT_EQ(r.zones.size(), 4u);
  ASSERT_TRUE(r.scenario);
  ASSERT_EQ(r.scenario->zones.size(), 3u);

  // 一区多园: 经开区 + 高新区, with the strip outside the urban boundary taken out.
  const ScenarioZone& merged = find(*r.scenario, "S417022");
  EXPECT_EQ(merged.eval.name, "卫源高新区");
  EXPECT_EQ(merged.eval.eval_type, "产城融合型");
  EXPECT_EQ(merged.sources, (std::vector<std::string>{"S417021", "S417022"}));
  EXPECT_EQ(merged.ops, (std::vector<Step::Op>{Step::Op::merge, Step::Op::drop}));
  EXPECT_TRUE(merged.eval[Ind::development_rate].value);
  EXPECT_TRUE(merged.eval[Ind::far].value);
  EXPECT_LT(merged.eval.controls.outside_urban->planar_m2, 1.0);
  EXPECT_GT(merged.eval.controls.farmland->planar_m2, 1.0);  // the known enclave stays
  EXPECT_EQ(merged.changes.size(), 2u);

  // The drawn expansion of 柳林 leaves the urban boundary and takes farmland: blocking.
  const ScenarioZone& ll = find(*r.scenario, "S417023");
  ASSERT_TRUE(ll.check);
  EXPECT_NEAR(ll.check->area.planar_m2, 700.0 * 1200.0, 1.0);
  EXPECT_TRUE(ll.check->blocking);
  EXPECT_GT(ll.check->outside_urban->planar_m2, 0);
  EXPECT_GT(ll.check->farmland->planar_m2, 0);
  EXPECT_EQ(ll.check->preconditions.size(), 2u);
  // The buffered 物流产业园 meets farmland outside the town.
  const ScenarioZone& tp = find(*r.scenario, "SJ417024");
  ASSERT_TRUE(tp.check);
  EXPECT_TRUE(tp.check->blocking);
  EXPECT_GT(tp.check->farmland->planar_m2, 0);

  ASSERT_FALSE(r.candidates.empty());
  const Layer& farmland = *layers.find("farmland");
  const Layer& redline = *layers.find("redline");
  std::vector<geom::Geometry> urban;
  for (const Feature& f : layers.find("urban")->features) urban.push_back(geom::clone(f.geometry));
  const geom::Geometry urban_all = geom::exact_union(std::move(urban));
  for (const Candidate& c : r.candidates) {
    SCOPED_TRACE(c.zone + " #" + std::to_string(c.rank));
    const Envelope e = geom::envelope(c.geometry);
    for (const Layer* l : {&farmland, &redline})
      for (const Feature& f : l->features)
        if (geom::envelope(f.geometry).intersects(e)) {
          EXPECT_LT(geom::area(geom::intersection(c.geometry, f.geometry)), 0.01) << l->id_of(f);
        }
    EXPECT_LT(geom::area(geom::difference(c.geometry, urban_all)), 0.01);
  }
}

TEST(Demo, CommandLine) {
  REQUIRE_DEMO();
  const fs::path dir = test::scratch_dir("tudi-zones-demo-test");
  fs::remove_all(dir);
  const std::string cmd = test::kTudi.string() + " zones -c " +
                          (test::kDemoDir / "tudi.toml").string() + " --scenario " +
                          (test::kDemoDir / "scenario.toml").string() + " --candidates 500 -o " +
                          dir.string() + " --json >" + (dir.string() + ".out") + " 2>" +
                          (dir.string() + ".err") + " </dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  for (const char* f : {"zones.json", "zones.xlsx", "zones.gpkg"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  std::ifstream out(dir.string() + ".out"), err(dir.string() + ".err");
  std::stringstream o, e;
  o << out.rdbuf();
  e << err.rdbuf();
  EXPECT_EQ(e.str(), "");
  const nlohmann::json j = nlohmann::json::parse(o.str());
  EXPECT_EQ(j["zones"].size(), 4u);
  EXPECT_EQ(j["scenario"]["name"], "卫源县开发区整合扩区方案（2027）");
  EXPECT_FALSE(j["candidates"]["items"].empty());
  // Run again without --overwrite: refused, exit 1, one line on stderr.
  const int again = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(again), 1);
  std::ifstream err2(dir.string() + ".err");
  std::stringstream e2;
  e2 << err2.rdbuf();
  EXPECT_NE(e2.str().find("already exists"), std::string::npos) << e2.str();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tudi::zones

namespace tudi::zones {
namespace {

// The zone figures gis-data/README.md gives ("Zone indicators"), by DOMAIN §9.
TEST(Demo, TheZoneFiguresTheReadmeGives) {
  REQUIRE_DEMO();
  const Project project = load_project(test::kDemoDir / "tudi.toml");
  const ProjectLayers layers = load_layers(project, roles(false));
  const Result r = analyse(inputs_from(layers), load_settings(project));
  EXPECT_EQ(r.built_source, "parcels");  // the demo's DLTB is too coarse ([zones.built])
  auto z = [&](const std::string& id) -> const ZoneEval& {
    for (const ZoneEval& e : r.zones)
      if (e.id == id) return e;
    throw std::runtime_error("no zone " + id);
  };
  auto pct = [](const ZoneEval& e, Ind i) { return e[i].value ? *e[i].value : -1.0; };
  const ZoneEval& jk = z("S417021");
  EXPECT_DOUBLE_EQ(jk.denominator_ha, 600);
  EXPECT_NEAR(jk.area.ellipsoidal_ha(), 895.50, 0.005);
  EXPECT_NEAR(pct(jk, Ind::development_rate), 61.01, 0.005);
  EXPECT_NEAR(pct(jk, Ind::supply_rate), 84.09, 0.005);
  // JK-26, built without supply (8.32 ha), is built land: 183.01 ÷ 307.81, not 174.69 ÷ 307.81.
  EXPECT_NEAR(jk.stock.built_unsupplied.ellipsoidal_ha(), 8.32, 0.005);
  EXPECT_NEAR(jk.stock.built.ellipsoidal_ha(), 183.01, 0.005);
  EXPECT_NEAR(jk.stock.supplied.ellipsoidal_ha(), 307.81, 0.005);
  EXPECT_NEAR(pct(jk, Ind::built_rate), 59.46, 0.005);
  EXPECT_NEAR(pct(jk, Ind::industrial_rate), 100, 1e-9);
  EXPECT_FALSE(jk[Ind::idle_rate].value);
  EXPECT_NE(jk[Ind::idle_rate].reason.find("21.62% 与 24.33%"), std::string::npos);
  EXPECT_FALSE(jk.composite);

  const ZoneEval& gx = z("S417022");
  EXPECT_NEAR(pct(gx, Ind::development_rate), 31.25, 0.005);
  EXPECT_NEAR(pct(gx, Ind::built_rate), 90.00, 0.005);
  EXPECT_NEAR(pct(gx, Ind::industrial_rate), 66.67, 0.005);
  EXPECT_NEAR(*gx.composite, 100, 1e-9);

  const ZoneEval& ll = z("S417023");
  EXPECT_NEAR(pct(ll, Ind::development_rate), 22.73, 0.005);
  EXPECT_NEAR(pct(ll, Ind::supply_rate), 83.33, 0.005);
  EXPECT_NEAR(pct(ll, Ind::built_rate), 69.99, 0.005);
  EXPECT_NEAR(pct(ll, Ind::idle_rate), 10.00, 0.005);
  EXPECT_NEAR(*ll.composite, 40.33, 0.005);
  EXPECT_EQ(ll.composite_rank, 2);

  const ZoneEval& tp = z("SJ417024");
  EXPECT_NEAR(pct(tp, Ind::development_rate), 20.53, 0.005);
  EXPECT_NEAR(pct(tp, Ind::supply_rate), 66.67, 0.005);
  EXPECT_NEAR(pct(tp, Ind::built_rate), 75.00, 0.005);
  EXPECT_NEAR(*tp.composite, 55.00, 0.005);
  EXPECT_EQ(tp.composite_rank, 1);
  EXPECT_EQ(tp.composite_rank_of, 2);
}

}  // namespace
}  // namespace tudi::zones
