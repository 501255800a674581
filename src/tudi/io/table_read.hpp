#pragma once
// Reading plain tables (CSV, XLSX) such as the projects file of `tudi match`: a header row and
// rows of values, decoded to UTF-8, with the line each row came from for messages.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/layer/layer.hpp"

namespace tudi::io {

/// A table as read: header names as written (trimmed), rows of values in header order. Numbers
/// in XLSX cells stay numbers; CSV cells are text (callers parse what they need).
struct RawTable {
  std::string source;                     // the file, for messages
  std::string encoding;                   // "UTF-8", "GB18030" (CSV) or "XLSX"
  std::vector<std::string> headers;
  std::vector<std::vector<Value>> rows;   // blank rows are skipped
  std::vector<int> lines;                 // 1-based line (CSV) or row (XLSX) of each row
  /// "projects.csv:7" for a row index.
  std::string where(std::size_t row) const;
};

/// Reads a .csv (UTF-8 with or without BOM, or GBK/GB18030 as Excel on Chinese Windows saves
/// it) or a .xlsx (its first sheet, or `sheet`) through GDAL's CSV and XLSX drivers; the first
/// row is always the header. Throws tudi::Error naming the file when it cannot be read, has no
/// header, or has an unknown extension.
RawTable read_table(const std::filesystem::path& path, const std::string& sheet = {});

/// A header reduced for comparison: lower case, no spaces, '_' or '-', no trailing unit in
/// brackets ("固定资产投资(万元)" → "固定资产投资", "Demand Min (mu)" → "demandmin").
std::string header_key(std::string_view header);

/// A cell read as a number, thousands separators as Excel users type them allowed ("37,500");
/// nullopt when it is not one (callers tell a null cell from a bad one with is_null()).
std::optional<double> cell_number(const Value& v);

}  // namespace tudi::io
