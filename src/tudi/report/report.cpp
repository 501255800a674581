#include "tudi/report/report.hpp"

#include <QGuiApplication>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "tudi/check/output.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/ledger/output.hpp"
#include "tudi/match/output.hpp"
#include "tudi/report/analyses.hpp"
#include "tudi/report/document.hpp"
#include "tudi/report/layers.hpp"
#include "tudi/report/manifest.hpp"
#include "tudi/report/sections.hpp"
#include "tudi/supply/output.hpp"
#include "tudi/zones/output.hpp"

namespace fs = std::filesystem;

namespace tudi::report {
/// Fonts and painting need a QGuiApplication; a command-line run has none and no screen, so
/// one is made on the offscreen platform (unless the environment names another).
void ensure_gui() {
  if (QGuiApplication::instance()) return;
  if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  static int argc = 1;
  static char name[] = "tudi";
  static char* argv[] = {name, nullptr};
  // Qt's start-up chatter (no XDG_RUNTIME_DIR on a server) is not the user's business; real
  // warnings still reach stderr.
  qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& msg) {
    if (type == QtDebugMsg || type == QtInfoMsg ||
        msg.startsWith(QStringLiteral("QStandardPaths:")))
      return;
    std::fprintf(stderr, "tudi: Qt: %s\n", msg.toLocal8Bit().constData());
  });
  static std::unique_ptr<QGuiApplication> app = std::make_unique<QGuiApplication>(argc, argv);
}

namespace {

/// The workbook: every analysis's sheets, prefixed with the analysis, then the Shapefile
/// field names.
std::vector<output::Table> workbook(const Analyses& a, const output::Table& field_names) {
  std::vector<output::Table> sheets;
  auto add = [&](std::vector<output::Table> tables, const std::string& prefix) {
    for (output::Table& t : tables) {
      t.title = prefix + "·" + t.title;
      sheets.push_back(std::move(t));
    }
  };
  if (a.check) add(check::to_tables(*a.check), "核查");
  if (a.supply) add(supply::to_tables(*a.supply), "供地");
  if (a.match) add(match::to_tables(*a.match), "匹配");
  if (a.zones) add(zones::to_tables(*a.zones), "开发区");
  if (a.ledger) add(ledger::to_tables(*a.ledger), "台账");
  sheets.push_back(field_names);
  return sheets;
}

}  // namespace

Outcome run(const Project& project, const Options& options) {
  const auto start = std::chrono::system_clock::now();
  ensure_gui();
  io::normalise_encoding(options.encoding);  // a UsageError before anything is read
  if (options.dir.empty()) throw UsageError("-o", "name an output folder");
  // Last week's report in the folder is refused before the analyses run, not after; the files
  // named by the analyses (shp/, 界址点/) are checked with the rest when the set is written.
  io::refuse_existing({options.dir / "report.pdf", options.dir / "report.xlsx",
                       options.dir / "results.gpkg", options.dir / "manifest.json"},
                      options.overwrite);
  io::make_output_folder(options.dir);

  Outcome outcome;
  const Analyses a = run_analyses(project, options);
  outcome.skipped = a.skipped;
  report_progress(options.progress, 0.9, "写出图层");
  const std::vector<ResultLayer> results = result_layers(a);
  LayerFiles files = write_layers(results, options.dir, options.encoding, options.overwrite,
                                  title_and_organisation(project).second);
  outcome.written = files.written;

  output::write_xlsx(workbook(a, files.field_names), options.dir / "report.xlsx", options.overwrite);
  outcome.written.push_back(options.dir / "report.xlsx");

  report_progress(options.progress, 0.93, "绘制报告");
  // The PDF's provenance page shows the manifest as it stands before the PDF itself.
  nlohmann::json record = manifest(project, options, a, start);
  const Document doc = build_document(project, a, results, provenance_table(record));
  outcome.pages = write_pdf(doc, options.dir / "report.pdf", options.overwrite);
  outcome.written.push_back(options.dir / "report.pdf");

  const auto end = std::chrono::system_clock::now();
  const fs::path manifest_path = options.dir / "manifest.json";
  close_manifest(record, start, end, outcome.written);
  output::write_json(record.dump(2), manifest_path, options.overwrite);
  outcome.written.push_back(manifest_path);
  outcome.seconds = std::chrono::duration<double>(end - start).count();
  report_progress(options.progress, 1.0, "");
  return outcome;
}

}  // namespace tudi::report
