#pragma once
// Standard-land matching (标准地项目匹配, DOMAIN §8): which ready parcel for which project, and
// why. Projects and parcels in (with each parcel's readiness from the supply analysis), hard
// filters with reasons, a score broken down by term, and the exact assignment of many projects at
// once. Serialising the Result is in output.hpp.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tudi/core/progress.hpp"
#include "tudi/layer/layer.hpp"
#include "tudi/match/settings.hpp"
#include "tudi/match/projects.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi {
struct Project;
}  // namespace tudi

namespace tudi::match {

/// What matching reads. `status` is parallel to parcels->features and comes from the supply
/// analysis (supply::analyse): it decides readiness, supply, areas, zones and the control-line
/// conflicts, so matching never measures them a second time.
struct Inputs {
  const Layer* parcels = nullptr;
  const Layer* zones = nullptr;  // optional: lead industries, negative lists, preferred zones
  const std::vector<supply::ParcelStatus>* status = nullptr;
  const std::vector<ProjectSpec>* projects = nullptr;  // what to match (read_projects)
};

struct Options {
  std::size_t top = 10;  // ranked candidates kept per project (the assignment uses all)
  bool assign = true;
  std::string region;  // indicator-library region for run(); empty = the project's or the pack's
  Progress progress;   // may cancel
};

/// Why a parcel cannot take a project: a stable code, a Chinese sentence, the project's value
/// and the threshold it failed (null when they do not apply), and their unit.
struct Reason {
  std::string code;
  std::string text;
  Value value;
  Value threshold;
  std::string unit;
};

/// One term of a candidate's score.
struct Term {
  std::string key;     // "investment", "lead_industry", ...
  std::string label;   // "投资强度余量"
  double points = 0;   // what the candidate earned
  double max = 0;      // what the term can give (the merge penalty: its negative)
  std::string detail;  // the measure behind it, in Chinese
};

/// A parcel (or merged group) that passes every hard filter for a project.
struct Candidate {
  std::vector<std::size_t> sites;  // indices into Result::sites
  std::vector<std::string> parcel_ids;
  double area_mu = 0;
  double score = 0;
  std::vector<Term> terms;
  Thresholds thresholds;  // the indicators applied (the parcel's own or the library's)
  int rank = 0;           // 1 = best for this project
};

struct Rejection {
  std::size_t site = 0;
  std::string parcel_id;
  std::vector<Reason> reasons;  // every failing filter, in filter order
};

/// Everything decided for one project.
struct ProjectResult {
  ProjectSpec project;
  std::string kind;                        // "industrial" / "storage"
  Thresholds library;                      // the library's indicators for its industry and region
  std::optional<double> max_justified_mu;  // investment ÷ library intensity (节约集约)
  std::size_t candidate_count = 0;         // all that pass, singles and groups
  std::size_t group_candidate_count = 0;
  std::vector<Candidate> candidates;  // best first, at most Options::top
  std::vector<Rejection> rejected;    // see rejected_complete
  bool rejected_complete = false;     // true: every parcel that fails is listed
  /// Parcels rejected, by their first failing filter (every parcel of the layer counted once).
  std::map<std::string, std::size_t> rejected_counts;
  std::optional<Candidate> assigned;
  std::string unassigned_reason;  // Chinese, when no land was assigned
  std::string unassigned_code;    // no_candidate, taken_by_others
};

/// A parcel as matching sees it.
struct Site {
  std::size_t feature = 0;
  std::string id, name;
  double area_mu = 0;
  std::string planned_use;
  int use = -1;          // index into Settings::use_classes; -1 = no class a project can take
  std::string use_code;  // that class's code and name, for outputs
  std::string use_name;
  int use_max_pollution = 0;  // the highest pollution class the use class admits
  bool available = false;     // unsupplied, ready, no control-line conflict
  int zone = -1;              // index into Result::zones
  supply::InfraState infrastructure;
  std::string firm, industry;  // for supplied parcels: the firm there (neighbours)
};

struct ZoneInfo {
  std::string id, name;
  IndustryList lead, negative;
  /// Standard-land indicators the zone publishes (std_* fields of the zones layer): they bind
  /// the zone's parcels that publish none of their own.
  std::array<std::optional<double>, kIndicators> published;
  std::string emission;  // 排放要求 the zone publishes
};

struct AssignmentSummary {
  bool run = false;
  bool optimal = true;
  double total_score = 0;
  double greedy_score = 0;  // what the best-first greedy loop would reach, for comparison
  int assigned = 0;
  int unassigned = 0;
  long nodes = 0;
  int components = 0;
  int largest_component = 0;
};

/// Sizes and times, for the report and the benchmark.
struct Stats {
  std::size_t projects = 0, parcels = 0, available = 0;
  std::size_t pairs = 0;         // projects × parcels
  std::size_t evaluated = 0;     // pairs examined filter by filter (the index skipped the rest)
  std::size_t edges = 0;         // feasible (project, option) pairs given to the assignment
  std::size_t edges_solved = 0;  // of those, the ones an optimum may need (assign.hpp)
  std::size_t adjacent_pairs = 0, groups = 0;
  double prepare_s = 0, filter_s = 0, assign_s = 0;
};

struct Result {
  std::string region;       // of the indicator library
  std::string rules;        // rule-pack file
  std::string crs;          // the parcels' (working) CRS, for the record
  std::string crs_why;      // how it was chosen (ProjectLayers::crs_why)
  FieldReports fields;      // per role read: canonical fields missing, guesses
  std::vector<Site> sites;  // parallel to the parcels layer
  std::vector<ZoneInfo> zones;
  std::vector<ProjectResult> projects;
  AssignmentSummary assignment;
  Stats stats;
  std::vector<std::string> warnings;
};

/// Matches the projects to the parcels. Throws tudi::Error when parcels, status or projects is
/// missing or parcels and status differ in size; progress may cancel.
Result analyse(const Inputs& in, const Settings& settings, const Options& options = {});

/// The whole run for a project file: loads parcels, control lines and zones, runs the supply
/// analysis for readiness, reads the projects file and the rule pack, and matches.
/// `parcels_out` receives the parcels layer (for map outputs) when not null.
Result run(const Project& project, const std::filesystem::path& projects_file, const Options& opt,
           Layer* parcels_out = nullptr);
/// The same run over layers already loaded (a server reads the project once): `layers` must
/// hold parcels and may hold the control lines and zones.
Result run(const Project& project, const ProjectLayers& layers,
           const std::filesystem::path& projects_file, const Options& opt);
/// The same with supply's result over those layers already computed (the report runs supply
/// once and hands it on): readiness is taken from `supply`, never recomputed.
Result run(const Project& project, const ProjectLayers& layers, const supply::Result& supply,
           const std::filesystem::path& projects_file, const Options& opt);

/// Reason codes in filter order, with their Chinese names (for tables and documentation).
/// Readiness reasons are "not_ready.<item>" with supply's item codes.
const std::vector<std::pair<std::string, std::string>>& reason_codes();
/// The Chinese name of a reason code, readiness items included ("未达供地条件（征收未完成）").
std::string reason_label(const std::string& code);

}  // namespace tudi::match
