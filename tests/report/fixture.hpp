#pragma once
// The demo report, made once per test binary: the full run (UTF-8 Shapefiles) and, from the
// same analyses, the layers written again in GBK.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

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

/// Runs `tudi report` on the demo project (with its projects and scenario) into a fresh
/// temporary folder the first time it is asked for.
inline const DemoReport& demo_report() {
  static const std::unique_ptr<DemoReport> r = [] {
    auto d = std::make_unique<DemoReport>();
    const auto root = test::scratch_dir("tudi-report-test");
    std::filesystem::remove_all(root);
    d->dir = root / "utf8";
    d->gbk_dir = root / "gbk";
    const Project project = load_project(kDemoDir / "tudi.toml");
    report::Options o;
    o.dir = d->dir;
    o.projects_file = kDemoDir / "projects.csv";
    o.scenario_file = kDemoDir / "scenario.toml";
    d->outcome = report::run(project, o);
    d->analyses = std::make_unique<report::Analyses>(report::run_analyses(project, o));
    d->layers = report::result_layers(*d->analyses);
    std::filesystem::create_directories(d->gbk_dir);
    report::write_layers(d->layers, d->gbk_dir, "GBK", false);
    return d;
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
