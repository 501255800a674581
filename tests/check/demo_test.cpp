// The demo county's proposals conclude what gis-data/README.md says they do: every row of its
// "Proposals (`tudi check`)" table names the severity and the deciding rule, and the check on
// the demo project gives exactly those.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "test_config.hpp"
#include "tudi/check/check.hpp"
#include "tudi/project/project.hpp"

using namespace tudi;

namespace {

struct Expected {
  std::string id, label, rule;  // label empty and rule empty: "not checked"
};

/// The README's proposal rows: | id | name | category | 项目类型 · 级别 | case | conclusion |.
std::vector<Expected> readme_rows() {
  std::ifstream in(test::kSourceDir / "gis-data" / "README.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::size_t at = text.find("### Proposals (`tudi check`)");
  const std::size_t end = text.find("\n### ", at + 1);
  std::istringstream section(text.substr(at, end - at));
  std::vector<Expected> out;
  const std::regex row(R"(^\| (XM\d{4}-\d{3}) \|.*\| ([^|]*) \|$)");
  const std::regex conclusion(R"(^(\S+) `([a-z-]+)`)");
  for (std::string line; std::getline(section, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    Expected e{m[1], "", ""};
    const std::string cell = m[2];
    std::smatch c;
    if (std::regex_search(cell, c, conclusion)) {
      e.label = c[1];
      e.rule = c[2];
    }
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST(CheckDemo, EveryProposalConcludesWhatTheReadmeSays) {
  const std::vector<Expected> rows = readme_rows();
  ASSERT_EQ(rows.size(), 17u);
  const check::Result r = check::run(load_project(test::kDemoDir / "tudi.toml"), {});
  ASSERT_EQ(r.proposals.size(), rows.size());
  for (const Expected& e : rows) {
    const check::ProposalResult* p = nullptr;
    for (const check::ProposalResult& q : r.proposals)
      if (q.id == e.id) p = &q;
    ASSERT_NE(p, nullptr) << e.id;
    if (e.rule.empty()) {
      EXPECT_FALSE(p->checked) << e.id;
      continue;
    }
    ASSERT_TRUE(p->checked) << e.id << ": " << p->reason;
    EXPECT_EQ(check::label(p->conclusion.severity), e.label) << e.id;
    EXPECT_EQ(p->conclusion.rule, e.rule) << e.id;
    ASSERT_FALSE(p->reasons.empty()) << e.id;
    EXPECT_EQ(p->reasons.front().conclusion.rule, e.rule) << e.id;
  }
}

TEST(CheckDemo, CultivatedLandAndSubZonesOfTheDemo) {
  const check::Result r = check::run(load_project(test::kDemoDir / "tudi.toml"), {});
  auto get = [&](const std::string& id) -> const check::ProposalResult& {
    for (const check::ProposalResult& p : r.proposals)
      if (p.id == id) return p;
    throw std::runtime_error("no " + id);
  };
  // XM2026-002: 11.6 ha in the 弹性发展区, the rule's severity among its reasons.
  const auto& p2 = get("XM2026-002");
  EXPECT_NEAR(p2.lines.at("urban").by_zone.at("弹性发展区").planar_m2, 116044.78, 0.01);
  bool flexible = false;
  for (const check::Reason& why : p2.reasons)
    flexible |= why.zone == "弹性发展区" && why.conclusion.rule == "urban-flexible";
  EXPECT_TRUE(flexible);
  // XM2026-011: PV on cultivated land, the grades of the demo's DLTB (GDDB) with the balance.
  const check::LineResult& c = get("XM2026-011").lines.at("cultivated");
  ASSERT_TRUE(c.checked);
  EXPECT_GT(c.overlap.planar_m2, 100000);
  double graded = 0;
  for (const auto& [grade, m2] : c.by_grade) {
    EXPECT_NE(grade, "未知");  // every cultivated polygon of the demo has its 等别
    graded += m2;
  }
  EXPECT_NEAR(graded, c.official_m2, 1e-6);
  // Official (TBDLMJ share) below the ellipsoidal area: 田坎 deducted.
  EXPECT_LT(c.official_m2, c.overlap.ellipsoidal_m2);
  EXPECT_GT(c.official_m2, 0.9 * c.overlap.ellipsoidal_m2);
}
