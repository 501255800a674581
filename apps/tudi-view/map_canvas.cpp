#include "map_canvas.hpp"

#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPointer>
#include <QWheelEvent>

#include <cmath>

#include "tudi/render/furniture.hpp"

namespace tudi::view {

MapCanvas::MapCanvas(LayerTreeModel* model, QWidget* parent)
    : QWidget(parent), model_(model), cache_(std::make_shared<render::LayerImageCache>()) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
  setAttribute(Qt::WA_OpaquePaintEvent);
  debounce_.setSingleShot(true);
  debounce_.setInterval(40);
  connect(&debounce_, &QTimer::timeout, this, &MapCanvas::start_render);
  connect(model_, &LayerTreeModel::map_changed, this, &MapCanvas::refresh);
}

MapCanvas::~MapCanvas() { stop_job(); }

void MapCanvas::stop_job() {
  if (job_) job_->cancel();
  if (thread_.joinable()) thread_.join();
}

void MapCanvas::set_tool(Tool t) {
  tool_ = t;
  if (t != Tool::Sketch) clear_sketch();
  setCursor(t == Tool::Pan ? Qt::OpenHandCursor : t == Tool::Identify ? Qt::WhatsThisCursor
                                                                      : Qt::CrossCursor);
}

void MapCanvas::set_extent(const Envelope& e) {
  if (e.empty()) return;
  extent_ = e;
  emit extent_changed();
  refresh();
  update();
}

Envelope MapCanvas::visible_extent() const { return settings().visible_extent(); }

void MapCanvas::zoom_full() { zoom_to(model_->full_extent()); }

void MapCanvas::zoom_to(const Envelope& e, double margin) {
  if (e.empty()) return;
  const double mx = std::max(e.width(), 1.0) * margin, my = std::max(e.height(), 1.0) * margin;
  set_extent({e.minx - mx, e.miny - my, e.maxx + mx, e.maxy + my});
}

void MapCanvas::zoom_by(double factor, QPointF about) {
  const auto [cx, cy] = to_map(about);
  set_extent(render::zoom_about(visible_extent(), factor, cx, cy));
}

render::MapSettings MapCanvas::settings() const {
  render::MapSettings s;
  s.extent = extent_;
  s.size = size();
  s.dpi = logicalDpiX() > 0 ? logicalDpiX() : 96;
  s.crs = crs_;
  s.layers = model_->map_layers();
  return s;
}

QPointF MapCanvas::to_widget(double x, double y) const { return render::MapToPixel(settings()).to_pixel(x, y); }

std::pair<double, double> MapCanvas::to_map(QPointF p) const {
  return render::MapToPixel(settings()).to_map(p);
}

void MapCanvas::refresh() {
  pending_ = true;
  debounce_.start();
}

void MapCanvas::start_render() {
  if (extent_.empty() || width() <= 0 || height() <= 0) {
    pending_ = false;
    return;
  }
  stop_job();  // a cancelled job stops within a few thousand features
  const quint64 gen = ++generation_;
  job_ = std::make_shared<render::RenderJob>(settings(), cache_);
  rendering_ = true;
  pending_ = false;
  emit render_started();
  QPointer<MapCanvas> self(this);
  std::shared_ptr<render::RenderJob> job = job_;
  thread_ = std::thread([self, job, gen] {
    const bool ok = job->run();
    if (!ok) return;
    QMetaObject::invokeMethod(
        qApp,
        [self, job, gen] {
          if (!self || gen != self->generation_) return;
          self->image_ = job->image();
          self->image_extent_ = job->settings().visible_extent();
          self->rendering_ = false;
          self->last_ms_ = job->elapsed_ms();
          self->update();
          emit self->render_finished(job->elapsed_ms());
        },
        Qt::QueuedConnection);
  });
}

bool MapCanvas::wait_for_render(int timeout_ms) {
  QElapsedTimer t;
  t.start();
  while ((pending_ || rendering_ || debounce_.isActive()) && t.elapsed() < timeout_ms)
    QApplication::processEvents(QEventLoop::AllEvents, 20);
  return !(pending_ || rendering_);
}

void MapCanvas::clear_sketch() {
  sketch_.clear();
  update();
}

void MapCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const render::MapSettings s = settings();
  p.fillRect(rect(), s.background);
  if (!image_.isNull() && !image_extent_.empty()) {
    // The last image placed where its extent lies now: pans and zooms show at once, and the
    // new render replaces it when ready.
    const render::MapToPixel m(s);
    QRectF target(m.to_pixel(image_extent_.minx, image_extent_.maxy),
                  m.to_pixel(image_extent_.maxx, image_extent_.miny));
    target.translate(drag_offset_);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.drawImage(target, image_);
  }
  // Furniture: scale bar bottom-left, north arrow top-right.
  render::draw_scale_bar(p, s, QPointF(12, height() - 12), 35);
  const double a = s.mm_to_px(12);
  render::draw_north_arrow(p, QRectF(width() - a - 14, 12, a * 0.7, a), s.dpi);
  if (!box_.isNull()) {
    p.setPen(QPen(QColor(0, 120, 215), 1, Qt::DashLine));
    p.setBrush(QColor(0, 120, 215, 40));
    p.drawRect(box_.normalized());
  }
  if (!sketch_.empty()) {
    p.setRenderHint(QPainter::Antialiasing, true);
    QPolygonF poly;
    for (const auto& [x, y] : sketch_) poly << to_widget(x, y);
    if (tool_ == Tool::Sketch) poly << hover_;
    p.setPen(QPen(QColor(0, 131, 143), 2, Qt::DashLine));
    p.setBrush(QColor(0, 184, 212, 50));
    p.drawPolygon(poly);
    p.setBrush(QColor(0, 131, 143));
    for (const QPointF& v : poly) p.drawEllipse(v, 3, 3);
  }
  if (rendering_) {
    p.setPen(QColor(90, 90, 90));
    p.drawText(QPointF(12, 20), QStringLiteral("绘制中…"));
  }
}

void MapCanvas::resizeEvent(QResizeEvent*) {
  if (extent_.empty()) zoom_full();
  refresh();
}

void MapCanvas::mousePressEvent(QMouseEvent* e) {
  press_pos_ = last_pos_ = e->position().toPoint();
  if (e->button() == Qt::MiddleButton || (e->button() == Qt::LeftButton && tool_ == Tool::Pan)) {
    dragging_ = true;
    setCursor(Qt::ClosedHandCursor);
  } else if (e->button() == Qt::LeftButton && tool_ == Tool::ZoomBox) {
    box_ = QRect(press_pos_, QSize(1, 1));
  } else if (e->button() == Qt::RightButton && tool_ == Tool::Sketch) {
    finish_sketch();
  }
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e) {
  const QPoint pos = e->position().toPoint();
  hover_ = e->position();
  const auto [x, y] = to_map(e->position());
  emit cursor_moved(x, y);
  if (dragging_) {
    drag_offset_ = pos - press_pos_;
    update();
  } else if (!box_.isNull()) {
    box_ = QRect(press_pos_, pos);
    update();
  } else if (tool_ == Tool::Sketch && !sketch_.empty()) {
    update();
  }
  last_pos_ = pos;
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e) {
  const QPoint pos = e->position().toPoint();
  if (dragging_) {
    dragging_ = false;
    const QPoint d = pos - press_pos_;
    drag_offset_ = {};
    if (tool_ == Tool::Pan) setCursor(Qt::OpenHandCursor);
    if (d.manhattanLength() > 0) {
      const double upp = settings().map_units_per_pixel();
      const Envelope v = visible_extent();
      set_extent({v.minx - d.x() * upp, v.miny + d.y() * upp, v.maxx - d.x() * upp, v.maxy + d.y() * upp});
    }
    return;
  }
  if (!box_.isNull()) {
    const QRect r = box_.normalized();
    box_ = {};
    if (r.width() > 4 && r.height() > 4) {
      const auto [x0, y0] = to_map(r.bottomLeft());
      const auto [x1, y1] = to_map(r.topRight());
      set_extent({x0, y0, x1, y1});
    } else {
      zoom_by(0.5, pos);
    }
    update();
    return;
  }
  if (e->button() != Qt::LeftButton) return;
  const auto [x, y] = to_map(e->position());
  if (tool_ == Tool::Identify) {
    emit identify_requested(x, y, 4 * settings().map_units_per_pixel());
  } else if (tool_ == Tool::Sketch) {
    sketch_.emplace_back(x, y);
    update();
  }
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* e) {
  if (tool_ == Tool::Sketch && e->button() == Qt::LeftButton) finish_sketch();
}

void MapCanvas::finish_sketch() {
  // A double click adds its position twice; drop repeats before closing the ring.
  Ring ring;
  for (const auto& v : sketch_)
    if (ring.empty() || std::hypot(v.first - ring.back().first, v.second - ring.back().second) > 1e-6)
      ring.push_back(v);
  if (ring.size() < 3) return;
  ring.push_back(ring.front());
  emit polygon_drawn(ring);
}

void MapCanvas::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps == 0) return;
  zoom_by(std::pow(0.8, steps), e->position());
}

void MapCanvas::keyPressEvent(QKeyEvent* e) {
  if (e->key() == Qt::Key_Escape) {
    clear_sketch();
    box_ = {};
  } else if (e->key() == Qt::Key_Return && tool_ == Tool::Sketch) {
    finish_sketch();
  } else {
    QWidget::keyPressEvent(e);
  }
}

}  // namespace tudi::view
