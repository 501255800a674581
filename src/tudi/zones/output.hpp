#pragma once
// The one path from a zones Result to what users get: zones.json (json.cpp), the sheets of
// zones.xlsx (tables.cpp) and the layers of zones.gpkg (layers.cpp), written together by
// write_outputs() (output.cpp). Nothing is computed there beyond unit conversions.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tudi/output/table.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones {

/// zones.json: as_of, crs, the indicator dictionary, per zone (and per scenario zone) the
/// stock, indicators with national value, rank and reason, control-line overlaps; the scenario's
/// changes, new-area checks with conflicts and preconditions; candidates.
nlohmann::json to_json(const Result& result);

/// The layers of zones.gpkg in the working CRS: zones, scenario_zones, new_areas, conflicts,
/// candidates (empty layers when there is no scenario or no candidate search).
std::vector<Layer> to_layers(const Result& result);

/// Sheets: 开发区评价, 指标明细, 用地构成, 情景对比, 新增用地核查, 扩区前提条件, 冲突图斑,
/// 扩区候选用地, 说明; units in headers.
std::vector<output::Table> to_tables(const Result& result);

/// Where and how write_outputs() writes.
struct OutputOptions {
  std::filesystem::path dir;  // created when missing
  bool overwrite = false;
};

/// Writes dir/zones.json, dir/zones.xlsx and dir/zones.gpkg (output::write_outputs: an existing
/// file is refused before any is written, each is written atomically). Returns the paths.
std::vector<std::filesystem::path> write_outputs(const Result& result,
                                                 const OutputOptions& options);

/// Chinese names for result codes, shared by the JSON, the tables and the layers.
const char* kind_label(std::string_view kind);          // "farmland" → "永久基本农田"
const char* severity_label(std::string_view severity);  // "blocking" → "禁止"
/// "合并、扩区" for a scenario zone's steps; "未调整" for none.
std::string ops_text(const std::vector<Step::Op>& ops);

}  // namespace tudi::zones
