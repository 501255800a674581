#include "tudi/render/renderer.hpp"

#include <QFontMetricsF>
#include <QPainterPath>

// TBB names a member `emit`, which Qt defines as a macro: hide the macro while TBB is read.
#pragma push_macro("emit")
#undef emit
#include <tbb/parallel_for.h>
#pragma pop_macro("emit")

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "tudi/render/fonts.hpp"

namespace tudi::render {
namespace {

QColor qcolor(const Rgba& c) { return QColor(c.r, c.g, c.b, c.a); }

QPen pen_for(const Symbol& sym, const MapSettings& s) {
  if (!sym.stroke) return Qt::NoPen;
  const double w = s.mm_to_px(sym.stroke_width_mm);
  QPen pen(qcolor(sym.stroke_color));
  // Widths under a pixel become Qt's one-pixel cosmetic pen: thinner lines vanish on screen.
  pen.setWidthF(w < 1.0 ? 0.0 : w);
  pen.setJoinStyle(Qt::BevelJoin);
  pen.setCapStyle(Qt::FlatCap);
  if (!sym.dash_mm.empty()) {
    // Qt measures dash lengths in pen widths.
    const double unit = std::max(w, 1.0);
    QList<qreal> pattern;
    for (double d : sym.dash_mm) pattern << std::max(s.mm_to_px(d) / unit, 0.5);
    pen.setDashPattern(pattern);
  }
  return pen;
}

QBrush brush_for(const Symbol& sym) {
  if (!sym.fill) return Qt::NoBrush;
  Qt::BrushStyle st = Qt::SolidPattern;
  if (sym.fill_pattern == "hatch") st = Qt::BDiagPattern;
  else if (sym.fill_pattern == "back_hatch") st = Qt::FDiagPattern;
  else if (sym.fill_pattern == "cross") st = Qt::DiagCrossPattern;
  return QBrush(qcolor(sym.fill_color), st);
}

/// Copies a part's vertices to pixels, dropping each vertex closer than half a pixel (in x and
/// y) to the last one kept: below a pixel the shape cannot change what is drawn.
void to_pixels(const LayerData& d, std::uint32_t part, const MapToPixel& m, QPolygonF& out,
               DrawStats* stats) {
  out.clear();
  const std::uint32_t b = d.vertex_begin(part), e = d.vertex_end(part);
  double lx = 0, ly = 0;
  for (std::uint32_t v = b; v < e; ++v) {
    const double x = m.px(d.x(v)), y = m.py(d.y(v));
    if (v == b || v + 1 == e || std::abs(x - lx) >= 0.5 || std::abs(y - ly) >= 0.5) {
      out.append(QPointF(x, y));
      lx = x;
      ly = y;
    }
  }
  if (stats) {
    stats->vertices_in += e - b;
    stats->vertices_out += static_cast<std::size_t>(out.size());
  }
}

/// Draws the listed features (all of one layer). Small features take fast paths: under a
/// pixel → one pixel; under 3 px → their pixel box.
bool draw_features(QPainter& p, const MapSettings& s, const MapLayer& layer,
                   const std::vector<std::size_t>& ids, const std::atomic<bool>* cancel,
                   DrawStats* stats, const Style& style, bool selection) {
  const LayerData& d = *layer.data;
  const MapToPixel m(s);
  const double upp = m.units_per_pixel();
  const std::size_t ncat = style.categories.size();
  // Group by category (categories in legend order, then the rest drawn underneath them) so
  // each pen and brush is set once.
  std::vector<std::vector<std::size_t>> buckets(ncat + 1);
  for (std::size_t f : ids) {
    int c = layer.classes && f < layer.classes->size() ? (*layer.classes)[f] : -1;
    if (selection) c = -1;
    buckets[c < 0 ? ncat : static_cast<std::size_t>(c)].push_back(f);
  }
  const bool aa = ids.size() <= s.antialias_limit;
  p.setRenderHint(QPainter::Antialiasing, aa);
  QPolygonF poly;
  std::vector<QPointF> pixels;
  std::vector<QRectF> boxes;
  std::size_t counter = 0;
  for (std::size_t bi = 0; bi <= ncat; ++bi) {
    const std::size_t b = bi == 0 ? ncat : bi - 1;  // "other" first, underneath
    if (buckets[b].empty()) continue;
    Symbol sym = style.symbol_for(b == ncat ? -1 : static_cast<int>(b));
    if (selection) {
      sym.fill = true;
      sym.fill_pattern = "solid";
      const auto sel = [&](int v) { return static_cast<std::uint8_t>(v); };
      sym.fill_color = {sel(s.selection.red()), sel(s.selection.green()), sel(s.selection.blue()), 110};
      sym.stroke = true;
      sym.stroke_color = {sel(s.selection.red()), sel(s.selection.green()), sel(s.selection.blue()), 255};
      sym.stroke_width_mm = 0.7;
      sym.dash_mm.clear();
    }
    const QPen pen = pen_for(sym, s);
    const QBrush brush = brush_for(sym);
    const QColor small_color = qcolor(sym.fill ? sym.fill_color : sym.stroke_color);
    p.setPen(pen);
    p.setBrush(brush);
    pixels.clear();
    boxes.clear();
    // At full view nearly every feature becomes a box: one allocation, not a doubling series
    // (fresh pages cost more than the drawing on a busy machine).
    boxes.reserve(buckets[b].size());
    for (std::size_t f : buckets[b]) {
      if (cancel && (++counter & 2047) == 0 && cancel->load(std::memory_order_relaxed)) return false;
      const Envelope& e = d.envelope(f);
      if (e.empty()) continue;
      const double w = e.width() / upp, h = e.height() / upp;
      const std::uint32_t p0 = d.part_begin(f), p1 = d.part_end(f);
      if (p0 == p1) continue;
      const PartKind k0 = d.part_kind(p0);
      if (k0 == PartKind::Point) {
        const double r = s.mm_to_px(sym.point_size_mm) / 2;
        for (std::uint32_t part = p0; part < p1; ++part)
          for (std::uint32_t v = d.vertex_begin(part); v < d.vertex_end(part); ++v)
            p.drawEllipse(m.to_pixel(d.x(v), d.y(v)), r, r);
        if (stats) ++stats->polygons;
        continue;
      }
      if (w < 1 && h < 1) {
        // Aliased points land on the pixel whose corner they name.
        pixels.emplace_back(std::floor(m.px((e.minx + e.maxx) / 2)), std::floor(m.py((e.miny + e.maxy) / 2)));
        if (stats) ++stats->pixels;
        continue;
      }
      if (k0 == PartKind::Shell && w < 3 && h < 3) {
        const double x0 = std::floor(m.px(e.minx)), x1 = std::ceil(m.px(e.maxx));
        const double y0 = std::floor(m.py(e.maxy)), y1 = std::ceil(m.py(e.miny));
        boxes.emplace_back(x0, y0, std::max(1.0, x1 - x0), std::max(1.0, y1 - y0));
        if (stats) ++stats->small;
        continue;
      }
      if (stats) ++stats->polygons;
      if (k0 == PartKind::Line) {
        for (std::uint32_t part = p0; part < p1; ++part) {
          to_pixels(d, part, m, poly, stats);
          p.drawPolyline(poly);
        }
        continue;
      }
      if (p1 - p0 == 1) {
        to_pixels(d, p0, m, poly, stats);
        p.drawPolygon(poly);
        continue;
      }
      QPainterPath path;
      path.setFillRule(Qt::OddEvenFill);
      for (std::uint32_t part = p0; part < p1; ++part) {
        to_pixels(d, part, m, poly, stats);
        path.addPolygon(poly);
        path.closeSubpath();
      }
      p.drawPath(path);
    }
    if (!boxes.empty()) {
      p.setPen(Qt::NoPen);
      p.setBrush(small_color);
      p.setRenderHint(QPainter::Antialiasing, false);
      p.drawRects(boxes.data(), static_cast<int>(boxes.size()));
      p.setRenderHint(QPainter::Antialiasing, aa);
    }
    if (!pixels.empty()) {
      p.setPen(QPen(small_color, 0));
      p.setRenderHint(QPainter::Antialiasing, false);
      p.drawPoints(pixels.data(), static_cast<int>(pixels.size()));
      p.setRenderHint(QPainter::Antialiasing, aa);
    }
  }
  return true;
}

/// The features in view, with a margin for strokes that reach in from outside.
std::vector<std::size_t> in_view(const MapSettings& s, const MapLayer& layer) {
  Envelope v = s.visible_extent();
  const double margin = 4 * s.map_units_per_pixel();
  v = {v.minx - margin, v.miny - margin, v.maxx + margin, v.maxy + margin};
  std::vector<std::size_t> ids;
  const Envelope& all = layer.data->extent();
  if (v.minx <= all.minx && v.miny <= all.miny && v.maxx >= all.maxx && v.maxy >= all.maxy)
    ids.reserve(layer.data->size());
  layer.data->query(v, ids);
  return ids;
}

void draw_selection(QPainter& p, const MapSettings& s, const MapLayer& layer) {
  if (!layer.selected || layer.selected->empty()) return;
  const Envelope v = s.visible_extent();
  std::vector<std::size_t> ids;
  for (std::size_t f : *layer.selected)
    if (f < layer.data->size() && layer.data->envelope(f).intersects(v)) ids.push_back(f);
  draw_features(p, s, layer, ids, nullptr, nullptr, layer.style, true);
}

}  // namespace

bool draw_layer(QPainter& p, const MapSettings& s, const MapLayer& layer,
                const std::atomic<bool>* cancel, DrawStats* stats) {
  if (!layer.data) return true;
  const std::vector<std::size_t> ids = in_view(s, layer);
  if (stats) stats->queried += ids.size();
  if (!draw_features(p, s, layer, ids, cancel, stats, layer.style, false)) return false;
  draw_selection(p, s, layer);
  return true;
}

QImage render_layer(const MapSettings& s, const MapLayer& layer, const std::atomic<bool>* cancel,
                    DrawStats* stats, int threads) {
  QImage img(s.size, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::transparent);
  if (!layer.data) return img;
  std::vector<std::size_t> ids = in_view(s, layer);
  if (stats) stats->queried += ids.size();
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Below this many features one painter is quicker than splitting and stacking images.
  constexpr std::size_t kSplit = 100000;
  if (n <= 1 || ids.size() < kSplit) {
    QPainter p(&img);
    if (!draw_features(p, s, layer, ids, cancel, stats, layer.style, false)) return {};
    draw_selection(p, s, layer);
    return img;
  }
  // The index returns features in tree order, i.e. clustered in space: contiguous slices are
  // compact regions, drawn by separate workers into separate images and stacked in order.
  std::vector<QImage> parts(static_cast<std::size_t>(n));
  std::vector<DrawStats> part_stats(parts.size());
  std::atomic<bool> failed{false};
  tbb::parallel_for(0, n, [&](int i) {
    const std::size_t b = ids.size() * static_cast<std::size_t>(i) / static_cast<std::size_t>(n);
    const std::size_t e = ids.size() * static_cast<std::size_t>(i + 1) / static_cast<std::size_t>(n);
    std::vector<std::size_t> slice(ids.begin() + static_cast<std::ptrdiff_t>(b),
                                   ids.begin() + static_cast<std::ptrdiff_t>(e));
    std::sort(slice.begin(), slice.end());
    QImage& part = parts[static_cast<std::size_t>(i)];
    if (i == 0) {
      part = img;  // the first slice draws straight into the result
    } else {
      part = QImage(s.size, QImage::Format_ARGB32_Premultiplied);
      part.fill(Qt::transparent);
    }
    QPainter p(&part);
    if (!draw_features(p, s, layer, slice, cancel, &part_stats[static_cast<std::size_t>(i)],
                       layer.style, false))
      failed = true;
  });
  if (failed) return {};
  img = parts[0];
  {
    QPainter p(&img);
    for (std::size_t i = 1; i < parts.size(); ++i) p.drawImage(0, 0, parts[i]);
    draw_selection(p, s, layer);
  }
  if (stats)
    for (const DrawStats& ps : part_stats) {
      stats->polygons += ps.polygons;
      stats->small += ps.small;
      stats->pixels += ps.pixels;
      stats->vertices_in += ps.vertices_in;
      stats->vertices_out += ps.vertices_out;
    }
  return img;
}

void draw_labels(QPainter& p, const MapSettings& s, const std::atomic<bool>* cancel) {
  if (!s.labels) return;
  const MapToPixel m(s);
  const QRectF bounds(0, 0, s.size.width(), s.size.height());
  std::vector<QRectF> placed;
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setRenderHint(QPainter::TextAntialiasing, true);
  for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it) {
    const MapLayer& layer = *it;
    const LabelStyle& ls = layer.style.label;
    if (!layer.visible || !layer.data || !ls.enabled) continue;
    const int fi = resolve_field(layer.data->layer(), ls.field);
    if (fi < 0) continue;
    const std::vector<std::size_t> ids = in_view(s, layer);
    if (ids.size() > static_cast<std::size_t>(ls.max_features)) continue;
    const QFont font = map_font(s.pt_to_px(ls.size_pt), ls.bold);
    const QFontMetricsF fm(font);
    const double min_px = s.mm_to_px(ls.min_feature_mm);
    const double halo = s.mm_to_px(ls.halo_mm);
    const QColor text_color = qcolor(ls.color), halo_color = qcolor(ls.halo);
    // Bigger features first: they are the ones a reader looks for.
    std::vector<std::pair<double, std::size_t>> order;
    for (std::size_t f : ids) {
      const Envelope& e = layer.data->envelope(f);
      const double w = e.width() / m.units_per_pixel(), h = e.height() / m.units_per_pixel();
      if (std::max(w, h) < min_px && layer.data->geometry_type() != "point") continue;
      order.emplace_back(-w * h, f);
    }
    std::sort(order.begin(), order.end());
    const Layer& src = layer.data->layer();
    for (const auto& [neg_area, f] : order) {
      if (cancel && cancel->load(std::memory_order_relaxed)) break;
      const auto& vals = src.features[f].values;
      if (static_cast<std::size_t>(fi) >= vals.size()) continue;
      const QString text = QString::fromStdString(to_text(vals[fi])).trimmed();
      if (text.isEmpty()) continue;
      const auto [lx, ly] = layer.data->label_point(f);
      const QPointF c = m.to_pixel(lx, ly);
      const QRectF tr = fm.tightBoundingRect(text);
      const double tw = fm.horizontalAdvance(text);
      QRectF box(c.x() - tw / 2 - halo, c.y() - fm.ascent() / 2 - halo, tw + 2 * halo,
                 fm.ascent() + fm.descent() / 2 + 2 * halo);
      (void)tr;
      if (!bounds.contains(box)) continue;
      bool clash = false;
      for (const QRectF& r : placed)
        if (r.intersects(box)) {
          clash = true;
          break;
        }
      if (clash) continue;
      placed.push_back(box.adjusted(-2, -2, 2, 2));
      QPainterPath path;
      path.addText(QPointF(c.x() - tw / 2, c.y() + fm.ascent() / 2 - fm.descent() / 2), font, text);
      if (halo > 0) {
        QPen hp(halo_color, 2 * halo);
        hp.setJoinStyle(Qt::RoundJoin);
        p.strokePath(path, hp);
      }
      p.fillPath(path, text_color);
    }
  }
  p.restore();
}

void draw_map(QPainter& p, const MapSettings& s) {
  p.save();
  p.setClipRect(QRectF(0, 0, s.size.width(), s.size.height()));
  p.fillRect(QRectF(0, 0, s.size.width(), s.size.height()), s.background);
  for (const MapLayer& l : s.layers) {
    if (!l.visible) continue;
    p.save();
    p.setOpacity(l.opacity * l.style.opacity);
    draw_layer(p, s, l);
    p.restore();
  }
  draw_labels(p, s);
  p.restore();
}

// --------------------------------------------------------------------------- cache and job

std::string LayerImageCache::key(const MapSettings& s, const MapLayer& l) {
  const Envelope e = s.visible_extent();
  char buf[256];
  std::snprintf(buf, sizeof buf, "%llu|%.9g|%.9g|%.9g|%.9g|%dx%d|%g|%p",
                static_cast<unsigned long long>(l.revision), e.minx, e.miny, e.maxx, e.maxy,
                s.size.width(), s.size.height(), s.dpi, static_cast<const void*>(l.selected.get()));
  return buf;
}

QImage LayerImageCache::get(const MapSettings& s, const MapLayer& l) const {
  std::lock_guard lock(mutex_);
  auto it = images_.find(l.id);
  if (it == images_.end() || it->second.first != key(s, l)) return {};
  return it->second.second;
}

void LayerImageCache::put(const MapSettings& s, const MapLayer& l, const QImage& image) {
  std::lock_guard lock(mutex_);
  images_[l.id] = {key(s, l), image};
}

void LayerImageCache::clear() {
  std::lock_guard lock(mutex_);
  images_.clear();
}

void LayerImageCache::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  images_.erase(id);
}

RenderJob::RenderJob(MapSettings settings, std::shared_ptr<LayerImageCache> cache)
    : settings_(std::move(settings)), cache_(std::move(cache)) {}

bool RenderJob::run(const Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const MapSettings& s = settings_;
  std::vector<std::size_t> visible;
  for (std::size_t i = 0; i < s.layers.size(); ++i)
    if (s.layers[i].visible && s.layers[i].data) visible.push_back(i);
  std::vector<QImage> images(s.layers.size());
  std::vector<DrawStats> stats(s.layers.size());
  std::vector<std::size_t> todo;
  for (std::size_t i : visible) {
    if (cache_) images[i] = cache_->get(s, s.layers[i]);
    if (images[i].isNull()) todo.push_back(i);
  }
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  tbb::parallel_for(std::size_t(0), todo.size(), [&](std::size_t k) {
    const std::size_t i = todo[k];
    if (cancel_) return;
    images[i] = render_layer(s, s.layers[i], &cancel_, &stats[i]);
    if (images[i].isNull()) return;
    if (cache_) cache_->put(s, s.layers[i], images[i]);
    const std::size_t d = ++done;
    if (progress && !progress(static_cast<double>(d) / static_cast<double>(todo.size() + 1), "")) {
      stop = true;
      cancel_ = true;
    }
  });
  if (cancel_) {
    image_ = QImage();
    return false;
  }
  QImage out(s.size, QImage::Format_ARGB32_Premultiplied);
  out.fill(s.background);
  {
    QPainter p(&out);
    for (std::size_t i : visible) {
      p.setOpacity(s.layers[i].opacity * s.layers[i].style.opacity);
      p.drawImage(0, 0, images[i]);
    }
    p.setOpacity(1);
    draw_labels(p, s, &cancel_);
  }
  if (cancel_) {
    image_ = QImage();
    return false;
  }
  image_ = std::move(out);
  stats_.clear();
  for (std::size_t i : todo) stats_[s.layers[i].id] = stats[i];
  elapsed_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (progress) progress(1.0, "");
  return true;
}

QImage render_map(const MapSettings& s) {
  RenderJob job(s);
  job.run();
  return job.image();
}

}  // namespace tudi::render
