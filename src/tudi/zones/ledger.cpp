// The Ledger: parcel states from the supply analysis and the control layers, indexed once, and
// the overlays every zone evaluation and new-area check runs on.
#include <algorithm>
#include <cctype>

#include "tudi/core/error.hpp"
#include "tudi/geom/exact_overlay.hpp"
#include "tudi/geom/overlay.hpp"
#include "tudi/zones/detail.hpp"

namespace tudi::zones::detail {
namespace {
bool usable(const geom::Geometry& g) {
  return g && !geom::is_empty(g);
}
}  // namespace

// ------------------------------------------------------------------------------------ union_near

geom::Geometry union_near(const IndexedLayer& layer, const geom::Geometry& g) {
  std::vector<geom::Geometry> parts;
  for (std::size_t i : layer.meeting(g)) parts.push_back(geom::clone(layer.layer()->features[i].geometry));
  return exact_union(std::move(parts));
}

// ------------------------------------------------------------------------------------ Ledger

namespace {

/// Whether a land-use feature's class code (spaces removed) starts with one of `prefixes`.
bool class_in(const Layer& l, const Feature& f, const std::vector<std::string>& prefixes) {
  std::string code = l.text(f, "land_class");
  code.erase(
      std::remove_if(code.begin(), code.end(), [](unsigned char c) { return std::isspace(c); }),
      code.end());
  if (code.empty()) return false;
  for (const std::string& prefix : prefixes)
    if (code.rfind(prefix, 0) == 0) return true;
  return false;
}

/// Meets supply conditions as the zone study judges (ready or standard for any planned use, zone
/// membership not a condition): a readiness whose only missing conditions are the planned use
/// and "outside every zone" counts, so supply's result serves whatever its settings were.
bool meets_conditions(const supply::Readiness& r) {
  if (r.level != supply::ReadinessLevel::not_ready) return true;
  return std::all_of(r.missing.begin(), r.missing.end(), [](const supply::Finding& f) {
    return f.code == "use" || f.code == "outside_zone";
  });
}

bool counts_as_idle(supply::IdleState s) {
  using S = supply::IdleState;
  return s == S::idle_2y || s == S::idle_1y || s == S::idle_suspended || s == S::government_cause;
}

/// The parcels fields the formulas read, for "the layer has no such field" reasons.
constexpr const char* kFormulaFields[] = {"planned_use", "completed", "floor_area",  "footprint",
                                          "investment",  "tax",       "agreed_start"};

}  // namespace

Ledger::Ledger(const Inputs& in, const Settings& settings, const supply::Result& sup)
    : in_(in),
      settings_(settings),
      supply_(sup),
      meter_(in.parcels->crs),
      parcels_(in.parcels),
      farmland_(in.farmland),
      redline_(in.redline),
      urban_(in.urban),
      landuse_(in.landuse) {
  const Layer& layer = *in.parcels;
  const Date& as_of = settings.supply.as_of;
  if (supply_.parcels.size() != layer.features.size())
    throw Error(layer.source, "supply result does not match the parcels layer");
  facts_.reserve(layer.features.size());
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    const Feature& f = layer.features[i];
    const supply::ParcelStatus& ps = supply_.parcels[i];
    ParcelFacts p;
    p.id = ps.id;
    p.supplied = ps.supplied;
    p.floor_area = layer.number(f, "floor_area");
    p.footprint = layer.number(f, "footprint");
    p.investment = layer.number(f, "investment");
    p.tax = layer.number(f, "tax");
    const supply::ParcelDates d = supply::parcel_dates(layer, f);
    p.completed = d.completed.date && *d.completed.date <= as_of;
    // Built on without supply paperwork still counts as unsupplied (DOMAIN §7).
    p.built = p.supplied ? ps.built : p.completed || (p.floor_area && *p.floor_area > 0);
    // Land under construction or suspended pays no tax yet: no value is 0, not a gap.
    if (!p.tax && !p.completed) p.tax = 0.0;
    p.ready = !p.supplied && !p.built && ps.readiness && meets_conditions(*ps.readiness);
    p.industrial = supply::is_industrial_use(layer.text(f, "planned_use"));
    if (ps.idle) {
      p.idle = counts_as_idle(ps.idle->state);
      p.idle_unknown = ps.idle->state == supply::IdleState::unknown;
    }
    p.area = ps.area;
    facts_.push_back(std::move(p));
  }
  for (const char* field : kFormulaFields)
    if (!layer.has(field)) unmapped_.emplace_back(field);
  if (!layer.has("supply_date") && !layer.has("supply_type")) unmapped_.emplace_back("supply_date");

  std::vector<Envelope> env;
  for (const supply::BatchSummary& b : supply_.batches)
    env.push_back(usable(b.unsupplied_geometry) ? geom::envelope(b.unsupplied_geometry)
                                                : Envelope{});
  unsupplied_index_ = geom::EnvelopeIndex(env);
}

Stock Ledger::stock(const geom::Geometry& zone) const {
  Stock s;
  if (!usable(zone)) return s;
  const Layer& layer = *in_.parcels;
  const geom::Prepared prepared = geom::prepare(zone);
  for (std::size_t i : parcels_.meeting(zone)) {
    const Feature& f = layer.features[i];
    const ParcelFacts& p = facts_[i];
    units::Area a;
    double share = 1;
    if (geom::covers(prepared, f.geometry)) {
      a = p.area;
    } else {
      a = meter_(exact_intersection(zone, f.geometry));
      share = p.area.planar_m2 > 0 ? a.planar_m2 / p.area.planar_m2 : 0;
    }
    if (a.planar_m2 <= settings_.sliver_m2) continue;
    ++s.parcels;
    // A sum over parcels; a parcel without the value is listed and the indicator made null.
    auto add = [&](double& sum, const std::optional<double>& v, const char* key) {
      if (v) {
        sum += *v * share;
      } else {
        s.missing[key].push_back(p.id);
      }
    };
    if (p.supplied) {
      s.supplied += a;
      if (p.idle) s.idle += a;
      if (p.idle_unknown) {
        s.idle_unknown += a;
        s.missing["idle_unknown"].push_back(p.id);
      }
    } else if (p.built) {
      s.built_unsupplied += a;
    } else if (p.ready) {
      s.ready += a;
    }
    if (p.built) {
      s.built += a;
      add(s.floor_area, p.floor_area, "floor_area");
      add(s.tax, p.tax, "tax");
      if (p.industrial) {
        s.built_industrial += a;
        add(s.industrial_floor_area, p.floor_area, "industrial_floor_area");
        add(s.industrial_footprint, p.footprint, "industrial_footprint");
        add(s.industrial_investment, p.investment, "industrial_investment");
        add(s.industrial_tax, p.tax, "industrial_tax");
      }
    }
  }
  s.developed = s.supplied;
  s.developed += s.built_unsupplied;
  s.developed += s.ready;
  s.unsupplied_approved = unsupplied_in(zone);
  s.built_parcels = s.built;
  s.built_industrial_parcels = s.built_industrial;
  if (built_from_landuse()) {
    // 已建成城镇建设用地 from the land-use survey (DOMAIN §9): the built classes inside the
    // zone, less supplied parcels not built (idle, suspended, under construction), which the
    // survey may already code as industrial.
    std::vector<geom::Geometry> built, industrial, not_built;
    for (std::size_t i : landuse_.meeting(zone)) {
      const Feature& f = landuse_.layer()->features[i];
      if (class_in(*landuse_.layer(), f, settings_.built.codes))
        built.push_back(geom::clone(f.geometry));
      if (class_in(*landuse_.layer(), f, settings_.built.industrial))
        industrial.push_back(geom::clone(f.geometry));
    }
    for (std::size_t i : parcels_.meeting(zone))
      if (facts_[i].supplied && !facts_[i].built)
        not_built.push_back(geom::clone(layer.features[i].geometry));
    const geom::Geometry excluded = exact_union(std::move(not_built));
    auto measure = [&](std::vector<geom::Geometry> parts) {
      if (parts.empty()) return units::Area{};
      geom::Geometry g = exact_intersection(zone, exact_union(std::move(parts)));
      if (usable(excluded)) g = exact_difference(g, excluded);
      return meter_(g);
    };
    s.built = measure(std::move(built));
    s.built_industrial = measure(std::move(industrial));
    s.built_from_landuse = true;
  }
  return s;
}

bool Ledger::built_from_landuse() const {
  return landuse_ && !settings_.built.codes.empty();
}

units::Area Ledger::unsupplied_in(const geom::Geometry& g) const {
  units::Area total;
  if (!usable(g)) return total;
  std::vector<std::size_t> hits;
  unsupplied_index_.query(geom::envelope(g), hits);
  std::sort(hits.begin(), hits.end());
  for (std::size_t k : hits)
    if (geom::intersects(g, supply_.batches[k].unsupplied_geometry))
      total += meter_(exact_intersection(g, supply_.batches[k].unsupplied_geometry));
  return total;
}

Controls Ledger::controls(const geom::Geometry& zone) const {
  Controls c;
  if (!usable(zone)) return c;
  if (urban_) c.outside_urban = meter_(exact_difference(zone, union_near(urban_, zone)));
  if (farmland_) c.farmland = meter_(exact_intersection(zone, union_near(farmland_, zone)));
  if (redline_) c.redline = meter_(exact_intersection(zone, union_near(redline_, zone)));
  return c;
}

NewAreaCheck Ledger::check_new_area(const std::string& zone_id, const geom::Geometry& added) const {
  NewAreaCheck check;
  check.area = meter_(added);
  const double sliver =
      std::max(settings_.sliver_m2, settings_.sliver_share * check.area.planar_m2);
  auto severity = [&](const std::string& kind) {
    auto it = settings_.severity.find(kind);
    return it == settings_.severity.end() ? std::string("info") : it->second;
  };
  // Each polygon piece becomes one conflict; slivers are reported apart and never block.
  auto add = [&](const std::string& kind, const std::string& source, const geom::Geometry& g,
                 std::optional<units::Area>& total) {
    if (!total) total = units::Area{};
    for (geom::Geometry& piece : geom::polygons(g)) {
      Conflict c;
      c.zone = zone_id;
      c.kind = kind;
      c.severity = severity(kind);
      c.source_id = source;
      c.area = meter_(piece);
      if (c.area.planar_m2 <= 0) continue;
      c.sliver = c.area.planar_m2 <= sliver;
      if (c.sliver) {
        check.slivers += c.area;
      } else {
        *total += c.area;
        if (c.severity == "blocking") check.blocking = true;
      }
      c.geometry = std::move(piece);
      check.conflicts.push_back(std::move(c));
    }
  };
  auto per_feature = [&](const IndexedLayer& idx, const std::string& kind,
                         std::optional<units::Area>& total) {
    if (!idx) return;
    total = units::Area{};
    for (std::size_t i : idx.meeting(added)) {
      const Feature& f = idx.layer()->features[i];
      add(kind, idx.layer()->id_of(f), exact_intersection(added, f.geometry), total);
    }
  };
  if (urban_)
    add("outside_urban", "", exact_difference(added, union_near(urban_, added)),
        check.outside_urban);
  per_feature(farmland_, "farmland", check.farmland);
  per_feature(redline_, "redline", check.redline);
  if (in_.approvals) {
    check.unsupplied_approved = units::Area{};
    std::vector<std::size_t> hits;
    unsupplied_index_.query(geom::envelope(added), hits);
    std::sort(hits.begin(), hits.end());
    for (std::size_t k : hits)
      if (geom::intersects(added, supply_.batches[k].unsupplied_geometry))
        add("unsupplied_approved", supply_.batches[k].id,
            exact_intersection(added, supply_.batches[k].unsupplied_geometry),
            check.unsupplied_approved);
  }
  check.idle = units::Area{};
  for (std::size_t i : parcels_.meeting(added))
    if (facts_[i].idle)
      add("idle", facts_[i].id, exact_intersection(added, in_.parcels->features[i].geometry),
          check.idle);
  return check;
}

geom::Geometry Ledger::built_near(const geom::Geometry& g) const {
  std::vector<geom::Geometry> parts;
  for (std::size_t i : parcels_.meeting(g)) {
    const ParcelFacts& p = facts_[i];
    if (p.built || (p.floor_area && *p.floor_area > 0))
      parts.push_back(geom::clone(in_.parcels->features[i].geometry));
  }
  if (landuse_)
    for (std::size_t i : landuse_.meeting(g)) {
      const Feature& f = landuse_.layer()->features[i];
      if (class_in(*landuse_.layer(), f, settings_.built_landuse))
        parts.push_back(geom::clone(f.geometry));
    }
  return exact_union(std::move(parts));
}

}  // namespace tudi::zones::detail
