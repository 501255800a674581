#include "tudi/output/json.hpp"

namespace tudi::output {

nlohmann::json json_value(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

nlohmann::json json_date(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->iso()) : nlohmann::json(nullptr);
}

}  // namespace tudi::output
