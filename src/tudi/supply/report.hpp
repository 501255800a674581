#pragma once
// The one path from a supply Result to what users get: supply.json, the map layers, and (via
// tables.hpp) the XLSX workbook, written together by write_outputs().

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tudi/supply/supply.hpp"

namespace tudi::supply {

/// supply.json: as_of, crs, per-parcel entries (id, readiness, missing, idle_status, idle_years,
/// fee, areas in m² and 亩, findings), batches, the 供地率, zones and totals.
nlohmann::json to_json(const Result& result);

/// The layers of supply.gpkg, in the parcels' CRS: ready_parcels (熟地/标准地), idle_parcels
/// (every supplied parcel not in_use or 供而未用, with its status), unsupplied_approved (批而未供 polygons
/// per batch), inefficient_land (低效用地). Geometries come from `parcels`, the layer the result
/// was computed on.
std::vector<Layer> to_layers(const Result& result, const Layer& parcels);

/// Where and how write_outputs() writes.
struct OutputOptions {
  std::filesystem::path dir;  // created when missing
  bool overwrite = false;
  std::string encoding = "UTF-8";
};

/// Writes dir/supply.json, dir/supply.xlsx and dir/supply.gpkg (output::write_outputs: an existing
/// file is refused before any is written, each is written atomically). Returns the paths.
std::vector<std::filesystem::path> write_outputs(const Result& result, const Layer& parcels,
                                                 const OutputOptions& options);

}  // namespace tudi::supply
