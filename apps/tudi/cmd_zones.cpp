// tudi zones: development-zone evaluation, consolidation and expansion scenarios, expansion
// candidates, into zones.json, zones.xlsx and zones.gpkg. The library computes; this file parses
// options and prints.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/zones/output.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::cli {
namespace {

class ZonesCommand final : public Command {
 public:
  const char* name() const override { return "zones"; }
  const char* description() const override {
    return "Development zones: intensive-use indicators, merge/expand scenarios, expansion "
           "candidates";
  }
  void setup(CLI::App& app) override {
    project_.add_to(app);
    output_.add_to(app);
    app.add_option("--scenario", scenario_, "Scenario file (TOML): merge, expand, drop, redraw")
        ->check(CLI::ExistingFile);
    app.add_option("--candidates", candidates_,
                   "Find expansion land within DISTANCE metres around each zone")
        ->type_name("DISTANCE");  // zones::validate refuses what is not a distance above 0
    app.footer(
        "Reads zones and parcels (required) and approvals, farmland, redline, urban when\n"
        "configured (landuse too with --candidates, for built land). Writes DIR/zones.json,\n"
        "DIR/zones.xlsx and DIR/zones.gpkg (layers zones, scenario_zones, new_areas, conflicts,\n"
        "candidates); DIR defaults to the current folder. National values, expansion\n"
        "preconditions and constraint severities come from rules/zones.toml and [zones].\n"
        "The scenario format is described in gis-data/README.md.");
  }
  int run() override {
    zones::Options options;
    options.candidates = candidates_;
    // A mistyped distance or scenario is said before any layer is read.
    zones::validate(options);
    std::optional<zones::Scenario> scenario;
    if (!scenario_.empty()) scenario = zones::load_scenario(scenario_);
    const Project project = project_.load();
    project.need("zones", "zones");
    project.need("parcels", "zones");
    const zones::Settings settings = zones::load_settings(project);
    const Progress progress = terminal_progress();
    const ProjectLayers layers =
        load_layers(project, zones::roles(candidates_.has_value()), scaled(progress, 0, 0.4));

    options.scenario = scenario ? &*scenario : nullptr;
    options.progress = scaled(progress, 0.4, 0.95);
    const zones::Result result = zones::analyse(zones::inputs_from(layers), settings, options);
    zones::OutputOptions out;
    out.dir = output_.dir.empty() ? "." : output_.dir;
    out.overwrite = output_.overwrite;
    zones::write_outputs(result, out);
    report_progress(progress, 1.0, "");

    if (output_.json) {
      std::cout << zones::to_json(result).dump(2) << '\n';
    } else {
      print(result, out.dir);
    }
    return 0;
  }

 private:
  static std::string value(const zones::ZoneEval& z, zones::Ind i) {
    const zones::Indicator& ind = z[i];
    if (!ind.value) return "—";
    const zones::IndicatorDef& d = zones::def(i);
    return fmt::format("{:.{}f}{}", *ind.value, d.decimals, d.unit);
  }

  static void print_zone(const zones::ZoneEval& z) {
    using zones::Ind;
    fmt::print("  {} {}（{}，{:.2f} 公顷）\n", z.id, z.name, z.eval_type, z.area.ellipsoidal_ha());
    fmt::print("    开发率 {}  供应率 {}  建成率 {}  工业用地率 {}  综合容积率 {}\n",
               value(z, Ind::development_rate), value(z, Ind::supply_rate),
               value(z, Ind::built_rate), value(z, Ind::industrial_rate), value(z, Ind::far));
    fmt::print("    工业投入强度 {}  工业地均税收 {}  闲置率 {}  批而未供 {}\n",
               value(z, Ind::industrial_investment), value(z, Ind::industrial_tax),
               value(z, Ind::idle_rate), value(z, Ind::unsupplied_approved_area));
  }

  static void print(const zones::Result& r, const std::filesystem::path& dir) {
    fmt::print("开发区土地集约利用评价 截至 {}，{}\n", r.as_of.iso(),
               crs_sentence(r.crs.empty() ? std::string() : r.crs.label(), r.crs_why));
    for (const std::string& w : field_warnings(r.fields)) fmt::print("  提示：{}\n", w);
    for (const zones::ZoneEval& z : r.zones) print_zone(z);
    if (r.scenario) {
      fmt::print("情景：{}\n", r.scenario->name);
      for (const zones::ScenarioZone& z : r.scenario->zones) {
        if (!z.changed()) continue;
        fmt::print("  [{}]", zones::ops_text(z.ops));
        print_zone(z.eval);
        if (z.check)
          fmt::print("    新增 {:.2f} 公顷：{}\n", z.check->area.ellipsoidal_ha(),
                     z.check->conclusion);
      }
      for (const std::string& d : r.scenario->dropped) fmt::print("  [撤销] {}\n", d);
    }
    if (r.candidate_distance) {
      fmt::print("扩区候选用地（周边 {:g} 米）：{} 块\n", *r.candidate_distance,
                 r.candidates.size());
      for (const zones::Candidate& c : r.candidates)
        if (c.rank <= 3)
          fmt::print("  {} 第{}名 {:.2f} 亩 紧凑度 {:.2f}\n", c.zone, c.rank,
                     c.area.ellipsoidal_mu(), c.compactness);
    }
    for (const std::string& n : r.not_checked) fmt::print("  未检查 {}（未配置该图层）\n", n);
    for (const std::string& w : r.warnings) fmt::print("  提示：{}\n", w);
    fmt::print("输出：{}\n", (dir / "zones.{json,xlsx,gpkg}").string());
  }

  ProjectOptions project_;
  OutputOptions output_;
  std::string scenario_;
  std::optional<double> candidates_;
};

}  // namespace

std::unique_ptr<Command> make_zones() {
  return std::make_unique<ZonesCommand>();
}

}  // namespace tudi::cli
