// The sheets of check.xlsx and of the report's workbook.
#include "tudi/check/output.hpp"

#include <set>

#include "tudi/core/text.hpp"

namespace tudi::check {
namespace {

const char* class_name(const std::string& code) {
  if (code == "0101") return "水田";
  if (code == "0102") return "水浇地";
  if (code == "0103") return "旱地";
  return "";
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
  for (const LineStatus& s : line_statuses(r)) {
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

}  // namespace tudi::check
