#pragma once
// The analyses as the server runs them: each takes the shared workspace, calls the library's
// own entry point, writes the module's usual outputs into the job's folder and returns the
// module's JSON with the result layers as GeoJSON. Nothing is computed here.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/core/progress.hpp"

namespace tudi::check {
struct Result;
}

namespace tudi::serve {

class Workspace;

/// A site drawn in the browser: one outer ring in the working CRS.
struct Site {
  std::vector<std::pair<double, double>> ring;
  std::string name = "绘制范围";
};

/// The drawn site as a proposals layer in the working CRS. Throws tudi::Error for a ring with
/// fewer than 3 distinct points, non-finite coordinates, more than 20000 vertices or a ring far
/// outside the project's extent.
Layer site_layer(const Workspace& ws, const Site& site);

/// 三线核查 of `proposals` against the workspace's control lines; `category` (may be empty)
/// overrides the proposals' own. The result alone: no file is written.
std::shared_ptr<const check::Result> check_proposals(const Workspace& ws, std::vector<Layer> proposals,
                                                     const std::string& category,
                                                     const Progress& progress);
/// The browser's answer: check.json's document with the result layers as GeoJSON.
nlohmann::json check_answer(const check::Result& r);
/// check.json, check.xlsx and overlaps.gpkg into dir.
void write_check(const check::Result& r, const std::filesystem::path& dir);
/// check_proposals, write_check and check_answer in one (a long job).
nlohmann::json run_check(const Workspace& ws, std::vector<Layer> proposals,
                         const std::string& category, const std::filesystem::path& dir,
                         const Progress& progress);
/// Reads uploaded proposals (a 界址点 TXT, GeoJSON or Shapefile) into the working CRS.
std::vector<Layer> read_uploaded_proposals(const Workspace& ws, const std::filesystem::path& file);

/// 土地供应 on the project's parcels: supply.json, supply.xlsx, supply.gpkg.
nlohmann::json run_supply(const Workspace& ws, const std::filesystem::path& dir,
                          const Progress& progress);
/// 项目匹配 of an uploaded projects table: match.json, match.xlsx, match.gpkg.
nlohmann::json run_match(const Workspace& ws, const std::filesystem::path& projects,
                         const std::filesystem::path& dir, const Progress& progress);
/// 开发区评价, with an uploaded scenario when `scenario` is not empty.
nlohmann::json run_zones(const Workspace& ws, const std::filesystem::path& scenario,
                         const std::filesystem::path& dir, const Progress& progress);

/// 重点项目台账: the project's [ledger] file joined to the workspace's layers, supply and the
/// three-line check: ledger.json, ledger.xlsx, ledger.gpkg.
nlohmann::json run_ledger(const Workspace& ws, const std::filesystem::path& dir,
                          const Progress& progress);

/// What a report job runs on beyond the project.
struct ReportInput {
  std::filesystem::path proposals;      // a checked site's overlaps.gpkg (its proposals layer); empty = the project's
  std::filesystem::path projects;       // for matching; empty = none
  std::filesystem::path scenario;       // for zones; empty = none
  std::string encoding = "GBK";         // Shapefile and TXT text
};
/// `tudi report` into dir (report.pdf, report.xlsx, results.gpkg, shp/, 界址点/, manifest.json),
/// then shp.zip and 界址点.zip of the folders for download.
nlohmann::json run_report(const Workspace& ws, const ReportInput& in,
                          const std::filesystem::path& dir, const Progress& progress);

/// Zips every sub-folder of dir into <folder>.zip beside it (one download per Shapefile set).
void zip_folders(const std::filesystem::path& dir);

}  // namespace tudi::serve
