#pragma once
// The three-control-line check (三线核查), DOMAIN §6: proposals against the ecological red line,
// permanent basic farmland and the urban development boundary, located in development zones.
// Layers and a rule pack in, a Result out; check_output.hpp turns it into JSON, tables, layers.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tudi/check/rules.hpp"
#include "tudi/core/layer.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/core/units.hpp"
#include "tudi/io/reader.hpp"

namespace tudi {
struct Project;
}

namespace tudi::check {

/// The lines a proposal is checked against, in report order, then the zones it is located in.
inline const std::vector<std::string> kLines = {"redline", "farmland", "urban"};
inline const std::vector<std::string> kRoles = {"redline", "farmland", "urban", "zones"};
/// "生态保护红线", "永久基本农田", "城镇开发边界", "开发区".
std::string line_alias(const std::string& role);

struct Options {
  /// Proposal sources (layers, 界址点 TXT files or folders); empty = the project's proposals.
  std::vector<std::string> proposals;
  /// The project category for every proposal, overriding the layer's category field.
  std::string category;
  std::set<std::string> skip;  // roles not to check (--skip redline)
  int threads = 0;             // 0 = every core
  Progress progress;
};

/// A control layer: streamed from a source, or taken from memory (tests, the viewer).
struct Control {
  std::optional<io::LayerSource> source;
  const Layer* layer = nullptr;
};

/// Everything the check needs, already settled: proposals in the working CRS (not repaired:
/// invalid ones are reported, not fixed behind the user's back) and the control layers.
struct Input {
  crs::Crs crs;
  std::vector<Layer> proposals;
  std::map<std::string, Control> controls;       // role → layer, for the roles to check
  std::map<std::string, std::string> unchecked;  // role → why not ("未配置", "--skip")
};

/// One overlap polygon: a connected piece of a proposal within one control feature (or, for
/// the urban line, outside the boundary).
struct Piece {
  std::size_t proposal = 0;     // index into Result::proposals
  std::string line;             // "redline", "farmland", "urban" (outside part)
  std::int64_t source_fid = -1; // the control feature it came from (-1 for urban outside)
  std::string source_id;        // that feature's id field, or its fid
  std::string land_class;       // farmland: DLBM
  units::Area area;
  bool sliver = false;
  geom::Geometry geometry;
};

/// A proposal against one line (for urban: its part outside the boundary).
struct LineResult {
  bool checked = false;
  std::string reason;     // why not checked
  units::Area overlap;    // every piece, slivers included
  double share = 0;       // overlap / proposal (planar)
  int pieces = 0;         // slivers included
  double largest_m2 = 0;
  int sliver_pieces = 0;
  units::Area slivers;
  std::map<std::string, units::Area> by_class;  // farmland: per land class
  State state = State::Clear;
  Conclusion conclusion;
};

/// A development zone a proposal lies in (wholly or in part).
struct ZoneHit {
  std::string name;
  units::Area overlap;
  bool contains = false;  // the proposal lies inside, slivers aside
};

struct ProposalResult {
  std::string id, name, category, source;
  std::string category_given;       // the text it came from
  bool checked = false;             // false: bad geometry etc., see reason
  std::string reason;               // why it was not checked
  std::vector<std::string> notes;   // reprojected, unknown category, overlay retried, ...
  units::Area area;
  geom::Geometry geometry;          // as checked (on the grid); as given when not checked
  std::map<std::string, LineResult> lines;  // redline, farmland, urban
  bool zones_checked = false;
  std::vector<ZoneHit> zones;       // largest overlap first
  const ZoneHit* zone() const;      // the containing zone, if any
  Conclusion conclusion;            // overall: the most severe line
};

struct Result {
  crs::Crs crs;
  Rules rules;
  std::vector<ProposalResult> proposals;
  std::vector<Piece> pieces;                     // by proposal, line, source feature
  std::map<std::string, std::string> unchecked;  // role → why it was not checked
  std::vector<std::string> notes;                // about the control layers (read reports)
  std::map<std::string, std::int64_t> features_read;  // role → features compared

  int count(Severity s) const;
  int invalid_count() const;
  bool any_blocking() const { return count(Severity::Blocking) > 0; }
};

/// Runs the check on settled input.
Result run(const Input& input, const Rules& rules, const Options& options = {});

/// Reads the project's proposals (or options.proposals) and settles the control layers, then
/// runs the check with the project's rule pack (check.toml). Control layers are streamed, never
/// held whole. Throws tudi::Error when a configured layer cannot be read, UsageError when no
/// proposals are named.
Result run(const Project& project, const Options& options);

/// Reads proposal sources into the working CRS, one layer per source (a TXT folder gives one
/// layer per file), features without geometry kept so they can be reported.
std::vector<Layer> read_proposals(const std::vector<io::LayerSource>& sources,
                                  const crs::Crs& working);

}  // namespace tudi::check
