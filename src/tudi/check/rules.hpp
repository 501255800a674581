#pragma once
// The check rule pack (rules/check.toml): conclusions as data, DOMAIN §6.

#include <filesystem>
#include <map>
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
};

/// The parsed rule pack.
struct Rules {
  std::filesystem::path path;
  double grid_m = 0.001;         // coordinate precision the overlay runs on
  double sliver_m2 = 1.0;        // a piece is a 疑似碎片 when below both thresholds
  double sliver_share = 0.0001;  // ... this share of the proposal
  std::vector<std::string> categories;
  std::string default_category = "其他";
  std::map<std::string, std::string> aliases;  // "工业用地" → "工业", "1001" → "工业"

  struct Rule {
    std::string line;                     // redline, farmland, urban
    std::vector<std::string> categories;  // empty = every category
    State when = State::Conflict;
    /// Only when a conflicting piece lies in a control zone whose name contains one of these
    /// (the red line's 管控分区, e.g. 核心保护区); empty = any.
    std::vector<std::string> control;
    Conclusion conclusion;
    std::string where;  // "rules/check.toml:42", for messages
  };
  std::vector<Rule> rules;

  /// The first rule for (line, category, state). Throws tudi::Error naming the rule pack when
  /// none matches: a pack must say something about every case.
  const Conclusion& conclude(const std::string& line, const std::string& category, State state,
                             const std::vector<std::string>& controls = {}) const;
  /// The category a proposal's text stands for (exact name, alias, or a category name it starts
  /// with, e.g. "工业用地" → "工业"); empty when none fits.
  std::string category_of(const std::string& text) const;
  /// True when the piece area counts as a sliver for a proposal of this area.
  bool is_sliver(double piece_m2, double proposal_m2) const {
    return piece_m2 < sliver_m2 && piece_m2 < sliver_share * proposal_m2;
  }
};

/// Parses a rule pack; errors name the file and line.
Rules load_rules(const RulePack& pack);
Rules load_rules(const std::filesystem::path& file);

}  // namespace tudi::check
