#include "tudi/project/sources.hpp"

#include <cstdio>
#include <optional>
#include <utility>

#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/core/text.hpp"
#include "tudi/io/parallel_read.hpp"

namespace fs = std::filesystem;

namespace tudi {
namespace {

/// How the why sentence names a source: by its role in a project, else by its file.
std::string label_of(const io::LayerSource& src) {
  if (!src.role.empty()) return src.role;
  std::string name = fs::path(src.source).filename().string();
  if (name.empty()) name = src.source;
  return src.layer.empty() ? name : name + ":" + src.layer;
}

const Role& role_for(const Layer& layer, const std::string& role) {
  const Role* r = find_role(role);
  if (!r)
    throw Error(layer.source,
                "图层 " + layer.name + " 不能用作 " + role + "：没有这种图层角色 (unknown role)");
  return *r;
}

}  // namespace

std::optional<crs::Crs> auto_working_crs(const std::vector<io::LayerSource>& sources,
                                         std::string* why) {
  // A Gauss-Krüger zone of the sources, preferring one whose eastings carry the zone prefix:
  // one unprefixed layer among prefixed ones must not strip the prefix from every output
  // (486100 instead of 38486100), and 界址点 TXT carry the prefix.
  std::optional<std::pair<std::string, crs::Crs>> first, prefixed;
  std::vector<std::string> zoned, all;
  std::vector<std::pair<const io::LayerSource*, crs::Crs>> peeked;
  for (const io::LayerSource& src : sources) {
    const crs::Crs c = io::peek_crs(src);
    if (c.empty()) continue;
    const std::string name = label_of(src);
    all.push_back(name + " " + c.label());
    peeked.emplace_back(&src, c);
    const auto zone = c.epsg() ? crs::gk_zone(*c.epsg()) : std::nullopt;
    if (!zone) continue;
    zoned.push_back(name + " " + c.label());
    if (!first) first.emplace(name, c);
    if (zone->prefixed && !prefixed) prefixed.emplace(name, c);
  }
  if (first) {
    const auto& [name, chosen] = prefixed ? *prefixed : *first;
    if (why)
      *why = "取图层 " + name + " 的 " + chosen.label() +
             (prefixed ? "（东坐标带带号前缀，优先于无前缀的分带）" : "（各图层均无带号前缀）") +
             "；各图层：" + join(zoned, "，");
    return chosen.with_origin(crs::Origin::Detected);
  }
  // Degrees: the scale bar and areas need metres, so the zone the data lies in.
  for (const auto& [src, c] : peeked) {
    if (!c.is_geographic()) continue;
    const Envelope e = io::read_schema(*src).extent;
    if (e.empty()) continue;
    const double lon = (e.minx + e.maxx) / 2;
    const crs::Crs chosen = crs::Crs::from_epsg(crs::epsg_3deg_for_longitude(lon, true));
    if (why) {
      char deg[32];
      std::snprintf(deg, sizeof deg, "%.2f", lon);
      *why = "图层均不在高斯-克吕格分带中；取经纬度图层 " + label_of(*src) + " 中心经度 " + deg +
             "° 所在的 3° 带 " + chosen.label() + "；各图层：" + join(all, "，");
    }
    return chosen.with_origin(crs::Origin::Detected);
  }
  for (const auto& [src, c] : peeked) {
    if (!crs::unsuitable_for_areas(c).empty()) continue;
    if (why)
      *why = "图层均不在高斯-克吕格分带中；取图层 " + label_of(*src) + " 自身的 " + c.label() +
             "；各图层：" + join(all, "，");
    return c.with_origin(crs::Origin::Detected);
  }
  return std::nullopt;
}

crs::Crs working_crs(const std::vector<io::LayerSource>& sources, std::string* why) {
  if (auto c = auto_working_crs(sources, why)) return *c;
  std::vector<std::string> all;
  for (const io::LayerSource& src : sources) all.push_back(label_of(src));
  throw Error(join(all, ", "),
              "no working CRS: no layer is in a Gauss-Krüger zone, in degrees or in "
              "a projected CRS that areas can be counted in");
}

std::vector<Layer> read_into(const std::vector<io::LayerSource>& sources, const crs::Crs& crs,
                             const Progress& progress) {
  std::vector<Layer> out;
  const double n = static_cast<double>(sources.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    io::ReadOptions opt;
    opt.target = crs;
    opt.progress = scaled(progress, static_cast<double>(i) / n, static_cast<double>(i + 1) / n);
    out.push_back(io::read_layer(sources[i], opt));
  }
  return out;
}

LoadedSources load_sources(const std::vector<fs::path>& paths, const crs::Crs& into,
                           const Progress& progress) {
  std::vector<io::LayerSource> sources(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) sources[i].source = paths[i].string();
  LoadedSources out;
  out.crs = into.empty() ? working_crs(sources, &out.crs_why) : into;
  for (Layer& layer : read_into(sources, out.crs, progress)) {
    std::string suggested = guess_role(layer.name, layer.fields);
    out.layers.push_back({std::move(layer), std::move(suggested)});
  }
  return out;
}

std::map<std::string, std::vector<std::string>> field_choices(const Layer& layer,
                                                              const std::string& role) {
  std::map<std::string, std::vector<std::string>> out;
  for (const CanonicalField& cf : role_for(layer, role).fields) {
    std::vector<std::string> found;
    for (std::string_view cand : cf.candidates)
      if (const int i = layer.field_index(cand); i >= 0)
        found.push_back(layer.fields[static_cast<std::size_t>(i)].name);
    if (found.size() > 1) out[std::string(cf.name)] = std::move(found);
  }
  return out;
}

void assign_role(Layer& layer, const std::string& role, const FieldMapping& named) {
  const Role& r = role_for(layer, role);
  const std::string as =
      "图层 " + layer.name + " 不能用作" + std::string(r.alias) + "（" + role + "）";
  ResolvedFields resolved;
  try {
    resolved = resolve_fields(r, layer.fields, named, "");
  } catch (const Error& e) {
    throw Error(layer.source, as + "：" + e.what());
  }
  std::vector<std::string> lacking, names;
  for (const std::string& m : resolved.report.missing)
    if (const CanonicalField* f = find_field(r, m); f && f->required) {
      lacking.push_back(m + "（" + std::string(f->alias) + "）");
      names.push_back(m);
    }
  if (!lacking.empty())
    throw Error(layer.source, as + "：缺少必需字段 " + join(lacking, "、") +
                                  " (lacks the required " + join(names, ", ") + ")");
  layer.role = role;
  layer.mapping = std::move(resolved.mapping);
  layer.report.fields = std::move(resolved.report);
}

void clear_role(Layer& layer) {
  layer.role.clear();
  layer.mapping.clear();
  layer.report.fields = {};
}

}  // namespace tudi
