// check.json.
#include "tudi/check/output.hpp"

#include <fstream>
#include <string_view>

#include "tudi/core/error.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/output/json.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace tudi::check {
namespace {

double m2(double v) {
  return output::rounded(v, 4);
}
double share(double v) {
  return output::rounded(v, 8);
}

json conclusion_json(const Conclusion& c) {
  return {{"severity", to_string(c.severity)},
          {"label", label(c.severity)},
          {"text", c.text},
          {"basis", c.basis},
          {"rule", c.rule}};
}

json areas_json(const std::map<std::string, units::Area>& by) {
  json j = json::object();
  for (const auto& [k, a] : by) j[k] = output::area_json(a);
  return j;
}

/// The official figure (TBDLMJ share) when some piece had one; null when the layer has none.
json official_json(const LineResult& lr) {
  return lr.pieces == 0 || lr.official_pieces > 0 ? json(m2(lr.official_m2)) : json(nullptr);
}

json line_json(const std::string& line, const LineResult& lr) {
  if (!lr.checked) return {{"checked", false}, {"reason", lr.reason}};
  json j;
  j["checked"] = true;
  if (line == "urban") {
    j["outside"] = output::area_json(lr.overlap);
    j["share_outside"] = share(lr.share);
  } else {
    j["overlap"] = output::area_json(lr.overlap);
    j["share"] = share(lr.share);
  }
  j["pieces"] = lr.pieces;
  j["largest"] = output::area_json(lr.largest);
  j["sliver_pieces"] = lr.sliver_pieces;
  j["slivers"] = output::area_json(lr.slivers);
  if (line == "farmland" || line == "cultivated") {
    j["official_m2"] = official_json(lr);
    j["by_class"] = areas_json(lr.by_class);
  }
  if (line == "cultivated") {
    // 占补平衡: the same area (as the bureau counts it) of the same quality is owed.
    j["balance_owed_m2"] = m2(lr.official_m2);
    json by = json::object();
    for (const auto& [grade, a] : lr.by_grade) by[grade] = m2(a);
    j["balance_owed_by_grade"] = by;
  }
  if (line == "urban") j["by_zone"] = areas_json(lr.by_zone);
  if (line == "redline") j["controls"] = lr.controls;
  j["state"] = to_string(lr.state);
  j["conclusion"] = conclusion_json(lr.conclusion);
  return j;
}

/// check.json without its proposals (an empty array in their place).
json head_json(const Result& r) {
  json doc;
  doc["crs"] = r.crs.label();
  doc["crs_name"] = r.crs.name();
  if (!r.crs_why.empty()) doc["crs_why"] = r.crs_why;
  doc["fields"] = output::fields_json(r.fields);
  doc["rules"] = r.rules.path.string();
  doc["grid_m"] = r.rules.grid_m;
  doc["sliver"] = {{"min_area_m2", r.rules.sliver_m2}, {"min_share", r.rules.sliver_share}};
  json lines = json::array(), unchecked = json::array();
  for (const LineStatus& s : line_statuses(r)) {
    json l = {{"line", s.role}, {"name", s.name}, {"checked", s.checked}};
    if (auto v = r.vintage.find(s.role); v != r.vintage.end() && !v->second.empty())
      l["vintage"] = {{"version", v->second.version},
                      {"document", v->second.document},
                      {"date", v->second.date}};
    if (!s.checked) {
      l["reason"] = s.reason;
      unchecked.push_back({{"line", s.role}, {"name", s.name}, {"reason", s.reason}});
    } else {
      l["features_compared"] = s.compared;
      l["overlays"] = s.overlays.overlays;
      l["overlays_retried"] = s.overlays.retried;
    }
    lines.push_back(l);
  }
  doc["lines"] = lines;
  doc["unchecked"] = unchecked;
  doc["summary"] = {{"proposals", r.proposals.size()},
                    {"checked", r.proposals.size() - static_cast<std::size_t>(r.invalid_count())},
                    {"not_checked", r.invalid_count()},
                    {"blocking", r.count(Severity::Blocking)},
                    {"approval", r.count(Severity::Approval)},
                    {"justify", r.count(Severity::Justify)},
                    {"ok", r.count(Severity::Ok)}};
  doc["notes"] = r.notes;
  doc["proposals"] = json::array();
  return doc;
}

json proposal_json(const ProposalResult& p) {
  json j;
  j["id"] = p.id;
  j["name"] = p.name;
  j["category"] = p.category;
  j["category_given"] = p.category_given;
  j["source"] = p.source;
  j["status"] = p.checked ? "checked" : "not_checked";
  j["reason"] = p.checked ? json(nullptr) : json(p.reason);
  j["activity"] = {{"given", p.activity_given},
                   {"kind", p.activity.empty() ? json(nullptr) : json(p.activity)},
                   {"name", p.activity.empty() ? json(nullptr) : json(p.activity_name)},
                   {"fallback_to_category", p.activity_fallback}};
  j["major"] = label(p.major);
  j["major_given"] = p.major_given;
  j["notes"] = p.notes;
  if (!p.checked) {
    j["area"] = nullptr;
    for (const std::string& line : kLines) j[line] = nullptr;
    j["landuse"] = nullptr;
    j["zone"] = nullptr;
    j["conclusion"] = nullptr;
    return j;
  }
  j["area"] = output::area_json(p.area);
  for (const std::string& line : kLines) j[line] = line_json(line, p.lines.at(line));
  if (p.landuse.checked) {
    j["landuse"] = {{"checked", true},
                    {"by_class", areas_json(p.landuse.by_class)},
                    {"forest", output::area_json(p.landuse.forest)},
                    {"grassland", output::area_json(p.landuse.grassland)},
                    {"wetland", output::area_json(p.landuse.wetland)}};
  } else {
    j["landuse"] = {{"checked", false}, {"reason", p.landuse.reason}};
  }
  const ZoneHit* z = p.zone();
  j["zone"] = z ? json(z->name) : json(nullptr);
  json zones = json::array();
  for (const ZoneHit& zh : p.zones)
    zones.push_back(
        {{"name", zh.name}, {"overlap", output::area_json(zh.overlap)}, {"contains", zh.contains}});
  j["zones"] = p.zones_checked ? zones : json(nullptr);
  j["conclusion"] = conclusion_json(p.conclusion);
  json reasons = json::array();
  for (const Reason& why : p.reasons) {
    json rj = {{"line", why.line}};
    if (!why.zone.empty()) rj["zone"] = why.zone;
    rj["rule"] = why.conclusion.rule;
    rj["severity"] = to_string(why.conclusion.severity);
    rj["text"] = why.conclusion.text;
    rj["basis"] = why.conclusion.basis;
    reasons.push_back(std::move(rj));
  }
  j["conclusion"]["reasons"] = std::move(reasons);
  return j;
}

/// check.json proposal by proposal, the same text as to_json(r).dump(2): the whole document as
/// a JSON tree is many times the file's size (10⁴ proposals: tens of MB), one proposal is not.
void write_json_file(const Result& r, const fs::path& path, bool overwrite) {
  const std::string head = head_json(r).dump(2);
  // Inside JSON strings quotes are escaped, so this can only be the key itself.
  const std::string key = "\"proposals\": []";
  const std::size_t at = head.find(key);
  if (at == std::string::npos) throw Error(path.string(), "check.json has no proposals key");
  io::AtomicOutput out(path, overwrite);
  {
    std::ofstream f(out.temp(), std::ios::binary);
    f << std::string_view(head).substr(0, at) << "\"proposals\": [";
    std::string text;
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
      text = proposal_json(r.proposals[i]).dump(2);
      f << (i ? ",\n    " : "\n    ");
      // dump(2) indents from column 0; an array element of the document sits 4 deeper.
      for (char c : text) {
        f.put(c);
        if (c == '\n') f << "    ";
      }
    }
    f << (r.proposals.empty() ? "]" : "\n  ]") << std::string_view(head).substr(at + key.size())
      << '\n';
    f.close();  // the flush of the last buffer is where a full disk shows
    if (!f) throw Error(path.string(), "cannot write (is the disk full?)");
  }
  out.commit();
}

}  // namespace

json to_json(const Result& r) {
  json doc = head_json(r);
  json& props = doc["proposals"];
  for (const ProposalResult& p : r.proposals) props.push_back(proposal_json(p));
  return doc;
}

void write_json(const Result& r, const fs::path& path, bool overwrite) {
  write_json_file(r, path, overwrite);
}

}  // namespace tudi::check
