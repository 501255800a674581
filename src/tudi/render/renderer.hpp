#pragma once
// Drawing a MapSettings snapshot: each layer into its own image (layers in parallel, a huge
// layer split across cores), composited with opacity, labels on top. Cancellable through an
// atomic flag, so a viewer can drop a render the moment the user pans again. Needs a
// QGuiApplication (offscreen is fine: QT_QPA_PLATFORM=offscreen).

#include <QImage>
#include <QPainter>

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "tudi/core/progress.hpp"
#include "tudi/render/map_settings.hpp"

namespace tudi::render {

/// What one layer's drawing did, for benchmarks and tests.
struct DrawStats {
  std::size_t queried = 0;    // features the index returned for the view
  std::size_t polygons = 0;   // drawn as polygons or lines
  std::size_t small = 0;      // drawn as their pixel box (under 3 px across)
  std::size_t pixels = 0;     // drawn as one pixel (under 1 px)
  std::size_t vertices_in = 0, vertices_out = 0;  // before and after sub-pixel simplification
};

/// Draws one layer (no opacity) with a painter whose device is `s.size` pixels; vector devices
/// (QPdfWriter) get vector output. Returns false when cancelled.
bool draw_layer(QPainter& p, const MapSettings& s, const MapLayer& layer,
                const std::atomic<bool>* cancel = nullptr, DrawStats* stats = nullptr);
/// The layer alone on a transparent image of the output size; a layer with many features in
/// view is drawn by `threads` workers (0 = every core) into strips that are then stacked.
/// A null image when cancelled.
QImage render_layer(const MapSettings& s, const MapLayer& layer,
                    const std::atomic<bool>* cancel = nullptr, DrawStats* stats = nullptr,
                    int threads = 0);
/// Labels of every visible layer, top layer first, none overlapping another.
void draw_labels(QPainter& p, const MapSettings& s, const std::atomic<bool>* cancel = nullptr);
/// Everything straight into a painter (background, layers with opacity, labels): the form for
/// PDF pages, where vector output matters more than speed.
void draw_map(QPainter& p, const MapSettings& s);

/// The last image of each layer, reused while the layer, the view and the size are unchanged
/// (toggling another layer or changing opacity redraws nothing else). Thread-safe.
class LayerImageCache {
 public:
  QImage get(const MapSettings& s, const MapLayer& layer) const;
  void put(const MapSettings& s, const MapLayer& layer, const QImage& image);
  void clear();
  void remove(const std::string& id);

 private:
  static std::string key(const MapSettings& s, const MapLayer& layer);
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::string, QImage>> images_;  // id → (key, image)
};

/// One render of a settings snapshot: uncached layers in parallel, then the composite. Run it
/// on any thread; cancel() from another stops it within a few thousand features.
class RenderJob {
 public:
  explicit RenderJob(MapSettings settings, std::shared_ptr<LayerImageCache> cache = {});
  /// Renders; false when cancelled (image() is then null). Progress reports layers done.
  bool run(const Progress& progress = {});
  void cancel() { cancel_ = true; }
  bool cancelled() const { return cancel_; }
  const QImage& image() const { return image_; }
  const MapSettings& settings() const { return settings_; }
  /// Milliseconds the last run took, and per layer id what drawing it did.
  double elapsed_ms() const { return elapsed_ms_; }
  const std::map<std::string, DrawStats>& stats() const { return stats_; }

 private:
  MapSettings settings_;
  std::shared_ptr<LayerImageCache> cache_;
  std::atomic<bool> cancel_{false};
  QImage image_;
  double elapsed_ms_ = 0;
  std::map<std::string, DrawStats> stats_;
};

/// Renders a snapshot to an image in one call (tests, PNG export, the report's figures).
QImage render_map(const MapSettings& s);

}  // namespace tudi::render
