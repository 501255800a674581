#pragma once
// Hand-built scenes for the match tests: parcels as rectangles in CGCS2000 3° zone 38
// (EPSG:4526) sized in 亩, a small explicit rule pack, and projects built in code.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "layer_fixtures.hpp"
#include "tudi/layer/layer.hpp"
#include "tudi/core/units.hpp"
#include "tudi/match/match.hpp"

namespace tudi::test {

inline constexpr double kX0 = 38500000;  // easting with the zone prefix, on the central meridian
inline constexpr double kY0 = 3900000;

/// WKT of an axis-aligned rectangle in metres from (kX0, kY0).
inline std::string box(double x, double y, double w, double h) {
  return rectangle_wkt(kX0 + x, kY0 + y, w, h);
}
/// A rectangle 100 m deep (north-south) of `mu` 亩, its west edge at x.
inline std::string lot(double x, double mu, double y = 0) {
  return box(x, y, units::mu_to_m2(mu) / 100.0, 100);
}
inline double lot_width(double mu) {
  return units::mu_to_m2(mu) / 100.0;
}

/// A layer of `role` in EPSG:4526 (see layer_fixtures.hpp).
inline Layer make_layer(const std::string& role, const std::vector<std::string>& fields) {
  return canonical_layer(role, fields, 4526);
}

inline const std::vector<std::string> kParcelFields = {"id",
                                                       "name",
                                                       "planned_use",
                                                       "expropriated",
                                                       "title_clear",
                                                       "infrastructure",
                                                       "planning_conditions",
                                                       "supply_date",
                                                       "supply_type",
                                                       "firm",
                                                       "industry",
                                                       "std_investment",
                                                       "std_tax",
                                                       "std_far_min",
                                                       "std_far_max",
                                                       "std_energy",
                                                       "std_emission_intensity",
                                                       "std_emission"};

/// A ready parcel (净地) of the given use and infrastructure.
inline std::map<std::string, Value> ready(const std::string& id, const std::string& use = "100102",
                                          const std::string& infra = "五通一平") {
  return {{"id", id},
          {"planned_use", use},
          {"expropriated", "是"},
          {"title_clear", "是"},
          {"infrastructure", infra},
          {"planning_conditions", "是"}};
}

/// A rule pack small enough to reason about: one region, investment 150 and tax 8 万元/亩,
/// FAR 1.0–2.0, energy ≤ 0.5; planar areas so sizes in the tests are exact.
inline const char* kRules = R"(
[settings]
region = "test"
area = "planar"
explain_all_below = 1000
extra_hard_filters = ["energy", "output", "building_coefficient", "rd_share"]
[sources]
t = "test values"
[[regions]]
id = "test"
[[indicators]]
region = "test"
industry = "*"
investment = 150.0
tax = 8.0
far_min = 1.0
far_max = 2.0
energy = 0.5
sources = { investment = "t", tax = "t", far_min = "t", far_max = "t", energy = "t" }
[[use_classes]]
code = "100101"
name = "一类工业用地"
kind = "industrial"
max_pollution = 1
[[use_classes]]
code = "100102"
name = "二类工业用地"
kind = "industrial"
max_pollution = 2
[[use_classes]]
code = "100103"
name = "三类工业用地"
kind = "industrial"
max_pollution = 3
[[use_classes]]
code = "110101"
name = "一类物流仓储用地"
kind = "storage"
max_pollution = 1
[[project_kinds]]
industries = ["G59"]
kind = "storage"
[[chains]]
name = "电子信息"
codes = ["C39"]
keywords = ["电子"]
[[chains]]
name = "化工"
codes = ["C26"]
keywords = ["化工"]
)";

inline match::Settings rules(const std::string& extra = {}) {
  RulePack pack;
  pack.path = "test_rules.toml";
  pack.table = toml::parse(std::string(kRules) + extra);
  return match::load_settings(pack);
}

/// A project that fits a 100 亩 ready parcel with room to spare on every indicator.
inline match::ProjectSpec project(const std::string& id, double dmin = 90, double dmax = 110) {
  match::ProjectSpec p;
  p.id = id;
  p.name = "项目" + id;
  p.industry = "C3981";
  p.industry_text = "C3981";
  p.pollution = 2;
  p.investment = 30000;  // 300 万元/亩 on 100 亩
  p.tax = 1600;          // 16 万元/亩
  p.demand_min = dmin;
  p.demand_max = dmax;
  p.far = 1.5;
  p.energy = 0.3;
  p.where = "test:" + id;
  return p;
}

}  // namespace tudi::test
