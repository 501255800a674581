#include "tudi/render/map_settings.hpp"

#include <algorithm>
#include <cmath>

namespace tudi::render {

MapLayer MapLayer::make(std::string id, std::shared_ptr<const LayerData> data, Style style) {
  MapLayer l;
  l.id = std::move(id);
  l.data = std::move(data);
  l.set_style(std::move(style));
  return l;
}

void MapLayer::set_style(Style s) {
  style = std::move(s);
  classes = data ? std::make_shared<const std::vector<std::int16_t>>(classify(data->layer(), style))
                 : nullptr;
  ++revision;
}

Envelope MapSettings::visible_extent() const {
  Envelope e = extent;
  if (e.empty() || size.width() <= 0 || size.height() <= 0) return e;
  double w = std::max(e.width(), 1e-9), h = std::max(e.height(), 1e-9);
  const double cx = (e.minx + e.maxx) / 2, cy = (e.miny + e.maxy) / 2;
  const double aspect = static_cast<double>(size.width()) / size.height();
  if (w / h > aspect) h = w / aspect;
  else w = h * aspect;
  return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

double MapSettings::map_units_per_pixel() const {
  const Envelope e = visible_extent();
  return size.width() > 0 && !e.empty() ? e.width() / size.width() : 1.0;
}

double MapSettings::scale() const { return map_units_per_pixel() * dpi / 0.0254; }

const MapLayer* MapSettings::find(const std::string& id) const {
  for (const MapLayer& l : layers)
    if (l.id == id) return &l;
  return nullptr;
}

MapToPixel::MapToPixel(const MapSettings& s) {
  const Envelope e = s.visible_extent();
  minx_ = e.minx;
  maxy_ = e.maxy;
  upp_ = s.map_units_per_pixel();
}

Envelope zoom_about(const Envelope& e, double factor, double cx, double cy) {
  return {cx - (cx - e.minx) * factor, cy - (cy - e.miny) * factor, cx + (e.maxx - cx) * factor,
          cy + (e.maxy - cy) * factor};
}

}  // namespace tudi::render
