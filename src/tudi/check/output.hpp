#pragma once
// The check's result on its way out, through one path each: check.json (json.cpp), the sheets
// of check.xlsx (tables.cpp) and the layers of overlaps.gpkg or the Shapefiles (layers.cpp),
// written together by write_outputs() (output.cpp).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tudi/check/result.hpp"
#include "tudi/output/table.hpp"

namespace tudi::check {

/// The check.json document (the contract of issue 3, plus status, notes and unchecked lines).
nlohmann::json to_json(const Result& r);

/// Layers: `overlaps` (one polygon per piece with proposal id, line, source feature, land class,
/// areas) and `check_lines` (no geometry: each line, checked or not, and why).
std::vector<Layer> to_layers(const Result& r);

/// Sheets: one row per proposal (units in every header), the overlap pieces, and what was and
/// was not checked (lines, rule pack, CRS, thresholds, layer notes).
std::vector<output::Table> to_tables(const Result& r);

struct OutputOptions {
  std::filesystem::path dir;
  std::string format = "gpkg";     // "gpkg" or "shp" for the overlap layer
  std::string encoding = "UTF-8";  // Shapefile text: "UTF-8" or "GBK"
  bool overwrite = false;
};

/// Writes the layers alone, streamed: overlaps.gpkg, or a Shapefile each. Returns the paths.
std::vector<std::filesystem::path> write_layers(const Result& r, const OutputOptions& opt);

/// Writes check.json alone, atomically (a server answers with it and writes the rest on demand).
void write_json(const Result& r, const std::filesystem::path& path, bool overwrite);

/// Writes check.json, check.xlsx and overlaps.gpkg (or overlaps.shp + check_lines.shp) into
/// the folder, each atomically; returns the paths written.
std::vector<std::filesystem::path> write_outputs(const Result& r, const OutputOptions& opt);

/// The lines and zones with their status, for every output to say what was not checked.
struct LineStatus {
  std::string role, name, reason;
  bool checked = false;
  std::int64_t compared = 0;
  OverlayCount overlays;
};
std::vector<LineStatus> line_statuses(const Result& r);

/// A piece's line as the tables and layers name it ("城镇开发边界外" for the urban line).
std::string piece_line_name(const std::string& line);

}  // namespace tudi::check
