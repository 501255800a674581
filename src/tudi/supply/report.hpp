#pragma once
// The one path from a supply Result to what users get: JSON, tables (→ XLSX) and map layers.

#include <nlohmann/json.hpp>

#include <vector>

#include "tudi/report/table.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {

/// supply.json: as_of, crs, per-parcel entries (id, readiness, missing, idle_status, idle_years,
/// fee, areas in m² and 亩, findings), batches, the 供地率, zones and totals.
nlohmann::json to_json(const Result& result);

/// The sheets of supply.xlsx: 汇总, 地块准备情况, 闲置土地, 批而未供, 开发区汇总, 低效用地, 数据问题.
std::vector<report::Table> to_tables(const Result& result);

/// The layers of supply.gpkg, in the parcels' CRS: ready_parcels (熟地), idle_parcels (every
/// supplied parcel not in_use, with its status), unsupplied_approved (批而未供 polygons per batch),
/// inefficient_land (低效用地). Geometries come from `parcels`, the layer the result was run on.
std::vector<Layer> to_layers(const Result& result, const Layer& parcels);

}  // namespace tudi::supply
