#pragma once
// Tables: the one shape every analysis result takes on its way to XLSX, PDF and the viewer.
// An analysis builds Tables from its result struct; writers never know which analysis it was.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/io/layer_styles.hpp"
#include "tudi/io/writer.hpp"

namespace tudi::output {

struct Column {
  std::string title;  // Chinese header shown to users ("重叠面积")
  std::string unit;   // "m²", "亩", "%", "" — shown in the header as "重叠面积(亩)"
  int decimals = 2;   // for numbers
  /// Text cells equal to `first` get the background colour `second` (0xRRGGBB): the 红灯/黄灯
  /// column of a ledger. Empty = no colours.
  std::vector<std::pair<std::string, std::uint32_t>> fills = {};
  std::string header() const { return unit.empty() ? title : title + "(" + unit + ")"; }
};

/// One sheet: a title (the XLSX sheet name, ≤ 31 characters), columns and rows of Values.
/// Numbers stay numbers; text stays text.
struct Table {
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Value>> rows;
};

/// How many rows a sheet holds below its header: Excel's 1,048,576 less the header. A longer
/// table goes on in continuation sheets 表名（2）, 表名（3）…; tests pass a small number to see
/// that without writing a million rows.
struct SheetLimit {
  std::size_t rows = 1048575;
};

/// Writes tables as sheets of one workbook (frozen header row, units in headers, numbers as
/// numbers), atomically.
/// `created` (seconds since 1970, UTC) fixes the workbook's creation time for byte-identical
/// output; empty = now.
void write_xlsx(const std::vector<Table>& tables, const std::filesystem::path& path,
                bool overwrite, std::optional<std::int64_t> created = std::nullopt,
                SheetLimit limit = {});

/// Writes a JSON document (UTF-8, indented) atomically.
void write_json(const std::string& json_text, const std::filesystem::path& path, bool overwrite);

/// Writes layers as one GeoPackage at `path`, atomically, each with its QGIS style in the
/// layer_styles table when `styles` names it (QGIS applies it on opening).
void write_gpkg(const std::vector<const Layer*>& layers, const std::filesystem::path& path,
                const io::WriteOptions& options, const std::vector<io::LayerStyle>& styles = {});

/// An analysis's outputs together: dir/<stem>.json, dir/<stem>.xlsx and dir/<stem>.gpkg (the
/// folder is created when missing; the GeoPackage styled by `styles`). Without
/// `layer_options.overwrite`, every target that exists is refused before anything is written,
/// so a refusal leaves no partial set; each file is written atomically. Returns the paths written.
std::vector<std::filesystem::path> write_outputs(const std::filesystem::path& dir,
                                                 const std::string& stem,
                                                 const std::string& json_text,
                                                 const std::vector<Table>& tables,
                                                 const std::vector<const Layer*>& layers,
                                                 const io::WriteOptions& layer_options,
                                                 const std::vector<io::LayerStyle>& styles = {});
/// The same for layers held by value.
std::vector<std::filesystem::path> write_outputs(const std::filesystem::path& dir,
                                                 const std::string& stem,
                                                 const std::string& json_text,
                                                 const std::vector<Table>& tables,
                                                 const std::vector<Layer>& layers,
                                                 const io::WriteOptions& layer_options);

}  // namespace tudi::output
