// What every analysis says about its inputs at the command line: the canonical fields a layer
// lacks and the source fields taken for them by name (issue 17 item 3), and how the automatic
// working CRS was chosen (crs_why, as check already says it).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "geojson_fixtures.hpp"
#include "run_tudi.hpp"
#include "test_config.hpp"

namespace fs = std::filesystem;
using tudi::test::CliOutcome;
using tudi::test::kDemoDir;
using tudi::test::run_tudi;
using tudi::test::write_farmland;
using tudi::test::write_proposals;

namespace {

using tudi::test::fresh_scratch_dir;

/// A check project of the farmland in `farmland` and the proposals beside it.
fs::path check_project(const fs::path& dir, const std::string& class_field) {
  write_farmland(dir / "farmland.geojson", class_field);
  write_proposals(dir / "proposals.geojson");
  std::ofstream(dir / "tudi.toml") << "[analysis]\ncrs = \"EPSG:4526\"\n"
                                      "[layers.farmland]\nsource = \"farmland.geojson\"\n"
                                      "[layers.proposals]\nsource = \"proposals.geojson\"\n";
  return dir / "tudi.toml";
}

/// The demo project with analysis.crs = "auto", its sources made absolute: the red line is
/// EPSG:4547 (no zone prefix), the farmland EPSG:4526, so the choice has something to say.
fs::path demo_auto(const fs::path& dir) {
  std::string text = tudi::test::slurp(kDemoDir / "tudi.toml");
  text = std::regex_replace(text, std::regex("crs = \"EPSG:4526\""), "crs = \"auto\"");
  text = std::regex_replace(text, std::regex("(source|file) = \""),
                            "$1 = \"" + kDemoDir.string() + "/");
  std::ofstream(dir / "tudi.toml") << text;
  return dir / "tudi.toml";
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

/// The JSON's crs_why and fields, and the console's first line, for one analysis on demo_auto.
void expect_crs_why_and_fields(const std::string& command, const std::string& extra,
                               const std::string& json_name) {
  const fs::path dir = fresh_scratch_dir(command);
  const std::string args =
      command + " -c " + demo_auto(dir).string() + " " + extra + " -o " + (dir / "out").string();
  const CliOutcome c = run_tudi(args);
  ASSERT_NE(c.code, 1) << c.err;
  const auto doc = nlohmann::json::parse(tudi::test::slurp(dir / "out" / json_name));
  EXPECT_EQ(doc.at("crs"), "EPSG:4526");
  const std::string why = doc.at("crs_why");
  EXPECT_NE(why.find("analysis.crs = auto"), std::string::npos) << why;
  EXPECT_NE(why.find("redline EPSG:4547"), std::string::npos) << why;
  const std::string first = first_line(c.out);
  EXPECT_NE(first.find("工作坐标系 EPSG:4526（analysis.crs = auto"), std::string::npos) << first;
  // The parcels layer is read by every one of them: its report is there, guesses and all.
  ASSERT_TRUE(doc.at("fields").contains("parcels")) << doc.at("fields").dump();
  const auto& parcels = doc["fields"]["parcels"];
  EXPECT_TRUE(parcels.at("missing").is_array());
  EXPECT_EQ(parcels.at("guessed").value("DKBH", ""), "id") << parcels.dump();
}

}  // namespace

TEST(Fields, CheckNamesTheGuessedClassField) {
  const fs::path dir = fresh_scratch_dir("guessed");
  const std::string args = "check -c " + check_project(dir, "地类编码").string();
  const CliOutcome j = run_tudi(args + " --json");
  ASSERT_NE(j.code, 1) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  const auto& farmland = doc.at("fields").at("farmland");
  EXPECT_EQ(farmland.at("guessed").value("地类编码", ""), "land_class") << farmland.dump();
  EXPECT_EQ(farmland.at("guessed").value("JBNTTBBH", ""), "id") << farmland.dump();
  const auto& missing = farmland.at("missing");
  EXPECT_EQ(std::find(missing.begin(), missing.end(), "land_class"), missing.end());
  EXPECT_NE(std::find(missing.begin(), missing.end(), "class_area"), missing.end());
  // The class is read: the overlap is 0101, not 未知.
  const auto& by_class = doc.at("proposals").at(0).at("farmland").at("by_class");
  EXPECT_TRUE(by_class.contains("0101")) << by_class.dump();
  // The farmland lacks TBDLMJ and the other areas: one line says so, with the guess.
  const CliOutcome c = run_tudi(args + " -o " + (dir / "out").string());
  ASSERT_NE(c.code, 1) << c.err;
  EXPECT_NE(c.out.find("提示：永久基本农田图层（farmland）缺少字段 "), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("地类编码 → land_class"), std::string::npos) << c.out;
}

TEST(Fields, CheckNamesTheMissingClassField) {
  const fs::path dir = fresh_scratch_dir("missing");
  const std::string args = "check -c " + check_project(dir, "LB").string();
  const CliOutcome j = run_tudi(args + " --json");
  ASSERT_NE(j.code, 1) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  const auto& farmland = doc.at("fields").at("farmland");
  const auto& missing = farmland.at("missing");
  EXPECT_NE(std::find(missing.begin(), missing.end(), "land_class"), missing.end())
      << farmland.dump();
  EXPECT_FALSE(farmland.at("guessed").contains("LB")) << farmland.dump();
  const CliOutcome c = run_tudi(args + " -o " + (dir / "out").string());
  ASSERT_NE(c.code, 1) << c.err;
  std::string line;
  for (std::size_t at = 0; at < c.out.size();) {
    const std::size_t end = c.out.find('\n', at);
    const std::string l = c.out.substr(at, end - at);
    if (l.find("（farmland）缺少字段") != std::string::npos) line = l;
    at = end == std::string::npos ? c.out.size() : end + 1;
  }
  EXPECT_NE(line.find("land_class（地类编码）"), std::string::npos) << c.out;
  EXPECT_NE(line.find("[layers.farmland.fields]"), std::string::npos) << line;
}

TEST(Fields, SupplySaysHowTheWorkingCrsWasChosen) {
  expect_crs_why_and_fields("supply", "", "supply.json");
}

TEST(Fields, ZonesSaysHowTheWorkingCrsWasChosen) {
  expect_crs_why_and_fields("zones", "", "zones.json");
}

TEST(Fields, MatchSaysHowTheWorkingCrsWasChosen) {
  expect_crs_why_and_fields("match", "--projects " + (kDemoDir / "projects.csv").string(),
                            "match.json");
}

TEST(Fields, LedgerSaysHowTheWorkingCrsWasChosen) {
  expect_crs_why_and_fields("ledger", "", "ledger.json");
}
