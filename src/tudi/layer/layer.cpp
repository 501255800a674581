#include "tudi/layer/layer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace tudi {

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

Envelope Layer::extent() const {
  Envelope e;
  for (const Feature& f : features)
    if (f.geometry) e.expand(geom::envelope(f.geometry));
  return e;
}

Layer result_layer(std::string name, const crs::Crs& crs, std::vector<FieldDef> fields) {
  Layer l;
  l.name = std::move(name);
  l.crs = crs;
  l.source_crs = crs;
  l.fields = std::move(fields);
  return l;
}

Layer Layer::clone() const {
  Layer out;
  out.name = name;
  out.source = source;
  out.role = role;
  out.crs = crs;
  out.source_crs = source_crs;
  out.fields = fields;
  out.mapping = mapping;
  out.report = report;
  out.features.reserve(features.size());
  for (const Feature& f : features)
    out.features.push_back({f.fid, f.geometry ? geom::clone(f.geometry) : geom::Geometry{}, f.values});
  return out;
}

void add_field_report(FieldReports& out, const Layer* layer) {
  if (!layer || layer->role.empty()) return;
  out[layer->role].merge(layer->report.fields);
}

void add_field_reports(FieldReports& out, const FieldReports& from) {
  for (const auto& [role, report] : from) out[role].merge(report);
}

std::vector<std::string> field_warnings(const FieldReports& reports) {
  std::vector<std::string> lines;
  for (const Role& r : roles()) {
    auto it = reports.find(std::string(r.name));
    if (it != reports.end() && !it->second.missing.empty())
      lines.push_back(field_report_text(r.name, it->second));
  }
  return lines;
}

}  // namespace tudi
