// tudi ledger: the major-project ledger (项目台账) with 红灯/黄灯 warnings, 承诺制 reviews and
// 要素保障, into ledger.json, ledger.xlsx and ledger.gpkg. The library judges; this file parses
// options, writes and prints.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "command.hpp"
#include "tudi/ledger/ledger.hpp"
#include "tudi/ledger/output.hpp"
#include "tudi/project/project.hpp"
#include "tudi/report/layers.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::cli {
namespace {

class LedgerCommand final : public Command {
 public:
  const char* name() const override { return "ledger"; }
  const char* description() const override {
    return "Major-project ledger: 红灯/黄灯 warnings by node, control line, idle land and "
           "承诺制 commitment; exit 3 when any light is red";
  }
  void setup(CLI::App& app) override {
    project_.add_to(app);
    app.add_option("--ledger", ledger_, "The ledger (.csv or .xlsx); default [ledger] file")
        ->check(CLI::ExistingFile);
    output_.add_to(app);
    app.footer(
        "Reads the ledger (one row per project, Chinese headers: 项目编号, 项目名称, 责任单位,\n"
        "地块编号, <节点>计划日期 / <节点>完成日期 …; see gis-data/README.md) and joins it by\n"
        "地块编号 to the parcels and proposals layers, the supply inventory and the three-line\n"
        "check. Rules come from rules/ledger.toml and the [ledger] section. Writes\n"
        "DIR/ledger.json, DIR/ledger.xlsx and DIR/ledger.gpkg (layer ledger_projects, styled);\n"
        "DIR defaults to the current folder. Exit 3 when any project's light is red.");
  }
  int run() override {
    const Project project = project_.load();
    ledger::Options options;
    options.file = ledger_;
    const Progress progress = terminal_progress();
    options.progress = scaled(progress, 0, 0.95);
    const ledger::ProjectRun run = ledger::run_project(project, options);
    const ledger::Result& result = run.result;
    const ProjectLayers& layers = run.layers;

    const nlohmann::json json = ledger::to_json(result);
    const std::filesystem::path dir = output_.dir.empty() ? "." : output_.dir;
    std::vector<report::ResultLayer> out_layers;
    out_layers.push_back(report::ledger_result_layer(result, layers.find("parcels"), layers.find("proposals")));
    report::write_styled_outputs(dir, "ledger", json.dump(2), ledger::to_tables(result), out_layers,
                                 output_.overwrite);
    report_progress(progress, 1.0, "");
    if (output_.json) {
      std::cout << json.dump(2) << '\n';
    } else {
      print(result, dir);
    }
    return result.any_red() ? 3 : 0;
  }

 private:
  static void print(const ledger::Result& r, const std::filesystem::path& dir) {
    fmt::print("项目台账 截至 {}：{} 个项目，红灯 {}，黄灯 {}，绿灯 {}{}\n", r.as_of.iso(),
               r.projects.size(), r.count(ledger::Light::red), r.count(ledger::Light::yellow),
               r.count(ledger::Light::green),
               r.crs.empty() ? std::string() : "；" + crs_sentence(r.crs, r.crs_why));
    for (const std::string& w : field_warnings(r.fields)) fmt::print("  提示：{}\n", w);
    for (const ledger::ProjectStatus& p : r.projects) {
      if (p.light == ledger::Light::green) continue;
      fmt::print("  {} {} {}（{}）\n", ledger::label(p.light), p.id, p.name, p.department);
      for (const ledger::Warning& w : p.warnings)
        fmt::print("    {} {}\n", ledger::label(w.level), w.text);
    }
    for (const ledger::Problem& pr : r.problems) fmt::print("  数据问题 {}：{}\n", pr.where, pr.text);
    for (const std::string& n : r.not_checked) fmt::print("  未关联 {}（未配置该图层）\n", n);
    fmt::print("输出：{}\n", (dir / "ledger.{json,xlsx,gpkg}").string());
  }

  ProjectOptions project_;
  OutputOptions output_;
  std::string ledger_;
};

}  // namespace

std::unique_ptr<Command> make_ledger() {
  return std::make_unique<LedgerCommand>();
}

}  // namespace tudi::cli
