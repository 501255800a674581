#pragma once
// The major-project ledger (项目台账), DOMAIN §12 and §8: the county's own spreadsheet of projects
// and their nodes, joined by parcel id to what tudi knows of the land — the three-line check,
// the supply and idle-land state, the 标准地 commitments — and turned into 红灯/黄灯 warnings,
// each naming its node, due date, days late, department and rule. Rules are data
// (rules/ledger.toml); a ledger and layers in, a plain Result out; serialising is in output.hpp.
//
// Entry points: read_ledger() parses a table into entries (bad rows become problems, the rest
// is kept); analyse() joins and judges; run() does both from a project and its layers.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/check/result.hpp"
#include "tudi/core/date.hpp"
#include "tudi/layer/layer.hpp"
#include "tudi/project/project.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/core/units.hpp"
#include "tudi/io/table_read.hpp"
#include "tudi/supply/supply.hpp"


namespace tudi::ledger {

// ---------------------------------------------------------------------------------- settings

/// A warning's level; a project's light is its worst warning (green: none).
enum class Light { green, yellow, red };
const char* code(Light l);   // "green", "yellow", "red"
const char* label(Light l);  // "绿灯", "黄灯", "红灯"

/// A node of the ledger (用地预审 … 达产): its code, its name and the spellings of the name the
/// headers `<name>计划日期` / `<name>完成日期` may use.
struct Node {
  std::string code;  // "pre_review", ...
  std::string name;  // "用地预审"
  std::vector<std::string> aliases;
};

/// A 承诺制 indicator: which review checks it and where its values come from.
struct Indicator {
  std::string code;  // "investment", "tax", "far"
  std::string name;  // "投资强度"
  std::string unit;  // "万元/亩", ""
  std::string review;  // "completion" (竣工复核) or "production" (达产复核)
  std::string published;  // the parcels field holding the published indicator ("std_investment")
};

/// Rules and choices; defaults mirror rules/ledger.toml, overridden by the project's [ledger].
struct Settings {
  Date as_of;
  /// Yellow when a node not done is due within this many days (due in exactly N days counts).
  int due_within_days = 30;
  /// A node done up to this many days after its planned date is not late.
  int late_tolerance_days = 0;
  /// 竣工复核 falls due this many years after the supply contract; 达产复核 likewise.
  int completion_review_years = 3;
  int production_review_years = 5;
  std::vector<Node> nodes;
  std::vector<Indicator> indicators;
  /// The level of each rule (see kRules); a rule absent here raises no warning.
  std::map<std::string, Light> levels;
  /// Canonical column → the header as written, from [ledger.columns]; overrides detection.
  std::map<std::string, std::string> columns;
  std::filesystem::path file;  // [ledger] file: the ledger `tudi report` reads; empty = none
  std::string sheet;           // [ledger] sheet of an XLSX; empty = the first
  std::string default_department = "未填责任单位";
};

/// Every rule code, in the order warnings are listed.
inline const std::vector<std::string> kRules = {
    "node_overdue",        "node_due_soon",      "node_done_late",
    "control_blocking",    "control_approval",   "control_justify",
    "idle_2y",             "idle_1y",            "idle_suspended",
    "government_cause",    "idle_warning",       "commitment_failed",
    "commitment_unmeasured"};

/// The rule pack `ledger` (rules_dir/ledger.toml), then the project's [ledger] section, and
/// as_of from analysis.as_of or today. Throws tudi::Error naming the file and line.
Settings load_settings(const Project& project);

// ---------------------------------------------------------------------------------- the ledger

/// A canonical column of the ledger: name, Chinese title and the header spellings detected
/// (compared by io::header_key: case, spaces and a trailing unit in brackets ignored).
struct Column {
  std::string name;
  std::string title;
  std::vector<std::string> headers;
};
/// The fixed columns (id, name, level, …, commitments, 能耗指标, 环境容量) and, for each node
/// of `settings`, `<code>_planned` and `<code>_done`.
std::vector<Column> columns(const Settings& settings);

struct NodeDates {
  std::string code, name;
  std::optional<Date> planned, done;
};

/// One row of the ledger as read.
struct Entry {
  std::size_t row = 0;  // index into the table's rows
  std::string where;    // "ledger.xlsx:7"
  std::string id, name, level, category, department, leader;
  std::optional<double> investment;  // 总投资, 万元
  std::vector<std::string> land;     // 地块编号: parcel or proposal ids
  std::vector<NodeDates> nodes;      // the nodes with a column, in settings order
  std::map<std::string, double> committed, measured;  // indicator code → value
  std::string energy_quota, environment_capacity;     // as written; empty = no column / blank
  bool has_energy_column = false, has_environment_column = false;
};

/// Something wrong in the ledger or the join: where (file:line) and what, in Chinese.
struct Problem {
  std::string where;
  std::string text;
};

/// The ledger read: the table itself (so unknown columns go back out), the column each
/// canonical name was found in, the entries and the rows that could not be used.
struct Ledger {
  io::RawTable table;
  std::map<std::string, std::size_t> columns;  // canonical → header index
  std::vector<Entry> entries;
  std::vector<Problem> problems;
};

/// Parses a table. Throws tudi::Error naming the file when there is no 项目编号 column, two
/// headers give one column, or a [ledger.columns] header is absent. A row without an id, or
/// with a repeated one, is a problem and skipped; an unreadable date or number is a problem
/// and that cell is left empty; the row is kept.
Ledger read_ledger(io::RawTable table, const Settings& settings);

// ---------------------------------------------------------------------------------- inputs

/// What the ledger is joined to, all in one working CRS. Only `ledger` is required; without a
/// layer, what it would tell is not checked and the result says so.
struct Inputs {
  const Ledger* ledger = nullptr;
  const Layer* parcels = nullptr;    // role parcels
  const Layer* proposals = nullptr;  // role proposals
  const Layer* approvals = nullptr;  // role approvals: land already approved for construction
  const supply::Result* supply = nullptr;  // supply::analyse on `parcels`, same as_of
  /// The three-line check run on the projects' land (check_land()); null = not checked.
  const check::Result* check = nullptr;
  std::string crs_why;  // how the working CRS was chosen (ProjectLayers::crs_why)
};

/// The projects' land as a layer for the three-line check: one feature per parcel or proposal
/// a ledger row names (fields id, name, category from the row's 项目类别, role). Ids found in
/// neither layer are left out (read_ledger's caller reports them through analyse()).
Layer land_layer(const Ledger& ledger, const Layer* parcels, const Layer* proposals);

/// Runs check::run on land_layer() against the project's control lines (redline, farmland,
/// urban, zones from `layers`) with its check rule pack.
check::Result check_land(const Project& project, const ProjectLayers& layers, const Layer& land);

// ---------------------------------------------------------------------------------- results

/// One warning: the rule that raised it and what it is about.
struct Warning {
  Light level = Light::yellow;
  std::string rule;  // a kRules code
  std::string node;  // node code, "control", "idle", or the indicator's review node
  std::string node_name;
  std::optional<Date> due;
  int days_late = 0;  // > 0 overdue or done late; ≤ 0 due in -days_late days
  std::string department;
  std::string text;  // Chinese, with the dates and values
};

/// A 承诺制 commitment of one project: committed vs measured at its review.
struct Commitment {
  std::string indicator, name, unit, review;  // review: "completion" / "production"
  std::optional<double> committed, measured;
  std::string committed_from, measured_from;  // "台账" / "地块公布指标 JK-45" / "地块属性 JK-02"
  std::optional<Date> due;  // contract date + the review's years; nullopt = no contract date
  std::optional<bool> pass;  // nullopt = not due yet, or no measured value
};

/// A parcel or proposal a project sits on, and what the land data says about it.
struct Land {
  std::string id;
  std::string role;  // "parcels", "proposals", "" = not found
  std::size_t feature = 0;
  units::Area area;
  std::string supply_state;  // supply: "ready"/"standard"/"not_ready" or an idle-state code
  std::optional<Date> contract;  // the parcel's 供地日期 (supply::parcel_dates)
  std::string check_severity;    // "ok", "justify", "approval", "blocking"; "" = not checked
  std::string check_text;
};

/// 要素保障: the land elements a project has and still lacks.
struct Elements {
  bool pre_review_done = false;  // 用地预审 done
  std::optional<Date> pre_review_date;
  std::optional<units::Area> farmland;             // 永久基本农田 to be occupied (check)
  std::optional<units::Area> farmland_cultivated;  // of which 耕地 (三调 01xx)
  std::optional<units::Area> land;                 // the project's land
  std::optional<units::Area> approved;             // of it, covered by approvals
  std::optional<units::Area> new_land;             // land − approved: 新增建设用地 needed
  std::string energy_quota, environment_capacity;  // as written in the ledger
  std::vector<std::string> missing;  // what is still missing, in Chinese
};

struct ProjectStatus {
  std::size_t row = 0;  // table row
  std::string where, id, name, level, category, department, leader;
  std::optional<double> investment;
  std::vector<Land> land;
  Light light = Light::green;
  std::vector<Warning> warnings;  // red first, then by kRules order
  Elements elements;
  std::vector<Commitment> commitments;
  std::vector<NodeDates> nodes;
};

struct Result {
  Date as_of;
  std::string source;  // the ledger file
  std::string crs;      // the working CRS of the layers joined ("" without any)
  std::string crs_why;  // how it was chosen (Inputs::crs_why)
  FieldReports fields;  // per role read: canonical fields missing, guesses
  std::vector<ProjectStatus> projects;  // in ledger order
  std::vector<Problem> problems;        // read_ledger's, then the join's (unknown ids)
  std::vector<std::string> not_checked;  // "supply", "check", "approvals": not joined
  io::RawTable table;                    // the ledger as read, for the workbook
  std::vector<std::string> node_names;   // the settings' nodes, for tables

  int count(Light l) const;
  bool any_red() const { return count(Light::red) > 0; }
  /// The project of a table row, or nullptr (a skipped row).
  const ProjectStatus* project_of_row(std::size_t row) const;
};

/// How one run goes.
struct Options {
  std::filesystem::path file;  // run(): the ledger; empty = the project's [ledger] file
  Progress progress;           // may cancel
};

/// Joins and judges. Throws tudi::Error when ledger is null.
Result analyse(const Inputs& in, const Settings& settings, const Options& options = {});

/// The roles run() reads: the land the ledger names and what the check and supply need.
inline const std::vector<std::string> kRoles = {"parcels",  "proposals", "approvals", "redline",
                                                "farmland", "urban",     "zones"};

/// Reads the ledger (options.file or [ledger] file), checks the projects' land against the
/// control lines (check_land) and joins it to `supply` (computed on layers' parcels; null =
/// not joined), then analyse(). Throws tudi::UsageError when no ledger is named.
Result run(const Project& project, const ProjectLayers& layers, const supply::Result* supply,
           const Options& options);

/// A whole run from the project alone, as `tudi ledger` and the viewer do it: the layers of
/// kRoles read once, supply analysed on the parcels (when configured), then run().
struct ProjectRun {
  ProjectLayers layers;
  std::optional<supply::Result> supply;
  Result result;
};
ProjectRun run_project(const Project& project, const Options& options);

}  // namespace tudi::ledger
