#include "tudi/render/furniture.hpp"

#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <set>

#include "tudi/render/fonts.hpp"
#include "tudi/render/renderer.hpp"

namespace tudi::render {
namespace {

QColor qcolor(const Rgba& c) { return QColor(c.r, c.g, c.b, c.a); }
double mm(double v, double dpi) { return v * dpi / 25.4; }

QString distance_label(double m) {
  if (m >= 1000) {
    const double km = m / 1000;
    return QString::number(km, 'g', 6) + QStringLiteral(" 千米");
  }
  return QString::number(m, 'g', 6) + QStringLiteral(" 米");
}

}  // namespace

double nice_number(double x) {
  if (!(x > 0)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  const double f = x / p;
  const double n = f >= 5 ? 5 : f >= 2 ? 2 : 1;
  return n * p;
}

ScaleBar scale_bar(double upp, double max_px) {
  ScaleBar b;
  b.metres = nice_number(upp * max_px);
  b.pixels = upp > 0 ? b.metres / upp : 0;
  const double lead = b.metres / std::pow(10.0, std::floor(std::log10(b.metres)));
  b.segments = lead == 2 ? 4 : lead == 5 ? 5 : 4;
  b.label = distance_label(b.metres).toStdString();
  return b;
}

QRectF draw_scale_bar(QPainter& p, const MapSettings& s, QPointF bl, double max_width_mm) {
  const ScaleBar b = scale_bar(s.map_units_per_pixel(), s.mm_to_px(max_width_mm));
  if (b.pixels <= 0) return {};
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  const double h = s.mm_to_px(1.6);
  const QFont font = map_font(s.pt_to_px(8));
  const QFontMetricsF fm(font);
  p.setFont(font);
  const double label_h = fm.height();
  // A white backing so the bar reads over any map.
  const QString end = QString::fromStdString(b.label);
  const double pad = s.mm_to_px(1.2);
  const QRectF back(bl.x() - pad, bl.y() - h - label_h - 2 * pad,
                    b.pixels + fm.horizontalAdvance(end) / 2 + fm.horizontalAdvance("0") / 2 + 2 * pad + pad,
                    h + label_h + 3 * pad);
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(255, 255, 255, 215));
  p.drawRect(back);
  const double x0 = bl.x() + fm.horizontalAdvance("0") / 2, y0 = bl.y() - pad - h;
  const double seg = b.pixels / b.segments;
  p.setPen(QPen(Qt::black, std::max(1.0, s.mm_to_px(0.2))));
  for (int i = 0; i < b.segments; ++i) {
    p.setBrush(i % 2 ? Qt::white : Qt::black);
    p.drawRect(QRectF(x0 + i * seg, y0, seg, h));
  }
  p.setPen(Qt::black);
  const double ty = y0 - pad * 0.5;
  p.drawText(QPointF(x0 - fm.horizontalAdvance("0") / 2, ty), QStringLiteral("0"));
  p.drawText(QPointF(x0 + b.pixels - fm.horizontalAdvance(end) / 2, ty), end);
  p.restore();
  return back;
}

void draw_north_arrow(QPainter& p, const QRectF& box, double dpi) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  const QFont font = map_font(std::max(8.0, box.height() * 0.28), true);
  const QFontMetricsF fm(font);
  const double text_h = fm.height();
  const double ah = box.height() - text_h;
  const double cx = box.center().x(), top = box.top();
  const double w = std::min(box.width(), ah * 0.6) / 2;
  QPainterPath left, right;
  left.moveTo(cx, top);
  left.lineTo(cx - w, top + ah);
  left.lineTo(cx, top + ah * 0.72);
  left.closeSubpath();
  right.moveTo(cx, top);
  right.lineTo(cx + w, top + ah);
  right.lineTo(cx, top + ah * 0.72);
  right.closeSubpath();
  const QPen pen(Qt::black, std::max(1.0, mm(0.25, dpi)), Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin);
  // A white halo keeps it legible over dark fills.
  QPen halo(QColor(255, 255, 255, 220), std::max(3.0, mm(1.0, dpi)));
  halo.setJoinStyle(Qt::RoundJoin);
  p.strokePath(left.united(right), halo);
  p.setPen(pen);
  p.setBrush(Qt::black);
  p.drawPath(left);
  p.setBrush(Qt::white);
  p.drawPath(right);
  QPainterPath label;
  const QString n = QStringLiteral("北");
  label.addText(QPointF(cx - fm.horizontalAdvance(n) / 2, top + ah + fm.ascent()), font, n);
  p.strokePath(label, halo);
  p.fillPath(label, Qt::black);
  p.restore();
}

void draw_symbol(QPainter& p, const QRectF& box, const Symbol& sym, double dpi,
                 const std::string& geometry) {
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  QPen pen = Qt::NoPen;
  if (sym.stroke) {
    pen = QPen(qcolor(sym.stroke_color), std::max(1.0, mm(sym.stroke_width_mm, dpi)));
    pen.setJoinStyle(Qt::MiterJoin);
    if (!sym.dash_mm.empty()) {
      QList<qreal> pattern;
      for (double d : sym.dash_mm) pattern << std::max(0.5, mm(d, dpi) / pen.widthF());
      pen.setDashPattern(pattern);
    }
  }
  p.setPen(pen);
  if (geometry == "line") {
    p.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()));
  } else if (geometry == "point") {
    p.setBrush(qcolor(sym.fill_color));
    const double r = std::min(box.height(), mm(sym.point_size_mm, dpi)) / 2;
    p.drawEllipse(box.center(), r, r);
  } else {
    Qt::BrushStyle st = Qt::SolidPattern;
    if (sym.fill_pattern == "hatch") st = Qt::BDiagPattern;
    else if (sym.fill_pattern == "back_hatch") st = Qt::FDiagPattern;
    else if (sym.fill_pattern == "cross") st = Qt::DiagCrossPattern;
    p.setBrush(sym.fill ? QBrush(qcolor(sym.fill_color), st) : QBrush(Qt::NoBrush));
    const double inset = pen.style() == Qt::NoPen ? 0 : pen.widthF() / 2;
    p.drawRect(box.adjusted(inset, inset, -inset, -inset));
  }
  p.restore();
}

std::vector<LegendEntry> legend_entries(const MapLayer& layer, bool only_present) {
  std::vector<LegendEntry> out;
  const Style& st = layer.style;
  const std::string geometry = layer.data ? layer.data->geometry_type() : "polygon";
  const std::string title = st.title.empty() ? layer.id : st.title;
  if (st.categories.empty()) {
    out.push_back({title, 0, true, st.symbol, geometry});
    return out;
  }
  out.push_back({title, 0, false, st.symbol, geometry});
  std::set<int> present;
  if (layer.classes)
    for (std::int16_t c : *layer.classes) present.insert(c);
  for (std::size_t i = 0; i < st.categories.size(); ++i) {
    if (only_present && layer.classes && !present.count(static_cast<int>(i))) continue;
    out.push_back({st.categories[i].label, 1, true, st.categories[i].symbol, geometry});
  }
  if (!layer.classes || present.count(-1) || !only_present)
    out.push_back({st.other_label, 1, true, st.symbol, geometry});
  return out;
}

namespace {

/// The legend's lines laid out: type `scale` (1 = the usual sizes) and `columns`, so that the
/// whole legend fits a box; `size` is what it then takes.
struct LegendLayout {
  std::vector<LegendEntry> entries;
  std::string title;
  double scale = 1;
  int columns = 1;
  QSizeF size;
  bool empty() const { return entries.empty(); }
};

struct LegendMetrics {
  QFont title_font, layer_font, class_font;
  double pad, sw, sh, gap, indent, line, title_h, column_gap;
};

LegendMetrics legend_metrics(const MapSettings& s, double k) {
  LegendMetrics m{map_font(s.pt_to_px(9.5 * k), true), map_font(s.pt_to_px(8.5 * k)),
                  map_font(s.pt_to_px(8 * k)),         s.mm_to_px(2 * k),
                  s.mm_to_px(6 * k),                   s.mm_to_px(3.6 * k),
                  s.mm_to_px(1.5 * k),                 s.mm_to_px(3 * k),
                  0,                                   0,
                  s.mm_to_px(4 * k)};
  m.line = std::max(m.sh, QFontMetricsF(m.layer_font).height()) + s.mm_to_px(1 * k);
  m.title_h = QFontMetricsF(m.title_font).height() + s.mm_to_px(1 * k);
  return m;
}

/// Rows per column for `columns` columns of `n` lines.
std::size_t rows_per_column(std::size_t n, int columns) {
  return (n + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
}

QSizeF legend_extent(const LegendLayout& l, const MapSettings& s) {
  const LegendMetrics m = legend_metrics(s, l.scale);
  double column = 0;
  for (const LegendEntry& e : l.entries) {
    const QFontMetricsF fm(e.level == 0 ? m.layer_font : m.class_font);
    column = std::max(column, (e.level ? m.indent : 0) + (e.has_symbol ? m.sw + m.gap : 0) +
                                  fm.horizontalAdvance(QString::fromStdString(e.label)));
  }
  const double width = std::max(
      QFontMetricsF(m.title_font).horizontalAdvance(QString::fromStdString(l.title)),
      column * l.columns + m.column_gap * (l.columns - 1));
  const auto rows = static_cast<double>(rows_per_column(l.entries.size(), l.columns));
  return {width + 2 * m.pad, m.title_h + m.line * rows + 2 * m.pad};
}

/// The legend of the visible layers in as few columns as fit `max` (more columns, then
/// smaller type, when it is taller than the map), so it never runs off the frame or the page.
LegendLayout layout_legend(const MapSettings& s, const std::string& title, QSizeF max) {
  LegendLayout l;
  l.title = title;
  for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it) {
    if (!it->visible) continue;
    for (LegendEntry& e : legend_entries(*it)) l.entries.push_back(std::move(e));
  }
  if (l.empty()) return l;
  for (int attempt = 0; attempt < 12; ++attempt) {
    l.columns = 1;
    l.size = legend_extent(l, s);
    while (l.size.height() > max.height() && static_cast<std::size_t>(l.columns) < l.entries.size()) {
      ++l.columns;
      l.size = legend_extent(l, s);
    }
    if (l.size.width() <= max.width() && l.size.height() <= max.height()) break;
    l.scale *= 0.85;
  }
  return l;
}

QRectF paint_legend(QPainter& p, const MapSettings& s, const LegendLayout& l, QPointF top_left) {
  if (l.empty()) return {};
  const LegendMetrics m = legend_metrics(s, l.scale);
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  const QRectF box(top_left, l.size);
  p.setPen(QPen(QColor(120, 120, 120), std::max(1.0, s.mm_to_px(0.2))));
  p.setBrush(QColor(255, 255, 255, 235));
  p.drawRect(box);
  p.setPen(Qt::black);
  p.setFont(m.title_font);
  p.drawText(QPointF(box.left() + m.pad, box.top() + m.pad + QFontMetricsF(m.title_font).ascent()),
             QString::fromStdString(l.title));
  const std::size_t rows = rows_per_column(l.entries.size(), l.columns);
  const double column_w = l.columns > 1 ? (box.width() - 2 * m.pad - m.column_gap * (l.columns - 1)) / l.columns : 0;
  for (std::size_t i = 0; i < l.entries.size(); ++i) {
    const LegendEntry& e = l.entries[i];
    const auto col = static_cast<double>(i / rows);
    const double y = box.top() + m.pad + m.title_h + m.line * static_cast<double>(i % rows);
    double x = box.left() + m.pad + col * (column_w + m.column_gap) + (e.level ? m.indent : 0);
    const QFont& f = e.level == 0 ? m.layer_font : m.class_font;
    const QFontMetricsF fm(f);
    if (e.has_symbol) {
      draw_symbol(p, QRectF(x, y + (m.line - m.sh) / 2, m.sw, m.sh), e.symbol, s.dpi, e.geometry);
      x += m.sw + m.gap;
    }
    p.setPen(Qt::black);
    p.setFont(f);
    p.drawText(QPointF(x, y + m.line / 2 + (fm.ascent() - fm.descent()) / 2), QString::fromStdString(e.label));
  }
  p.restore();
  return box;
}

/// How much of `r` (output pixels) the map's drawing covers: pixels not of the background in
/// a quarter-resolution rendering.
class Ink {
 public:
  explicit Ink(const MapSettings& s) : k_(0.25) {
    MapSettings low = s;
    low.size = QSize(std::max(1, static_cast<int>(s.size.width() * k_)),
                     std::max(1, static_cast<int>(s.size.height() * k_)));
    low.dpi = s.dpi * k_;
    image_ = render_map(low);
    background_ = s.background.rgba();
  }
  std::int64_t in(const QRectF& r) const {
    const QRect q = QRectF(r.left() * k_, r.top() * k_, r.width() * k_, r.height() * k_)
                        .toAlignedRect()
                        .intersected(image_.rect());
    std::int64_t n = 0;
    for (int y = q.top(); y <= q.bottom(); ++y)
      for (int x = q.left(); x <= q.right(); ++x)
        if (image_.pixel(x, y) != background_) ++n;
    return n;
  }

 private:
  double k_;
  QImage image_;
  QRgb background_;
};

}  // namespace

QRectF draw_legend(QPainter& p, const MapSettings& s, QPointF anchor, bool align_right,
                   const std::string& title) {
  const LegendLayout l = layout_legend(s, title, QSizeF(1e9, 1e9));
  QPointF at = anchor;
  if (align_right) at.rx() -= l.size.width();
  return paint_legend(p, s, l, at);
}

void draw_grid(QPainter& p, const MapSettings& s, const QRectF& frame, bool lines) {
  const MapToPixel m(s);
  const Envelope e = s.visible_extent();
  if (e.empty()) return;
  // About five grid steps across the wider side.
  const double step = nice_number(std::max(e.width(), e.height()) / 5);
  if (step <= 0) return;
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  const QFont font = map_font(s.pt_to_px(7));
  const QFontMetricsF fm(font);
  p.setFont(font);
  const double tick = s.mm_to_px(1.5);
  const QPen grid_pen(QColor(90, 90, 90, 110), std::max(1.0, s.mm_to_px(0.15)), Qt::DashLine);
  const QPen tick_pen(Qt::black, std::max(1.0, s.mm_to_px(0.2)));
  auto label = [&](double v) {
    // Whole metres with the zone prefix kept, as the coordinates are written everywhere else.
    return QString::number(v, 'f', step >= 1 ? 0 : 2);
  };
  // Frame coordinates: the frame rectangle shows pixels [0, size) of the map.
  const double fx = frame.width() / s.size.width(), fy = frame.height() / s.size.height();
  for (double x = std::ceil(e.minx / step) * step; x <= e.maxx; x += step) {
    const double px = frame.left() + m.px(x) * fx;
    if (lines) {
      p.setPen(grid_pen);
      p.drawLine(QPointF(px, frame.top()), QPointF(px, frame.bottom()));
    }
    p.setPen(tick_pen);
    p.drawLine(QPointF(px, frame.top()), QPointF(px, frame.top() + tick));
    p.drawLine(QPointF(px, frame.bottom()), QPointF(px, frame.bottom() - tick));
    const QString t = label(x);
    const double w = fm.horizontalAdvance(t);
    if (px - w / 2 < frame.left() || px + w / 2 > frame.right()) continue;
    p.drawText(QPointF(px - w / 2, frame.top() - fm.descent() - 1), t);
    p.drawText(QPointF(px - w / 2, frame.bottom() + fm.ascent() + 1), t);
  }
  for (double y = std::ceil(e.miny / step) * step; y <= e.maxy; y += step) {
    const double py = frame.top() + m.py(y) * fy;
    if (lines) {
      p.setPen(grid_pen);
      p.drawLine(QPointF(frame.left(), py), QPointF(frame.right(), py));
    }
    p.setPen(tick_pen);
    p.drawLine(QPointF(frame.left(), py), QPointF(frame.left() + tick, py));
    p.drawLine(QPointF(frame.right(), py), QPointF(frame.right() - tick, py));
    const QString t = label(y);
    // Vertical labels outside the frame, reading upwards, as on survey sheets.
    const double w = fm.horizontalAdvance(t);
    if (py - w / 2 < frame.top() || py + w / 2 > frame.bottom()) continue;
    for (int side = 0; side < 2; ++side) {
      p.save();
      const double x = side == 0 ? frame.left() - fm.descent() - 1 : frame.right() + fm.ascent() + 1;
      p.translate(x, py + w / 2);
      p.rotate(-90);
      p.drawText(QPointF(0, 0), t);
      p.restore();
    }
  }
  p.setPen(QPen(Qt::black, std::max(1.0, s.mm_to_px(0.3))));
  p.setBrush(Qt::NoBrush);
  p.drawRect(frame);
  p.restore();
}

FigureLayout draw_figure(QPainter& p, const QRectF& frame, MapSettings s, const FigureOptions& o) {
  FigureLayout out;
  const QPaintDevice* dev = p.device();
  s.dpi = dev && dev->logicalDpiX() > 0 ? dev->logicalDpiX() : s.dpi;
  s.size = QSize(static_cast<int>(frame.width()), static_cast<int>(frame.height()));
  if (s.size.isEmpty()) return out;
  const double m = s.mm_to_px(3);
  const double arrow = s.mm_to_px(12);
  out.map = frame;
  // The legend goes to the corner of the map where it covers no drawing; when every corner
  // has some, beside the map inside the frame (the map narrowed, its extent all shown).
  LegendLayout legend;
  QPointF legend_at;  // frame-local while inside the map
  bool legend_inside = true;
  if (o.legend) {
    legend = layout_legend(s, "图例", QSizeF(frame.width() * 0.45, frame.height() - 2 * m));
    if (!legend.empty()) {
      const double w = legend.size.width(), h = legend.size.height();
      const double W = s.size.width(), H = s.size.height();
      std::vector<QPointF> corners = {{W - m - w, m}, {W - m - w, H - m - h}};
      // Left corners clear of the north arrow (top) and the scale bar (bottom).
      if (o.north_arrow) corners.emplace_back(m + arrow * 0.7 + m, m);
      else corners.emplace_back(m, m);
      corners.emplace_back(m, H - (o.scale_bar ? s.mm_to_px(12) : m) - h);
      const Ink ink(s);
      std::int64_t best = -1;
      for (const QPointF& c : corners) {
        const QRectF r(c, legend.size);
        if (r.left() < 0 || r.top() < 0 || r.right() > W || r.bottom() > H) continue;
        const std::int64_t n = ink.in(r);
        if (best < 0 || n < best) {
          best = n;
          legend_at = c;
        }
      }
      if (best != 0) {
        legend_inside = false;
        // Room for the grid labels on the map's right edge before the legend.
        const double gap = s.mm_to_px(o.grid ? 8 : 3);
        out.map = QRectF(frame.left(), frame.top(), std::max(1.0, frame.width() - w - gap), frame.height());
        out.legend = QRectF(QPointF(frame.right() - w, frame.top()), legend.size);
        s.size = QSize(static_cast<int>(out.map.width()), static_cast<int>(out.map.height()));
      }
    }
  }
  bool raster = o.raster;
  if (!raster) {
    std::size_t n = 0;
    const Envelope v = s.visible_extent();
    for (const MapLayer& l : s.layers) {
      if (!l.visible || !l.data) continue;
      std::vector<std::size_t> ids;
      l.data->query(v, ids);
      n += ids.size();
    }
    raster = n > o.vector_limit;
  }
  p.save();
  p.translate(out.map.topLeft());
  if (raster) p.drawImage(QPointF(0, 0), render_map(s));
  else draw_map(p, s);
  if (o.north_arrow) draw_north_arrow(p, QRectF(m, m, arrow * 0.7, arrow), s.dpi);
  if (!legend.empty() && legend_inside) {
    paint_legend(p, s, legend, legend_at);
    out.legend = QRectF(legend_at + out.map.topLeft(), legend.size);
  }
  if (o.scale_bar) draw_scale_bar(p, s, QPointF(m, s.size.height() - m), 40);
  p.restore();
  if (!legend.empty() && !legend_inside) paint_legend(p, s, legend, out.legend.topLeft());
  if (o.grid) draw_grid(p, s, out.map, o.grid_lines);
  return out;
}

}  // namespace tudi::render
