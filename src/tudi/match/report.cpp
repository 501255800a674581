// Serialising a match Result: JSON, tables for XLSX, map layers, a text summary. Nothing is
// computed here beyond joins of what the result already holds.
#include "tudi/match/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/match/evaluate.hpp"
#include "tudi/match/tables.hpp"
#include "tudi/output/json.hpp"
#include "tudi/project/project.hpp"

namespace tudi::match {
namespace {

using nlohmann::json;
using output::Column;
using output::Table;

json thresholds_json(const Thresholds& t) {
  json o = json::object();
  for (Indicator i : kAllIndicators)
    if (const auto& v = t[i])
      o[key(i)] = {
          {"value", v->value}, {"unit", unit(i)}, {"source", v->source}, {"from", v->from}};
  if (!t.emission.empty()) o["emission"] = t.emission;
  return o;
}

json candidate_json(const Candidate& c) {
  json terms = json::array();
  for (const Term& t : c.terms)
    terms.push_back({{"key", t.key},
                     {"label", t.label},
                     {"points", t.points},
                     {"max", t.max},
                     {"detail", t.detail}});
  return {{"parcel_id", join(c.parcel_ids, "+")},
          {"parcel_ids", c.parcel_ids},
          {"merged", c.parcel_ids.size() > 1},
          {"area_mu", c.area_mu},
          {"score", c.score},
          {"rank", c.rank},
          {"terms", terms},
          {"thresholds", thresholds_json(c.thresholds)}};
}

json reason_json(const Reason& r) {
  return {{"code", r.code},
          {"text", r.text},
          {"value", output::json_value(r.value)},
          {"threshold", output::json_value(r.threshold)},
          {"unit", r.unit}};
}

json project_json(const ProjectSpec& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"industry", p.industry},
          {"industry_text", p.industry_text},
          {"pollution_class", p.pollution},
          {"investment", p.investment},
          {"tax", output::json_or_null(p.tax)},
          {"demand_min_mu", p.demand_min},
          {"demand_max_mu", p.demand_max},
          {"far", output::json_or_null(p.far)},
          {"energy", output::json_or_null(p.energy)},
          {"output", output::json_or_null(p.output)},
          {"rd_share", output::json_or_null(p.rd_share)},
          {"preferred_zone", p.zone},
          {"infrastructure", p.infrastructure_text},
          {"source", p.where}};
}

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
                        {"max_justified_mu", output::json_or_null(p.max_justified_mu)},
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
                       {"parcel_id", join(p.assigned->parcel_ids, "+")},
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
  json doc = {
      {"region", r.region},
      {"rules", r.rules},
      {"crs", r.crs},
      {"assignment",
       {{"method",
         "exact: min-cost flow (LEMON network simplex) with branch and bound over merged parcels"},
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
        {"edges_solved", s.edges_solved},
        {"adjacent_pairs", s.adjacent_pairs},
        {"merged_groups", s.groups},
        {"prepare_s", s.prepare_s},
        {"filter_s", s.filter_s},
        {"assign_s", s.assign_s}}},
      {"warnings", r.warnings}};
  if (!r.crs_why.empty()) doc["crs_why"] = r.crs_why;
  doc["fields"] = output::fields_json(r.fields);
  return doc;
}

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
  Layer cand = make("match_candidates", {{"parcel_id", FT::String},
                                         {"name", FT::String},
                                         {"area_mu", FT::Real},
                                         {"projects", FT::Integer},
                                         {"best_project", FT::String},
                                         {"best_score", FT::Real},
                                         {"project_ids", FT::String},
                                         {"assigned_to", FT::String}});
  Layer assigned = make("match_assigned", {{"parcel_id", FT::String},
                                           {"name", FT::String},
                                           {"area_mu", FT::Real},
                                           {"project_id", FT::String},
                                           {"project", FT::String},
                                           {"score", FT::Real},
                                           {"rank", FT::Integer},
                                           {"land", FT::String},
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
    cand.features.push_back(
        feature(s, {site.id, site.name, site.area_mu, static_cast<std::int64_t>(o.projects.size()),
                    o.best, o.best_score, join(o.projects, ","), o.assigned_to}));
  }
  for (const ProjectResult& p : r.projects) {
    if (!p.assigned) continue;
    for (std::size_t s : p.assigned->sites) {
      const Site& site = r.sites[s];
      assigned.features.push_back(
          feature(s, {site.id, site.name, site.area_mu, p.project.id, p.project.name,
                      p.assigned->score, static_cast<std::int64_t>(p.assigned->rank),
                      join(p.assigned->parcel_ids, "+"), p.assigned->area_mu}));
    }
  }
  std::vector<Layer> out;
  out.push_back(std::move(cand));
  out.push_back(std::move(assigned));
  return out;
}

std::vector<std::filesystem::path> write_outputs(const Result& r, const Layer& parcels,
                                                 const OutputOptions& o) {
  io::WriteOptions w;
  w.overwrite = o.overwrite;
  return output::write_outputs(o.dir, "match", to_json(r).dump(2), to_tables(r),
                               to_layers(r, parcels), w);
}

std::string summary_text(const Result& r) {
  std::string s;
  const AssignmentSummary& a = r.assignment;
  s += fmt::format("标准地项目匹配，{}\n", crs_sentence(r.crs, r.crs_why));
  for (const std::string& w : field_warnings(r.fields)) s += "提示：" + w + "\n";
  s += fmt::format("{} 个项目，{} 宗地块（可供 {} 宗），可行组合 {} 个（全组合 {} 个）\n",
                   r.stats.projects, r.stats.parcels, r.stats.available, r.stats.edges,
                   r.stats.pairs);
  if (a.run)
    s += fmt::format("最优分配：{} 个项目落地，总分 {:.2f}{}（逐个取最高分为 {:.2f}）\n",
                     a.assigned, a.total_score, a.optimal ? "" : "（未证明最优）", a.greedy_score);
  for (const ProjectResult& p : r.projects) {
    if (p.assigned)
      s += fmt::format("  {} {} → {}（{:.2f} 亩，{:.2f} 分，第 {} 候选）\n", p.project.id,
                       p.project.name, join(p.assigned->parcel_ids, "+"), p.assigned->area_mu,
                       p.assigned->score, p.assigned->rank);
    else
      s += fmt::format(
          "  {} {} → 未分配：{}\n", p.project.id, p.project.name,
          p.unassigned_reason.empty() ? std::string("未运行分配") : p.unassigned_reason);
  }
  for (const std::string& w : r.warnings) s += "提示：" + w + "\n";
  return s;
}

}  // namespace tudi::match

namespace tudi::match {
namespace {

using detail::number_text;
using detail::pollution_text;

/// "地块 GX-09 公布" or "指标库 henan · C39".
std::string source_note(const std::optional<Threshold>& t) {
  if (!t) return {};
  if (t->source == "parcel") return "地块 " + t->from + " 公布";
  if (t->source == "zone") return t->from + " 公布";
  return "指标库 " + t->from;
}

/// Where the candidate lies: its zone(s), or "不在开发区内".
std::string zones_of(const Result& r, const Candidate& c) {
  std::vector<std::string> names;
  for (std::size_t s : c.sites) {
    const int z = r.sites[s].zone;
    const std::string name = z >= 0 ? r.zones[static_cast<std::size_t>(z)].name : "不在开发区内";
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return join(names, "、");
}

/// One line per hard filter the candidate passed, the project's value next to the threshold.
std::string passed_filters(const Result& r, const ProjectResult& pr, const Candidate& c) {
  const ProjectSpec& p = pr.project;
  const Thresholds& t = c.thresholds;
  const std::string area = number_text(c.area_mu);
  std::string s = "硬性筛选（项目数值 ／ 标准，全部通过）：\n";
  auto line = [&](const std::string& what, const std::string& text) {
    s += fmt::format("  ✓ {}：{}\n", what, text);
  };
  std::string grades, uses;
  for (std::size_t k = 0; k < c.sites.size(); ++k) {
    const Site& site = r.sites[c.sites[k]];
    const std::string sep = k ? "；" : "";
    grades +=
        sep + (c.sites.size() > 1 ? site.id + " " : "") + supply::label(site.infrastructure.grade);
    uses += sep + (c.sites.size() > 1 ? site.id + " " : "") + site.use_code + " " + site.use_name +
            "（接纳" + pollution_text(site.use_max_pollution) + "及以下）";
  }
  line("供地条件",
       "未供应；征收完成、权属清晰、已出具规划条件；基础设施 " + grades + "（要求不低于三通一平）");
  line("三条控制线", "不占永久基本农田和生态保护红线，位于城镇开发边界内");
  line("用途与污染类别", "项目为" + pollution_text(p.pollution) + "，地块 " + uses);
  {
    std::vector<std::string> neg;
    for (std::size_t k : c.sites)
      if (const int z = r.sites[k].zone; z >= 0) {
        const ZoneInfo& zi = r.zones[static_cast<std::size_t>(z)];
        const std::string text = zi.negative.text.empty()
                                     ? zi.name + "无产业负面清单"
                                     : "不在" + zi.name + "负面清单（" + zi.negative.text + "）";
        if (std::find(neg.begin(), neg.end(), text) == neg.end()) neg.push_back(text);
      }
    line("负面清单",
         p.industry + " " + (neg.empty() ? "不在开发区内，无负面清单" : join(neg, "；")));
  }
  if (!p.infrastructure_text.empty())
    line("必需基础设施", "项目需要" + p.infrastructure_text + "，地块均已具备");
  line("面积", fmt::format("{}{} 亩，在需求 {}–{} 亩之内",
                           c.parcel_ids.size() > 1 ? join(c.parcel_ids, "+") + " 合计 " : "", area,
                           number_text(p.demand_min), number_text(p.demand_max)));
  auto per_mu = [&](Indicator ind, std::optional<double> total, const char* what) {
    const auto& th = t[ind];
    if (!th) return line(label(ind), "无标准，不核查");
    if (!total) return line(label(ind), "项目未填报" + std::string(what) + "，不核查");
    line(label(ind), fmt::format("{} {} 万元 ÷ {} 亩 = {} 万元/亩 ≥ 标准 {} 万元/亩（{}）", what,
                                 number_text(*total), area, number_text(*total / c.area_mu),
                                 number_text(th->value), source_note(th)));
  };
  per_mu(Indicator::investment, p.investment, "固定资产投资");
  per_mu(Indicator::tax, p.tax, "年税收");
  {
    const auto& lo = t[Indicator::far_min];
    const auto& hi = t[Indicator::far_max];
    if (!p.far)
      line("容积率", "项目未填报计划容积率，不核查");
    else if (lo && hi)
      line("容积率", fmt::format("计划 {}，在 {}–{} 之内（{}）", number_text(*p.far),
                                 number_text(lo->value), number_text(hi->value),
                                 source_note(lo) == source_note(hi)
                                     ? source_note(lo)
                                     : "下限" + source_note(lo) + "，上限" + source_note(hi)));
    else if (lo)
      line("容积率", fmt::format("计划 {} ≥ 下限 {}（{}）", number_text(*p.far),
                                 number_text(lo->value), source_note(lo)));
  }
  // Energy and emissions passed when they bind (published by the parcel or its zone, or listed
  // as hard filters); a library value that does not bind only scores, and may be over.
  auto cap = [&](Indicator ind, std::optional<double> v, const char* what) {
    const auto& e = t[ind];
    if (!e || !v) return;
    const bool ok = *v <= e->value;
    s += fmt::format("  {} {}：{} {} {} 标准 {} {}（{}{}）\n", ok ? "✓" : "·", what,
                     number_text(*v, 3), unit(ind), ok ? "≤" : "高于", number_text(e->value, 3),
                     unit(ind), source_note(e), ok ? "" : "；不作硬性筛选，不得分");
  };
  cap(Indicator::energy, p.energy, "单位增加值能耗");
  cap(Indicator::emission_intensity, p.emission_intensity, "单位增加值排放");
  if (!t.emission.empty()) s += "  · 排放要求：" + t.emission + "\n";
  return s;
}

std::string terms_text(const Candidate& c) {
  std::string s = fmt::format("得分明细（合计 {} 分，满分 100）：\n", number_text(c.score));
  for (const Term& t : c.terms)
    s += fmt::format("  {:<20} {:>6} ／ {:<3} {}\n", t.label, number_text(t.points),
                     number_text(t.max), t.detail);
  return s;
}

}  // namespace

std::string explain_text(const Result& r, const std::string& id, std::size_t max_rejected) {
  const auto it = std::find_if(r.projects.begin(), r.projects.end(),
                               [&](const ProjectResult& p) { return p.project.id == id; });
  if (it == r.projects.end()) throw Error("--explain", "no project with id '" + id + "'");
  const ProjectResult& pr = *it;
  const ProjectSpec& p = pr.project;
  std::string s = fmt::format("项目 {} {}\n", p.id, p.name);
  s += fmt::format("  行业 {}（污染类别{}）；固定资产投资 {} 万元", p.industry_text,
                   pollution_text(p.pollution), number_text(p.investment));
  if (p.tax) s += "，年税收 " + number_text(*p.tax) + " 万元";
  s += "；用地需求 " + number_text(p.demand_min) + "–" + number_text(p.demand_max) + " 亩";
  if (p.far) s += "；计划容积率 " + number_text(*p.far);
  if (p.energy) s += "；单位增加值能耗 " + number_text(*p.energy, 3) + " 吨标煤/万元";
  if (!p.zone.empty()) s += "；意向 " + p.zone;
  s += "\n";
  if (pr.max_justified_mu)
    if (const auto& inv = pr.library[Indicator::investment])
      s +=
          fmt::format("  节约集约：按投资强度标准 {} 万元/亩（{}），投资最多支撑 {} 亩\n",
                      number_text(inv->value), source_note(inv), number_text(*pr.max_justified_mu));

  // Who holds each parcel in the assignment, for the other candidates.
  std::map<std::size_t, std::string> holder;
  for (const ProjectResult& q : r.projects)
    if (q.assigned)
      for (std::size_t site : q.assigned->sites) holder[site] = q.project.id;

  if (pr.assigned) {
    const Candidate& c = *pr.assigned;
    s += fmt::format("\n分配：{}（{}，{} 亩），得分 {} 分，在 {} 个候选中排第 {}{}\n",
                     join(c.parcel_ids, "+"), zones_of(r, c), number_text(c.area_mu),
                     number_text(c.score), pr.candidate_count, c.rank,
                     c.rank > 1 ? "：排名更前的候选分给了其他项目，这样全部项目的总分最高"
                                  "（见“其他候选”）"
                                : "");
    s += passed_filters(r, pr, c);
    s += terms_text(c);
  } else {
    s += "\n未分配：" +
         (pr.unassigned_reason.empty() ? std::string("未运行分配") : pr.unassigned_reason) + "\n";
  }

  std::string others;
  for (const Candidate& c : pr.candidates) {
    if (pr.assigned && c.parcel_ids == pr.assigned->parcel_ids) continue;
    std::vector<std::string> by;
    for (std::size_t site : c.sites)
      if (auto h = holder.find(site); h != holder.end() && h->second != p.id &&
                                      std::find(by.begin(), by.end(), h->second) == by.end())
        by.push_back(h->second);
    others += fmt::format("  第 {} 名 {}（{} 亩，{}）：{} 分{}\n", c.rank, join(c.parcel_ids, "+"),
                          number_text(c.area_mu), zones_of(r, c), number_text(c.score),
                          by.empty() ? std::string() : "，已分配给 " + join(by, "、"));
  }
  if (!others.empty()) {
    s +=
        std::string(r.assignment.run
                        ? "\n其他候选（通过全部硬性筛选；总分最高的分配方案没有选它们给本项目）：\n"
                        : "\n候选（通过全部硬性筛选，按得分排序；未运行分配）：\n") +
        others;
    if (pr.candidate_count > pr.candidates.size())
      s += fmt::format("  …… 另有 {} 个候选未列出\n", pr.candidate_count - pr.candidates.size());
  }

  std::size_t rejected_total = 0;
  for (const auto& [code, n] : pr.rejected_counts) rejected_total += n;
  if (rejected_total) {
    std::vector<std::pair<std::size_t, std::string>> by;
    for (const auto& [code, n] : pr.rejected_counts)
      if (n) by.emplace_back(n, code);
    std::stable_sort(by.begin(), by.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string counts;
    for (const auto& [n, code] : by)
      counts += (counts.empty() ? "" : "，") + reason_label(code) + " " + std::to_string(n) + " 宗";
    s += fmt::format("\n未通过硬性筛选的地块 {} 宗（按首要原因：{}）\n", rejected_total, counts);
    // One by one: the parcels on offer (their reasons are about this project); the land not on
    // offer (supplied, not ready, control lines) only when nothing on offer failed.
    std::vector<const Rejection*> offered, other;
    for (const Rejection& rj : pr.rejected)
      (r.sites[rj.site].available ? offered : other).push_back(&rj);
    const std::vector<const Rejection*>& list = offered.empty() ? other : offered;
    for (std::size_t k = 0; k < list.size() && k < max_rejected; ++k) {
      const Rejection& rj = *list[k];
      std::string why;
      for (const Reason& x : rj.reasons) why += (why.empty() ? "" : "；") + x.text;
      s += fmt::format("  {}（{} 亩）：{}\n", rj.parcel_id, number_text(r.sites[rj.site].area_mu),
                       why);
    }
    const std::size_t shown = std::min(list.size(), max_rejected);
    if (rejected_total > shown)
      s += fmt::format("  …… 其余 {} 宗{}的逐宗原因见输出目录中 match.xlsx 的「未通过原因」表\n",
                       rejected_total - shown,
                       offered.empty() ? "" : "（含已供应、未达供地条件、与控制线冲突的地块）");
  }
  return s;
}

}  // namespace tudi::match
