#include "tudi/io/info.hpp"

#include <set>

#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"

namespace tudi::io {
namespace {

LayerInfo describe_one(const LayerSource& src) {
  LayerInfo info;
  info.source = src.source;
  LayerSource plain = src;
  plain.role.clear();  // map after reading, so an ambiguous mapping is reported, not fatal
  ReadOptions opt;
  opt.repair = false;
  Layer layer;
  std::set<std::string> types;
  stream_layer(plain, opt, layer, [&](Feature&& f) {
    ++info.feature_count;
    types.insert(geom::type_name(f.geometry));
    info.extent.expand(geom::envelope(f.geometry));
    return true;
  });
  info.name = layer.name;
  info.empty_count = layer.report.empty_skipped;
  info.invalid_count = layer.report.invalid;
  info.encoding = layer.report.encoding;
  info.encoding_how = layer.report.encoding_how;
  info.crs_how = layer.report.crs_how;
  info.epsg = layer.source_crs.epsg();
  info.crs_name = layer.source_crs.name();
  info.crs_origin = crs::to_string(layer.source_crs.origin());
  info.fields = layer.fields;
  for (const std::string& t : types)
    info.geometry_type += (info.geometry_type.empty() ? "" : ", ") + t;
  if (types.size() > 1) info.geometry_type = "mixed: " + info.geometry_type;
  if (types.empty()) info.geometry_type = "none";

  info.role = src.role;
  if (info.role.empty()) {
    info.role = guess_role(layer.name, layer.fields);
    info.role_guessed = !info.role.empty();
  }
  if (const Role* role = find_role(info.role)) {
    try {
      info.mapping = resolve_mapping(*role, layer.fields, src.fields, src.source);
    } catch (const Error& e) {
      if (!info.role_guessed) throw;
      info.mapping_error = e.what();
    }
  }
  return info;
}

}  // namespace

std::vector<LayerInfo> describe(const LayerSource& src) {
  if (!src.layer.empty()) return {describe_one(src)};
  std::vector<LayerInfo> out;
  for (const std::string& name : list_layers(src.source)) {
    LayerSource one = src;
    if (!is_jzd_source(src.source)) one.layer = name;
    out.push_back(describe_one(one));
  }
  return out;
}

nlohmann::json to_json(const LayerInfo& info) {
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldDef& f : info.fields) fields.push_back({{"name", f.name}, {"type", to_string(f.type)}});
  nlohmann::json j = {
      {"source", info.source},
      {"name", info.name},
      {"feature_count", info.feature_count},
      {"geometry_type", info.geometry_type},
      {"epsg", info.epsg ? nlohmann::json(*info.epsg) : nlohmann::json(nullptr)},
      {"crs", info.crs_name},
      {"crs_origin", info.crs_origin},
      {"crs_how", info.crs_how},
      {"encoding", info.encoding},
      {"encoding_how", info.encoding_how},
      {"role", info.role.empty() ? nlohmann::json(nullptr) : nlohmann::json(info.role)},
      {"role_guessed", info.role_guessed},
      {"mapping", info.mapping},
      {"fields", fields},
      {"invalid_count", info.invalid_count},
      {"empty_count", info.empty_count},
  };
  if (!info.mapping_error.empty()) j["mapping_error"] = info.mapping_error;
  if (!info.extent.empty())
    j["extent"] = {info.extent.minx, info.extent.miny, info.extent.maxx, info.extent.maxy};
  else
    j["extent"] = nullptr;
  return j;
}

}  // namespace tudi::io
