#include "tudi/io/parallel_read.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <tbb/concurrent_unordered_set.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <set>

#include "tudi/core/error.hpp"
#include "tudi/core/threads.hpp"
#include "tudi/crs/transform.hpp"
#include "tudi/io/jzd.hpp"
#include "tudi/io/ogr.hpp"

namespace fs = std::filesystem;

namespace tudi::io {
namespace {

bool is_shapefile(const std::string& source) {
  std::string e = fs::path(source).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ".shp";
}

/// How the id ranges are cut: by position (Shapefile: SetNextByIndex is a seek), by FID
/// value through an attribute filter (GeoPackage: the FID is SQLite's rowid), or not at all.
enum class Split { ByIndex, ByFid, None };

/// One dataset handle, used by one chunk at a time (GDAL datasets are not thread-safe); the
/// HandlePool below passes it on to the next chunk.
struct Handle {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
};

Handle open_handle(const LayerSource& src, const std::string& encoding) {
  CPLStringList options;
  if (is_shapefile(src.source) && !encoding.empty())
    options.SetNameValue("ENCODING", encoding.c_str());
  Handle h;
  h.ds.reset(GDALDataset::Open(src.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                               options.List(), nullptr));
  if (!h.ds) throw Error(src.source, std::string("cannot open: ") + CPLGetLastErrorMsg());
  h.layer = &choose_layer(*h.ds, src);
  return h;
}

/// Envelope corners taken through a transformation (a bounding box of the four corners).
Envelope transformed(const Envelope& e, const crs::Transformer& t) {
  if (e.empty() || t.is_identity()) return e;
  double xs[4] = {e.minx, e.maxx, e.maxx, e.minx}, ys[4] = {e.miny, e.miny, e.maxy, e.maxy};
  if (!t.transform(4, xs, ys)) return {};
  return {*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
          *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)};
}

/// What every chunk needs to know about the source, settled once.
struct Plan {
  std::string encoding;
  crs::Crs source_crs, target_crs;
  bool swapped = false;
  std::vector<int> wanted;  // field indices to read
  std::vector<std::string> ignored;
  Split split = Split::None;
  std::string fid_column;
  std::int64_t first = 0, last = -1;  // FID values or positions, inclusive
  bool windows = false;               // read window by window through the source's spatial index
  bool ogr_filter = false;            // hand the filter box to OGR (else `convert` alone tests it)
  InvalidText invalid;                // text cells GDAL would garble, kept with U+FFFD
};

/// Dataset handles kept for the next chunk: opening a GeoPackage reads its schema, which costs
/// more than reading a small chunk. A pool rather than one handle per thread, because TBB may
/// start another chunk on a thread whose own chunk is waiting inside `visit`.
class HandlePool {
 public:
  HandlePool(const LayerSource& src, const Plan& plan) : src_(src), plan_(plan) {}

  Handle take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        Handle h = std::move(free_.back());
        free_.pop_back();
        return h;
      }
    }
    Handle h = open_handle(src_, plan_.encoding);
    if (!plan_.ignored.empty()) {
      std::vector<const char*> names;
      for (const std::string& n : plan_.ignored) names.push_back(n.c_str());
      names.push_back(nullptr);
      h.layer->SetIgnoredFields(names.data());
    }
    return h;
  }
  void give_back(Handle h) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(h));
  }

 private:
  const LayerSource& src_;
  const Plan& plan_;
  std::mutex mutex_;
  std::vector<Handle> free_;
};

/// Reads one range [from, to] of the source and hands on batches.
class ChunkReader {
 public:
  ChunkReader(const LayerSource& src, const ParallelReadOptions& opt, const SchemaInfo& info,
              const Plan& plan)
      : src_(src),
        opt_(opt),
        info_(info),
        plan_(plan),
        to_target_(plan.source_crs, plan.target_crs) {}

  /// Reads the features meeting windows [from, to) through the source's spatial
  /// index, each feature once across all threads (`seen` holds the FIDs already taken).
  void run_windows(const std::vector<Envelope>& windows, std::size_t from, std::size_t to,
                   const std::function<void(std::vector<Feature>&&)>& visit, ReadReport& report,
                   tbb::concurrent_unordered_set<std::int64_t>& taken, Handle& h) {
    OGRLayer& l = *h.layer;
    const crs::Transformer back(plan_.target_crs, plan_.source_crs);
    std::vector<Feature> batch;
    for (std::size_t w = from; w < to; ++w) {
      Envelope e = transformed(windows[w], back);
      if (e.empty()) continue;
      if (plan_.swapped) std::swap(e.minx, e.miny), std::swap(e.maxx, e.maxy);
      l.SetSpatialFilterRect(e.minx, e.miny, e.maxx, e.maxy);
      l.ResetReading();
      for (OGRFeatureUniquePtr f(l.GetNextFeature()); f; f.reset(l.GetNextFeature())) {
        if (!taken.insert(f->GetFID()).second) continue;
        if (std::optional<Feature> out = convert(*f, report)) batch.push_back(std::move(*out));
        if (batch.size() >= opt_.batch) {
          visit(std::move(batch));
          batch.clear();
        }
      }
    }
    if (!batch.empty()) visit(std::move(batch));
  }

  /// Returns the number of features looked at.
  std::int64_t run(std::int64_t from, std::int64_t to,
                   const std::function<void(std::vector<Feature>&&)>& visit, ReadReport& report,
                   Handle& h) {
    OGRLayer& l = *h.layer;
    if (plan_.split == Split::ByFid) {
      const std::string filter = "\"" + plan_.fid_column + "\" >= " + std::to_string(from) +
                                 " AND \"" + plan_.fid_column + "\" <= " + std::to_string(to);
      if (l.SetAttributeFilter(filter.c_str()) != OGRERR_NONE)
        throw Error(src_.source, "cannot filter by " + plan_.fid_column);
    }
    if (plan_.ogr_filter) set_spatial_filter(l);
    l.ResetReading();
    if (plan_.split == Split::ByIndex && from > 0 && l.SetNextByIndex(from) != OGRERR_NONE)
      throw Error(src_.source, "cannot seek to feature " + std::to_string(from));
    std::vector<Feature> batch;
    std::int64_t seen = 0;
    const std::int64_t limit = plan_.split == Split::ByIndex ? to - from + 1 : -1;
    for (OGRFeatureUniquePtr f(l.GetNextFeature()); f; f.reset(l.GetNextFeature())) {
      ++seen;
      if (std::optional<Feature> out = convert(*f, report)) batch.push_back(std::move(*out));
      if (batch.size() >= opt_.batch) {
        visit(std::move(batch));
        batch.clear();
      }
      if (limit >= 0 && seen >= limit) break;
    }
    if (!batch.empty()) visit(std::move(batch));
    return seen;
  }

 private:
  void set_spatial_filter(OGRLayer& l) const {
    // The filter is in the target CRS; OGR wants it in the source's (axes as stored).
    const crs::Transformer back(plan_.target_crs, plan_.source_crs);
    Envelope e = transformed(opt_.base.filter, back);
    if (e.empty()) return;
    if (plan_.swapped) std::swap(e.minx, e.miny), std::swap(e.maxx, e.maxy);
    l.SetSpatialFilterRect(e.minx, e.miny, e.maxx, e.maxy);
  }

  std::optional<Feature> convert(OGRFeature& f, ReadReport& report) {
    Feature out;
    out.fid = f.GetFID();
    OGRGeometry* g = f.GetGeometryRef();
    auto where = [&] { return src_.source + ": feature " + std::to_string(out.fid); };
    if (!g || g->IsEmpty()) {
      if (!opt_.keep_empty) {
        ++report.empty_skipped;
        report.warnings.push_back(where() + ": has no geometry; left out");
        return std::nullopt;
      }
    } else {
      std::unique_ptr<OGRGeometry> linear;
      g = linearised(g, linear);
      OGREnvelope oe;
      g->getEnvelope(&oe);
      // Kept without geometry where features are reported one by one (keep_empty), else fatal;
      // the kept reason is read by a planner, hence in Chinese.
      auto unusable = [&](const std::string& why,
                           const std::string& reason) -> std::optional<Feature> {
        if (!opt_.keep_empty) throw Error(where(), why);
        report.unusable[out.fid] = reason;
        return finish(f, std::move(out));
      };
      if (!finite(oe)) return unusable(kNonFinite, "坐标含 NaN 或无穷大");
      if (plan_.swapped) g->swapXY();
      if (!to_target_.is_identity()) {
        try {
          to_target_.transform(*g);
        } catch (const Error& e) {
          return unusable(std::string("cannot be transformed into the working CRS: ") + e.what(),
                          std::string("坐标无法转换到工作坐标系（") + e.what() + "）");
        }
        g->getEnvelope(&oe);
      } else if (plan_.swapped) {
        std::swap(oe.MinX, oe.MinY), std::swap(oe.MaxX, oe.MaxY);
      }
      const Envelope env{oe.MinX, oe.MinY, oe.MaxX, oe.MaxY};
      if (!opt_.base.filter.empty() && !env.intersects(opt_.base.filter)) return std::nullopt;
      if (opt_.keep && !opt_.keep(env)) return std::nullopt;
      geom::Geometry geos = to_geos(*g, wkb_);
      // A transformation may send a coordinate out of range (the envelope above was finite).
      if (geom::has_non_finite(geos)) return unusable(kNonFinite, "坐标含 NaN 或无穷大");
      out.geometry = std::move(geos);
      settle_geometry(out.geometry, where(), opt_.base.repair, report);
    }
    return finish(f, std::move(out));
  }

  /// The attributes, once the geometry is settled.
  Feature finish(OGRFeature& f, Feature out) const {
    out.values.resize(info_.schema.fields.size());
    for (int i : plan_.wanted)
      out.values[static_cast<std::size_t>(i)] =
          field_value(f, i, info_.schema.fields[static_cast<std::size_t>(i)].type);
    plan_.invalid.fill(out.fid, out.values);
    return out;
  }

  const LayerSource& src_;
  const ParallelReadOptions& opt_;
  const SchemaInfo& info_;
  const Plan& plan_;
  crs::Transformer to_target_;
  std::vector<std::uint8_t> wkb_;
};

/// Neighbouring windows merged where that adds little area: fewer queries (each one a new
/// SQLite statement in GDAL's GeoPackage driver) and fewer features fetched again by the next
/// window that overlaps them. Windows are visited in sort-tile-recursive order (slabs by x,
/// then y), and one grows while its box stays within twice the area of its members.
std::vector<Envelope> merge_windows(std::vector<Envelope> w) {
  std::erase_if(w, [](const Envelope& e) { return e.empty(); });
  if (w.size() < 2) return w;
  auto area = [](const Envelope& e) { return (e.width() + 1) * (e.height() + 1); };
  auto cx = [](const Envelope& e) { return e.minx + e.maxx; };
  auto cy = [](const Envelope& e) { return e.miny + e.maxy; };
  constexpr std::size_t kMaxMembers = 64;
  const auto slabs = static_cast<std::size_t>(
      std::ceil(std::sqrt(static_cast<double>(w.size()) / static_cast<double>(kMaxMembers))));
  const std::size_t per_slab = (w.size() + slabs - 1) / slabs;
  std::sort(w.begin(), w.end(), [&](const auto& a, const auto& b) { return cx(a) < cx(b); });
  for (std::size_t i = 0; i < w.size(); i += per_slab) {
    const auto end = w.begin() + static_cast<std::ptrdiff_t>(std::min(w.size(), i + per_slab));
    std::sort(w.begin() + static_cast<std::ptrdiff_t>(i), end,
              [&](const auto& a, const auto& b) { return cy(a) < cy(b); });
  }
  std::vector<Envelope> out;
  Envelope box;
  double members_area = 0;
  std::size_t members = 0;
  for (const Envelope& e : w) {
    Envelope grown = box;
    grown.expand(e);
    if (members > 0 && members < kMaxMembers && area(grown) <= 2 * (members_area + area(e))) {
      box = grown;
      members_area += area(e);
      ++members;
      continue;
    }
    if (members > 0) out.push_back(box);
    box = e;
    members_area = area(e);
    members = 1;
  }
  out.push_back(box);
  return out;
}

void merge(ReadReport& into, ReadReport&& r) {
  into.invalid += r.invalid;
  into.repaired += r.repaired;
  into.empty_skipped += r.empty_skipped;
  for (std::string& s : r.repairs) into.repairs.push_back(std::move(s));
  for (std::string& s : r.warnings) into.warnings.push_back(std::move(s));
  into.unusable.merge(r.unusable);
}

/// Settles how to read: fields, encoding, CRS and axis order, and how to cut the id ranges.
Plan make_plan(const ParallelReadOptions& opt, const SchemaInfo& info, Handle& h) {
  Plan p;
  const Layer& s = info.schema;
  p.encoding = s.report.encoding;
  p.source_crs = s.source_crs;
  p.target_crs = s.crs;
  // Axes are swapped only for sources without a CRS whose coordinates look like (N, E).
  if (!h.layer->GetSpatialRef() && s.source_crs.origin() != crs::Origin::Assigned) {
    OGREnvelope e;
    if (h.layer->GetExtent(&e, TRUE) == OGRERR_NONE && finite(e))
      p.swapped = crs::detect({e.MinX, e.MinY, e.MaxX, e.MaxY}).swapped_xy;
  }
  std::set<int> wanted;
  if (opt.fields.empty()) {
    for (std::size_t i = 0; i < s.fields.size(); ++i) wanted.insert(static_cast<int>(i));
  } else {
    for (const std::string& c : opt.fields)
      if (int i = s.canonical_index(c); i >= 0) wanted.insert(i);
  }
  p.wanted.assign(wanted.begin(), wanted.end());
  for (std::size_t i = 0; i < s.fields.size(); ++i)
    if (!wanted.count(static_cast<int>(i))) p.ignored.push_back(s.fields[i].name);

  // Windows pay off where the source has a spatial index and they cover a small part of it:
  // each window is a query of its own, and a feature under several windows is fetched again.
  // Measured on `tudi synth` counties (bench/check): windows covering 4 % of the extent read
  // 16 % faster than a scan, covering 41 % (10⁴ proposals on 10⁵ plots) 14 % slower.
  const std::int64_t count = h.layer->GetFeatureCount(FALSE);
  double covered = 0;
  for (const Envelope& w : opt.windows)
    if (!w.empty()) covered += w.width() * w.height();
  const double extent = info.extent.empty() ? 0 : info.extent.width() * info.extent.height();
  p.windows = !opt.windows.empty() && h.layer->TestCapability(OLCFastSpatialFilter) && count > 0 &&
              static_cast<std::int64_t>(opt.windows.size()) * 8 < count &&
              (extent <= 0 || covered < 0.2 * extent);
  const std::string driver = h.ds->GetDriver() ? h.ds->GetDriver()->GetDescription() : "";
  if (driver == "ESRI Shapefile" && h.layer->TestCapability(OLCFastSetNextByIndex)) {
    p.split = Split::ByIndex;
    p.first = 0;
    p.last = h.layer->GetFeatureCount(TRUE) - 1;
  } else if (driver == "GPKG" && *h.layer->GetFIDColumn()) {
    p.fid_column = h.layer->GetFIDColumn();
    const std::string sql = "SELECT MIN(\"" + p.fid_column + "\"), MAX(\"" + p.fid_column +
                            "\") FROM \"" + std::string(h.layer->GetName()) + "\"";
    OGRLayer* r = h.ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (r) {
      OGRFeatureUniquePtr f(r->GetNextFeature());
      if (f && f->IsFieldSetAndNotNull(0) && f->IsFieldSetAndNotNull(1)) {
        p.split = Split::ByFid;
        p.first = f->GetFieldAsInteger64(0);
        p.last = f->GetFieldAsInteger64(1);
      }
      h.ds->ReleaseResultSet(r);
    }
  }
  // A GeoPackage answers OGR's spatial filter with `fid IN (SELECT id FROM rtree ...)`, which
  // SQLite builds anew for every id range: a filter around 10⁴ proposals read the R-tree's 10⁶
  // entries once per range, 31 times (28 of 37 s at 10⁶ × 10⁴ real-shaped). So a range scan
  // hands OGR only a filter that selects little; `convert` tests every envelope anyway.
  const Envelope& f = opt.base.filter;
  const double filter_area = f.empty() ? 0 : f.width() * f.height();
  p.ogr_filter = !f.empty() && p.split != Split::ByIndex &&
                 (p.split == Split::None || extent <= 0 || filter_area < 0.05 * extent);
  return p;
}

}  // namespace

SchemaInfo read_schema(const LayerSource& src, const ReadOptions& opt) {
  SchemaInfo info;
  if (is_jzd_source(src.source)) {
    ReadOptions o = opt;
    o.filter = {};
    o.progress = {};
    Layer l = read_layer(src, o);
    info.extent = l.extent();
    info.features = static_cast<std::int64_t>(l.features.size());
    l.features.clear();
    info.schema = std::move(l);
    return info;
  }
  ReadOptions o = opt;
  o.filter = {};
  o.progress = {};
  o.scan_text = false;  // read_parallel scans once, for every chunk
  // The reader settles encoding, CRS and field mapping from the first feature on.
  stream_layer(src, o, info.schema, [](Feature&&) { return false; });
  info.schema.report.repairs.clear();
  info.schema.report.invalid = info.schema.report.repaired = 0;
  info.schema.report.warnings.clear();
  info.schema.report.empty_skipped = 0;
  Handle h = open_handle(src, info.schema.report.encoding);
  info.features = h.layer->GetFeatureCount(TRUE);
  OGREnvelope e;
  if (h.layer->GetExtent(&e, TRUE) == OGRERR_NONE && finite(e)) {
    Envelope env{e.MinX, e.MinY, e.MaxX, e.MaxY};
    const bool swapped = !h.layer->GetSpatialRef() &&
                         info.schema.source_crs.origin() != crs::Origin::Assigned &&
                         crs::detect(env).swapped_xy;
    if (swapped) std::swap(env.minx, env.miny), std::swap(env.maxx, env.maxy);
    info.extent = transformed(env, crs::Transformer(info.schema.source_crs, info.schema.crs));
  }
  return info;
}

void read_parallel(const LayerSource& src, const ParallelReadOptions& opt, SchemaInfo& info,
                   const std::function<void(std::vector<Feature>&&)>& visit) {
  gdal_init();
  if (is_jzd_source(src.source)) {
    // Small by nature: read whole, then hand on in batches.
    ReadOptions o = opt.base;
    o.progress = {};
    Layer l = read_layer(src, o);
    merge(info.schema.report, std::move(l.report));
    std::vector<Feature> batch;
    for (Feature& f : l.features) {
      if (opt.keep && !opt.keep(geom::envelope(f.geometry))) continue;
      batch.push_back(std::move(f));
      if (batch.size() >= opt.batch) visit(std::move(batch)), batch.clear();
    }
    if (!batch.empty()) visit(std::move(batch));
    report_progress(opt.base.progress, 1.0, info.schema.name);
    return;
  }
  count_read(src);
  Handle first = open_handle(src, info.schema.report.encoding);
  Plan plan = make_plan(opt, info, first);
  if (opt.base.scan_text) {
    plan.invalid = invalid_text(src, plan.encoding);
    std::vector<std::string> names;
    for (const auto& f : info.schema.fields) names.push_back(f.name);
    for (std::string& w : plan.invalid.warnings(names))
      info.schema.report.warnings.push_back(std::move(w));
  }
  first = {};
  HandlePool pool(src, plan);

  struct Range {
    std::int64_t from, to;
  };
  std::vector<Range> ranges;
  if (plan.split == Split::None || plan.last < plan.first) {
    ranges.push_back({0, -1});
  } else {
    for (std::int64_t a = plan.first; a <= plan.last; a += opt.chunk_features)
      ranges.push_back({a, std::min(plan.last, a + opt.chunk_features - 1)});
  }
  const double total = static_cast<double>(std::max<std::int64_t>(1, info.features));
  std::atomic<std::int64_t> done{0};
  std::mutex mutex;  // guards the report and the progress callback
  const int threads = worker_threads(opt.threads);
  tbb::task_arena arena(threads);
  if (plan.windows) {
    tbb::concurrent_unordered_set<std::int64_t> taken;
    const std::vector<Envelope> windows = merge_windows(opt.windows);
    const std::size_t per =
        std::max<std::size_t>(4, windows.size() / (8 * static_cast<std::size_t>(threads)) + 1);
    const std::size_t chunks = (windows.size() + per - 1) / per;
    std::atomic<std::size_t> windows_done{0};
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
        ReadReport local;
        ChunkReader reader(src, opt, info, plan);
        const std::size_t from = c * per, to = std::min(windows.size(), from + per);
        Handle h = pool.take();
        reader.run_windows(windows, from, to, visit, local, taken, h);
        pool.give_back(std::move(h));
        const std::size_t now = windows_done += to - from;
        std::lock_guard lock(mutex);
        merge(info.schema.report, std::move(local));
        report_progress(opt.base.progress,
                        static_cast<double>(now) / static_cast<double>(windows.size()),
                        info.schema.name);
      });
    });
    std::sort(info.schema.report.repairs.begin(), info.schema.report.repairs.end());
    report_progress(opt.base.progress, 1.0, info.schema.name);
    return;
  }
  auto read_range = [&](const Range& r) {
    ReadReport local;
    ChunkReader reader(src, opt, info, plan);
    Handle h = pool.take();
    const std::int64_t seen = reader.run(r.from, r.to, visit, local, h);
    pool.give_back(std::move(h));
    const std::int64_t now = done += seen;
    std::lock_guard lock(mutex);
    merge(info.schema.report, std::move(local));
    report_progress(opt.base.progress, std::min(1.0, static_cast<double>(now) / total),
                    info.schema.name);
  };
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, ranges.size(), [&](std::size_t i) { read_range(ranges[i]); });
  });
  // Keep repair messages in feature order whatever order the threads finished in.
  std::sort(info.schema.report.repairs.begin(), info.schema.report.repairs.end());
  report_progress(opt.base.progress, 1.0, info.schema.name);
}

Layer read_all(const LayerSource& src, const ParallelReadOptions& opt) {
  if (is_jzd_source(src.source)) {
    // A TXT is parsed whole to learn its schema: read_schema then read_parallel would parse it
    // twice and merge its report twice.
    ReadOptions o = opt.base;
    o.progress = {};
    Layer l = read_layer(src, o);
    if (opt.keep)
      std::erase_if(l.features,
                    [&](const Feature& f) { return !opt.keep(geom::envelope(f.geometry)); });
    report_progress(opt.base.progress, 1.0, l.name);
    return l;
  }
  SchemaInfo info = read_schema(src, opt.base);
  std::mutex mutex;
  std::vector<Feature> all;
  read_parallel(src, opt, info, [&](std::vector<Feature>&& batch) {
    std::lock_guard lock(mutex);
    for (Feature& f : batch) all.push_back(std::move(f));
  });
  std::sort(all.begin(), all.end(),
            [](const Feature& a, const Feature& b) { return a.fid < b.fid; });
  Layer l = std::move(info.schema);
  l.features = std::move(all);
  return l;
}

}  // namespace tudi::io
