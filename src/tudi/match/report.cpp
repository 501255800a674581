// Serialising a match Result: JSON, tables for XLSX, map layers, a text summary. Nothing is
// computed here beyond joins of what the result already holds.
#include "tudi/match/report.hpp"

#include <fmt/format.h>

#include <map>

#include "tudi/io/writer.hpp"
#include "tudi/match/tables.hpp"

namespace tudi::match {
namespace {

using nlohmann::json;
using report::Column;
using report::Table;

json value_json(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string joined(const std::vector<std::string>& ids, const char* sep = "+") {
  std::string out;
  for (const auto& s : ids) out += (out.empty() ? "" : sep) + s;
  return out;
}

json thresholds_json(const Thresholds& t) {
  json o = json::object();
  for (Indicator i : kAllIndicators)
    if (const auto& v = t[i])
      o[key(i)] = {{"value", v->value}, {"unit", unit(i)}, {"source", v->source}, {"from", v->from}};
  if (!t.emission.empty()) o["emission"] = t.emission;
  return o;
}

json candidate_json(const Candidate& c) {
  json terms = json::array();
  for (const Term& t : c.terms)
    terms.push_back({{"key", t.key}, {"label", t.label}, {"points", t.points}, {"max", t.max},
                     {"detail", t.detail}});
  return {{"parcel_id", joined(c.parcel_ids)}, {"parcel_ids", c.parcel_ids},
          {"merged", c.parcel_ids.size() > 1}, {"area_mu", c.area_mu},
          {"score", c.score},         {"rank", c.rank},
          {"terms", terms},           {"thresholds", thresholds_json(c.thresholds)}};
}

json reason_json(const Reason& r) {
  return {{"code", r.code}, {"text", r.text}, {"value", value_json(r.value)},
          {"threshold", value_json(r.threshold)}, {"unit", r.unit}};
}

json project_json(const ProjectSpec& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"industry", p.industry},
          {"industry_text", p.industry_text},
          {"pollution_class", p.pollution},
          {"investment", p.investment},
          {"tax", opt(p.tax)},
          {"demand_min_mu", p.demand_min},
          {"demand_max_mu", p.demand_max},
          {"far", opt(p.far)},
          {"energy", opt(p.energy)},
          {"output", opt(p.output)},
          {"rd_share", opt(p.rd_share)},
          {"preferred_zone", p.zone},
          {"infrastructure", p.infrastructure_text},
          {"source", p.where}};
}

const char* kTermKeys[] = {"base",           "investment", "tax",  "far",
                           "energy",         "lead_industry", "infrastructure", "cluster",
                           "area_fit",       "zone_preference", "merge"};
const char* kTermLabels[] = {"达标基础分", "投资强度余量",   "亩均税收余量", "容积率",
                             "能耗余量",   "主导产业匹配",   "基础设施等级", "同产业链邻近企业",
                             "面积适配",   "意向开发区",     "合并地块扣分"};

double term_points(const Candidate& c, const char* k) {
  for (const Term& t : c.terms)
    if (t.key == k) return t.points;
  return 0;
}

Column col(std::string title, std::string unit = "", int decimals = 2) {
  return Column{std::move(title), std::move(unit), decimals};
}

}  // namespace

json to_json(const Result& r) {
  json projects = json::array();
  json pairs = json::array(), unassigned = json::array();
  for (const ProjectResult& p : r.projects) {
    json cands = json::array();
    for (const Candidate& c : p.candidates) cands.push_back(candidate_json(c));
    json rejected = json::array();
    for (const Rejection& rj : p.rejected) {
      json reasons = json::array();
      for (const Reason& x : rj.reasons) reasons.push_back(reason_json(x));
      rejected.push_back({{"parcel_id", rj.parcel_id},
                          {"area_mu", r.sites[rj.site].area_mu},
                          {"reasons", reasons}});
    }
    json counts = json::object();
    for (const auto& [code, n] : p.rejected_counts)
      if (n) counts[code] = n;
    projects.push_back({{"project", project_json(p.project)},
                        {"kind", p.kind},
                        {"library", thresholds_json(p.library)},
                        {"max_justified_mu", opt(p.max_justified_mu)},
                        {"candidate_count", p.candidate_count},
                        {"merged_candidate_count", p.group_candidate_count},
                        {"candidates", cands},
                        {"rejected", rejected},
                        {"rejected_complete", p.rejected_complete},
                        {"rejected_counts", counts},
                        {"assigned", p.assigned ? candidate_json(*p.assigned) : json(nullptr)},
                        {"unassigned_code", p.unassigned_code},
                        {"unassigned_reason", p.unassigned_reason}});
    if (p.assigned)
      pairs.push_back({{"project_id", p.project.id},
                       {"parcel_id", joined(p.assigned->parcel_ids)},
                       {"parcel_ids", p.assigned->parcel_ids},
                       {"score", p.assigned->score},
                       {"rank", p.assigned->rank}});
    else if (r.assignment.run)
      unassigned.push_back({{"project_id", p.project.id},
                            {"code", p.unassigned_code},
                            {"reason", p.unassigned_reason}});
  }
  const Stats& s = r.stats;
  const AssignmentSummary& a = r.assignment;
  return {{"region", r.region},
          {"rules", r.rules},
          {"assignment",
           {{"method", "exact: min-cost flow (LEMON network simplex) with branch and bound over merged parcels"},
            {"optimal", a.optimal},
            {"total_score", a.total_score},
            {"greedy_total_score", a.greedy_score},
            {"assigned", a.assigned},
            {"unassigned", a.unassigned},
            {"pairs", pairs},
            {"unassigned_projects", unassigned},
            {"branch_nodes", a.nodes},
            {"components", a.components}}},
          {"projects", projects},
          {"stats",
           {{"projects", s.projects},
            {"parcels", s.parcels},
            {"available_parcels", s.available},
            {"pairs", s.pairs},
            {"evaluated_pairs", s.evaluated},
            {"feasible_edges", s.edges},
            {"adjacent_pairs", s.adjacent_pairs},
            {"merged_groups", s.groups},
            {"prepare_s", s.prepare_s},
            {"filter_s", s.filter_s},
            {"assign_s", s.assign_s}}},
          {"warnings", r.warnings}};
}

std::vector<Table> to_tables(const Result& r) {
  std::vector<Table> out;
  Table assign{"分配结果",
               {col("项目编号"), col("项目名称"), col("行业代码"), col("污染类别", "", 0),
                col("用地需求下限", "亩"), col("用地需求上限", "亩"), col("投资可支撑最大面积", "亩"),
                col("分配地块"), col("面积", "亩", 4), col("得分", "分"), col("候选排名", "", 0),
                col("候选数", "", 0), col("未分配原因")},
               {}};
  for (const ProjectResult& p : r.projects) {
    const ProjectSpec& s = p.project;
    Value land, area, score, rank;
    if (p.assigned) {
      land = joined(p.assigned->parcel_ids);
      area = p.assigned->area_mu;
      score = p.assigned->score;
      rank = static_cast<std::int64_t>(p.assigned->rank);
    }
    assign.rows.push_back({s.id, s.name, s.industry, static_cast<std::int64_t>(s.pollution),
                           s.demand_min, s.demand_max,
                           p.max_justified_mu ? Value(*p.max_justified_mu) : Value{}, land, area,
                           score, rank, static_cast<std::int64_t>(p.candidate_count),
                           p.unassigned_reason});
  }
  out.push_back(std::move(assign));

  Table cands{"候选地块", {col("项目编号"), col("排名", "", 0), col("地块编号"), col("面积", "亩", 4),
                         col("得分", "分"), col("已分配")},
              {}};
  for (const char* l : kTermLabels) cands.columns.push_back(col(l, "分"));
  for (const ProjectResult& p : r.projects)
    for (const Candidate& c : p.candidates) {
      const bool chosen = p.assigned && p.assigned->parcel_ids == c.parcel_ids;
      std::vector<Value> row = {p.project.id, static_cast<std::int64_t>(c.rank), joined(c.parcel_ids),
                                c.area_mu, c.score, std::string(chosen ? "是" : "")};
      for (const char* k : kTermKeys) row.push_back(term_points(c, k));
      cands.rows.push_back(std::move(row));
    }
  out.push_back(std::move(cands));

  Table terms{"得分明细", {col("项目编号"), col("地块编号"), col("排名", "", 0), col("得分项"),
                          col("得分", "分"), col("满分", "分"), col("说明")},
              {}};
  for (const ProjectResult& p : r.projects)
    for (const Candidate& c : p.candidates)
      for (const Term& t : c.terms)
        terms.rows.push_back({p.project.id, joined(c.parcel_ids), static_cast<std::int64_t>(c.rank),
                              t.label, t.points, t.max, t.detail});
  out.push_back(std::move(terms));

  Table rejected{"未通过原因", {col("项目编号"), col("地块编号"), col("原因代码"), col("原因类别"),
                               col("说明"), col("数值", "", 4), col("标准", "", 4), col("单位")},
                 {}};
  for (const ProjectResult& p : r.projects)
    for (const Rejection& rj : p.rejected)
      for (const Reason& x : rj.reasons)
        rejected.rows.push_back({p.project.id, rj.parcel_id, x.code, reason_label(x.code), x.text,
                                 x.value, x.threshold, x.unit});
  out.push_back(std::move(rejected));

  Table counts{"筛选统计", {col("项目编号"), col("首要原因代码"), col("原因类别"), col("地块数", "宗", 0)}, {}};
  for (const ProjectResult& p : r.projects) {
    counts.rows.push_back({p.project.id, std::string("candidate"), std::string("通过筛选（含合并地块组）"),
                           static_cast<std::int64_t>(p.candidate_count)});
    for (const auto& [code, n] : p.rejected_counts)
      if (n) counts.rows.push_back({p.project.id, code, reason_label(code), static_cast<std::int64_t>(n)});
  }
  out.push_back(std::move(counts));

  Table lib{"适用指标", {col("项目编号"), col("行业代码"), col("指标"), col("标准值", "", 3), col("单位"),
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
  row("逐项核查组合数", static_cast<std::int64_t>(s.evaluated), "其余由索引按用途、开发区、面积整体排除");
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

std::vector<Layer> to_layers(const Result& r, const Layer& parcels) {
  using FT = FieldType;
  auto make = [&](std::string name, std::vector<FieldDef> fields) {
    Layer l;
    l.name = std::move(name);
    l.crs = parcels.crs;
    l.source_crs = parcels.crs;
    l.fields = std::move(fields);
    return l;
  };
  Layer cand = make("match_candidates", {{"parcel_id", FT::String}, {"name", FT::String},
                                          {"area_mu", FT::Real}, {"projects", FT::Integer},
                                          {"best_project", FT::String}, {"best_score", FT::Real},
                                          {"project_ids", FT::String}, {"assigned_to", FT::String}});
  Layer assigned = make("match_assigned", {{"parcel_id", FT::String}, {"name", FT::String},
                                            {"area_mu", FT::Real}, {"project_id", FT::String},
                                            {"project", FT::String}, {"score", FT::Real},
                                            {"rank", FT::Integer}, {"land", FT::String},
                                            {"land_area_mu", FT::Real}});
  struct Offer {
    std::vector<std::string> projects;
    std::string best;
    double best_score = -1e300;
    std::string assigned_to;
  };
  std::map<std::size_t, Offer> offers;
  for (const ProjectResult& p : r.projects) {
    for (const Candidate& c : p.candidates)
      for (std::size_t s : c.sites) {
        Offer& o = offers[s];
        o.projects.push_back(p.project.id);
        if (c.score > o.best_score) {
          o.best_score = c.score;
          o.best = p.project.id;
        }
      }
    if (p.assigned)
      for (std::size_t s : p.assigned->sites) offers[s].assigned_to = p.project.id;
  }
  auto feature = [&](std::size_t site, std::vector<Value> values) {
    const Feature& src = parcels.features[r.sites[site].feature];
    Feature f;
    f.fid = src.fid;
    if (src.geometry) f.geometry = geom::clone(src.geometry);
    f.values = std::move(values);
    return f;
  };
  for (const auto& [s, o] : offers) {
    const Site& site = r.sites[s];
    cand.features.push_back(feature(s, {site.id, site.name, site.area_mu,
                                        static_cast<std::int64_t>(o.projects.size()), o.best,
                                        o.best_score, joined(o.projects, ","),
                                        o.assigned_to}));
  }
  for (const ProjectResult& p : r.projects) {
    if (!p.assigned) continue;
    for (std::size_t s : p.assigned->sites) {
      const Site& site = r.sites[s];
      assigned.features.push_back(feature(
          s, {site.id, site.name, site.area_mu, p.project.id, p.project.name, p.assigned->score,
              static_cast<std::int64_t>(p.assigned->rank), joined(p.assigned->parcel_ids),
              p.assigned->area_mu}));
    }
  }
  std::vector<Layer> out;
  out.push_back(std::move(cand));
  out.push_back(std::move(assigned));
  return out;
}

std::vector<std::filesystem::path> write_outputs(const Result& r, const Layer& parcels,
                                                 const OutputOptions& o) {
  std::filesystem::create_directories(o.dir);
  const std::vector<std::filesystem::path> paths = {o.dir / "match.json", o.dir / "match.xlsx",
                                                    o.dir / "match.gpkg"};
  report::write_json(to_json(r).dump(2), paths[0], o.overwrite);
  report::write_xlsx(to_tables(r), paths[1], o.overwrite);
  const std::vector<Layer> layers = to_layers(r, parcels);
  std::vector<const Layer*> ptrs;
  for (const Layer& l : layers) ptrs.push_back(&l);
  io::WriteOptions w;
  w.overwrite = o.overwrite;
  io::write_gpkg(ptrs, paths[2], w);
  return paths;
}

std::string summary_text(const Result& r) {
  std::string s;
  const AssignmentSummary& a = r.assignment;
  s += fmt::format("{} 个项目，{} 宗地块（可供 {} 宗），可行组合 {} 个（全组合 {} 个）\n",
                   r.stats.projects, r.stats.parcels, r.stats.available, r.stats.edges,
                   r.stats.pairs);
  if (a.run)
    s += fmt::format("最优分配：{} 个项目落地，总分 {:.2f}{}（逐个取最高分为 {:.2f}）\n", a.assigned,
                     a.total_score, a.optimal ? "" : "（未证明最优）", a.greedy_score);
  for (const ProjectResult& p : r.projects) {
    if (p.assigned)
      s += fmt::format("  {} {} → {}（{:.2f} 亩，{:.2f} 分，第 {} 候选）\n", p.project.id,
                       p.project.name, joined(p.assigned->parcel_ids), p.assigned->area_mu,
                       p.assigned->score, p.assigned->rank);
    else
      s += fmt::format("  {} {} → 未分配：{}\n", p.project.id, p.project.name,
                       p.unassigned_reason.empty() ? std::string("未运行分配") : p.unassigned_reason);
  }
  for (const std::string& w : r.warnings) s += "提示：" + w + "\n";
  return s;
}

}  // namespace tudi::match
