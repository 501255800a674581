#pragma once
// The check's result on its way out, through one path each: JSON (check.json), layers
// (overlaps.gpkg or Shapefile) and, via tables.hpp, the XLSX workbook.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tudi/check/result.hpp"

namespace tudi::check {

/// The check.json document (the contract of issue 3, plus status, notes and unchecked lines).
nlohmann::json to_json(const Result& r);

/// Layers: `overlaps` (one polygon per piece with proposal id, line, source feature, land class,
/// areas) and `check_lines` (no geometry: each line, checked or not, and why).
std::vector<Layer> to_layers(const Result& r);

struct OutputOptions {
  std::filesystem::path dir;
  std::string format = "gpkg";     // "gpkg" or "shp" for the overlap layer
  std::string encoding = "UTF-8";  // Shapefile text: "UTF-8" or "GBK"
  bool overwrite = false;
};

/// Writes check.json alone, atomically (a server answers with it and writes the rest on demand).
void write_json(const Result& r, const std::filesystem::path& path, bool overwrite);

/// Writes check.json, check.xlsx and overlaps.gpkg (or overlaps.shp + check_lines.shp) into
/// the folder, each atomically; returns the paths written.
std::vector<std::filesystem::path> write_outputs(const Result& r, const OutputOptions& opt);

}  // namespace tudi::check
