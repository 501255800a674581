#include "tudi/io/writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "tudi/core/error.hpp"
#include "tudi/core/result_fields.hpp"
#include "tudi/core/text.hpp"
#include "tudi/crs/transform.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/gpkg_rtree.hpp"
#include "tudi/io/jzd.hpp"
#include "tudi/io/reader.hpp"

namespace fs = std::filesystem;

namespace tudi::io {
namespace {

const char* driver_name(Format f) {
  switch (f) {
    case Format::GeoPackage: return "GPKG";
    case Format::Shapefile: return "ESRI Shapefile";
    case Format::GeoJSON: return "GeoJSON";
    case Format::Jzd: return "";
  }
  return "";
}

OGRFieldType ogr_type(FieldType t, Format f) {
  switch (t) {
    case FieldType::Integer: return f == Format::Shapefile ? OFTInteger64 : OFTInteger64;
    case FieldType::Real: return OFTReal;
    case FieldType::Date: return OFTDate;
    case FieldType::String: return OFTString;
  }
  return OFTString;
}

/// The layer geometry type: Multi* for polygonal and linear layers so parts and singles mix.
OGRwkbGeometryType layer_geometry_type(const Layer& layer) {
  std::set<int> types;
  for (const Feature& f : layer.features)
    if (f.geometry) types.insert(geom::type_id(f.geometry));
  if (types.empty()) return wkbMultiPolygon;  // schema-only writers carry polygons
  auto only = [&](std::initializer_list<int> allowed) {
    return std::all_of(types.begin(), types.end(), [&](int t) {
      return std::find(allowed.begin(), allowed.end(), t) != allowed.end();
    });
  };
  if (only({GEOS_POLYGON, GEOS_MULTIPOLYGON})) return wkbMultiPolygon;
  if (only({GEOS_LINESTRING, GEOS_MULTILINESTRING})) return wkbMultiLineString;
  if (only({GEOS_POINT})) return wkbPoint;
  if (only({GEOS_POINT, GEOS_MULTIPOINT})) return wkbMultiPoint;
  return wkbUnknown;
}


}  // namespace

Format format_for(const fs::path& path) {
  std::string e = path.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  if (e == ".gpkg") return Format::GeoPackage;
  if (e == ".shp") return Format::Shapefile;
  if (e == ".geojson" || e == ".json") return Format::GeoJSON;
  if (e == ".txt") return Format::Jzd;
  throw UsageError(path.string(), "unknown output format (use .gpkg, .shp, .geojson or .txt)");
}

std::vector<std::string> shapefile_field_names(const std::vector<FieldDef>& fields,
                                               const std::string& encoding,
                                               const std::vector<std::string>& preferred) {
  std::vector<std::string> out;
  std::set<std::string> used;
  auto bytes = [&](const std::string& s) { return recode(s, "UTF-8", encoding).size(); };
  // Preferred names are taken first, so a shortened name never takes one of them.
  for (std::size_t i = 0; i < fields.size() && i < preferred.size(); ++i)
    if (!preferred[i].empty() && bytes(preferred[i]) <= 10) used.insert(preferred[i]);
  std::set<std::string> given;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldDef& f = fields[i];
    if (i < preferred.size() && used.count(preferred[i]) && !given.count(preferred[i])) {
      given.insert(preferred[i]);
      out.push_back(preferred[i]);
      continue;
    }
    std::string name = f.name;
    // Drop whole UTF-8 characters from the end until the encoded name fits in 10 bytes.
    auto shorten = [&](std::string s, std::size_t limit) {
      while (bytes(s) > limit) s.erase(utf8_floor(s, s.size() - 1));
      return s;
    };
    name = shorten(name, 10);
    for (int n = 1; used.count(name); ++n) {
      const std::string suffix = "_" + std::to_string(n);
      name = shorten(f.name, 10 - suffix.size()) + suffix;
    }
    used.insert(name);
    out.push_back(name);
  }
  return out;
}

std::string shapefile_metadata(const std::string& title, const std::vector<ShapefileField>& fields) {
  auto esc = [](const std::string& t) { return xml_escape(t); };
  auto type = [](FieldType t) {
    switch (t) {
      case FieldType::Integer: return "Integer";
      case FieldType::Real: return "Double";
      case FieldType::Date: return "Date";
      case FieldType::String: return "String";
    }
    return "String";
  };
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata xml:lang=\"zh\">\n"
                  "  <Esri><ArcGISFormat>1.0</ArcGISFormat></Esri>\n"
                  "  <dataIdInfo><idCitation><resTitle>" + esc(title) + "</resTitle></idCitation>"
                  "</dataIdInfo>\n  <eainfo>\n    <detailed Name=\"" + esc(title) + "\">\n"
                  "      <enttyp><enttypl>" + esc(title) + "</enttypl><enttypt>Feature Class</enttypt>"
                  "</enttyp>\n";
  for (const ShapefileField& f : fields)
    x += "      <attr><attrlabl>" + esc(f.name) + "</attrlabl><attalias>" +
         esc(f.alias.empty() ? f.name : f.alias) + "</attalias><attrtype>" + type(f.type) +
         "</attrtype><attrdef>" + esc(f.alias.empty() ? f.name : f.alias) + "</attrdef></attr>\n";
  x += "    </detailed>\n  </eainfo>\n</metadata>\n";
  return x;
}

struct LayerWriter::Impl {
  Format format;
  AtomicOutput out;
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
  std::vector<FieldDef> fields;
  std::vector<ShapefileField> metadata;  // a result layer's Shapefile fields: its .shp.xml
  std::string title;
  std::optional<crs::Transformer> transform;
  std::string encoding;
  std::int64_t count = 0;
  /// Each layer made so far, by the name GDAL gave it, with the features written into it.
  std::vector<std::pair<std::string, std::int64_t>> written;
  /// GeoPackage layers with geometry: table, fid column, geometry column — indexed at commit.
  struct Indexed {
    std::string table, fid, geom;
  };
  std::vector<Indexed> to_index;

  Impl(const fs::path& path, const WriteOptions& opt)
      : format(format_for(path)), out(path, opt.overwrite) {}

  void open() {
    gdal_init();
    if (format == Format::Jzd)
      throw UsageError(out.target().string(), "a 界址点 TXT is written whole, not streamed");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name(format));
    if (!driver) throw Error(out.target().string(), "GDAL lacks the driver for this format");
    ds.reset(driver->Create(out.temp().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(out.target().string(), std::string("cannot create: ") + CPLGetLastErrorMsg());
  }

  void create_layer(const Layer& schema, const WriteOptions& opt) {
    if (layer) {
      if (format != Format::GeoPackage)
        throw UsageError(out.target().string(), "several layers need a GeoPackage (.gpkg)");
      ds->CommitTransaction();
    }
    transform.reset();
    const crs::Crs& target = opt.target ? *opt.target : schema.crs;
    if (opt.target && !schema.crs.empty()) transform.emplace(schema.crs, *opt.target);
    CPLStringList lco;
    encoding = format == Format::Shapefile ? normalise_encoding(opt.encoding) : "UTF-8";
    if (format == Format::Shapefile) lco.SetNameValue("ENCODING", encoding.c_str());
    if (format == Format::GeoJSON) lco.SetNameValue("RFC7946", "NO");
    // The spatial index is built once at commit (build_gpkg_rtree), not by GDAL per insert.
    if (format == Format::GeoPackage) lco.SetNameValue("SPATIAL_INDEX", "NO");
    const std::string name = !opt.layer_name.empty() && !layer ? opt.layer_name
                             : format == Format::Shapefile ? out.temp().stem().string()
                                                           : schema.name;
    // GDAL 3.6 takes a non-const spatial reference: hand it a copy.
    std::unique_ptr<OGRSpatialReference> srs(target.empty() ? nullptr : target.srs()->Clone());
    layer = ds->CreateLayer(name.c_str(), srs.get(), layer_geometry_type(schema), lco.List());
    if (!layer) throw Error(out.target().string(), std::string("cannot create layer: ") + CPLGetLastErrorMsg());
    written.emplace_back(layer->GetName(), 0);
    if (format == Format::GeoPackage && layer->GetGeomType() != wkbNone)
      to_index.push_back({layer->GetName(), layer->GetFIDColumn(), layer->GetGeometryColumn()});
    fields = schema.fields;
    const std::vector<FieldLabel> labels =
        opt.result_fields ? result_field_labels(schema.name, fields) : std::vector<FieldLabel>{};
    std::vector<std::string> preferred;
    for (const FieldLabel& l : labels) preferred.push_back(l.short_name);
    const std::vector<std::string> names =
        format == Format::Shapefile ? shapefile_field_names(fields, encoding, preferred)
                                    : [&] {
                                        std::vector<std::string> n;
                                        for (const FieldDef& f : fields) n.push_back(f.name);
                                        return n;
                                      }();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      OGRFieldDefn fd(names[i].c_str(), ogr_type(fields[i].type, format));
      if (format == Format::Shapefile && fields[i].type == FieldType::String) fd.SetWidth(254);
      if (layer->CreateField(&fd) != OGRERR_NONE)
        throw Error(out.target().string(), "cannot create field " + names[i]);
    }
    if (format == Format::Shapefile && opt.result_fields) {
      title = schema.name;
      for (std::size_t i = 0; i < fields.size(); ++i)
        metadata.push_back({names[i], labels[i].alias.empty() ? fields[i].name : labels[i].alias,
                            fields[i].type});
    }
    ds->StartTransaction();
  }

  void add(const Feature& f) {
    OGRFeatureUniquePtr of(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t i = 0; i < fields.size() && i < f.values.size(); ++i) {
      const int idx = static_cast<int>(i);
      const Value& v = f.values[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        of->SetField(idx, static_cast<GIntBig>(*n));
      } else if (const auto* d = std::get_if<double>(&v)) {
        of->SetField(idx, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        of->SetField(idx, s->c_str());
      } else {
        of->SetFieldNull(idx);
      }
    }
    if (f.geometry) {
      // Straight to WKB unless reprojected: no GEOS copy of every feature on its way out.
      const std::vector<std::uint8_t> wkb =
          transform ? geom::to_wkb(transform->transform(f.geometry)) : geom::to_wkb(f.geometry);
      OGRGeometry* og = nullptr;
      if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &og, wkb.size()) != OGRERR_NONE)
        throw Error(out.target().string(), "cannot convert geometry of feature " + std::to_string(f.fid));
      const OGRwkbGeometryType want = layer->GetGeomType();
      if (want == wkbMultiPolygon || want == wkbMultiLineString || want == wkbMultiPoint)
        og = OGRGeometryFactory::forceTo(og, want);
      of->SetGeometryDirectly(og);
    }
    if (layer->CreateFeature(of.get()) != OGRERR_NONE)
      throw Error(out.target().string(), "cannot write feature " + std::to_string(f.fid) + ": " +
                                             CPLGetLastErrorMsg());
    ++written.back().second;
    // Commit in chunks: one huge transaction costs memory in SQLite's journal.
    if (++count % 100000 == 0) {
      ds->CommitTransaction();
      ds->StartTransaction();
    }
  }

  void commit() {
    const std::string where = out.target().string();
    CPLErrorReset();
    if (ds->CommitTransaction() != OGRERR_NONE && format == Format::GeoPackage)
      throw Error(where, std::string("cannot write: ") + CPLGetLastErrorMsg());
    ds.reset();  // flush and close before renaming
    // GDAL 3.6 reports a failed close only through its error state (a full disk, a vanished
    // folder): a file that cannot be finished must not be renamed into place.
    if (CPLGetLastErrorType() >= CE_Failure)
      throw Error(where, std::string("cannot finish writing: ") + CPLGetLastErrorMsg());
    for (const Indexed& l : to_index) build_gpkg_rtree(out.temp(), l.table, l.fid, l.geom, where);
    if (format == Format::Shapefile) {
      // GDAL writes a .cpg for UTF-8 only; ArcGIS and GDAL both read "936" for GBK.
      fs::path cpg = out.temp();
      cpg.replace_extension(".cpg");
      std::ofstream f(cpg, std::ios::binary | std::ios::trunc);
      f << cpg_for(encoding) << '\n';
      f.close();
      if (!f) throw Error(where, "cannot write " + cpg.filename().string());
      // ArcGIS reads <name>.shp.xml as the layer's metadata: the Chinese alias of each field.
      if (!metadata.empty())
        write_bytes(out.temp().string() + ".xml", shapefile_metadata(title, metadata),
                    fs::path(where).filename().string() + ".xml");
    }
    verify();
    out.commit();
  }

  /// Reads the closed file back: every layer there with every feature written. Drivers do not
  /// all report a short write (the GeoJSON driver on a full disk closes a cut-off file quietly),
  /// so the file itself is the check.
  void verify() const {
    const std::string where = out.target().string();
    const char* drivers[] = {driver_name(format), nullptr};
    GDALDatasetUniquePtr back(GDALDataset::Open(out.temp().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                drivers, nullptr, nullptr));
    if (!back)
      throw Error(where, "the file written cannot be read back (is the disk full?): " +
                             std::string(CPLGetLastErrorMsg()));
    for (const auto& [name, n] : written) {
      OGRLayer* l = format == Format::Shapefile ? back->GetLayer(0) : back->GetLayerByName(name.c_str());
      const GIntBig got = l ? l->GetFeatureCount(TRUE) : -1;
      if (got != n)
        throw Error(where, fmt::format("layer {} holds {} of the {} features written (is the disk "
                                       "full?)", name, got, n));
    }
  }
};

LayerWriter::LayerWriter(const fs::path& path, const Layer& schema, const WriteOptions& opt)
    : impl_(std::make_unique<Impl>(path, opt)), opt_(opt) {
  impl_->open();
  impl_->create_layer(schema, opt);
}
void LayerWriter::next_layer(const Layer& schema) { impl_->create_layer(schema, opt_); }
LayerWriter::~LayerWriter() = default;
void LayerWriter::add(const Feature& f) { impl_->add(f); }
void LayerWriter::commit() { impl_->commit(); }

void write_layer(const Layer& layer, const fs::path& path, const WriteOptions& opt) {
  if (format_for(path) == Format::Jzd) {
    jzd::WriteOptions jo;
    jo.encoding = normalise_encoding(opt.encoding);
    if (!opt.producer.empty()) jo.producer = opt.producer;
    if (opt.target && !opt.target->same_as(layer.crs)) {
      Layer moved;
      moved.name = layer.name;
      moved.source = layer.source;
      moved.crs = *opt.target;
      moved.fields = layer.fields;
      moved.mapping = layer.mapping;
      const crs::Transformer t(layer.crs, *opt.target);
      for (const Feature& f : layer.features)
        moved.features.push_back({f.fid, t.transform(f.geometry), f.values});
      jzd::write_file(moved, path, jo, opt.overwrite);
    } else {
      jzd::write_file(layer, path, jo, opt.overwrite);
    }
    return;
  }
  LayerWriter w(path, layer, opt);
  for (const Feature& f : layer.features) w.add(f);
  w.commit();
}

void write_gpkg(const std::vector<const Layer*>& layers, const fs::path& path,
                const WriteOptions& opt) {
  if (format_for(path) != Format::GeoPackage)
    throw UsageError(path.string(), "several layers need a GeoPackage (.gpkg)");
  if (layers.empty()) throw Error(path.string(), "nothing to write");
  LayerWriter w(path, *layers.front(), opt);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (i > 0) w.next_layer(*layers[i]);
    for (const Feature& f : layers[i]->features) w.add(f);
  }
  w.commit();
}

}  // namespace tudi::io
