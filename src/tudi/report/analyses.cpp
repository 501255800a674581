#include "tudi/report/analyses.hpp"

#include "tudi/check/check.hpp"
#include "tudi/core/error.hpp"

namespace tudi::report {

const std::vector<std::string>& report_roles() {
  static const std::vector<std::string> roles = {"urban",   "zones",     "farmland", "redline",
                                                 "landuse", "parcels",   "approvals"};
  return roles;
}

Analyses run_analyses(const Project& project, const Options& options) {
  const Progress& progress = options.progress;
  Analyses a;
  // A mistyped scenario is said before the layers are read, not after.
  if (!options.scenario_file.empty()) a.scenario = zones::load_scenario(options.scenario_file);
  // Each source is read once, here, and every analysis takes its inputs from this one set.
  a.layers = load_layers(project, report_roles(), scaled(progress, 0, 0.25));

  if (project.has("proposals")) {
    // Proposals are read the check's way (not repaired: invalid ones are reported), and that
    // one reading serves the ledger and the base maps too.
    std::vector<Layer> proposals =
        check::read_proposals({project.need("proposals", "check")}, a.layers.crs);
    if (proposals.size() == 1) {
      Layer copy = proposals.front().clone();
      copy.role = "proposals";
      a.layers.layers.emplace("proposals", std::move(copy));
    }
    check::Options co;
    co.category = options.category;
    co.activity = options.activity;
    co.major = options.major;
    co.progress = scaled(progress, 0.25, 0.45);
    a.check = check::run(project, a.layers, std::move(proposals), co);
  } else {
    a.skipped.push_back("三线核查：项目文件未配置拟建项目图层（proposals）");
  }

  if (project.has("parcels")) {
    const supply::Settings settings = supply::load_settings(project);
    a.supply = supply::analyse(supply::inputs_from(a.layers), settings, {scaled(progress, 0.45, 0.6)});
  } else {
    a.skipped.push_back("土地供应：项目文件未配置供地地块图层（parcels）");
  }

  if (!options.projects_file.empty() && project.has("parcels")) {
    // Readiness is supply's, computed once above.
    match::Options mo;
    mo.progress = scaled(progress, 0.6, 0.8);
    a.match = match::run(project, a.layers, *a.supply, options.projects_file, mo);
  } else {
    a.skipped.push_back(options.projects_file.empty()
                            ? "项目匹配：未给出项目清单（--projects）"
                            : "项目匹配：项目文件未配置供地地块图层（parcels）");
  }

  // The ledger joins what supply found (never recomputed) and checks its projects' land.
  std::filesystem::path ledger_file = options.ledger_file;
  if (ledger_file.empty() && project.sections.count("ledger"))
    ledger_file = ledger::load_settings(project).file;
  if (!ledger_file.empty()) {
    ledger::Options lo;
    lo.file = ledger_file;
    lo.progress = scaled(progress, 0.58, 0.6);
    a.ledger = ledger::run(project, a.layers, a.supply ? &*a.supply : nullptr, lo);
  } else {
    a.skipped.push_back("项目台账：未给出台账（--ledger 或项目文件 [ledger] file）");
  }

  if (project.has("zones") && project.has("parcels")) {
    const zones::Settings settings = zones::load_settings(project);
    zones::Options zo;
    if (a.scenario) zo.scenario = &*a.scenario;
    zo.progress = scaled(progress, 0.8, 0.9);
    zones::Inputs zin = zones::inputs_from(a.layers);
    zin.supply = a.supply ? &*a.supply : nullptr;  // parcel states as supply found them, once
    a.zones = zones::analyse(zin, settings, zo);
  } else {
    a.skipped.push_back("开发区评价：项目文件未配置开发区（zones）或供地地块（parcels）图层");
  }

  if (!a.check && !a.supply && !a.match && !a.zones && !a.ledger)
    throw UsageError(project.file.string(),
                     "nothing to report: configure proposals, parcels or zones in the project file");
  return a;
}

}  // namespace tudi::report
