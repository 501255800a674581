// The sheets of zones.xlsx, from the Result only.
#include "tudi/zones/output.hpp"

#include <fmt/format.h>

#include "tudi/core/text.hpp"

namespace tudi::zones {
namespace {

using output::Column;
using output::Table;

Value ha(const std::optional<units::Area>& a) {
  return a ? Value{a->ellipsoidal_ha()} : Value{};
}

std::string rank_text(const Indicator& i) {
  return i.rank ? fmt::format("{}/{}", *i.rank, i.rank_of) : std::string();
}

Table evaluation(const Result& r) {
  Table t{
      "开发区评价",
      {{"开发区代码", ""}, {"开发区名称", ""}, {"级别", ""}, {"评价类型", ""}, {"面积", "公顷", 4}},
      {}};
  for (const IndicatorDef& d : indicator_defs()) {
    t.columns.push_back({d.label, d.unit, d.decimals});
    if (d.ranked) t.columns.push_back({std::string(d.label) + "类型内排名", ""});
  }
  t.columns.push_back({"综合得分", "", 2});
  t.columns.push_back({"综合排名", ""});
  t.columns.push_back({"综合得分说明", ""});
  auto row = [&](const ZoneEval& z) {
    std::vector<Value> v = {z.id, z.name, z.level, z.eval_type, z.area.ellipsoidal_ha()};
    for (const IndicatorDef& d : indicator_defs()) {
      v.push_back(optional_value(z[d.ind].value));
      if (d.ranked) v.push_back(rank_text(z[d.ind]));
    }
    v.push_back(optional_value(z.composite));
    v.push_back(z.composite_rank ? fmt::format("{}/{}", *z.composite_rank, z.composite_rank_of)
                                 : std::string());
    v.push_back(z.composite_reason);
    return v;
  };
  for (const ZoneEval& z : r.zones) t.rows.push_back(row(z));
  if (!r.zones.empty()) {
    std::vector<Value> v = {"", "全国开发区（通报值）", "", "", Value{}};
    for (const IndicatorDef& d : indicator_defs()) {
      v.push_back(optional_value(r.zones.front()[d.ind].national));
      if (d.ranked) v.push_back("");
    }
    v.push_back(Value{});
    v.push_back(std::string());
    v.push_back(std::string());
    t.rows.push_back(std::move(v));
  }
  return t;
}

Table details(const Result& r) {
  Table t{"指标明细",
          {{"状态", ""},
           {"开发区代码", ""},
           {"开发区名称", ""},
           {"评价类型", ""},
           {"指标", ""},
           {"单位", ""},
           {"数值", "", 4},
           {"全国通报值", "", 4},
           {"与全国值之差", "", 4},
           {"类型内排名", ""},
           {"参评开发区数", "", 0},
           {"说明", ""}},
          {}};
  auto rows = [&](const char* state, const ZoneEval& z) {
    for (const IndicatorDef& d : indicator_defs()) {
      const Indicator& i = z[d.ind];
      const std::optional<double> diff =
          i.value && i.national ? std::optional<double>(*i.value - *i.national) : std::nullopt;
      t.rows.push_back({state, z.id, z.name, z.eval_type, d.label, d.unit, optional_value(i.value),
                        optional_value(i.national), optional_value(diff), rank_text(i),
                        d.ranked ? Value{std::int64_t{i.rank_of}} : Value{}, i.reason});
    }
  };
  for (const ZoneEval& z : r.zones) rows("现状", z);
  if (r.scenario)
    for (const ScenarioZone& z : r.scenario->zones) rows("情景", z.eval);
  return t;
}

Table stock(const Result& r) {
  Table t{"用地构成",
          {{"状态", ""},
           {"开发区代码", ""},
           {"开发区名称", ""},
           {"面积", "公顷", 4},
           {"相交地块数", "", 0},
           {"已供应", "公顷", 4},
           {"已建成未供应", "公顷", 4},
           {"达到供地条件未供应", "公顷", 4},
           {"已达到供地条件合计", "公顷", 4},
           {"已建成", "公顷", 4},
           {"已建成工业仓储", "公顷", 4},
           {"闲置", "公顷", 4},
           {"闲置状态无法判定", "公顷", 4},
           {"批而未供", "公顷", 4},
           {"建筑面积", "m²", 0},
           {"工业建筑面积", "m²", 0},
           {"工业建构筑物及堆场占地", "m²", 0},
           {"工业固定资产投资", "万元", 1},
           {"工业税收", "万元", 1},
           {"税收", "万元", 1},
           {"城镇开发边界外", "公顷", 4},
           {"占永久基本农田", "公顷", 4},
           {"占生态保护红线", "公顷", 4}},
          {}};
  auto row = [&](const char* state, const ZoneEval& z) {
    const Stock& s = z.stock;
    t.rows.push_back({state,
                      z.id,
                      z.name,
                      z.area.ellipsoidal_ha(),
                      std::int64_t{s.parcels},
                      s.supplied.ellipsoidal_ha(),
                      s.built_unsupplied.ellipsoidal_ha(),
                      s.ready.ellipsoidal_ha(),
                      s.developed.ellipsoidal_ha(),
                      s.built.ellipsoidal_ha(),
                      s.built_industrial.ellipsoidal_ha(),
                      s.idle.ellipsoidal_ha(),
                      s.idle_unknown.ellipsoidal_ha(),
                      s.unsupplied_approved.ellipsoidal_ha(),
                      s.floor_area,
                      s.industrial_floor_area,
                      s.industrial_footprint,
                      s.industrial_investment,
                      s.industrial_tax,
                      s.tax,
                      ha(z.controls.outside_urban),
                      ha(z.controls.farmland),
                      ha(z.controls.redline)});
  };
  for (const ZoneEval& z : r.zones) row("现状", z);
  if (r.scenario)
    for (const ScenarioZone& z : r.scenario->zones) row("情景", z.eval);
  return t;
}

Table comparison(const Result& r) {
  Table t{"情景对比",
          {{"情景开发区代码", ""},
           {"情景开发区名称", ""},
           {"调整方式", ""},
           {"现状开发区", ""},
           {"指标", ""},
           {"单位", ""},
           {"现状值", "", 4},
           {"情景值", "", 4},
           {"变化", "", 4}},
          {}};
  if (!r.scenario) return t;
  for (const ScenarioZone& z : r.scenario->zones) {
    for (const Change& c : z.changes) {
      const ZoneEval* from = nullptr;
      for (const ZoneEval& cur : r.zones)
        if (cur.id == c.from) from = &cur;
      if (!from) continue;
      for (const IndicatorDef& d : indicator_defs()) {
        const auto k = static_cast<std::size_t>(d.ind);
        t.rows.push_back({z.eval.id, z.eval.name, ops_text(z.ops), from->id + " " + from->name,
                          d.label, d.unit, optional_value(from->indicators[k].value),
                          optional_value(z.eval.indicators[k].value), optional_value(c.delta[k])});
      }
    }
  }
  for (const std::string& d : r.scenario->dropped)
    t.rows.push_back({"", "", "撤销", d, "", "", Value{}, Value{}, Value{}});
  return t;
}

Table checks(const Result& r) {
  Table t{"新增用地核查",
          {{"开发区代码", ""},
           {"开发区名称", ""},
           {"调整方式", ""},
           {"新增面积", "公顷", 4},
           {"新增面积", "亩", 2},
           {"城镇开发边界外", "公顷", 4},
           {"占永久基本农田", "公顷", 4},
           {"占生态保护红线", "公顷", 4},
           {"含批而未供", "公顷", 4},
           {"含闲置土地", "公顷", 4},
           {"疑似碎片", "m²", 2},
           {"禁止性冲突", ""},
           {"扩区前提条件", ""},
           {"结论", ""}},
          {}};
  if (!r.scenario) return t;
  for (const ScenarioZone& z : r.scenario->zones) {
    if (!z.check) continue;
    const NewAreaCheck& c = *z.check;
    bool undecided = false;
    for (const auto& p : c.preconditions) undecided = undecided || !p.pass;
    const char* pre = c.preconditions.empty() ? "未设置"
                      : c.preconditions_met   ? "满足"
                      : undecided             ? "未满足或无法判定"
                                              : "未满足";
    t.rows.push_back({z.eval.id, z.eval.name, ops_text(z.ops), c.area.ellipsoidal_ha(),
                      c.area.ellipsoidal_mu(), ha(c.outside_urban), ha(c.farmland), ha(c.redline),
                      ha(c.unsupplied_approved), ha(c.idle), c.slivers.ellipsoidal_m2,
                      c.blocking ? "是" : "否", pre, c.conclusion});
  }
  return t;
}

Table preconditions(const Result& r) {
  Table t{"扩区前提条件",
          {{"开发区代码", ""},
           {"开发区名称", ""},
           {"条件", ""},
           {"阈值", "", 2},
           {"单位", ""},
           {"扩区前数值", "", 2},
           {"结果", ""},
           {"建议默认值", ""},
           {"说明", ""},
           {"依据", ""}},
          {}};
  if (!r.scenario) return t;
  for (const ScenarioZone& z : r.scenario->zones) {
    if (!z.check) continue;
    for (const PreconditionResult& p : z.check->preconditions) {
      const IndicatorDef* d = find_indicator(p.rule.indicator);
      t.rows.push_back({z.eval.id, z.eval.name, d ? d->label : p.rule.indicator, p.rule.min,
                        d ? d->unit : "", optional_value(p.value),
                        !p.pass   ? "无法判定"
                        : *p.pass ? "满足"
                                  : "不满足",
                        p.rule.suggested_default ? "是" : "否", p.text, p.rule.source});
    }
  }
  return t;
}

Table conflicts(const Result& r) {
  Table t{"冲突图斑",
          {{"开发区代码", ""},
           {"类型", ""},
           {"性质", ""},
           {"来源图斑/批次/地块", ""},
           {"面积", "m²", 2},
           {"面积", "亩", 4},
           {"疑似碎片", ""}},
          {}};
  if (!r.scenario) return t;
  for (const ScenarioZone& z : r.scenario->zones) {
    if (!z.check) continue;
    for (const Conflict& c : z.check->conflicts)
      t.rows.push_back({c.zone, kind_label(c.kind), severity_label(c.severity), c.source_id,
                        c.area.ellipsoidal_m2, c.area.ellipsoidal_mu(), c.sliver ? "是" : "否"});
  }
  return t;
}

Table candidates(const Result& r) {
  Table t{"扩区候选用地",
          {{"开发区代码", ""},
           {"开发区名称", ""},
           {"排名", "", 0},
           {"面积", "m²", 2},
           {"面积", "亩", 2},
           {"面积", "公顷", 4},
           {"周长", "m", 1},
           {"紧凑度 4πA/P²", "", 3},
           {"面积排名", "", 0},
           {"紧凑度排名", "", 0},
           {"其中批而未供", "亩", 2}},
          {}};
  for (const Candidate& c : r.candidates)
    t.rows.push_back({c.zone, c.zone_name, std::int64_t{c.rank}, c.area.ellipsoidal_m2,
                      c.area.ellipsoidal_mu(), c.area.ellipsoidal_ha(), c.perimeter_m,
                      c.compactness, std::int64_t{c.rank_area}, std::int64_t{c.rank_compactness},
                      c.unsupplied_approved.ellipsoidal_mu()});
  return t;
}

Table notes(const Result& r) {
  Table t{"说明", {{"项目", ""}, {"内容", ""}}, {}};
  t.rows.push_back({"评价时点", r.as_of.iso()});
  t.rows.push_back({"坐标系", r.crs.empty() ? std::string() : r.crs.label()});
  t.rows.push_back({"面积",
                    "椭球面积（CGCS2000，官方面积）；地块按与开发区相交面积计入，"
                    "建筑面积、投资、税收按地块落入开发区的面积比例分摊"});
  t.rows.push_back({"全国通报值来源", r.national_source});
  t.rows.push_back(
      {"已建成土地来源",
       r.built_source == "landuse"
           ? "国土调查地类图斑（landuse）：地类代码 " + join(r.built.codes, "、") +
                 " 计为已建成城镇建设用地，" + join(r.built.industrial, "、") +
                 " 计为工业（仓储）用地；已供应但未建成（闲置、停工、在建）的地块范围不计；" +
                 r.built.source
           : std::string("供地地块（未配置国土调查图层或地类代码）：道路、公共设施、绿地等未入库土"
                         "地未计入")});
  for (const IndicatorDef& d : indicator_defs())
    t.rows.push_back(
        {std::string(d.label) + (*d.unit ? "（" + std::string(d.unit) + "）" : ""), d.formula});
  std::string weights;
  for (const auto& [code, w] : r.composite.weights)
    weights +=
        fmt::format("{}{} {:g}", weights.empty() ? "" : "，", find_indicator(code)->label, w);
  t.rows.push_back({"综合得分权重", weights.empty() ? "未设置" : weights});
  t.rows.push_back({"综合得分方法", kCompositeMethod});
  t.rows.push_back({"综合得分权重来源",
                    r.composite.source + (r.composite.suggested_default ? "（建议默认值）" : "")});
  if (r.candidate_distance)
    t.rows.push_back(
        {"候选用地", fmt::format("开发区周边 {:g} 米内，位于城镇开发边界内，扣除永久基本农田、"
                                 "生态保护红线、已建成土地和现有开发区；排名为面积排名与紧凑度"
                                 "排名之和（小者优先）",
                                 *r.candidate_distance)});
  if (!r.not_checked.empty()) t.rows.push_back({"未检查（未配置图层）", join(r.not_checked, "、")});
  for (const std::string& w : r.warnings) t.rows.push_back({"提示", w});
  return t;
}

}  // namespace

std::vector<Table> to_tables(const Result& r) {
  return {evaluation(r),    details(r),   stock(r),      comparison(r), checks(r),
          preconditions(r), conflicts(r), candidates(r), notes(r)};
}

}  // namespace tudi::zones
