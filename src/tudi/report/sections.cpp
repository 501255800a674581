#include "tudi/report/sections.hpp"

#include <fmt/format.h>

#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "tudi/check/output.hpp"
#include "tudi/ledger/output.hpp"
#include "tudi/match/output.hpp"
#include "tudi/report/manifest.hpp"
#include "tudi/render/layer_data.hpp"
#include "tudi/supply/output.hpp"
#include "tudi/zones/output.hpp"

namespace tudi::report {
namespace {

constexpr std::size_t kMaxRows = 30;  // longer tables are cut in the PDF; the workbook has all

/// Builds figures from the run's layers: one drawing copy (LayerData) per layer, shared by
/// every figure that shows it.
class FigureMaker {
 public:
  FigureMaker(const Analyses& a, const std::vector<ResultLayer>& results)
      : a_(a), results_(results) {}

  /// A figure of the given base roles and result layers (bottom first) around `extent`.
  Figure make(std::string caption, const std::vector<std::string>& roles,
              const std::vector<std::string>& result_names, Envelope extent) {
    Figure f;
    f.caption = std::move(caption);
    f.map.crs = a_.layers.crs;
    f.map.extent = extent;
    for (const std::string& role : roles)
      if (const Layer* l = a_.layers.find(role))
        f.map.layers.push_back(render::MapLayer::make(role, data(*l), base_style(role)));
    for (const std::string& name : result_names)
      if (const ResultLayer* r = result(name); r && !r->layer.features.empty())
        f.map.layers.push_back(render::MapLayer::make(name, data(r->layer), render::style_for(r->style)));
    return f;
  }

  /// A base layer's style. The parcels are context under the results, so they lose their
  /// per-use classes (which would fill the legend) and keep one light fill.
  static render::Style base_style(const std::string& role) {
    render::Style s = render::style_for(role);
    if (role == "parcels") {
      s.categories.clear();
      s.category_field.clear();
      s.symbol.fill_color = {236, 232, 226, 255};
      s.symbol.stroke_color = {150, 140, 130, 255};
      s.label.enabled = false;
    }
    return s;
  }

  const ResultLayer* result(const std::string& name) const {
    for (const ResultLayer& r : results_)
      if (r.layer.name == name) return &r;
    return nullptr;
  }

  /// The envelope of the named result layers (or base roles), grown by `pad` of its size.
  Envelope extent_of(const std::vector<std::string>& names, double pad = 0.08) const {
    Envelope e;
    for (const std::string& n : names) {
      const Layer* l = a_.layers.find(n);
      if (const ResultLayer* r = result(n); r && !r->layer.features.empty()) l = &r->layer;
      if (l && !l->features.empty()) e.expand(l->extent());
    }
    return grow(e, pad);
  }

  static Envelope grow(Envelope e, double pad, double min_size = 200) {
    if (e.empty()) return e;
    const double d = std::max({e.width(), e.height(), min_size}) * pad;
    const double cx = (e.minx + e.maxx) / 2, cy = (e.miny + e.maxy) / 2;
    const double hw = std::max(e.width(), min_size) / 2 + d, hh = std::max(e.height(), min_size) / 2 + d;
    return {cx - hw, cy - hh, cx + hw, cy + hh};
  }

 private:
  std::shared_ptr<const render::LayerData> data(const Layer& l) {
    auto& d = cache_[&l];
    // A non-owning pointer: the layers live in the Analyses and the result layers, which
    // outlive the document (build_document's contract), so nothing is copied.
    if (!d) d = std::make_shared<const render::LayerData>(std::shared_ptr<const Layer>(std::shared_ptr<const Layer>{}, &l));
    return d;
  }

  const Analyses& a_;
  const std::vector<ResultLayer>& results_;
  std::map<const Layer*, std::shared_ptr<const render::LayerData>> cache_;
};

const output::Table* find(const std::vector<output::Table>& tables, const std::string& title) {
  for (const output::Table& t : tables)
    if (t.title == title) return &t;
  return nullptr;
}

/// Keeps the rows whose `header` cell satisfies `keep`.
output::Table filter(output::Table t, const std::string& header, const std::function<bool(const std::string&)>& keep) {
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].header() == header) {
      std::erase_if(t.rows, [&](const std::vector<Value>& r) { return c < r.size() && !keep(to_text(r[c])); });
      break;
    }
  return t;
}

TableBlock block(std::string caption, output::Table t) {
  TableBlock b{std::move(caption), std::move(t), {}};
  if (b.table.rows.size() > kMaxRows) {
    b.note = fmt::format("共 {} 行，此处列出前 {} 行；完整内容见 report.xlsx 的“{}”工作表。",
                         b.table.rows.size(), kMaxRows, b.table.title);
    b.table.rows.resize(kMaxRows);
  }
  if (b.table.rows.empty()) b.note = "（无）";
  return b;
}

// ------------------------------------------------------------------------------- 三线核查

Section check_section(const check::Result& r, FigureMaker& maps) {
  Section s{"三线核查", {}};
  using check::Severity;
  int checked = 0;
  for (const auto& p : r.proposals) checked += p.checked ? 1 : 0;
  s.blocks.push_back(Text{fmt::format(
      "对 {} 个拟建项目与生态保护红线、永久基本农田和城镇开发边界进行叠加核查（工作坐标系 {}，"
      "规则包 {}）。核查 {} 个：{} {} 个，{} {} 个，{} {} 个，{} {} 个；"
      "未能核查 {} 个。表中亩数为椭球面积（官方面积），投影平面面积见 report.xlsx。",
      r.proposals.size(), r.crs.label(), r.rules.path.filename().string(), checked,
      check::label(Severity::Blocking), r.count(Severity::Blocking), check::label(Severity::Approval),
      r.count(Severity::Approval), check::label(Severity::Justify), r.count(Severity::Justify),
      check::label(Severity::Ok), r.count(Severity::Ok), r.invalid_count())});
  for (const auto& [role, why] : r.unchecked)
    s.blocks.push_back(Text{check::line_alias(role) + " 未核查：" + why, 2});

  const std::vector<std::string> base = {"farmland", "urban", "zones", "redline"};
  s.blocks.push_back(maps.make("三线核查总图（拟建项目与三条控制线）", base,
                               {"check_proposals", "overlaps"},
                               maps.extent_of({"check_proposals"}, 0.12)));

  const std::vector<output::Table> tables = check::to_tables(r);
  if (const output::Table* t = find(tables, "核查结果")) {
    s.blocks.push_back(block("拟建项目三线核查结果", pick(*t, {"项目编号", "项目名称", "项目类别",
                                                              "用地椭球面积(亩)", "红线重叠椭球面积(亩)",
                                                              "农田重叠椭球面积(亩)", "城镇开发边界外椭球面积(亩)",
                                                              "所在开发区", "结论等级"})));
    s.blocks.push_back(block("项目类型与耕地占用（占补平衡）",
                             pick(*t, {"项目编号", "活动类型", "重大项目级别", "农田重叠官方面积(亩)",
                                       "耕地占用椭球面积(亩)", "占补平衡应补面积(亩)",
                                       "占用耕地质量等别", "林地占用椭球面积(亩)"})));
    // The urban boundary's sub-zones (集中建设区 / 弹性发展区 / 特别用途区) the proposals reach.
    std::set<std::string> zones;
    for (const auto& p : r.proposals)
      if (p.checked)
        for (const auto& [zone, a] : p.lines.at("urban").by_zone) zones.insert(zone);
    if (!zones.empty()) {
      std::vector<std::string> cols = {"项目编号"};
      for (const std::string& z : zones) cols.push_back(z + "椭球面积(亩)");
      cols.push_back("城镇开发边界外椭球面积(亩)");
      s.blocks.push_back(block("城镇开发边界分区占用", pick(*t, cols)));
    }
    s.blocks.push_back(block("核查结论与依据", pick(*t, {"项目编号", "决定性规则", "结论", "依据"})));
  }

  // Detail maps of the most severe proposals, each highlighted on its own figure.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < r.proposals.size(); ++i)
    if (r.proposals[i].checked && r.proposals[i].conclusion.severity != Severity::Ok) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return r.proposals[x].conclusion.severity > r.proposals[y].conclusion.severity;
  });
  const ResultLayer* props = maps.result("check_proposals");
  for (std::size_t k = 0; k < order.size() && k < 2 && props; ++k) {
    const check::ProposalResult& p = r.proposals[order[k]];
    std::size_t feature = props->layer.features.size();
    for (std::size_t f = 0; f < props->layer.features.size(); ++f)
      if (props->layer.text(props->layer.features[f], "id") == p.id ||
          to_text(props->layer.features[f].values.front()) == p.id)
        feature = f;
    if (feature == props->layer.features.size() || !p.geometry) continue;
    Figure fig = maps.make(fmt::format("{} {} 核查详图（{}）", p.id, p.name, check::label(p.conclusion.severity)),
                           base, {"check_proposals", "overlaps"},
                           FigureMaker::grow(geom::envelope(p.geometry), 0.35));
    for (render::MapLayer& l : fig.map.layers)
      if (l.id == "check_proposals")
        l.selected = std::make_shared<const std::vector<std::size_t>>(std::vector<std::size_t>{feature});
    s.blocks.push_back(Text{fmt::format("{} {}", p.id, p.name), 1});
    s.blocks.push_back(Text{p.conclusion.text});
    s.blocks.push_back(std::move(fig));
  }
  return s;
}

// ------------------------------------------------------------------------------- 土地供应

Section supply_section(const supply::Result& r, FigureMaker& maps) {
  Section s{"土地供应", {}};
  std::array<int, 3> ready{};
  std::array<int, supply::kIdleStates> idle{};
  int supplied = 0, inefficient = 0, unused = 0;
  for (const supply::ParcelStatus& p : r.parcels) {
    unused += p.unused ? 1 : 0;
    if (p.readiness) ++ready[static_cast<std::size_t>(p.readiness->level)];
    if (p.idle) ++idle[static_cast<std::size_t>(p.idle->state)];
    supplied += p.supplied ? 1 : 0;
    inefficient += p.inefficient.empty() ? 0 : 1;
  }
  using supply::IdleState;
  using supply::ReadinessLevel;
  auto n = [&](IdleState st) { return idle[static_cast<std::size_t>(st)]; };
  std::string text = fmt::format(
      "截至 {}，供地地块 {} 宗：未供 {} 宗，其中标准地 {} 宗、净地 {} 宗、未达供地条件 {} 宗；"
      "已供 {} 宗，其中闲置满两年 {} 宗、闲置满一年 {} 宗、中止开发满一年 {} 宗、政府原因 {} 宗、"
      "动工预警 {} 宗；供而未用（已供未动工）{} 宗；低效用地 {} 宗。",
      r.as_of.iso(), r.parcels.size(), r.parcels.size() - static_cast<std::size_t>(supplied),
      ready[static_cast<std::size_t>(ReadinessLevel::standard)],
      ready[static_cast<std::size_t>(ReadinessLevel::ready)],
      ready[static_cast<std::size_t>(ReadinessLevel::not_ready)], supplied, n(IdleState::idle_2y),
      n(IdleState::idle_1y), n(IdleState::idle_suspended), n(IdleState::government_cause),
      n(IdleState::warning), unused, inefficient);
  if (r.supply_rate)
    text += fmt::format("{} {:.2f}%，{} {:g}% 的要求。", supply::window_text(*r.supply_rate),
                        r.supply_rate->rate * 100, r.supply_rate->meets ? "达到" : "低于",
                        r.supply_rate->line * 100);
  s.blocks.push_back(Text{text});
  for (const std::string& w : r.not_checked) s.blocks.push_back(Text{"未检查：" + w + "（未配置图层）", 2});

  s.blocks.push_back(maps.make("土地供应现状图（净地与标准地、闲置土地、批而未供、低效用地）",
                               {"parcels", "urban", "zones"},
                               {"unsupplied_approved", "inefficient_land", "ready_parcels", "idle_parcels"},
                               maps.extent_of({"parcels"}, 0.05)));

  const std::vector<output::Table> tables = supply::to_tables(r);
  if (const output::Table* t = find(tables, "汇总"))
    s.blocks.push_back(block("土地供应汇总（椭球面积）", pick(*t, {"项目", "数量(个)", "面积(亩)", "说明"})));
  if (const output::Table* t = find(tables, "地块准备情况"))
    s.blocks.push_back(block("可供地块（净地、标准地）",
                             pick(filter(*t, "准备程度", [](const std::string& v) {
                                    return v != supply::label(ReadinessLevel::not_ready);
                                  }),
                                  {"地块编号", "地块名称", "开发区", "面积(亩)", "准备程度",
                                   "基础设施等级", "缺少标准地指标"})));
  if (const output::Table* t = find(tables, "闲置土地"))
    s.blocks.push_back(block("闲置土地与供而未用",
                             pick(filter(*t, "状态", [](const std::string& v) {
                                    return v != supply::label(IdleState::in_use);
                                  }),
                                  {"地块编号", "地块名称", "面积(亩)", "状态", "闲置年数(年)",
                                   "起算日期", "处置", "土地闲置费(万元)"})));
  if (const output::Table* t = find(tables, "闲置土地"))
    s.blocks.push_back(block("供而未用（已供未动工，自供地日期起算）",
                             pick(filter(*t, "供而未用", [](const std::string& v) { return v == "是"; }),
                                  {"地块编号", "地块名称", "面积(亩)", "供而未用起算", "状态"})));
  if (const output::Table* t = find(tables, "批而未供"))
    s.blocks.push_back(block("批而未供（按批次）",
                             pick(*t, {"批次编号", "批准文号", "批准日期", "批准面积(亩)",
                                       "已供面积(亩)", "批而未供面积(亩)", "供地率(%)", "计入近五年"})));
  return s;
}

// ------------------------------------------------------------------------------- 项目匹配

Section match_section(const match::Result& r, FigureMaker& maps) {
  Section s{"项目匹配", {}};
  s.blocks.push_back(Text{fmt::format(
      "按标准地指标（指标库地区 {}）为 {} 个项目在 {} 宗可供地块中筛选、评分并整体分配：分配 {} 个，"
      "未分配 {} 个{}。每宗地块不能承接某项目的原因见 report.xlsx 的“未通过原因”。",
      r.region, r.projects.size(), r.stats.available, r.assignment.assigned, r.assignment.unassigned,
      r.assignment.optimal ? "（最优解）" : "")});
  s.blocks.push_back(maps.make("项目匹配图（候选地块与分配结果）", {"parcels", "urban", "zones"},
                               {"match_candidates", "match_assigned"},
                               maps.extent_of({"match_candidates", "match_assigned"}, 0.1)));
  const std::vector<output::Table> tables = match::to_tables(r);
  if (const output::Table* t = find(tables, "分配结果"))
    s.blocks.push_back(block("项目用地分配结果",
                             pick(*t, {"项目编号", "项目名称", "用地需求下限(亩)", "用地需求上限(亩)",
                                       "分配地块", "面积(亩)", "得分(分)", "未分配原因"})));
  return s;
}

// ------------------------------------------------------------------------------- 开发区评价

Section zones_section(const zones::Result& r, FigureMaker& maps) {
  Section s{"开发区评价", {}};
  s.blocks.push_back(Text{fmt::format(
      "按《开发区土地集约利用评价》指标评价 {} 个开发区（截至 {}，面积为椭球面积）。{}",
      r.zones.size(), r.as_of.iso(),
      r.scenario ? "情景“" + r.scenario->name + "”的调整范围与新增用地核查一并列出。" : "")});
  s.blocks.push_back(maps.make(r.scenario ? "开发区与调整情景图" : "开发区范围图",
                               {"parcels", "urban", "redline"},
                               {"zones", "scenario_zones", "new_areas", "conflicts"},
                               maps.extent_of({"zones", "scenario_zones"}, 0.08)));
  const std::vector<output::Table> tables = zones::to_tables(r);
  if (const output::Table* t = find(tables, "开发区评价")) {
    std::vector<std::string> headers = {"开发区名称"};
    for (const zones::IndicatorDef& d : zones::indicator_defs())
      headers.push_back(output::Column{d.label, d.unit, d.decimals}.header());
    s.blocks.push_back(block("开发区土地集约利用评价指标", transpose(pick(*t, headers), "指标")));
  }
  if (r.scenario)
    if (const output::Table* t = find(tables, "新增用地核查"))
      s.blocks.push_back(block("情景新增用地核查",
                               pick(*t, {"开发区名称", "调整方式", "新增面积(公顷)", "城镇开发边界外(公顷)",
                                         "占永久基本农田(公顷)", "占生态保护红线(公顷)", "结论"})));
  return s;
}

// ------------------------------------------------------------------------------- 项目台账

Section ledger_section(const ledger::Result& r, FigureMaker& maps) {
  Section s{"项目台账", {}};
  using ledger::Light;
  s.blocks.push_back(Text{fmt::format(
      "截至 {}，重点项目台账 {} 个项目：红灯 {} 个，黄灯 {} 个，绿灯 {} 个（规则见 rules/ledger.toml："
      "节点临期、逾期或滞后完成，控制线冲突，闲置土地，承诺制复核）。台账数据问题 {} 处，"
      "逐条见 report.xlsx 的“台账·数据问题”。",
      r.as_of.iso(), r.projects.size(), r.count(Light::red), r.count(Light::yellow),
      r.count(Light::green), r.problems.size())});
  for (const std::string& n : r.not_checked)
    s.blocks.push_back(Text{"未关联：" + n + "（未配置图层）", 2});
  s.blocks.push_back(maps.make("项目台账预警图（红灯、黄灯、绿灯）", {"parcels", "urban", "zones"},
                               {"ledger_projects"}, maps.extent_of({"ledger_projects"}, 0.1)));
  const std::vector<output::Table> tables = ledger::to_tables(r);
  const std::vector<std::string> columns = {"责任单位", "项目编号", "项目名称", "节点",
                                            "到期日期", "逾期天数(天)", "说明"};
  if (const output::Table* t = find(tables, "预警清单")) {
    for (Light l : {Light::red, Light::yellow}) {
      const std::string label = ledger::label(l);
      s.blocks.push_back(block(label + "预警（按责任单位）",
                               pick(filter(*t, "预警", [&](const std::string& v) { return v == label; }),
                                    columns)));
    }
  }
  if (const output::Table* t = find(tables, "要素保障"))
    s.blocks.push_back(block("要素保障：尚缺事项",
                             pick(filter(*t, "尚缺", [](const std::string& v) { return !v.empty(); }),
                                  {"项目编号", "项目名称", "用地面积(亩)", "需新增建设用地(亩)", "尚缺"})));
  return s;
}

}  // namespace

output::Table pick(const output::Table& t, const std::vector<std::string>& headers) {
  output::Table out;
  out.title = t.title;
  std::vector<std::size_t> cols;
  for (const std::string& h : headers)
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      if (t.columns[c].header() == h) {
        cols.push_back(c);
        out.columns.push_back(t.columns[c]);
        break;
      }
  for (const auto& row : t.rows) {
    std::vector<Value> r;
    for (std::size_t c : cols) r.push_back(c < row.size() ? row[c] : Value{});
    out.rows.push_back(std::move(r));
  }
  return out;
}

output::Table transpose(const output::Table& t, const std::string& first_header) {
  output::Table out;
  out.title = t.title;
  out.columns.push_back({first_header, "", 0});
  for (const auto& row : t.rows) out.columns.push_back({row.empty() ? "" : to_text(row[0]), "", 2});
  for (std::size_t c = 1; c < t.columns.size(); ++c) {
    std::vector<Value> r = {t.columns[c].header()};
    for (const auto& row : t.rows) r.push_back(c < row.size() ? row[c] : Value{});
    out.rows.push_back(std::move(r));
  }
  // Each new row keeps its source column's decimals: carried by formatting numbers here.
  for (std::size_t i = 0; i < out.rows.size(); ++i) {
    const int d = t.columns[i + 1].decimals;
    for (std::size_t k = 1; k < out.rows[i].size(); ++k)
      if (const auto* x = std::get_if<double>(&out.rows[i][k])) out.rows[i][k] = fmt::format("{:.{}f}", *x, d);
  }
  return out;
}

Document build_document(const Project& project, const Analyses& a,
                        const std::vector<ResultLayer>& results, output::Table provenance) {
  Document d;
  std::tie(d.title, d.organisation) = title_and_organisation(project);
  d.project = project.file.empty() ? std::string("（命令行给出的图层）") : project.file.filename().string();
  d.as_of = project.analysis.as_of.empty() ? std::string("运行当日") : project.analysis.as_of;
  d.crs = a.layers.crs.label();
  d.date = chinese_date(std::chrono::system_clock::now());
  d.provenance = std::move(provenance);

  FigureMaker maps(a, results);
  if (a.check) d.sections.push_back(check_section(*a.check, maps));
  if (a.supply) d.sections.push_back(supply_section(*a.supply, maps));
  if (a.match) d.sections.push_back(match_section(*a.match, maps));
  if (a.zones) d.sections.push_back(zones_section(*a.zones, maps));
  if (a.ledger) d.sections.push_back(ledger_section(*a.ledger, maps));
  for (const Section& s : d.sections)
    if (!s.blocks.empty())
      if (const Text* t = std::get_if<Text>(&s.blocks.front())) d.summary.push_back(s.title + "：" + t->text);
  for (const std::string& why : a.skipped) d.summary.push_back("未运行 " + why);
  return d;
}

}  // namespace tudi::report
