#pragma once
// Attribute values and field definitions: what a layer's table holds, below the geometry and
// CRS types, so the role table (roles.hpp) and the date reader need no geometry.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace tudi {

enum class FieldType { Integer, Real, String, Date };
const char* to_string(FieldType t);

struct FieldDef {
  std::string name;
  FieldType type = FieldType::String;
};

/// An attribute value. Dates are kept as the ISO text GDAL gives ("2021-03-05") so that
/// analyses parse them with the tolerant date reader, the same way as dates typed in text fields.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

bool is_null(const Value& v);
std::string to_text(const Value& v);            // "" for null
std::optional<double> to_number(const Value& v); // parses text too ("12.5"); nullopt if not a number
/// The number as a value; none as null (a blank cell, a null attribute).
inline Value optional_value(const std::optional<double>& v) { return v ? Value{*v} : Value{}; }

/// Canonical field name → the source's field name, for one layer role.
using FieldMapping = std::map<std::string, std::string>;

}  // namespace tudi
