#pragma once
// The map canvas: shows the layer tree model's layers, renders them in a background thread
// (a new refresh cancels the running one; per-layer images are cached), and turns mouse
// gestures into pan, zoom, identify and sketch events. It only draws: analyses live elsewhere.

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "layer_tree_model.hpp"
#include "tudi/render/renderer.hpp"

namespace tudi::view {

class MapCanvas : public QWidget {
  Q_OBJECT
 public:
  enum class Tool { Pan, ZoomBox, Identify, Sketch };
  using Ring = std::vector<std::pair<double, double>>;

  explicit MapCanvas(LayerTreeModel* model, QWidget* parent = nullptr);
  ~MapCanvas() override;

  void set_crs(const crs::Crs& c) { crs_ = c; }
  const crs::Crs& crs() const { return crs_; }
  void set_tool(Tool t);
  Tool tool() const { return tool_; }

  /// The map area asked for (the view shows it whole, widened to the window's aspect).
  void set_extent(const Envelope& e);
  Envelope extent() const { return extent_; }
  Envelope visible_extent() const;
  void zoom_full();
  void zoom_to(const Envelope& e, double margin = 0.05);
  void zoom_by(double factor, QPointF about);

  /// A snapshot of what the canvas shows, at its size and screen DPI.
  render::MapSettings settings() const;
  /// Schedules a render (debounced); cancels one running.
  void refresh();
  /// The last finished map image (without furniture), and whether a render is under way.
  const QImage& image() const { return image_; }
  bool rendering() const { return rendering_; }
  /// Waits, processing events, until no render is pending (tests, export).
  bool wait_for_render(int timeout_ms = 20000);
  double last_render_ms() const { return last_ms_; }

  QPointF to_widget(double x, double y) const;
  std::pair<double, double> to_map(QPointF p) const;
  const Ring& sketch() const { return sketch_; }
  void clear_sketch();

 signals:
  void cursor_moved(double x, double y);
  void identify_requested(double x, double y, double tolerance);
  void polygon_drawn(const tudi::view::MapCanvas::Ring& ring);
  void render_started();
  void render_finished(double ms);
  void extent_changed();

 protected:
  void paintEvent(QPaintEvent*) override;
  void resizeEvent(QResizeEvent*) override;
  void mousePressEvent(QMouseEvent*) override;
  void mouseMoveEvent(QMouseEvent*) override;
  void mouseReleaseEvent(QMouseEvent*) override;
  void mouseDoubleClickEvent(QMouseEvent*) override;
  void wheelEvent(QWheelEvent*) override;
  void keyPressEvent(QKeyEvent*) override;

 private:
  void start_render();
  void finish_sketch();
  void stop_job();

  LayerTreeModel* model_;
  crs::Crs crs_;
  Tool tool_ = Tool::Pan;
  Envelope extent_;
  QImage image_;                 // last composited render
  Envelope image_extent_;  // the visible extent it shows
  std::shared_ptr<render::LayerImageCache> cache_;
  std::shared_ptr<render::RenderJob> job_;
  std::thread thread_;
  quint64 generation_ = 0;
  bool rendering_ = false;
  bool pending_ = false;
  double last_ms_ = 0;
  QTimer debounce_;

  // gestures
  bool dragging_ = false;
  QPoint press_pos_, last_pos_;
  QPoint drag_offset_;
  QRect box_;
  Ring sketch_;
  QPointF hover_;
};

}  // namespace tudi::view
