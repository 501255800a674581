#pragma once
// The rule pack of `tudi match` (rules/standard_land.toml): the standard-land indicator library by
// region and industry, use classes, industry chains, score weights and settings.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/project/rules.hpp"

namespace tudi {
struct Project;
}

namespace tudi::match {

/// The numeric standard-land indicators (DOMAIN §8). Minimums unless noted.
enum class Indicator {
  investment,            // 固定资产投资强度, 万元/亩
  tax,                   // 亩均税收, 万元/亩
  output,                // 亩均产值, 万元/亩
  far_min,               // 容积率下限
  far_max,               // 容积率上限 (maximum)
  energy,                // 单位增加值能耗, 吨标煤/万元 (maximum)
  building_coefficient,  // 建筑系数, %
  rd_share,              // 研发经费投入占比, %
  emission_intensity,    // 单位增加值排放（主要污染物）, 千克/万元 (maximum)
};
inline constexpr std::size_t kIndicators = 9;
inline constexpr std::array<Indicator, kIndicators> kAllIndicators = {
    Indicator::investment,
    Indicator::tax,
    Indicator::output,
    Indicator::far_min,
    Indicator::far_max,
    Indicator::energy,
    Indicator::building_coefficient,
    Indicator::rd_share,
    Indicator::emission_intensity};

const char* key(Indicator i);    // "investment", ... as in the rule pack
const char* label(Indicator i);  // "固定资产投资强度", ...
const char* unit(Indicator i);   // "万元/亩", "", "吨标煤/万元", "%"
/// True for the caps (far_max, energy, emission_intensity): the project's value must not exceed
/// them.
bool is_maximum(Indicator i);

/// One indicator value and where it came from.
struct Threshold {
  double value = 0;
  std::string source;  // a [sources] key; "parcel" or "zone" for a value the parcel or its zone
                       // published (that value binds, DOMAIN §8)
  std::string from;    // "henan · C26", the parcel id, or the zone's name
};

/// A resolved set of indicators: each one present or not.
struct Thresholds {
  std::array<std::optional<Threshold>, kIndicators> values;
  std::string emission;  // 排放要求 (text; shown, not compared)
  const std::optional<Threshold>& operator[](Indicator i) const {
    return values[static_cast<std::size_t>(i)];
  }
  std::optional<Threshold>& operator[](Indicator i) { return values[static_cast<std::size_t>(i)]; }
};

/// A planned-use class a project may be matched to.
struct UseClass {
  std::string code;  // "100102"
  std::string name;  // "二类工业用地"
  std::string kind;  // "industrial" or "storage"
  int max_pollution = 1;
  std::vector<std::string> aliases;  // "M2", ...
};

/// An industry chain (产业链): GB/T 4754 code prefixes and the words that name it.
struct Chain {
  std::string name;
  std::vector<std::string> codes;
  std::vector<std::string> keywords;
};

/// A list of industries as a zone writes it (主导产业, 负面清单): the GB/T 4754 codes it names,
/// or, when it names none, the chains its words point to.
struct IndustryList {
  std::string text;
  std::vector<std::string> codes;
  std::vector<int> chains;  // indices into Settings::chains
  bool empty() const { return codes.empty() && chains.empty(); }
};

struct Weights {
  double base = 10, investment = 15, tax = 15, far = 5, energy = 5, lead_industry = 15,
         infrastructure = 10, cluster = 10, area_fit = 10, zone_preference = 5, merge_penalty = 5;
  double headroom_cap = 1.0;         // headroom (fraction above the threshold) for full points
  double energy_headroom_cap = 0.5;  // fraction below the energy cap for full points
  int cluster_saturation = 3;
  double grade_three = 0.4, grade_five = 0.7, grade_seven = 1.0;
  double lead_chain_share = 0.6;  // share of lead_industry points for a same-chain match
};

struct Parameters {
  std::string region = "national";
  bool ellipsoidal_area = true;
  int max_group_size = 3;
  double min_shared_boundary_m = 0;
  double adjacency_snap_m = 0.01;
  double cluster_radius_m = 1000;
  std::size_t explain_all_below = 300;
  std::size_t explain_limit = 200;
  long max_branch_nodes = 200000;
  /// Indicators of the library checked as hard filters besides investment, tax and FAR (DOMAIN
  /// §8's list), when the project states a value; the others only score. A value the parcel or
  /// its zone publishes always binds, whatever this list says. Keys of Indicator.
  std::vector<std::string> extra_hard_filters = {"output", "building_coefficient", "rd_share"};
  /// Whether the library's value of `i` is a hard filter.
  bool hard(Indicator i) const;
};

struct Region {
  std::string id, name, parent;
};

/// Everything the rule pack says, parsed and checked.
class Settings {
 public:
  std::filesystem::path path;  // the rule pack it came from
  Parameters params;  // the pack's [settings] table
  Weights weights;
  std::vector<std::pair<std::string, std::string>> sources;  // key → text
  std::vector<Region> regions;
  std::vector<UseClass> use_classes;
  std::vector<Chain> chains;

  /// The library's indicators for an industry in the settings' region: each value from the most
  /// specific row (longest industry prefix) of the region, else of its parent regions.
  Thresholds library(std::string_view industry) const;
  /// The use class a planned-use value names ("100102", "100102 二类工业用地", "M2",
  /// "二类工业用地"); nullptr when none.
  const UseClass* use_class(std::string_view planned_use) const;
  /// The kind of land an industry needs ("industrial" unless [[project_kinds]] says otherwise).
  std::string kind_of(std::string_view industry) const;
  /// Chains an industry code belongs to.
  std::vector<int> chains_of(std::string_view industry) const;
  /// Reads a zone's list of industries.
  IndustryList parse_list(std::string_view text) const;
  /// 1 when `list` names a prefix of the industry code, `partial` when only a chain matches, 0
  /// else.
  double list_match(const IndustryList& list, std::string_view industry, double partial) const;
  /// The same for a code already normalised, with its chains (chains_of) computed once.
  static double list_match(const IndustryList& list, std::string_view code,
                           const std::vector<int>& chains, double partial);
  /// The text of a source key ("tudi-assumed" → its sentence); the key itself when unknown.
  std::string source_text(const std::string& key) const;
  const Region* region(std::string_view id) const;

  struct Row {
    std::string region, industry;
    Thresholds values;
  };
  std::vector<Row> rows;
  std::vector<std::pair<std::string, std::string>> project_kinds;  // industry prefix → kind
};

/// Parses a rule pack; `region` (when not empty) overrides settings.region. Throws tudi::Error
/// naming the file and line for a missing source, an unknown key or region, a wrong type.
Settings load_settings(const RulePack& pack, const std::string& region = {});
/// rules_dir(project)/standard_land.toml, with the region from `region` when not empty, else
/// from the project's [match] section (region = "..."), else the pack's own.
Settings load_settings(const Project& project, const std::string& region = {});

/// A GB/T 4754-2017 code in canonical form: upper case, section letter added to bare digits
/// ("3985" → "C3985", "c39" → "C39"); "" when the text holds no code.
std::string normalise_industry(std::string_view text);

}  // namespace tudi::match
