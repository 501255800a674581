#include "tudi/render/layer_data.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "tudi/core/error.hpp"
#include "tudi/io/index_boxes.hpp"

namespace tudi::render {
namespace {

/// What one chunk of features extracts, before the chunks are joined.
struct Chunk {
  std::vector<std::uint32_t> parts_per_feature;
  std::vector<std::uint32_t> vertices_per_part;
  std::vector<PartKind> kinds;
  std::vector<float> xy;
  std::vector<Envelope> envelopes;
  unsigned kinds_seen = 0;  // bit 0 polygon, 1 line, 2 point
};

void extract(const Feature& f, double ox, double oy, Chunk& c) {
  Envelope e;
  std::uint32_t parts = 0;
  auto add = [&](PartKind k, std::size_t n, const double* x, const double* y, std::size_t stride) {
    c.kinds.push_back(k);
    c.vertices_per_part.push_back(static_cast<std::uint32_t>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const double px = x[i * stride], py = y[i * stride];
      c.xy.push_back(static_cast<float>(px - ox));
      c.xy.push_back(static_cast<float>(py - oy));
      e.expand({px, py, px, py});
    }
    ++parts;
  };
  if (f.geometry && !geom::is_empty(f.geometry)) {
    const int t = geom::type_id(f.geometry);
    if (geom::is_polygonal(f.geometry)) {
      c.kinds_seen |= 1;
      geom::for_each_ring(f.geometry, [&](int, int ring, std::span<const double> xy) {
        add(ring == 0 ? PartKind::Shell : PartKind::Hole, xy.size() / 2, xy.data(), xy.data() + 1, 2);
      });
    } else if (t == GEOS_POINT || t == GEOS_MULTIPOINT || t == GEOS_LINESTRING ||
               t == GEOS_MULTILINESTRING || t == GEOS_LINEARRING) {
      const bool point = t == GEOS_POINT || t == GEOS_MULTIPOINT;
      c.kinds_seen |= point ? 4u : 2u;
      // transform_coords visits every coordinate sequence; its copy is thrown away.
      geom::transform_coords(f.geometry, [&](std::size_t n, double* x, double* y) {
        add(point ? PartKind::Point : PartKind::Line, n, x, y, 1);
      });
    }
  }
  c.parts_per_feature.push_back(parts);
  c.envelopes.push_back(e);
}

}  // namespace

LayerData::LayerData(std::shared_ptr<const Layer> layer, const Progress& progress)
    : layer_(std::move(layer)) {
  const auto& feats = layer_->features;
  for (const Feature& f : feats) {
    if (f.geometry && !geom::is_empty(f.geometry)) {
      const Envelope e = geom::envelope(f.geometry);
      origin_x_ = std::floor(e.minx);
      origin_y_ = std::floor(e.miny);
      break;
    }
  }
  constexpr std::size_t kChunk = 16384;
  const std::size_t nchunks = (feats.size() + kChunk - 1) / kChunk;
  std::vector<Chunk> chunks(nchunks);
  std::atomic<std::size_t> done{0};
  std::atomic<bool> cancelled{false};
  tbb::parallel_for(std::size_t(0), nchunks, [&](std::size_t ci) {
    if (cancelled) return;
    const std::size_t b = ci * kChunk, e = std::min(feats.size(), b + kChunk);
    Chunk& c = chunks[ci];
    c.envelopes.reserve(e - b);
    for (std::size_t i = b; i < e; ++i) extract(feats[i], origin_x_, origin_y_, c);
    done += e - b;
  });
  report_progress(progress, 0.7, "索引");
  (void)cancelled;

  std::size_t nparts = 0, nverts = 0;
  unsigned kinds = 0;
  for (const Chunk& c : chunks) {
    nparts += c.kinds.size();
    nverts += c.xy.size() / 2;
    kinds |= c.kinds_seen;
  }
  if (nverts >= std::numeric_limits<std::uint32_t>::max() / 2)
    throw Error(layer_->source, "too many vertices to draw (over 2 billion)");
  envelopes_.reserve(feats.size());
  feature_parts_.reserve(feats.size() + 1);
  part_vertices_.reserve(nparts + 1);
  part_kinds_.reserve(nparts);
  xy_.reserve(nverts * 2);
  feature_parts_.push_back(0);
  part_vertices_.push_back(0);
  for (Chunk& c : chunks) {
    for (std::uint32_t n : c.parts_per_feature) feature_parts_.push_back(feature_parts_.back() + n);
    for (std::uint32_t n : c.vertices_per_part) part_vertices_.push_back(part_vertices_.back() + n);
    part_kinds_.insert(part_kinds_.end(), c.kinds.begin(), c.kinds.end());
    xy_.insert(xy_.end(), c.xy.begin(), c.xy.end());
    envelopes_.insert(envelopes_.end(), c.envelopes.begin(), c.envelopes.end());
    for (const Envelope& e : c.envelopes) extent_.expand(e);
    Chunk().kinds.swap(c.kinds);
    std::vector<float>().swap(c.xy);
  }
  geometry_type_ = kinds == 1 ? "polygon" : kinds == 2 ? "line" : kinds == 4 ? "point"
                   : kinds == 0 ? "polygon" : "mixed";
  index_ = geom::EnvelopeIndex(envelopes_);
  report_progress(progress, 1.0, "索引");
}

std::shared_ptr<const LayerData> LayerData::from_boxes(const Layer& schema,
                                                       std::vector<Envelope> boxes) {
  auto layer = std::make_shared<Layer>();
  layer->name = schema.name;
  layer->source = schema.source;
  layer->role = schema.role;
  layer->crs = schema.crs;
  layer->source_crs = schema.source_crs;
  std::shared_ptr<LayerData> d(new LayerData());
  d->layer_ = std::move(layer);
  d->preview_ = true;
  d->geometry_type_ = "polygon";
  for (const Envelope& e : boxes)
    if (!e.empty()) {
      d->origin_x_ = std::floor(e.minx);
      d->origin_y_ = std::floor(e.miny);
      break;
    }
  if (boxes.size() >= std::numeric_limits<std::uint32_t>::max() / 10)
    throw Error(schema.source, "too many features to draw (over 400 million)");
  const auto n = static_cast<std::uint32_t>(boxes.size());
  d->feature_parts_.resize(n + std::size_t{1});
  d->part_vertices_.resize(n + std::size_t{1});
  d->part_kinds_.assign(n, PartKind::Shell);
  d->xy_.resize(std::size_t{10} * n);
  for (std::uint32_t i = 0; i <= n; ++i) {
    d->feature_parts_[i] = i;
    d->part_vertices_[i] = 5 * i;
  }
  float* xy = d->xy_.data();
  for (const Envelope& e : boxes) {
    const auto x0 = static_cast<float>(e.minx - d->origin_x_), x1 = static_cast<float>(e.maxx - d->origin_x_);
    const auto y0 = static_cast<float>(e.miny - d->origin_y_), y1 = static_cast<float>(e.maxy - d->origin_y_);
    const float ring[10] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
    xy = std::copy(ring, ring + 10, xy);
    d->extent_.expand(e);
  }
  d->envelopes_ = std::move(boxes);
  d->run_ = 64;
  std::vector<Envelope> runs((d->envelopes_.size() + d->run_ - 1) / d->run_);
  for (std::size_t f = 0; f < d->envelopes_.size(); ++f) runs[f / d->run_].expand(d->envelopes_[f]);
  d->index_ = geom::EnvelopeIndex(runs);
  return d;
}

std::shared_ptr<const LayerData> read_preview(const io::LayerSource& src,
                                              const std::optional<crs::Crs>& target,
                                              const Progress& progress) {
  std::optional<io::IndexBoxes> boxes;
  try {
    boxes = io::read_index_boxes(src, target, progress);
  } catch (const Error&) {
    return nullptr;
  }
  if (!boxes || boxes->boxes.empty()) return nullptr;
  Layer schema;
  schema.name = boxes->name;
  schema.source = src.source;
  schema.role = src.role;
  schema.crs = boxes->crs;
  return LayerData::from_boxes(schema, std::move(boxes->boxes));
}

void LayerData::query(const Envelope& e, std::vector<std::size_t>& out) const {
  if (run_ == 0) {
    index_.query(e, out);
    return;
  }
  std::vector<std::size_t> runs;
  index_.query(e, runs);
  for (std::size_t r : runs) {
    const std::size_t end = std::min(envelopes_.size(), (r + 1) * run_);
    for (std::size_t f = r * run_; f < end; ++f)
      if (envelopes_[f].intersects(e)) out.push_back(f);
  }
}

std::size_t LayerData::memory_bytes() const {
  return envelopes_.capacity() * sizeof(Envelope) + feature_parts_.capacity() * 4 +
         part_vertices_.capacity() * 4 + part_kinds_.capacity() + xy_.capacity() * 4;
}

std::pair<double, double> LayerData::label_point(std::size_t f) const {
  const Envelope& env = envelopes_[f];
  const std::pair<double, double> centre{(env.minx + env.maxx) / 2, (env.miny + env.maxy) / 2};
  // The shell with the largest box, and the holes that follow it.
  std::uint32_t best = part_end(f), best_end = part_end(f);
  double best_area = -1;
  for (std::uint32_t p = part_begin(f); p < part_end(f); ++p) {
    if (part_kind(p) != PartKind::Shell) continue;
    double minx = 1e300, maxx = -1e300, miny = 1e300, maxy = -1e300;
    for (std::uint32_t v = vertex_begin(p); v < vertex_end(p); ++v) {
      minx = std::min(minx, x(v));
      maxx = std::max(maxx, x(v));
      miny = std::min(miny, y(v));
      maxy = std::max(maxy, y(v));
    }
    const double a = (maxx - minx) * (maxy - miny);
    if (a > best_area) {
      best_area = a;
      best = p;
      best_end = p + 1;
      while (best_end < part_end(f) && part_kind(best_end) == PartKind::Hole) ++best_end;
    }
  }
  if (best == part_end(f)) return centre;
  // Scan line through the middle of that shell's height: the widest inside stretch, centred.
  double miny = 1e300, maxy = -1e300;
  for (std::uint32_t v = vertex_begin(best); v < vertex_end(best); ++v) {
    miny = std::min(miny, y(v));
    maxy = std::max(maxy, y(v));
  }
  const double sy = (miny + maxy) / 2;
  std::vector<double> xs;
  for (std::uint32_t p = best; p < best_end; ++p) {
    for (std::uint32_t v = vertex_begin(p); v + 1 < vertex_end(p); ++v) {
      const double y0 = y(v), y1 = y(v + 1);
      if ((y0 <= sy && y1 > sy) || (y1 <= sy && y0 > sy))
        xs.push_back(x(v) + (sy - y0) / (y1 - y0) * (x(v + 1) - x(v)));
    }
  }
  std::sort(xs.begin(), xs.end());
  double bw = -1, bx = centre.first;
  for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
    if (xs[i + 1] - xs[i] > bw) {
      bw = xs[i + 1] - xs[i];
      bx = (xs[i] + xs[i + 1]) / 2;
    }
  }
  return {bx, bw < 0 ? centre.second : sy};
}

bool LayerData::contains(std::size_t f, double px, double py, double tol, bool outline) const {
  const Envelope& e = envelopes_[f];
  if (px < e.minx - tol || px > e.maxx + tol || py < e.miny - tol || py > e.maxy + tol) return false;
  bool inside = false;
  for (std::uint32_t p = part_begin(f); p < part_end(f); ++p) {
    const PartKind k = part_kind(p);
    const std::uint32_t b = vertex_begin(p), n = vertex_end(p);
    if ((k == PartKind::Shell || k == PartKind::Hole) && !outline) {
      for (std::uint32_t i = b, j = n - 1; i < n; j = i++) {
        const double yi = y(i), yj = y(j);
        if ((yi > py) != (yj > py) && px < (x(j) - x(i)) * (py - yi) / (yj - yi) + x(i))
          inside = !inside;
      }
    } else {
      for (std::uint32_t i = b; i < n; ++i) {
        double d;
        if (k == PartKind::Point || i + 1 == n) {
          d = std::hypot(px - x(i), py - y(i));
        } else {
          const double ax = x(i), ay = y(i), bx = x(i + 1), by = y(i + 1);
          const double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
          const double t = l2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / l2, 0.0, 1.0) : 0;
          d = std::hypot(px - (ax + t * dx), py - (ay + t * dy));
        }
        if (d <= tol) return true;
      }
    }
  }
  return inside;
}

int resolve_field(const Layer& layer, const std::string& name) {
  if (name.empty()) return -1;
  const int c = layer.canonical_index(name);
  return c >= 0 ? c : layer.field_index(name);
}

std::vector<std::int16_t> classify(const Layer& layer, const Style& style) {
  std::vector<std::int16_t> out(layer.features.size(), -1);
  const int fi = resolve_field(layer, style.category_field);
  if (fi < 0 || style.categories.empty()) return out;
  // Most layers repeat a handful of codes: remember each distinct text's category.
  std::vector<std::pair<std::string, std::int16_t>> seen;
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    const auto& vals = layer.features[i].values;
    if (static_cast<std::size_t>(fi) >= vals.size()) continue;
    const std::string t = to_text(vals[fi]);
    std::int16_t c = -1;
    bool found = false;
    for (const auto& [k, v] : seen)
      if (k == t) {
        c = v;
        found = true;
        break;
      }
    if (!found) {
      c = static_cast<std::int16_t>(style.category_of(t));
      if (seen.size() < 256) seen.emplace_back(t, c);
    }
    out[i] = c;
  }
  return out;
}

}  // namespace tudi::render
