#pragma once
// The demo report, made once per ctest run (a CTest fixture) or, run alone, once per test
// binary: the full run with UTF-8 Shapefiles and the layers in GBK.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "test_config.hpp"
#include "tudi/project/project.hpp"
#include "tudi/report/analyses.hpp"
#include "tudi/report/layers.hpp"
#include "tudi/report/report.hpp"

namespace tudi::test {

struct DemoReport {
  std::filesystem::path dir, gbk_dir;
  report::Outcome outcome;
  std::unique_ptr<report::Analyses> analyses;
  std::vector<report::ResultLayer> layers;
};

/// Runs the demo report in this process (report::run) into a fresh temporary folder.
inline std::unique_ptr<DemoReport> make_demo_report() {
  auto d = std::make_unique<DemoReport>();
  const Project project = load_project(kDemoDir / "tudi.toml");
  report::Options o;
  o.projects_file = kDemoDir / "projects.csv";
  o.scenario_file = kDemoDir / "scenario.toml";
  const auto root = test::scratch_dir("tudi-report-test");
  std::filesystem::remove_all(root);
  d->dir = root / "utf8";
  d->gbk_dir = root / "gbk";
  o.dir = d->dir;
  d->outcome = report::run(project, o);
  d->analyses = std::make_unique<report::Analyses>(report::run_analyses(project, o));
  d->layers = report::result_layers(*d->analyses);
  std::filesystem::create_directories(d->gbk_dir);
  report::write_layers(d->layers, d->gbk_dir, "GBK", false);
  return d;
}

/// The demo report: under ctest, the one report.demo_fixture made for the whole run
/// (TUDI_DEMO_REPORT names its folder: utf8/, gbk/ and their --json outcomes), with the
/// analyses and result layers computed again in memory (cheap beside the PDF); run alone, the
/// test binary makes it itself in a fresh temporary folder the first time it is asked for.
inline const DemoReport& demo_report() {
  static const std::unique_ptr<DemoReport> r = [] {
    auto d = std::make_unique<DemoReport>();
    const Project project = load_project(kDemoDir / "tudi.toml");
    report::Options o;
    o.projects_file = kDemoDir / "projects.csv";
    o.scenario_file = kDemoDir / "scenario.toml";
    if (const char* made = std::getenv("TUDI_DEMO_REPORT"); made && *made) {
      const std::filesystem::path root = made;
      d->dir = root / "utf8";
      d->gbk_dir = root / "gbk";
      std::ifstream in(root / "utf8.json");
      const nlohmann::json j = nlohmann::json::parse(in);  // throws when the fixture did not run
      d->outcome.pages = j.at("pages").get<int>();
      for (const auto& w : j.at("written")) d->outcome.written.emplace_back(w.get<std::string>());
      d->analyses = std::make_unique<report::Analyses>(report::run_analyses(project, o));
      d->layers = report::result_layers(*d->analyses);
      return d;
    }
    return make_demo_report();
  }();
  return *r;
}

/// A command's standard output (stderr left alone), or "" when it cannot start.
inline std::string command_output(const std::string& cmd) {
  std::string out;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    pclose(f);
  }
  return out;
}

}  // namespace tudi::test
