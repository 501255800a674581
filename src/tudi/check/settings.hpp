#pragma once
// The check rule pack (rules/check.toml): conclusions as data, DOMAIN §6.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tudi/project/rules.hpp"

namespace tudi::check {

/// How serious a conclusion is, from least to most.
enum class Severity { Ok, Justify, Approval, Blocking };
const char* to_string(Severity s);  // "ok", "justify", "approval", "blocking"
const char* label(Severity s);      // "无冲突", "需论证", "需报批" (国务院或有权机关), "禁止"

/// What a proposal does to one control line: stays clear of it, meets it only in slivers, or
/// conflicts with it (overlaps the red line or farmland; lies partly outside the urban boundary).
enum class State { Clear, Sliver, Conflict };
const char* to_string(State s);  // "clear", "sliver", "conflict"

/// A conclusion for one line, or the overall one for a proposal.
struct Conclusion {
  Severity severity = Severity::Ok;
  std::string text;   // Chinese, for the report
  std::string basis;  // legal basis
  std::string rule;   // the rule it came from: its id, else "check.toml:42"
};

/// 重大项目级别: whether a proposal is a listed major project, and of which level.
enum class Major { None, Provincial, National };
const char* label(Major m);  // "无", "省级", "国家"
/// The level a text names ("国家", "国家级", "国家重大项目", "省级", "省", "无", "否", "一般",
/// "市级" — a city or county project is no listed major project);
/// nullopt when it names none. An empty text is Major::None.
std::optional<Major> major_of(const std::string& text);

/// An activity kind: what a project is, as the laws list it (142号's limited activities, the
/// major-project kinds of 自然资规〔2018〕3号, PV under 自然资办发〔2023〕12号, ...).
struct Activity {
  std::string id;                  // "pv"
  std::string name;                // "光伏发电"
  std::string category;            // the category a proposal without one gets; may be empty
  std::vector<std::string> match;  // texts standing for it ("光伏", "农光互补")
  std::string basis;               // where the kind comes from
};

/// What a proposal is, as the rules see it, and the state of one line.
struct Case {
  std::string line;      // redline, farmland, cultivated, urban
  std::string zone;      // urban sub-zone (zone_type); empty = the part outside the boundary
  std::string activity;  // activity kind id; empty = none matched
  Major major = Major::None;
  std::string category;
  State state = State::Clear;
  std::vector<std::string> controls;  // redline: 管控分区 of the conflicting pieces
};

/// The parsed rule pack.
struct Settings {
  std::filesystem::path path;
  double grid_m = 0.001;         // coordinate precision the overlay runs on
  double sliver_m2 = 1.0;        // a piece is a 疑似碎片 when below both thresholds
  double sliver_share = 0.0001;  // ... this share of the proposal
  std::vector<std::string> categories;
  std::string default_category = "其他";
  std::map<std::string, std::string> aliases;  // "工业用地" → "工业", "1001" → "工业"

  std::vector<Activity> activities;

  /// 三调 land classes (DLBM prefixes) of the land-use survey groups the check reports.
  struct LanduseGroups {
    std::vector<std::string> cultivated = {"0101", "0102", "0103"};
    std::vector<std::string> forest = {"03"};
    std::vector<std::string> grassland = {"04"};
    std::vector<std::string> wetland = {"00"};
  } landuse;
  /// True when a DLBM code starts with one of the group's entries.
  static bool in_group(const std::string& code, const std::vector<std::string>& group);

  struct Rule {
    std::string id;                       // for check.json's reasons; may be empty
    std::string line;                     // redline, farmland, cultivated, urban
    std::vector<std::string> zones;       // urban sub-zones; empty = the part outside
    std::vector<std::string> activities;  // activity kind ids; empty = any (none matched too)
    bool fallback = false;                // only when the activity matched no kind
    std::vector<Major> major;             // empty = any level
    std::vector<std::string> categories;  // empty = every category
    State when = State::Conflict;
    /// Only when a conflicting piece lies in a control zone whose name contains one of these
    /// (the red line's 管控分区, e.g. 核心保护区); empty = any.
    std::vector<std::string> control;
    Conclusion conclusion;
    std::string where;  // "rules/check.toml:42", for messages
  };
  std::vector<Rule> rules;

  /// The first rule for the case, or nullptr (sub-zone rules are optional).
  const Rule* find(const Case& c) const;
  /// The first rule's conclusion for the case. Throws tudi::Error naming the rule pack when
  /// none matches a case outside a sub-zone: a pack must say something about every case.
  const Conclusion& conclude(const Case& c) const;
  /// The same for a proposal with no activity kind and no major level.
  const Conclusion& conclude(const std::string& line, const std::string& category, State state,
                             const std::vector<std::string>& controls = {}) const;
  /// The category a proposal's text stands for (exact name, alias, or a category name it starts
  /// with, e.g. "工业用地" → "工业"); empty when none fits.
  std::string category_of(const std::string& text) const;
  /// The activity kind a 项目类型 text stands for: the kind with the longest `match` text the
  /// text contains; nullptr when none.
  const Activity* activity_of(const std::string& text) const;
  const Activity* activity(const std::string& id) const;
  /// True when the piece area counts as a sliver for a proposal of this area.
  bool is_sliver(double piece_m2, double proposal_m2) const {
    return piece_m2 < sliver_m2 && piece_m2 < sliver_share * proposal_m2;
  }
};

/// Parses a rule pack; errors name the file and line.
Settings load_settings(const RulePack& pack);
Settings load_settings(const std::filesystem::path& file);

}  // namespace tudi::check
