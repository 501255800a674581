#include "tudi/check/output.hpp"

#include <cmath>
#include <fstream>
#include <functional>
#include <future>
#include <set>
#include <string_view>

#include "tudi/check/tables.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/output/json.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace tudi::check {
namespace {

double round_to(double v, int decimals) {
  const double s = std::pow(10.0, decimals);
  return std::round(v * s) / s;
}
double m2(double v) {
  return round_to(v, 4);
}
double share(double v) {
  return round_to(v, 8);
}

const char* class_name(const std::string& code) {
  if (code == "0101") return "水田";
  if (code == "0102") return "水浇地";
  if (code == "0103") return "旱地";
  return "";
}

std::string piece_line_name(const std::string& line) {
  return line == "urban" ? "城镇开发边界外" : line_alias(line);
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

/// The lines and zones with their status, for every output to say what was not checked.
struct LineStatus {
  std::string role, name, reason;
  bool checked = false;
  std::int64_t compared = 0;
  OverlayCount overlays;
};
std::vector<LineStatus> statuses(const Result& r) {
  std::vector<LineStatus> out;
  for (const std::string& role : kRoles) {
    LineStatus s{role, line_alias(role), "", !r.unchecked.count(role), 0, {}};
    if (!s.checked) s.reason = r.unchecked.at(role);
    if (auto it = r.features_read.find(role); it != r.features_read.end()) s.compared = it->second;
    if (auto it = r.overlays.find(role); it != r.overlays.end()) s.overlays = it->second;
    out.push_back(s);
  }
  return out;
}

std::string vintage_text(const Vintage& v) {
  std::string out;
  for (const std::string* s : {&v.version, &v.document, &v.date})
    if (!s->empty()) out += (out.empty() ? "" : "，") + *s;
  return out;
}

std::string grid_text(double grid) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", grid);
  return buf;
}

}  // namespace

namespace {

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
  for (const LineStatus& s : statuses(r)) {
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

std::vector<output::Table> to_tables(const Result& r) {
  std::set<std::string> classes, zones;
  for (const ProposalResult& p : r.proposals)
    if (p.checked) {
      for (const auto& [code, a] : p.lines.at("farmland").by_class) classes.insert(code);
      for (const auto& [zone, a] : p.lines.at("urban").by_zone) zones.insert(zone);
    }

  output::Table main;
  main.title = "核查结果";
  auto col = [&](std::string title, std::string unit = "", int decimals = 2) {
    main.columns.push_back({std::move(title), std::move(unit), decimals});
  };
  col("项目编号");
  col("项目名称");
  col("项目类别");
  col("项目类型");
  col("活动类型");
  col("重大项目级别");
  col("来源");
  col("核查状态");
  col("用地面积", "m²");
  col("用地椭球面积", "m²");
  col("用地椭球面积", "亩", 4);  // the 亩 figure people quote: ellipsoidal (official)
  for (const std::string line : {"redline", "farmland"}) {
    const std::string n = line == std::string("redline") ? "红线" : "农田";
    col(n + "重叠面积", "m²");
    col(n + "重叠椭球面积", "m²");
    col(n + "重叠椭球面积", "亩", 4);
    col(n + "重叠比例", "%", 4);
    col(n + "重叠块数", "块", 0);
    col(n + "最大块面积", "m²");
    col(n + "疑似碎片块数", "块", 0);
    col(n + "疑似碎片面积", "m²", 4);
  }
  col("农田重叠官方面积", "m²");
  col("农田重叠官方面积", "亩", 4);
  for (const std::string& c : classes)
    col("农田重叠 " + c + (class_name(c)[0] ? std::string(" ") + class_name(c) : ""), "m²");
  col("耕地占用面积", "m²");
  col("耕地占用面积", "亩", 4);
  col("耕地占用官方面积", "m²");
  col("占补平衡应补面积", "亩", 4);
  col("占用耕地质量等别");
  col("林地占用椭球面积", "亩", 4);
  col("草地占用椭球面积", "亩", 4);
  col("湿地占用椭球面积", "亩", 4);
  col("城镇开发边界外面积", "m²");
  col("城镇开发边界外椭球面积", "m²");
  col("城镇开发边界外椭球面积", "亩", 4);
  col("城镇开发边界外比例", "%", 4);
  for (const std::string& z : zones) {
    col(z + "面积", "m²");
    col(z + "椭球面积", "亩", 4);
  }
  col("所在开发区");
  col("结论等级");
  col("决定性规则");
  col("结论");
  col("依据");
  col("说明");
  const std::string not_checked = "未核查";
  main.rows.reserve(r.proposals.size());
  for (const ProposalResult& p : r.proposals) {
    std::vector<Value> row = {p.id,
                              p.name,
                              p.category,
                              p.activity_given,
                              p.activity_name,
                              std::string(label(p.major)),
                              p.source,
                              p.checked ? std::string("已核查") : "未核查：" + p.reason};
    auto add_line = [&](const std::string& line, int cells) {
      const LineResult* lr = p.checked ? &p.lines.at(line) : nullptr;
      if (!lr || !lr->checked) {
        for (int i = 0; i < cells; ++i) row.push_back(p.checked ? Value(not_checked) : Value());
        return false;
      }
      return true;
    };
    if (p.checked) {
      row.insert(row.end(), {p.area.planar_m2, p.area.ellipsoidal_m2, p.area.ellipsoidal_mu()});
    } else {
      row.insert(row.end(), {Value(), Value(), Value()});
    }
    for (const std::string line : {"redline", "farmland"}) {
      if (!add_line(line, 8)) continue;
      const LineResult& lr = p.lines.at(line);
      row.insert(row.end(), {lr.overlap.planar_m2, lr.overlap.ellipsoidal_m2,
                             lr.overlap.ellipsoidal_mu(), lr.share * 100, std::int64_t{lr.pieces},
                             lr.largest.planar_m2, std::int64_t{lr.sliver_pieces}, lr.slivers.planar_m2});
    }
    if (add_line("farmland", 2)) {
      const double official = p.lines.at("farmland").official_m2;
      row.insert(row.end(), {official, units::m2_to_mu(official)});
    }
    for (const std::string& c : classes) {
      if (!p.checked || !p.lines.at("farmland").checked) {
        row.push_back(p.checked ? Value(not_checked) : Value());
        continue;
      }
      const auto& by = p.lines.at("farmland").by_class;
      auto it = by.find(c);
      row.push_back(it == by.end() ? 0.0 : it->second.planar_m2);
    }
    if (add_line("cultivated", 8)) {
      const LineResult& lr = p.lines.at("cultivated");
      // The balance owed by grade: "7等 3800.00 m²、未注明等别 120.00 m²".
      std::string grades;
      for (const auto& [g, a] : lr.by_grade) {
        char buf[48];
        std::snprintf(buf, sizeof buf, " %.2f m²", a);
        grades += (grades.empty() ? "" : "、") + (g == "未知" ? std::string("未注明等别") : g + "等") +
                  buf;
      }
      const LanduseResult& lu = p.landuse;
      row.insert(row.end(), {lr.overlap.planar_m2, lr.overlap.ellipsoidal_mu(), lr.official_m2,
                             units::m2_to_mu(lr.official_m2), grades, lu.forest.ellipsoidal_mu(),
                             lu.grassland.ellipsoidal_mu(), lu.wetland.ellipsoidal_mu()});
    }
    if (add_line("urban", 4 + 2 * static_cast<int>(zones.size()))) {
      const LineResult& lr = p.lines.at("urban");
      row.insert(row.end(), {lr.overlap.planar_m2, lr.overlap.ellipsoidal_m2,
                             lr.overlap.ellipsoidal_mu(), lr.share * 100});
      for (const std::string& z : zones) {
        auto it = lr.by_zone.find(z);
        const units::Area a = it == lr.by_zone.end() ? units::Area{} : it->second;
        row.insert(row.end(), {a.planar_m2, a.ellipsoidal_mu()});
      }
    }
    if (!p.checked) {
      row.push_back(Value());
    } else if (!p.zones_checked) {
      row.push_back(not_checked);
    } else {
      const ZoneHit* z = p.zone();
      row.push_back(z ? z->name : std::string("（不在开发区内）"));
    }
    if (p.checked) {
      row.insert(row.end(), {std::string(label(p.conclusion.severity)), p.conclusion.rule,
                             p.conclusion.text, p.conclusion.basis});
    } else {  // the reason wherever the row is shown (表1 picks 结论等级, 表2 结论)
      row.insert(row.end(),
                 {not_checked + "：" + p.reason, Value(), not_checked + "：" + p.reason, Value()});
    }
    row.push_back(join(p.notes, "；"));
    main.rows.push_back(std::move(row));
  }

  output::Table pieces;
  pieces.title = "重叠图斑";
  pieces.rows.reserve(r.pieces.size());
  pieces.columns = {{"项目编号", "", 2},    {"控制线", "", 2},   {"来源要素编号", "", 2},
                    {"来源要素FID", "", 0}, {"地类编码", "", 2}, {"面积", "m²", 2},
                    {"椭球面积", "m²", 2},  {"椭球面积", "亩", 4}, {"疑似碎片", "", 2}};
  for (const Piece& pc : r.pieces) {
    pieces.rows.push_back({r.proposals[pc.proposal].id, piece_line_name(pc.line), pc.source_id,
                           pc.source_fid >= 0 ? Value(pc.source_fid) : Value(), pc.land_class,
                           pc.area.planar_m2, pc.area.ellipsoidal_m2, pc.area.ellipsoidal_mu(),
                           std::string(pc.sliver ? "是" : "否")});
  }

  output::Table about;
  about.title = "核查说明";
  about.columns = {{"项目", "", 2}, {"内容", "", 2}};
  about.rows.push_back({std::string("坐标系"), r.crs.label() + " " + r.crs.name()});
  about.rows.push_back({std::string("规则包"), r.rules.path.string()});
  about.rows.push_back({std::string("坐标精度"), std::to_string(r.rules.grid_m) + " m"});
  about.rows.push_back({std::string("疑似碎片阈值"),
                        "小于 " + std::to_string(r.rules.sliver_m2) + " m² 且小于项目面积的 " +
                            std::to_string(r.rules.sliver_share * 100) + " %"});
  about.rows.push_back(
      {std::string("面积说明"),
       std::string("m² 为工作坐标系下的平面面积；椭球面积为 CGCS2000 椭球面积；亩均按椭球面积计"
                   "（1 亩 = 10000/15 m²）；官方面积 = 重叠部分占图斑面积的比例 × 图斑地类面积"
                   "（TBDLMJ），图层无 TBDLMJ 时取椭球面积")});
  for (const LineStatus& s : statuses(r)) {
    about.rows.push_back({s.name, s.checked
                                      ? "已核查（比对要素 " + std::to_string(s.compared) +
                                            " 个，叠加分析 " + std::to_string(s.overlays.overlays) +
                                            " 次，其中按 " + grid_text(r.rules.grid_m) +
                                            " m 精度重算 " + std::to_string(s.overlays.retried) +
                                            " 次）"
                                      : "未核查：" + s.reason});
    if (auto v = r.vintage.find(s.role); v != r.vintage.end() && !v->second.empty())
      about.rows.push_back({s.name + "数据版本", vintage_text(v->second)});
  }
  for (const std::string& n : r.notes) about.rows.push_back({std::string("图层说明"), n});
  // Moved, not listed: a braced list would copy every row (10⁵ pieces: a second of copying).
  std::vector<output::Table> out;
  out.push_back(std::move(main));
  out.push_back(std::move(pieces));
  out.push_back(std::move(about));
  return out;
}

namespace {

/// The output layers one feature at a time: `begin` receives each layer's schema (no features),
/// then `add` each of its features, so the writers need not hold a copy of every piece.
void emit_layers(const Result& r, const std::function<void(const Layer&)>& begin,
                 const std::function<void(Feature&&)>& add) {
  Layer overlaps;
  overlaps.name = "overlaps";
  overlaps.crs = r.crs;
  overlaps.fields = {{"PROP_ID", FieldType::String},  {"PROP_NAME", FieldType::String},
                     {"LINE", FieldType::String},     {"LINE_NAME", FieldType::String},
                     {"SRC_FID", FieldType::Integer}, {"SRC_ID", FieldType::String},
                     {"DLBM", FieldType::String},     {"CONTROL", FieldType::String},
                     {"AREA_M2", FieldType::Real},    {"ELL_M2", FieldType::Real},
                     {"AREA_MU", FieldType::Real},    {"SLIVER", FieldType::Integer}};
  begin(overlaps);
  std::int64_t fid = 0;
  for (const Piece& pc : r.pieces) {
    Feature f;
    f.fid = ++fid;
    f.geometry = geom::clone(pc.geometry);
    f.values = {r.proposals[pc.proposal].id,
                r.proposals[pc.proposal].name,
                pc.line,
                piece_line_name(pc.line),
                pc.source_fid >= 0 ? Value(pc.source_fid) : Value(),
                pc.source_id,
                pc.land_class,
                pc.control,
                pc.area.planar_m2,
                pc.area.ellipsoidal_m2,
                pc.area.ellipsoidal_mu(),  // the 亩 people quote: ellipsoidal (official)
                std::int64_t{pc.sliver ? 1 : 0}};
    add(std::move(f));
  }

  Layer proposals;
  proposals.name = "proposals";
  proposals.crs = r.crs;
  proposals.fields = {{"PROP_ID", FieldType::String},  {"PROP_NAME", FieldType::String},
                      {"CATEGORY", FieldType::String}, {"STATUS", FieldType::String},
                      {"SEVERITY", FieldType::String}, {"AREA_M2", FieldType::Real},
                      {"RED_M2", FieldType::Real},     {"FARM_M2", FieldType::Real},
                      {"OUT_M2", FieldType::Real},     {"ZONE", FieldType::String},
                      {"TEXT", FieldType::String}};
  begin(proposals);
  fid = 0;
  for (const ProposalResult& p : r.proposals) {
    Feature f;
    f.fid = ++fid;
    if (p.geometry && geom::is_polygonal(p.geometry)) f.geometry = geom::clone(p.geometry);
    auto line_m2 = [&](const std::string& line) -> Value {
      if (!p.checked || !p.lines.at(line).checked) return {};
      return p.lines.at(line).overlap.planar_m2;
    };
    const ZoneHit* z = p.checked ? p.zone() : nullptr;
    f.values = {p.id,
                p.name,
                p.category,
                std::string(p.checked ? "已核查" : "未核查"),
                p.checked ? Value(std::string(to_string(p.conclusion.severity))) : Value(),
                p.checked ? Value(p.area.planar_m2) : Value(),
                line_m2("redline"),
                line_m2("farmland"),
                line_m2("urban"),
                z ? Value(z->name) : Value(),
                p.checked ? p.conclusion.text : p.reason};
    add(std::move(f));
  }

  Layer lines;
  lines.name = "check_lines";
  lines.crs = r.crs;
  lines.fields = {{"LINE", FieldType::String},    {"LINE_NAME", FieldType::String},
                  {"CHECKED", FieldType::Integer}, {"REASON", FieldType::String},
                  {"COMPARED", FieldType::Integer}, {"VERSION", FieldType::String},
                  {"DOCUMENT", FieldType::String}, {"DATE", FieldType::String}};
  begin(lines);
  fid = 0;
  for (const LineStatus& s : statuses(r)) {
    Feature f;
    f.fid = ++fid;
    const auto v = r.vintage.find(s.role);
    const Vintage vintage = v == r.vintage.end() ? Vintage{} : v->second;
    f.values = {s.role,     s.name,           std::int64_t{s.checked ? 1 : 0},
                s.reason,   s.compared,       vintage.version,
                vintage.document, vintage.date};
    add(std::move(f));
  }
}

/// The layers into one GeoPackage, or a Shapefile each, streamed.
std::vector<fs::path> write_layers(const Result& r, const OutputOptions& opt) {
  io::WriteOptions wo;
  wo.overwrite = opt.overwrite;
  wo.encoding = opt.encoding;
  wo.result_fields = true;
  std::vector<fs::path> written;
  std::unique_ptr<io::LayerWriter> w;
  emit_layers(
      r,
      [&](const Layer& schema) {
        if (opt.format == "gpkg") {
          if (w) {
            w->next_layer(schema);
          } else {
            written.push_back(opt.dir / "overlaps.gpkg");
            w = std::make_unique<io::LayerWriter>(written.back(), schema, wo);
          }
        } else {
          if (w) w->commit();
          written.push_back(opt.dir / (schema.name + ".shp"));
          w = std::make_unique<io::LayerWriter>(written.back(), schema, wo);
        }
      },
      [&](Feature&& f) { w->add(f); });
  w->commit();
  return written;
}

}  // namespace

std::vector<Layer> to_layers(const Result& r) {
  std::vector<Layer> out;
  emit_layers(
      r,
      [&](const Layer& schema) {
        Layer& l = out.emplace_back();
        l.name = schema.name;
        l.crs = schema.crs;
        l.fields = schema.fields;
      },
      [&](Feature&& f) { out.back().features.push_back(std::move(f)); });
  return out;
}

void write_json(const Result& r, const fs::path& path, bool overwrite) {
  write_json_file(r, path, overwrite);
}

std::vector<fs::path> write_outputs(const Result& r, const OutputOptions& opt) {
  if (opt.format != "gpkg" && opt.format != "shp")
    throw UsageError("--format " + opt.format, "expected gpkg or shp");
  io::make_output_folder(opt.dir);
  // The three outputs only read the result: written side by side, each on its own thread (the
  // GeoPackage through its own GDAL dataset), they take the time of the slowest, not the sum.
  const fs::path json_path = opt.dir / "check.json", xlsx = opt.dir / "check.xlsx";
  // Refused before any thread starts, so that no output is replaced when one is refused.
  std::vector<fs::path> targets = {json_path, xlsx};
  if (opt.format == "gpkg") {
    targets.push_back(opt.dir / "overlaps.gpkg");
  } else {
    for (const char* name : {"overlaps.shp", "proposals.shp", "check_lines.shp"})
      targets.push_back(opt.dir / name);
  }
  io::refuse_existing(targets, opt.overwrite);
  auto json_done =
      std::async(std::launch::async, [&] { write_json_file(r, json_path, opt.overwrite); });
  auto xlsx_done = std::async(std::launch::async,
                              [&] { output::write_xlsx(to_tables(r), xlsx, opt.overwrite); });
  std::vector<fs::path> layers;
  std::exception_ptr failed;
  try {
    layers = write_layers(r, opt);
  } catch (...) {
    failed = std::current_exception();
  }
  for (auto* done : {&json_done, &xlsx_done}) {
    try {
      done->get();
    } catch (...) {
      if (!failed) failed = std::current_exception();
    }
  }
  if (failed) std::rethrow_exception(failed);
  std::vector<fs::path> written = {json_path, xlsx};
  written.insert(written.end(), layers.begin(), layers.end());
  return written;
}

}  // namespace tudi::check
