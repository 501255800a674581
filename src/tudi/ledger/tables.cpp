// The ledger workbook's sheets.
#include "tudi/ledger/output.hpp"

#include <algorithm>

#include "tudi/core/text.hpp"

namespace tudi::ledger {
namespace {

Value date_value(const std::optional<Date>& d) {
  return d ? Value(d->iso()) : Value{};
}

Value mu_value(const std::optional<units::Area>& a) {
  return a ? Value(a->ellipsoidal_mu()) : Value{};
}

/// The light column's colours: soft enough to read black text on.
const std::vector<std::pair<std::string, std::uint32_t>> kLightFills = {
    {"红灯", 0xF28B82}, {"黄灯", 0xFDD663}, {"绿灯", 0x81C995}};

}  // namespace

std::vector<output::Table> to_tables(const Result& r) {
  std::vector<output::Table> out;

  // The county's ledger back, as it was read, with the light in front.
  output::Table ledger{"项目台账", {}, {}};
  ledger.columns.push_back({"预警", "", 0, kLightFills});
  ledger.columns.push_back({"预警说明", "", 0});
  for (const std::string& h : r.table.headers) ledger.columns.push_back({h, "", 2});
  // GDAL gives an XLSX date cell as "2026/06/15": back out as ISO, so it is a date cell again
  // (write_xlsx); what a CSV holds is text as the county typed it and stays so.
  const auto echo = [&](const Value& v) {
    const auto* s = std::get_if<std::string>(&v);
    if (r.table.encoding != "XLSX" || !s || s->size() != 10 || (*s)[4] != '/' || (*s)[7] != '/')
      return v;
    const std::optional<Date> d = parse_date(*s);
    return d ? Value(d->iso()) : v;
  };
  std::map<std::size_t, std::vector<std::string>> row_problems;
  for (const Problem& pr : r.problems)
    for (std::size_t i = 0; i < r.table.rows.size(); ++i)
      if (r.table.where(i) == pr.where) row_problems[i].push_back(pr.text);
  for (std::size_t i = 0; i < r.table.rows.size(); ++i) {
    std::vector<Value> row;
    if (const ProjectStatus* p = r.project_of_row(i)) {
      row.push_back(Value(label(p->light)));
      row.push_back(Value(warning_text(*p)));
    } else {
      row.push_back(Value("未处理"));
      row.push_back(Value(join(row_problems[i], "；")));
    }
    for (const Value& v : r.table.rows[i]) row.push_back(echo(v));
    ledger.rows.push_back(std::move(row));
  }
  out.push_back(std::move(ledger));

  // Warnings by department, red first: what each department has to act on.
  output::Table warnings{"预警清单",
                         {{"责任单位", "", 0},
                          {"预警", "", 0, kLightFills},
                          {"项目编号", "", 0},
                          {"项目名称", "", 0},
                          {"项目级别", "", 0},
                          {"包联领导", "", 0},
                          {"节点", "", 0},
                          {"到期日期", "", 0},
                          {"逾期天数", "天", 0},
                          {"规则", "", 0},
                          {"说明", "", 0}},
                         {}};
  std::vector<std::pair<const ProjectStatus*, const Warning*>> all;
  for (const ProjectStatus& p : r.projects)
    for (const Warning& w : p.warnings) all.emplace_back(&p, &w);
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    if (a.second->department != b.second->department)
      return a.second->department < b.second->department;
    return a.second->level > b.second->level;
  });
  for (const auto& [p, w] : all)
    warnings.rows.push_back({Value(w->department), Value(label(w->level)), Value(p->id),
                             Value(p->name), Value(p->level), Value(p->leader), Value(w->node_name),
                             date_value(w->due), Value(static_cast<std::int64_t>(w->days_late)),
                             Value(w->rule), Value(w->text)});
  out.push_back(std::move(warnings));

  output::Table elements{"要素保障",
                         {{"项目编号", "", 0},
                          {"项目名称", "", 0},
                          {"用地预审", "", 0},
                          {"用地面积", "亩", 2},
                          {"占用永久基本农田", "亩", 2},
                          {"其中耕地", "亩", 2},
                          {"已批建设用地", "亩", 2},
                          {"需新增建设用地", "亩", 2},
                          {"能耗指标", "", 0},
                          {"环境容量", "", 0},
                          {"尚缺", "", 0}},
                         {}};
  for (const ProjectStatus& p : r.projects) {
    const Elements& e = p.elements;
    elements.rows.push_back(
        {Value(p.id), Value(p.name),
         Value(e.pre_review_done ? "已完成 " + e.pre_review_date->iso() : std::string("未完成")),
         mu_value(e.land), mu_value(e.farmland), mu_value(e.farmland_cultivated),
         mu_value(e.approved), mu_value(e.new_land), Value(e.energy_quota),
         Value(e.environment_capacity), Value(join(e.missing, "；"))});
  }
  out.push_back(std::move(elements));

  output::Table commitments{"承诺制复核",
                            {{"项目编号", "", 0},
                             {"项目名称", "", 0},
                             {"复核", "", 0},
                             {"指标", "", 0},
                             {"单位", "", 0},
                             {"承诺值", "", 2},
                             {"承诺值来源", "", 0},
                             {"实测值", "", 2},
                             {"实测值来源", "", 0},
                             {"复核日期", "", 0},
                             {"结论", "", 0}},
                            {}};
  for (const ProjectStatus& p : r.projects)
    for (const Commitment& c : p.commitments)
      commitments.rows.push_back(
          {Value(p.id), Value(p.name), Value(c.review == "completion" ? "竣工复核" : "达产复核"),
           Value(c.name), Value(c.unit), c.committed ? Value(*c.committed) : Value{},
           Value(c.committed_from), c.measured ? Value(*c.measured) : Value{},
           Value(c.measured_from), date_value(c.due),
           Value(!c.pass ? (c.due && *c.due <= r.as_of ? "无实测值" : "未到复核期")
                         : *c.pass ? "达到承诺" : "未达承诺")});
  out.push_back(std::move(commitments));

  output::Table problems{"数据问题", {{"位置", "", 0}, {"问题", "", 0}}, {}};
  for (const Problem& pr : r.problems) problems.rows.push_back({Value(pr.where), Value(pr.text)});
  out.push_back(std::move(problems));
  return out;
}

}  // namespace tudi::ledger
