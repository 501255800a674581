#pragma once
// The three-control-line check (三线核查), DOMAIN §6: proposals against the ecological red line,
// permanent basic farmland and the urban development boundary, located in development zones.
// Layers and a rule pack in, a Result out; output.hpp turns it into JSON,
// layers and tables.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tudi/check/result.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/io/reader.hpp"

namespace tudi {
struct Project;
struct ProjectLayers;
}

namespace tudi::check {

/// More threads than any server has: beyond it a --threads value is a typo, not a wish.
inline constexpr int kMaxThreads = 1024;

struct Options {
  /// Proposal sources (layers, 界址点 TXT files or folders); empty = the project's proposals.
  std::vector<std::string> proposals;
  /// The project category for every proposal, overriding the layer's category field.
  std::string category;
  /// What every proposal is (项目类型, e.g. 光伏发电), overriding the layer's activity field.
  std::string activity;
  /// 重大项目级别 of every proposal (国家 / 省级 / 无), overriding the layer's major field.
  std::string major;
  std::set<std::string> skip;  // roles not to check (--skip redline)
  int threads = 0;             // 0 = every core; at most kMaxThreads
  Progress progress;
};

/// A control layer: streamed from a source, or taken from memory (tests, the viewer).
struct Control {
  std::optional<io::LayerSource> source;
  const Layer* layer = nullptr;
};

/// Everything the check needs, already settled: proposals in the working CRS (not repaired:
/// invalid ones are reported, not fixed behind the user's back) and the control layers.
struct Inputs {
  crs::Crs crs;
  std::string crs_why;  // how the working CRS was chosen, for the outputs
  std::vector<Layer> proposals;
  std::map<std::string, Control> controls;       // role → layer, for the roles to check
  std::map<std::string, std::string> unchecked;  // role → why not ("未配置", "--skip")
  std::map<std::string, Vintage> vintage;        // role → the vintage of its data
};

/// The vintage the project file gives a layer (version, document, date of [layers.X]).
Vintage vintage_of(const io::LayerSource& src);

/// Runs the check on settled input.
Result analyse(const Inputs& input, const Settings& settings, const Options& options = {});

/// Reads the project's proposals (or options.proposals) and settles the control layers, then
/// runs the check with the project's rule pack (check.toml). Control layers are streamed, never
/// held whole. Throws tudi::Error when a configured layer cannot be read, UsageError when no
/// proposals are named.
Result run(const Project& project, const Options& options);
/// The same over layers already read once (the report's LayerSet): the control lines `layers`
/// holds are used as read, any other configured line is streamed from its source;
/// `proposals` as read_proposals() gave them (options.proposals is not read).
Result run(const Project& project, const ProjectLayers& layers, std::vector<Layer> proposals,
           const Options& options);

/// Reads proposal sources into the working CRS, one layer per source (a TXT folder gives one
/// layer per file), features without geometry kept so they can be reported.
std::vector<Layer> read_proposals(const std::vector<io::LayerSource>& sources,
                                  const crs::Crs& working);

}  // namespace tudi::check
