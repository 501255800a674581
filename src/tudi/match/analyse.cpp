#include "tudi/match/match.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <set>
#include <span>
#include <unordered_map>

#include "tudi/core/error.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/project/project.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/geom/index.hpp"
#include "tudi/match/assign.hpp"
#include "tudi/match/evaluate.hpp"

namespace tudi::match {
namespace {

using detail::at_least;
using detail::at_most;
using detail::SiteExtra;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

constexpr double kScoreScale = 1e4;  // scores to integer weights for the exact flow

/// Canonical std_* field of the parcels role for each indicator (none for the rest).
const char* own_field(Indicator i) {
  switch (i) {
    case Indicator::investment:
      return "std_investment";
    case Indicator::tax:
      return "std_tax";
    case Indicator::far_min:
      return "std_far_min";
    case Indicator::far_max:
      return "std_far_max";
    case Indicator::energy:
      return "std_energy";
    case Indicator::emission_intensity:
      return "std_emission_intensity";
    default:
      return nullptr;
  }
}

/// Parcels merged for one project: 2 or 3 adjacent available sites.
struct Group {
  std::array<int, 3> members{-1, -1, -1};
  std::array<int, 3> buckets{-1, -1, -1};  // each member's bucket, in member order
  int size = 0;
  double area = 0;
  double min_member = 0;
};

/// A scored option: a site (>= 0) or a group (-(g + 1)).
struct Scored {
  int option;
  double score;
};

/// Available sites bucketed by what decides a project's admission as a whole, each bucket
/// sorted by area so a demand range is a binary search.
struct Bucket {
  int use = -1;  // index into rules.use_classes
  int zone = -1;
  unsigned infra = 0;
  std::vector<std::size_t> sites;  // ascending area
  std::vector<double> areas;       // their areas, side by side: the searches stay in cache
  std::optional<double> min_own_investment;  // lowest parcel-published intensity in the bucket
  bool any_without_own = false;              // some site relies on the library's intensity
};

struct Prepared {
  std::vector<Site> sites;
  std::vector<SiteExtra> extra;
  std::vector<ZoneInfo> zones;
  std::vector<Bucket> buckets;
  std::vector<int> bucket_of_site;  // -1 for sites not on offer
  std::vector<Group> groups;        // ascending area
  std::size_t adjacent_pairs = 0;
  std::vector<std::size_t> available_sites;
  std::vector<double> available_area;  // area of each available site, side by side
  std::map<std::string, std::size_t, std::less<>>
      fixed_counts;  // unavailable parcels by first reason
  std::vector<std::string> warnings;
};

std::vector<ZoneInfo> read_zones(const Layer* zones, const Settings& rules) {
  std::vector<ZoneInfo> out;
  if (!zones) return out;
  for (const Feature& f : zones->features) {
    ZoneInfo z;
    z.id = zones->id_of(f);
    z.name = zones->text(f, "name");
    if (z.name.empty()) z.name = z.id;
    z.lead = rules.parse_list(zones->text(f, "lead_industries"));
    z.negative = rules.parse_list(zones->text(f, "negative_list"));
    // The standard-land indicators the zone publishes (its 标准地 "五项指标").
    for (Indicator ind : kAllIndicators)
      if (const char* field = own_field(ind))
        if (auto v = zones->number(f, field); v && *v > 0)
          z.published[static_cast<std::size_t>(ind)] = *v;
    z.emission = zones->text(f, "std_emission");
    out.push_back(std::move(z));
  }
  return out;
}

/// Project-independent failures of a parcel, from its supply status.
std::vector<Reason> fixed_reasons(const supply::ParcelStatus& st) {
  std::vector<Reason> out;
  if (st.supplied) {
    out.push_back({"supplied", "地块已供应（出让或划拨）", Value{}, Value{}, ""});
    return out;
  }
  if (!st.readiness) {
    out.push_back({"not_ready", "供地条件未核查", Value{}, Value{}, ""});
    return out;
  }
  for (const supply::Finding& f : st.readiness->missing) {
    if (f.code == "use") continue;  // the use-class filter says it for the project
    const bool spatial = f.code == "farmland" || f.code == "redline" || f.code == "outside_urban";
    if (spatial) {
      Value area;
      for (const auto& [k, v] : f.values)
        if (k == "ellipsoidal_m2") area = v;
      out.push_back({f.code, f.text, area, 0.0, "m²"});
    } else {
      out.push_back({"not_ready." + f.code, f.text, Value{}, Value{}, ""});
    }
  }
  // Readiness items first, then the control lines: the order the filters are listed in.
  std::stable_partition(out.begin(), out.end(),
                        [](const Reason& r) { return r.code.rfind("not_ready", 0) == 0; });
  return out;
}

/// Same-chain firms near each available site.
void count_neighbours(Prepared& pr, const Layer& parcels, const Settings& rules) {
  std::vector<Envelope> points;
  std::vector<std::vector<int>> firm_chains;
  for (const Site& s : pr.sites) {
    if (s.industry.empty()) continue;
    std::vector<int> ch = rules.chains_of(s.industry);
    if (ch.empty()) continue;
    const Envelope e = geom::envelope(parcels.features[s.feature].geometry);
    const double cx = (e.minx + e.maxx) / 2, cy = (e.miny + e.maxy) / 2;
    points.push_back({cx, cy, cx, cy});
    firm_chains.push_back(std::move(ch));
  }
  const double r = rules.params.cluster_radius_m;
  const geom::EnvelopeIndex index(points);
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < pr.sites.size(); ++i) {
    if (!pr.sites[i].available) continue;
    auto& counts = pr.extra[i].chain_neighbours;
    counts.assign(rules.chains.size(), 0);
    if (points.empty()) continue;
    const Envelope e = geom::envelope(parcels.features[pr.sites[i].feature].geometry);
    hits.clear();
    index.query({e.minx - r, e.miny - r, e.maxx + r, e.maxy + r}, hits);
    for (std::size_t h : hits) {
      // Distance from the firm parcel's centre to the candidate's bounding box.
      const double dx = std::max({e.minx - points[h].minx, 0.0, points[h].minx - e.maxx});
      const double dy = std::max({e.miny - points[h].miny, 0.0, points[h].miny - e.maxy});
      if (dx * dx + dy * dy > r * r) continue;
      for (int ch : firm_chains[h]) ++counts[static_cast<std::size_t>(ch)];
    }
  }
}

/// Length of boundary two polygons share: segments of one lying along segments of the other,
/// within `tol` (so digitising gaps narrower than it close). Corners touching give 0.
double shared_boundary(const std::vector<double>& a, const std::vector<double>& b, double tol) {
  double total = 0;
  for (std::size_t i = 0; i + 3 < a.size(); i += 4) {
    const double ax = a[i], ay = a[i + 1], dx = a[i + 2] - ax, dy = a[i + 3] - ay;
    const double len = std::hypot(dx, dy);
    if (len <= 0) continue;
    const double ux = dx / len, uy = dy / len;
    const double minx = std::min(ax, a[i + 2]) - tol, maxx = std::max(ax, a[i + 2]) + tol;
    const double miny = std::min(ay, a[i + 3]) - tol, maxy = std::max(ay, a[i + 3]) + tol;
    for (std::size_t j = 0; j + 3 < b.size(); j += 4) {
      const double bx0 = b[j], by0 = b[j + 1], bx1 = b[j + 2], by1 = b[j + 3];
      if (std::max(bx0, bx1) < minx || std::min(bx0, bx1) > maxx || std::max(by0, by1) < miny ||
          std::min(by0, by1) > maxy)
        continue;
      // Both ends of b's segment within tol of a's line, then the overlap of the projections.
      const double d0 = ux * (by0 - ay) - uy * (bx0 - ax), d1 = ux * (by1 - ay) - uy * (bx1 - ax);
      if (std::abs(d0) > tol || std::abs(d1) > tol) continue;
      const double t0 = ux * (bx0 - ax) + uy * (by0 - ay), t1 = ux * (bx1 - ax) + uy * (by1 - ay);
      const double lo = std::max(0.0, std::min(t0, t1)), hi = std::min(len, std::max(t0, t1));
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/// Adjacent pairs and connected triples of small available sites (those a demand could need
/// merged), each at most as large as the largest demand.
void build_groups(Prepared& pr, const Layer& parcels, const Settings& rules,
                  const std::vector<ProjectSpec>& projects) {
  const Parameters& s = rules.params;
  if (s.max_group_size < 2) return;
  double max_min = 0, max_max = 0;
  for (const ProjectSpec& p : projects) {
    max_min = std::max(max_min, p.demand_min);
    max_max = std::max(max_max, p.demand_max);
  }
  std::vector<std::size_t> small;
  for (std::size_t i = 0; i < pr.sites.size(); ++i)
    if (pr.sites[i].available && !at_least(pr.sites[i].area_mu, max_min)) small.push_back(i);
  if (small.size() < 2) return;
  std::vector<Envelope> boxes;
  for (std::size_t i : small) {
    Envelope e = geom::envelope(parcels.features[pr.sites[i].feature].geometry);
    const double d = s.adjacency_snap_m;
    boxes.push_back({e.minx - d, e.miny - d, e.maxx + d, e.maxy + d});
  }
  const geom::EnvelopeIndex index(boxes);
  std::vector<std::vector<double>> rings(small.size());  // boundary segments, x0 y0 x1 y1 …
  for (std::size_t a = 0; a < small.size(); ++a)
    geom::for_each_ring(
        parcels.features[pr.sites[small[a]].feature].geometry,
        [&](int, int, std::span<const double> xy) {
          for (std::size_t k = 0; k + 3 < xy.size(); k += 2)
            rings[a].insert(rings[a].end(), {xy[k], xy[k + 1], xy[k + 2], xy[k + 3]});
        });
  // Neighbours with a higher index, found in parallel, then made symmetric.
  std::vector<std::vector<int>> adj(small.size());
  tbb::parallel_for(std::size_t{0}, small.size(), [&](std::size_t a) {
    std::vector<std::size_t> hits;
    index.query(boxes[a], hits);
    std::sort(hits.begin(), hits.end());
    for (std::size_t b : hits) {
      if (b <= a) continue;
      if (!at_most(pr.sites[small[a]].area_mu + pr.sites[small[b]].area_mu, max_max)) continue;
      if (shared_boundary(rings[a], rings[b], s.adjacency_snap_m) > s.min_shared_boundary_m)
        adj[a].push_back(static_cast<int>(b));
    }
  });
  for (std::size_t a = 0; a < small.size(); ++a)
    for (int b : adj[a])
      if (b > static_cast<int>(a)) adj[static_cast<std::size_t>(b)].push_back(static_cast<int>(a));
  auto make = [&](std::initializer_list<int> locals) {
    Group g;
    g.min_member = 1e300;
    for (int l : locals) {
      const std::size_t site = small[static_cast<std::size_t>(l)];
      g.members[static_cast<std::size_t>(g.size++)] = static_cast<int>(site);
      g.area += pr.sites[site].area_mu;
      g.min_member = std::min(g.min_member, pr.sites[site].area_mu);
    }
    std::sort(g.members.begin(), g.members.begin() + g.size);
    for (int k = 0; k < g.size; ++k)
      g.buckets[static_cast<std::size_t>(k)] =
          pr.bucket_of_site[static_cast<std::size_t>(g.members[static_cast<std::size_t>(k)])];
    return g;
  };
  std::set<std::array<int, 3>> seen;
  for (std::size_t a = 0; a < small.size(); ++a) {
    std::sort(adj[a].begin(), adj[a].end());
    for (int b : adj[a]) {
      if (b <= static_cast<int>(a)) continue;
      ++pr.adjacent_pairs;
      pr.groups.push_back(make({static_cast<int>(a), b}));
    }
  }
  if (s.max_group_size >= 3) {
    for (std::size_t b = 0; b < small.size(); ++b) {
      const auto& n = adj[b];
      for (std::size_t i = 0; i < n.size(); ++i)
        for (std::size_t j = i + 1; j < n.size(); ++j) {
          Group g = make({n[i], static_cast<int>(b), n[j]});
          if (!at_most(g.area, max_max)) continue;
          if (seen.insert(g.members).second) pr.groups.push_back(g);
        }
    }
  }
  std::stable_sort(pr.groups.begin(), pr.groups.end(),
                   [](const Group& x, const Group& y) { return x.area < y.area; });
}

Prepared prepare(const Inputs& in, const Settings& rules,
                 const std::vector<ProjectSpec>& projects) {
  const Layer& parcels = *in.parcels;
  const auto& status = *in.status;
  Prepared pr;
  pr.zones = read_zones(in.zones, rules);
  std::unordered_map<std::string, int> zone_by_id;
  for (std::size_t z = 0; z < pr.zones.size(); ++z)
    zone_by_id.emplace(pr.zones[z].id, static_cast<int>(z));
  pr.sites.resize(parcels.features.size());
  pr.extra.resize(parcels.features.size());
  for (std::size_t i = 0; i < parcels.features.size(); ++i) {
    const Feature& f = parcels.features[i];
    const supply::ParcelStatus& st = status[i];
    Site& s = pr.sites[i];
    SiteExtra& x = pr.extra[i];
    s.feature = i;
    s.id = st.id.empty() ? parcels.id_of(f) : st.id;
    s.name = st.name;
    const double m2 = rules.params.ellipsoidal_area && st.area.ellipsoidal_m2 > 0
                          ? st.area.ellipsoidal_m2
                          : st.area.planar_m2;
    s.area_mu = units::m2_to_mu(m2);
    s.planned_use = parcels.text(f, "planned_use");
    if (const UseClass* u = rules.use_class(s.planned_use)) {
      s.use = static_cast<int>(u - rules.use_classes.data());
      s.use_code = u->code;
      s.use_name = u->name;
      s.use_max_pollution = u->max_pollution;
    }
    if (!st.zone.empty())
      if (auto it = zone_by_id.find(st.zone); it != zone_by_id.end()) s.zone = it->second;
    if (st.readiness)
      s.infrastructure = st.readiness->infrastructure;
    else
      s.infrastructure = supply::parse_infrastructure(parcels.text(f, "infrastructure"));
    if (st.supplied) {
      s.firm = parcels.text(f, "firm");
      s.industry = parcels.text(f, "industry");
    }
    for (Indicator ind : kAllIndicators)
      if (const char* field = own_field(ind))
        if (auto v = parcels.number(f, field); v && *v > 0)
          x.own[static_cast<std::size_t>(ind)] = *v;
    x.emission = parcels.text(f, "std_emission");
    // A parcel without its own value of an indicator is held to its zone's (DOMAIN §8), and
    // only then to the library's county defaults.
    if (s.zone >= 0) {
      const ZoneInfo& z = pr.zones[static_cast<std::size_t>(s.zone)];
      for (std::size_t k = 0; k < kIndicators; ++k)
        if (!x.own[k] && z.published[k]) {
          x.own[k] = z.published[k];
          x.from_zone[k] = true;
          x.zone_name = z.name;
        }
      if (x.emission.empty()) x.emission = z.emission;
    }
    x.fixed = fixed_reasons(st);
    x.supplied = st.supplied;
    s.available = x.fixed.empty() && s.use >= 0;
    if (s.available) pr.available_sites.push_back(i);
    // Parcels no project can take count once for every project, by their first reason.
    if (!s.available) ++pr.fixed_counts[x.fixed.empty() ? "use_class" : x.fixed.front().code];
  }
  count_neighbours(pr, parcels, rules);

  std::map<std::tuple<int, int, unsigned>, std::size_t> bucket_of;
  pr.bucket_of_site.assign(pr.sites.size(), -1);
  for (std::size_t i = 0; i < pr.sites.size(); ++i) {
    const Site& s = pr.sites[i];
    if (!s.available) continue;
    const auto key = std::make_tuple(s.use, s.zone, s.infrastructure.items);
    auto [it, fresh] = bucket_of.emplace(key, pr.buckets.size());
    if (fresh)
      pr.buckets.push_back(Bucket{s.use, s.zone, s.infrastructure.items, {}, {}, {}, false});
    Bucket& b = pr.buckets[it->second];
    b.sites.push_back(i);
    pr.bucket_of_site[i] = static_cast<int>(it->second);
    const auto& own = pr.extra[i].own[static_cast<std::size_t>(Indicator::investment)];
    if (own)
      b.min_own_investment = std::min(b.min_own_investment.value_or(*own), *own);
    else
      b.any_without_own = true;
  }
  for (Bucket& b : pr.buckets) {
    std::stable_sort(b.sites.begin(), b.sites.end(), [&](std::size_t x, std::size_t y) {
      return pr.sites[x].area_mu < pr.sites[y].area_mu;
    });
    for (std::size_t i : b.sites) b.areas.push_back(pr.sites[i].area_mu);
  }
  for (std::size_t i : pr.available_sites) pr.available_area.push_back(pr.sites[i].area_mu);
  build_groups(pr, parcels, rules, projects);
  return pr;
}

/// A parcel that failed, before its reasons are written out.
struct Miss {
  std::size_t site;
  int failures;
};

/// Everything found for one project before the assignment.
struct Work {
  detail::ProjectContext ctx;
  std::vector<Scored> scored;  // every option that passes, best first
  std::vector<Rejection> rejected;
  bool rejected_complete = false;
  std::map<std::string, std::size_t, std::less<>> counts;
  std::size_t evaluated = 0;
  std::size_t groups = 0;
  std::string no_candidate_text;  // why nothing fits, when nothing does
};

/// Every failing filter of one parcel, with its text.
std::vector<Reason> full_reasons(const Work& w, const Prepared& pr, std::size_t site) {
  std::vector<Reason> r;
  detail::Sink sink;
  sink.out = &r;
  const Site& s = pr.sites[site];
  if (detail::member_reasons(w.ctx, s, pr.extra[site], pr.zones, sink))
    detail::area_reasons(w.ctx, s.area_mu, detail::site_limits(w.ctx, site, pr.extra[site]), sink);
  return r;
}

template <class Map>
std::string listed(const Map& m) {
  std::vector<std::pair<std::size_t, std::string>> by;
  for (const auto& [code, k] : m)
    if (k) by.emplace_back(k, code);
  std::stable_sort(by.begin(), by.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (const auto& [k, code] : by)
    out += (out.empty() ? "" : "，") + reason_label(code) + " " + std::to_string(k) + " 宗";
  return out;
}

/// Why no parcel fits, from every parcel's full reasons: each failing filter counted over the
/// parcels on offer, then the parcels not on offer by their first reason.
std::string no_candidate_text(const std::vector<Rejection>& rejected, const Prepared& pr) {
  std::map<std::string, std::size_t> offered, other;
  std::size_t n_offered = 0, n_other = 0;
  for (const Rejection& rj : rejected) {
    // On offer = what Stats::available counts; land of a use no project takes is "not on offer".
    if (pr.sites[rj.site].available) {
      ++n_offered;
      std::set<std::string> seen;
      for (const Reason& x : rj.reasons)
        if (seen.insert(x.code).second) ++offered[x.code];
    } else {
      ++n_other;
      const std::string& c = rj.reasons.front().code;
      ++other[c.rfind("not_ready", 0) == 0 ? std::string("not_ready")
              : c == "use_class"           ? std::string("use_other")
                                           : c];
    }
  }
  std::string text = "没有地块通过全部硬性筛选";
  if (n_offered)
    text += "：" + std::to_string(n_offered) + " 宗可供地块均不满足（" + listed(offered) + "）";
  if (n_other)
    text += std::string(n_offered ? "；另有 " : "：") + std::to_string(n_other) + " 宗不可供（" +
            listed(other) + "）";
  return text;
}

/// The same from first-reason counts only (large layers, where not every parcel is explained).
std::string no_candidate_text(const std::map<std::string, std::size_t, std::less<>>& counts) {
  std::map<std::string, std::size_t> offered, other;
  for (const auto& [code, k] : counts) {
    const bool unavailable = code == "supplied" || code.rfind("not_ready", 0) == 0 ||
                             code == "farmland" || code == "redline" || code == "outside_urban";
    if (unavailable)
      other[code.rfind("not_ready", 0) == 0 ? std::string("not_ready") : code] += k;
    else
      offered[code] += k;
  }
  std::string text = "没有地块通过全部硬性筛选（按首要原因：" + listed(offered);
  if (!other.empty()) text += std::string(offered.empty() ? "" : "；") + "不可供：" + listed(other);
  return text + "）";
}

std::vector<Rejection> explain(const Work& w, const Prepared& pr, std::vector<Miss> misses,
                               std::size_t limit) {
  std::stable_sort(misses.begin(), misses.end(), [](const Miss& a, const Miss& b) {
    return a.failures != b.failures ? a.failures < b.failures : a.site < b.site;
  });
  if (misses.size() > limit) misses.resize(limit);
  std::vector<Rejection> out;
  for (const Miss& m : misses)
    out.push_back({m.site, pr.sites[m.site].id, full_reasons(w, pr, m.site)});
  return out;
}

Work filter_project(const ProjectSpec& p, const Settings& rules, const Prepared& pr) {
  Work w;
  w.ctx = detail::make_context(p, rules, pr.zones);
  const auto& ctx = w.ctx;
  const std::size_t n = pr.sites.size();
  const Parameters& settings = rules.params;
  w.counts = pr.fixed_counts;
  // Counting by code without building a string per failure.
  auto count = [&](std::string_view code) -> std::size_t& {
    auto it = w.counts.find(code);
    if (it == w.counts.end()) it = w.counts.emplace(std::string(code), 0).first;
    return it->second;
  };

  std::vector<Miss> near;  // failures among the pairs examined one by one
  // A site reached through a bucket that passed is on offer and passes every member filter
  // (use class, negative list, infrastructure: the bucket's key), so only the area and the
  // indicators are left to check.
  auto evaluate_site = [&](std::size_t i) {
    ++w.evaluated;
    const Site& s = pr.sites[i];
    detail::Sink sink;  // count every failure, write no text
    const detail::Limits t = detail::site_limits(ctx, i, pr.extra[i]);
    detail::area_reasons(ctx, s.area_mu, t, sink);
    if (sink.failures == 0) {
      const Candidate c = detail::score(ctx, std::span<const std::size_t>(&i, 1), pr.sites,
                                        pr.extra, pr.zones, t, false);
      w.scored.push_back({static_cast<int>(i), c.score});
    } else {
      ++count(sink.first);
      near.push_back({i, sink.failures});
    }
  };
  // Counts of whole buckets and area ranges, kept apart from the map until the end; a code is
  // entered (even at 0) once a bucket reaches it, as the map would have it.
  enum Cut { use_class, negative_list, infrastructure, below, above, intensity, kCuts };
  static constexpr const char* kCutCode[kCuts] = {"use_class",         "negative_list",
                                                  "infrastructure",    "area_below_demand",
                                                  "area_above_demand", "investment_intensity"};
  std::array<std::size_t, kCuts> cut_count{};
  std::array<bool, kCuts> cut_seen{};
  auto cut = [&](Cut c, std::size_t k) {
    cut_count[c] += k;
    cut_seen[c] = true;
  };
  const auto lib_inv = ctx.library[Indicator::investment];
  std::vector<char> bucket_pass(pr.buckets.size(), 0);  // its sites pass the member filters
  for (std::size_t bi = 0; bi < pr.buckets.size(); ++bi) {
    const Bucket& b = pr.buckets[bi];
    const UseClass& use = rules.use_classes[static_cast<std::size_t>(b.use)];
    if (use.kind != ctx.kind || use.max_pollution < p.pollution) {
      cut(use_class, b.sites.size());
      continue;
    }
    if (b.zone >= 0 && ctx.zone_negative[static_cast<std::size_t>(b.zone)]) {
      cut(negative_list, b.sites.size());
      continue;
    }
    if (p.infrastructure && (b.infra & p.infrastructure) != p.infrastructure) {
      cut(infrastructure, b.sites.size());
      continue;
    }
    bucket_pass[bi] = 1;
    const auto& v = b.areas;
    const auto lo = std::partition_point(v.begin(), v.end(),
                                         [&](double a) { return !at_least(a, p.demand_min); });
    const auto hi =
        std::partition_point(lo, v.end(), [&](double a) { return at_most(a, p.demand_max); });
    // No site of the bucket meets the intensity beyond investment ÷ its lowest threshold.
    std::optional<double> min_inv = b.min_own_investment;
    if (b.any_without_own)
      min_inv = lib_inv ? std::optional(std::min(min_inv.value_or(lib_inv->value), lib_inv->value))
                        : std::nullopt;
    auto mid = hi;
    if (min_inv && *min_inv > 0)
      mid = std::partition_point(lo, hi,
                                 [&](double a) { return at_least(p.investment / a, *min_inv); });
    cut(below, static_cast<std::size_t>(lo - v.begin()));
    cut(above, static_cast<std::size_t>(v.end() - hi));
    cut(intensity, static_cast<std::size_t>(hi - mid));
    const auto first = static_cast<std::size_t>(lo - v.begin());
    const auto last = static_cast<std::size_t>(mid - v.begin());
    for (std::size_t k = first; k != last; ++k) evaluate_site(b.sites[k]);
  }
  for (std::size_t c = 0; c < kCuts; ++c)
    if (cut_seen[c]) count(kCutCode[c]) += cut_count[c];

  // Merged groups: only when each member is needed to reach the demand minimum.
  const auto glo = std::partition_point(pr.groups.begin(), pr.groups.end(), [&](const Group& g) {
    return !at_least(g.area, p.demand_min);
  });
  std::vector<detail::Limits> member_t;
  std::vector<std::size_t> members;
  for (auto it = glo; it != pr.groups.end() && at_most(it->area, p.demand_max); ++it) {
    const Group& g = *it;
    if (at_least(g.area - g.min_member, p.demand_min)) continue;
    // Members are sites on offer: they pass the member filters exactly when their bucket does.
    if (!std::all_of(g.buckets.begin(), g.buckets.begin() + g.size,
                     [&](int b) { return bucket_pass[static_cast<std::size_t>(b)] != 0; }))
      continue;
    detail::Sink sink;
    sink.stop = true;  // a group either passes or is dropped: no explanation
    member_t.clear();
    members.clear();
    for (int k = 0; k < g.size; ++k) {
      const auto m = static_cast<std::size_t>(g.members[static_cast<std::size_t>(k)]);
      member_t.push_back(detail::site_limits(ctx, m, pr.extra[m]));
      members.push_back(m);
    }
    const detail::Limits t = detail::merged_limits(member_t);
    detail::area_reasons(ctx, g.area, t, sink);
    if (sink.failures) continue;
    const Candidate c = detail::score(ctx, members, pr.sites, pr.extra, pr.zones, t, false);
    w.scored.push_back({-static_cast<int>(it - pr.groups.begin()) - 1, c.score});
    ++w.groups;
  }
  std::stable_sort(w.scored.begin(), w.scored.end(),
                   [](const Scored& a, const Scored& b) { return a.score > b.score; });

  // Explanations: every parcel of a small layer; otherwise the nearest misses.
  if (n <= settings.explain_all_below) {
    std::vector<char> candidate(n, 0);
    for (const Scored& sc : w.scored)
      if (sc.option >= 0) candidate[static_cast<std::size_t>(sc.option)] = 1;
    for (std::size_t i = 0; i < n; ++i) {
      if (candidate[i]) continue;
      std::vector<Reason> r = full_reasons(w, pr, i);
      if (!r.empty()) w.rejected.push_back({i, pr.sites[i].id, std::move(r)});
    }
    w.rejected_complete = true;
    if (w.scored.empty()) w.no_candidate_text = no_candidate_text(w.rejected, pr);
    std::stable_sort(
        w.rejected.begin(), w.rejected.end(), [](const Rejection& a, const Rejection& b) {
          return a.reasons.size() != b.reasons.size() ? a.reasons.size() < b.reasons.size()
                                                      : a.site < b.site;
        });
    return w;
  }
  if (w.scored.empty()) {
    // Nothing fits: the parcels on offer nearest to the demand, whatever the index skipped.
    std::vector<std::pair<double, std::size_t>> by_distance;
    by_distance.reserve(pr.available_sites.size());
    for (std::size_t k = 0; k < pr.available_sites.size(); ++k) {
      const double a = pr.available_area[k];
      by_distance.emplace_back(std::max({0.0, p.demand_min - a, a - p.demand_max}),
                               pr.available_sites[k]);
    }
    const std::size_t k = std::min(settings.explain_limit, by_distance.size());
    std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(k),
                      by_distance.end());
    near.clear();
    for (std::size_t j = 0; j < k; ++j) near.push_back({by_distance[j].second, 0});
    w.no_candidate_text = no_candidate_text(w.counts);
  }
  w.rejected = explain(w, pr, std::move(near), settings.explain_limit);
  std::stable_sort(
      w.rejected.begin(), w.rejected.end(), [](const Rejection& a, const Rejection& b) {
        return a.reasons.size() != b.reasons.size() ? a.reasons.size() < b.reasons.size()
                                                    : a.site < b.site;
      });
  return w;
}

/// The candidate behind a scored option, with its terms.
Candidate candidate_of(const Work& w, const Prepared& pr, int option) {
  std::vector<std::size_t> members;
  if (option >= 0) {
    members.push_back(static_cast<std::size_t>(option));
  } else {
    const Group& g = pr.groups[static_cast<std::size_t>(-option - 1)];
    for (int k = 0; k < g.size; ++k)
      members.push_back(static_cast<std::size_t>(g.members[static_cast<std::size_t>(k)]));
  }
  std::vector<detail::Limits> each;
  for (std::size_t m : members) each.push_back(detail::site_limits(w.ctx, m, pr.extra[m]));
  return detail::score(w.ctx, members, pr.sites, pr.extra, pr.zones, detail::merged_limits(each));
}

}  // namespace

std::string reason_label(const std::string& code) {
  static const std::vector<std::pair<std::string, std::string>> kItems = {
      {"expropriation", "征收未完成"},           {"title", "权属不清"},
      {"illegal_buildings", "有违法建筑"},       {"infrastructure", "基础设施未达三通一平"},
      {"planning_conditions", "未出具规划条件"}, {"outside_zone", "不在开发区内"}};
  if (code == "use_other") return "规划用途非工业或仓储用地";
  if (code.rfind("not_ready.", 0) == 0) {
    const std::string item = code.substr(10);
    for (const auto& [k, l] : kItems)
      if (k == item) return "未达供地条件（" + l + "）";
    return "未达供地条件（" + item + "）";
  }
  for (const auto& [c, l] : reason_codes())
    if (c == code) return l;
  return code;
}

const std::vector<std::pair<std::string, std::string>>& reason_codes() {
  static const std::vector<std::pair<std::string, std::string>> kCodes = {
      {"supplied", "已供应"},
      {"not_ready", "未达供地条件"},
      {"farmland", "占用永久基本农田"},
      {"redline", "占用生态保护红线"},
      {"outside_urban", "位于城镇开发边界外"},
      {"use_class", "用途与污染类别不符"},
      {"negative_list", "列入开发区负面清单"},
      {"infrastructure", "基础设施不满足项目要求"},
      {"area_below_demand", "面积小于需求下限"},
      {"area_above_demand", "面积大于需求上限"},
      {"investment_intensity", "投资强度不足"},
      {"tax_per_mu", "亩均税收不足"},
      {"output_per_mu", "亩均产值不足"},
      {"far_below_min", "容积率低于下限"},
      {"far_above_max", "容积率高于上限"},
      {"energy_above_max", "能耗高于标准"},
      {"emission_above_max", "排放高于标准"},
      {"building_coefficient", "建筑系数不足"},
      {"rd_share", "研发投入占比不足"},
  };
  return kCodes;
}

Result analyse(const Inputs& in, const Settings& rules, const Options& opt) {
  if (!in.parcels || !in.status || !in.projects)
    throw Error("tudi match", "parcels, their supply status and the projects are required");
  const std::vector<ProjectSpec>& projects = *in.projects;
  const Progress& progress = opt.progress;
  if (in.status->size() != in.parcels->features.size())
    throw Error(in.parcels->source, "supply status does not cover every parcel");
  Result res;
  res.region = rules.params.region;
  res.rules = rules.path.string();
  res.crs = in.parcels->crs.empty() ? std::string() : in.parcels->crs.label();
  add_field_report(res.fields, in.parcels);
  add_field_report(res.fields, in.zones);
  auto t0 = Clock::now();
  report_progress(progress, 0.0, "准备地块");
  Prepared pr = prepare(in, rules, projects);
  res.stats.prepare_s = seconds_since(t0);
  res.stats.projects = projects.size();
  res.stats.parcels = pr.sites.size();
  res.stats.available = pr.available_sites.size();
  res.stats.pairs = projects.size() * pr.sites.size();
  res.stats.adjacent_pairs = pr.adjacent_pairs;
  res.stats.groups = pr.groups.size();
  for (const ProjectSpec& p : projects)
    if (!p.zone.empty() && std::none_of(pr.zones.begin(), pr.zones.end(), [&](const ZoneInfo& z) {
          return z.id == p.zone || z.name == p.zone;
        }))
      res.warnings.push_back(p.where + ": 意向开发区“" + p.zone + "”不在开发区图层中");

  // Filter and score, projects in parallel, progress between blocks.
  t0 = Clock::now();
  std::vector<Work> work(projects.size());
  const std::size_t block = 32;
  for (std::size_t from = 0; from < projects.size(); from += block) {
    const std::size_t to = std::min(projects.size(), from + block);
    tbb::parallel_for(from, to,
                      [&](std::size_t i) { work[i] = filter_project(projects[i], rules, pr); });
    report_progress(progress,
                    0.1 + 0.7 * static_cast<double>(to) / static_cast<double>(projects.size()),
                    "筛选");
  }
  res.stats.filter_s = seconds_since(t0);

  // The exact assignment over every feasible pair.
  t0 = Clock::now();
  AssignProblem pb;
  pb.projects = static_cast<int>(projects.size());
  // Options numbered as first met; sites index the table directly, groups follow them.
  std::vector<int> option_index(pr.sites.size() + pr.groups.size(), -1);
  std::vector<int> option_key;
  std::size_t edge_count = 0;
  for (const Work& w : work) edge_count += w.scored.size();
  pb.edges.reserve(edge_count);
  for (std::size_t i = 0; i < work.size(); ++i) {
    for (const Scored& sc : work[i].scored) {
      int& index =
          option_index[sc.option >= 0 ? static_cast<std::size_t>(sc.option)
                                      : pr.sites.size() + static_cast<std::size_t>(-sc.option - 1)];
      if (index < 0) {
        index = static_cast<int>(pb.options.size());
        LandOption o;
        if (sc.option >= 0) {
          o.parcels.push_back(sc.option);
        } else {
          const Group& g = pr.groups[static_cast<std::size_t>(-sc.option - 1)];
          o.parcels.assign(g.members.begin(), g.members.begin() + g.size);
        }
        pb.options.push_back(std::move(o));
        option_key.push_back(sc.option);
      }
      const auto weight = std::max<std::int64_t>(1, std::llround(sc.score * kScoreScale));
      pb.edges.push_back({static_cast<int>(i), index, weight});
    }
  }
  res.stats.edges = pb.edges.size();
  for (const Work& w : work) res.stats.evaluated += w.evaluated;
  AssignSolution sol;
  if (opt.assign) {
    report_progress(progress, 0.85, "最优分配");
    sol = solve_assignment(pb, rules.params.max_branch_nodes);
    res.assignment.run = true;
    res.assignment.optimal = sol.optimal;
    res.assignment.total_score = static_cast<double>(sol.total) / kScoreScale;
    res.assignment.greedy_score = static_cast<double>(greedy_assignment(pb).total) / kScoreScale;
    res.assignment.nodes = sol.nodes;
    res.assignment.components = sol.components;
    res.assignment.largest_component = sol.largest_component;
    res.stats.edges_solved = sol.edges_solved;
    if (!sol.optimal)
      res.warnings.push_back(fmt::format(
          "分配搜索达到上限（max_branch_nodes = {}），结果为已找到的最好方案，未证明最优",
          rules.params.max_branch_nodes));
  }
  res.stats.assign_s = seconds_since(t0);

  // Who took each parcel, for the reasons of projects left without land.
  std::unordered_map<std::size_t, std::size_t> taker;
  if (opt.assign)
    for (std::size_t i = 0; i < projects.size(); ++i)
      if (const int e = sol.edge_of_project[i]; e >= 0)
        for (int q :
             pb.options[static_cast<std::size_t>(pb.edges[static_cast<std::size_t>(e)].option)]
                 .parcels)
          taker[static_cast<std::size_t>(q)] = i;

  res.sites = pr.sites;
  res.zones = pr.zones;
  for (std::size_t i = 0; i < projects.size(); ++i) {
    Work& w = work[i];
    ProjectResult pr_out;
    pr_out.project = projects[i];
    pr_out.kind = w.ctx.kind;
    pr_out.library = w.ctx.library;
    if (const auto& inv = w.ctx.library[Indicator::investment]; inv && inv->value > 0)
      pr_out.max_justified_mu = projects[i].investment / inv->value;
    pr_out.candidate_count = w.scored.size();
    pr_out.group_candidate_count = w.groups;
    for (std::size_t k = 0; k < w.scored.size() && k < opt.top; ++k) {
      Candidate c = candidate_of(w, pr, w.scored[k].option);
      c.rank = static_cast<int>(k + 1);
      pr_out.candidates.push_back(std::move(c));
    }
    pr_out.rejected = std::move(w.rejected);
    pr_out.rejected_complete = w.rejected_complete;
    pr_out.rejected_counts.insert(w.counts.begin(), w.counts.end());
    if (opt.assign) {
      if (const int e = sol.edge_of_project[i]; e >= 0) {
        const int key =
            option_key[static_cast<std::size_t>(pb.edges[static_cast<std::size_t>(e)].option)];
        Candidate c = candidate_of(w, pr, key);
        for (std::size_t k = 0; k < w.scored.size(); ++k)
          if (w.scored[k].option == key) c.rank = static_cast<int>(k + 1);
        pr_out.assigned = std::move(c);
        ++res.assignment.assigned;
      } else {
        ++res.assignment.unassigned;
        if (w.scored.empty()) {
          pr_out.unassigned_code = "no_candidate";
          pr_out.unassigned_reason = w.no_candidate_text;
        } else {
          pr_out.unassigned_code = "taken_by_others";
          std::string taken;
          for (std::size_t k = 0; k < w.scored.size() && k < 3; ++k) {
            const Candidate c = candidate_of(w, pr, w.scored[k].option);
            std::string by;
            for (std::size_t m : c.sites)
              if (auto it = taker.find(m); it != taker.end()) by = projects[it->second].id;
            taken += (taken.empty() ? "" : "；") +
                     fmt::format("{} 已分配给 {}", fmt::join(c.parcel_ids, "+"), by);
          }
          pr_out.unassigned_reason =
              fmt::format("{} 个候选地块（组）均已分配给其他项目，这样总分最高（{}{}）",
                          w.scored.size(), taken, w.scored.size() > 3 ? "；…" : "");
        }
      }
    }
    res.projects.push_back(std::move(pr_out));
  }
  report_progress(progress, 1.0, "完成");
  return res;
}

Result run(const Project& project, const std::filesystem::path& projects_file, const Options& opt,
           Layer* parcels_out) {
  project.need("parcels", "match");
  ProjectLayers layers = load_layers(project, {"parcels", "redline", "farmland", "urban", "zones"},
                                     scaled(opt.progress, 0, 0.4));
  Options rest = opt;
  rest.progress = scaled(opt.progress, 0.4, 1.0);
  Result res = run(project, layers, projects_file, rest);
  if (parcels_out) *parcels_out = std::move(layers.layers.at("parcels"));
  return res;
}

Result run(const Project& project, const ProjectLayers& layers,
           const std::filesystem::path& projects_file, const Options& opt) {
  const supply::Result supply = supply::analyse(supply::inputs_from(layers),
                                                supply::load_settings(project),
                                                {scaled(opt.progress, 0, 0.5)});
  Options rest = opt;
  rest.progress = scaled(opt.progress, 0.5, 1.0);
  return run(project, layers, supply, projects_file, rest);
}

Result run(const Project& project, const ProjectLayers& layers, const supply::Result& supply,
           const std::filesystem::path& projects_file, const Options& opt) {
  const Settings rules = load_settings(project, opt.region);
  const std::vector<ProjectSpec> projects = read_projects(projects_file);
  const supply::Inputs sin = supply::inputs_from(layers);
  Inputs in;
  in.parcels = sin.parcels;
  in.zones = sin.zones;
  in.status = &supply.parcels;
  in.projects = &projects;
  Result res = analyse(in, rules, opt);
  res.crs_why = layers.crs_why;
  // The control lines decide readiness through supply's status; batches play no part.
  for (const auto& [role, report] : supply.fields)
    if (role != "approvals") res.fields[role].merge(report);
  for (const std::string& role : supply.not_checked) {
    if (role == "approvals") continue;  // batches play no part in matching
    const Role* r = find_role(role);
    res.warnings.push_back("未配置" + (r ? std::string(r->alias) : role) + "图层：相应条件未核查");
  }
  for (const std::string& w : supply.warnings) res.warnings.push_back(w);
  return res;
}

}  // namespace tudi::match
