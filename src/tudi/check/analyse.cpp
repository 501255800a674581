// The check itself: proposals on the grid, a packed R-tree over them, control features streamed
// past them on every core, cheap cases first, the overlay only for the rest.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <fmt/format.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <set>

#include "tudi/check/check.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/threads.hpp"
#include "tudi/crs/area.hpp"
#include "tudi/geom/index.hpp"
#include "tudi/geom/overlay.hpp"
#include "tudi/io/parallel_read.hpp"

namespace tudi::check {
namespace {

// Control polygons with more vertices than this are cut into pieces of at most kPieceVertices
// before they meet several proposals: a red line of 10⁵ vertices would otherwise be walked whole
// for every proposal near it.
constexpr int kSubdivideAbove = 2048;
constexpr int kPieceVertices = 256;
// A proposal farther than this from every control layer is not checked: a wrong zone prefix,
// swapped X/Y or a wrong CRS puts it hundreds of kilometres away, and "no overlap" would lie.
constexpr double kFarOutside = 20000;

/// A proposal ready for comparison.
struct Prop {
  std::size_t result = 0;  // index into Result::proposals
  geom::Geometry g;        // as read (never snapped: see geom::robust_overlay)
  Envelope env;
  units::Area area;
};

/// Part of a proposal inside one control feature (one piece of it, if the feature was cut).
struct Hit {
  std::uint32_t prop = 0;
  std::int64_t fid = 0;
  std::string id, land_class, name, control, grade;
  double feature_m2 = 0;   // the whole control feature's planar area (on the grid)
  double class_area = -1;  // its TBDLMJ, or -1
  geom::Geometry g;
  std::string note;
};

/// Compares control features with every proposal near them; called from many threads.
class Comparer {
 public:
  Comparer(const std::vector<Prop>& props, const geom::EnvelopeIndex& index, double grid)
      : props_(props), index_(index), grid_(grid) {}

  void feature(const Layer& schema, const Feature& f) {
    if (!f.geometry || geom::is_empty(f.geometry)) return;
    std::vector<std::size_t> cand;
    index_.query(geom::envelope(f.geometry), cand);
    if (cand.empty()) return;
    ++compared_;
    // The coordinates as read, as PostGIS overlays them: only a pair whose floating overlay
    // fails is snapped (robust_overlay), never every feature.
    const Geometry& fg = f.geometry;
    Hit proto;
    proto.fid = f.fid;
    proto.id = schema.id_of(f);
    proto.land_class = schema.text(f, "land_class");
    proto.name = schema.text(f, "name");
    // The line's sub-zone: the red line's 管控分区, the urban boundary's 功能分区.
    proto.control = schema.text(f, "control");
    if (proto.control.empty()) proto.control = schema.text(f, "zone_type");
    proto.grade = schema.text(f, "grade");
    proto.feature_m2 = geom::area(fg);
    if (std::optional<double> a = schema.number(f, "class_area"); a && *a > 0)
      proto.class_area = *a;
    if (cand.size() > 1 && geom::num_points(fg) > kSubdivideAbove) {
      std::vector<geom::Geometry> parts = geom::subdivide(fg, kPieceVertices, grid_);
      tbb::parallel_for(std::size_t{0}, parts.size(), [&](std::size_t i) {
        std::vector<std::size_t> near;
        index_.query(geom::envelope(parts[i]), near);
        compare(parts[i], near, proto);
      });
    } else {
      compare(fg, cand, proto);
    }
  }

  std::vector<Hit> take() {
    std::vector<Hit> all;
    for (std::vector<Hit>& h : hits_)
      for (Hit& x : h) all.push_back(std::move(x));
    hits_.clear();
    std::sort(all.begin(), all.end(), [](const Hit& a, const Hit& b) {
      return a.prop != b.prop ? a.prop < b.prop : a.fid < b.fid;
    });
    return all;
  }
  std::int64_t compared() const { return compared_; }
  OverlayCount overlays() const { return {overlays_.load(), retried_.load()}; }

 private:
  using Geometry = geom::Geometry;

  const geom::Prepared& prepared(std::size_t p) {
    // GEOS prepared geometries build their indexes lazily and are not safe to share between
    // threads: each thread prepares its own, over the same (read-only) proposal geometry.
    std::vector<geom::Prepared>& mine = prepared_.local();
    if (mine.empty()) mine.resize(props_.size());
    if (!mine[p]) mine[p] = geom::prepare(props_[p].g);
    return mine[p];
  }

  void compare(const Geometry& part, const std::vector<std::size_t>& cand, const Hit& proto) {
    const Envelope env = geom::envelope(part);
    // A feature meeting many proposals is worth preparing for "feature covers proposal".
    std::optional<geom::Prepared> fp;
    if (cand.size() >= 4) fp = geom::prepare(part);
    for (std::size_t p : cand) {
      const Prop& prop = props_[p];
      if (!prop.env.intersects(env)) continue;
      const geom::Prepared& pp = prepared(p);
      // Only touching (a shared edge) is left to the overlay, which returns nothing for it: a
      // "touches" test on every pair costs a full relate, more than that overlay on the few.
      if (!geom::intersects(pp, part)) continue;
      Hit h;
      if (geom::covers(pp, part)) {
        h.g = geom::clone(part);
      } else if (fp ? geom::covers(*fp, prop.g) : geom::covers(part, prop.g)) {
        h.g = geom::clone(prop.g);
      } else {
        geom::Attempt how;
        h.g = geom::robust_overlay(geom::OverlayOp::Intersection, prop.g, part, grid_, &h.note,
                                   &how);
        ++overlays_;
        if (how != geom::Attempt::Floating) ++retried_;
        if (geom::is_empty(h.g) || geom::area(h.g) <= 0) continue;
      }
      h.prop = static_cast<std::uint32_t>(p);
      h.fid = proto.fid;
      h.id = proto.id;
      h.land_class = proto.land_class;
      h.name = proto.name;
      h.control = proto.control;
      h.grade = proto.grade;
      h.feature_m2 = proto.feature_m2;
      h.class_area = proto.class_area;
      hits_.local().push_back(std::move(h));
    }
  }

  const std::vector<Prop>& props_;
  const geom::EnvelopeIndex& index_;
  double grid_;
  tbb::enumerable_thread_specific<std::vector<geom::Prepared>> prepared_;
  tbb::enumerable_thread_specific<std::vector<Hit>> hits_;
  std::atomic<std::int64_t> compared_{0}, overlays_{0}, retried_{0};
};

/// Area meters, one per thread (each holds a PROJ transformation).
class Areas {
 public:
  // The scale-factor method: no inverse projection of every vertex of every piece.
  explicit Areas(const crs::Crs& crs)
      : meter_([crs] { return crs::AreaMeter(crs, crs::EllipsoidalArea::Method::ScaleFactor); }) {}
  units::Area operator()(const geom::Geometry& g) { return meter_.local()(g); }

 private:
  tbb::enumerable_thread_specific<crs::AreaMeter> meter_;
};

std::string file_name(const std::string& source) {
  const std::filesystem::path p(source);
  return p.has_filename() ? p.filename().string() : source;
}

std::string km(double metres) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", metres / 1000);
  return buf;
}

double gap(const Envelope& a, const Envelope& b) {
  const double dx = std::max({0.0, a.minx - b.maxx, b.minx - a.maxx});
  const double dy = std::max({0.0, a.miny - b.maxy, b.miny - a.maxy});
  return std::hypot(dx, dy);
}

/// Settles one proposal: its identity and category, and whether its geometry can be checked.
ProposalResult describe(const Layer& layer, const Feature& f, const Settings& rules,
                        const Options& options) {
  ProposalResult r;
  r.id = layer.id_of(f);
  r.name = layer.text(f, "name");
  r.source = file_name(layer.source);
  r.category_given = options.category.empty() ? layer.text(f, "category") : options.category;
  // What the project is: its 项目类型, else the category's own text ("光伏发电" in XMLB).
  r.activity_given = !options.activity.empty() ? options.activity
                     : layer.has("activity")   ? layer.text(f, "activity")
                                               : r.category_given;
  if (r.activity_given.empty()) r.activity_given = r.category_given;
  const Activity* kind = rules.activity_of(r.activity_given);
  r.category = rules.category_of(r.category_given);
  if (r.category.empty() && r.category_given.empty() && kind && !kind->category.empty()) {
    r.category = kind->category;  // the kind's category, for statistics
  } else if (r.category.empty()) {
    r.category = rules.default_category;
    r.notes.push_back(r.category_given.empty() ? "未给出项目类别，按“" + r.category + "”核查"
                                               : "项目类别“" + r.category_given +
                                                     "”不在规则包中，按“" + r.category + "”核查");
  }
  if (kind) {
    r.activity = kind->id;
    r.activity_name = kind->name;
  } else {
    r.activity_fallback = true;
    r.notes.push_back((r.activity_given.empty()
                           ? std::string("未给出项目类型")
                           : "项目类型“" + r.activity_given + "”未对应规则包中的活动类型") +
                      "，按项目类别“" + r.category + "”的规则核查");
  }
  r.major_given = !options.major.empty() ? options.major : layer.text(f, "major");
  if (std::optional<Major> m = major_of(r.major_given)) {
    r.major = *m;
  } else {
    r.notes.push_back("重大项目级别“" + r.major_given + "”无法识别（应为 国家、省级 或 无），按“无”核查");
  }
  if (!layer.source_crs.empty() && !layer.crs.empty() && !layer.source_crs.same_as(layer.crs))
    r.notes.push_back("坐标已由 " + layer.source_crs.label() + " 转换到 " + layer.crs.label());
  if (f.geometry) r.geometry = geom::clone(f.geometry);
  if (const auto it = layer.report.unusable.find(f.fid); it != layer.report.unusable.end()) {
    r.reason = it->second;
  } else if (!f.geometry || geom::is_empty(f.geometry)) {
    r.reason = "没有几何图形（空要素）";
  } else if (!geom::is_polygonal(f.geometry)) {
    r.reason = "几何类型为 " + geom::type_name(f.geometry) + "，不是面（多边形）";
  } else if (std::string why = geom::invalid_reason(f.geometry); !why.empty()) {
    r.reason = "几何无效（" + why + "），如蝶形、自相交或自接触的环，请修正后重新核查";
  }
  return r;
}

}  // namespace

std::string line_alias(const std::string& role) {
  if (role == "redline") return "生态保护红线";
  if (role == "farmland") return "永久基本农田";
  if (role == "cultivated") return "耕地（永久基本农田以外）";
  if (role == "urban") return "城镇开发边界";
  if (role == "landuse") return "国土调查地类图斑";
  if (role == "zones") return "开发区";
  return role;
}

std::string role_of(const std::string& line) {
  return line == "cultivated" ? "landuse" : line;
}

Vintage vintage_of(const io::LayerSource& src) {
  return {src.version, src.document, src.date};
}

const ZoneHit* ProposalResult::zone() const {
  for (const ZoneHit& z : zones)
    if (z.contains) return &z;
  return nullptr;
}

int Result::count(Severity s) const {
  return static_cast<int>(std::count_if(proposals.begin(), proposals.end(), [&](const auto& p) {
    return p.checked && p.conclusion.severity == s;
  }));
}

int Result::invalid_count() const {
  return static_cast<int>(
      std::count_if(proposals.begin(), proposals.end(), [](const auto& p) { return !p.checked; }));
}

Result analyse(const Inputs& input, const Settings& rules, const Options& options) {
  if (input.crs.empty()) throw Error("check", "no working CRS");
  // TBB terminates the process on an arena it cannot make (--threads 100000).
  if (options.threads < 0 || options.threads > kMaxThreads)
    throw UsageError("--threads", fmt::format("give 1 to {} threads (0: every core), not {}",
                                              kMaxThreads, options.threads));
  const int threads = worker_threads(options.threads);
  tbb::task_arena arena(threads);
  Result result;
  result.crs = input.crs;
  result.crs_why = input.crs_why;
  result.rules = rules;
  result.unchecked = input.unchecked;
  result.vintage = input.vintage;
  const double grid = rules.grid_m;
  Areas areas(input.crs);
  // A piece's area; below the sliver threshold its ellipsoidal area is the planar one scaled as
  // the proposal's is (the Gauss-Krüger area scale changes by parts per million across a
  // proposal: micro-m² on a sliver), which spares the inverse projection of every vertex of the
  // many slivers a dense check makes.
  auto area_of = [&](const geom::Geometry& g, const Prop& prop) {
    const double planar = geom::area(g);
    if (!rules.is_sliver(planar, prop.area.planar_m2)) return areas(g);
    return units::Area{planar, planar * prop.area.ellipsoidal_m2 / prop.area.planar_m2};
  };

  // --- the control layers' extents, to tell a proposal far outside them
  std::map<std::string, io::SchemaInfo> schemas;
  Envelope controls_extent;
  for (const auto& [role, control] : input.controls) {
    if (control.layer) {
      controls_extent.expand(control.layer->extent());
      add_field_report(result.fields, control.layer);
    } else if (control.source) {
      io::ReadOptions ro;
      ro.target = input.crs;
      io::SchemaInfo info = io::read_schema(*control.source, ro);
      controls_extent.expand(info.extent);
      add_field_report(result.fields, &info.schema);
      schemas.emplace(role, std::move(info));
    }
  }

  // --- proposals: identity, category, geometry checks, snapping to the grid
  std::vector<Prop> props;
  std::set<std::string> ids;  // two proposals under one id would share every output's rows
  for (const Layer& layer : input.proposals) {
    add_field_report(result.fields, &layer);
    for (const Feature& f : layer.features) {
      ProposalResult r = describe(layer, f, rules, options);
      if (!ids.insert(r.id).second) {
        int n = 2;
        while (!ids.insert(r.id + "#" + std::to_string(n)).second) ++n;
        const std::string unique = r.id + "#" + std::to_string(n);
        r.notes.push_back("编号“" + r.id + "”与前一个拟建项目重复，本结果中记作“" + unique +
                          "”，请核对编号");
        r.id = unique;
        ++result.duplicate_ids;
      }
      if (r.reason.empty()) {
        Prop p;
        p.g = geom::clone(f.geometry);
        p.env = geom::envelope(p.g);
        // A proposal the grid collapses has no area to check (tested only for thin ones).
        if (geom::is_empty(p.g) || geom::area(p.g) <= 0 ||
            (geom::thinner_than(p.g, grid) && geom::is_empty(geom::to_grid(p.g, grid)))) {
          r.reason = "面积为零（按 " + std::to_string(grid) + " m 精度）";
        } else if (!controls_extent.empty() && gap(p.env, controls_extent) > kFarOutside) {
          r.reason = "远离控制线图层范围约 " + km(gap(p.env, controls_extent)) +
                     " km，请检查坐标系、带号或 X/Y 是否颠倒";
        } else {
          if (!controls_extent.empty() && !p.env.intersects(controls_extent)) {
            r.notes.push_back("位于控制线图层范围之外约 " + km(gap(p.env, controls_extent)) +
                              " km，核查结果只反映现有图层");
          } else if (!controls_extent.empty() &&
                     (p.env.minx < controls_extent.minx || p.env.maxx > controls_extent.maxx ||
                      p.env.miny < controls_extent.miny || p.env.maxy > controls_extent.maxy)) {
            r.notes.push_back("部分超出控制线图层范围，超出部分无数据可核查");
          }
          p.area = areas(p.g);
          p.result = result.proposals.size();
          r.checked = true;
          r.area = p.area;
          r.geometry = geom::clone(p.g);
          props.push_back(std::move(p));
        }
      }
      result.proposals.push_back(std::move(r));
    }
  }
  std::vector<Envelope> boxes;
  for (const Prop& p : props) boxes.push_back(p.env);
  const geom::EnvelopeIndex index(boxes);

  // --- stream each control layer past the proposals
  std::vector<std::string> todo;
  for (const std::string& role : kRoles)
    if (input.controls.count(role)) todo.push_back(role);
  std::map<std::string, std::vector<Hit>> hits;
  for (std::size_t step = 0; step < todo.size(); ++step) {
    const std::string& role = todo[step];
    const Control& control = input.controls.at(role);
    const Progress progress =
        scaled(options.progress, static_cast<double>(step) / static_cast<double>(todo.size()),
               static_cast<double>(step + 1) / static_cast<double>(todo.size()));
    Comparer comparer(props, index, grid);
    if (props.empty()) {
      hits[role];
      continue;
    }
    arena.execute([&] {
      if (control.layer) {
        const Layer& l = *control.layer;
        tbb::parallel_for(std::size_t{0}, l.features.size(),
                          [&](std::size_t i) { comparer.feature(l, l.features[i]); });
        report_progress(progress, 1.0, line_alias(role));
      } else {
        io::SchemaInfo& info = schemas.at(role);
        io::ParallelReadOptions po;
        po.base.target = input.crs;
        po.base.progress = progress;
        // Only a bounding box around the proposals is worth reading; OGR filters by it where it
        // has a spatial index, and the R-tree then keeps only features near some proposal.
        po.base.filter = index.bounds();
        po.fields = {"id", "land_class", "name", "control", "zone_type", "grade", "class_area"};
        po.keep = [&](const Envelope& e) { return index.any(e); };
        po.windows = boxes;
        po.threads = threads;
        io::read_parallel(*control.source, po, info, [&](std::vector<Feature>&& batch) {
          tbb::parallel_for(std::size_t{0}, batch.size(),
                            [&](std::size_t i) { comparer.feature(info.schema, batch[i]); });
        });
        const ReadReport& rep = info.schema.report;
        const std::string name = line_alias(role) + "（" + file_name(info.schema.source) + "）";
        if (rep.repaired > 0)
          result.notes.push_back(name + "：" + std::to_string(rep.repaired) +
                                 " 个无效几何已用 MakeValid 修复后参与核查");
        for (const std::string& w : rep.warnings) result.notes.push_back(name + "：" + w);
      }
    });
    result.features_read[role] = comparer.compared();
    result.overlays[role] = comparer.overlays();
    hits[role] = comparer.take();
  }

  // --- pieces: per proposal, line and source feature (cut features are united again)
  struct Group {
    std::size_t first, last;  // [first, last) in the role's hits
  };
  std::mutex mutex;
  std::vector<Piece> cultivated;  // land-use pieces of cultivated classes, farmland not yet removed
  for (auto& [role, list] : hits) {
    std::vector<Group> groups;
    for (std::size_t i = 0; i < list.size();) {
      std::size_t j = i + 1;
      while (j < list.size() && list[j].prop == list[i].prop && list[j].fid == list[i].fid) ++j;
      groups.push_back({i, j});
      i = j;
    }
    std::vector<std::vector<Piece>> made(groups.size());
    std::vector<std::string> notes(groups.size());
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t gi) {
        const Group& g = groups[gi];
        Hit& h = list[g.first];
        std::string note = h.note;
        geom::Geometry merged;
        if (g.last - g.first == 1) {
          merged = std::move(h.g);
        } else {
          std::vector<geom::Geometry> parts;
          for (std::size_t k = g.first; k < g.last; ++k) parts.push_back(std::move(list[k].g));
          merged = geom::robust_union(std::move(parts), grid, &note);
        }
        // Zones and the urban boundary keep the whole overlap for the next step; the red line
        // and farmland are reported piece by piece.
        std::vector<geom::Geometry> polys;
        if (role == "redline" || role == "farmland") {
          polys = geom::polygons(merged);
        } else {
          polys.push_back(std::move(merged));
        }
        const Prop& prop = props[h.prop];
        for (geom::Geometry& poly : polys) {
          Piece piece;
          piece.proposal = prop.result;
          piece.line = role;
          piece.source_fid = h.fid;
          piece.source_id = role == "zones" && !h.name.empty() ? h.name : h.id;
          piece.land_class = h.land_class;
          piece.control = h.control;
          piece.grade = h.grade;
          piece.area = area_of(poly, prop);
          piece.sliver = rules.is_sliver(piece.area.planar_m2, prop.area.planar_m2);
          if (h.class_area > 0 && h.feature_m2 > 0)
            piece.official_m2 = piece.area.planar_m2 / h.feature_m2 * h.class_area;
          piece.geometry = std::move(poly);
          made[gi].push_back(std::move(piece));
        }
        notes[gi] = note;
      });
    });
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
      ProposalResult& r = result.proposals[props[list[groups[gi].first].prop].result];
      if (!notes[gi].empty())
        r.notes.push_back(line_alias(role) + " 要素 " + list[groups[gi].first].id +
                          "：叠加分析重试（" + notes[gi] + "）");
      for (Piece& p : made[gi]) {
        if (role == "redline" || role == "farmland") {
          result.pieces.push_back(std::move(p));
        } else if (role == "landuse") {
          const std::string code = p.land_class.empty() ? "未知" : p.land_class;
          r.landuse.by_class[code] += p.area;
          if (Settings::in_group(code, rules.landuse.forest)) r.landuse.forest += p.area;
          if (Settings::in_group(code, rules.landuse.grassland)) r.landuse.grassland += p.area;
          if (Settings::in_group(code, rules.landuse.wetland)) r.landuse.wetland += p.area;
          if (Settings::in_group(code, rules.landuse.cultivated)) {
            p.line = "cultivated";
            cultivated.push_back(std::move(p));
          }
        } else if (role == "zones") {
          ZoneHit z;
          z.name = p.source_id;
          z.overlap = p.area;
          const double rest = r.area.planar_m2 - p.area.planar_m2;
          z.contains = rest <= 0 || rules.is_sliver(rest, r.area.planar_m2);
          r.zones.push_back(z);
        } else {
          result.pieces.push_back(std::move(p));  // urban inside parts; replaced below
        }
      }
    }
  }

  std::vector<std::size_t> prop_of(result.proposals.size(), props.size());
  for (std::size_t i = 0; i < props.size(); ++i) prop_of[props[i].result] = i;

  // --- cultivated land outside permanent farmland: the cultivated survey pieces minus the
  // proposal's farmland pieces; the official area shrinks with the planar one
  if (input.controls.count("landuse")) {
    std::vector<std::vector<Piece>> cand(props.size());
    for (Piece& p : cultivated) cand[prop_of[p.proposal]].push_back(std::move(p));
    std::vector<std::vector<const Piece*>> farm(props.size());
    for (const Piece& p : result.pieces)
      if (p.line == "farmland") farm[prop_of[p.proposal]].push_back(&p);
    std::vector<std::vector<Piece>> outside_farmland(props.size());
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, props.size(), [&](std::size_t i) {
        if (cand[i].empty()) return;
        const Prop& prop = props[i];
        std::string note;
        geom::Geometry f;
        if (!farm[i].empty()) {
          std::vector<geom::Geometry> parts;
          for (const Piece* p : farm[i]) parts.push_back(geom::clone(p->geometry));
          f = geom::robust_union(std::move(parts), grid, &note);
        }
        for (Piece& c : cand[i]) {
          geom::Geometry rest =
              f ? geom::robust_overlay(geom::OverlayOp::Difference, c.geometry, f, grid, &note)
                : std::move(c.geometry);
          for (geom::Geometry& poly : geom::polygons(rest)) {
            Piece piece;
            piece.proposal = c.proposal;
            piece.line = "cultivated";
            piece.source_fid = c.source_fid;
            piece.source_id = c.source_id;
            piece.land_class = c.land_class;
            piece.grade = c.grade;
            piece.area = area_of(poly, prop);
            if (piece.area.planar_m2 <= 0) continue;
            piece.sliver = rules.is_sliver(piece.area.planar_m2, prop.area.planar_m2);
            if (c.official_m2 >= 0 && c.area.planar_m2 > 0)
              piece.official_m2 = c.official_m2 * piece.area.planar_m2 / c.area.planar_m2;
            piece.geometry = std::move(poly);
            outside_farmland[i].push_back(std::move(piece));
          }
        }
        if (!note.empty()) {
          std::lock_guard lock(mutex);
          result.proposals[prop.result].notes.push_back("耕地扣除永久基本农田：叠加分析重试（" +
                                                        note + "）");
        }
      });
    });
    for (auto& list : outside_farmland)
      for (Piece& p : list) result.pieces.push_back(std::move(p));
  }

  // --- urban: the part outside the boundary is the proposal minus every inside part
  if (input.controls.count("urban")) {
    std::vector<std::vector<geom::Geometry>> inside(props.size());
    std::vector<Piece> kept;
    for (Piece& p : result.pieces) {
      if (p.line == "urban") {
        // The inside parts by the boundary's sub-zone (集中建设区 / 弹性发展区 / 特别用途区).
        if (!p.control.empty()) result.proposals[p.proposal].lines["urban"].by_zone[p.control] += p.area;
        inside[prop_of[p.proposal]].push_back(std::move(p.geometry));
      } else {
        kept.push_back(std::move(p));
      }
    }
    result.pieces = std::move(kept);
    std::vector<std::vector<Piece>> outside(props.size());
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, props.size(), [&](std::size_t i) {
        const Prop& prop = props[i];
        std::string note;
        geom::Geometry out;
        if (inside[i].empty()) {
          out = geom::clone(prop.g);
        } else {
          geom::Geometry in = geom::robust_union(std::move(inside[i]), grid, &note);
          out = geom::robust_overlay(geom::OverlayOp::Difference, prop.g, in, grid, &note);
        }
        for (geom::Geometry& poly : geom::polygons(out)) {
          Piece piece;
          piece.proposal = prop.result;
          piece.line = "urban";
          piece.area = area_of(poly, prop);
          piece.sliver = rules.is_sliver(piece.area.planar_m2, prop.area.planar_m2);
          piece.geometry = std::move(poly);
          outside[i].push_back(std::move(piece));
        }
        if (!note.empty()) {
          std::lock_guard lock(mutex);
          result.proposals[prop.result].notes.push_back("城镇开发边界：叠加分析重试（" + note +
                                                        "）");
        }
      });
    });
    for (auto& list : outside)
      for (Piece& p : list) result.pieces.push_back(std::move(p));
  }
  std::stable_sort(result.pieces.begin(), result.pieces.end(), [](const Piece& a, const Piece& b) {
    if (a.proposal != b.proposal) return a.proposal < b.proposal;
    auto rank = [](const std::string& l) {
      return std::find(kLines.begin(), kLines.end(), l) - kLines.begin();
    };
    if (a.line != b.line) return rank(a.line) < rank(b.line);
    return a.source_fid < b.source_fid;
  });

  // --- totals per proposal and line, then the conclusions
  for (ProposalResult& r : result.proposals) {
    if (!r.checked) continue;
    for (const std::string& line : kLines) {
      LineResult& lr = r.lines[line];
      const std::string role = role_of(line);
      lr.checked = input.controls.count(role) > 0;
      if (!lr.checked) {
        auto it = input.unchecked.find(role);
        lr.reason = it == input.unchecked.end() ? "未核查" : it->second;
      }
    }
    r.landuse.checked = r.lines.at("cultivated").checked;
    r.landuse.reason = r.lines.at("cultivated").reason;
    r.zones_checked = input.controls.count("zones") > 0;
    std::sort(r.zones.begin(), r.zones.end(), [](const ZoneHit& a, const ZoneHit& b) {
      return a.overlap.planar_m2 > b.overlap.planar_m2;
    });
  }
  for (const Piece& p : result.pieces) {
    ProposalResult& r = result.proposals[p.proposal];
    LineResult& lr = r.lines[p.line];
    lr.overlap += p.area;
    ++lr.pieces;
    if (p.area.planar_m2 > lr.largest.planar_m2) lr.largest = p.area;
    if (p.sliver) {
      ++lr.sliver_pieces;
      lr.slivers += p.area;
    }
    if (p.line == "farmland" || p.line == "cultivated")
      lr.by_class[p.land_class.empty() ? "未知" : p.land_class] += p.area;
    // The bureau's figure: the TBDLMJ share where the source has it, the ellipsoidal area else.
    const double official = p.official_m2 >= 0 ? p.official_m2 : p.area.ellipsoidal_m2;
    lr.official_m2 += official;
    if (p.official_m2 >= 0) ++lr.official_pieces;
    if (p.line == "cultivated") lr.by_grade[p.grade.empty() ? "未知" : p.grade] += official;
    if (!p.sliver && !p.control.empty() &&
        std::find(lr.controls.begin(), lr.controls.end(), p.control) == lr.controls.end())
      lr.controls.push_back(p.control);
  }
  for (ProposalResult& r : result.proposals) {
    if (!r.checked) continue;
    Case c;
    c.activity = r.activity;
    c.major = r.major;
    c.category = r.category;
    std::string text, basis;
    auto fire = [&](const std::string& line, const std::string& zone, const Conclusion& con) {
      r.reasons.push_back({line, zone, con});
      text += (text.empty() ? "" : "；") + con.text;
      if (!con.basis.empty() && basis.find(con.basis) == std::string::npos)
        basis += (basis.empty() ? "" : "；") + con.basis;
    };
    for (const std::string& line : kLines) {
      LineResult& lr = r.lines[line];
      if (!lr.checked) {
        text += (text.empty() ? "" : "；") + line_alias(line) + "未核查（" + lr.reason + "）";
        continue;
      }
      lr.share = r.area.planar_m2 > 0 ? lr.overlap.planar_m2 / r.area.planar_m2 : 0;
      lr.state = lr.pieces == 0                  ? State::Clear
                 : lr.pieces == lr.sliver_pieces ? State::Sliver
                                                 : State::Conflict;
      c.line = line;
      c.zone.clear();
      c.state = lr.state;
      c.controls = lr.controls;
      lr.conclusion = rules.conclude(c);
      fire(line, "", lr.conclusion);
      if (line == "cultivated" && lr.state == State::Conflict && !r.lines.at("farmland").checked)
        r.notes.push_back("永久基本农田未核查：耕地面积未扣除其中的永久基本农田");
      if (line != "urban") continue;
      // Sub-zone rules are optional: 集中建设区 usually has none.
      for (const auto& [zone, area] : lr.by_zone) {
        c.zone = zone;
        c.state = rules.is_sliver(area.planar_m2, r.area.planar_m2) ? State::Sliver
                                                                    : State::Conflict;
        c.controls.clear();
        if (const Settings::Rule* rule = rules.find(c)) fire(line, zone, rule->conclusion);
      }
    }
    // The deciding rule first: the most severe, the first in report order among equals.
    std::stable_sort(r.reasons.begin(), r.reasons.end(), [](const Reason& a, const Reason& b) {
      return a.conclusion.severity > b.conclusion.severity;
    });
    r.conclusion = {r.reasons.empty() ? Severity::Ok : r.reasons.front().conclusion.severity, text,
                    basis, r.reasons.empty() ? std::string() : r.reasons.front().conclusion.rule};
  }
  return result;
}

}  // namespace tudi::check
