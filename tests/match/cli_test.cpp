// `tudi match` end to end on hand-built parcels written to a GeoPackage: exit code, the three
// outputs, the JSON on stdout; and the demo county when it has been generated.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "run_tudi.hpp"
#include "test_config.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/io/table_read.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;

namespace tudi::test {
namespace {

class MatchCli : public ::testing::Test {
 protected:
  fs::path dir;
  void SetUp() override {
    dir = fresh_scratch_dir("tudi-match-cli");
    Layer parcels = make_layer("parcels", kParcelFields);
    parcels.name = "parcels";
    add(parcels, lot(0, 80), ready("DK-01"));
    add(parcels, lot(lot_width(80), 80), ready("DK-02"));
    add(parcels, lot(3000, 100), ready("DK-03", "100103", "七通一平"));
    io::write_layer(parcels, dir / "parcels.gpkg", {});
    std::ofstream(dir / "tudi.toml")
        << "[analysis]\ncrs = \"EPSG:4526\"\nas_of = \"2026-06-01\"\n\n"
           "[layers.parcels]\nsource = \"parcels.gpkg\"\n";
    std::ofstream(dir / "projects.csv")
        << "项目编号,项目名称,行业代码,污染类别,固定资产投资(万元),年税收(万元),"
           "用地需求下限(亩),用地需求上限(亩),计划容积率,单位增加值能耗(吨标煤/万元)\n"
           "A,大项目,C3981,2,45000,2400,150,170,1.5,0.3\n"
           "B,三类项目,C3130,3,20000,1000,90,110,1.1,0.4\n"
           "C,无地项目,C3981,1,1000,10,500,600,1.5,0.3\n";
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(MatchCli, WritesJsonXlsxAndGpkg) {
  const CliOutcome o =
      run_tudi("-q match -c " + (dir / "tudi.toml").string() + " --projects " +
                    (dir / "projects.csv").string() + " -o " + (dir / "out").string() + " --json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["projects"].size(), 3u);
  EXPECT_EQ(j["projects"][0]["assigned"]["parcel_id"], "DK-01+DK-02");
  EXPECT_EQ(j["projects"][1]["assigned"]["parcel_id"], "DK-03");
  EXPECT_TRUE(j["projects"][2]["assigned"].is_null());
  EXPECT_EQ(j["projects"][2]["unassigned_code"], "no_candidate");
  EXPECT_EQ(j["projects"][2]["rejected"].size(), 3u);
  const auto& terms = j["projects"][1]["candidates"][0]["terms"];
  EXPECT_GE(terms.size(), 9u);
  EXPECT_TRUE(j["assignment"]["optimal"].get<bool>());
  EXPECT_EQ(j["assignment"]["assigned"], 2);

  for (const char* f : {"match.json", "match.xlsx", "match.gpkg"})
    EXPECT_TRUE(fs::exists(dir / "out" / f)) << f;
  EXPECT_EQ(nlohmann::json::parse(slurp(dir / "out" / "match.json"))["projects"].size(), 3u);
  const io::RawTable sheet = io::read_table(dir / "out" / "match.xlsx");
  EXPECT_EQ(sheet.headers.at(0), "项目编号");
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(to_text(sheet.rows[0][7]), "DK-01+DK-02");
  const auto layers = io::list_layers((dir / "out" / "match.gpkg").string());
  EXPECT_EQ(layers, (std::vector<std::string>{"match_candidates", "match_assigned"}));
  io::LayerSource src;
  src.source = (dir / "out" / "match.gpkg").string();
  src.layer = "match_assigned";
  EXPECT_EQ(io::read_layer(src).features.size(), 3u);  // DK-01, DK-02 (merged), DK-03
}

TEST_F(MatchCli, SummaryOnStdoutAndUsageErrors) {
  CliOutcome o = run_tudi("-q match -c " + (dir / "tudi.toml").string() + " --projects " +
                            (dir / "projects.csv").string());
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("A 大项目 → DK-01+DK-02"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("C 无地项目 → 未分配"), std::string::npos) << o.out;
  o = run_tudi("match --projects " + (dir / "projects.csv").string());
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("tudi: "), std::string::npos);
  std::ofstream(dir / "bad.csv") << "项目编号,项目名称\nA,甲\n";
  o = run_tudi("-q match -c " + (dir / "tudi.toml").string() + " --projects " +
                    (dir / "bad.csv").string());
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no column for 行业代码"), std::string::npos) << o.err;
}

TEST_F(MatchCli, ExplainsOneProjectForAPlanner) {
  const std::string base = "-q match -c " + (dir / "tudi.toml").string() + " --projects " +
                           (dir / "projects.csv").string();
  CliOutcome o = run_tudi(base + " --explain B");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(o.err.empty()) << o.err;
  const std::string& t = o.out;
  // The land, each filter's value next to its threshold with the unit, and the score by term.
  EXPECT_NE(t.find("项目 B 三类项目"), std::string::npos) << t;
  EXPECT_NE(t.find("分配：DK-03"), std::string::npos) << t;
  EXPECT_NE(t.find("项目为三类，地块 100103"), std::string::npos) << t;
  EXPECT_NE(t.find("固定资产投资 20000 万元 ÷ "), std::string::npos) << t;
  EXPECT_NE(t.find(" 万元/亩 ≥ 标准 "), std::string::npos) << t;
  EXPECT_NE(t.find("得分明细"), std::string::npos) << t;
  EXPECT_NE(t.find("面积适配"), std::string::npos) << t;
  // DK-01 (二类 land, 80 亩) cannot take a 三类 project of 90–110 亩, and says both.
  const auto dk01 = t.find("DK-01（");
  ASSERT_NE(dk01, std::string::npos) << t;
  const std::string line = t.substr(dk01, t.find('\n', dk01) - dk01);
  EXPECT_NE(line.find("本项目为三类"), std::string::npos) << line;
  EXPECT_NE(line.find("小于项目用地需求下限 90 亩"), std::string::npos) << line;
  // A project without land explains why, parcel by parcel.
  o = run_tudi(base + " --explain C");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("未分配：没有地块通过全部硬性筛选"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("未通过硬性筛选的地块 3 宗"), std::string::npos) << o.out;
  o = run_tudi(base + " --explain NOPE");
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("NOPE"), std::string::npos) << o.err;
}

TEST(MatchDemo, EveryProjectGetsLandOrAReason) {
  const fs::path toml = kDemoDir / "tudi.toml", csv = kDemoDir / "projects.csv";
  if (!fs::exists(toml) || !fs::exists(csv)) GTEST_SKIP() << "demo county not generated";
  const fs::path out = fresh_scratch_dir("tudi-match-demo");
  const CliOutcome o = run_tudi("-q match -c " + toml.string() + " --projects " + csv.string() +
                                  " --json -o " + (out / "o").string());
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_GE(j["projects"].size(), 10u);
  int assigned = 0;
  for (const auto& p : j["projects"]) {
    if (p["assigned"].is_null()) {
      EXPECT_FALSE(p["unassigned_reason"].get<std::string>().empty()) << p["project"]["id"];
    } else {
      ++assigned;
    }
  }
  EXPECT_GT(assigned, 0);
  EXPECT_TRUE(j["assignment"]["optimal"].get<bool>());
  // The demo's competition: 03 prefers GX-07, the only single parcel 04 can take. Greedy gives
  // GX-07 to the best pair and leaves one of them short; the optimum lands both.
  EXPECT_GT(j["assignment"]["total_score"].get<double>(),
            j["assignment"]["greedy_total_score"].get<double>());
  for (const auto& p : j["projects"]) {
    const std::string id = p["project"]["id"];
    if (id == "ZS2026-04") {
      EXPECT_EQ(p["assigned"]["parcel_id"], "GX-07");
    } else if (id == "ZS2026-03") {
      EXPECT_FALSE(p["assigned"].is_null());
    } else if (id == "ZS2026-02") {
      EXPECT_EQ(p["assigned"]["parcel_id"], "GX-09+GX-10");
    } else if (id == "ZS2026-07") {
      // Only LL-10 (三类) admits the steel-tube plant, and its published energy standard (NHBZ
      // 0.6) binds: 0.8 吨标煤/万元 is refused with that reason (DOMAIN §8).
      EXPECT_TRUE(p["assigned"].is_null());
      bool seen = false;
      for (const auto& rj : p["rejected"])
        if (rj["parcel_id"] == "LL-10") {
          seen = true;
          ASSERT_EQ(rj["reasons"].size(), 1u) << rj.dump();
          EXPECT_EQ(rj["reasons"][0]["code"], "energy_above_max");
          EXPECT_DOUBLE_EQ(rj["reasons"][0]["value"].get<double>(), 0.8);
          EXPECT_DOUBLE_EQ(rj["reasons"][0]["threshold"].get<double>(), 0.6);
        }
      EXPECT_TRUE(seen);
    } else if (id == "ZS2026-01") {
      // JK-12 publishes nothing: the 经开区's published indicators bind it, not the county's.
      bool seen = false;
      for (const auto& c : p["candidates"])
        if (c["parcel_id"] == "JK-12") {
          seen = true;
          EXPECT_EQ(c["thresholds"]["investment"]["source"], "zone");
          EXPECT_DOUBLE_EQ(c["thresholds"]["investment"]["value"].get<double>(), 260.0);
          EXPECT_DOUBLE_EQ(c["thresholds"]["energy"]["value"].get<double>(), 0.45);
        }
      EXPECT_TRUE(seen);
    }
  }
  EXPECT_EQ(assigned, 6);
  EXPECT_NEAR(j["assignment"]["total_score"].get<double>(), 303.46, 0.005);
  EXPECT_NEAR(j["assignment"]["greedy_total_score"].get<double>(), 256.68, 0.005);
  fs::remove_all(out);
}

}  // namespace
}  // namespace tudi::test
