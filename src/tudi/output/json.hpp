#pragma once
// The JSON spellings every analysis' output shares: an attribute value as its JSON type, an
// absent optional (number, text, date) as null, and an area in one shape.

#include <nlohmann/json.hpp>

#include <optional>

#include "tudi/core/date.hpp"
#include "tudi/core/units.hpp"
#include "tudi/core/value.hpp"
#include "tudi/layer/layer.hpp"

namespace tudi::output {

/// `v` rounded to `decimals` places, as every JSON figure is written (m² to 4, 亩 and 公顷 to 6).
double rounded(double v, int decimals);

/// An integer, real or text value as that JSON type; a null value as null.
nlohmann::json json_value(const Value& v);

/// The value, or null when there is none.
template <class T>
nlohmann::json json_or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

/// The date as ISO "YYYY-MM-DD", or null when there is none.
nlohmann::json json_date(const std::optional<Date>& d);

/// An area as every analysis writes it: {"planar_m2", "ellipsoidal_m2", "mu", "ha"}, m² to 4
/// decimals, 亩 and 公顷 (6 decimals) of the ellipsoidal figure, the official survey area.
nlohmann::json area_json(const units::Area& a);

/// The area, or null when there is none.
nlohmann::json area_json(const std::optional<units::Area>& a);

/// One role's field report: {"missing": [canonical…], "guessed": {source: canonical}}.
nlohmann::json field_report_json(const FieldReport& report);
/// The same, back (the report's run record reads it from the manifest).
FieldReport field_report_from_json(const nlohmann::json& j);
/// Every analysis' "fields": field_report_json per role.
nlohmann::json fields_json(const FieldReports& reports);

}  // namespace tudi::output
