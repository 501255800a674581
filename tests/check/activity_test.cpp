// The check by what the project is (DOMAIN §6): one test per rule of rules/check.toml at its
// edge, on hand-built layers — activity kinds and their synonyms, major-project levels, the
// red line's limited activities, farmland's major-project list, cultivated land and 占补平衡,
// the urban boundary's sub-zones, official areas from TBDLMJ, and what the outputs say.
#include <gtest/gtest.h>

#include <fstream>

#include "layer_fixtures.hpp"
#include "test_config.hpp"
#include "tudi/check/check.hpp"
#include "tudi/check/output.hpp"
#include "tudi/core/error.hpp"

namespace fs = std::filesystem;
using namespace tudi;
using check::Severity;
using check::State;

namespace {

constexpr double X0 = 38490000, Y0 = 3907000;  // EPSG:4526

std::string rect(double x1, double y1, double x2, double y2) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "POLYGON((%.4f %.4f,%.4f %.4f,%.4f %.4f,%.4f %.4f,%.4f %.4f))",
                X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1, Y0 + y2, X0 + x1,
                Y0 + y1);
  return buf;
}

/// A copy of a layer (features own their geometry).
const check::Settings& rules() {
  static const check::Settings r = check::load_settings(test::kSourceDir / "rules" / "check.toml");
  return r;
}

/// Control layers of every role, empty until a test draws on them, and one proposal layer.
struct Site {
  Layer redline = test::canonical_layer("redline", {"id", "control"}, 4526);
  Layer farmland = test::canonical_layer("farmland", {"id", "land_class", "class_area"}, 4526);
  Layer landuse =
      test::canonical_layer("landuse", {"id", "land_class", "class_area", "grade"}, 4526);
  Layer urban = test::canonical_layer("urban", {"id", "zone_type"}, 4526);
  Layer proposals =
      test::canonical_layer("proposals", {"id", "name", "category", "activity", "major"}, 4526);

  void propose(const std::string& wkt, const std::string& id, const std::string& category,
               const std::string& activity, const std::string& major = "") {
    test::add(proposals, wkt,
              {{"id", id}, {"category", category}, {"activity", activity}, {"major", major}});
  }

  check::Result run(std::vector<std::string> roles = {"redline", "farmland", "urban", "landuse"},
                    const check::Options& opt = {}) {
    check::Inputs in;
    in.crs = crs::Crs::from_epsg(4526);
    in.proposals.push_back(proposals.clone());
    const std::map<std::string, const Layer*> all = {{"redline", &redline},
                                                     {"farmland", &farmland},
                                                     {"landuse", &landuse},
                                                     {"urban", &urban}};
    for (const auto& [role, layer] : all) {
      if (std::find(roles.begin(), roles.end(), role) != roles.end()) {
        check::Control c;
        c.layer = layer;
        in.controls[role] = c;
      } else {
        in.unchecked[role] = "项目文件未配置该图层";
      }
    }
    in.unchecked["zones"] = "项目文件未配置该图层";
    return check::analyse(in, rules(), opt);
  }
};

const check::ProposalResult& by_id(const check::Result& r, const std::string& id) {
  for (const auto& p : r.proposals)
    if (p.id == id) return p;
  throw std::runtime_error("no proposal " + id);
}

/// The reason a line's rule gave (the first for the line, or for the sub-zone).
const check::Reason& reason(const check::ProposalResult& p, const std::string& line,
                            const std::string& zone = "") {
  for (const check::Reason& r : p.reasons)
    if (r.line == line && r.zone == zone) return r;
  throw std::runtime_error("no reason for " + line + " " + zone);
}

/// A red line of one 一般控制区 polygon (0..1000 × 0..1000) with every proposal half in it.
Site redline_site() {
  Site s;
  test::add(s.redline, rect(0, 0, 1000, 1000), {{"id", "R1"}, {"control", "一般控制区"}});
  return s;
}

}  // namespace

TEST(CheckActivity, KindsFromSynonymsLongestMatchWins) {
  const check::Settings& r = rules();
  auto kind = [&](const char* text) {
    const check::Activity* a = r.activity_of(text);
    return a ? a->id : std::string("none");
  };
  for (const char* pv : {"光伏电站", "光伏发电", "农光互补", "渔光互补", "10MW林光互补项目"})
    EXPECT_EQ(kind(pv), "pv") << pv;
  EXPECT_EQ(kind("G4京港澳国家高速公路改扩建"), "national_road");
  EXPECT_EQ(kind("新阳高速公路"), "provincial_expressway");
  EXPECT_EQ(kind("县城污水处理厂"), "municipal");
  EXPECT_EQ(kind("管护巡护站"), "patrol");
  EXPECT_EQ(kind("通村公路"), "rural_road");
  EXPECT_EQ(kind("S227省道改建"), "linear");
  EXPECT_EQ(kind("火星基地"), "none");
  EXPECT_EQ(check::major_of("国家级"), check::Major::National);
  EXPECT_EQ(check::major_of("省级重大项目"), check::Major::Provincial);
  EXPECT_EQ(check::major_of("无"), check::Major::None);
  EXPECT_EQ(check::major_of("市级重点项目"), check::Major::None);
  EXPECT_EQ(check::major_of(""), check::Major::None);
  EXPECT_FALSE(check::major_of("待定").has_value());
}

TEST(CheckActivity, PvInTheRedLinesGeneralZoneIsBlocking) {
  Site s = redline_site();
  s.propose(rect(900, 0, 1100, 100), "PV", "能源", "渔光互补");
  // The same energy category without a kind: the category rules, and no PV rule.
  s.propose(rect(900, 200, 1100, 300), "E", "能源", "");
  const check::Result r = s.run();
  const auto& pv = by_id(r, "PV");
  EXPECT_EQ(pv.activity, "pv");
  EXPECT_FALSE(pv.activity_fallback);
  EXPECT_EQ(pv.lines.at("redline").conclusion.severity, Severity::Blocking);
  EXPECT_EQ(pv.lines.at("redline").conclusion.rule, "redline-pv");
  EXPECT_EQ(pv.conclusion.severity, Severity::Blocking);
  EXPECT_EQ(pv.reasons.front().conclusion.rule, "redline-pv");  // the deciding one first
  const auto& e = by_id(r, "E");
  EXPECT_TRUE(e.activity_fallback);
  EXPECT_NE(e.lines.at("redline").conclusion.rule, "redline-pv");
}

TEST(CheckActivity, CountySewagePlantInTheRedLineIsBlocking) {
  Site s = redline_site();
  s.propose(rect(900, 0, 1100, 100), "WS", "点状基础设施", "县城污水处理厂");
  // A point facility whose kind is unknown falls back to the category rule, which says so.
  s.propose(rect(900, 200, 1100, 300), "PT", "点状基础设施", "");
  const check::Result r = s.run();
  EXPECT_EQ(by_id(r, "WS").lines.at("redline").conclusion.severity, Severity::Blocking);
  EXPECT_EQ(by_id(r, "WS").lines.at("redline").conclusion.rule, "redline-not-limited");
  const auto& pt = by_id(r, "PT");
  EXPECT_EQ(pt.lines.at("redline").conclusion.rule, "redline-category-infrastructure");
  EXPECT_EQ(pt.lines.at("redline").conclusion.severity, Severity::Justify);
  bool said = false;
  for (const std::string& n : pt.notes) said |= n.find("按项目类别“点状基础设施”的规则核查") != std::string::npos;
  EXPECT_TRUE(said);
  const nlohmann::json j = check::to_json(r);
  EXPECT_EQ(j["proposals"][1]["activity"]["fallback_to_category"], true);
  EXPECT_EQ(j["proposals"][0]["activity"]["kind"], "municipal");
}

TEST(CheckActivity, PatrolStationInTheRedLineIsNotBlocking) {
  Site s = redline_site();
  s.propose(rect(990, 0, 1010, 20), "GH", "点状基础设施", "管护巡护站");
  const check::Result r = s.run();
  const auto& p = by_id(r, "GH");
  EXPECT_NEAR(p.lines.at("redline").overlap.planar_m2, 200, 1e-6);
  EXPECT_EQ(p.lines.at("redline").conclusion.rule, "redline-limited");
  EXPECT_EQ(p.lines.at("redline").conclusion.severity, Severity::Justify);
  EXPECT_LT(p.conclusion.severity, Severity::Blocking);
}

TEST(CheckActivity, NationalRailwayAcrossTheRedLineNeedsStateCouncilApproval) {
  Site s = redline_site();
  s.propose(rect(-100, 500, 1100, 530), "TL", "线性基础设施", "高速铁路", "国家");
  // The same railway without a major level is a limited activity to justify, not approval.
  s.propose(rect(-100, 600, 1100, 630), "TL2", "线性基础设施", "高速铁路", "无");
  const check::Result r = s.run();
  EXPECT_EQ(by_id(r, "TL").lines.at("redline").conclusion.severity, Severity::Approval);
  EXPECT_EQ(by_id(r, "TL").lines.at("redline").conclusion.rule, "redline-national-major");
  EXPECT_NE(by_id(r, "TL").lines.at("redline").conclusion.text.find("国务院"), std::string::npos);
  EXPECT_EQ(by_id(r, "TL2").lines.at("redline").conclusion.rule, "redline-limited-linear");
  EXPECT_EQ(by_id(r, "TL2").lines.at("redline").conclusion.severity, Severity::Justify);
}

TEST(CheckActivity, MajorOverrideAppliesToEveryProposal) {
  Site s = redline_site();
  s.propose(rect(-100, 500, 1100, 530), "TL", "线性基础设施", "铁路", "");
  check::Options opt;
  opt.major = "国家";
  const check::Result r = s.run({"redline"}, opt);
  EXPECT_EQ(by_id(r, "TL").major, check::Major::National);
  EXPECT_EQ(by_id(r, "TL").lines.at("redline").conclusion.severity, Severity::Approval);
  opt.major.clear();
  opt.activity = "光伏电站";  // --activity overrides the layer's 项目类型 the same way
  const check::Result pv = s.run({"redline"}, opt);
  EXPECT_EQ(by_id(pv, "TL").activity, "pv");
  EXPECT_EQ(by_id(pv, "TL").lines.at("redline").conclusion.severity, Severity::Blocking);
}

namespace {
/// Permanent farmland 0..1000 × 0..1000 (TBDLMJ as drawn).
Site farmland_site() {
  Site s;
  test::add(s.farmland, rect(0, 0, 1000, 1000),
            {{"id", "F1"}, {"land_class", "0102"}, {"class_area", "1000000"}});
  return s;
}
}  // namespace

TEST(CheckActivity, PvOnPermanentFarmlandIsBlocking) {
  Site s = farmland_site();
  s.propose(rect(990, 0, 1100, 100), "PV", "能源", "光伏发电", "省级");
  const check::Result r = s.run();
  EXPECT_NEAR(by_id(r, "PV").lines.at("farmland").overlap.planar_m2, 1000, 1e-6);
  EXPECT_EQ(by_id(r, "PV").lines.at("farmland").conclusion.rule, "farmland-pv");
  EXPECT_EQ(by_id(r, "PV").conclusion.severity, Severity::Blocking);
}

TEST(CheckActivity, VillageRoadOnPermanentFarmlandIsBlocking) {
  Site s = farmland_site();
  s.propose(rect(500, -100, 506, 1100), "CD", "线性基础设施", "村道硬化");
  const check::Result r = s.run();
  const auto& f = by_id(r, "CD").lines.at("farmland");
  EXPECT_NEAR(f.overlap.planar_m2, 6000, 1e-6);
  EXPECT_EQ(by_id(r, "CD").activity, "rural_road");
  EXPECT_EQ(f.conclusion.severity, Severity::Blocking);
  EXPECT_EQ(f.conclusion.rule, "farmland-blocking");
}

TEST(CheckActivity, ProvincialExpresswayOnFarmlandNeedsApprovalWithReplacement) {
  Site s = farmland_site();
  s.propose(rect(500, -100, 560, 1100), "GS", "线性基础设施", "省级高速公路", "省级");
  s.propose(rect(700, -100, 760, 1100), "GS0", "线性基础设施", "省级高速公路", "无");
  const check::Result r = s.run();
  const auto& f = by_id(r, "GS").lines.at("farmland");
  EXPECT_EQ(f.conclusion.severity, Severity::Approval);
  EXPECT_EQ(f.conclusion.rule, "farmland-listed-major");
  EXPECT_NE(f.conclusion.text.find("补划"), std::string::npos);
  EXPECT_EQ(by_id(r, "GS0").lines.at("farmland").conclusion.rule, "farmland-listed-not-major");
  EXPECT_EQ(by_id(r, "GS0").conclusion.severity, Severity::Blocking);
}

TEST(CheckActivity, CategoryFallbackOnFarmlandOnlyWhenNoKindMatched) {
  Site s = farmland_site();
  // A provincial road (省道) is a kind, and not one of the listed major projects.
  s.propose(rect(500, -100, 520, 1100), "SD", "线性基础设施", "S227省道改建", "省级");
  // An unknown kind of a category the list may hold: sent to be verified, not refused.
  s.propose(rect(700, -100, 720, 1100), "XX", "线性基础设施", "某某工程", "省级");
  s.propose(rect(800, -100, 820, 1100), "X0", "线性基础设施", "某某工程", "无");
  const check::Result r = s.run();
  EXPECT_EQ(by_id(r, "SD").lines.at("farmland").conclusion.rule, "farmland-blocking");
  EXPECT_EQ(by_id(r, "XX").lines.at("farmland").conclusion.rule, "farmland-category-major");
  EXPECT_EQ(by_id(r, "XX").lines.at("farmland").conclusion.severity, Severity::Approval);
  EXPECT_EQ(by_id(r, "X0").lines.at("farmland").conclusion.severity, Severity::Blocking);
}

namespace {
/// Survey polygons: L1 0103 (TBDLMJ 9 500 of 10 000 m², grade 7), half under permanent
/// farmland; L2 0301 forest; L3 0102 without a grade.
Site cultivated_site() {
  Site s;
  test::add(s.farmland, rect(0, 0, 50, 100),
            {{"id", "F1"}, {"land_class", "0103"}, {"class_area", "5000"}});
  test::add(s.landuse, rect(0, 0, 100, 100),
            {{"id", "L1"}, {"land_class", "0103"}, {"class_area", "9500"}, {"grade", "7"}});
  test::add(s.landuse, rect(100, 0, 200, 100), {{"id", "L2"}, {"land_class", "0301"}});
  test::add(s.landuse, rect(0, 100, 200, 200),
            {{"id", "L3"}, {"land_class", "0102"}, {"class_area", "19000"}});
  // Inside the urban boundary's 集中建设区, so only the survey classes speak.
  test::add(s.urban, rect(-100, -100, 300, 300), {{"id", "U1"}, {"zone_type", "集中建设区"}});
  return s;
}
}  // namespace

TEST(CheckActivity, PlantOnCultivatedLandOutsideFarmlandOwesTheBalance) {
  Site s = cultivated_site();
  // 60..100 × 0..100 of L1 (outside the farmland), 100..140 of the forest, and 60..140 × 100..150
  // of L3.
  s.propose(rect(60, 0, 140, 150), "GC", "工业", "汽车零部件制造厂房");
  const check::Result r = s.run();
  const auto& p = by_id(r, "GC");
  const auto& c = p.lines.at("cultivated");
  ASSERT_TRUE(c.checked);
  EXPECT_NEAR(c.overlap.planar_m2, 4000 + 4000, 1e-6);
  EXPECT_NEAR(c.by_class.at("0103").planar_m2, 4000, 1e-6);
  EXPECT_NEAR(c.by_class.at("0102").planar_m2, 4000, 1e-6);
  // Official: share of each polygon × its TBDLMJ (0.4 × 9 500 + 0.2 × 19 000).
  EXPECT_NEAR(c.official_m2, 3800 + 3800, 1e-6);
  EXPECT_NEAR(c.by_grade.at("7"), 3800, 1e-6);
  EXPECT_NEAR(c.by_grade.at("未知"), 3800, 1e-6);
  EXPECT_EQ(c.conclusion.rule, "cultivated-balance");
  EXPECT_EQ(p.conclusion.severity, Severity::Ok);
  EXPECT_NEAR(p.landuse.forest.planar_m2, 4000, 1e-6);
  EXPECT_NEAR(p.landuse.by_class.at("0301").planar_m2, 4000, 1e-6);
  const nlohmann::json j = check::to_json(r)["proposals"][0];
  EXPECT_NEAR(j["cultivated"]["balance_owed_m2"].get<double>(), 7600, 1e-3);
  EXPECT_NEAR(j["cultivated"]["by_class"]["0103"]["planar_m2"].get<double>(), 4000, 1e-3);
  EXPECT_NEAR(j["landuse"]["forest"]["planar_m2"].get<double>(), 4000, 1e-3);
  EXPECT_EQ(j["conclusion"]["reasons"].size(), 4u);  // redline, farmland, cultivated, urban
}

TEST(CheckActivity, CultivatedLandUnderPermanentFarmlandIsNotCountedTwice) {
  Site s = cultivated_site();
  s.propose(rect(10, 10, 90, 90), "GC", "工业", "加工厂");
  const check::Result r = s.run();
  const auto& p = by_id(r, "GC");
  EXPECT_NEAR(p.lines.at("farmland").overlap.planar_m2, 40 * 80, 1e-6);
  EXPECT_NEAR(p.lines.at("cultivated").overlap.planar_m2, 40 * 80, 1e-6);  // only 50..90
  EXPECT_NEAR(p.lines.at("cultivated").official_m2, 3200.0 / 10000 * 9500, 1e-6);
}

TEST(CheckActivity, PvOnCultivatedLandIsBlocking) {
  Site s = cultivated_site();
  s.propose(rect(60, 0, 140, 150), "PV", "能源", "农光互补");
  const check::Result r = s.run();
  EXPECT_EQ(by_id(r, "PV").lines.at("cultivated").conclusion.rule, "cultivated-pv");
  EXPECT_EQ(by_id(r, "PV").conclusion.severity, Severity::Blocking);
  EXPECT_EQ(by_id(r, "PV").reasons.front().line, "cultivated");
}

TEST(CheckActivity, WithoutTheLandUseLayerCultivatedLandIsNotChecked) {
  Site s = cultivated_site();
  s.propose(rect(60, 0, 140, 150), "PV", "能源", "农光互补");
  const check::Result r = s.run({"redline", "farmland", "urban"});
  const auto& p = by_id(r, "PV");
  EXPECT_FALSE(p.lines.at("cultivated").checked);
  EXPECT_NE(p.conclusion.text.find("耕地（永久基本农田以外）未核查"), std::string::npos);
  const nlohmann::json j = check::to_json(r);
  EXPECT_EQ(j["proposals"][0]["cultivated"]["checked"], false);
  EXPECT_EQ(j["proposals"][0]["landuse"]["checked"], false);
  bool listed = false;
  for (const auto& u : j["unchecked"]) listed |= u["line"] == "landuse";
  EXPECT_TRUE(listed);
}

namespace {
/// The urban boundary: 集中建设区 0..1000 × 0..1000, 弹性发展区 1000..1500, 特别用途区 above.
Site urban_site() {
  Site s;
  test::add(s.urban, rect(0, 0, 1000, 1000), {{"id", "U1"}, {"zone_type", "集中建设区"}});
  test::add(s.urban, rect(1000, 0, 1500, 1000), {{"id", "U2"}, {"zone_type", "弹性发展区"}});
  test::add(s.urban, rect(0, 1000, 1500, 1200), {{"id", "U3"}, {"zone_type", "特别用途区"}});
  return s;
}
}  // namespace

TEST(CheckActivity, PlantInTheFlexibleZoneReportsItsAreaAndTheRule) {
  Site s = urban_site();
  s.propose(rect(800, 100, 1300, 300), "TX", "工业", "加工厂");
  s.propose(rect(100, 100, 300, 300), "JZ", "工业", "加工厂");
  const check::Result r = s.run();
  const auto& p = by_id(r, "TX");
  const auto& u = p.lines.at("urban");
  EXPECT_NEAR(u.by_zone.at("集中建设区").planar_m2, 200 * 200, 1e-6);
  EXPECT_NEAR(u.by_zone.at("弹性发展区").planar_m2, 300 * 200, 1e-6);
  EXPECT_EQ(u.state, State::Clear);  // wholly inside the boundary
  const check::Reason& why = reason(p, "urban", "弹性发展区");
  EXPECT_EQ(why.conclusion.rule, "urban-flexible");
  EXPECT_EQ(why.conclusion.severity, Severity::Justify);
  EXPECT_EQ(p.conclusion.severity, Severity::Justify);
  EXPECT_EQ(p.reasons.front().conclusion.rule, "urban-flexible");  // the deciding one first
  EXPECT_EQ(by_id(r, "JZ").conclusion.severity, Severity::Ok);     // 集中建设区: no rule
  const nlohmann::json j = check::to_json(r)["proposals"][0];
  EXPECT_NEAR(j["urban"]["by_zone"]["弹性发展区"]["planar_m2"].get<double>(), 60000, 1e-3);
  EXPECT_EQ(j["conclusion"]["reasons"][0]["zone"], "弹性发展区");
}

TEST(CheckActivity, HousingInTheSpecialUseZoneIsBlockingARoadIsJustified) {
  Site s = urban_site();
  s.propose(rect(100, 1050, 300, 1150), "ZZ", "住宅", "");
  s.propose(rect(100, 1050, 300, 1150), "DL", "线性基础设施", "城市道路");
  const check::Result r = s.run();
  EXPECT_EQ(reason(by_id(r, "ZZ"), "urban", "特别用途区").conclusion.rule,
            "urban-special-use-development");
  EXPECT_EQ(by_id(r, "ZZ").conclusion.severity, Severity::Blocking);
  EXPECT_EQ(reason(by_id(r, "DL"), "urban", "特别用途区").conclusion.severity, Severity::Justify);
}

TEST(CheckActivity, OfficialFarmlandAreaIsTheShareOfTbdlmj) {
  Site s;
  // TBMJ would be 10 000 m²; 田坎 deducted, TBDLMJ = 9 200.
  test::add(s.farmland, rect(0, 0, 100, 100),
            {{"id", "F1"}, {"land_class", "0101"}, {"class_area", "9200"}});
  // No TBDLMJ: the official figure falls back to the ellipsoidal area.
  test::add(s.farmland, rect(0, 200, 100, 300), {{"id", "F2"}, {"land_class", "0101"}});
  s.propose(rect(50, 0, 150, 100), "A", "水利", "水库", "国家");
  s.propose(rect(50, 200, 150, 300), "B", "水利", "水库", "国家");
  const check::Result r = s.run();
  const auto& a = by_id(r, "A").lines.at("farmland");
  EXPECT_NEAR(a.overlap.planar_m2, 5000, 1e-6);
  EXPECT_NEAR(a.official_m2, 4600, 1e-6);
  EXPECT_EQ(a.official_pieces, 1);
  const auto& b = by_id(r, "B").lines.at("farmland");
  EXPECT_EQ(b.official_pieces, 0);
  EXPECT_NEAR(b.official_m2, b.overlap.ellipsoidal_m2, 1e-9);
  const nlohmann::json j = check::to_json(r);
  EXPECT_NEAR(j["proposals"][0]["farmland"]["official_m2"].get<double>(), 4600, 1e-3);
  EXPECT_TRUE(j["proposals"][1]["farmland"]["official_m2"].is_null());
  EXPECT_EQ(by_id(r, "A").lines.at("farmland").conclusion.rule, "farmland-listed-major");
}

TEST(CheckActivity, VintageIsRecordedInTheOutputs) {
  Site s = redline_site();
  s.propose(rect(2000, 0, 2100, 100), "A", "工业", "");
  check::Inputs in;
  in.crs = crs::Crs::from_epsg(4526);
  in.proposals.push_back(s.proposals.clone());
  check::Control c;
  c.layer = &s.redline;
  in.controls["redline"] = c;
  in.vintage["redline"] = {"2023版", "豫政文〔2023〕12号", "2023-10-01"};
  const check::Result r = check::analyse(in, rules());
  const nlohmann::json j = check::to_json(r);
  EXPECT_EQ(j["lines"][0]["line"], "redline");
  EXPECT_EQ(j["lines"][0]["vintage"]["document"], "豫政文〔2023〕12号");
  bool in_table = false;
  for (const output::Table& t : check::to_tables(r))
    for (const auto& row : t.rows)
      for (const Value& v : row) in_table |= to_text(v).find("豫政文〔2023〕12号") != std::string::npos;
  EXPECT_TRUE(in_table);
  bool in_layer = false;
  for (const Layer& l : check::to_layers(r))
    for (const Feature& f : l.features)
      for (const Value& v : f.values) in_layer |= to_text(v).find("2023-10-01") != std::string::npos;
  EXPECT_TRUE(in_layer);
}

TEST(CheckActivity, RulePackRejectsUnknownActivitiesAndZonesOffTheUrbanLine) {
  const fs::path dir = test::scratch_dir("tudi-check-activity-rules");
  fs::create_directories(dir);
  const std::string head =
      "[categories]\nlist = [\"工业\"]\ndefault = \"工业\"\n"
      "[[activity]]\nid = \"pv\"\nname = \"光伏\"\nmatch = [\"光伏\"]\n";
  std::string tail;
  for (const char* line : {"redline", "farmland", "cultivated", "urban"})
    for (const char* when : {"clear", "sliver", "conflict"})
      tail += std::string("[[rule]]\nline = \"") + line + "\"\nwhen = \"" + when +
              "\"\nseverity = \"ok\"\ntext = \"x\"\n";
  auto load = [&](const std::string& extra) {
    std::ofstream(dir / "check.toml") << head << extra << tail;
    return check::load_settings(dir / "check.toml");
  };
  EXPECT_NO_THROW(load(""));
  auto message = [&](const std::string& extra) {
    try {
      load(extra);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("[[rule]]\nline = \"redline\"\nwhen = \"conflict\"\nactivities = [\"wind\"]\n"
                    "severity = \"ok\"\ntext = \"x\"\n")
                .find("unknown activity 'wind'"),
            std::string::npos);
  EXPECT_NE(message("[[rule]]\nline = \"farmland\"\nzone = \"弹性发展区\"\nwhen = \"conflict\"\n"
                    "severity = \"ok\"\ntext = \"x\"\n")
                .find("only for line = \"urban\""),
            std::string::npos);
  EXPECT_NE(message("[[rule]]\nline = \"farmland\"\nmajor = [\"市级\"]\nwhen = \"conflict\"\n"
                    "severity = \"ok\"\ntext = \"x\"\n")
                .find("check.toml:"),
            std::string::npos);
}
