#include "tudi/output/table.hpp"

#include <xlsxwriter.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/writer.hpp"

namespace tudi::output {
namespace {

/// Excel sheet names: ≤ 31 characters, none of []:*?/\ , unique within the workbook.
std::string sheet_name(const std::string& title, std::vector<std::string>& used) {
  std::string clean;
  for (char c : title) clean += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  // Cut on a UTF-8 character boundary at 31 characters.
  std::string name = clean.substr(0, utf8_prefix_bytes(clean, 28));
  if (name.empty()) name = "Sheet";
  std::string unique = name;
  for (int n = 2; std::find(used.begin(), used.end(), unique) != used.end(); ++n)
    unique = name + "_" + std::to_string(n);
  used.push_back(unique);
  return unique;
}

/// Sends stderr to /dev/null for as long as it lives: for a library call that prints its own
/// diagnostics, when the caller reports the failure itself on one line.
class QuietStderr {
 public:
  QuietStderr() {
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved_ >= 0 && null >= 0) ::dup2(null, STDERR_FILENO);
    if (null >= 0) ::close(null);
  }
  ~QuietStderr() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace

void write_xlsx(const std::vector<Table>& tables, const std::filesystem::path& path,
                bool overwrite, std::optional<std::int64_t> created, SheetLimit limit) {
  static_assert(SheetLimit{}.rows == LXW_ROW_MAX - 1, "a sheet holds Excel's rows less the header");
  io::AtomicOutput out(path, overwrite);
  // Rows go out in order, so each sheet can be flushed row by row instead of held whole: a
  // check with 10⁵ overlap pieces would otherwise keep every cell and string in memory.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(out.temp().c_str(), &options);
  if (!wb) throw Error(path.string(), "cannot create workbook");
  lxw_doc_properties properties{};
  if (created) {
    properties.created = static_cast<std::time_t>(*created);
    workbook_set_properties(wb, &properties);
  }
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDE6F0);
  format_set_text_wrap(header);
  format_set_border(header, LXW_BORDER_THIN);
  std::vector<lxw_format*> number_formats(7);
  for (int d = 0; d < 7; ++d) {
    number_formats[d] = workbook_add_format(wb);
    format_set_num_format(number_formats[d], d == 0 ? "0" : ("0." + std::string(d, '0')).c_str());
  }
  // Long texts (结论, 依据, 说明, reasons) get wide columns that wrap, so they read without
  // widening them by hand; ISO dates become Excel dates, so they sort and filter as dates.
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  const auto long_text = [](const std::string& h) {
    for (const char* w : {"结论", "依据", "说明", "原因", "缺少", "备注", "内容"})
      if (h.find(w) != std::string::npos && h.find("等级") == std::string::npos) return true;
    return false;
  };
  const auto iso_date = [](const std::string& s, lxw_datetime& when_out) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
      if (s[i] < '0' || s[i] > '9') return false;
    when_out = {std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2)), 0, 0, 0};
    return when_out.month >= 1 && when_out.month <= 12 && when_out.day >= 1 && when_out.day <= 31;
  };
  // Excel holds 1,048,576 rows a sheet (one is the header) and 32,767 characters a cell; a
  // longer table goes on in continuation sheets and a longer text is cut with a note, rather
  // than libxlsxwriter refusing the cell and the row or text being lost without a word.
  const std::size_t kRowsPerSheet = std::clamp<std::size_t>(limit.rows, 1, LXW_ROW_MAX - 1);
  constexpr std::size_t kCellChars = 32767;
  const std::string cut_note = "…（超出 Excel 单元格 32767 字符上限，全文见 JSON 输出）";
  const auto cell_text = [&](const std::string& text) {
    if (text.size() <= kCellChars) return text;  // bytes ≥ characters
    const std::size_t keep = utf8_prefix_bytes(text, kCellChars - 40);
    if (keep == text.size()) return text;
    return text.substr(0, keep) + cut_note;
  };
  std::vector<std::string> used;
  for (const Table& t : tables) {
    const std::size_t sheets = std::max<std::size_t>(1, (t.rows.size() + kRowsPerSheet - 1) / kRowsPerSheet);
    // One format per coloured value of each column (formats belong to the workbook).
    std::vector<std::vector<std::pair<std::string, lxw_format*>>> fills(t.columns.size());
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      for (const auto& [text, rgb] : t.columns[c].fills) {
        lxw_format* f = workbook_add_format(wb);
        format_set_bg_color(f, rgb);
        fills[c].emplace_back(text, f);
      }
    for (std::size_t part = 0; part < sheets; ++part) {
      const std::string title =
          sheets == 1 ? t.title : t.title + "（" + std::to_string(part + 1) + "）";
      lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(title, used).c_str());
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        worksheet_write_string(ws, 0, col, t.columns[c].header().c_str(), header);
        const bool wide = long_text(t.columns[c].header());
        worksheet_set_column(
            ws, col, col,
            wide ? 60.0 : std::max(10.0, static_cast<double>(t.columns[c].header().size()) * 0.8),
            wide ? wrap : nullptr);
      }
      worksheet_freeze_panes(ws, 1, 0);
      const std::size_t first = part * kRowsPerSheet;
      const std::size_t last = std::min(t.rows.size(), first + kRowsPerSheet);
      for (std::size_t r = first; r < last; ++r) {
        const auto row = static_cast<lxw_row_t>(r - first + 1);
        for (std::size_t c = 0; c < t.rows[r].size() && c < t.columns.size(); ++c) {
          const auto col = static_cast<lxw_col_t>(c);
          const Value& v = t.rows[r][c];
          const int d = std::clamp(t.columns[c].decimals, 0, 6);
          if (const auto* i = std::get_if<std::int64_t>(&v)) {
            worksheet_write_number(ws, row, col, static_cast<double>(*i), number_formats[0]);
          } else if (const auto* x = std::get_if<double>(&v)) {
            worksheet_write_number(ws, row, col, *x, number_formats[static_cast<std::size_t>(d)]);
          } else if (const auto* text = std::get_if<std::string>(&v)) {
            lxw_format* fill = nullptr;
            for (const auto& [value, f] : fills[c])
              if (value == *text) fill = f;
            lxw_datetime when{};
            if (fill == nullptr && iso_date(*text, when)) {
              worksheet_write_datetime(ws, row, col, &when, date);
            } else {
              worksheet_write_string(
                  ws, row, col, cell_text(*text).c_str(),
                  fill != nullptr ? fill : (long_text(t.columns[c].header()) ? wrap : nullptr));
            }
          }
        }
      }
      if (last > first)
        worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(last - first),
                             static_cast<lxw_col_t>(t.columns.empty() ? 0 : t.columns.size() - 1));
    }
  }
  // libxlsxwriter prints its own "[ERROR] workbook_close(): …" lines on stderr; ours names the file.
  lxw_error closed = LXW_NO_ERROR;
  {
    const QuietStderr quiet;
    errno = 0;
    closed = workbook_close(wb);
  }
  if (closed != LXW_NO_ERROR)
    throw Error(path.string(), std::string("cannot write the workbook: ") + lxw_strerror(closed) +
                                   (errno ? std::string(" (") + std::strerror(errno) + ")" : ""));
  out.commit();
}

void write_json(const std::string& json_text, const std::filesystem::path& path, bool overwrite) {
  io::write_file(path, json_text + '\n', overwrite);
}

void write_gpkg(const std::vector<const Layer*>& layers, const std::filesystem::path& path,
                const io::WriteOptions& options, const std::vector<io::LayerStyle>& styles) {
  io::AtomicOutput out(path, options.overwrite);
  io::WriteOptions wo = options;
  wo.overwrite = true;  // the temporary name of `out`, reserved for us
  io::write_gpkg(layers, out.temp(), wo);
  if (!styles.empty()) io::write_layer_styles(out.temp(), styles);
  out.commit();
}

std::vector<std::filesystem::path> write_outputs(const std::filesystem::path& dir,
                                                 const std::string& stem,
                                                 const std::string& json_text,
                                                 const std::vector<Table>& tables,
                                                 const std::vector<const Layer*>& layers,
                                                 const io::WriteOptions& layer_options,
                                                 const std::vector<io::LayerStyle>& styles) {
  io::make_output_folder(dir);
  const std::vector<std::filesystem::path> paths = {dir / (stem + ".json"), dir / (stem + ".xlsx"),
                                                    dir / (stem + ".gpkg")};
  io::refuse_existing(paths, layer_options.overwrite);
  write_json(json_text, paths[0], layer_options.overwrite);
  write_xlsx(tables, paths[1], layer_options.overwrite);
  write_gpkg(layers, paths[2], layer_options, styles);
  return paths;
}

std::vector<std::filesystem::path> write_outputs(const std::filesystem::path& dir,
                                                 const std::string& stem,
                                                 const std::string& json_text,
                                                 const std::vector<Table>& tables,
                                                 const std::vector<Layer>& layers,
                                                 const io::WriteOptions& layer_options) {
  std::vector<const Layer*> ptrs;
  for (const Layer& l : layers) ptrs.push_back(&l);
  return write_outputs(dir, stem, json_text, tables, ptrs, layer_options);
}

}  // namespace tudi::output
