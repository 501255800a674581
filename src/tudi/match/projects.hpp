#pragma once
// The projects file of `tudi match`: one row per project looking for land (CSV or XLSX, Chinese
// or English headers), read into ProjectSpecs. Columns are documented in gis-data/README.md.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/io/table_read.hpp"

namespace tudi::match {

/// One project: what it is, what it promises, and how much land it asks for.
struct ProjectSpec {
  std::string id, name;
  std::string industry;       // GB/T 4754-2017 code, normalised ("C3841")
  std::string industry_text;  // as written, for messages
  int pollution = 1;          // 1/2/3: 一类/二类/三类工业 it needs at least
  double investment = 0;      // 固定资产投资, 万元 (land price included, DOMAIN §8)
  std::optional<double> tax;  // 承诺年税收, 万元
  double demand_min = 0;      // 用地需求, 亩
  double demand_max = 0;
  std::optional<double> far;                   // 规划容积率
  std::optional<double> energy;                // 单位增加值能耗, 吨标煤/万元
  std::optional<double> emission_intensity;    // 单位增加值排放（主要污染物）, 千克/万元
  std::optional<double> output;                // 达产年产值, 万元
  std::optional<double> rd_share;              // 研发投入占比, %
  std::optional<double> building_coefficient;  // 建筑系数, %
  std::string zone;                            // 意向开发区 (id or name); empty = none
  unsigned infrastructure = 0;                 // required items (supply::Infra bits)
  std::string infrastructure_text;             // as written
  std::string where;                           // "projects.csv:4"
};

/// A column of the projects file: canonical name, Chinese title, whether required, and the
/// header spellings recognised (case, spaces and a trailing unit in brackets are ignored).
struct ProjectColumn {
  std::string_view name;
  std::string_view title;
  bool required;
  std::vector<std::string_view> headers;
};
const std::vector<ProjectColumn>& project_columns();

/// Reads a projects file (.csv or .xlsx). Throws tudi::Error naming the file and line for a
/// missing required column, an unreadable number, a pollution class outside 1–3, a demand
/// whose minimum exceeds its maximum, or a duplicate id.
std::vector<ProjectSpec> read_projects(const std::filesystem::path& path);
/// The same from a table already read.
std::vector<ProjectSpec> projects_from_table(const io::RawTable& table);

}  // namespace tudi::match
