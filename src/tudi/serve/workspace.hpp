#pragma once
// The project as the server holds it: every configured layer read once into the working CRS,
// made ready for drawing once, and shared read-only by every request and job. Map tiles are
// drawn by tudi::render with the viewer's and the report's styles.

#include <nlohmann/json.hpp>

#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tudi/check/settings.hpp"
#include "tudi/project/project.hpp"
#include "tudi/render/map_settings.hpp"

namespace tudi::serve {

/// One project layer as served: the layer, its drawing copy, style and categories.
struct ServedLayer {
  std::string role;
  std::string title;  // Chinese ("永久基本农田")
  std::shared_ptr<const Layer> layer;
  render::MapLayer map;
};

/// The tile pyramid over the project's extent, in the working CRS: a square of `size` map
/// units at level 0 with its top-left corner at `origin`, each level halving the resolution.
struct TileGrid {
  double origin_x = 0, origin_y = 0;
  double size = 1;
  int tile_px = 256;
  int max_zoom = 16;
  double resolution(int z) const;
  Envelope tile(int z, int x, int y) const;
  nlohmann::json to_json() const;
};

/// Layers with at most this many features can be sent whole as GeoJSON.
inline constexpr std::size_t kVectorLimit = 3000;

/// The shared, read-only project state, plus a bounded cache of rendered tiles.
class Workspace {
 public:
  /// Reads every configured layer (progress may cancel). Throws tudi::Error naming the source.
  explicit Workspace(Project project, const Progress& progress = {});

  const Project& project() const { return project_; }
  const crs::Crs& crs() const { return crs_; }
  const std::vector<ServedLayer>& layers() const { return layers_; }
  const ServedLayer* find(const std::string& role) const;
  /// The role's layer for analyses, or nullptr when the project has none.
  const Layer* layer(const std::string& role) const;
  const ProjectLayers& project_layers() const { return project_layers_; }
  const check::Settings& check_rules() const { return check_rules_; }
  const TileGrid& grid() const { return grid_; }
  Envelope extent() const { return extent_; }

  /// The project for the browser: title, CRS (EPSG code), extent, tile grid, layers with their
  /// legends, the styles of result layers, the check's project categories.
  nlohmann::json describe() const;
  /// A 256-px PNG of one layer's tile; empty when the tile is outside the grid. Cached.
  std::string tile(const std::string& role, int z, int x, int y) const;
  /// Features under a map point in each of `roles` (top layer first), with their attributes.
  nlohmann::json identify(double x, double y, double tolerance,
                          const std::vector<std::string>& roles) const;
  /// A page of a layer's attribute table: fields (source name and Chinese alias) and rows.
  nlohmann::json attributes(const std::string& role, std::size_t offset, std::size_t limit) const;
  /// A layer's features meeting `bbox` as GeoJSON (working-CRS coordinates), at most `limit`.
  nlohmann::json features(const std::string& role, const Envelope& bbox,
                          std::size_t limit) const;

 private:
  Project project_;
  ProjectLayers project_layers_;
  crs::Crs crs_;
  std::vector<ServedLayer> layers_;  // bottom first
  check::Settings check_rules_;
  TileGrid grid_;
  Envelope extent_;
  std::string blank_png_;

  mutable std::mutex cache_mutex_;
  mutable std::list<std::pair<std::string, std::string>> lru_;  // key → PNG, most recent first
  mutable std::map<std::string, std::list<std::pair<std::string, std::string>>::iterator> cache_;
};

/// A style as JSON for the browser's legend and vector layers: title, symbol, categories.
nlohmann::json style_json(const render::Style& style);
/// A feature's attributes as {source field name: value}.
nlohmann::json attributes_json(const Layer& layer, const Feature& f);
/// A geometry as a GeoJSON geometry object (polygons; null for other types), coordinates rounded
/// to millimetres.
nlohmann::json geometry_json(const geom::Geometry& g);
/// A layer as a GeoJSON FeatureCollection with its attributes as properties.
nlohmann::json layer_geojson(const Layer& layer);

}  // namespace tudi::serve
