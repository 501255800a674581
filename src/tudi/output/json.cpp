#include "tudi/output/json.hpp"

#include <cmath>

namespace tudi::output {

double rounded(double v, int decimals) {
  const double s = std::pow(10.0, decimals);
  return std::round(v * s) / s;
}

nlohmann::json json_value(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

nlohmann::json json_date(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->iso()) : nlohmann::json(nullptr);
}

nlohmann::json area_json(const units::Area& a) {
  return {{"planar_m2", rounded(a.planar_m2, 4)},
          {"ellipsoidal_m2", rounded(a.ellipsoidal_m2, 4)},
          {"mu", rounded(a.ellipsoidal_mu(), 6)},
          {"ha", rounded(a.ellipsoidal_ha(), 6)}};
}

nlohmann::json area_json(const std::optional<units::Area>& a) {
  return a ? area_json(*a) : nlohmann::json(nullptr);
}

nlohmann::json field_report_json(const FieldReport& report) {
  return {{"missing", report.missing}, {"guessed", report.guessed}};
}

FieldReport field_report_from_json(const nlohmann::json& j) {
  FieldReport r;
  if (!j.is_object()) return r;
  if (j.contains("missing")) r.missing = j["missing"].get<std::vector<std::string>>();
  if (j.contains("guessed")) r.guessed = j["guessed"].get<std::map<std::string, std::string>>();
  return r;
}

nlohmann::json fields_json(const FieldReports& reports) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [role, r] : reports) j[role] = field_report_json(r);
  return j;
}

}  // namespace tudi::output
