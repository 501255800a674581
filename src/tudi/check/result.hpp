#pragma once
// The result of the three-control-line check: plain structs, serialised by output.hpp (JSON,
// tables, layers) through one path each.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tudi/check/settings.hpp"
#include "tudi/layer/layer.hpp"
#include "tudi/core/units.hpp"

namespace tudi::check {

/// The lines a proposal is checked against, in report order: the three control lines and the
/// cultivated land outside permanent farmland (from the land-use survey).
inline const std::vector<std::string> kLines = {"redline", "farmland", "cultivated", "urban"};
/// The layers the check reads besides the proposals: each line's, then the zones it is located in.
inline const std::vector<std::string> kRoles = {"redline", "farmland", "urban", "landuse",
                                                "zones"};
/// "生态保护红线", "永久基本农田", "耕地（永久基本农田以外）", "城镇开发边界", "国土调查地类图斑", "开发区".
std::string line_alias(const std::string& line_or_role);
/// The layer role a line comes from (cultivated → landuse; the others are their own).
std::string role_of(const std::string& line);

/// The vintage of a layer (the project file's version / document / date of [layers.X]).
struct Vintage {
  std::string version, document, date;
  bool empty() const { return version.empty() && document.empty() && date.empty(); }
};

/// A rule that fired for a proposal: the line (and sub-zone) it spoke of and its conclusion.
struct Reason {
  std::string line;  // redline, farmland, cultivated, urban
  std::string zone;  // urban sub-zone, or empty
  Conclusion conclusion;
};

/// One overlap polygon: a connected piece of a proposal within one control feature (or, for
/// the urban line, outside the boundary).
struct Piece {
  std::size_t proposal = 0;      // index into Result::proposals
  std::string line;              // "redline", "farmland", "urban" (outside part)
  std::int64_t source_fid = -1;  // the control feature it came from (-1 for urban outside)
  std::string source_id;         // that feature's id field, or its fid
  std::string land_class;        // farmland, cultivated: DLBM
  std::string control;           // redline: its 管控分区 (核心保护区 / 一般控制区); urban: 功能分区
  std::string grade;             // cultivated: the quality grade (耕地质量等别), if the layer has it
  units::Area area;
  /// The area as the bureau counts it: the piece's share of its source polygon × TBDLMJ
  /// (DOMAIN §3); negative when the source carries no TBDLMJ.
  double official_m2 = -1;
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
  units::Area largest;  // the largest piece (by planar area)
  int sliver_pieces = 0;
  units::Area slivers;
  std::map<std::string, units::Area> by_class;  // farmland, cultivated: per land class
  std::vector<std::string> controls;            // redline: 管控分区 of the conflicting pieces
  /// Official area (DOMAIN §3): Σ share × TBDLMJ, the ellipsoidal area for pieces whose source
  /// has no TBDLMJ; `official_pieces` counts the pieces that had it.
  double official_m2 = 0;
  int official_pieces = 0;
  std::map<std::string, double> by_grade;       // cultivated: official m² per quality grade
  std::map<std::string, units::Area> by_zone;   // urban: the overlap with each sub-zone
  State state = State::Clear;
  Conclusion conclusion;
};

/// A development zone a proposal lies in (wholly or in part).
struct ZoneHit {
  std::string name;
  units::Area overlap;
  bool contains = false;  // the proposal lies inside, slivers aside
};

/// The land-use survey classes a proposal occupies (DOMAIN §6, for the 林地/草原/湿地 permits).
struct LanduseResult {
  bool checked = false;
  std::string reason;
  std::map<std::string, units::Area> by_class;  // every DLBM
  units::Area forest, grassland, wetland;
};

struct ProposalResult {
  std::string id, name, category, source;
  std::string category_given;      // the text it came from
  std::string activity_given;      // 项目类型 as given (the category's text when none)
  std::string activity;            // the activity kind id; empty when none matched
  std::string activity_name;       // that kind's name
  bool activity_fallback = false;  // judged by the category rules: no kind matched
  Major major = Major::None;
  std::string major_given;
  bool checked = false;            // false: bad geometry etc., see reason
  std::string reason;              // why it was not checked
  std::vector<std::string> notes;  // reprojected, unknown category, overlay retried, ...
  units::Area area;
  geom::Geometry geometry;                  // as given
  std::map<std::string, LineResult> lines;  // redline, farmland, cultivated, urban
  LanduseResult landuse;
  bool zones_checked = false;
  std::vector<ZoneHit> zones;   // largest overlap first
  const ZoneHit* zone() const;  // the containing zone, if any
  Conclusion conclusion;        // overall: the most severe line, its rule the deciding one
  std::vector<Reason> reasons;  // every rule that fired, the deciding one first
};

/// The overlays a line needed (pairs no cheap test settled) and how many of them were retried
/// on the grid because the floating overlay on the coordinates as read failed or left a part
/// thinner than the grid.
struct OverlayCount {
  std::int64_t overlays = 0, retried = 0;
};

struct Result {
  crs::Crs crs;
  std::string crs_why;  // which working CRS and why (ProjectLayers::crs_why); empty when given
  FieldReports fields;  // per role read: canonical fields missing, source fields guessed
  Settings rules;
  std::vector<ProposalResult> proposals;
  std::vector<Piece> pieces;                          // by proposal, line, source feature
  std::map<std::string, std::string> unchecked;       // role → why it was not checked
  std::vector<std::string> notes;                     // about the control layers (read reports)
  std::map<std::string, std::int64_t> features_read;  // role → features compared
  std::map<std::string, Vintage> vintage;             // role → its data's vintage, if given
  std::map<std::string, OverlayCount> overlays;       // role → overlays run and retried
  int duplicate_ids = 0;  // proposals whose id an earlier one had: renamed "id#2", noted

  int count(Severity s) const;
  int invalid_count() const;
  bool any_blocking() const { return count(Severity::Blocking) > 0; }
};

}  // namespace tudi::check
