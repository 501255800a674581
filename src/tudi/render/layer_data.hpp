#pragma once
// A layer made ready for drawing, once: every coordinate copied out of GEOS into one compact
// array (float offsets from the layer's origin) and a packed R-tree over feature envelopes, so
// a redraw touches only the features in view and never calls GEOS.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/geom/index.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/render/style.hpp"

namespace tudi::render {

enum class PartKind : std::uint8_t { Shell, Hole, Line, Point };

/// The drawing copy of a layer. Immutable once built; shared by the viewer's render jobs (any
/// number of threads may read it at once) and kept alongside the Layer it came from.
///
/// A preview (from_boxes) is drawn from bounding boxes alone, before the layer is read: one
/// rectangle per feature and no Layer behind it. Its layer() has a name, source and CRS but
/// no fields and no features, so whatever shows attributes (identify, attribute tables,
/// analyses) must check is_preview() and wait for the real data.
class LayerData {
 public:
  /// Extracts coordinates and builds the index; progress may cancel (tudi::Cancelled).
  explicit LayerData(std::shared_ptr<const Layer> layer, const Progress& progress = {});
  /// A preview: one rectangle shell per box. `schema` names the layer (name, source, role,
  /// CRS); its features, if any, are ignored.
  static std::shared_ptr<const LayerData> from_boxes(const Layer& schema,
                                                     std::vector<Envelope> boxes);

  /// True for a preview built from boxes: there are no features or attributes to look up.
  bool is_preview() const { return preview_; }
  /// The layer drawn; for a preview only its schema (no features).
  const Layer& layer() const { return *layer_; }
  const std::shared_ptr<const Layer>& layer_ptr() const { return layer_; }
  std::size_t size() const { return envelopes_.size(); }
  Envelope extent() const { return extent_; }
  const Envelope& envelope(std::size_t f) const { return envelopes_[f]; }
  /// "polygon", "line", "point" or "mixed", from the features' geometries.
  const std::string& geometry_type() const { return geometry_type_; }

  /// Features whose envelope meets `e` (appended to `out`, in index order).
  void query(const Envelope& e, std::vector<std::size_t>& out) const;

  // Rings (or lines, or points) of feature f: indices [part_begin(f), part_end(f)).
  std::uint32_t part_begin(std::size_t f) const { return feature_parts_[f]; }
  std::uint32_t part_end(std::size_t f) const { return feature_parts_[f + 1]; }
  PartKind part_kind(std::uint32_t p) const { return part_kinds_[p]; }
  // Vertices of part p: indices [vertex_begin(p), vertex_end(p)) into x()/y().
  std::uint32_t vertex_begin(std::uint32_t p) const { return part_vertices_[p]; }
  std::uint32_t vertex_end(std::uint32_t p) const { return part_vertices_[p + 1]; }
  /// Vertex coordinates in map units: origin + the stored float offset (well under a
  /// millimetre of error over a county: floats keep 24 bits over ~100 km offsets).
  double x(std::uint32_t v) const { return origin_x_ + xy_[2 * v]; }
  double y(std::uint32_t v) const { return origin_y_ + xy_[2 * v + 1]; }
  double origin_x() const { return origin_x_; }
  double origin_y() const { return origin_y_; }
  const float* xy() const { return xy_.data(); }

  /// A point inside feature f's first polygon (for labels), or its envelope centre when it
  /// has no polygon; computed from the stored rings.
  std::pair<double, double> label_point(std::size_t f) const;
  /// True when (x, y) lies inside feature f (polygons: even-odd over its rings; lines and
  /// points: within `tolerance` map units). With `outline`, polygons count as their rings only
  /// (for layers drawn without fill, where a click inside meets nothing visible).
  bool contains(std::size_t f, double x, double y, double tolerance = 0, bool outline = false) const;

  std::size_t vertex_count() const { return xy_.size() / 2; }
  std::size_t memory_bytes() const;

 private:
  std::shared_ptr<const Layer> layer_;
  std::vector<Envelope> envelopes_;
  std::vector<std::uint32_t> feature_parts_;  // size() + 1 offsets into part_*
  std::vector<std::uint32_t> part_vertices_;  // parts + 1 offsets into xy_ (in vertices)
  std::vector<PartKind> part_kinds_;
  std::vector<float> xy_;
  double origin_x_ = 0, origin_y_ = 0;
  Envelope extent_;
  geom::EnvelopeIndex index_;
  /// 0: index_ holds one box per feature. A preview's index holds one box per run of this
  /// many features instead: its boxes come in the R-tree's order, so a run is compact, and
  /// indexing 10⁶ boxes one by one would take most of the preview's time.
  std::uint32_t run_ = 0;
  std::string geometry_type_;
  bool preview_ = false;

  LayerData() = default;
};

/// The preview of a source whose spatial index can be read without its geometries (a
/// GeoPackage's R-tree, see io::read_index_boxes), in `target` CRS; nullptr when it has none.
/// Errors reading the index are left to the full read, which names them properly.
std::shared_ptr<const LayerData> read_preview(const io::LayerSource& src,
                                              const std::optional<crs::Crs>& target,
                                              const Progress& progress = {});

/// The category of every feature of a layer under a style's category field (-1: none), worked
/// out once per style change rather than per frame.
std::vector<std::int16_t> classify(const Layer& layer, const Style& style);

/// The attribute index a style field names: a canonical name through the layer's mapping, else
/// the source's own field name (case-insensitive); -1 when the layer has neither.
int resolve_field(const Layer& layer, const std::string& name);

}  // namespace tudi::render
