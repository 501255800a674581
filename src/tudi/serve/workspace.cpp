#include "tudi/serve/workspace.hpp"

#include <QBuffer>
#include <QImage>

#include <algorithm>
#include <cmath>

#include "tudi/check/check.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/output/json.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/render/layer_data.hpp"
#include "tudi/render/renderer.hpp"

namespace tudi::serve {
namespace {

/// Bottom layer first: survey land use under the supply layers, the control lines on top.
const std::vector<std::string>& draw_order() {
  static const std::vector<std::string> order = {"landuse", "approvals", "parcels", "zones",
                                                 "urban",   "farmland",  "redline", "proposals"};
  return order;
}

std::string png(const QImage& img) {
  QByteArray bytes;
  QBuffer buf(&bytes);
  buf.open(QIODevice::WriteOnly);
  img.save(&buf, "PNG");
  return bytes.toStdString();
}

double round_mm(double v) { return std::round(v * 1000.0) / 1000.0; }

nlohmann::json symbol_json(const render::Symbol& s) {
  return {{"fill", s.fill ? nlohmann::json(s.fill_color.hex()) : nlohmann::json(nullptr)},
          {"fill_pattern", s.fill_pattern},
          {"stroke", s.stroke ? nlohmann::json(s.stroke_color.hex()) : nlohmann::json(nullptr)},
          {"stroke_width_mm", s.stroke_width_mm},
          {"dash_mm", s.dash_mm}};
}

/// The Chinese alias of each source field that a canonical field maps to.
std::map<std::string, std::string> aliases(const Layer& layer) {
  std::map<std::string, std::string> out;
  const Role* role = find_role(layer.role);
  if (!role) return out;
  for (const auto& [canonical, source] : layer.mapping)
    if (const CanonicalField* f = find_field(*role, canonical)) out[source] = std::string(f->alias);
  return out;
}

}  // namespace

double TileGrid::resolution(int z) const { return size / tile_px / std::ldexp(1.0, z); }

Envelope TileGrid::tile(int z, int x, int y) const {
  const double span = size / std::ldexp(1.0, z);
  Envelope e;
  e.minx = origin_x + x * span;
  e.maxx = e.minx + span;
  e.maxy = origin_y - y * span;
  e.miny = e.maxy - span;
  return e;
}

nlohmann::json TileGrid::to_json() const {
  nlohmann::json res = nlohmann::json::array();
  for (int z = 0; z <= max_zoom; ++z) res.push_back(resolution(z));
  return {{"origin", {origin_x, origin_y}},
          {"extent", {origin_x, origin_y - size, origin_x + size, origin_y}},
          {"tile_size", tile_px},
          {"resolutions", res}};
}

nlohmann::json style_json(const render::Style& style) {
  nlohmann::json cats = nlohmann::json::array();
  for (const render::Category& c : style.categories)
    cats.push_back({{"value", c.value}, {"label", c.label}, {"symbol", symbol_json(c.symbol)}});
  return {{"name", style.name},
          {"title", style.title},
          {"opacity", style.opacity},
          {"symbol", symbol_json(style.symbol)},
          {"field", style.category_field},
          {"prefix", style.prefix_match},
          {"categories", cats},
          {"other_label", style.other_label}};
}

nlohmann::json attributes_json(const Layer& layer, const Feature& f) {
  nlohmann::json props = nlohmann::json::object();
  for (std::size_t i = 0; i < layer.fields.size() && i < f.values.size(); ++i)
    props[layer.fields[i].name] = output::json_value(f.values[i]);
  return props;
}

nlohmann::json geometry_json(const geom::Geometry& g) {
  if (!g || !geom::is_polygonal(g)) return nullptr;
  nlohmann::json polys = nlohmann::json::array();
  geom::for_each_ring(g, [&](int part, int ring, std::span<const double> xy) {
    if (ring == 0 || polys.empty() || static_cast<int>(polys.size()) <= part)
      polys.push_back(nlohmann::json::array());
    nlohmann::json coords = nlohmann::json::array();
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2)
      coords.push_back({round_mm(xy[i]), round_mm(xy[i + 1])});
    polys.back().push_back(std::move(coords));
  });
  return {{"type", "MultiPolygon"}, {"coordinates", polys}};
}

nlohmann::json layer_geojson(const Layer& layer) {
  nlohmann::json features = nlohmann::json::array();
  for (const Feature& f : layer.features)
    features.push_back({{"type", "Feature"},
                        {"id", f.fid},
                        {"geometry", geometry_json(f.geometry)},
                        {"properties", attributes_json(layer, f)}});
  return {{"type", "FeatureCollection"}, {"name", layer.name}, {"features", features}};
}

Workspace::Workspace(Project project, const Progress& progress) : project_(std::move(project)) {
  std::vector<std::string> roles;
  for (const auto& [role, src] : project_.layers) roles.push_back(role);
  project_layers_ = load_layers(project_, roles, scaled(progress, 0, 0.8));
  crs_ = project_layers_.crs;
  check_rules_ = check::load_settings(load_rule_pack(project_, "check"));
  std::vector<std::string> order = draw_order();
  for (const std::string& r : roles)
    if (std::find(order.begin(), order.end(), r) == order.end()) order.push_back(r);
  for (const std::string& role : order) {
    const Layer* l = project_layers_.find(role);
    if (!l) continue;
    report_progress(progress, 0.8 + 0.2 * static_cast<double>(layers_.size()) /
                                        static_cast<double>(order.size()),
                    role);
    // Not owning: the layer stays in project_layers_ (for the analyses), which outlives every
    // drawing copy the workspace hands out; nothing is read or held twice.
    const std::shared_ptr<const Layer> copy(std::shared_ptr<const Layer>(), l);
    auto data = std::make_shared<const render::LayerData>(copy);
    render::Style style = render::style_for(role);
    ServedLayer s;
    s.role = role;
    const Role* r = find_role(role);
    s.title = style.path.empty() && r ? std::string(r->alias) : style.title;
    s.layer = copy;
    s.map = render::MapLayer::make(role, data, std::move(style));
    extent_.expand(data->extent());
    layers_.push_back(std::move(s));
  }
  if (extent_.empty()) throw Error(project_.file.string(), "the project has no layer to serve");
  const double w = extent_.maxx - extent_.minx, h = extent_.maxy - extent_.miny;
  grid_.size = std::max(w, h) * 1.1;
  grid_.origin_x = (extent_.minx + extent_.maxx) / 2 - grid_.size / 2;
  grid_.origin_y = (extent_.miny + extent_.maxy) / 2 + grid_.size / 2;
  // Down to about 5 cm a pixel: finer than any boundary a county draws.
  grid_.max_zoom = std::clamp(static_cast<int>(std::ceil(std::log2(grid_.resolution(0) / 0.05))), 4, 22);
  QImage blank(grid_.tile_px, grid_.tile_px, QImage::Format_ARGB32_Premultiplied);
  blank.fill(Qt::transparent);
  blank_png_ = png(blank);
}

const ServedLayer* Workspace::find(const std::string& role) const {
  for (const ServedLayer& l : layers_)
    if (l.role == role) return &l;
  return nullptr;
}

const Layer* Workspace::layer(const std::string& role) const { return project_layers_.find(role); }

nlohmann::json Workspace::describe() const {
  nlohmann::json layers = nlohmann::json::array();
  for (const ServedLayer& l : layers_) {
    const render::LayerData& d = *l.map.data;
    const Envelope e = d.extent();
    layers.push_back({{"role", l.role},
                      {"title", l.title},
                      {"name", l.layer->name},
                      {"features", d.size()},
                      {"geometry", d.geometry_type()},
                      {"extent", {e.minx, e.miny, e.maxx, e.maxy}},
                      {"vector", d.size() <= kVectorLimit},
                      {"encoding", l.layer->report.encoding},
                      {"style", style_json(l.map.style)}});
  }
  nlohmann::json results = nlohmann::json::object();
  for (const char* name : {"overlaps", "sketch", "check_proposals", "ready_parcels", "idle_parcels",
                           "unsupplied_approved", "inefficient_land", "match_candidates",
                           "match_assigned", "new_areas", "conflicts", "scenario_zones"})
    results[name] = style_json(render::style_for(name));
  std::string title = project_.file.parent_path().filename().string();
  if (auto it = project_.sections.find("report"); it != project_.sections.end())
    if (auto v = it->second->table["title"].value<std::string>()) title = *v;
  return {{"title", title},
          {"crs", {{"epsg", crs_.epsg() ? *crs_.epsg() : 0}, {"label", crs_.label()}, {"name", crs_.name()}}},
          {"extent", {extent_.minx, extent_.miny, extent_.maxx, extent_.maxy}},
          {"grid", grid_.to_json()},
          {"layers", layers},
          {"result_styles", results},
          {"categories", check_rules_.categories},
          {"default_category", check_rules_.default_category},
          {"as_of", project_.analysis.as_of}};
}

std::string Workspace::tile(const std::string& role, int z, int x, int y) const {
  if (z < 0 || z > grid_.max_zoom || x < 0 || y < 0) return {};
  const long n = 1L << z;
  if (x >= n || y >= n) return {};
  const ServedLayer* l = find(role);
  if (!l) return {};
  const std::string key = role + "/" + std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return it->second->second;
    }
  }
  render::MapSettings s;
  s.extent = grid_.tile(z, x, y);
  s.size = QSize(grid_.tile_px, grid_.tile_px);
  s.crs = crs_;
  s.background = QColor(0, 0, 0, 0);
  // Labels cut at tile edges read badly; the browser shows attributes on identify instead.
  s.labels = false;
  std::vector<std::size_t> hits;
  l->map.data->query(s.extent, hits);
  std::string bytes = hits.empty() ? blank_png_ : png(render::render_layer(s, l->map, nullptr, nullptr, 1));
  std::lock_guard lock(cache_mutex_);
  if (!cache_.count(key)) {
    lru_.emplace_front(key, bytes);
    cache_[key] = lru_.begin();
    constexpr std::size_t kMaxTiles = 4000;
    while (lru_.size() > kMaxTiles) {
      cache_.erase(lru_.back().first);
      lru_.pop_back();
    }
  }
  return bytes;
}

nlohmann::json Workspace::identify(double x, double y, double tolerance,
                                   const std::vector<std::string>& roles) const {
  nlohmann::json out = nlohmann::json::array();
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) {
    const ServedLayer& l = *it;
    if (!roles.empty() && std::find(roles.begin(), roles.end(), l.role) == roles.end()) continue;
    const render::LayerData& d = *l.map.data;
    Envelope probe;
    probe.minx = x - tolerance;
    probe.maxx = x + tolerance;
    probe.miny = y - tolerance;
    probe.maxy = y + tolerance;
    std::vector<std::size_t> hits;
    d.query(probe, hits);
    const bool outline = !l.map.style.symbol.fill && l.map.style.categories.empty();
    const auto alias = aliases(*l.layer);
    for (std::size_t f : hits) {
      if (!d.contains(f, x, y, tolerance, outline)) continue;
      const Feature& feat = l.layer->features[f];
      nlohmann::json fields = nlohmann::json::array();
      for (std::size_t i = 0; i < l.layer->fields.size(); ++i) {
        const std::string& name = l.layer->fields[i].name;
        auto a = alias.find(name);
        fields.push_back({{"name", name},
                          {"alias", a == alias.end() ? "" : a->second},
                          {"value", output::json_value(feat.values[i])}});
      }
      out.push_back({{"role", l.role},
                     {"title", l.title},
                     {"index", f},
                     {"id", l.layer->id_of(feat)},
                     {"fields", fields},
                     {"geometry", geometry_json(feat.geometry)}});
      if (out.size() >= 20) return out;
    }
  }
  return out;
}

nlohmann::json Workspace::attributes(const std::string& role, std::size_t offset,
                                     std::size_t limit) const {
  const ServedLayer* l = find(role);
  if (!l) return nullptr;
  const auto alias = aliases(*l->layer);
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldDef& f : l->layer->fields) {
    auto a = alias.find(f.name);
    fields.push_back({{"name", f.name}, {"alias", a == alias.end() ? "" : a->second}, {"type", to_string(f.type)}});
  }
  nlohmann::json rows = nlohmann::json::array();
  const auto& feats = l->layer->features;
  for (std::size_t i = offset; i < feats.size() && i < offset + limit; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (const Value& v : feats[i].values) row.push_back(output::json_value(v));
    rows.push_back({{"index", i}, {"values", row}});
  }
  return {{"role", role}, {"title", l->title}, {"total", feats.size()}, {"offset", offset},
          {"fields", fields}, {"rows", rows}};
}

nlohmann::json Workspace::features(const std::string& role, const Envelope& bbox,
                                   std::size_t limit) const {
  const ServedLayer* l = find(role);
  if (!l) return nullptr;
  std::vector<std::size_t> hits;
  l->map.data->query(bbox.empty() ? l->map.data->extent() : bbox, hits);
  std::sort(hits.begin(), hits.end());
  nlohmann::json features = nlohmann::json::array();
  for (std::size_t f : hits) {
    if (features.size() >= limit) break;
    const Feature& feat = l->layer->features[f];
    features.push_back({{"type", "Feature"},
                        {"id", f},
                        {"geometry", geometry_json(feat.geometry)},
                        {"properties", attributes_json(*l->layer, feat)}});
  }
  return {{"type", "FeatureCollection"}, {"name", role}, {"truncated", hits.size() > limit},
          {"features", features}};
}

}  // namespace tudi::serve
