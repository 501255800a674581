#pragma once
// The project file (tudi.toml): layers by role and the analysis settings.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "tudi/core/date.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/project/rules.hpp"

namespace tudi {

struct AnalysisSettings {
  std::string crs = "auto";  // "EPSG:4528" or "auto": the layers' own GK zone
  std::string as_of;         // YYYY-MM-DD; empty = today
  std::filesystem::path rules;  // rule-pack folder; empty = the bundled rules/
};

struct Project {
  std::filesystem::path file;  // the tudi.toml it came from (empty when built from options)
  AnalysisSettings analysis;
  std::map<std::string, io::LayerSource> layers;  // role → source (paths made absolute)
  /// Each section other than [analysis] and [layers] ([supply], [zones], [report], ...) as
  /// parsed from the file, for the analyses that keep settings there: its nodes keep their
  /// lines, so an error in one names "tudi.toml:14", as a rule pack's does. Shared, not copied:
  /// a copied TOML node forgets its line.
  std::map<std::string, std::shared_ptr<const RulePack>> sections;

  bool has(const std::string& role) const { return layers.count(role) != 0; }
  /// The source of a role; throws tudi::UsageError saying which command needs it.
  const io::LayerSource& need(const std::string& role, const std::string& command) const;
  /// Sets a section from TOML text (its body, without the [name] header), for a project built
  /// in code; errors name `file`.
  void set_section(const std::string& name, std::string_view toml);
};

/// Parses a project file; relative sources resolve against its folder. Errors name the file
/// and line ("tudi.toml:12: ...").
Project load_project(const std::filesystem::path& file);

/// The date the analyses judge at: [analysis] as_of, or today when it is empty. Throws
/// tudi::UsageError when it is not a date (a project built in code; load_project checks its own).
Date as_of_date(const Project& project);

/// Per-role overrides from the command line (--farmland SRC): replaces or adds the role's source.
void override_source(Project& p, const std::string& role, const std::string& source);

/// The layers of a project read into one working CRS, by role; unconfigured roles are absent.
struct ProjectLayers {
  crs::Crs crs;
  std::string crs_why;  // which working CRS and why ("analysis.crs = auto：取图层 …")
  std::map<std::string, Layer> layers;
  const Layer* find(const std::string& role) const;
};

/// Reads the configured layers among `roles` into the working CRS (normalised and repaired).
/// Configured layers that cannot be read are errors; unconfigured ones are simply absent.
ProjectLayers load_layers(const Project& p, const std::vector<std::string>& roles,
                          const Progress& progress = {});

/// The working CRS: the configured one, or with "auto" the GK zone of the layers (after
/// detection) in role order, a zone with the prefix in the eastings first; `why` (if given)
/// says which layer's and why. Throws tudi::Error when nothing names or implies a zone.
crs::Crs working_crs(const Project& p, std::string* why = nullptr);

/// "工作坐标系 EPSG:4526（why）", the head of every analysis' console output; `why` is
/// ProjectLayers::crs_why (empty: no parenthesis).
std::string crs_sentence(const std::string& label, const std::string& why);

}  // namespace tudi
