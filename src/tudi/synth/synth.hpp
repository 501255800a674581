#pragma once
// `tudi synth`: the deterministic generator of the demo county (卫源县) and of large synthetic
// layers for benchmarks. Same seed → same features, values and (with the same GDAL) bytes.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/output/table.hpp"

namespace tudi::synth {

inline constexpr std::uint64_t kDemoSeed = 2026;
inline constexpr int kWorkingEpsg = 4526;  // CGCS2000 3° GK zone 38, zone-prefixed eastings
inline constexpr const char* kAsOf = "2026-11-22";

/// The demo county in memory: every role as a Layer in EPSG:4526 with the field names and
/// values the files get, plus the texts of the project, projects and scenario files.
struct County {
  Layer urban;      // CZKFBJ 城镇开发边界
  Layer zones;      // KFQ 开发区
  Layer redline;    // STBHHX 生态保护红线
  Layer farmland;   // YJJBNTTB 永久基本农田
  Layer landuse;    // DLTB 国土调查地类图斑
  Layer approvals;  // PZWJSTD 建设用地批准 (批次)
  Layer parcels;    // GDDK 供地地块
  Layer proposals;  // XMYD 拟建项目
  /// The proposals as the surveyor delivers them: one 界址点 TXT per proposal plus one batch
  /// file with several plots; file name → layer (one plot per feature, fields DKBH/DKMC/...).
  std::vector<std::pair<std::string, Layer>> txt;
  std::string project_toml;   // tudi.toml
  std::string projects_csv;   // projects for `tudi match`
  std::string scenario_toml;  // scenario for `tudi zones`
  output::Table ledger;       // ledger.xlsx, the major-project ledger for `tudi ledger`
};

/// Builds the demo county from a seed. Nothing is written.
County make_county(std::uint64_t seed = kDemoSeed);

/// A file (and layer) written, with its feature count, for the command's summary.
struct Written {
  std::filesystem::path path;
  std::string layer;
  std::int64_t features = 0;
};

/// Writes the demo county into `dir` with the messiness of real data on purpose (see
/// gis-data/README.md): GBK farmland Shapefile without .cpg, zones in EPSG:4490 GeoJSON, red
/// line in EPSG:4547, GBK 界址点 TXT files, and so on.
std::vector<Written> write_county(const County& county, const std::filesystem::path& dir,
                                  bool overwrite);

/// Options of the benchmark-scale generator; a count left empty is not generated.
struct ScaleOptions {
  std::uint64_t seed = kDemoSeed;
  std::optional<std::int64_t> farmland, proposals, parcels, projects;
  std::string format = "gpkg";  // "gpkg" or "shp"
  bool overwrite = false;
  /// Coordinates as a reprojected layer has them: the plain turned by a fraction of a degree
  /// and no vertex rounded, so every coordinate carries all its decimals (not the 0.001 m grid).
  bool off_grid = false;
  /// Irregular proposals (a wavy outline of 16–48 vertices) of about this many farmland plots
  /// each, instead of small near-rectangles; empty = the near-rectangles.
  std::optional<double> proposal_plots;
  Progress progress;
};

/// Streams large synthetic layers into `dir` (farmland tiles, proposals, parcels, with urban,
/// zones and red line scaled to match) and a tudi.toml; no layer is held in memory whole.
std::vector<Written> write_scaled(const ScaleOptions& opt, const std::filesystem::path& dir);

/// Sets OGR_CURRENT_DATE (unless the environment already does) so GeoPackages written by the
/// generator carry a fixed timestamp and come out byte-identical.
void fix_timestamps();

}  // namespace tudi::synth
