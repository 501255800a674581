// The study run: parcel states from the supply analysis, the current zones, the scenario's
// zones (each evaluated exactly like a current one), the new-area checks, and candidates.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <numbers>

#include "tudi/core/error.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/geom/overlay.hpp"
#include "tudi/project/project.hpp"
#include "tudi/zones/detail.hpp"

namespace tudi::zones {
namespace {

using detail::Ledger;

/// A zone while the scenario's steps are applied to it.
struct Draft {
  ZoneInfo attrs;
  geom::Geometry geometry;
  std::vector<Step::Op> ops;
  std::vector<std::string> sources;
};

/// Drawn vs approved area beyond this share is warned about (DOMAIN §9).
constexpr double kApprovedAreaTolerance = 0.05;

ZoneInfo info_of(const Layer& zones, const Feature& f) {
  ZoneInfo z;
  z.id = zones.id_of(f);
  z.name = zones.text(f, "name");
  z.level = zones.text(f, "level");
  z.kind = zones.text(f, "kind");
  z.eval_type = normalise_eval_type(zones.text(f, "eval_type"));
  z.approved_ha = zones.number(f, "approved_area");
  return z;
}

std::string area_text(const units::Area& a) {
  return fmt::format("{:.4f} 公顷（{:.2f} 亩）", a.ellipsoidal_ha(), a.ellipsoidal_mu());
}

std::string value_text(double v, const IndicatorDef& d) {
  return fmt::format("{:.{}f}{}", v, d.decimals, d.unit);
}

// ---------------------------------------------------------------------------------- scenario

class ScenarioRun {
 public:
  ScenarioRun(const Ledger& ledger, const Settings& s, const std::vector<ZoneEval>& current)
      : ledger_(ledger), settings_(s), current_(current) {
    std::vector<geom::Geometry> all;
    for (const ZoneEval& z : current) {
      Draft d;
      d.attrs = z;
      d.geometry = geom::clone(z.geometry);
      d.sources = {z.id};
      drafts_.push_back(std::move(d));
      all.push_back(geom::clone(z.geometry));
    }
    current_union_ = detail::exact_union(std::move(all));
  }

  ScenarioResult run(const Scenario& sc) {
    ScenarioResult out;
    out.name = sc.name;
    out.file = sc.file;
    for (const Step& st : sc.steps) apply(st, out);
    for (Draft& d : drafts_) out.zones.push_back(finish(std::move(d)));
    std::vector<ZoneEval*> ptrs;
    for (ScenarioZone& z : out.zones) ptrs.push_back(&z.eval);
    rank(ptrs, settings_.composite);
    for (ScenarioZone& z : out.zones) z.changes = changes(z);
    return out;
  }

  const geom::Geometry& current_union() const { return current_union_; }

 private:
  /// The zone a step names, by id first, then by name.
  std::size_t find(const std::string& ref, const Step& st) const {
    for (std::size_t i = 0; i < drafts_.size(); ++i)
      if (drafts_[i].attrs.id == ref) return i;
    std::vector<std::size_t> named;
    for (std::size_t i = 0; i < drafts_.size(); ++i)
      if (drafts_[i].attrs.name == ref) named.push_back(i);
    if (named.size() == 1) return named.front();
    if (named.size() > 1)
      throw Error(st.where, fmt::format("{} zones are named '{}': name the zone by its id",
                                        named.size(), ref));
    std::string known;
    for (const Draft& d : drafts_)
      known += (known.empty() ? "" : ", ") + d.attrs.id + " " + d.attrs.name;
    throw Error(st.where, fmt::format("no zone '{}' at this step (zones: {})", ref, known));
  }

  void check_id_free(const std::string& id, std::size_t except, const Step& st) const {
    for (std::size_t i = 0; i < drafts_.size(); ++i)
      if (i != except && drafts_[i].attrs.id == id)
        throw Error(st.where, "id '" + id + "' is already the id of " + drafts_[i].attrs.name);
  }

  static void set_attributes(Draft& d, const Step& st) {
    if (!st.id.empty()) d.attrs.id = st.id;
    if (!st.name.empty()) d.attrs.name = st.name;
    if (!st.level.empty()) d.attrs.level = st.level;
    if (!st.kind.empty()) d.attrs.kind = st.kind;
    if (!st.eval_type.empty()) d.attrs.eval_type = normalise_eval_type(st.eval_type);
  }

  /// A polygon far from every zone is nearly always one in another CRS than the file says.
  void check_near(const Step& st) const {
    if (!st.polygon || geom::is_empty(current_union_)) return;
    const Envelope p = geom::envelope(*st.polygon), z = geom::envelope(current_union_);
    const double gap =
        std::max({p.minx - z.maxx, z.minx - p.maxx, p.miny - z.maxy, z.miny - p.maxy, 0.0});
    if (gap > kFarM)
      throw Error(st.where, fmt::format("the polygon lies {:.0f} km from every zone: are its "
                                        "coordinates in the scenario's crs?",
                                        gap / 1000));
  }
  static constexpr double kFarM = 100000;

  void apply(const Step& st, ScenarioResult& out) {
    check_near(st);
    if (st.op == Step::Op::merge) {
      std::vector<std::size_t> idx;
      for (const std::string& ref : st.zones) {
        const std::size_t i = find(ref, st);
        if (std::find(idx.begin(), idx.end(), i) != idx.end())
          throw Error(st.where, "merge names zone '" + ref + "' twice");
        idx.push_back(i);
      }
      Draft merged;
      merged.attrs = drafts_[idx.front()].attrs;
      std::vector<std::string> names;
      std::vector<geom::Geometry> parts;
      double approved = 0;
      bool all_approved = true;
      for (std::size_t i : idx) {
        Draft& d = drafts_[i];
        names.push_back(d.attrs.name);
        parts.push_back(std::move(d.geometry));
        merged.ops.insert(merged.ops.end(), d.ops.begin(), d.ops.end());
        merged.sources.insert(merged.sources.end(), d.sources.begin(), d.sources.end());
        if (d.attrs.approved_ha)
          approved += *d.attrs.approved_ha;
        else
          all_approved = false;
      }
      merged.ops.push_back(Step::Op::merge);
      // 一区多园: the parks may lie apart, so the result may be a multipolygon.
      merged.geometry = detail::exact_union(std::move(parts));
      merged.attrs.approved_ha = all_approved ? std::optional<double>(approved) : std::nullopt;
      if (st.name.empty()) {
        std::string joined;
        for (const auto& n : names) joined += (joined.empty() ? "" : "、") + n;
        merged.attrs.name = joined + "（合并）";
      }
      set_attributes(merged, st);
      const std::size_t at = *std::min_element(idx.begin(), idx.end());
      std::sort(idx.rbegin(), idx.rend());
      for (std::size_t i : idx) drafts_.erase(drafts_.begin() + static_cast<std::ptrdiff_t>(i));
      drafts_.insert(drafts_.begin() + static_cast<std::ptrdiff_t>(at), std::move(merged));
      check_id_free(drafts_[at].attrs.id, at, st);
      return;
    }
    const std::size_t i = find(st.zone, st);
    Draft& d = drafts_[i];
    switch (st.op) {
      case Step::Op::expand: {
        geom::Geometry more =
            st.polygon ? geom::clone(*st.polygon) : geom::buffer(d.geometry, *st.buffer, 8);
        std::vector<geom::Geometry> parts;
        parts.push_back(std::move(d.geometry));
        parts.push_back(std::move(more));
        d.geometry = detail::exact_union(std::move(parts));
        break;
      }
      case Step::Op::drop:
        if (!st.polygon) {
          out.dropped.push_back(d.attrs.id + " " + d.attrs.name);
          drafts_.erase(drafts_.begin() + static_cast<std::ptrdiff_t>(i));
          return;
        }
        d.geometry = detail::exact_difference(d.geometry, *st.polygon);
        if (ledger_.meter()(d.geometry).planar_m2 <= settings_.sliver_m2) {
          out.dropped.push_back(d.attrs.id + " " + d.attrs.name);
          drafts_.erase(drafts_.begin() + static_cast<std::ptrdiff_t>(i));
          return;
        }
        break;
      case Step::Op::redraw:
        d.geometry = geom::clone(*st.polygon);
        break;
      case Step::Op::merge:
        break;
    }
    d.ops.push_back(st.op);
    set_attributes(d, st);
    check_id_free(d.attrs.id, i, st);
  }

  ScenarioZone finish(Draft d) {
    ScenarioZone z;
    z.ops = std::move(d.ops);
    z.sources = std::move(d.sources);
    z.added = detail::exact_difference(d.geometry, current_union_);
    const units::Area added = ledger_.meter()(z.added);
    if (added.planar_m2 > settings_.sliver_m2) {
      NewAreaCheck check = ledger_.check_new_area(d.attrs.id, z.added);
      // Preconditions hold for the zone as it stands without its new land.
      const ZoneEval before = detail::evaluate(
          ledger_, detail::exact_intersection(d.geometry, current_union_), d.attrs);
      preconditions(check, before);
      conclude(check);
      z.check = std::move(check);
    }
    z.eval = detail::evaluate(ledger_, std::move(d.geometry), d.attrs);
    return z;
  }

  void preconditions(NewAreaCheck& check, const ZoneEval& before) const {
    for (const Precondition& p : settings_.preconditions) {
      const IndicatorDef& d = *find_indicator(p.indicator);
      PreconditionResult r;
      r.rule = p;
      const Indicator& ind = before[d.ind];
      r.value = ind.value;
      const std::string rule = fmt::format("{} ≥ {}{}", d.label, value_text(p.min, d),
                                           p.suggested_default ? "（建议默认值）" : "");
      if (ind.value) {
        r.pass = *ind.value >= p.min;
        r.text = fmt::format("{}：扩区前 {}，{}", rule, value_text(*ind.value, d),
                             *r.pass ? "满足" : "不满足");
      } else {
        r.text = fmt::format("{}：无法判定（{}）", rule, ind.reason);
      }
      if (!r.pass || !*r.pass) check.preconditions_met = false;
      check.preconditions.push_back(std::move(r));
    }
  }

  static void conclude(NewAreaCheck& c) {
    std::vector<std::string> parts;
    if (c.blocking) {
      std::string what;
      auto add = [&](const std::optional<units::Area>& a, const char* name) {
        if (a && a->planar_m2 > 0)
          what += (what.empty() ? "" : "、") + std::string(name) + " " + area_text(*a);
      };
      add(c.outside_urban, "城镇开发边界外");
      add(c.farmland, "占用永久基本农田");
      add(c.redline, "占用生态保护红线");
      parts.push_back("新增用地存在禁止性冲突（" + what + "），须调整范围");
    } else {
      parts.push_back("新增用地未发现禁止性冲突");
    }
    bool undecided = false, failed = false;
    for (const PreconditionResult& r : c.preconditions) {
      if (!r.pass)
        undecided = true;
      else if (!*r.pass)
        failed = true;
    }
    if (failed)
      parts.push_back("扩区前提条件未满足");
    else if (undecided)
      parts.push_back("扩区前提条件无法全部判定");
    else if (!c.preconditions.empty())
      parts.push_back("扩区前提条件满足");
    units::Area stock;
    if (c.unsupplied_approved) stock += *c.unsupplied_approved;
    if (c.idle) stock += *c.idle;
    if (stock.planar_m2 > 0)
      parts.push_back("范围内有批而未供或闲置土地 " + area_text(stock) + "，应优先盘活存量");
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "；") + p;
    c.conclusion = out;
  }

  std::vector<Change> changes(const ScenarioZone& z) const {
    std::vector<Change> out;
    if (!z.changed()) return out;
    for (const std::string& src : z.sources) {
      const auto it = std::find_if(current_.begin(), current_.end(),
                                   [&](const ZoneEval& c) { return c.id == src; });
      if (it == current_.end()) continue;
      Change c;
      c.from = src;
      for (std::size_t k = 0; k < kIndicators; ++k) {
        const auto& a = z.eval.indicators[k].value;
        const auto& b = it->indicators[k].value;
        if (a && b) c.delta[k] = *a - *b;
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  const Ledger& ledger_;
  const Settings& settings_;
  const std::vector<ZoneEval>& current_;
  std::vector<Draft> drafts_;
  geom::Geometry current_union_;
};

// ---------------------------------------------------------------------------------- candidates

/// Ranks 1..n by `key` (larger first); equal keys share a rank.
template <class Key>
void rank_by(std::vector<Candidate>& cs, int Candidate::*rank, Key key) {
  std::vector<std::size_t> order(cs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(cs[a]) > key(cs[b]); });
  for (std::size_t i = 0; i < order.size(); ++i) {
    const bool tie = i > 0 && key(cs[order[i - 1]]) == key(cs[order[i]]);
    cs[order[i]].*rank = tie ? cs[order[i - 1]].*rank : static_cast<int>(i + 1);
  }
}

std::vector<Candidate> zone_candidates(const Ledger& ledger, const Settings& s, const ZoneEval& z,
                                       double distance, const geom::Geometry& zones_union) {
  std::vector<Candidate> out;
  if (!z.geometry || geom::is_empty(z.geometry)) return out;
  geom::Geometry land =
      detail::exact_difference(geom::buffer(z.geometry, distance, 8), zones_union);
  if (geom::is_empty(land)) return out;
  land = detail::exact_intersection(land, detail::union_near(ledger.urban(), land));
  land = detail::exact_difference(land, detail::union_near(ledger.farmland(), land));
  land = detail::exact_difference(land, detail::union_near(ledger.redline(), land));
  land = detail::exact_difference(land, ledger.built_near(land));
  for (geom::Geometry& piece : geom::polygons(land)) {
    Candidate c;
    c.area = ledger.meter()(piece);
    if (c.area.planar_m2 < s.candidate_min_m2) continue;
    c.zone = z.id;
    c.zone_name = z.name;
    c.perimeter_m = geom::length(piece);
    c.compactness = c.perimeter_m > 0
                        ? 4 * std::numbers::pi * c.area.planar_m2 / (c.perimeter_m * c.perimeter_m)
                        : 0;
    c.unsupplied_approved = ledger.unsupplied_in(piece);
    c.geometry = std::move(piece);
    out.push_back(std::move(c));
  }
  rank_by(out, &Candidate::rank_area, [](const Candidate& c) { return c.area.ellipsoidal_m2; });
  rank_by(out, &Candidate::rank_compactness, [](const Candidate& c) { return c.compactness; });
  // Overall: the sum of the two ranks, then the larger area.
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    const int x = a.rank_area + a.rank_compactness, y = b.rank_area + b.rank_compactness;
    return x != y ? x < y : a.area.ellipsoidal_m2 > b.area.ellipsoidal_m2;
  });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].rank = static_cast<int>(i + 1);
  return out;
}

}  // namespace

std::vector<std::string> roles(bool candidates) {
  (void)candidates;  // landuse serves both built land and candidates
  return {"zones", "parcels", "approvals", "farmland", "redline", "urban", "landuse"};
}

Inputs inputs_from(const ProjectLayers& layers) {
  Inputs in;
  in.zones = layers.find("zones");
  in.parcels = layers.find("parcels");
  in.approvals = layers.find("approvals");
  in.farmland = layers.find("farmland");
  in.redline = layers.find("redline");
  in.urban = layers.find("urban");
  in.landuse = layers.find("landuse");
  in.crs_why = layers.crs_why;
  return in;
}

void validate(const Options& options) {
  if (options.candidates && !(std::isfinite(*options.candidates) && *options.candidates > 0))
    throw UsageError("--candidates", "the distance must be a number of metres above 0");
}

Result analyse(const Inputs& in, const Settings& s, const Options& opt) {
  validate(opt);
  const Progress& progress = opt.progress;
  if (!in.zones) throw UsageError("", "zones needs the zones (开发区) layer");
  if (!in.parcels) throw UsageError("", "zones needs the parcels (供地地块) layer");
  if (opt.candidates) {
    std::string absent;
    for (auto [layer, role] : {std::pair{in.urban, "urban"}, std::pair{in.farmland, "farmland"},
                               std::pair{in.redline, "redline"}})
      if (!layer) absent += (absent.empty() ? "" : ", ") + std::string(role);
    if (!absent.empty())
      throw UsageError(
          "", "--candidates needs the urban, farmland and redline layers; missing: " + absent);
  }
  Result res;
  res.as_of = s.supply.as_of;
  res.crs = in.zones->crs;
  res.crs_why = in.crs_why;
  for (const Layer* l : {in.zones, in.parcels, in.approvals, in.farmland, in.redline, in.urban,
                         in.landuse})
    add_field_report(res.fields, l);
  res.national_source = s.national_source;
  res.composite = s.composite;
  res.built = s.built;
  res.built_source = in.landuse && !s.built.codes.empty() ? "landuse" : "parcels";
  if (res.built_source == "parcels")
    res.warnings.push_back(
        in.landuse
            ? "[built] 未列地类代码（规则包或项目文件 "
              "[zones.built]），已建成土地按供地地块计（道路、公共设施、绿地等未入库土地未计入，"
              "工业用地率偏高）"
            : "未配置国土调查图层（landuse），已建成土地按供地地块计（道路、公共设施、绿地等未入库"
              "土地"
              "未计入，工业用地率偏高）");
  for (auto [layer, role] :
       {std::pair{in.approvals, "approvals"}, std::pair{in.farmland, "farmland"},
        std::pair{in.redline, "redline"}, std::pair{in.urban, "urban"}})
    if (!layer) res.not_checked.emplace_back(role);
  if (opt.candidates && !in.landuse)
    res.warnings.push_back("未配置国土调查图层（landuse），候选用地只按供地地块排除已建成土地");

  // Parcel states come from the supply analysis. Zone membership is measured here by
  // intersection, so supply sees no zones layer; and any planned use may count as meeting
  // supply conditions in a zone, so the industrial-offer condition is off.
  // A result handed in (the report's) is read the same way (Ledger ignores those conditions).
  std::optional<supply::Result> own;
  if (!in.supply) {
    supply::Settings ss = s.supply;
    ss.industrial_offer = false;
    const supply::Inputs si{in.parcels, in.approvals, in.redline, in.farmland, in.urban, nullptr,
                            in.crs_why};
    own = supply::analyse(si, ss, {scaled(progress, 0, 0.3)});
  }
  const supply::Result& sr = in.supply ? *in.supply : *own;
  for (const std::string& w : sr.warnings) res.warnings.push_back("供地分析：" + w);
  const Ledger ledger(in, s, sr);

  const Layer& zl = *in.zones;
  for (std::size_t i = 0; i < zl.features.size(); ++i) {
    const Feature& f = zl.features[i];
    ZoneEval& z =
        res.zones.emplace_back(detail::evaluate(ledger, geom::clone(f.geometry), info_of(zl, f),
                                                /*approved_denominator=*/true));
    // The 规程 ranks 工业主导型 and 产城融合型 zones separately; any other type is ranked only
    // among zones of the same text, which a planner must be told.
    if (z.eval_type != "工业主导型" && z.eval_type != "产城融合型")
      res.warnings.push_back("开发区 " + z.id +
                             (z.eval_type == "未分类"
                                  ? std::string(" 未填写评价类型（eval_type）")
                                  : " 的评价类型“" + z.eval_type + "”不是工业主导型或产城融合型") +
                             "，只与同类开发区排名");
    // The 规程 evaluates over the approved area; a drawing far from it is worth a look.
    if (!z.approved_denominator)
      res.warnings.push_back("开发区 " + z.id +
                             " 未填写批准面积（approved_area），土地开发率按图形面积 " +
                             area_text(z.area) + " 计算");
    else if (std::abs(z.area.ellipsoidal_ha() - z.denominator_ha) >
             kApprovedAreaTolerance * z.denominator_ha)
      res.warnings.push_back(fmt::format(
          "开发区 {} 图形面积 {:.2f} 公顷与批准面积 {:.2f} 公顷相差 {:.1f}%（超过 {:g}%），"
          "土地开发率按批准面积计算",
          z.id, z.area.ellipsoidal_ha(), z.denominator_ha,
          (z.area.ellipsoidal_ha() / z.denominator_ha - 1) * 100, kApprovedAreaTolerance * 100));
    report_progress(
        progress, 0.3 + 0.2 * static_cast<double>(i + 1) / static_cast<double>(zl.features.size()),
        "开发区评价");
  }
  std::vector<ZoneEval*> ptrs;
  for (ZoneEval& z : res.zones) ptrs.push_back(&z);
  rank(ptrs, s.composite);

  ScenarioRun run(ledger, s, res.zones);
  if (opt.scenario) {
    const Scenario scenario = in_working_crs(*opt.scenario, res.crs);
    res.scenario = run.run(scenario);
    for (const std::string& w : scenario.warnings) res.warnings.push_back(w);
  }
  report_progress(progress, 0.8, "情景");
  if (opt.candidates) {
    res.candidate_distance = *opt.candidates;
    for (const ZoneEval& z : res.zones)
      for (Candidate& c : zone_candidates(ledger, s, z, *opt.candidates, run.current_union()))
        res.candidates.push_back(std::move(c));
  }
  report_progress(progress, 1.0, "完成");
  return res;
}

}  // namespace tudi::zones
