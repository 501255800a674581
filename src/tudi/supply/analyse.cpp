// The inventory run: every parcel's readiness or idle status, 批而未供 per batch, the rolling
// 供地率, and totals per development zone.
#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <map>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
#include "tudi/crs/area.hpp"
#include "tudi/geom/exact_overlay.hpp"
#include "tudi/project/project.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

/// A supply type that records an actual supply (出让, 划拨, 租赁, 作价出资...), not a plan or a
/// reserve ("未供", "拟出让", "储备").
bool records_supply(const std::string& type) {
  if (type.empty()) return false;
  for (std::string_view no : {"未", "拟", "储备", "待"})
    if (type.find(no) != std::string::npos) return false;
  return true;
}

/// Parcels: status, overlaps and zone of each; returns each parcel's zone feature or -1.
/// Parcels are independent: each block is assessed in parallel, in place, so the order and the
/// results are those of a serial run.
std::vector<long> assess_parcels(const Inputs& in, const Settings& s, const Spatial& spatial,
                                 Result& res, const Progress& progress) {
  const Layer& layer = *in.parcels;
  const std::size_t n = layer.features.size();
  std::vector<long> zone_of(n, -1);
  res.parcels.resize(n);
  auto assess = [&](std::size_t i) {
    const Feature& f = layer.features[i];
    ParcelStatus& ps = res.parcels[i];
    ps.feature = i;
    ps.id = layer.id_of(f);
    ps.name = layer.text(f, "name");
    ps.area = spatial.area(f.geometry);
    const ParcelDates d = parcel_dates(layer, f);
    const std::string type = std::string(trim(layer.text(f, "supply_type")));
    if (d.supply_date.present()) {
      ps.supplied = !d.supply_date.date || *d.supply_date.date <= s.as_of;
    } else {
      ps.supplied = records_supply(type);
    }
    ps.inconsistent = inconsistencies(d);
    if (!d.supply_date.present() && ps.supplied)
      ps.inconsistent.push_back({"supply_date_missing",
                                 "供地方式为“" + type + "”，但供地日期未填写",
                                 {{"supply_type", type}}});

    const Overlaps o = spatial.measure(f.geometry);
    if (o.zones && !o.zones->empty() && o.zones->front().area.planar_m2 > s.sliver_m2) {
      zone_of[i] = static_cast<long>(o.zones->front().feature);
      ps.zone = o.zones->front().id;
    }

    if (ps.supplied) {
      ps.idle = idle_status(d, s.as_of, s);
      // 低效用地 is about land in use (DOMAIN §7): a plant under construction or suspended has a
      // low FAR because it is unfinished, and is a supply or idle-land case. So: completed by
      // as_of. An older plant in use carries its 竣工日期.
      ps.built = d.completed.date && *d.completed.date <= s.as_of;
      if (ps.built) ps.inefficient = inefficiency(layer, f, ps.area.ellipsoidal_m2, s);
      // 供而未用: supplied, not started, from the supply date whatever the start date says.
      const bool started = d.actual_start.date && *d.actual_start.date <= s.as_of;
      ps.unused = !ps.built && !started && !d.actual_start.unreadable();
      if (ps.unused) ps.unused_since = d.supply_date.date;
    } else {
      ps.readiness = readiness(layer, f, o, s);
    }
  };
  const std::size_t block = 4096;
  for (std::size_t from = 0; from < n; from += block) {
    const std::size_t to = std::min(n, from + block);
    tbb::parallel_for(from, to, assess);
    report_progress(progress, static_cast<double>(to) / static_cast<double>(n), "地块");
  }
  return zone_of;
}

/// A batch's approved and supplied geometries, kept for the per-zone totals.
struct BatchGeometry {
  geom::Geometry approved, supplied;
};

/// 批而未供 per batch: approved polygons grouped by batch, minus the supplied parcels.
std::vector<BatchGeometry> assess_batches(const Inputs& in, const Settings& s,
                                          const crs::AreaMeter& meter, Result& res,
                                          const Progress& progress) {
  const Layer& appr = *in.approvals;
  const Layer& parcels = *in.parcels;
  // Batches in order of first appearance; several polygons may share a batch id.
  std::vector<BatchGeometry> kept;
  std::vector<std::vector<std::size_t>> groups;
  std::map<std::string, std::size_t> by_key;
  for (std::size_t i = 0; i < appr.features.size(); ++i) {
    const Feature& f = appr.features[i];
    std::string key = std::string(trim(appr.text(f, "id")));
    if (key.empty()) key = std::string(trim(appr.text(f, "approval_no")));
    if (key.empty()) key = "#" + std::to_string(f.fid);
    auto [it, fresh] = by_key.emplace(key, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }

  std::vector<std::size_t> supplied;
  for (const ParcelStatus& ps : res.parcels)
    if (ps.supplied && parcels.features[ps.feature].geometry) supplied.push_back(ps.feature);
  std::vector<Envelope> supplied_env;
  for (std::size_t i : supplied)
    supplied_env.push_back(geom::envelope(parcels.features[i].geometry));

  // The window (DOMAIN §7): by default the N full calendar years before the as-of year, as a
  // batch approved months ago cannot have been supplied yet; rolling N years as an option.
  SupplyRate rate;
  rate.as_of = s.as_of;
  rate.rolling = s.supply_rate_rolling;
  if (s.supply_rate_rolling) {
    rate.window_start = add_days(add_years(s.as_of, -s.supply_rate_window_years), 1);
    rate.window_end = s.as_of;
  } else {
    rate.window_start = *Date::from_ymd(s.as_of.year() - s.supply_rate_window_years, 1, 1);
    rate.window_end = *Date::from_ymd(s.as_of.year() - 1, 12, 31);
  }
  rate.line = s.supply_rate_line;

  for (std::size_t g = 0; g < groups.size(); ++g) {
    BatchSummary b;
    std::vector<geom::Geometry> polys;
    for (std::size_t i : groups[g]) {
      const Feature& f = appr.features[i];
      auto fill = [&](std::string& dst, std::string_view field) {
        if (dst.empty()) dst = std::string(trim(appr.text(f, field)));
      };
      fill(b.name, "name");
      fill(b.approval_no, "approval_no");
      fill(b.kind, "kind");
      if (!b.approval_date.present()) {
        const Value& v = appr.get(f, "approval_date");
        if (!is_null(v)) b.approval_date = {to_date(v), std::string(trim(to_text(v)))};
      }
      if (const auto ha = appr.number(f, "approved_area"))
        b.declared_ha = b.declared_ha.value_or(0) + *ha;
      for (std::string_view field : {"withdrawn_area", "reduced_area"})
        if (const auto ha = appr.number(f, field)) b.withdrawn_ha = b.withdrawn_ha.value_or(0) + *ha;
      if (f.geometry) polys.push_back(geom::clone(f.geometry));
    }
    b.id = appr.text(appr.features[groups[g].front()], "id");
    if (trim(b.id).empty())
      b.id = b.approval_no.empty() ? appr.id_of(appr.features[groups[g].front()]) : b.approval_no;
    geom::Geometry approved = geom::exact_union(std::move(polys));
    b.approved = meter(approved);

    std::vector<geom::Geometry> pieces;
    if (!geom::is_empty(approved)) {
      const Envelope env = geom::envelope(approved);
      for (std::size_t k = 0; k < supplied.size(); ++k) {
        if (!supplied_env[k].intersects(env)) continue;
        const Feature& pf = parcels.features[supplied[k]];
        if (!geom::intersects(approved, pf.geometry)) continue;
        geom::Geometry piece = geom::exact_intersection(approved, pf.geometry);
        if (geom::area(piece) > s.sliver_m2) b.parcels.push_back(parcels.id_of(pf));
        pieces.push_back(std::move(piece));
      }
    }
    geom::Geometry supplied_geom = geom::exact_union(std::move(pieces));
    b.supplied = meter(supplied_geom);
    b.unsupplied_geometry = geom::is_empty(supplied_geom)
                                ? geom::clone(approved)
                                : geom::exact_difference(approved, supplied_geom);
    const units::Area drawn_unsupplied = meter(b.unsupplied_geometry);
    // 撤回/核减 (DOMAIN §7) leave the approval: a recorded figure, taken off the unsupplied
    // part. More than is unsupplied cannot be withdrawn: said, and capped.
    const double withdrawn_m2 = std::max(0.0, b.withdrawn_ha.value_or(0) * 10000);
    const double cap = drawn_unsupplied.ellipsoidal_m2;
    if (withdrawn_m2 > cap + 1)
      res.warnings.push_back(fmt::format(
          "批次 {} 撤回/核减面积 {:.4f} 公顷大于其未供面积 {:.4f} 公顷，按未供面积扣除", b.id,
          withdrawn_m2 / 10000, cap / 10000));
    const double taken = std::min(withdrawn_m2, cap);
    b.withdrawn = {taken, taken};
    auto minus = [](double a, double t) { return std::max(0.0, a - t); };
    b.unsupplied = {minus(drawn_unsupplied.planar_m2, taken),
                    minus(drawn_unsupplied.ellipsoidal_m2, taken)};
    b.counted = b.supplied;
    b.counted += b.unsupplied;
    b.supply_rate =
        b.counted.ellipsoidal_m2 > 0 ? b.supplied.ellipsoidal_m2 / b.counted.ellipsoidal_m2 : 0;
    if (b.approval_date.date) {
      b.in_window =
          *b.approval_date.date >= rate.window_start && *b.approval_date.date <= rate.window_end;
    } else {
      rate.undated.push_back(b.id);
      res.warnings.push_back("批次 " + b.id + " 批准日期" +
                             (b.approval_date.present() ? "无法识别：“" + b.approval_date.raw + "”"
                                                        : std::string("未填写")) +
                             "，未计入近" + std::to_string(s.supply_rate_window_years) +
                             "年供地率");
    }
    if (b.in_window) {
      ++rate.batches;
      rate.approved += b.counted;
      rate.supplied += b.supplied;
      rate.withdrawn += b.withdrawn;
    }
    res.batches.push_back(std::move(b));
    kept.push_back({std::move(approved), std::move(supplied_geom)});
    report_progress(progress, static_cast<double>(g + 1) / static_cast<double>(groups.size()),
                    "批次");
  }
  rate.rate = rate.approved.ellipsoidal_m2 > 0
                  ? rate.supplied.ellipsoidal_m2 / rate.approved.ellipsoidal_m2
                  : 0;
  rate.meets = rate.approved.ellipsoidal_m2 > 0 && rate.rate >= s.supply_rate_line;
  res.supply_rate = std::move(rate);
  return kept;
}

void add_parcel(ZoneSummary& z, const ParcelStatus& p) {
  ++z.parcels;
  z.parcel_area += p.area;
  if (p.readiness) {
    const auto r = static_cast<std::size_t>(p.readiness->level);
    ++z.readiness_count[r];
    z.readiness_area[r] += p.area;
  }
  if (p.supplied) {
    ++z.supplied_count;
    z.supplied_area += p.area;
  }
  if (p.unused) {
    ++z.unused_count;
    z.unused_area += p.area;
  }
  if (p.idle) {
    const auto k = static_cast<std::size_t>(p.idle->state);
    ++z.idle_count[k];
    z.idle_area[k] += p.area;
    if (p.idle->fee) z.idle_fee += *p.idle->fee;
  }
  if (!p.inefficient.empty()) {
    ++z.inefficient_count;
    z.inefficient_area += p.area;
  }
}

void assess_zones(const Inputs& in, const crs::AreaMeter& meter,
                  const std::vector<long>& zone_of, const std::vector<BatchGeometry>& batches,
                  Result& res) {
  std::vector<ZoneSummary> zones;
  ZoneSummary outside;
  outside.name = in.zones ? "开发区外" : "全域（未配置开发区）";
  geom::Geometry zone_union = geom::empty_polygon();
  if (in.zones) {
    std::vector<geom::Geometry> all;
    for (const Feature& f : in.zones->features) {
      ZoneSummary z;
      z.id = in.zones->id_of(f);
      z.name = in.zones->text(f, "name");
      z.zone_area = meter(f.geometry);
      zones.push_back(std::move(z));
      if (f.geometry) all.push_back(geom::clone(f.geometry));
    }
    zone_union = geom::exact_union(std::move(all));
  }
  for (std::size_t i = 0; i < res.parcels.size(); ++i)
    add_parcel(zone_of[i] >= 0 ? zones[static_cast<std::size_t>(zone_of[i])] : outside,
               res.parcels[i]);

  // Approvals by area of intersection; the part outside every zone goes to the "" entry.
  for (std::size_t k = 0; k < batches.size(); ++k) {
    const BatchGeometry& bg = batches[k];
    const geom::Geometry& unsupplied = res.batches[k].unsupplied_geometry;
    if (geom::is_empty(bg.approved)) continue;
    if (in.zones) {
      const Envelope env = geom::envelope(bg.approved);
      for (std::size_t z = 0; z < zones.size(); ++z) {
        const geom::Geometry& zg = in.zones->features[z].geometry;
        if (!zg || !geom::envelope(zg).intersects(env) || !geom::intersects(zg, bg.approved))
          continue;
        zones[z].approved += meter(geom::exact_intersection(bg.approved, zg));
        zones[z].approved_supplied += meter(geom::exact_intersection(bg.supplied, zg));
        zones[z].approved_unsupplied += meter(geom::exact_intersection(unsupplied, zg));
      }
      outside.approved += meter(geom::exact_difference(bg.approved, zone_union));
      outside.approved_supplied += meter(geom::exact_difference(bg.supplied, zone_union));
      outside.approved_unsupplied += meter(geom::exact_difference(unsupplied, zone_union));
    } else {
      outside.approved += res.batches[k].approved;
      outside.approved_supplied += res.batches[k].supplied;
      outside.approved_unsupplied += meter(unsupplied);
    }
  }
  res.zones = std::move(zones);
  if (!in.zones || outside.parcels > 0 || outside.approved.planar_m2 > 0)
    res.zones.push_back(std::move(outside));
}

}  // namespace

Inputs inputs_from(const ProjectLayers& layers) {
  Inputs in;
  in.parcels = layers.find("parcels");
  in.approvals = layers.find("approvals");
  in.redline = layers.find("redline");
  in.farmland = layers.find("farmland");
  in.urban = layers.find("urban");
  in.zones = layers.find("zones");
  in.crs_why = layers.crs_why;
  return in;
}

namespace {
std::atomic<int> runs{0};
}  // namespace

int analyse_runs() { return runs.load(); }

Result analyse(const Inputs& in, const Settings& s, const Options& options) {
  ++runs;
  const Progress& progress = options.progress;
  if (!in.parcels) throw UsageError("", "supply needs the parcels (供地地块) layer");
  Result res;
  res.as_of = s.as_of;
  res.crs = in.parcels->crs.empty() ? std::string() : in.parcels->crs.label();
  res.crs_why = in.crs_why;
  for (const Layer* l : {in.parcels, in.approvals, in.redline, in.farmland, in.urban, in.zones})
    add_field_report(res.fields, l);
  const std::pair<const Layer*, const char*> optional[] = {{in.farmland, "farmland"},
                                                           {in.redline, "redline"},
                                                           {in.urban, "urban"},
                                                           {in.zones, "zones"},
                                                           {in.approvals, "approvals"}};
  for (const auto& [layer, role] : optional)
    if (!layer) res.not_checked.emplace_back(role);

  const Spatial spatial(in);
  const crs::AreaMeter meter(in.parcels->crs);
  const std::vector<long> zone_of = assess_parcels(in, s, spatial, res, scaled(progress, 0, 0.7));
  std::vector<BatchGeometry> batches;
  if (in.approvals) batches = assess_batches(in, s, meter, res, scaled(progress, 0.7, 0.9));
  assess_zones(in, meter, zone_of, batches, res);
  report_progress(progress, 1.0, "完成");
  return res;
}

}  // namespace tudi::supply
