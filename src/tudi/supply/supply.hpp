#pragma once
// Land-supply inventory (DOMAIN §7): readiness of unsupplied parcels (熟地/净地/标准地), idle land
// under 闲置土地处置办法 (国土资源部令第53号), 批而未供 and 供地率 per approval batch, and 低效用地
// screening. In-memory layers and settings in, a plain Result out; serialising is in output.hpp.
//
// Entry points: analyse() for the whole inventory; readiness(), idle_status() and
// inefficiency() are pure per-parcel functions for other analyses (match, zones) to reuse.

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tudi/core/date.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/core/units.hpp"
#include "tudi/layer/layer.hpp"

namespace tudi {
struct Project;
struct ProjectLayers;
}  // namespace tudi

namespace tudi::supply {

// ---------------------------------------------------------------------------------- settings

/// The legal idle-land edges of 闲置土地处置办法 第二条, fixed by national law (not a rule pack):
/// "不足三分之一" and "不足百分之二十五" are strict, so exactly 1/3 of the area or exactly 25 % of
/// the investment is NOT idle. Shares are in percent; 1e-9 % absorbs floating-point noise only,
/// so a typed 33.33 % is below one third.
inline constexpr double kDevelopedShareMin = 100.0 / 3.0;  // %
inline constexpr double kInvestedShareMin = 25.0;          // %
inline constexpr double kShareEpsilon = 1e-9;              // %

/// Thresholds and choices. Defaults mirror rules/supply.toml (which names each source); a
/// bureau overrides them in its own rule pack or in the project's [supply] section.
struct Settings {
  Date as_of;  // the analysis date; every status is "as of" this day

  // Readiness (DOMAIN §7, §8)
  /// Parcels are offered for industry: planned use must be industrial or storage
  /// (is_industrial_use()) or the "use" reason is given.
  bool industrial_offer = true;
  /// "Inside a development zone" as a readiness condition: local policy, not national.
  bool require_zone = true;
  /// Overlaps up to this area are digitising noise (疑似碎片), not a missing condition (DOMAIN §6).
  double sliver_m2 = 1.0;
  /// Canonical std_* fields a ready parcel must carry to be standard land (标准地).
  std::vector<std::string> standard_indicators = {"std_investment", "std_tax", "std_far_min"};

  // Idle land (闲置土地处置办法 第十四条)
  double idle_fee_rate = 0.20;  // of the land price, for land idle one full year

  // 批而未供 (自然资规〔2018〕1号 增存挂钩)
  double supply_rate_line = 0.60;    // five-year average 供地率 must reach this
  int supply_rate_window_years = 5;  // batches approved in the last N years at as_of
  /// false: the N full calendar years before the as-of year (the default, DOMAIN §7);
  /// true: the N years ending at the as-of date.
  bool supply_rate_rolling = false;

  // 低效用地 (国土资发〔2016〕147号; thresholds local)
  double industrial_far_min = 1.0;         // 容积率 below → flagged
  double tax_per_mu_min = 8.0;             // 万元/亩 below → flagged
  double building_coefficient_min = 0.30;  // 建筑系数 below → flagged (fraction)
  /// Per-industry thresholds ([[inefficient.industry]]): a parcel whose 行业代码 (industry)
  /// starts with `prefix` takes the values the entry sets, the longest prefix winning; the
  /// defaults above for the rest (DOMAIN §7: a single FAR floor over-flags low-FAR industries).
  struct IndustryThresholds {
    std::string prefix;  // GB/T 4754-2017, e.g. "C26"; matched on its digits
    std::string name;
    std::optional<double> industrial_far_min, tax_per_mu_min, building_coefficient_min;
    std::string source;
  };
  std::vector<IndustryThresholds> inefficient_by_industry;
};

/// Settings from the rule pack `supply` (rules_dir(project)/supply.toml), then the project's
/// [supply] section (same keys), and as_of from analysis.as_of (any parse_date() form) or today.
/// Throws tudi::Error naming the file and line for a bad value.
Settings load_settings(const Project& project);

// ---------------------------------------------------------------------------------- inputs

/// The layers one run reads, all in one working CRS (as load_layers() gives them). Only
/// `parcels` is required; an absent layer means that condition is not checked (and the result
/// says so), never that it is met.
struct Inputs {
  const Layer* parcels = nullptr;    // role parcels (供地地块)
  const Layer* approvals = nullptr;  // role approvals (建设用地批准, 批次)
  const Layer* redline = nullptr;    // 生态保护红线
  const Layer* farmland = nullptr;   // 永久基本农田
  const Layer* urban = nullptr;      // 城镇开发边界
  const Layer* zones = nullptr;      // 开发区
  std::string crs_why;               // how the working CRS was chosen (ProjectLayers::crs_why)
};

/// The roles `tudi supply` loads, parcels first.
inline const std::vector<std::string> kRoles = {"parcels",  "approvals", "redline",
                                                "farmland", "urban",     "zones"};

/// Inputs pointing into loaded project layers (absent roles stay null).
Inputs inputs_from(const ProjectLayers& layers);

// ---------------------------------------------------------------------------------- findings

/// Named values attached to a finding, for JSON and tables ("overlap_m2" → 1234.5).
using Values = std::vector<std::pair<std::string, Value>>;

/// One thing found about a parcel: a stable English `code` for programs, a Chinese `text` for
/// people that names what is missing or wrong, and the values it is about.
struct Finding {
  std::string code;
  std::string text;
  Values values;
};

// ---------------------------------------------------------------------------------- readiness

/// ready = can be supplied now (净地); standard = ready and carries the standard-land
/// indicators (标准地); not_ready = something is missing.
enum class ReadinessLevel { ready, standard, not_ready };

/// Site infrastructure items (DOMAIN §7), as bits of InfraState::items.
enum class Infra : unsigned {
  water = 1,
  power = 2,
  road = 4,
  levelling = 8,  // 三通一平
  telecom = 16,
  drainage = 32,  // + 五通一平
  gas = 64,
  heat = 128,  // + 七通一平
};
inline constexpr unsigned kThreeItems = 1 | 2 | 4 | 8;
inline constexpr unsigned kFiveItems = kThreeItems | 16 | 32;
inline constexpr unsigned kSevenItems = kFiveItems | 64 | 128;

/// The grade reached: below 三通一平, 三通一平, 五通一平, 七通一平.
enum class InfraGrade { none, three, five, seven };

/// The infrastructure field read: which items are done and the grade they make.
struct InfraState {
  unsigned items = 0;  // Infra bits
  InfraGrade grade = InfraGrade::none;
  std::string raw;  // the value as written
};

/// Reads an infrastructure value: a grade ("三通一平", "五通一平", "七通一平", also "3通1平"), a
/// list of items ("供水、供电、道路、场地平整", "水,电,路,平", "water power road levelling"), or
/// both
/// ("五通一平+燃气"). Unreadable or empty → no items.
InfraState parse_infrastructure(std::string_view text);

/// Where a parcel lies relative to the other layers. nullopt = that layer is not configured,
/// so the condition was not checked.
struct Overlaps {
  std::optional<units::Area> farmland;       // overlap with 永久基本农田
  std::optional<units::Area> redline;        // overlap with 生态保护红线
  std::optional<units::Area> outside_urban;  // part outside 城镇开发边界
  struct Zone {
    std::size_t feature = 0;  // index into Inputs::zones->features
    std::string id, name;
    units::Area area;  // intersection with the parcel
  };
  std::optional<std::vector<Zone>> zones;  // zones it meets, largest intersection first
};

/// Measures parcels against the control-line and zone layers of an Inputs, with each layer
/// indexed once. Areas are planar and ellipsoidal in the parcels' CRS.
class Spatial {
 public:
  explicit Spatial(const Inputs& in);
  ~Spatial();
  Spatial(Spatial&&) noexcept;
  Overlaps measure(const geom::Geometry& parcel) const;
  units::Area area(const geom::Geometry& g) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The readiness checklist of one unsupplied parcel.
struct Readiness {
  ReadinessLevel level = ReadinessLevel::not_ready;
  /// What is missing, in a fixed order. Codes: expropriation, title, illegal_buildings,
  /// infrastructure, planning_conditions, use, farmland, redline, outside_urban, outside_zone.
  std::vector<Finding> missing;
  InfraState infrastructure;
  /// Standard-land indicators not published (why a ready parcel is not standard).
  std::vector<std::string> missing_indicators;
};

/// Readiness of one parcel from its attributes (expropriation, title, infrastructure ≥ 三通一平,
/// planning conditions, planned use) and `overlaps` (farmland, red line, outside the urban
/// boundary, outside every zone; areas above Settings::sliver_m2 count). An empty or unreadable
/// attribute counts as not met, and the text says it was not filled in. Never throws.
Readiness readiness(const Layer& parcels, const Feature& parcel, const Overlaps& overlaps,
                    const Settings& settings);

// ---------------------------------------------------------------------------------- idle land

/// The legal status of a supplied parcel at the as-of date (DOMAIN §7):
/// idle_2y — not started two full years after the agreed start (无偿收回);
/// idle_1y — not started one full year after it (征收 20 % 闲置费);
/// idle_suspended — started, developed < 1/3 of the area or invested < 25 %, and suspended one
///   full year or more;
/// government_cause — would be idle, but the delay is the government's (不征费不收回, 协商处置);
/// warning — past the agreed start date, under one full year (动工预警); also started,
///   below 1/3 or 25 % and suspended under one full year (it becomes idle on the anniversary);
/// in_use — started and not suspended long, completed, or the agreed start not yet passed;
/// unknown — a date (or share) the decision needs is missing or unreadable.
enum class IdleState {
  idle_2y,
  idle_1y,
  idle_suspended,
  government_cause,
  warning,
  in_use,
  unknown
};
inline constexpr std::size_t kIdleStates = 7;

/// What the law does about it: none, the idle fee, recovery without compensation, negotiation.
enum class Consequence { none, fee, recovery, negotiate };

/// A date attribute as read: the date, or only the raw text when it could not be read.
struct DateField {
  std::optional<Date> date;
  std::string raw;  // the value as written; empty when the attribute is empty
  bool present() const { return !raw.empty(); }
  bool unreadable() const { return present() && !date; }
};

/// The attributes the idle-land rules read from a parcel.
struct ParcelDates {
  DateField supply_date, agreed_start, actual_start, suspended_since, completed;
  /// 交地日期: where no start date is agreed, the start is one year after it (令53号 附则).
  DateField delivery_date;
  std::optional<double> developed_share;  // % of the area to be developed
  std::optional<double> invested_share;   // % of the total investment
  std::string government_cause;           // empty = none; else as written ("是", "规划调整")
  std::optional<double> land_price;       // 万元
};

/// Reads ParcelDates from a parcels-role feature. government_cause counts when it is a true
/// flag (是/Y/1) or any other non-empty text (the cause itself); 否/N/0 count as none.
ParcelDates parcel_dates(const Layer& parcels, const Feature& parcel);

/// The idle-land decision for one supplied parcel.
struct IdleStatus {
  IdleState state = IdleState::unknown;
  /// Full years counted (calendar anniversaries): since the agreed start for a parcel not
  /// started, since suspension for idle_suspended; 0 otherwise.
  int idle_years = 0;
  std::optional<Date> counted_from;  // the date the years are counted from
  Consequence consequence = Consequence::none;
  /// Idle fee in 万元 = Settings::idle_fee_rate × land price, when one full year (not two) is
  /// reached and the price is known; nullopt otherwise.
  std::optional<double> fee;
  /// For unknown: canonical fields whose value is missing or unreadable ("agreed_start").
  std::vector<std::string> missing;
  std::string text;  // Chinese explanation with the dates and values used
};

/// Decides the idle-land status at `as_of`. A start or suspension date after `as_of` has not
/// happened yet. The anniversary itself completes a year (add_years, full_years_between).
IdleStatus idle_status(const ParcelDates& dates, const Date& as_of, const Settings& settings);

/// Data that cannot all be true: developed or invested share above 100 % or below 0, actual
/// start before the supply date, completion before the start, an unreadable supply or
/// completion date. Codes: developed_share_over_100, invested_share_over_100, negative_share,
/// start_before_supply, completed_before_start, unreadable_date.
std::vector<Finding> inconsistencies(const ParcelDates& dates);

// ---------------------------------------------------------------------------------- 低效用地

/// A 低效用地 screening flag: the measured value against the threshold it falls below.
struct InefficiencyFlag {
  std::string code;  // far, tax_per_mu, building_coefficient
  std::string text;  // "容积率 0.62 低于 1.00"
  double value = 0;
  double threshold = 0;
  std::string unit;  // "", "万元/亩", "%"
};

/// Screens one built industrial/storage parcel of `site_m2` (its official area): FAR =
/// floor_area ÷ site, tax per 亩 = tax ÷ site 亩, building coefficient = footprint ÷ site. An
/// indicator whose input is missing is not screened. Empty for other uses.
std::vector<InefficiencyFlag> inefficiency(const Layer& parcels, const Feature& parcel,
                                           double site_m2, const Settings& settings);

/// True for planned-use values that are industrial or storage: 用地用海 1001xx/1101xx, GB 50137
/// M/M1–M3/W/W1–W3, or text naming 工业/仓储/物流. Planned use is a planning code, so the 三调
/// codes 0601/0508 are not taken (in 用地用海 06xx is 农业设施建设用地).
bool is_industrial_use(std::string_view planned_use);

// ---------------------------------------------------------------------------------- results

/// Everything found about one parcel.
struct ParcelStatus {
  std::size_t feature = 0;  // index into Inputs::parcels->features
  std::string id, name;
  units::Area area;       // planar and ellipsoidal (official)
  bool supplied = false;  // has a supply date (or a supply type other than 未供) on or before as_of
  std::string zone;       // id of the zone holding most of it; empty = none / not configured
  std::optional<Readiness> readiness;  // unsupplied parcels only
  std::optional<IdleStatus> idle;      // supplied parcels only
  bool built = false;  // supplied and completed by as_of (no completion date: started, floor area)
  /// 供而未用 (DOMAIN §7): supplied and neither started nor completed by as_of, a state of its
  /// own from the supply date whether or not the start date has passed (the idle states above
  /// say whether it is also overdue). An unreadable start date leaves it false.
  bool unused = false;
  std::optional<Date> unused_since;           // the supply date, when readable
  std::vector<InefficiencyFlag> inefficient;  // built parcels only
  /// See inconsistencies(); plus supply_date_missing (a supply type but no supply date).
  std::vector<Finding> inconsistent;
};

/// One approval batch (批次 or 单独选址): approved polygons grouped by batch id.
struct BatchSummary {
  std::string id, name, approval_no, kind;
  DateField approval_date;
  std::optional<double> declared_ha;  // 批准面积 as recorded in the layer
  /// 撤回 + 核减 as recorded (withdrawn_area + reduced_area, 公顷); nullopt = none recorded.
  std::optional<double> withdrawn_ha;
  units::Area approved;  // union of the batch's polygons
  /// The recorded 撤回/核减 area, taken off the unsupplied part (it is no longer approved).
  units::Area withdrawn;
  /// The approval still standing: approved − withdrawn, never below supplied (= supplied +
  /// unsupplied). The 供地率 denominator (DOMAIN §7: 撤回/核减 leave it).
  units::Area counted;
  units::Area supplied;  // ∩ supplied parcels
  /// 批而未供: approved − supplied − withdrawn, never below 0. unsupplied_geometry is the drawn
  /// approved − supplied (the layer does not say where the withdrawn part lies).
  units::Area unsupplied;
  double supply_rate = 0;              // supplied ÷ counted, ellipsoidal areas
  bool in_window = false;              // approved within the 供地率 window
  std::vector<std::string> parcels;    // ids of supplied parcels meeting it
  geom::Geometry unsupplied_geometry;  // the 批而未供 polygons
};

/// The five-year 供地率: area-weighted over the batches approved inside the window (by default
/// the N full calendar years before the as-of year; rolling: the N years ending at as_of).
struct SupplyRate {
  Date window_start;  // first day inside the window
  Date window_end;    // last day inside the window (as_of when rolling)
  bool rolling = false;
  Date as_of;
  int batches = 0;
  /// approved: the batches' counted areas (撤回/核减 taken off), the denominator; withdrawn:
  /// what was taken off.
  units::Area approved, supplied, withdrawn;
  double rate = 0;  // supplied ÷ approved (ellipsoidal); 0 when nothing was approved
  double line = 0.60;
  bool meets = false;
  std::vector<std::string> undated;  // batch ids without a readable approval date (left out)
};

/// Totals for one development zone. Parcel totals sum the parcels assigned to the zone (by
/// largest intersection, so every parcel counts once); approval totals are by area of
/// intersection with the zone. id "" = parcels outside every zone.
struct ZoneSummary {
  std::string id, name;
  units::Area zone_area;
  int parcels = 0;
  units::Area parcel_area;
  std::array<int, 3> readiness_count{};  // by ReadinessLevel
  std::array<units::Area, 3> readiness_area{};
  int supplied_count = 0;
  units::Area supplied_area;
  std::array<int, kIdleStates> idle_count{};  // by IdleState
  std::array<units::Area, kIdleStates> idle_area{};
  int unused_count = 0;  // 供而未用 (ParcelStatus::unused)
  units::Area unused_area;
  double idle_fee = 0;  // 万元
  int inefficient_count = 0;
  units::Area inefficient_area;
  /// ∩ zone, drawn: 撤回/核减 are per batch (BatchSummary::withdrawn), not located in a zone.
  units::Area approved, approved_supplied, approved_unsupplied;
};

/// The whole inventory at one date.
struct Result {
  Date as_of;
  std::string crs;                    // working CRS, for the record
  std::string crs_why;                // how it was chosen (Inputs::crs_why)
  FieldReports fields;                // per role read: canonical fields missing, guesses
  std::vector<ParcelStatus> parcels;  // in layer order
  std::vector<BatchSummary> batches;  // empty without approvals
  std::optional<SupplyRate> supply_rate;
  std::vector<ZoneSummary> zones;        // without zones: one "" entry holding every parcel
  std::vector<std::string> not_checked;  // conditions skipped for want of a layer ("farmland")
  std::vector<std::string> warnings;
};

/// Runs the inventory. Throws tudi::Error when parcels is null; bad attribute values become
/// unknown statuses and inconsistency findings, never exceptions. Progress may cancel.
/// How one run goes.
struct Options {
  Progress progress;  // may cancel
};

Result analyse(const Inputs& in, const Settings& settings, const Options& options = {});

/// How many times analyse() has run in this process: lets a test show that the report runs
/// the supply analysis once for supply, match, zones and the ledger together.
int analyse_runs();

// ---------------------------------------------------------------------------------- labels

const char* code(ReadinessLevel l);   // "ready", "standard", "not_ready"
const char* label(ReadinessLevel l);  // "净地（可供）", "标准地", "未达供地条件"
const char* code(IdleState s);        // "idle_2y", ...
const char* label(IdleState s);       // "闲置满两年", ...
const char* code(Consequence c);      // "none", "fee", "recovery", "negotiate"
const char* label(Consequence c);
const char* label(InfraGrade g);  // "未达三通一平", "三通一平", "五通一平", "七通一平"
const char* label(Infra i);       // "供水", "供电", "道路", "场地平整", ...

}  // namespace tudi::supply
