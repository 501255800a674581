#pragma once
// The layer roles of a project and the canonical schema of each: the one table that says which
// fields analyses use, their Chinese alias, and the source names field detection looks for.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/core/value.hpp"

namespace tudi {

enum class Kind { Text, Number, Date, Flag };  // Flag: 是/否, Y/N, 1/0, true/false

struct CanonicalField {
  std::string_view name;        // canonical name used by analyses ("land_class")
  std::string_view alias;       // Chinese name shown to users ("地类编码")
  Kind kind;
  std::string_view unit;        // "亩", "万元", "%" or empty
  std::vector<std::string_view> candidates;  // typical source names, DOMAIN §11
  /// A layer without it cannot play the role: its analyses would answer wrongly, not merely
  /// with less detail. Giving a loose layer the role by hand (assign_role) is refused then.
  bool required = false;
};

struct Role {
  std::string_view name;   // "farmland"
  std::string_view alias;  // "永久基本农田"
  std::string_view typical_layer;  // "YJJBNTTB"
  std::vector<CanonicalField> fields;
};

/// Every role: redline, farmland, urban, zones, parcels, proposals, landuse, approvals.
std::span<const Role> roles();
/// The role by name, or nullptr.
const Role* find_role(std::string_view name);
const CanonicalField* find_field(const Role& role, std::string_view canonical);

/// What completing a layer's field mapping could not do and did on its own: the role's
/// canonical fields no source field was found for (their values read as null, so statistics
/// fall to 未知 and ids to feature numbers), and the source fields taken for canonical ones by
/// their names (neither named in the project file nor spelled as the canonical name). Every
/// analysis reports it per role, so a wrong or missing mapping is never silent.
struct FieldReport {
  std::vector<std::string> missing;            // canonical names, in the role's order
  std::map<std::string, std::string> guessed;  // source name → canonical name
  bool empty() const { return missing.empty() && guessed.empty(); }
  /// Adds another layer's report of the same role (several proposal files): the union.
  void merge(const FieldReport& other);
};

/// A field mapping and its report.
struct ResolvedFields {
  FieldMapping mapping;
  FieldReport report;
};

/// Completes a layer's field mapping: explicit entries are checked to exist, and each canonical
/// field without one is detected from the candidate names. Exactly one candidate present →
/// mapped; two or more → tudi::Error naming the layer and every candidate found, asking the
/// user to choose in the project file (never guesses between two); none → the field whose name
/// is the canonical field's Chinese alias (地类编码 for land_class) if no other canonical field
/// took it, else left unmapped and reported missing.
ResolvedFields resolve_fields(const Role& role, const std::vector<FieldDef>& fields,
                              const FieldMapping& explicit_mapping, const std::string& where);
/// resolve_fields' mapping alone.
FieldMapping resolve_mapping(const Role& role, const std::vector<FieldDef>& fields,
                             const FieldMapping& explicit_mapping, const std::string& where);

/// The sentence for a role's report: the canonical fields missing and the guesses; empty when
/// the report is empty. For the console (canonical names with their aliases, and where to name
/// a field), or with `chinese_only` for deliverables (the report's run record): aliases alone.
std::string field_report_text(std::string_view role, const FieldReport& report,
                              bool chinese_only = false);

/// The role a layer most likely plays, from its name (YJJBNTTB → farmland) or, failing that,
/// from the role whose distinctive field names it carries; empty when nothing points anywhere.
/// Used only to describe unconfigured sources (`tudi info`, the viewer's suggestion and style),
/// never to run an analysis: a role is configured (tudi.toml) or assigned (assign_role).
std::string guess_role(std::string_view layer_name, const std::vector<FieldDef>& fields);

/// Interprets a flag value (是/否, Y/N, 1/0, true/false, 已/未); nullopt when unreadable.
std::optional<bool> to_flag(const Value& v);

}  // namespace tudi
