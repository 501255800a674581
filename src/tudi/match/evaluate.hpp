#pragma once
// Internal to src/tudi/match: the hard filters and the score of one project against one site or
// merged group, shared by the indexed search and the full explanations.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/match/match.hpp"

namespace tudi::match::detail {

/// Comparisons at a threshold: exactly at the threshold passes. The relative 1e-9 absorbs
/// floating-point noise only (an area of 80 亩 computed from coordinates is 79.99999999997).
bool at_least(double value, double threshold);
bool at_most(double value, double threshold);

/// A figure as planners read it: at most `decimals` places, trailing zeros dropped (150, 1.5).
std::string number_text(double v, int decimals = 2);
/// A pollution class as planners write it: 1 → "一类", 2 → "二类", 3 → "三类".
std::string pollution_text(int pollution);

/// What a site carries besides the Site itself: its own published indicators, the reasons that
/// hold for every project (supplied, not ready, control-line conflicts), neighbours by chain.
struct SiteExtra {
  /// The published values that bind the site: the parcel's std_* values, and where it has none
  /// of an indicator, its zone's (DOMAIN §8: the zone's before the county defaults).
  std::array<std::optional<double>, kIndicators> own;
  std::array<bool, kIndicators> from_zone{};  // own[i] is the zone's, not the parcel's
  std::string zone_name;                      // that zone
  std::string emission;                       // 排放要求 (text), the parcel's or else its zone's
  std::vector<Reason> fixed;                    // project-independent failures, in filter order
  bool supplied = false;                        // fixed starts with "supplied"
  std::vector<std::uint16_t> chain_neighbours;  // same-chain firms within the radius, per chain
};

/// A project with everything about it that does not depend on the site.
struct ProjectContext {
  const ProjectSpec* project = nullptr;
  const Settings* rules = nullptr;
  std::string kind;
  Thresholds library;
  std::vector<int> chains;
  std::vector<char> zone_negative;   // per zone: the industry is on the zone's negative list
  std::vector<double> zone_lead;     // per zone: 1 lead industry, share for a same-chain match, 0
  std::vector<char> zone_preferred;  // per zone: the project's preferred zone
};

ProjectContext make_context(const ProjectSpec& p, const Settings& rules,
                            const std::vector<ZoneInfo>& zones);

/// The numbers of the thresholds that apply to a site or group, for checking many pairs fast
/// (no strings); where each came from is kept as the site whose published value it is.
struct Limits {
  std::array<double, kIndicators> value{};
  std::array<bool, kIndicators> has{};
  std::array<int, kIndicators> site{};  // index into the sites; -1 = the library's value
  std::array<bool, kIndicators> zone{};  // the site's value is its zone's
  /// A published value (the site's or its zone's) binds; the library's only when the settings
  /// make it a hard filter.
  bool binding(Indicator i, const Parameters& s) const {
    const auto k = static_cast<std::size_t>(i);
    return has[k] && (site[k] >= 0 || s.hard(i));
  }
  std::optional<double> get(Indicator i) const {
    const auto k = static_cast<std::size_t>(i);
    return has[k] ? std::optional(value[k]) : std::nullopt;
  }
};

/// The site's limits: its own (or its zone's) published values over the library's.
Limits site_limits(const ProjectContext& c, std::size_t site, const SiteExtra& x);
/// The limits of several sites merged: the strictest of each.
Limits merged_limits(const std::vector<Limits>& each);
/// The limits as Thresholds with their sources, for the result.
Thresholds to_thresholds(const ProjectContext& c, const Limits& l, const std::vector<Site>& sites,
                         const std::vector<SiteExtra>& extra);

/// Where filter failures go. Checking a pair many times over wants no text: `out` null and
/// `stop` set returns at the first failure; explaining wants every reason with its text.
struct Sink {
  std::vector<Reason>* out = nullptr;  // explanations, when wanted
  bool stop = false;                   // stop at the first failure
  int failures = 0;
  std::string_view first;  // code of the first failure (a literal or a fixed reason's)
  /// Records a failure; `make` builds the Reason only when explanations are wanted. Returns
  /// false when the caller should stop.
  template <class Make>
  bool fail(std::string_view code, Make&& make) {
    if (failures++ == 0) first = code;
    if (out) out->push_back(make());
    return !stop;
  }
};

/// Filters that look at one parcel regardless of area: fixed reasons, use class, negative list,
/// infrastructure. False when the caller should not go on to the area filters: it asked to
/// stop at the first failure, or the parcel is already supplied (nothing else matters then).
bool member_reasons(const ProjectContext& c, const Site& s, const SiteExtra& x,
                    const std::vector<ZoneInfo>& zones, Sink& sink);
/// Filters on the (merged) area and the indicators.
void area_reasons(const ProjectContext& c, double area_mu, const Limits& t, Sink& sink);

/// The score of a site or group that passed every filter, broken down by term; with `details`
/// false only the score and the points are filled (no text), which is what ranking needs.
Candidate score(const ProjectContext& c, std::span<const std::size_t> members,
                const std::vector<Site>& sites, const std::vector<SiteExtra>& extra,
                const std::vector<ZoneInfo>& zones, const Limits& t, bool details = true);

}  // namespace tudi::match::detail
