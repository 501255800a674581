#pragma once
// The result of the three-control-line check: plain structs, serialised by output.hpp (JSON,
// layers) and tables.hpp (XLSX) through one path each.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tudi/check/rules.hpp"
#include "tudi/layer/layer.hpp"
#include "tudi/core/units.hpp"

namespace tudi::check {

/// The lines a proposal is checked against, in report order, then the zones it is located in.
inline const std::vector<std::string> kLines = {"redline", "farmland", "urban"};
inline const std::vector<std::string> kRoles = {"redline", "farmland", "urban", "zones"};
/// "生态保护红线", "永久基本农田", "城镇开发边界", "开发区".
std::string line_alias(const std::string& role);

/// One overlap polygon: a connected piece of a proposal within one control feature (or, for
/// the urban line, outside the boundary).
struct Piece {
  std::size_t proposal = 0;      // index into Result::proposals
  std::string line;              // "redline", "farmland", "urban" (outside part)
  std::int64_t source_fid = -1;  // the control feature it came from (-1 for urban outside)
  std::string source_id;         // that feature's id field, or its fid
  std::string land_class;        // farmland: DLBM
  std::string control;           // redline: its 管控分区 (核心保护区 / 一般控制区)
  units::Area area;
  bool sliver = false;
  geom::Geometry geometry;
};

/// A proposal against one line (for urban: its part outside the boundary).
struct LineResult {
  bool checked = false;
  std::string reason;   // why not checked
  units::Area overlap;  // every piece, slivers included
  double share = 0;     // overlap / proposal (planar)
  int pieces = 0;       // slivers included
  double largest_m2 = 0;
  int sliver_pieces = 0;
  units::Area slivers;
  std::map<std::string, units::Area> by_class;  // farmland: per land class
  std::vector<std::string> controls;            // redline: 管控分区 of the conflicting pieces
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
  std::string category_given;      // the text it came from
  bool checked = false;            // false: bad geometry etc., see reason
  std::string reason;              // why it was not checked
  std::vector<std::string> notes;  // reprojected, unknown category, overlay retried, ...
  units::Area area;
  geom::Geometry geometry;                  // as given
  std::map<std::string, LineResult> lines;  // redline, farmland, urban
  bool zones_checked = false;
  std::vector<ZoneHit> zones;   // largest overlap first
  const ZoneHit* zone() const;  // the containing zone, if any
  Conclusion conclusion;        // overall: the most severe line
};

/// The overlays a line needed (pairs no cheap test settled) and how many of them were retried
/// on the grid because the floating overlay on the coordinates as read failed or left a part
/// thinner than the grid.
struct OverlayCount {
  std::int64_t overlays = 0, retried = 0;
};

struct Result {
  crs::Crs crs;
  Rules rules;
  std::vector<ProposalResult> proposals;
  std::vector<Piece> pieces;                          // by proposal, line, source feature
  std::map<std::string, std::string> unchecked;       // role → why it was not checked
  std::vector<std::string> notes;                     // about the control layers (read reports)
  std::map<std::string, std::int64_t> features_read;  // role → features compared
  std::map<std::string, OverlayCount> overlays;       // role → overlays run and retried
  int duplicate_ids = 0;  // proposals whose id an earlier one had: renamed "id#2", noted

  int count(Severity s) const;
  int invalid_count() const;
  bool any_blocking() const { return count(Severity::Blocking) > 0; }
};

}  // namespace tudi::check
