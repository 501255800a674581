// What a planner reads: the summary of a run and one project's whole story.
#include "tudi/match/output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
#include "tudi/match/evaluate.hpp"
#include "tudi/project/project.hpp"

namespace tudi::match {

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
