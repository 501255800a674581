#pragma once
// A scene: parcels (and optionally zones and control lines) run through the supply analysis
// for readiness, then matched.

#include "fixtures.hpp"
#include "tudi/match/match.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::test {

class MatchScene : public ::testing::Test {
 protected:
  Layer parcels = make_layer("parcels", kParcelFields);
  Layer zones = make_layer("zones", {"id", "name", "lead_industries", "negative_list"});
  Layer farmland = make_layer("farmland", {"id"});
  Layer urban = make_layer("urban", {"id"});
  bool use_zones = false, use_farmland = false, use_urban = false;
  match::Settings match_rules = rules();
  match::Options options;
  supply::Result supply_result;

  match::Result run(const std::vector<match::ProjectSpec>& projects) {
    supply::Inputs sin;
    sin.parcels = &parcels;
    if (use_zones) sin.zones = &zones;
    if (use_farmland) sin.farmland = &farmland;
    if (use_urban) sin.urban = &urban;
    supply::Settings s;
    s.as_of = *Date::from_ymd(2026, 6, 1);
    supply_result = supply::analyse(sin, s);
    match::Inputs in;
    in.parcels = &parcels;
    in.zones = use_zones ? &zones : nullptr;
    in.status = &supply_result.parcels;
    in.projects = &projects;
    return match::analyse(in, match_rules, options);
  }
  static const match::ProjectResult& of(const match::Result& r, const std::string& id) {
    for (const auto& p : r.projects)
      if (p.project.id == id) return p;
    throw std::runtime_error("no project " + id);
  }
  /// The reason codes given for one parcel against one project (empty if it is a candidate).
  static std::vector<std::string> codes(const match::Result& r, const std::string& project,
                                        const std::string& parcel) {
    std::vector<std::string> out;
    for (const auto& rj : of(r, project).rejected)
      if (rj.parcel_id == parcel)
        for (const auto& x : rj.reasons) out.push_back(x.code);
    return out;
  }
  static bool is_candidate(const match::Result& r, const std::string& project,
                           const std::string& parcel) {
    for (const auto& c : of(r, project).candidates)
      if (c.parcel_ids == std::vector<std::string>{parcel}) return true;
    return false;
  }
};

}  // namespace tudi::test
