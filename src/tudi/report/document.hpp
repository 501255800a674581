#pragma once
// The report as content, before any painting: a title page, sections of text, map figures and
// tables, and a provenance page. sections.cpp fills it from the analyses; pdf.cpp lays it out.

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "tudi/render/map_settings.hpp"
#include "tudi/output/table.hpp"

namespace tudi::report {

/// A paragraph (level 0), a sub-heading (1) or a small grey note (2).
struct Text {
  std::string text;
  int level = 0;
};

/// A map figure: the layers (bottom first), the extent to show and a caption.
struct Figure {
  std::string caption;
  render::MapSettings map;
};

/// A table as the PDF shows it: a caption, the columns that matter, and a note on what was
/// left out ("共 91 行，此处列出前 30 行，完整内容见 report.xlsx").
struct TableBlock {
  std::string caption;
  output::Table table;
  std::string note;
};

using Block = std::variant<Text, Figure, TableBlock>;

struct Section {
  std::string title;  // "三线核查"; numbered 一、二、… when laid out
  std::vector<Block> blocks;
};

struct Document {
  std::string title;         // "卫源县土地供应与规划分析报告"
  std::string organisation;  // 编制单位; may be empty
  std::string project;       // the project file
  std::string as_of, crs, date;
  std::vector<std::string> summary;  // key findings for the title page
  std::vector<Section> sections;
  output::Table provenance;
};

/// Lays the document out on A4 pages (QPdfWriter, vector maps, the CJK fonts of render/fonts)
/// and writes it atomically. Returns the page count. Needs a QGuiApplication.
int write_pdf(const Document& doc, const std::filesystem::path& path, bool overwrite);

}  // namespace tudi::report
