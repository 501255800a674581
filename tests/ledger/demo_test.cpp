// The demo ledger (gis-data/demo/ledger.xlsx, made by `tudi synth`): the lights and rules that
// gis-data/README.md lists for it, every rule of the rule pack at least once, and the rows it
// reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "test_config.hpp"
#include "tudi/project/project.hpp"
#include "tudi/ledger/ledger.hpp"

namespace fs = std::filesystem;

namespace tudi::ledger {
namespace {

struct Expected {
  std::string id, land, light;
  std::set<std::string> rules;
};

/// The rows "| ZD… | land | light | rules | why |" of the README's demo-ledger table.
std::vector<Expected> readme_table() {
  const std::string text = test::slurp(test::kSourceDir / "gis-data" / "README.md");
  const std::size_t from = text.find("### The demo ledger");
  if (from == std::string::npos) return {};
  std::vector<Expected> out;
  std::istringstream lines(text.substr(from, text.find("\n## ", from) - from));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| ZD", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream cs(line.substr(1));
    for (std::string c; std::getline(cs, c, '|');) {
      while (!c.empty() && c.front() == ' ') c.erase(0, 1);
      while (!c.empty() && c.back() == ' ') c.pop_back();
      cells.push_back(c);
    }
    if (cells.size() < 4) continue;
    Expected e{cells[0], cells[1], cells[2], {}};
    std::istringstream rs(cells[3]);
    for (std::string r; std::getline(rs, r, ',');) {
      while (!r.empty() && r.front() == ' ') r.erase(0, 1);
      if (r != "—") e.rules.insert(r);
    }
    out.push_back(std::move(e));
  }
  return out;
}

class DemoLedger : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path toml = test::kDemoDir / "tudi.toml";
    if (!fs::exists(test::kDemoDir / "ledger.xlsx")) return;
    result = new Result(run_project(load_project(toml), {}).result);
  }
  static void TearDownTestSuite() {
    delete result;
    result = nullptr;
  }
  void SetUp() override {
    if (!result) GTEST_SKIP() << "gis-data/demo/ledger.xlsx is absent: run `tudi synth` first";
  }
  static const ProjectStatus* project(const std::string& id) {
    for (const ProjectStatus& p : result->projects)
      if (p.id == id) return &p;
    return nullptr;
  }
  static Result* result;
};
Result* DemoLedger::result = nullptr;

TEST_F(DemoLedger, LightsAndRulesAreWhatTheReadmeSays) {
  const std::vector<Expected> expected = readme_table();
  ASSERT_EQ(expected.size(), 18u) << "gis-data/README.md: the demo ledger's table";
  ASSERT_EQ(result->projects.size(), expected.size());
  for (const Expected& e : expected) {
    const ProjectStatus* p = project(e.id);
    ASSERT_NE(p, nullptr) << e.id;
    EXPECT_EQ(label(p->light), e.light) << e.id;
    std::set<std::string> rules;
    for (const Warning& w : p->warnings) rules.insert(w.rule);
    EXPECT_EQ(rules, e.rules) << e.id;
    ASSERT_EQ(p->land.size(), 1u) << e.id;
    EXPECT_EQ(p->land[0].id, e.land) << e.id;
  }
}

TEST_F(DemoLedger, EveryRuleFires) {
  std::set<std::string> fired;
  for (const ProjectStatus& p : result->projects)
    for (const Warning& w : p.warnings) fired.insert(w.rule);
  for (const std::string& r : kRules) EXPECT_TRUE(fired.count(r)) << r << " never fires in the demo";
  EXPECT_TRUE(result->not_checked.empty());
}

TEST_F(DemoLedger, TheBadRowsAreReportedByLine) {
  std::vector<std::string> lines;
  for (const Problem& p : result->problems) lines.push_back(p.where.substr(p.where.rfind(':') + 1));
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{"17", "19", "20"}));
  EXPECT_EQ(result->project_of_row(18), nullptr) << "the row without 项目编号";
}

TEST_F(DemoLedger, StandardLandCommitmentsComeFromThePublishedIndicators) {
  const ProjectStatus* p = project("ZD2026-17");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->commitments.size(), 3u);
  EXPECT_EQ(p->commitments[0].committed, 260);
  EXPECT_EQ(p->commitments[0].committed_from, "地块公布指标 JK-45");
  EXPECT_FALSE(p->commitments[0].due) << "not supplied yet: no contract date";
  EXPECT_EQ(p->elements.missing, (std::vector<std::string>{"环境容量：未落实"}));
}

TEST_F(DemoLedger, TheRoadsElementsListFarmlandAndNewLand) {
  const ProjectStatus* p = project("ZD2026-11");
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->elements.farmland && p->elements.new_land);
  EXPECT_NEAR(p->elements.farmland->ellipsoidal_mu(), 158.34, 0.01);
  EXPECT_NEAR(p->elements.new_land->ellipsoidal_mu(), 216.0, 0.01);
  EXPECT_FALSE(p->elements.pre_review_done);
}

}  // namespace
}  // namespace tudi::ledger
