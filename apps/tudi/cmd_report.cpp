// tudi report: every configured analysis, then report.pdf, report.xlsx, results.gpkg (QGIS
// styles inside), Shapefiles with .qml, 界址点 TXT and manifest.json in one folder.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/report/report.hpp"

namespace tudi::cli {
namespace {

class ReportCommand final : public Command {
 public:
  const char* name() const override { return "report"; }
  const char* description() const override {
    return "Run every configured analysis and write the report: PDF with maps and tables, "
           "Excel workbook, styled GeoPackage and Shapefiles, manifest (留痕)";
  }
  void setup(CLI::App& app) override {
    project_.add_to(app);
    output_.add_to(app);
    what_.add_to(app);
    app.add_option("--projects", projects_, "Projects file for matching (.csv or .xlsx)")
        ->check(CLI::ExistingFile);
    app.add_option("--scenario", scenario_, "Development-zone scenario (TOML)")
        ->check(CLI::ExistingFile);
    app.add_option("--ledger", ledger_, "Project ledger (.csv or .xlsx); default [ledger] file")
        ->check(CLI::ExistingFile);
    app.footer(
        "Writes into DIR: report.pdf, report.xlsx, results.gpkg (styles in layer_styles),\n"
        "shp/<layer>.shp with .prj/.cpg/.qml in --encoding, 界址点/<proposal>.txt and\n"
        "manifest.json. Analyses run when the project configures their layers: check\n"
        "(proposals), supply (parcels), match (parcels and --projects), zones (zones, parcels),\n"
        "ledger (--ledger or the project's [ledger] file).");
  }
  int run() override {
    if (project_.config.empty()) throw UsageError("", "name a project with -c tudi.toml");
    if (output_.dir.empty()) throw UsageError("", "name an output folder with -o DIR");
    const Project project = project_.load();
    report::Options o;
    o.dir = output_.dir;
    o.projects_file = projects_;
    o.scenario_file = scenario_;
    o.ledger_file = ledger_;
    o.encoding = output_.encoding;
    o.category = what_.category;
    o.activity = what_.activity;
    o.major = what_.major;
    o.overwrite = output_.overwrite;
    o.progress = terminal_progress();
    const report::Outcome out = report::run(project, o);
    if (output_.json) {
      nlohmann::json j = {{"pages", out.pages}, {"seconds", out.seconds}, {"skipped", out.skipped}};
      for (const auto& p : out.written) j["written"].push_back(p.string());
      std::cout << j.dump(2) << '\n';
      return 0;
    }
    for (const std::string& s : out.skipped) fmt::print("未运行 {}\n", s);
    fmt::print("报告 {}（{} 页），共写出 {} 个文件，用时 {:.1f} 秒\n",
               (o.dir / "report.pdf").string(), out.pages, out.written.size(), out.seconds);
    return 0;
  }

 private:
  ProjectOptions project_;
  OutputOptions output_;
  ProposalOptions what_;
  std::string projects_, scenario_, ledger_;
};

}  // namespace

std::unique_ptr<Command> make_report() { return std::make_unique<ReportCommand>(); }

}  // namespace tudi::cli
