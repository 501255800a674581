// From parsed 界址点 files to a layer: the CRS the header and prefix imply (DOMAIN §2), the plot
// header as attributes, one polygon per plot; and reading a whole folder of such files.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <span>

#include "tudi/core/error.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/jzd.hpp"

namespace tudi::io::jzd {
namespace {

/// What to do when a TXT does not say its zone, or says one that is not a zone.
constexpr const char* kNameTheZone =
    "name it with crs = \"EPSG:…\" on the layer in tudi.toml (tudi convert: --src-crs)";

/// The 9th header field onward, named after DOMAIN §5's order: 图斑类型, 地类, 改造前质量等别,
/// 改造后质量等别, 备注; anything past the 13th is another remark.
std::string extra_name(std::size_t i) {
  static const char* const kNames[] = {"TBLX", "DL", "GZQDB", "GZHDB", "BZ"};
  return i < std::size(kNames) ? kNames[i] : fmt::format("BZ{}", i - std::size(kNames) + 2);
}

std::string squeeze_upper(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t')
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// 坐标系 must be CGCS2000 (or unstated): the zone EPSG codes below are CGCS2000 ones.
void check_datum(const File& f) {
  for (const auto& [key, value] : f.attributes) {
    if (key.find("坐标系") == std::string::npos || key.find("转换") != std::string::npos) continue;
    const std::string v = squeeze_upper(value);
    if (v.empty() || v.find("2000") != std::string::npos || v.find("CGCS") != std::string::npos ||
        v.find("国家大地") != std::string::npos)
      continue;
    const char* legacy = nullptr;
    if (v.find("西安") != std::string::npos || v.find("XIAN") != std::string::npos ||
        v.find("80") != std::string::npos)
      legacy = "Xian 1980 (西安80)";
    else if (v.find("北京") != std::string::npos || v.find("BEIJING") != std::string::npos ||
             v.find("54") != std::string::npos)
      legacy = "Beijing 1954 (北京54)";
    if (legacy)
      throw Error(f.path, fmt::format("{}={}: {} coordinates are not supported yet; convert them "
                                      "to CGCS2000 (2000国家大地坐标系) first, or name the CRS "
                                      "with --crs",
                                      key, value, legacy));
    throw Error(f.path, fmt::format("{}={} is not recognised; expected 2000国家大地坐标系 "
                                    "(CGCS2000), or name the CRS with --crs",
                                    key, value));
  }
}

struct Resolved {
  int epsg = 0;
  std::string how;
};

Resolved resolve(const File& f) {
  check_datum(f);
  int zone = 0;
  std::string how;
  if (f.prefixed && f.prefix_zone) {
    zone = *f.prefix_zone;
    how = fmt::format("zone prefix {} in the eastings", zone);
    if (f.zone && *f.zone == zone) how += fmt::format(" and 带号 {} in the TXT header", zone);
  } else if (f.zone) {
    zone = *f.zone;
    how = fmt::format("带号 {} in the TXT header, eastings without zone prefix", zone);
  } else {
    throw Error(f.path, std::string("no 带号 and no zone prefix: the zone cannot be told; ") +
                            kNameTheZone);
  }
  int width = 3;
  if (f.width) {
    width = *f.width;
    how += fmt::format(", {}° zone (几度分带={})", width, width);
  } else if (zone >= 13 && zone <= 23) {
    width = 6;
    how += ", 6° zone (zone number in the 6° range 13–23)";
  } else {
    how += ", 3° zone (no 几度分带; 3° assumed)";
  }
  if (width == 3 && (zone < 25 || zone > 45))
    throw Error(f.path, fmt::format("zone {} is not a CGCS2000 3° Gauss-Krüger zone (25–45); "
                                    "check 带号/几度分带 or {}",
                                    zone, kNameTheZone));
  if (width == 6 && (zone < 13 || zone > 23))
    throw Error(f.path, fmt::format("zone {} is not a CGCS2000 6° Gauss-Krüger zone (13–23); "
                                    "check 带号/几度分带 or {}",
                                    zone, kNameTheZone));
  const int epsg = width == 3 ? crs::epsg_3deg(zone, f.prefixed) : crs::epsg_6deg(zone, f.prefixed);
  return {epsg, fmt::format("{} → EPSG:{}", how, epsg)};
}

Value text_value(const std::string& s) {
  return s.empty() ? Value{} : Value{s};
}

/// One layer from one or more files already known to share `crs`.
Layer assemble(std::span<const File> files, const crs::Crs& crs, std::string crs_how,
               std::string name, std::string source) {
  Layer layer;
  layer.name = std::move(name);
  layer.source = std::move(source);
  layer.role = "proposals";
  layer.crs = crs;
  layer.source_crs = crs;
  layer.mapping = {{"id", "DKBH"}, {"name", "DKMC"}};
  layer.fields = {{"JZDS", FieldType::Integer}, {"DKMJ", FieldType::Real},
                  {"DKBH", FieldType::String},  {"DKMC", FieldType::String},
                  {"TXSX", FieldType::String},  {"TFH", FieldType::String},
                  {"DKYT", FieldType::String},  {"DLBM", FieldType::String}};
  std::size_t extras = 0;
  for (const auto& f : files)
    for (const auto& p : f.plots) extras = std::max(extras, p.extra.size());
  for (std::size_t i = 0; i < extras; ++i)
    layer.fields.push_back({extra_name(i), FieldType::String});

  std::int64_t fid = 0;
  for (const auto& f : files) {
    for (const auto& p : f.plots) {
      Feature feature;
      feature.fid = ++fid;
      std::vector<std::vector<std::pair<double, double>>> rings;
      for (const auto& ring : p.rings) {
        auto& xy = rings.emplace_back();
        for (const auto& pt : ring) xy.emplace_back(pt.easting, pt.northing);
      }
      try {
        feature.geometry = geom::polygon(rings);
      } catch (const Error& e) {
        throw Error(fmt::format("{}:{}", f.path, p.line), e.what());
      }
      feature.values = {p.declared_points > 0 ? Value{std::int64_t{p.declared_points}} : Value{},
                        p.declared_area_ha ? Value{*p.declared_area_ha} : Value{},
                        text_value(p.id),
                        text_value(p.name),
                        text_value(p.shape),
                        text_value(p.sheet),
                        text_value(p.use),
                        text_value(p.land_class)};
      for (std::size_t i = 0; i < extras; ++i)
        feature.values.push_back(i < p.extra.size() ? text_value(p.extra[i]) : Value{});
      layer.features.push_back(std::move(feature));
    }
    layer.report.warnings.insert(layer.report.warnings.end(), f.warnings.begin(), f.warnings.end());
  }

  const File& first = files.front();
  const bool same_encoding = std::all_of(
      files.begin(), files.end(), [&](const File& f) { return f.encoding == first.encoding; });
  if (same_encoding) {
    layer.report.encoding = first.encoding;
    layer.report.encoding_how =
        files.size() == 1 ? first.encoding_how
                          : fmt::format("{} (all {} files)", first.encoding_how, files.size());
  } else {
    layer.report.encoding = "mixed";
    for (const auto& f : files) {
      if (!layer.report.encoding_how.empty()) layer.report.encoding_how += "; ";
      layer.report.encoding_how += fmt::format("{}: {} ({})", f.path, f.encoding, f.encoding_how);
    }
  }
  layer.report.crs_how = std::move(crs_how);
  return layer;
}

/// The CRS for a file: the user's when given (with a warning if it contradicts the prefix),
/// else the one its header and prefix imply.
std::pair<crs::Crs, std::string> crs_for(File& f, const crs::Crs& assigned) {
  if (assigned.empty()) {
    const Resolved r = resolve(f);
    return {crs::Crs::from_epsg(r.epsg, crs::Origin::Detected), r.how};
  }
  if (const auto epsg = assigned.epsg()) {
    if (const auto zone = crs::gk_zone(*epsg); zone && zone->prefixed != f.prefixed)
      f.warnings.push_back(fmt::format(
          "{}: the eastings {} a zone prefix but {} (named by the user) expects {}", f.path,
          f.prefixed ? "carry" : "lack", assigned.label(), zone->prefixed ? "one" : "none"));
  }
  return {assigned, fmt::format("{} named by the user", assigned.label())};
}

std::string stem_of(const std::filesystem::path& path) {
  const std::filesystem::path p = path.filename().empty() ? path.parent_path() : path;
  return p.stem().string();
}

}  // namespace

int epsg_of(const File& f) {
  return resolve(f).epsg;
}

Layer to_layer(const File& f, const crs::Crs& assigned) {
  File copy = f;
  auto [crs, how] = crs_for(copy, assigned);
  return assemble(std::span<const File>(&copy, 1), crs, std::move(how),
                  stem_of(std::filesystem::path(f.path)), f.path);
}

std::vector<std::filesystem::path> txt_files(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::vector<fs::path> paths;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied,
                                           ec),
       end;
       !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // A .txt that is a device or a pipe is listed too, so that reading it refuses it by name.
    if (ext == ".txt" && !it->is_directory(ec)) paths.push_back(it->path());
  }
  if (ec) throw Error(folder.string(), "cannot list the folder: " + ec.message());
  if (paths.empty()) throw Error(folder.string(), "no .txt files in this folder or below it");
  std::sort(paths.begin(), paths.end());
  return paths;
}

Layer read_layer(const std::filesystem::path& path, const ReadOptions& opt) {
  const crs::Crs assigned =
      opt.crs.empty() ? crs::Crs{} : crs::Crs::from_user(opt.crs, crs::Origin::Assigned);
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return to_layer(read_file(path, opt), assigned);

  const std::vector<std::filesystem::path> paths = txt_files(path);

  std::vector<File> files;
  crs::Crs crs;
  std::string how;
  for (const auto& p : paths) {
    File& f = files.emplace_back(read_file(p, opt));
    auto [this_crs, this_how] = crs_for(f, assigned);
    if (files.size() == 1) {
      crs = this_crs;
      how = this_how;
    } else if (this_crs.epsg() != crs.epsg()) {
      throw Error(f.path, fmt::format("its coordinates are in {} but {} is in {}; a folder is "
                                      "read as one layer in one zone",
                                      this_crs.label(), files.front().path, crs.label()));
    }
  }
  if (files.size() > 1) how += fmt::format(" (all {} files agree)", files.size());
  return assemble(files, crs, std::move(how), stem_of(path), path.string());
}

}  // namespace tudi::io::jzd
