#pragma once
// What a map shows, as a value: the snapshot a render job copies, so the viewer can go on
// changing its layers while a job draws (QGIS's QgsMapSettings in spirit).

#include <QColor>
#include <QPointF>
#include <QSize>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tudi/crs/crs.hpp"
#include "tudi/render/layer_data.hpp"
#include "tudi/render/style.hpp"

namespace tudi::render {

/// One layer as drawn: shared data, a style and the per-feature categories under that style.
struct MapLayer {
  std::string id;  // unique within a map; keys the per-layer image cache
  std::shared_ptr<const LayerData> data;
  Style style;
  std::shared_ptr<const std::vector<std::int16_t>> classes;  // classify(layer, style)
  bool visible = true;
  double opacity = 1.0;         // applied when compositing, so changing it needs no redraw
  std::uint64_t revision = 0;   // bump when style or data change: invalidates cached images
  /// Features drawn on top in the selection colour (attribute-table and identify selections).
  std::shared_ptr<const std::vector<std::size_t>> selected;

  /// A layer with its categories worked out.
  static MapLayer make(std::string id, std::shared_ptr<const LayerData> data, Style style);
  /// Replaces the style and recomputes the categories.
  void set_style(Style s);
};

/// The output rectangle, its map extent and the layers, bottom layer first.
struct MapSettings {
  Envelope extent;  // the map area wanted; widened to the output's aspect when drawn
  QSize size{800, 600};   // output in pixels
  double dpi = 96;        // for mm-based widths and point-sized text
  crs::Crs crs;
  QColor background = QColor(255, 255, 255);
  std::vector<MapLayer> layers;
  bool labels = true;
  /// Anti-aliasing is switched off for a layer with more features in view than this: at that
  /// density it costs seconds and shows nothing.
  std::size_t antialias_limit = 60000;
  QColor selection = QColor(255, 230, 0);

  /// The extent actually shown: `extent` grown in one direction to the output's aspect ratio,
  /// about the same centre.
  Envelope visible_extent() const;
  double map_units_per_pixel() const;
  /// The scale denominator (1:N) at this DPI, for metres as map units.
  double scale() const;
  double mm_to_px(double mm) const { return mm * dpi / 25.4; }
  double pt_to_px(double pt) const { return pt * dpi / 72.0; }
  const MapLayer* find(const std::string& id) const;
};

/// Map coordinates ↔ output pixels for one settings snapshot (y grows downwards on screen).
class MapToPixel {
 public:
  explicit MapToPixel(const MapSettings& s);
  QPointF to_pixel(double x, double y) const { return {(x - minx_) / upp_, (maxy_ - y) / upp_}; }
  double px(double x) const { return (x - minx_) / upp_; }
  double py(double y) const { return (maxy_ - y) / upp_; }
  std::pair<double, double> to_map(QPointF p) const { return {minx_ + p.x() * upp_, maxy_ - p.y() * upp_}; }
  double units_per_pixel() const { return upp_; }

 private:
  double minx_ = 0, maxy_ = 0, upp_ = 1;
};

/// The smallest extent of `e` zoomed by `factor` (< 1 zooms in) about the map point (cx, cy).
Envelope zoom_about(const Envelope& e, double factor, double cx, double cy);

}  // namespace tudi::render
