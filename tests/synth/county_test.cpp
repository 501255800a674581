// The demo county in memory: deterministic, every role's fields present, and every case the
// analyses must find really there (checked here with independent, simple geometry and rules).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "tudi/core/roles.hpp"
#include "tudi/core/units.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/synth/build.hpp"
#include "tudi/synth/synth.hpp"

namespace tudi::synth {
namespace {

const County& county() {
  static const County c = make_county(kDemoSeed);
  return c;
}

std::vector<const Layer*> layers(const County& c) {
  return {&c.urban, &c.zones, &c.redline, &c.farmland, &c.landuse, &c.approvals, &c.parcels,
          &c.proposals};
}

const Feature& by_id(const Layer& l, const std::string& id) {
  for (const Feature& f : l.features)
    if (l.text(f, "id") == id) return f;
  throw std::runtime_error(l.name + " has no feature " + id);
}

double overlap(const geom::Geometry& a, const geom::Geometry& b) {
  if (!geom::envelope(a).intersects(geom::envelope(b))) return 0;
  return geom::area(geom::intersection(geom::make_valid(a), geom::make_valid(b)));
}
double overlap(const geom::Geometry& g, const Layer& l) {
  double sum = 0;
  for (const Feature& f : l.features) sum += overlap(g, f.geometry);
  return sum;
}
geom::Geometry union_of(const Layer& l) {
  std::vector<geom::Geometry> parts;
  for (const Feature& f : l.features) parts.push_back(geom::make_valid(f.geometry));
  return geom::unary_union(geom::collect(std::move(parts)));
}
double outside(const geom::Geometry& g, const geom::Geometry& area) {
  return geom::area(geom::difference(geom::make_valid(g), area));
}

// --- dates as bureaus type them, parsed the simple way (a test-side reference)
std::optional<Date> parse_any(const std::string& s) {
  Date d;
  if (std::sscanf(s.c_str(), "%d-%d-%d", &d.y, &d.m, &d.d) == 3 && s.size() == 10) return d;
  if (std::sscanf(s.c_str(), "%d/%d/%d", &d.y, &d.m, &d.d) == 3) return d;
  if (std::sscanf(s.c_str(), "%d.%d.%d", &d.y, &d.m, &d.d) == 3 && s.find('.') == 4) return d;
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), ::isdigit))
    return Date{std::stoi(s.substr(0, 4)), std::stoi(s.substr(4, 2)), std::stoi(s.substr(6, 2))};
  if (s.size() == 5 && std::all_of(s.begin(), s.end(), ::isdigit))
    return civil_from_days(std::stoll(s) - 25569);
  return std::nullopt;
}
std::int64_t days(Date d) { return days_from_civil(d); }

/// Idle-land status under 国土资源部令第53号 at the as-of date (DOMAIN §7), simply.
std::string idle_status(const Layer& l, const Feature& f) {
  const Date as_of = parse_iso(kAsOf);
  if (!l.text(f, "government_cause").empty()) return "government_cause";
  const auto agreed = parse_any(l.text(f, "agreed_start"));
  const auto started = parse_any(l.text(f, "actual_start"));
  const auto suspended = parse_any(l.text(f, "suspended_since"));
  if (!started) {
    if (!agreed) return "unknown";
    if (days(as_of) >= days(add_months(*agreed, 24))) return "idle_2y";
    if (days(as_of) >= days(add_months(*agreed, 12))) return "idle_1y";
    if (days(as_of) >= days(*agreed)) return "warning";
    return "in_use";
  }
  if (suspended && days(as_of) >= days(add_months(*suspended, 12))) {
    const auto dev = l.number(f, "developed_share"), inv = l.number(f, "invested_share");
    if (!dev || !inv) return "unknown";
    if (*dev < 100.0 / 3 || *inv < 25) return "idle_suspended";
  }
  return "in_use";
}

TEST(SynthCounty, SameSeedSameCounty) {
  const County again = make_county(kDemoSeed);
  const auto a = layers(county()), b = layers(again);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i]->features.size(), b[i]->features.size()) << a[i]->name;
    for (std::size_t k = 0; k < a[i]->features.size(); ++k) {
      EXPECT_EQ(geom::to_wkb(a[i]->features[k].geometry), geom::to_wkb(b[i]->features[k].geometry))
          << a[i]->name << " feature " << k;
      EXPECT_EQ(a[i]->features[k].values, b[i]->features[k].values) << a[i]->name << " " << k;
    }
  }
  EXPECT_EQ(county().projects_csv, again.projects_csv);
  EXPECT_EQ(county().scenario_toml, again.scenario_toml);
}

TEST(SynthCounty, OtherSeedOtherShapes) {
  const County other = make_county(7);
  EXPECT_NE(geom::to_wkb(other.farmland.features[5].geometry),
            geom::to_wkb(county().farmland.features[5].geometry));
  // The designed cases do not depend on the seed.
  EXPECT_EQ(other.parcels.features.size(), county().parcels.features.size());
  EXPECT_EQ(other.proposals.features.size(), county().proposals.features.size());
}

TEST(SynthCounty, EveryLayerHasEveryFieldOfItsRole) {
  for (const Layer* l : layers(county())) {
    const Role* role = find_role(l->role);
    ASSERT_NE(role, nullptr) << l->name;
    for (const CanonicalField& f : role->fields)
      EXPECT_TRUE(l->has(f.name)) << l->name << " lacks " << f.name << " (" << f.alias << ")";
    EXPECT_EQ(l->crs.epsg(), 4526);
  }
}

TEST(SynthCounty, PlausibleCountyAroundXinxiang) {
  const Envelope e = county().landuse.extent();
  EXPECT_NEAR(e.width(), 20000, 1);
  EXPECT_NEAR(e.height(), 20000, 1);
  EXPECT_GE(county().farmland.features.size(), 300u);
  EXPECT_LE(county().farmland.features.size(), 1000u);
  EXPECT_GE(county().parcels.features.size(), 60u);
  EXPECT_LE(county().parcels.features.size(), 120u);
  EXPECT_EQ(county().zones.features.size(), 4u);
  EXPECT_EQ(county().approvals.features.size(), 9u);
  // TBDLMJ = TBMJ − KCMJ, and TBMJ is the ellipsoidal area (a little under the planar one
  // this close to the central meridian).
  const Layer& fl = county().farmland;
  for (const Feature& f : fl.features) {
    const double tbmj = *fl.number(f, "area");
    const double kcmj = *to_number(f.values[static_cast<std::size_t>(fl.field_index("KCMJ"))]);
    EXPECT_NEAR(*fl.number(f, "class_area"), tbmj - kcmj, 0.011);
    EXPECT_LE(*fl.number(f, "farmland_area"), *fl.number(f, "class_area") + 1e-9);
    if (geom::invalid_reason(f.geometry).empty()) {
      EXPECT_LE(tbmj, geom::area(f.geometry) + 0.01);
      EXPECT_NEAR(tbmj, geom::area(f.geometry), geom::area(f.geometry) * 1e-4);
    }
  }
  std::set<std::string> classes;
  for (const Feature& f : fl.features) classes.insert(fl.text(f, "land_class"));
  EXPECT_EQ(classes, (std::set<std::string>{"0101", "0102", "0103"}));
}

TEST(SynthCounty, DeliberatelyInvalidPolygons) {
  auto invalid = [](const Layer& l) {
    int n = 0;
    for (const Feature& f : l.features) n += !geom::invalid_reason(f.geometry).empty();
    return n;
  };
  EXPECT_EQ(invalid(county().farmland), 2);
  EXPECT_EQ(invalid(county().parcels), 1);
  EXPECT_EQ(invalid(county().proposals), 1);
  EXPECT_FALSE(geom::invalid_reason(by_id(county().proposals, "XM2026-007").geometry).empty());
  EXPECT_FALSE(geom::invalid_reason(by_id(county().parcels, "JK-04").geometry).empty());
  EXPECT_EQ(invalid(county().urban) + invalid(county().zones) + invalid(county().redline) +
                invalid(county().landuse) + invalid(county().approvals),
            0);
}

TEST(SynthCounty, FarmlandTilesWithoutOverlapAndKeepsOffRedLineAndTowns) {
  const Layer& fl = county().farmland;
  std::vector<geom::Geometry> valid;
  double sum = 0;
  for (const Feature& f : fl.features)
    if (geom::invalid_reason(f.geometry).empty()) {
      sum += geom::area(f.geometry);
      valid.push_back(geom::clone(f.geometry));
    }
  const double united = geom::area(geom::unary_union(geom::collect(std::move(valid))));
  EXPECT_NEAR(united, sum, sum * 1e-9);
  EXPECT_NEAR(overlap(union_of(fl), union_of(county().redline)), 0, 1e-6);
  // Only the four plots of the 经开区 enclave lie inside the urban boundary.
  int in_town = 0;
  const geom::Geometry urban = union_of(county().urban);
  for (const Feature& f : fl.features) in_town += overlap(f.geometry, urban) > 0.01;
  EXPECT_EQ(in_town, 4);
}

TEST(SynthCounty, LandUseCoversTheCountyOnce) {
  double sum = 0;
  for (const Feature& f : county().landuse.features) sum += geom::area(f.geometry);
  // Exact but for the millimetre rounding where the river cuts the grid.
  EXPECT_NEAR(sum, 20000.0 * 20000.0, 50.0);
  EXPECT_NEAR(geom::area(union_of(county().landuse)), 20000.0 * 20000.0, 50.0);
}

TEST(SynthCounty, ProposalCasesForTheCheck) {
  const County& c = county();
  const geom::Geometry urban = union_of(c.urban);
  auto p = [&](const char* id) -> const geom::Geometry& { return by_id(c.proposals, id).geometry; };
  auto in_zone = [&](const geom::Geometry& g) {
    for (const Feature& z : c.zones.features)
      if (geom::covers(z.geometry, g)) return true;
    return false;
  };
  // 001: clean, inside the urban boundary and a zone.
  EXPECT_EQ(overlap(p("XM2026-001"), c.farmland), 0);
  EXPECT_EQ(overlap(p("XM2026-001"), c.redline), 0);
  EXPECT_EQ(outside(p("XM2026-001"), urban), 0);
  EXPECT_TRUE(in_zone(p("XM2026-001")));
  // 002: farmland of several land classes, partly outside the urban boundary.
  std::map<std::string, double> by_class;
  for (const Feature& f : c.farmland.features)
    if (const double a = overlap(p("XM2026-002"), f.geometry); a > 0)
      by_class[c.farmland.text(f, "land_class")] += a;
  EXPECT_EQ(by_class.size(), 3u);
  EXPECT_GT(outside(p("XM2026-002"), urban), 1000);
  EXPECT_GT(geom::area(p("XM2026-002")) - outside(p("XM2026-002"), urban), 1000);
  // 003: red line.
  EXPECT_GT(overlap(p("XM2026-003"), c.redline), 10000);
  // 004: shares an edge with a farmland plot: touches, zero overlap.
  int touching = 0;
  for (const Feature& f : c.farmland.features) {
    if (!geom::intersects(p("XM2026-004"), f.geometry)) continue;
    EXPECT_EQ(geom::area(geom::intersection(p("XM2026-004"), f.geometry)), 0);
    const geom::Geometry line = geom::intersection(p("XM2026-004"), f.geometry);
    if (geom::length(line) > 100) ++touching;
  }
  EXPECT_EQ(touching, 1);
  // 005: a digitising sliver under 1 m².
  const double sliver = overlap(p("XM2026-005"), c.farmland);
  EXPECT_GT(sliver, 0.05);
  EXPECT_LT(sliver, 1.0);
  // 006: partly outside the urban boundary, nothing else.
  EXPECT_GT(outside(p("XM2026-006"), urban), 1000);
  EXPECT_LT(outside(p("XM2026-006"), urban), geom::area(p("XM2026-006")) - 1000);
  EXPECT_EQ(overlap(p("XM2026-006"), c.farmland) + overlap(p("XM2026-006"), c.redline), 0);
  // 008: a road across the red line and farmland.
  EXPECT_GT(overlap(p("XM2026-008"), c.redline), 1000);
  EXPECT_GT(overlap(p("XM2026-008"), c.farmland), 1000);
  // 009: inside the urban boundary, in no zone.
  EXPECT_EQ(outside(p("XM2026-009"), urban), 0);
  EXPECT_EQ(overlap(p("XM2026-009"), c.zones), 0);
  // 010: reaches the 太行山 core zone.
  double core = 0;
  for (const Feature& f : c.redline.features)
    if (c.redline.text(f, "control") == "核心保护区") core += overlap(p("XM2026-010"), f.geometry);
  EXPECT_GT(core, 1000);
}

TEST(SynthCounty, TxtFilesCarryTheSameBoundaries) {
  const County& c = county();
  ASSERT_EQ(c.txt.size(), c.proposals.features.size() + 1);
  for (std::size_t i = 0; i < c.proposals.features.size(); ++i) {
    EXPECT_EQ(c.txt[i].first, c.proposals.text(c.proposals.features[i], "id") + ".txt");
    EXPECT_EQ(geom::to_wkb(c.txt[i].second.features.at(0).geometry),
              geom::to_wkb(c.proposals.features[i].geometry));
  }
  const Layer& batch = c.txt.back().second;
  ASSERT_EQ(batch.features.size(), 3u);
  int holes = 0;
  geom::for_each_ring(batch.features[1].geometry, [&](int, int ring, auto) { holes += ring > 0; });
  EXPECT_EQ(holes, 1);
}

TEST(SynthCounty, ParcelsCoverEveryIdleStatus) {
  const Layer& l = county().parcels;
  std::map<std::string, int> status;
  int supplied = 0, unsupplied = 0;
  for (const Feature& f : l.features) {
    if (l.text(f, "supply_date").empty()) {
      ++unsupplied;
      continue;
    }
    ++supplied;
    ++status[idle_status(l, f)];
  }
  EXPECT_GE(supplied, 40);
  EXPECT_GE(unsupplied, 25);
  for (const char* s : {"idle_2y", "idle_1y", "idle_suspended", "government_cause", "warning",
                        "in_use", "unknown"})
    EXPECT_GE(status[s], 1) << s;
  // The legal boundaries, at the as-of date 2026-11-22.
  EXPECT_EQ(idle_status(l, by_id(l, "JK-33")), "idle_2y");   // agreed 2024-11-22
  EXPECT_EQ(idle_status(l, by_id(l, "JK-38")), "idle_1y");   // agreed 2025-11-22
  EXPECT_EQ(idle_status(l, by_id(l, "JK-40")), "warning");   // agreed 2025-11-23
  EXPECT_EQ(idle_status(l, by_id(l, "JK-34")), "idle_1y");   // Excel serial dates
  EXPECT_EQ(l.text(by_id(l, "JK-44"), "agreed_start"), "待定");
  EXPECT_GT(*l.number(by_id(l, "JK-34"), "land_price"), 0);  // the idle fee needs it
}

TEST(SynthCounty, ParcelsTypeDatesInEveryFormatAndCarryDataErrors) {
  const Layer& l = county().parcels;
  std::set<std::string> formats;
  bool over_100 = false, start_before_supply = false;
  for (const Feature& f : l.features) {
    const std::string s = l.text(f, "supply_date");
    if (s.empty()) continue;
    formats.insert(s.find('/') != std::string::npos   ? "slash"
                   : s.find('.') != std::string::npos ? "dot"
                   : s.find('-') != std::string::npos ? "iso"
                   : s.size() == 8                    ? "compact"
                                                      : "excel");
    ASSERT_TRUE(parse_any(s)) << s;
    over_100 = over_100 || l.number(f, "developed_share").value_or(0) > 100;
    const auto start = parse_any(l.text(f, "actual_start"));
    start_before_supply = start_before_supply || (start && days(*start) < days(*parse_any(s)));
  }
  EXPECT_EQ(formats, (std::set<std::string>{"iso", "slash", "dot", "compact", "excel"}));
  EXPECT_TRUE(over_100);
  EXPECT_TRUE(start_before_supply);
}

/// What keeps an unsupplied parcel from being supplied now (DOMAIN §7), simply.
std::vector<std::string> readiness_reasons(const County& c, const Feature& f) {
  static const geom::Geometry urban = union_of(c.urban);
  static const geom::Geometry zones = union_of(c.zones);
  const Layer& l = c.parcels;
  std::vector<std::string> why;
  if (!to_flag(l.get(f, "expropriated")).value_or(false)) why.push_back("expropriation");
  if (!to_flag(l.get(f, "title_clear")).value_or(false)) why.push_back("title");
  const std::string infra = l.text(f, "infrastructure");
  for (const char* item : {"供水", "供电", "道路", "场地平整"})
    if (infra.find(item) == std::string::npos) {
      why.push_back("infrastructure");
      break;
    }
  if (!to_flag(l.get(f, "planning_conditions")).value_or(false)) why.push_back("planning");
  const std::string use = l.text(f, "planned_use");
  if (!use.starts_with("1001") && !use.starts_with("1101")) why.push_back("use");
  if (overlap(f.geometry, c.farmland) > 0) why.push_back("farmland");
  if (overlap(f.geometry, c.redline) > 0) why.push_back("redline");
  if (outside(f.geometry, urban) > 0.01) why.push_back("outside_urban");
  if (overlap(f.geometry, zones) == 0) why.push_back("no_zone");
  return why;
}

TEST(SynthCounty, ParcelsCoverEveryReadinessReason) {
  const County& c = county();
  const Layer& l = c.parcels;
  std::map<std::string, int> reasons;
  int ready = 0, standard = 0;
  for (const Feature& f : l.features) {
    if (!l.text(f, "supply_date").empty()) continue;
    const std::vector<std::string> why = readiness_reasons(c, f);
    for (const std::string& w : why) ++reasons[w];
    if (why.empty()) (l.number(f, "std_investment") ? standard : ready)++;
  }
  for (const char* r : {"expropriation", "title", "infrastructure", "planning", "use", "farmland",
                        "redline", "outside_urban", "no_zone"})
    EXPECT_GE(reasons[r], 1) << r;
  EXPECT_GE(ready, 4);
  EXPECT_GE(standard, 6);
  // The farmland case overlaps farmland and nothing else is wrong with it; the same for the
  // case outside every zone.
  EXPECT_EQ(readiness_reasons(c, by_id(l, "JK-10")), std::vector<std::string>{"farmland"});
  EXPECT_EQ(readiness_reasons(c, by_id(l, "CQ-01")), std::vector<std::string>{"no_zone"});
  EXPECT_EQ(readiness_reasons(c, by_id(l, "JK-28")), std::vector<std::string>{"outside_urban"});
  EXPECT_EQ(readiness_reasons(c, by_id(l, "LL-15")),
            (std::vector<std::string>{"redline", "outside_urban"}));
}

TEST(SynthCounty, TwoAdjacentStandardParcelsOfAbout80Mu) {
  const Layer& l = county().parcels;
  const Feature& a = by_id(l, "GX-09");
  const Feature& b = by_id(l, "GX-10");
  for (const Feature* f : {&a, &b}) {
    EXPECT_NEAR(units::m2_to_mu(geom::area(f->geometry)), 80, 2);
    EXPECT_TRUE(l.number(*f, "std_investment").has_value());
    EXPECT_TRUE(l.text(*f, "supply_date").empty());
  }
  const geom::Geometry both = geom::unite(a.geometry, b.geometry);
  EXPECT_EQ(geom::num_parts(both), 1);
  EXPECT_GE(units::m2_to_mu(geom::area(both)), 150);
  // No single ready parcel is large enough for a 150 亩 project on its own.
  for (const Feature& f : l.features) {
    if (l.text(f, "supply_date").empty() && readiness_reasons(county(), f).empty()) {
      EXPECT_LT(units::m2_to_mu(geom::area(f.geometry)), 150) << l.text(f, "id");
    }
  }
}

TEST(SynthCounty, SupplyRateNearButBelowSixtyPercent) {
  const County& c = county();
  std::vector<geom::Geometry> supplied_parts;
  for (const Feature& f : c.parcels.features)
    if (!c.parcels.text(f, "supply_date").empty())
      supplied_parts.push_back(geom::make_valid(f.geometry));
  const geom::Geometry supplied = geom::unary_union(geom::collect(std::move(supplied_parts)));
  const std::int64_t as_of = days(parse_iso(kAsOf));
  const std::int64_t window_start = days(add_months(parse_iso(kAsOf), -60));
  double approved_w = 0, supplied_w = 0, approved_all = 0, supplied_all = 0;
  int full = 0, partly = 0, none = 0;
  for (const Feature& f : c.approvals.features) {
    const double a = geom::area(f.geometry);
    const double s = overlap(f.geometry, supplied);
    const std::int64_t d = days(parse_iso(c.approvals.text(f, "approval_date")));
    approved_all += a;
    supplied_all += s;
    if (d > window_start && d <= as_of) {
      approved_w += a;
      supplied_w += s;
    }
    if (s > a - 0.01) ++full;
    else if (s > 0) ++partly;
    else ++none;
    EXPECT_NEAR(*c.approvals.number(f, "approved_area"), a / 10000, a / 10000 * 1e-4);
  }
  EXPECT_GE(full, 2);
  EXPECT_GE(partly, 2);
  EXPECT_GE(none, 1);
  const double rate = supplied_w / approved_w;
  EXPECT_GT(rate, 0.52);
  EXPECT_LT(rate, 0.58);
  EXPECT_GT(supplied_all / approved_all, 0.62);  // counting old batches wrongly passes the line
}

TEST(SynthCounty, InefficientBuiltLandExists) {
  const Layer& l = county().parcels;
  int low = 0, good = 0;
  for (const Feature& f : l.features) {
    if (l.text(f, "completed").empty() || !l.text(f, "planned_use").starts_with("1")) continue;
    const double m2 = geom::area(f.geometry);
    const double far = l.number(f, "floor_area").value_or(0) / m2;
    const double tax_mu = l.number(f, "tax").value_or(0) / units::m2_to_mu(m2);
    (far < 0.6 && tax_mu < 5 ? low : good)++;
  }
  EXPECT_GE(low, 4);
  EXPECT_GE(good, 10);
}

}  // namespace
}  // namespace tudi::synth
