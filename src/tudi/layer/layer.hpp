#pragma once
// The in-memory layer every analysis takes: geometries in one CRS plus typed attributes,
// already decoded to UTF-8, with the field mapping from canonical names to the source's own.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/core/roles.hpp"
#include "tudi/core/value.hpp"
#include "tudi/crs/crs.hpp"
#include "tudi/geom/geos.hpp"

namespace tudi {

struct Feature {
  std::int64_t fid = 0;  // the source's feature id (1-based line order for TXT plots)
  geom::Geometry geometry;
  std::vector<Value> values;  // parallel to Layer::fields
};

/// What reading a layer found out and did; shown by `tudi info` and kept in manifests.
struct ReadReport {
  std::string encoding;              // "UTF-8", "CP936", ...
  std::string encoding_how;          // ".cpg file", "DBF language driver 0x4D", ...
  int invalid = 0;                   // invalid geometries found
  int repaired = 0;                  // of which repaired with MakeValid
  std::vector<std::string> repairs;  // "feature 12: Self-intersection[...] → repaired"
  int empty_skipped = 0;             // features with no geometry at all
  std::vector<std::string> warnings; // anything else the user should know
  std::string crs_how;               // "declared in .prj", "detected: zone prefix 38 in easting"
  FieldReport fields;                // the role's canonical fields missing, and the guesses
  /// fid → why its geometry was left out, in words for the planner's table (NaN or infinite coordinates, a point PROJ cannot
  /// transform): reads that keep such features (proposals) keep them without geometry, so
  /// the feature is reported by id while the others are analysed.
  std::map<std::int64_t, std::string> unusable;
};

class Layer {
 public:
  std::string name;    // layer name ("YJJBNTTB")
  std::string source;  // where it was read from, for messages
  std::string role;    // "farmland", ... or empty
  crs::Crs crs;        // the CRS the geometries are in now
  crs::Crs source_crs; // the CRS they were read in
  std::vector<FieldDef> fields;
  std::vector<Feature> features;
  FieldMapping mapping;
  ReadReport report;

  /// Index of a field by its source name (case-insensitive), or -1.
  int field_index(std::string_view name) const;
  /// Index of the source field a canonical name maps to, or -1 when unmapped.
  int canonical_index(std::string_view canonical) const;
  bool has(std::string_view canonical) const { return canonical_index(canonical) >= 0; }
  /// A feature's value for a canonical field; null when unmapped or empty.
  const Value& get(const Feature& f, std::string_view canonical) const;
  std::string text(const Feature& f, std::string_view canonical) const;
  std::optional<double> number(const Feature& f, std::string_view canonical) const;
  /// The feature's id for messages and outputs: the canonical `id` field, else its fid.
  std::string id_of(const Feature& f) const;
  /// "parcels.shp: feature 12 (DK-012)" for messages.
  std::string where(const Feature& f) const;
  Envelope extent() const;
  /// A deep copy (geometries cloned), for one reading handed to two owners.
  Layer clone() const;
};

/// An empty layer of an analysis's results, in `crs` (read and written in it).
Layer result_layer(std::string name, const crs::Crs& crs, std::vector<FieldDef> fields);

/// Per role, what the field mappings of the layers an analysis read found: every analysis'
/// result carries it (JSON "fields", the console's warnings, the report's run record).
using FieldReports = std::map<std::string, FieldReport>;

/// Adds `layer`'s field report under its role (merged with one already there); a null layer
/// or one without a role adds nothing.
void add_field_report(FieldReports& out, const Layer* layer);
/// Merges `from` into `out`, role by role.
void add_field_reports(FieldReports& out, const FieldReports& from);
/// One console line per role with missing fields (field_report_text), in role order.
std::vector<std::string> field_warnings(const FieldReports& reports);

}  // namespace tudi
