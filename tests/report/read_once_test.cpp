// Read once: the report's analyses on the demo read each configured source's features exactly
// once (counted by the readers) and run the supply analysis once, whatever check, supply,
// match, zones and the ledger need.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "test_config.hpp"
#include "tudi/io/jzd.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/project/project.hpp"
#include "tudi/report/analyses.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::report {
namespace {

Options demo_options() {
  Options o;
  o.projects_file = test::kDemoDir / "projects.csv";
  o.scenario_file = test::kDemoDir / "scenario.toml";
  return o;
}

/// Reads per source since `before`.
std::map<std::string, int> reads_since(const std::map<std::string, int>& before) {
  std::map<std::string, int> reads = io::read_counts();
  for (const auto& [key, n] : before) reads[key] -= n;
  return reads;
}

TEST(ReadOnce, ReportAnalysesReadEachDemoLayerOnceAndRunSupplyOnce) {
  const Project project = load_project(test::kDemoDir / "tudi.toml");
  const std::map<std::string, int> before = io::read_counts();
  const int supply_before = supply::analyse_runs();
  const Analyses a = run_analyses(project, demo_options());
  ASSERT_TRUE(a.check && a.supply && a.match && a.zones && a.ledger);
  const std::map<std::string, int> reads = reads_since(before);
  for (const auto& [role, src] : project.layers) {
    const std::string key = src.layer.empty() ? src.source : src.source + ":" + src.layer;
    EXPECT_EQ(reads.at(key), 1) << role << " (" << key << ") read " << reads.at(key) << " times";
  }
  // Before: once for supply and again inside zones (match and the ledger already took it).
  EXPECT_EQ(supply::analyse_runs() - supply_before, 1);
}

TEST(ReadOnce, ProposalsFromATxtFolderReadEachFileOnce) {
  Project project = load_project(test::kDemoDir / "tudi.toml");
  const std::filesystem::path folder = test::kDemoDir / "proposals_txt";
  project.layers.at("proposals").source = folder.string();
  const std::map<std::string, int> before = io::read_counts();
  const Analyses a = run_analyses(project, demo_options());
  ASSERT_TRUE(a.check);
  const std::map<std::string, int> reads = reads_since(before);
  const auto files = io::jzd::txt_files(folder);
  ASSERT_FALSE(files.empty());
  for (const std::filesystem::path& f : files) {
    const auto it = reads.find(f.string());
    ASSERT_NE(it, reads.end()) << f << " not read";
    EXPECT_EQ(it->second, 1) << f << " read " << it->second << " times";
  }
}

}  // namespace
}  // namespace tudi::report
