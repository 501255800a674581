// The sheets of match.xlsx and of the report's workbook.
#include "tudi/match/output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "tudi/core/text.hpp"
#include "tudi/match/evaluate.hpp"

namespace tudi::match {
namespace {

using output::Column;
using output::Table;

const char* kTermKeys[] = {
    "base",          "investment",     "tax",     "far",      "energy",
    "lead_industry", "infrastructure", "cluster", "area_fit", "zone_preference",
    "merge"};
const char* kTermLabels[] = {"达标基础分", "投资强度余量", "亩均税收余量", "容积率",
                             "能耗余量",   "主导产业匹配", "基础设施等级", "同产业链邻近企业",
                             "面积适配",   "意向开发区",   "合并地块扣分"};

double term_points(const Candidate& c, const char* k) {
  for (const Term& t : c.terms)
    if (t.key == k) return t.points;
  return 0;
}

Column col(std::string title, std::string unit = "", int decimals = 2) {
  return Column{std::move(title), std::move(unit), decimals};
}

}  // namespace

std::vector<Table> to_tables(const Result& r) {
  std::vector<Table> out;
  Table assign{"分配结果",
               {col("项目编号"), col("项目名称"), col("行业代码"), col("污染类别", "", 0),
                col("用地需求下限", "亩"), col("用地需求上限", "亩"),
                col("投资可支撑最大面积", "亩"), col("分配地块"), col("面积", "亩", 4),
                col("得分", "分"), col("候选排名", "", 0), col("候选数", "", 0), col("未分配原因")},
               {}};
  for (const ProjectResult& p : r.projects) {
    const ProjectSpec& s = p.project;
    Value land, area, score, rank;
    if (p.assigned) {
      land = join(p.assigned->parcel_ids, "+");
      area = p.assigned->area_mu;
      score = p.assigned->score;
      rank = static_cast<std::int64_t>(p.assigned->rank);
    }
    assign.rows.push_back(
        {s.id, s.name, s.industry, static_cast<std::int64_t>(s.pollution), s.demand_min,
         s.demand_max, p.max_justified_mu ? Value(*p.max_justified_mu) : Value{}, land, area, score,
         rank, static_cast<std::int64_t>(p.candidate_count), p.unassigned_reason});
  }
  out.push_back(std::move(assign));

  Table cands{"候选地块",
              {col("项目编号"), col("排名", "", 0), col("地块编号"), col("面积", "亩", 4),
               col("得分", "分"), col("已分配")},
              {}};
  for (const char* l : kTermLabels) cands.columns.push_back(col(l, "分"));
  for (const ProjectResult& p : r.projects)
    for (const Candidate& c : p.candidates) {
      const bool chosen = p.assigned && p.assigned->parcel_ids == c.parcel_ids;
      std::vector<Value> row = {
          p.project.id, static_cast<std::int64_t>(c.rank), join(c.parcel_ids, "+"), c.area_mu,
          c.score,      std::string(chosen ? "是" : "")};
      for (const char* k : kTermKeys) row.push_back(term_points(c, k));
      cands.rows.push_back(std::move(row));
    }
  out.push_back(std::move(cands));

  Table terms{"得分明细",
              {col("项目编号"), col("地块编号"), col("排名", "", 0), col("得分项"),
               col("得分", "分"), col("满分", "分"), col("说明")},
              {}};
  for (const ProjectResult& p : r.projects)
    for (const Candidate& c : p.candidates)
      for (const Term& t : c.terms)
        terms.rows.push_back({p.project.id, join(c.parcel_ids, "+"), static_cast<std::int64_t>(c.rank),
                              t.label, t.points, t.max, t.detail});
  out.push_back(std::move(terms));

  Table rejected{"未通过原因",
                 {col("项目编号"), col("地块编号"), col("原因代码"), col("原因类别"), col("说明"),
                  col("数值", "", 4), col("标准", "", 4), col("单位")},
                 {}};
  for (const ProjectResult& p : r.projects)
    for (const Rejection& rj : p.rejected)
      for (const Reason& x : rj.reasons)
        rejected.rows.push_back({p.project.id, rj.parcel_id, x.code, reason_label(x.code), x.text,
                                 x.value, x.threshold, x.unit});
  out.push_back(std::move(rejected));

  Table counts{"筛选统计",
               {col("项目编号"), col("首要原因代码"), col("原因类别"), col("地块数", "宗", 0)},
               {}};
  for (const ProjectResult& p : r.projects) {
    counts.rows.push_back({p.project.id, std::string("candidate"),
                           std::string("通过筛选（含合并地块组）"),
                           static_cast<std::int64_t>(p.candidate_count)});
    for (const auto& [code, n] : p.rejected_counts)
      if (n)
        counts.rows.push_back(
            {p.project.id, code, reason_label(code), static_cast<std::int64_t>(n)});
  }
  out.push_back(std::move(counts));

  Table lib{"适用指标",
            {col("项目编号"), col("行业代码"), col("指标"), col("标准值", "", 3), col("单位"),
             col("取自"), col("来源")},
            {}};
  for (const ProjectResult& p : r.projects)
    for (Indicator i : kAllIndicators)
      if (const auto& v = p.library[i])
        lib.rows.push_back({p.project.id, p.project.industry, std::string(label(i)), v->value,
                            std::string(unit(i)), v->from, v->source});
  out.push_back(std::move(lib));

  const Stats& s = r.stats;
  Table run{"运行概况", {col("项目"), col("数值", "", 3), col("说明")}, {}};
  auto row = [&](const char* k, Value v, std::string note = {}) {
    run.rows.push_back({std::string(k), std::move(v), std::move(note)});
  };
  row("指标库地区", r.region, r.rules);
  row("项目数", static_cast<std::int64_t>(s.projects));
  row("地块数", static_cast<std::int64_t>(s.parcels));
  row("可供地块数", static_cast<std::int64_t>(s.available), "未供应、具备供地条件、无控制线冲突");
  row("项目×地块组合数", static_cast<std::int64_t>(s.pairs));
  row("逐项核查组合数", static_cast<std::int64_t>(s.evaluated),
      "其余由索引按用途、开发区、面积整体排除");
  row("可行组合数", static_cast<std::int64_t>(s.edges), "参与最优分配的边（含合并地块组）");
  row("相邻地块对", static_cast<std::int64_t>(s.adjacent_pairs));
  row("合并地块组", static_cast<std::int64_t>(s.groups));
  row("分配总分", r.assignment.total_score, r.assignment.optimal ? "已证明最优" : "未证明最优");
  row("逐个取最高分（贪心）总分", r.assignment.greedy_score, "对照");
  row("已分配项目", static_cast<std::int64_t>(r.assignment.assigned));
  row("未分配项目", static_cast<std::int64_t>(r.assignment.unassigned));
  for (const std::string& w : r.warnings) row("提示", std::string(), w);
  out.push_back(std::move(run));
  return out;
}

}  // namespace tudi::match
