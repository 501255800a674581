#include "tudi/layer/layer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace tudi {

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::Integer: return "Integer";
    case FieldType::Real: return "Real";
    case FieldType::String: return "String";
    case FieldType::Date: return "Date";
  }
  return "?";
}

bool is_null(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return true;
  if (const auto* s = std::get_if<std::string>(&v)) {
    return std::all_of(s->begin(), s->end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  }
  return false;
}

std::string to_text(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", *d);
    return buf;
  }
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

std::optional<double> to_number(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? std::optional(*d) : std::nullopt;
  const auto* s = std::get_if<std::string>(&v);
  if (!s) return std::nullopt;
  std::string_view t = *s;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  if (!t.empty() && t.back() == '%') t.remove_suffix(1);  // "35%" in a percentage field
  double out = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(out))
    return std::nullopt;
  return out;
}

int Layer::field_index(std::string_view wanted) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string& n = fields[i].name;
    if (n.size() == wanted.size() &&
        std::equal(n.begin(), n.end(), wanted.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      return static_cast<int>(i);
  }
  return -1;
}

int Layer::canonical_index(std::string_view canonical) const {
  auto it = mapping.find(std::string(canonical));
  return it == mapping.end() ? -1 : field_index(it->second);
}

const Value& Layer::get(const Feature& f, std::string_view canonical) const {
  static const Value null;
  const int i = canonical_index(canonical);
  if (i < 0 || static_cast<std::size_t>(i) >= f.values.size()) return null;
  return f.values[static_cast<std::size_t>(i)];
}

std::string Layer::text(const Feature& f, std::string_view canonical) const {
  return to_text(get(f, canonical));
}

std::optional<double> Layer::number(const Feature& f, std::string_view canonical) const {
  return to_number(get(f, canonical));
}

std::string Layer::id_of(const Feature& f) const {
  std::string id = text(f, "id");
  return id.empty() ? std::to_string(f.fid) : id;
}

std::string Layer::where(const Feature& f) const {
  std::string w = source + ": feature " + std::to_string(f.fid);
  const std::string id = text(f, "id");
  if (!id.empty()) w += " (" + id + ")";
  return w;
}

geom::Envelope Layer::extent() const {
  geom::Envelope e;
  for (const Feature& f : features)
    if (f.geometry) e.expand(geom::envelope(f.geometry));
  return e;
}

}  // namespace tudi
