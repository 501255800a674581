#include "tudi/io/reader.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>

#include "tudi/core/error.hpp"
#include "tudi/core/read_file.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/crs/transform.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/jzd.hpp"
#include "tudi/io/ogr.hpp"

namespace fs = std::filesystem;

namespace tudi::io {
namespace {

bool has_ext(const fs::path& p, std::string_view ext) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ext;
}

/// The sidecar with this extension in either case (.dbf or .DBF), or empty.
fs::path sidecar(const fs::path& shp, const char* lower) {
  for (std::string ext : {std::string(lower), [&] {
                            std::string u(lower);
                            for (char& c : u)
                              c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                            return u;
                          }()}) {
    fs::path p = shp;
    p.replace_extension(ext);
    if (fs::exists(p)) return p;
  }
  return {};
}

std::uint32_t read_u32(std::ifstream& in, std::streamoff at, bool big_endian) {
  unsigned char b[4] = {0, 0, 0, 0};
  in.seekg(at);
  in.read(reinterpret_cast<char*>(b), 4);
  if (!in) return 0;
  return big_endian ? (std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 |
                       std::uint32_t{b[2]} << 8 | b[3])
                    : (std::uint32_t{b[3]} << 24 | std::uint32_t{b[2]} << 16 |
                       std::uint32_t{b[1]} << 8 | b[0]);
}

/// GDAL opens damaged Shapefiles leniently (a missing .dbf, a short .shp); bureaus need to
/// hear about it instead, so the structure is checked before GDAL sees the file.
void check_shapefile(const fs::path& shp) {
  const std::string where = shp.string();
  const fs::path shx = sidecar(shp, ".shx");
  const fs::path dbf = sidecar(shp, ".dbf");
  if (dbf.empty()) throw Error(where, "the .dbf file is missing (attributes cannot be read)");
  if (shx.empty()) throw Error(where, "the .shx index file is missing");
  const auto shp_size = fs::file_size(shp);
  std::ifstream in(shp, std::ios::binary);
  const std::uint32_t declared = read_u32(in, 24, true);  // in 16-bit words
  if (shp_size < 100 || std::uint64_t{declared} * 2 != shp_size)
    throw Error(where, "truncated or damaged .shp: header says " +
                           std::to_string(std::uint64_t{declared} * 2) + " bytes, file has " +
                           std::to_string(shp_size));
  const auto shx_records = (fs::file_size(shx) - 100) / 8;
  std::ifstream d(dbf, std::ios::binary);
  const std::uint32_t dbf_records = read_u32(d, 4, false);
  if (dbf_records != shx_records)
    throw Error(dbf.string(), "has " + std::to_string(dbf_records) + " records but the .shp has " +
                                  std::to_string(shx_records) + " shapes");
  // The header's count is not the file: a .dbf cut off in a copy keeps its header, and GDAL
  // would read the records that are there and quietly skip the rest.
  const std::uint32_t lengths = read_u32(d, 8, false);  // header length, then record length
  const std::uint64_t need =
      std::uint64_t{lengths & 0xFFFFu} + std::uint64_t{dbf_records} * (lengths >> 16);
  if (const auto dbf_size = fs::file_size(dbf); dbf_size < need)
    throw Error(dbf.string(), "truncated: " + std::to_string(dbf_records) + " records need " +
                                  std::to_string(need) + " bytes, the file has " +
                                  std::to_string(dbf_size));
}

FieldType field_type(OGRFieldType t) {
  switch (t) {
    case OFTInteger:
    case OFTInteger64:
      return FieldType::Integer;
    case OFTReal:
      return FieldType::Real;
    case OFTDate:
    case OFTDateTime:
      return FieldType::Date;
    default:
      return FieldType::String;
  }
}

struct Opened {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
  EncodingInfo encoding;
};

/// `pick_layer`: settle which layer is read (choose_layer); false only to list the layers.
Opened open_source(const LayerSource& src, bool pick_layer = true) {
  gdal_init();
  const bool is_db = src.source.rfind("PG:", 0) == 0;
  const fs::path path(src.source);
  if (!is_db && !fs::exists(path)) throw Error(src.source, "no such file or folder");
  // A folder is a dataset (界址点 TXT, a Shapefile folder); a device or a pipe never is.
  std::error_code ec;
  if (!is_db && !fs::is_directory(path, ec)) require_regular_file(path);
  Opened o;
  CPLStringList open_options;
  if (!is_db && has_ext(path, ".shp")) {
    check_shapefile(path);
    if (src.encoding == "auto" || src.encoding.empty()) {
      o.encoding = detect_dbf_encoding(sidecar(path, ".dbf"));
    } else {
      o.encoding = {normalise_encoding(src.encoding), "given by the user"};
    }
    open_options.SetNameValue("ENCODING", o.encoding.name.c_str());
  } else if (!is_db && has_ext(path, ".dbf")) {
    throw Error(src.source, "open the .shp, not the .dbf");
  } else {
    o.encoding = {"UTF-8", "the format stores UTF-8"};
  }
  CPLErrorReset();
  o.ds.reset(GDALDataset::Open(src.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                               open_options.List(), nullptr));
  if (!o.ds) {
    std::string why = CPLGetLastErrorMsg();
    throw Error(src.source, why.empty() ? "not a vector data source GDAL can read" : why);
  }
  if (pick_layer) o.layer = &choose_layer(*o.ds, src);
  return o;
}

/// Sets the layer's field mapping for its role, and the report of what it missed and guessed.
void map_fields(const LayerSource& src, Layer& layer) {
  const Role* role = find_role(src.role);
  if (!role) throw UsageError(src.source, "unknown layer role '" + src.role + "'");
  ResolvedFields r = resolve_fields(*role, layer.fields, src.fields, src.source);
  layer.mapping = std::move(r.mapping);
  layer.report.fields = std::move(r.report);
}

/// Settles the CRS of an OGR layer: given by the user, declared, or detected from the
/// coordinates. A given CRS wins over the declared one (as ogr2ogr's -s_srs does): it is how a
/// bureau overrides a wrong .prj. Whatever is chosen must fit the coordinates — a UTM or
/// wrong-zone .prj on Gauss-Krüger eastings is refused, not read into wrong places — and a
/// .prj GDAL cannot read is an error, not a silent fall-back to detection.
crs::Crs settle_crs(const LayerSource& src, OGRLayer& layer, const std::optional<crs::Crs>& assume,
                    std::string& how, bool& swapped) {
  swapped = false;
  OGREnvelope e;
  const bool have_extent = layer.GetExtent(&e, TRUE) == OGRERR_NONE;
  // A non-finite coordinate belongs to one feature, reported by the feature reader; the
  // extent check then has nothing to go on, and detection nothing to detect from.
  const bool finite_extent = have_extent && finite(e);
  const Envelope extent = finite_extent ? Envelope{e.MinX, e.MinY, e.MaxX, e.MaxY}
                                              : Envelope{};
  const auto fitting = [&](crs::Crs c, const std::string& whose) {
    if (const std::string why = crs::extent_misfit(c, extent); !why.empty())
      throw Error(src.source, whose + " " + c.label() + " does not fit the data: " + why +
                                  "; name the right one with crs = \"EPSG:…\" for this layer");
    return c;
  };
  const OGRSpatialReference* declared = layer.GetSpatialRef();
  if (assume) {
    how = declared ? "given by the user, over the declared " +
                         crs::Crs::from_srs(*declared).label()
                   : "given by the user: the source declares none";
    return fitting(assume->with_origin(crs::Origin::Assigned), "the given CRS");
  }
  if (declared) {
    how = "declared by the source";
    return fitting(crs::Crs::from_srs(*declared, crs::Origin::Declared), "the declared CRS");
  }
  if (const fs::path prj = has_ext(src.source, ".shp") ? sidecar(src.source, ".prj") : fs::path();
      !prj.empty())
    throw Error(prj.string(), "is not a CRS GDAL can read: correct it, or name the CRS with "
                              "crs = \"EPSG:…\" for this layer");
  if (!have_extent)
    throw Error(src.source, "declares no CRS and has no coordinates to detect one from");
  if (!finite_extent)
    throw Error(src.source, "declares no CRS and has NaN or infinite coordinates to detect one from");
  crs::Detection d = crs::detect(extent);
  if (!d.epsg) throw Error(src.source, "declares no CRS and " + d.reason);
  swapped = d.swapped_xy;
  how = "detected: " + d.reason;
  return crs::Crs::from_epsg(*d.epsg, crs::Origin::Detected);
}

/// Turns one OGR geometry into a normalised GEOS geometry (nullptr when it has none).
geom::Geometry normalise(OGRGeometry* g, bool swapped, const crs::Transformer& to_target,
                         const std::string& where, const ReadOptions& opt, ReadReport& report) {
  if (!g || g->IsEmpty()) return nullptr;
  std::unique_ptr<OGRGeometry> linear;
  g = linearised(g, linear);
  OGREnvelope e;
  g->getEnvelope(&e);
  if (!finite(e)) throw Error(where, kNonFinite);
  if (swapped) g->swapXY();
  if (!to_target.is_identity()) to_target.transform(*g);
  std::vector<std::uint8_t> wkb;
  geom::Geometry out = to_geos(*g, wkb);
  settle_geometry(out, where, opt.repair, report);
  return out;
}

void stream_ogr(const LayerSource& src, const ReadOptions& opt, Layer& layer,
                const std::function<bool(Feature&&)>& visit) {
  Opened o = open_source(src);
  OGRLayer& ol = *o.layer;
  layer.name = ol.GetName();
  layer.source = src.source;
  layer.role = src.role;
  layer.report.encoding = o.encoding.name;
  layer.report.encoding_how = o.encoding.how;
  bool swapped = false;
  layer.source_crs = settle_crs(src, ol, assumed_crs(src, opt), layer.report.crs_how, swapped);
  layer.crs = opt.target ? *opt.target : layer.source_crs;
  const crs::Transformer to_target(layer.source_crs, layer.crs);

  OGRFeatureDefn* defn = ol.GetLayerDefn();
  layer.fields.clear();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    OGRFieldDefn* fd = defn->GetFieldDefn(i);
    layer.fields.push_back({fd->GetNameRef(), field_type(fd->GetType())});
  }
  if (!src.role.empty()) map_fields(src, layer);
  const InvalidText invalid = opt.scan_text ? invalid_text(src, o.encoding.name) : InvalidText{};
  if (!invalid.empty()) {
    std::vector<std::string> names;
    for (const auto& f : layer.fields) names.push_back(f.name);
    for (std::string& w : invalid.warnings(names))
      layer.report.warnings.push_back(std::move(w));
  }

  if (!opt.filter.empty()) {
    // The filter is in the target CRS; OGR wants it in the source's.
    double minx = opt.filter.minx, miny = opt.filter.miny, maxx = opt.filter.maxx,
           maxy = opt.filter.maxy;
    if (!to_target.is_identity()) {
      const crs::Transformer back(layer.crs, layer.source_crs);
      double xs[4] = {minx, maxx, maxx, minx}, ys[4] = {miny, miny, maxy, maxy};
      back.transform(4, xs, ys);
      minx = *std::min_element(xs, xs + 4), maxx = *std::max_element(xs, xs + 4);
      miny = *std::min_element(ys, ys + 4), maxy = *std::max_element(ys, ys + 4);
    }
    if (swapped) std::swap(minx, miny), std::swap(maxx, maxy);
    ol.SetSpatialFilterRect(minx, miny, maxx, maxy);
  }

  const GIntBig total = ol.GetFeatureCount(FALSE);
  GIntBig seen = 0;
  ol.ResetReading();
  const int nfields = static_cast<int>(layer.fields.size());
  for (OGRFeatureUniquePtr f(ol.GetNextFeature()); f; f.reset(ol.GetNextFeature())) {
    ++seen;
    if (opt.progress && total > 0 && seen % 4096 == 0)
      report_progress(opt.progress, static_cast<double>(seen) / static_cast<double>(total),
                      layer.name);
    Feature out;
    out.fid = f->GetFID();
    out.values.reserve(layer.fields.size());
    for (int i = 0; i < nfields; ++i)
      out.values.push_back(field_value(*f, i, layer.fields[static_cast<std::size_t>(i)].type));
    invalid.fill(out.fid, out.values);
    std::string where = layer.source + ": feature " + std::to_string(out.fid);
    out.geometry = normalise(f->GetGeometryRef(), swapped, to_target, where, opt, layer.report);
    if (!out.geometry) {
      ++layer.report.empty_skipped;
      layer.report.warnings.push_back(where + ": has no geometry; left out");
      continue;
    }
    if (!opt.filter.empty() && !geom::envelope(out.geometry).intersects(opt.filter)) continue;
    if (!visit(std::move(out))) return;
  }
  if (seen == 0 && opt.filter.empty())
    throw Error(src.source, "layer '" + layer.name + "' is empty");
  report_progress(opt.progress, 1.0, layer.name);
}

jzd::ReadOptions jzd_options(const LayerSource& src, const ReadOptions& opt) {
  jzd::ReadOptions jo;
  jo.encoding = src.encoding.empty() ? "auto" : src.encoding;
  // The user's --crs names the zone the TXT's coordinates are in, instead of its 带号 or prefix.
  if (const auto assumed = assumed_crs(src, opt)) jo.crs = assumed->label();
  return jo;
}

void stream_jzd(const LayerSource& src, const ReadOptions& opt, Layer& layer,
                const std::function<bool(Feature&&)>& visit) {
  Layer txt = jzd::read_layer(src.source, jzd_options(src, opt));
  layer.name = txt.name;
  layer.source = src.source;
  layer.role = src.role;
  layer.report = txt.report;
  layer.fields = txt.fields;
  layer.source_crs = txt.crs;
  layer.crs = opt.target ? *opt.target : txt.crs;
  // The proposals role's candidates include the TXT's own header names (DKBH, DKMC).
  if (src.role.empty()) {
    layer.mapping = txt.mapping;
  } else {
    map_fields(src, layer);
  }
  const crs::Transformer to_target(layer.source_crs, layer.crs);
  for (Feature& f : txt.features) {
    const std::string where = layer.where(f);
    if (!to_target.is_identity()) f.geometry = to_target.transform(f.geometry);
    settle_geometry(f.geometry, where, opt.repair, layer.report);
    if (!opt.filter.empty() && !geom::envelope(f.geometry).intersects(opt.filter)) continue;
    if (!visit(std::move(f))) return;
  }
}

}  // namespace

std::optional<crs::Crs> assumed_crs(const LayerSource& src, const ReadOptions& opt) {
  if (opt.assume) return opt.assume;
  if (!src.crs.empty()) return crs::Crs::from_user(src.crs, crs::Origin::Assigned);
  return std::nullopt;
}

void gdal_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // GDAL's warnings would interleave with our output; the last message is still kept for
    // the errors we raise (CPLGetLastErrorMsg).
    CPLSetErrorHandler(CPLQuietErrorHandler);
    // Shapefiles: keep reading when the .shx is damaged is *not* wanted; we check it ourselves.
    CPLSetConfigOption("OGR_GEOMETRY_ACCEPT_UNCLOSED_RING", "NO");
  });
}

bool is_jzd_source(const std::string& source) {
  const fs::path p(source);
  if (has_ext(p, ".txt")) return true;
  std::error_code ec;
  if (!fs::is_directory(p, ec)) return false;
  // A folder of shapefiles or a File Geodatabase is GDAL's; one with .txt in it or in its
  // subfolders (jzd::txt_files reads those too) is 界址点.
  for (const auto& e : fs::directory_iterator(p, ec))
    if (has_ext(e.path(), ".shp") || has_ext(e.path(), ".gdbtable")) return false;
  for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec))
    if (has_ext(it->path(), ".txt")) return true;
  return false;
}

InvalidText invalid_text(const LayerSource& src, const std::string& encoding) {
  if (src.source.rfind("PG:", 0) == 0 || !has_ext(fs::path(src.source), ".shp")) return {};
  const fs::path dbf = sidecar(src.source, ".dbf");
  if (dbf.empty()) return {};
  return find_invalid_text(dbf, encoding);
}

namespace {
std::mutex read_counts_mutex;
std::map<std::string, int> read_counts_by_source;
}  // namespace

std::map<std::string, int> read_counts() {
  std::lock_guard lock(read_counts_mutex);
  return read_counts_by_source;
}

void count_read(const LayerSource& src) {
  std::lock_guard lock(read_counts_mutex);
  ++read_counts_by_source[src.layer.empty() ? src.source : src.source + ":" + src.layer];
}

void stream_layer(const LayerSource& src, const ReadOptions& opt, Layer& layer,
                  const std::function<bool(Feature&&)>& visit) {
  if (is_jzd_source(src.source)) {
    stream_jzd(src, opt, layer, visit);
  } else {
    stream_ogr(src, opt, layer, visit);
  }
}

Layer read_layer(const LayerSource& src, const ReadOptions& opt) {
  count_read(src);
  Layer layer;
  stream_layer(src, opt, layer, [&](Feature&& f) {
    layer.features.push_back(std::move(f));
    return true;
  });
  if (layer.features.empty() && opt.filter.empty())
    throw Error(src.source, "layer '" + layer.name + "' has no features with a geometry");
  return layer;
}

std::vector<std::string> list_layers(const std::string& source) {
  if (is_jzd_source(source)) return {fs::path(source).stem().string()};
  LayerSource src;
  src.source = source;
  Opened o = open_source(src, false);
  std::vector<std::string> names;
  for (OGRLayer* l : o.ds->GetLayers()) names.emplace_back(l->GetName());
  return names;
}

crs::Crs peek_crs(const LayerSource& src) {
  // The CRS the reader would settle on: the project's per-layer crs counts here too.
  if (is_jzd_source(src.source)) return jzd::read_layer(src.source, jzd_options(src, {})).crs;
  Opened o = open_source(src);
  std::string how;
  bool swapped = false;
  return settle_crs(src, *o.layer, assumed_crs(src, {}), how, swapped);
}

}  // namespace tudi::io
