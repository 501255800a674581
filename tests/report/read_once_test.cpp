// Read once: the report's analyses on the demo read each configured source's features exactly
// once (counted by the readers), whatever check, supply, match, zones and the ledger need.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "test_config.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/project/project.hpp"
#include "tudi/report/analyses.hpp"

namespace tudi::report {
namespace {

TEST(ReadOnce, ReportAnalysesReadEachDemoLayerOnce) {
  const Project project = load_project(test::kDemoDir / "tudi.toml");
  Options o;
  o.projects_file = test::kDemoDir / "projects.csv";
  o.scenario_file = test::kDemoDir / "scenario.toml";
  const std::map<std::string, int> before = io::read_counts();
  const Analyses a = run_analyses(project, o);
  ASSERT_TRUE(a.check && a.supply && a.match && a.zones && a.ledger);
  std::map<std::string, int> reads = io::read_counts();
  for (const auto& [key, n] : before) reads[key] -= n;
  for (const auto& [role, src] : project.layers) {
    const std::string key = src.layer.empty() ? src.source : src.source + ":" + src.layer;
    EXPECT_EQ(reads[key], 1) << role << " (" << key << ") read " << reads[key] << " times";
  }
}

}  // namespace
}  // namespace tudi::report
