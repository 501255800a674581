#pragma once
// Development-zone study (DOMAIN §9): the intensive-use indicators of every zone (开发区土地集约
// 利用评价), consolidation and expansion scenarios (一区多园, 扩区, 调区) evaluated the same way,
// the constraint check of every new area, and expansion candidates. In-memory layers, settings
// and an optional scenario in; a plain Result out. Serialising is in output.hpp.
//
// Where the inputs come from. Zone indicators are computed from the parcels (供地地块) that meet
// a zone, each counted by its area of intersection with the zone (never by centroid); a
// parcel's amounts (floor area, footprint, investment, tax) are prorated by the share of its
// planar area inside. Pieces of at most Settings::sliver_m2 are digitising noise and not counted.
// Each parcel's state comes from the supply analysis (supply::analyse), never recomputed here:
//   supplied          supply::ParcelStatus::supplied (供地日期 on or before as_of, or a 供地方式
//                     recording an actual supply)
//   built             supplied: supply::ParcelStatus::built (竣工日期 reached, or 实际动工日期
//                     reached with 建筑面积 > 0); unsupplied: 竣工日期 reached or 建筑面积 > 0
//                     (land built on without supply paperwork, DOMAIN §7)
//   meets conditions  unsupplied, not built, supply readiness ready or standard (净地/标准地),
//                     judged for any planned use (industrial_offer off) and without the
//                     "outside every zone" condition, since zone membership is what is measured
//   industrial        planned_use is industrial or storage (supply::is_industrial_use)
//   amounts           floor_area, footprint, investment, tax of built parcels; a parcel not yet
//                     completed (under construction, suspended) without a tax value pays 0, a
//                     completed one without it is a gap
//   idle              supplied with idle status idle_2y, idle_1y, idle_suspended or
//                     government_cause (idle by 国土资源部令第53号 whoever caused it); unknown
//                     statuses are counted apart and make 闲置土地率 null with its range
//   批而未供          supply's per-batch approved − supplied polygons (BatchSummary), ∩ zone
// Formulas (areas are ellipsoidal, the official area; % values are percentages):
//   developed (已达到供地条件的土地) = supplied + built∧unsupplied + meets conditions
//   土地开发率 = developed ÷ zone area            土地供应率 = supplied ÷ developed
//   土地建成率 = built ÷ supplied                 工业用地率 = built industrial ÷ built
//   综合容积率 = floor_area(built) ÷ built        工业用地综合容积率 = floor_area(built ind.) ÷
//   built ind. 工业用地建筑系数 = footprint(built ind.) ÷ built ind. 工业用地固定资产投入强度 =
//   investment(built ind.) ÷ built ind.   (万元/公顷 and 万元/亩) 工业用地地均税收 = tax(built
//   ind.) ÷ built ind.                  (万元/公顷 and 万元/亩) 综合地均税收 = tax(built) ÷ built
//   (万元/公顷 and 万元/亩) 闲置土地率 = idle ÷ supplied
// An indicator is null, with the reason, when its denominator is zero, when the parcels layer
// has no field for an input, or when a parcel it sums lacks the value (a partial sum would be
// wrong, not approximate); the reason names the parcels.

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/core/units.hpp"
#include "tudi/layer/layer.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi {
struct Project;
struct ProjectLayers;
}  // namespace tudi

namespace tudi::zones {

// ---------------------------------------------------------------------------------- indicators

/// The indicators of DOMAIN §9, in report order.
enum class Ind {
  development_rate,
  supply_rate,
  built_rate,
  industrial_rate,
  far,
  industrial_far,
  building_coefficient,
  industrial_investment,     // 万元/公顷
  industrial_investment_mu,  // 万元/亩
  industrial_tax,            // 万元/公顷
  industrial_tax_mu,         // 万元/亩
  tax_per_area,              // 万元/公顷
  tax_per_area_mu,           // 万元/亩
  idle_rate,
  unsupplied_approved_area,  // 公顷
  idle_area,                 // 公顷
};
inline constexpr std::size_t kIndicators = 16;

/// What an indicator is: its codes, name, unit and which way is better.
struct IndicatorDef {
  Ind ind;
  const char* code;   // "development_rate"
  const char* label;  // "土地开发率"
  const char* unit;   // "%", "", "万元/公顷", "万元/亩", "公顷"
  int decimals;
  bool ranked;            // ranked within the zone type
  bool higher_is_better;  // for ranks: rank 1 is the best
  const char* formula;    // how it is computed, for the report's notes (Chinese)
};
const IndicatorDef& def(Ind i);
/// Every indicator in report order.
const std::vector<IndicatorDef>& indicator_defs();
/// The indicator with this code, or nullptr.
const IndicatorDef* find_indicator(std::string_view code);

/// One indicator of one zone.
struct Indicator {
  std::optional<double> value;     // null when it cannot be computed
  std::string reason;              // why it is null (Chinese); empty otherwise
  std::optional<double> national;  // the national bulletin value, where one is published
  std::optional<int> rank;         // 1 = best among zones of the same type with a value
  int rank_of = 0;                 // how many zones of that type have a value
};

// ---------------------------------------------------------------------------------- settings

/// An expansion precondition: the zone's indicator (before the new land) must reach `min`.
struct Precondition {
  std::string indicator;           // an IndicatorDef code
  double min = 0;                  // in the indicator's unit (% for rates)
  bool suggested_default = false;  // DOMAIN §9: no national number; a suggested default
  std::string source;
};

/// The weighted composite score zones are ranked by within their type (DOMAIN §9: weights
/// configurable). Each weighted indicator is normalised min–max among the zones of the same
/// eval_type that have it: (v − min) ÷ (max − min), (max − v) ÷ (max − min) where lower is better
/// (闲置土地率), 1 when all are equal; score = 100 × Σ wᵢ·nᵢ ÷ Σ wᵢ. A zone lacking a weighted
/// indicator has no score (a partial sum would be wrong), with the reason.
struct Composite {
  std::vector<std::pair<std::string, double>> weights;  // indicator code → weight, in order
  bool suggested_default = false;
  std::string source;
};
/// Which land-use classes are 已建成城镇建设用地 when the landuse layer (三调 DLTB) is
/// configured (DOMAIN §9): code prefixes of GB/T 21010-2017 working classes. Land the survey
/// codes as built but that is a supplied parcel not built (idle, suspended, under construction)
/// is not built. Empty codes: built land from the parcel inventory.
struct BuiltLand {
  std::vector<std::string> codes = {"05", "06", "0701", "08", "09", "1004", "1005", "1109"};
  std::vector<std::string> industrial = {"0601", "0508"};  // 工业 and 物流仓储
  std::string source;
};

/// How the composite normalises, for the outputs (Chinese).
extern const char* const kCompositeMethod;

/// Settings from rules/zones.toml and the project's [zones] section.
struct Settings {
  supply::Settings supply;  // as_of and the supply rules the parcel states come from
  /// National bulletin values by indicator code (the 万元/亩 ones follow from 万元/公顷).
  std::map<std::string, double> national;
  std::string national_source;
  std::vector<Precondition> preconditions;
  Composite composite;
  BuiltLand built;
  /// Overlap pieces up to max(sliver_m2, sliver_share × new area) are 疑似碎片: reported apart,
  /// never blocking (DOMAIN §6).
  double sliver_m2 = 1.0;
  double sliver_share = 0.0001;
  /// Severity of each constraint kind: "blocking" or "stock" (use first) or "info".
  std::map<std::string, std::string> severity = {{"outside_urban", "blocking"},
                                                 {"farmland", "blocking"},
                                                 {"redline", "blocking"},
                                                 {"unsupplied_approved", "stock"},
                                                 {"idle", "stock"}};
  /// Expansion candidates: pieces smaller than this are left out.
  double candidate_min_m2 = 10000.0 / 15 * 10;  // 10 亩
  /// 三调 land-class code prefixes counted as built land (建设用地 already in use).
  std::vector<std::string> built_landuse = {"05",   "06",   "07",   "08",   "09",   "1001", "1002",
                                            "1003", "1004", "1005", "1007", "1008", "1009", "1109"};
};

/// Settings from the rule pack `zones` (rules_dir(project)/zones.toml), then the project's
/// [zones] section (same keys); the supply part from supply::load_settings(). Errors name the
/// file and line.
Settings load_settings(const Project& project);

// ---------------------------------------------------------------------------------- scenario

/// One step of a scenario, as the scenario file writes it (gis-data/README.md).
struct Step {
  enum class Op { merge, expand, drop, redraw };
  Op op = Op::merge;
  std::vector<std::string> zones;         // merge: the zones merged (ids or names)
  std::string zone;                       // expand, drop, redraw: the zone (id or name)
  std::optional<geom::Geometry> polygon;  // in the scenario's crs
  std::optional<double> buffer;           // expand: metres all round
  /// Attributes set on the resulting zone (merge: of the new zone); empty = keep.
  std::string id, name, level, kind, eval_type;
  std::string where;  // "scenario.toml:12", for messages
};
const char* code(Step::Op op);   // "merge", ...
const char* label(Step::Op op);  // "合并", "扩区", "调出", "重划"

/// A consolidation / expansion scenario: steps applied in order to the current zones.
struct Scenario {
  std::string name;
  std::string file;  // where it came from
  crs::Crs crs;      // the polygons' CRS as the file declares it; empty: the working CRS
  std::vector<Step> steps;
  std::vector<std::string> warnings;  // repaired polygons and the like
};

/// Parses a scenario file: top-level `name` and `crs` (the polygons' CRS; default the working
/// CRS), then [[step]] tables with `op` = merge (zones = [...], id, name, level, kind,
/// eval_type), expand (zone, polygon = WKT or buffer = metres), drop (zone, polygon = the part
/// taken out; without polygon the whole zone) or redraw (zone, polygon = the new boundary).
/// Needs no layer, so a mistyped file is refused before any is read; analyse puts the polygons
/// into the working CRS (and repairs an invalid one, with a warning). Errors name file and line.
Scenario parse_scenario(const std::string& text, const std::string& where);
Scenario load_scenario(const std::filesystem::path& file);

/// The scenario with its polygons reprojected from its crs into `working` and repaired where
/// invalid (each repair a warning naming the line); what analyse runs.
Scenario in_working_crs(const Scenario& scenario, const crs::Crs& working);

// ---------------------------------------------------------------------------------- inputs

/// The layers one run reads, all in one working CRS. zones and parcels are required; an absent
/// control layer means that check was not made (and the result says so), never that it passed.
struct Inputs {
  const Layer* zones = nullptr;
  const Layer* parcels = nullptr;
  const Layer* approvals = nullptr;
  const Layer* farmland = nullptr;
  const Layer* redline = nullptr;
  const Layer* urban = nullptr;
  const Layer* landuse = nullptr;  // built land for candidates (三调 classes)
  std::string crs_why;             // how the working CRS was chosen (ProjectLayers::crs_why)
  /// The supply analysis already run on these parcels with Settings::supply (the report's, with
  /// or without the zones layer and the industrial-offer condition), used instead of running it
  /// again; null = analyse runs it. Its readiness is read without the planned-use and
  /// "outside every zone" conditions, as the zone study judges them (see the header).
  const supply::Result* supply = nullptr;
};

/// The roles `tudi zones` loads; landuse only with candidates.
std::vector<std::string> roles(bool candidates);
Inputs inputs_from(const ProjectLayers& layers);

/// What one run does beyond evaluating the current zones.
struct Options {
  const Scenario* scenario = nullptr;
  std::optional<double> candidates;  // distance in metres around each zone
  Progress progress;  // may cancel
};

/// Refuses options no run could use (a candidate distance that is not a number of metres
/// above 0) with tudi::UsageError. analyse asks first; the CLI asks before reading any layer.
void validate(const Options& options);

// ---------------------------------------------------------------------------------- results

/// Areas and amounts a zone's indicators are made of (areas: ∩ zone; amounts prorated).
struct Stock {
  int parcels = 0;  // parcels meeting the zone (beyond slivers)
  units::Area supplied, built_unsupplied, ready, developed, built, built_industrial;
  units::Area idle, idle_unknown, unsupplied_approved;
  /// built and built_industrial as the parcel inventory gives them; when built_from_landuse,
  /// built and built_industrial are the landuse layer's (Settings::built) instead.
  units::Area built_parcels, built_industrial_parcels;
  bool built_from_landuse = false;
  double floor_area = 0, industrial_floor_area = 0, industrial_footprint = 0;  // m²
  double industrial_investment = 0, industrial_tax = 0, tax = 0;               // 万元
  /// Parcels counted in a sum without the value it needs, by sum: floor_area, tax (built);
  /// industrial_floor_area, industrial_footprint, industrial_investment, industrial_tax (built
  /// industrial); idle_unknown (supplied, idle status undecidable).
  std::map<std::string, std::vector<std::string>> missing;
};

/// Where a zone lies against the control lines (whole zone); nullopt = layer absent.
struct Controls {
  std::optional<units::Area> outside_urban, farmland, redline;
};

/// What a zone is, apart from its geometry and evaluation (copyable, unlike ZoneEval).
struct ZoneInfo {
  std::string id, name, level, kind;
  std::string eval_type;              // 工业主导型 / 产城融合型 / as written / 未分类
  std::optional<double> approved_ha;  // 批准面积 as recorded
};

/// One zone, current or in a scenario, with its indicators.
struct ZoneEval : ZoneInfo {
  geom::Geometry geometry;
  units::Area area;  // the drawn polygon's
  /// The area 土地开发率 is over: the approved 批准面积 (approved_ha) for a current zone that
  /// records one (the 规程's denominator), else the drawn area (scenario zones: always drawn).
  double denominator_ha = 0;
  bool approved_denominator = false;
  Stock stock;
  std::array<Indicator, kIndicators> indicators;
  Controls controls;
  /// The composite score (0–100) and the rank by it within the eval_type (Settings::composite).
  std::optional<double> composite;
  std::string composite_reason;  // why it is null (Chinese)
  std::optional<int> composite_rank;
  int composite_rank_of = 0;
  const Indicator& operator[](Ind i) const { return indicators[static_cast<std::size_t>(i)]; }
};

/// One overlap piece of a new area with a constraint layer.
struct Conflict {
  std::string zone;       // the scenario zone's id
  std::string kind;       // outside_urban, farmland, redline, unsupplied_approved, idle
  std::string severity;   // blocking, stock, info (Settings::severity)
  std::string source_id;  // the feature it came from (farmland 图斑, batch, parcel); "" for
                          // outside_urban
  bool sliver = false;    // 疑似碎片: not blocking, reported apart
  units::Area area;
  geom::Geometry geometry;
};

/// A precondition of expansion checked on the zone before its new land.
struct PreconditionResult {
  Precondition rule;
  std::optional<double> value;  // null: the indicator could not be computed
  std::optional<bool> pass;     // null: cannot be decided
  std::string text;             // "土地开发率 82.10% ≥ 70%（建议默认值）：满足"
};

/// The check of the land a scenario zone adds (scenario zone − every current zone).
struct NewAreaCheck {
  units::Area area;
  /// Per kind, the total of non-sliver pieces; nullopt = the layer is absent (not checked).
  std::optional<units::Area> outside_urban, farmland, redline, unsupplied_approved, idle;
  units::Area slivers;  // total of 疑似碎片 pieces of every kind
  std::vector<Conflict> conflicts;
  std::vector<PreconditionResult> preconditions;  // on the zone without its new land
  bool blocking = false;                          // a blocking conflict
  bool preconditions_met = true;                  // every precondition passed (a null one does not)
  std::string conclusion;                         // Chinese, one line
};

/// The change of each indicator against one zone the scenario zone came from.
struct Change {
  std::string from;                                      // current zone id
  std::array<std::optional<double>, kIndicators> delta;  // scenario − current; null if either is
};

/// A zone of the scenario state.
struct ScenarioZone {
  ZoneEval eval;
  std::vector<Step::Op> ops;          // the steps that changed it, in order
  std::vector<std::string> sources;   // current zones it came from
  std::vector<Change> changes;        // one per source
  geom::Geometry added;               // land not in any current zone
  std::optional<NewAreaCheck> check;  // when it adds land beyond slivers
  bool changed() const { return !ops.empty(); }
};

/// The scenario's outcome: every zone of the scenario state and the zones it dropped.
struct ScenarioResult {
  std::string name, file;
  std::vector<ScenarioZone> zones;
  std::vector<std::string> dropped;  // "id 名称" of zones removed whole
};

/// An expansion candidate: land within the distance of a zone, inside the urban development
/// boundary, outside farmland, red line, built land and every zone.
struct Candidate {
  std::string zone, zone_name;
  int rank = 0;  // within its zone: by the sum of the area rank and the compactness rank
  int rank_area = 0, rank_compactness = 0;
  units::Area area;
  double perimeter_m = 0;
  double compactness = 0;           // 4πA/P²: 1 for a circle, small for strips
  units::Area unsupplied_approved;  // 批而未供 inside it (stock to use first)
  geom::Geometry geometry;
};

struct Result {
  Date as_of;
  crs::Crs crs;                 // the working CRS every geometry is in
  std::string crs_why;          // how it was chosen (Inputs::crs_why)
  FieldReports fields;          // per role read: canonical fields missing, guesses
  std::vector<ZoneEval> zones;  // current state, in layer order
  std::optional<ScenarioResult> scenario;
  std::optional<double> candidate_distance;
  std::vector<Candidate> candidates;  // by zone, then rank
  std::string national_source;
  Composite composite;  // the weights the ranks used
  /// Where 已建成土地 came from: "landuse" (Settings::built classes) or "parcels".
  std::string built_source;
  BuiltLand built;
  std::vector<std::string> not_checked;  // roles absent ("farmland")
  std::vector<std::string> warnings;
};

/// Runs the study. Throws tudi::UsageError when zones or parcels is absent, or candidates are
/// asked for without urban, farmland and red line; tudi::Error naming the scenario step when a
/// step names an unknown zone. Progress may cancel.
Result analyse(const Inputs& in, const Settings& settings, const Options& options = {});

/// Ranks every ranked indicator and the composite score within each eval_type among `zones`
/// (what analyse does for the current zones and again for a scenario's).
void rank(const std::vector<ZoneEval*>& zones, const Composite& composite);

/// The eval_type as ranked: 工业主导型 / 产城融合型 when the text says so, else as written,
/// 未分类 when empty.
std::string normalise_eval_type(std::string_view text);

}  // namespace tudi::zones
