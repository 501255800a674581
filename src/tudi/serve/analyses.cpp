#include "tudi/serve/analyses.hpp"

#include <cmath>
#include <set>

#include "tudi/check/check.hpp"
#include "tudi/check/output.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/zip.hpp"
#include "tudi/ledger/ledger.hpp"
#include "tudi/ledger/output.hpp"
#include "tudi/match/match.hpp"
#include "tudi/match/output.hpp"
#include "tudi/report/layers.hpp"
#include "tudi/report/report.hpp"
#include "tudi/output/table.hpp"
#include "tudi/serve/workspace.hpp"
#include "tudi/supply/output.hpp"
#include "tudi/supply/supply.hpp"
#include "tudi/zones/output.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::serve {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// The result layers as GeoJSON for the map, when they are small enough to send.
json layers_json(const std::vector<Layer>& layers) {
  json out = json::object();
  for (const Layer& l : layers) {
    if (l.features.size() > kVectorLimit) continue;
    bool any_geometry = false;
    for (const Feature& f : l.features) any_geometry = any_geometry || f.geometry;
    if (any_geometry) out[l.name] = layer_geojson(l);
  }
  return out;
}

}  // namespace

Layer site_layer(const Workspace& ws, const Site& site) {
  const std::string where = "绘制范围";
  if (site.ring.size() > 20000) throw Error(where, "顶点过多（上限 20000 个）");
  std::vector<std::pair<double, double>> ring;
  for (const auto& [x, y] : site.ring) {
    if (!std::isfinite(x) || !std::isfinite(y)) throw Error(where, "坐标不是有限数值");
    if (ring.empty() || ring.back() != std::make_pair(x, y)) ring.emplace_back(x, y);
  }
  if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
  std::set<std::pair<double, double>> distinct(ring.begin(), ring.end());
  if (distinct.size() < 3) throw Error(where, "至少需要 3 个不同的顶点");
  // A site must lie where the project's layers are; coordinates elsewhere are a mistake
  // (degrees instead of metres, another zone).
  const TileGrid& g = ws.grid();
  for (const auto& [x, y] : ring)
    if (x < g.origin_x - g.size || x > g.origin_x + 2 * g.size || y > g.origin_y + g.size ||
        y < g.origin_y - 2 * g.size)
      throw Error(where, "坐标不在项目范围内（应为 " + ws.crs().label() + " 坐标，单位米）");
  ring.push_back(ring.front());
  Layer l;
  l.name = "绘制范围";
  l.source = where;
  l.role = "proposals";
  l.crs = ws.crs();
  l.source_crs = ws.crs();
  l.fields = {{"XMBH", FieldType::String}, {"XMMC", FieldType::String}};
  l.mapping = {{"id", "XMBH"}, {"name", "XMMC"}};
  Feature f;
  f.fid = 1;
  f.geometry = geom::polygon({ring});
  f.values = {std::string("HZ-1"), site.name};
  l.features.push_back(std::move(f));
  return l;
}

std::vector<Layer> read_uploaded_proposals(const Workspace& ws, const fs::path& file) {
  io::LayerSource src;
  src.source = file.string();
  src.role = "proposals";
  return check::read_proposals({src}, ws.crs());
}

std::shared_ptr<const check::Result> check_proposals(const Workspace& ws, std::vector<Layer> proposals,
                                                     const std::string& category,
                                                     const Progress& progress) {
  check::Inputs in;
  in.crs = ws.crs();
  in.proposals = std::move(proposals);
  for (const std::string& role : check::kRoles) {
    if (const Layer* l = ws.layer(role)) {
      check::Control c;
      c.layer = l;
      in.controls[role] = c;
    } else {
      in.unchecked[role] = "项目未配置该图层";
    }
  }
  check::Options opt;
  opt.category = category;
  opt.threads = 1;  // the server runs several jobs at once; each takes one core
  opt.progress = progress;
  return std::make_shared<const check::Result>(check::analyse(in, ws.check_rules(), opt));
}

json check_answer(const check::Result& r) {
  json out = check::to_json(r);
  out["layers"] = layers_json(check::to_layers(r));
  return out;
}

void write_check(const check::Result& r, const fs::path& dir) {
  check::OutputOptions wo;
  wo.dir = dir;
  wo.overwrite = true;
  check::write_outputs(r, wo);
}

json run_check(const Workspace& ws, std::vector<Layer> proposals, const std::string& category,
               const fs::path& dir, const Progress& progress) {
  const auto r = check_proposals(ws, std::move(proposals), category, scaled(progress, 0, 0.6));
  report_progress(progress, 0.6, "写出结果");
  write_check(*r, dir);
  report_progress(progress, 0.95, "整理结果");
  return check_answer(*r);
}

json run_supply(const Workspace& ws, const fs::path& dir, const Progress& progress) {
  const Layer* parcels = ws.layer("parcels");
  if (!parcels) throw Error(ws.project().file.string(), "项目未配置供地地块图层（parcels），无法进行供地分析");
  const supply::Result r = supply::analyse(supply::inputs_from(ws.project_layers()),
                                           supply::load_settings(ws.project()), {scaled(progress, 0, 0.7)});
  supply::OutputOptions oo;
  oo.dir = dir;
  oo.overwrite = true;
  supply::write_outputs(r, *parcels, oo);
  json out = supply::to_json(r);
  out["layers"] = layers_json(supply::to_layers(r, *parcels));
  return out;
}

json run_match(const Workspace& ws, const fs::path& projects, const fs::path& dir,
               const Progress& progress) {
  const Layer* parcels = ws.layer("parcels");
  if (!parcels) throw Error(ws.project().file.string(), "项目未配置供地地块图层（parcels），无法进行项目匹配");
  match::Options mo;
  mo.progress = scaled(progress, 0, 0.8);
  const match::Result r = match::run(ws.project(), ws.project_layers(), projects, mo);
  match::OutputOptions oo;
  oo.dir = dir;
  oo.overwrite = true;
  match::write_outputs(r, *parcels, oo);
  json out = match::to_json(r);
  out["summary_text"] = match::summary_text(r);
  out["layers"] = layers_json(match::to_layers(r, *parcels));
  return out;
}

json run_zones(const Workspace& ws, const fs::path& scenario, const fs::path& dir,
               const Progress& progress) {
  if (!ws.layer("zones") || !ws.layer("parcels"))
    throw Error(ws.project().file.string(), "开发区评价需要开发区（zones）和供地地块（parcels）图层");
  zones::Options opt;
  std::optional<zones::Scenario> sc;
  if (!scenario.empty()) {
    sc = zones::load_scenario(scenario);
    opt.scenario = &*sc;
  }
  opt.progress = scaled(progress, 0, 0.8);
  const zones::Result r =
      zones::analyse(zones::inputs_from(ws.project_layers()), zones::load_settings(ws.project()), opt);
  zones::OutputOptions oo;
  oo.dir = dir;
  oo.overwrite = true;
  zones::write_outputs(r, oo);
  json out = zones::to_json(r);
  out["layers"] = layers_json(zones::to_layers(r));
  return out;
}

json run_ledger(const Workspace& ws, const fs::path& dir, const Progress& progress) {
  const Project& project = ws.project();
  if (!project.sections.count("ledger"))
    throw Error(project.file.string(), "项目未配置 [ledger] 台账文件，无法进行台账分析");
  std::optional<supply::Result> sup;
  if (ws.layer("parcels"))
    sup = supply::analyse(supply::inputs_from(ws.project_layers()), supply::load_settings(project),
                          {scaled(progress, 0, 0.3)});
  ledger::Options opt;
  opt.progress = scaled(progress, 0.3, 0.9);
  const ledger::Result r = ledger::run(project, ws.project_layers(), sup ? &*sup : nullptr, opt);
  const json out = ledger::to_json(r);
  std::vector<report::ResultLayer> layers;
  layers.push_back(report::ledger_result_layer(r, ws.layer("parcels"), ws.layer("proposals")));
  report::write_styled_outputs(dir, "ledger", out.dump(2), ledger::to_tables(r), layers, true);
  json answer = out;
  answer["layers"] = json::object();
  if (layers[0].layer.features.size() <= kVectorLimit)
    answer["layers"]["ledger_projects"] = layer_geojson(layers[0].layer);
  return answer;
}

void zip_folders(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_directory()) continue;
    std::vector<std::pair<fs::path, std::string>> files;
    for (const auto& f : fs::recursive_directory_iterator(e.path()))
      if (f.is_regular_file())
        files.emplace_back(f.path(), fs::relative(f.path(), e.path()).generic_string());
    if (!files.empty()) io::write_zip(dir / (e.path().filename().string() + ".zip"), files);
  }
}

json run_report(const Workspace& ws, const ReportInput& in, const fs::path& dir,
                const Progress& progress) {
  Project project = ws.project();
  if (!in.proposals.empty()) {
    io::LayerSource src;
    src.source = in.proposals.string();
    src.layer = "proposals";
    src.role = "proposals";
    project.layers["proposals"] = src;
  }
  report::Options opt;
  opt.dir = dir;
  opt.projects_file = in.projects;
  opt.scenario_file = in.scenario;
  opt.encoding = in.encoding;
  opt.overwrite = true;
  opt.progress = scaled(progress, 0, 0.9);
  const report::Outcome o = report::run(project, opt);
  report_progress(progress, 0.9, "打包下载文件");
  zip_folders(dir);
  json written = json::array();
  for (const fs::path& p : o.written) written.push_back(fs::relative(p, dir).generic_string());
  return {{"pages", o.pages}, {"seconds", o.seconds}, {"skipped", o.skipped}, {"written", written}};
}

}  // namespace tudi::serve
