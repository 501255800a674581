#pragma once
// `tudi report`: every configured analysis run once, then the documents a bureau hands on —
// report.pdf (maps and tables), report.xlsx, results.gpkg with QGIS styles, Shapefiles with
// .prj/.cpg/.qml, 界址点 TXT per proposal, and manifest.json (留痕). The command line only
// parses options and prints what this returns.

#include <filesystem>
#include <string>
#include <vector>

#include "tudi/core/progress.hpp"

namespace tudi {
struct Project;
}

namespace tudi::report {

struct Options {
  std::filesystem::path dir;           // output folder, created when missing
  std::filesystem::path projects_file; // projects for matching (.csv/.xlsx); empty = no matching
  std::filesystem::path scenario_file; // zones scenario (TOML); empty = current zones only
  std::filesystem::path ledger_file;   // project ledger; empty = the project's [ledger] file, if any
  std::string encoding = "UTF-8";      // Shapefile and TXT text: "UTF-8" or "GBK"
  bool overwrite = false;
  Progress progress;
};

/// What a run wrote and how long it took.
struct Outcome {
  std::vector<std::filesystem::path> written;  // every output file, manifest.json last
  int pages = 0;                               // of report.pdf
  double seconds = 0;
  std::vector<std::string> skipped;            // "项目匹配：未给出 --projects"
};

/// Runs every configured analysis of the project (三线核查 with proposals, 土地供应 with parcels,
/// 项目匹配 with a projects file, 开发区评价 with zones and parcels) and writes the outputs
/// into options.dir, each file atomically. Throws tudi::Error naming the file for bad input,
/// tudi::UsageError when the project configures nothing to report on. Creates an offscreen
/// QGuiApplication when none exists.
Outcome run(const Project& project, const Options& options);

/// Makes an offscreen QGuiApplication when none exists (fonts and painting need one). A server
/// calls it on its main thread before any thread draws.
void ensure_gui();

}  // namespace tudi::report
