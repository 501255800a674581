#include "tudi/io/table_read.hpp"

#include <cpl_conv.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>

#include "tudi/core/error.hpp"
#include "tudi/core/read_file.hpp"
#include "tudi/core/text.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/reader.hpp"

namespace fs = std::filesystem;

namespace tudi::io {
namespace {

std::string lower_extension(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

/// A ledger or project table of a county is a few MiB; these bounds refuse a file that is not
/// one before GDAL's CSV driver spends gigabytes on it.
constexpr std::uintmax_t kMaxCsvBytes = 256 * kMiB;
constexpr std::size_t kMaxCsvLineBytes = 1024 * 1024;
constexpr std::size_t kMaxCsvColumns = 16384;  // Excel's own limit

void check_csv_shape(std::string_view bytes, const fs::path& path) {
  std::size_t line = 0;
  while (!bytes.empty()) {
    ++line;
    const std::size_t eol = bytes.find('\n');
    const std::string_view row = bytes.substr(0, eol);
    if (row.size() > kMaxCsvLineBytes)
      throw Error(path.string() + ":" + std::to_string(line),
                  fmt::format("the line is {} bytes long; a table's line is at most {}", row.size(),
                              describe_bytes(kMaxCsvLineBytes)));
    if (line == 1) {
      const auto columns = static_cast<std::size_t>(std::count(row.begin(), row.end(), ',')) + 1;
      if (columns > kMaxCsvColumns)
        throw Error(path.string() + ":1",
                    fmt::format("the header has {} columns; a table has at most {}", columns,
                                kMaxCsvColumns));
    }
    if (eol == std::string_view::npos) break;
    bytes.remove_prefix(eol + 1);
  }
}

}  // namespace

std::string header_key(std::string_view h) {
  std::string s(h);
  for (const char* open : {"(", "（", "["}) {
    const std::size_t at = s.find(open);
    if (at != std::string::npos && at > 0) s.erase(at);
  }
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(u));
  }
  return out;
}

std::optional<double> cell_number(const Value& v) {
  if (is_null(v)) return std::nullopt;
  if (auto d = to_number(v)) return d;
  std::string s = to_text(v);
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return to_number(Value(s));
}

std::string RawTable::where(std::size_t row) const {
  if (row < lines.size()) return source + ":" + std::to_string(lines[row]);
  return source;
}

RawTable read_table(const fs::path& path, const std::string& sheet) {
  gdal_init();
  const std::string ext = lower_extension(path);
  if (ext != ".csv" && ext != ".xlsx")
    throw Error(path.string(), "a table must be .csv or .xlsx");
  if (!fs::exists(path)) throw Error(path.string(), "no such file");

  RawTable out;
  out.source = path.string();
  std::string from = "UTF-8";
  const bool csv = ext == ".csv";
  if (csv) {
    const std::string bytes = read_file(path, kMaxCsvBytes);
    check_csv_shape(bytes, path);
    from = detect_text_encoding(bytes).name;
    out.encoding = from;
  } else {
    out.encoding = "XLSX";
  }
  auto decode = [&](const char* s) {
    const std::string raw = s ? s : "";
    // A UTF-8 BOM may survive into the first header.
    return std::string(strip_bom(trim(from == "UTF-8" ? raw : to_utf8(raw, from))));
  };

  CPLStringList open_options;
  if (csv) {
    open_options.SetNameValue("HEADERS", "YES");
    open_options.SetNameValue("EMPTY_STRING_AS_NULL", "YES");
  }
  // GDAL 3.6 takes the XLSX header choice as a configuration option, not an open option.
  CPLConfigOptionSetter headers("OGR_XLSX_HEADERS", "FORCE", true);
  const char* drivers[] = {csv ? "CSV" : "XLSX", nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                            drivers, open_options.List(), nullptr));
  if (!ds) {
    const std::string why = CPLGetLastErrorMsg();
    throw Error(path.string(), "cannot open as a table" +
                                   (why.empty() ? std::string(csv ? " (a CSV needs at least two comma-separated columns)" : "")
                                                : ": " + why));
  }
  OGRLayer* layer = sheet.empty() ? ds->GetLayer(0) : ds->GetLayerByName(sheet.c_str());
  if (!layer)
    throw Error(path.string(), sheet.empty() ? "no sheet" : "no sheet named " + sheet);

  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    out.headers.push_back(decode(defn->GetFieldDefn(i)->GetNameRef()));
  if (out.headers.empty()) throw Error(path.string(), "no header row");

  layer->ResetReading();
  for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    std::vector<Value> row(out.headers.size());
    bool blank = true;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      if (!f->IsFieldSetAndNotNull(i)) continue;
      Value& v = row[static_cast<std::size_t>(i)];
      switch (defn->GetFieldDefn(i)->GetType()) {
        case OFTInteger:
        case OFTInteger64: v = static_cast<std::int64_t>(f->GetFieldAsInteger64(i)); break;
        case OFTReal: v = f->GetFieldAsDouble(i); break;
        default: {
          std::string s = decode(f->GetFieldAsString(i));
          if (!s.empty()) v = std::move(s);
        }
      }
      if (!is_null(v)) blank = false;
    }
    if (blank) continue;
    out.rows.push_back(std::move(row));
    // CSV feature ids count data rows from 1 (the header is line 1); XLSX ids are sheet rows.
    out.lines.push_back(static_cast<int>(f->GetFID()) + (csv ? 1 : 0));
  }
  return out;
}

}  // namespace tudi::io
