// tudi supply: the land-supply inventory (熟地, 闲置土地, 批而未供, 低效用地) into supply.json,
// supply.xlsx and supply.gpkg. The library computes; this file parses options and writes.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
#include "tudi/project/project.hpp"
#include "tudi/supply/output.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::cli {
namespace {

class SupplyCommand final : public Command {
 public:
  const char* name() const override { return "supply"; }
  const char* description() const override {
    return "Land-supply inventory: ready land, idle land, 批而未供 and 供地率, 低效用地";
  }
  void setup(CLI::App& app) override {
    project_.add_to(app);
    output_.add_to(app);
    app.footer(
        "Reads the parcels layer (required) and approvals, redline, farmland, urban, zones when\n"
        "configured. Writes DIR/supply.json, DIR/supply.xlsx and DIR/supply.gpkg (layers\n"
        "ready_parcels, idle_parcels, unsupplied_approved, inefficient_land); DIR defaults to\n"
        "the current folder. Thresholds come from rules/supply.toml and the [supply] section.");
  }
  int run() override {
    const Project project = project_.load();
    project.need("parcels", "supply");
    const supply::Settings settings = supply::load_settings(project);
    const Progress progress = terminal_progress();
    const ProjectLayers layers = load_layers(project, supply::kRoles, scaled(progress, 0, 0.5));
    const supply::Inputs in = supply::inputs_from(layers);
    const supply::Result result = supply::analyse(in, settings, {scaled(progress, 0.5, 0.95)});

    supply::OutputOptions out;
    out.dir = output_.dir.empty() ? "." : output_.dir;
    out.overwrite = output_.overwrite;
    out.encoding = output_.encoding;
    supply::write_outputs(result, *in.parcels, out);
    const nlohmann::json json = supply::to_json(result);
    report_progress(progress, 1.0, "");
    const std::filesystem::path dir = out.dir;

    if (output_.json) {
      std::cout << json.dump(2) << '\n';
    } else {
      print(json, result.fields, dir);
    }
    return 0;
  }

 private:
  /// Pads to `width` terminal columns, counting CJK characters (3-byte UTF-8) as two.
  static std::string pad(const std::string& s, int width) {
    return s + std::string(static_cast<std::size_t>(std::max(0, width - display_width(s))), ' ');
  }

  static void print(const nlohmann::json& j, const FieldReports& fields,
                    const std::filesystem::path& dir) {
    const auto& t = j["totals"];
    fmt::print("土地供应盘点 截至 {}，{}\n", j["as_of"].get<std::string>(),
               crs_sentence(j["crs"].get<std::string>(), j.value("crs_why", std::string())));
    for (const std::string& w : field_warnings(fields)) fmt::print("  提示：{}\n", w);
    auto line = [](const std::string& what, const nlohmann::json& e) {
      fmt::print("  {} {:>5} 宗 {:>12.4f} 亩\n", pad(what, 24), e["count"].get<int>(),
                 e["area"]["mu"].get<double>());
    };
    using supply::IdleState;
    using supply::ReadinessLevel;
    for (ReadinessLevel l :
         {ReadinessLevel::standard, ReadinessLevel::ready, ReadinessLevel::not_ready})
      line(std::string("未供：") + supply::label(l), t["readiness"][supply::code(l)]);
    line("已供", t["supplied"]);
    for (IdleState s : {IdleState::idle_2y, IdleState::idle_1y, IdleState::idle_suspended,
                        IdleState::government_cause, IdleState::warning, IdleState::unknown})
      line(std::string("已供：") + supply::label(s), t["idle"][supply::code(s)]);
    line("供而未用（已供未动工）", t["unused"]);
    line("低效用地", t["inefficient"]);
    fmt::print("  {} {:.2f} 万元\n", pad("土地闲置费合计", 24), t["idle_fee"].get<double>());
    if (!j["batches"].empty())
      fmt::print("  批而未供 {:.4f} 亩（{} 个批次，批准 {:.4f} 亩，撤回/核减 {:.4f} 亩）\n",
                 t["approved_unsupplied"]["mu"].get<double>(), j["batches"].size(),
                 t["approved"]["mu"].get<double>(), t["approved_withdrawn"]["mu"].get<double>());
    if (!j["supply_rate"].is_null()) {
      const auto& r = j["supply_rate"];
      fmt::print("  {}：{} 个批次，供地率 {:.2f}%，{} {:g}% 的要求\n",
                 r["basis"].get<std::string>(), r["batches"].get<int>(),
                 r["rate"].get<double>() * 100, r["meets"].get<bool>() ? "达到" : "低于",
                 r["line"].get<double>() * 100);
    }
    for (const auto& n : j["not_checked"])
      fmt::print("  未检查 {}（未配置该图层）\n", n.get<std::string>());
    for (const auto& w : j["warnings"]) fmt::print("  提示：{}\n", w.get<std::string>());
    fmt::print("输出：{}\n", (dir / "supply.{json,xlsx,gpkg}").string());
  }

  ProjectOptions project_;
  OutputOptions output_;
};

}  // namespace

std::unique_ptr<Command> make_supply() {
  return std::make_unique<SupplyCommand>();
}

}  // namespace tudi::cli
