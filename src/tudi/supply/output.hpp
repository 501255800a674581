#pragma once
// The one path from a supply Result to what users get: supply.json (json.cpp), the sheets of
// supply.xlsx (tables.cpp) and the layers of supply.gpkg (layers.cpp), written together by
// write_outputs() (output.cpp). Nothing is computed there but sums and joins of the result.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tudi/output/table.hpp"
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

/// Sheets: 汇总, 地块准备情况, 闲置土地, 批而未供, 开发区汇总, 低效用地, 数据问题; units in
/// headers.
std::vector<output::Table> to_tables(const Result& result);

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

/// The 供地率 window as stated in every output: "近5年平均供地率（评价年之前的完整年度，
/// 2021-01-01 至 2025-12-31 批准的批次，扣除撤回/核减）".
std::string window_text(const SupplyRate& rate);

/// Sums over the zone summaries (every parcel sits in exactly one of them): the total row of
/// the JSON and the tables.
ZoneSummary grand_total(const Result& result);
/// The batches summed: approved, supplied, unsupplied and withdrawn areas (the other fields
/// are left empty).
BatchSummary batch_total(const Result& result);

/// The readiness levels and idle states in the order every output lists them.
inline constexpr ReadinessLevel kReadinessLevels[] = {ReadinessLevel::ready, ReadinessLevel::standard,
                                                      ReadinessLevel::not_ready};
inline constexpr IdleState kIdleStateOrder[] = {
    IdleState::idle_2y, IdleState::idle_1y, IdleState::idle_suspended, IdleState::government_cause,
    IdleState::warning, IdleState::in_use,  IdleState::unknown};

}  // namespace tudi::supply
