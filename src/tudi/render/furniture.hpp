#pragma once
// Map furniture drawn into any QPainter (a QImage for PNG, a QPdfWriter page for the report,
// the viewer's canvas): legend, metric scale bar, north arrow and coordinate grid labels.
// Sizes are in millimetres at the given DPI so furniture looks the same on screen and paper.

#include <QPainter>
#include <QRectF>

#include <string>
#include <vector>

#include "tudi/render/map_settings.hpp"

namespace tudi::render {

/// The largest 1, 2 or 5 × 10ⁿ not above `x` (x > 0): scale-bar and grid steps.
double nice_number(double x);

/// A scale bar's length and label for a map: the longest nice distance fitting `max_px`.
struct ScaleBar {
  double metres = 0;
  double pixels = 0;
  int segments = 4;
  std::string label;  // "500 米", "2 千米"
};
ScaleBar scale_bar(double map_units_per_pixel, double max_px);

/// Draws the scale bar (alternating black and white segments, 0 and the length labelled) with
/// its bottom-left corner at `bottom_left`. Returns the rectangle it used.
QRectF draw_scale_bar(QPainter& p, const MapSettings& s, QPointF bottom_left, double max_width_mm = 30);
/// Draws a north arrow filling `box` (an arrow with a half-filled head and 北 beneath).
void draw_north_arrow(QPainter& p, const QRectF& box, double dpi);
/// Draws a style symbol as a legend swatch.
void draw_symbol(QPainter& p, const QRectF& box, const Symbol& sym, double dpi,
                 const std::string& geometry = "polygon");

/// One legend line: a layer title (level 0) or one of its classes (level 1).
struct LegendEntry {
  std::string label;
  int level = 0;
  bool has_symbol = true;
  Symbol symbol;
  std::string geometry = "polygon";
};
/// The legend lines of a layer: its title with its symbol, or the title then each category
/// present (and "other" when used).
std::vector<LegendEntry> legend_entries(const MapLayer& layer, bool only_present = true);
/// The legend of the visible layers (top layer first), boxed, anchored at `top_left` (or
/// right-aligned when `align_right`). Returns the rectangle it used.
QRectF draw_legend(QPainter& p, const MapSettings& s, QPointF anchor, bool align_right = false,
                   const std::string& title = "图例");

/// Grid ticks and coordinate labels (whole metres) along the frame's edges at a nice step, and
/// with `lines` thin grid lines across the map.
void draw_grid(QPainter& p, const MapSettings& s, const QRectF& frame, bool lines = false);

/// What a finished figure carries besides the map.
struct FigureOptions {
  bool legend = true, scale_bar = true, north_arrow = true;
  bool grid = true;          // coordinate labels around the frame (leave ~6 mm outside it)
  bool grid_lines = false;   // and thin grid lines across the map
  /// Draw the map as an image at the device's resolution instead of vectors; chosen
  /// automatically when more than `vector_limit` features are in view (a PDF of a million
  /// polygons helps nobody).
  bool raster = false;
  std::size_t vector_limit = 20000;
};
/// Where a figure put the map and its legend (the painter's coordinates; legend empty = none).
struct FigureLayout {
  QRectF map, legend;
};
/// A map figure filling `frame` of any painter (QImage, QPdfWriter page, widget): the map, the
/// grid labels around it, north arrow top-left, scale bar bottom-left, and the legend in the
/// corner where it covers none of the drawing, else beside the map inside `frame` (the map
/// narrowed to make room); a legend taller than the map takes columns, then smaller type.
/// `s.size` and `s.dpi` are taken from the frame and the painter's device.
FigureLayout draw_figure(QPainter& p, const QRectF& frame, MapSettings s, const FigureOptions& o = {});

}  // namespace tudi::render
