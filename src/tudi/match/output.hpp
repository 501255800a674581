#pragma once
// The one path from a match Result to what users get: match.json (json.cpp), the sheets of
// match.xlsx (tables.cpp) and the layers of match.gpkg (layers.cpp), written together by
// write_outputs() (output.cpp); and the text a planner reads (explain.cpp). Nothing is computed
// there beyond joins of what the result already holds.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "tudi/match/match.hpp"
#include "tudi/output/table.hpp"

namespace tudi::match {

/// match.json: per project its indicators, ranked candidates (parcel_id, score, terms), rejected
/// parcels with reasons and counts, and what it was assigned; then the assignment and the stats.
nlohmann::json to_json(const Result& result);

/// The layers of match.gpkg in the parcels' CRS: match_candidates (every parcel offered to some
/// project, with its best project and score) and match_assigned (assigned parcels, with the
/// project, the score and the group merged).
std::vector<Layer> to_layers(const Result& result, const Layer& parcels);

/// Sheets: 分配结果, 候选地块, 得分明细, 未通过原因, 筛选统计, 适用指标, 运行概况; units in
/// headers.
std::vector<output::Table> to_tables(const Result& result);

/// Where and how write_outputs() writes.
struct OutputOptions {
  std::filesystem::path dir;  // created when missing
  bool overwrite = false;
};

/// Writes dir/match.json, dir/match.xlsx and dir/match.gpkg (output::write_outputs: an existing
/// file is refused before any is written, each is written atomically). Returns the paths.
std::vector<std::filesystem::path> write_outputs(const Result& result, const Layer& parcels,
                                                 const OutputOptions& options);

/// A few lines for a planner: the assignment, then each project's land or reason.
std::string summary_text(const Result& result);

/// The whole story of one project, for a planner (`tudi match --explain ID`): what it asks for,
/// the land assigned (or why none) with every hard filter's value next to its threshold, the
/// score term by term, the other candidates and who took them, and why the other parcels fail.
/// At most `max_rejected` rejected parcels are listed one by one (all are counted). Throws
/// tudi::Error when no project has that id.
std::string explain_text(const Result& result, const std::string& project_id,
                         std::size_t max_rejected = 8);

}  // namespace tudi::match
