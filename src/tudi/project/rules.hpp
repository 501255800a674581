#pragma once
// Rule packs: the bureau-overridable data (conclusions, thresholds, indicators) under rules/.

#include <toml++/toml.h>

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>

namespace tudi {

struct Project;

/// A parsed rule-pack file and where it came from (for messages and the manifest).
struct RulePack {
  std::filesystem::path path;
  toml::table table;
  /// "rules/check.toml:12" for a node of this file, for error messages.
  std::string where(const toml::node& node) const;
};

/// The node's value as a finite number (integer or float), or nothing: toml++ reads `nan` and
/// `inf` as floats, and no threshold, distance or weight may be either (a NaN passes every
/// `< lo || > hi` test and reaches GEOS as a buffer distance).
std::optional<double> finite_number(const toml::node& node);

/// Refuses a key of `t` that is not in `known`, naming file, line and the closest known key:
/// a misspelt threshold ("min_aera_m2") would otherwise leave the default in force unseen.
/// `in` names the table for the message ("[sliver]", "the top level").
void refuse_unknown_keys(const RulePack& pack, const toml::table& t,
                         std::initializer_list<std::string_view> known, std::string_view in);
/// The same where a caller names the nodes itself (`where(node)` → "tudi.toml:14").
void refuse_unknown_keys(const std::function<std::string(const toml::node&)>& where,
                         const toml::table& t, std::initializer_list<std::string_view> known,
                         std::string_view in);

/// The number at `key` of `t` when it is there and within [lo, hi], else `fallback` when it is
/// absent; anything else (a string, NaN, a negative threshold) is an error at its line.
double number_in(const RulePack& pack, const toml::table& t, std::string_view key,
                 double fallback, double lo, double hi);

/// The folder rule packs are read from: the project's analysis.rules when set, else
/// data_dir()/rules (the installed rules/, or this tree's in a build tree), symlinks resolved.
std::filesystem::path rules_dir(const Project& project);

/// Loads `<rules_dir>/<name>.toml`; a bureau overrides a pack by pointing analysis.rules at a
/// folder with its own copy. Errors name the file and line.
RulePack load_rule_pack(const Project& project, const std::string& name);
RulePack load_rule_pack(const std::filesystem::path& file);

}  // namespace tudi
