#include "tudi/report/layers.hpp"

#include <fstream>

#include "tudi/check/output.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/result_fields.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/layer_styles.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/ledger/output.hpp"
#include "tudi/match/output.hpp"
#include "tudi/render/qml.hpp"
#include "tudi/render/style.hpp"
#include "tudi/supply/output.hpp"
#include "tudi/zones/output.hpp"

namespace fs = std::filesystem;

namespace tudi::report {
namespace {

/// The layer's field names keyed by themselves and by the canonical names mapped to them,
/// translated through `written` (Shapefile short names): what a style may name.
std::map<std::string, std::string> qml_field_names(const Layer& l,
                                                   const std::vector<std::string>& written) {
  std::map<std::string, std::string> names;
  for (std::size_t i = 0; i < l.fields.size(); ++i) names[l.fields[i].name] = written[i];
  for (const auto& [canonical, source] : l.mapping)
    if (const int i = l.field_index(source); i >= 0)
      names[canonical] = written[static_cast<std::size_t>(i)];
  return names;
}

/// Each field's Chinese alias (core/result_fields), else its English name.
std::vector<std::string> aliases(const Layer& l) {
  std::vector<std::string> out;
  for (const FieldLabel& f : result_field_labels(l.name, l.fields))
    out.push_back(f.alias.empty() ? l.fields[out.size()].name : f.alias);
  return out;
}

/// The Shapefile names of a result layer's fields: the table's short names.
std::vector<std::string> shapefile_names(const Layer& l, const std::string& encoding) {
  std::vector<std::string> preferred;
  for (const FieldLabel& f : result_field_labels(l.name, l.fields)) preferred.push_back(f.short_name);
  return io::shapefile_field_names(l.fields, encoding, preferred);
}

render::QmlOptions qml_options(const ResultLayer& r, const std::vector<std::string>& written) {
  render::QmlOptions o;
  o.field_names = qml_field_names(r.layer, written);
  o.geometry = geometry_kind(r.layer);
  const std::vector<std::string> alias = aliases(r.layer);
  for (std::size_t i = 0; i < r.layer.fields.size(); ++i) o.fields.push_back({written[i], alias[i]});
  return o;
}

bool has_geometry(const Layer& l) {
  for (const Feature& f : l.features)
    if (f.geometry) return true;
  return false;
}

/// A file name from an id: path separators and characters Windows refuses become '_'.
std::string file_stem(const std::string& id) {
  std::string s;
  for (char c : id) s += std::string("/\\:*?\"<>|").find(c) == std::string::npos ? c : '_';
  return s.empty() ? "_" : s;
}

}  // namespace

std::string geometry_kind(const Layer& layer) {
  for (const Feature& f : layer.features) {
    if (!f.geometry) continue;
    const std::string t = geom::type_name(f.geometry);
    if (t.find("Point") != std::string::npos) return "point";
    if (t.find("LineString") != std::string::npos) return "line";
    return "polygon";
  }
  return "polygon";
}

std::vector<ResultLayer> result_layers(const Analyses& a) {
  std::vector<ResultLayer> out;
  auto add = [&](std::vector<Layer> layers, const std::string& analysis) {
    for (Layer& l : layers) {
      // check's proposals are named after their style, so the GeoPackage says what they are.
      if (l.name == "proposals") l.name = "check_proposals";
      std::string style = l.name;
      out.push_back({std::move(l), std::move(style), analysis});
    }
  };
  if (a.check) add(check::to_layers(*a.check), "三线核查");
  if (a.supply) {
    if (const Layer* parcels = a.layers.find("parcels"))
      add(supply::to_layers(*a.supply, *parcels), "土地供应");
  }
  if (a.match) add(match::to_layers(*a.match, *a.layers.find("parcels")), "项目匹配");
  if (a.zones) {
    std::vector<Layer> z = zones::to_layers(*a.zones);
    // Candidates are searched only on request (tudi zones --candidates): the empty layer says
    // nothing here.
    std::erase_if(z, [](const Layer& l) { return l.name == "candidates" && l.features.empty(); });
    add(std::move(z), "开发区评价");
  }
  if (a.ledger) out.push_back(ledger_result_layer(*a.ledger, a.layers.find("parcels"), a.layers.find("proposals")));
  return out;
}

ResultLayer ledger_result_layer(const ledger::Result& r, const Layer* parcels, const Layer* proposals) {
  return {ledger::to_layer(r, parcels, proposals), "ledger_projects", "项目台账"};
}

std::vector<io::LayerStyle> layer_styles(const std::vector<ResultLayer>& layers) {
  std::vector<io::LayerStyle> styles;
  for (const ResultLayer& r : layers) {
    std::vector<std::string> same;
    for (const FieldDef& f : r.layer.fields) same.push_back(f.name);
    const render::Style style = render::style_for(r.style);
    styles.push_back({r.layer.name, "geom", style.title, render::to_qml(style, qml_options(r, same)),
                      r.analysis + "：" + style.title + "（tudi " + r.style + ".toml）"});
  }
  return styles;
}

std::vector<const Layer*> layer_pointers(const std::vector<ResultLayer>& layers) {
  std::vector<const Layer*> ptrs;
  for (const ResultLayer& r : layers) ptrs.push_back(&r.layer);
  return ptrs;
}

std::vector<fs::path> write_styled_outputs(const fs::path& dir, const std::string& name,
                                           const std::string& json_text,
                                           const std::vector<output::Table>& tables,
                                           const std::vector<ResultLayer>& layers, bool overwrite) {
  io::WriteOptions wo;
  wo.overwrite = overwrite;
  return output::write_outputs(dir, name, json_text, tables, layer_pointers(layers), wo,
                               layer_styles(layers));
}

LayerFiles write_layers(const std::vector<ResultLayer>& layers, const fs::path& dir,
                        const std::string& encoding, bool overwrite,
                        const std::string& organisation) {
  LayerFiles files;
  files.field_names.title = "Shapefile字段对照";
  files.field_names.columns = {{"图层", "", 0},           {"分析", "", 0},
                               {"字段", "", 0},           {"Shapefile字段名", "", 0},
                               {"中文别名", "", 0},       {"字节数", "字节", 0}};
  const std::string enc = io::normalise_encoding(encoding);

  // One GeoPackage, UTF-8 as the format requires, each layer styled by default in QGIS.
  files.written.push_back(dir / "results.gpkg");
  io::WriteOptions gpkg_options;
  gpkg_options.overwrite = overwrite;
  output::write_gpkg(layer_pointers(layers), files.written.back(), gpkg_options, layer_styles(layers));

  // Shapefiles for ArcGIS: geometry layers only (a DBF alone is no map layer).
  io::make_output_folder(dir / "shp");
  for (const ResultLayer& r : layers) {
    if (!has_geometry(r.layer)) continue;
    const fs::path path = dir / "shp" / (r.layer.name + ".shp");
    const std::vector<std::string> names = shapefile_names(r.layer, enc);
    const std::vector<std::string> alias = aliases(r.layer);
    io::AtomicOutput out(path, overwrite);
    io::WriteOptions wo;
    wo.overwrite = true;
    wo.encoding = enc;
    wo.result_fields = true;
    io::write_layer(r.layer, out.temp(), wo);
    // The .qml under the temporary stem, so commit() moves it with the .shp family.
    fs::path qml = out.temp();
    qml.replace_extension(".qml");
    io::write_bytes(qml, render::to_qml(render::style_for(r.style), qml_options(r, names)),
                    fs::path(path).replace_extension(".qml").string());
    out.commit();
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qml", ".shp.xml"})
      files.written.push_back(fs::path(path).replace_extension(ext));
    for (std::size_t i = 0; i < names.size(); ++i)
      files.field_names.rows.push_back(
          {r.layer.name, r.analysis, r.layer.fields[i].name, names[i], alias[i],
           static_cast<std::int64_t>(io::recode(names[i], "UTF-8", enc).size())});
  }

  // 界址点 TXT per checked proposal: the format the land system takes back (DOMAIN §5).
  for (const ResultLayer& r : layers) {
    if (r.layer.name != "check_proposals" || !has_geometry(r.layer)) continue;
    io::make_output_folder(dir / "界址点");
    Layer one;  // the schema and CRS of the proposals, one feature at a time
    one.name = r.layer.name;
    one.crs = r.layer.crs;
    one.source_crs = r.layer.crs;
    one.fields = r.layer.fields;
    one.mapping = {{"id", "PROP_ID"}, {"name", "PROP_NAME"}, {"category", "CATEGORY"}};
    for (const Feature& f : r.layer.features) {
      if (!f.geometry || geom::type_name(f.geometry).find("Polygon") == std::string::npos) continue;
      one.features.clear();
      one.features.push_back(Feature{f.fid, geom::clone(f.geometry), f.values});
      const fs::path path = dir / "界址点" / (file_stem(one.id_of(one.features.front())) + ".txt");
      io::WriteOptions wo;
      wo.overwrite = overwrite;
      wo.encoding = enc;
      wo.producer = organisation;
      io::write_layer(one, path, wo);
      files.written.push_back(path);
    }
  }
  return files;
}

}  // namespace tudi::report
