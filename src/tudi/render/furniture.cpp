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

QRectF draw_legend(QPainter& p, const MapSettings& s, QPointF anchor, bool align_right,
                   const std::string& title) {
  std::vector<LegendEntry> entries;
  for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it) {
    if (!it->visible) continue;
    for (LegendEntry& e : legend_entries(*it)) entries.push_back(std::move(e));
  }
  if (entries.empty()) return {};
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  const QFont title_font = map_font(s.pt_to_px(9.5), true);
  const QFont layer_font = map_font(s.pt_to_px(8.5));
  const QFont class_font = map_font(s.pt_to_px(8));
  const double pad = s.mm_to_px(2), sw = s.mm_to_px(6), sh = s.mm_to_px(3.6), gap = s.mm_to_px(1.5);
  const double indent = s.mm_to_px(3);
  const double line = std::max(sh, QFontMetricsF(layer_font).height()) + s.mm_to_px(1);
  double width = QFontMetricsF(title_font).horizontalAdvance(QString::fromStdString(title));
  for (const LegendEntry& e : entries) {
    const QFontMetricsF fm(e.level == 0 ? layer_font : class_font);
    width = std::max(width, (e.level ? indent : 0) + (e.has_symbol ? sw + gap : 0) +
                                fm.horizontalAdvance(QString::fromStdString(e.label)));
  }
  const double title_h = QFontMetricsF(title_font).height() + s.mm_to_px(1);
  const double height = title_h + line * static_cast<double>(entries.size());
  QRectF box(anchor.x(), anchor.y(), width + 2 * pad, height + 2 * pad);
  if (align_right) box.moveRight(anchor.x());
  p.setPen(QPen(QColor(120, 120, 120), std::max(1.0, s.mm_to_px(0.2))));
  p.setBrush(QColor(255, 255, 255, 235));
  p.drawRect(box);
  double y = box.top() + pad;
  p.setPen(Qt::black);
  p.setFont(title_font);
  p.drawText(QPointF(box.left() + pad, y + QFontMetricsF(title_font).ascent()), QString::fromStdString(title));
  y += title_h;
  for (const LegendEntry& e : entries) {
    double x = box.left() + pad + (e.level ? indent : 0);
    const QFont& f = e.level == 0 ? layer_font : class_font;
    const QFontMetricsF fm(f);
    if (e.has_symbol) {
      draw_symbol(p, QRectF(x, y + (line - sh) / 2, sw, sh), e.symbol, s.dpi, e.geometry);
      x += sw + gap;
    }
    p.setPen(Qt::black);
    p.setFont(f);
    p.drawText(QPointF(x, y + line / 2 + (fm.ascent() - fm.descent()) / 2), QString::fromStdString(e.label));
    y += line;
  }
  p.restore();
  return box;
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

void draw_figure(QPainter& p, const QRectF& frame, MapSettings s, const FigureOptions& o) {
  const QPaintDevice* dev = p.device();
  s.dpi = dev && dev->logicalDpiX() > 0 ? dev->logicalDpiX() : s.dpi;
  s.size = QSize(static_cast<int>(frame.width()), static_cast<int>(frame.height()));
  if (s.size.isEmpty()) return;
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
  p.translate(frame.topLeft());
  if (raster) p.drawImage(QPointF(0, 0), render_map(s));
  else draw_map(p, s);
  const double m = s.mm_to_px(3);
  if (o.north_arrow) {
    const double a = s.mm_to_px(12);
    draw_north_arrow(p, QRectF(m, m, a * 0.7, a), s.dpi);
  }
  if (o.legend) draw_legend(p, s, QPointF(s.size.width() - m, m), true);
  if (o.scale_bar) draw_scale_bar(p, s, QPointF(m, s.size.height() - m), 40);
  p.restore();
  if (o.grid) draw_grid(p, s, frame, o.grid_lines);
}

}  // namespace tudi::render
