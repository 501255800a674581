// The indicators of DOMAIN §9 from a zone's stock, the national values beside them, and the
// ranks within each zone type. The formulas and their inputs are listed in zones.hpp.
#include <fmt/format.h>

#include <algorithm>

#include "tudi/core/roles.hpp"
#include "tudi/zones/detail.hpp"

namespace tudi::zones {
namespace {

const std::vector<IndicatorDef> kDefs = {
    {Ind::development_rate, "development_rate", "土地开发率", "%", 2, true, true,
     "（已供应土地 + 已建成未供应土地 + 达到供地条件的未供应土地）÷ 开发区面积"},
    {Ind::supply_rate, "supply_rate", "土地供应率", "%", 2, true, true,
     "已供应土地 ÷ 已达到供地条件的土地（同土地开发率分子）"},
    {Ind::built_rate, "built_rate", "土地建成率", "%", 2, true, true, "已建成土地 ÷ 已供应土地"},
    {Ind::industrial_rate, "industrial_rate", "工业用地率", "%", 2, true, true,
     "已建成工业（仓储）用地 ÷ 已建成土地"},
    {Ind::far, "far", "综合容积率", "", 2, true, true, "已建成地块建筑面积 ÷ 已建成土地"},
    {Ind::industrial_far, "industrial_far", "工业用地综合容积率", "", 2, true, true,
     "已建成工业（仓储）地块建筑面积 ÷ 已建成工业（仓储）用地"},
    {Ind::building_coefficient, "building_coefficient", "工业用地建筑系数", "%", 2, true, true,
     "已建成工业（仓储）地块建构筑物及堆场占地 ÷ 已建成工业（仓储）用地"},
    {Ind::industrial_investment, "industrial_investment", "工业用地固定资产投入强度", "万元/公顷",
     1, true, true, "已建成工业（仓储）地块固定资产投资 ÷ 已建成工业（仓储）用地（公顷）"},
    {Ind::industrial_investment_mu, "industrial_investment_mu", "工业用地固定资产投入强度",
     "万元/亩", 2, false, true, "同上，按亩计（1 公顷 = 15 亩）"},
    {Ind::industrial_tax, "industrial_tax", "工业用地地均税收", "万元/公顷", 1, true, true,
     "已建成工业（仓储）地块年税收 ÷ 已建成工业（仓储）用地（公顷）"},
    {Ind::industrial_tax_mu, "industrial_tax_mu", "工业用地地均税收", "万元/亩", 2, false, true,
     "同上，按亩计"},
    {Ind::tax_per_area, "tax_per_area", "综合地均税收", "万元/公顷", 1, true, true,
     "已建成地块年税收 ÷ 已建成土地（公顷）"},
    {Ind::tax_per_area_mu, "tax_per_area_mu", "综合地均税收", "万元/亩", 2, false, true,
     "同上，按亩计"},
    {Ind::idle_rate, "idle_rate", "闲置土地率", "%", 2, true, false,
     "闲置土地（含政府原因闲置）÷ 已供应土地"},
    {Ind::unsupplied_approved_area, "unsupplied_approved_area", "批而未供土地面积", "公顷", 4,
     false, false, "各批次批准范围减去已供应地块，与开发区相交部分"},
    {Ind::idle_area, "idle_area", "闲置土地面积", "公顷", 4, false, false,
     "闲置土地与开发区相交部分"},
};

/// "DK-1、DK-2、DK-3 等 7 宗".
std::string ids_text(const std::vector<std::string>& ids) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(ids.size(), 5);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? "、" : "") + ids[i];
  if (ids.size() > shown) out += fmt::format(" 等 {} 宗", ids.size());
  return out;
}

std::string alias(std::string_view field) {
  const CanonicalField* cf = find_field(*find_role("parcels"), field);
  return std::string(cf ? cf->alias : field);
}

}  // namespace

const IndicatorDef& def(Ind i) {
  return kDefs[static_cast<std::size_t>(i)];
}
const std::vector<IndicatorDef>& indicator_defs() {
  return kDefs;
}

const IndicatorDef* find_indicator(std::string_view code) {
  for (const IndicatorDef& d : kDefs)
    if (code == d.code) return &d;
  return nullptr;
}

std::string normalise_eval_type(std::string_view text) {
  std::string t(text);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(0, 1);
  if (t.empty()) return "未分类";
  if (t.find("产城") != std::string::npos) return "产城融合型";
  if (t.find("工业") != std::string::npos) return "工业主导型";
  return t;
}

namespace detail {

std::array<Indicator, kIndicators> indicators(const Stock& s, const units::Area& zone_area,
                                              const Ledger& ledger) {
  std::array<Indicator, kIndicators> out;
  const auto& unmapped = ledger.unmapped();
  auto lacks_field = [&](std::string_view f) {
    return std::find(unmapped.begin(), unmapped.end(), f) != unmapped.end();
  };
  auto at = [&](Ind i) -> Indicator& { return out[static_cast<std::size_t>(i)]; };
  // Why an input is missing: an unmapped field first (it explains every parcel), then the
  // parcels without the value.
  auto missing = [&](const char* key, std::string_view field, const char* whose) -> std::string {
    if (lacks_field(field)) return fmt::format("供地地块图层没有{}字段（{}）", alias(field), field);
    auto it = s.missing.find(key);
    if (it == s.missing.end() || it->second.empty()) return {};
    return fmt::format("{}缺少{}：{}", whose, alias(field), ids_text(it->second));
  };
  // value = num ÷ den × scale, or null with the first reason that applies.
  auto ratio = [&](Ind i, double num, double den, double scale, const std::string& den_zero,
                   std::initializer_list<std::string> reasons) {
    Indicator& ind = at(i);
    for (const std::string& r : reasons)
      if (!r.empty()) {
        ind.reason = r;
        return;
      }
    if (den <= 0) {
      ind.reason = den_zero;
      return;
    }
    ind.value = num / den * scale;
  };

  const std::string no_supply =
      lacks_field("supply_date") ? "供地地块图层没有供地日期或供地方式字段（supply_date）" : "";
  const std::string no_built =
      lacks_field("completed") && lacks_field("floor_area")
          ? "供地地块图层没有竣工日期和建筑面积字段，无法判定已建成土地（completed, floor_area）"
          : "";
  const std::string no_use = lacks_field("planned_use")
                                 ? "供地地块图层没有规划用途字段，无法判定工业用地（planned_use）"
                                 : "";
  const double zone_m2 = zone_area.ellipsoidal_m2;
  const double developed = s.developed.ellipsoidal_m2, supplied = s.supplied.ellipsoidal_m2;
  const double built = s.built.ellipsoidal_m2, built_ind = s.built_industrial.ellipsoidal_m2;
  const std::string none_developed = "开发区内没有已达到供地条件的土地";
  const std::string none_supplied = "开发区内没有已供应土地";
  const std::string none_built = "开发区内没有已建成土地";
  const std::string none_industrial = "开发区内没有已建成的工业（仓储）用地";
  const char* built_whose = "已建成地块";
  const char* ind_whose = "已建成工业（仓储）地块";

  ratio(Ind::development_rate, developed, zone_m2, 100, "开发区面积为零", {no_supply});
  ratio(Ind::supply_rate, supplied, developed, 100, none_developed, {no_supply});
  ratio(Ind::built_rate, built, supplied, 100, none_supplied, {no_supply, no_built});
  ratio(Ind::industrial_rate, built_ind, built, 100, none_built, {no_built, no_use});
  ratio(Ind::far, s.floor_area, built, 1, none_built,
        {no_built, missing("floor_area", "floor_area", built_whose)});
  ratio(Ind::industrial_far, s.industrial_floor_area, built_ind, 1, none_industrial,
        {no_built, no_use, missing("industrial_floor_area", "floor_area", ind_whose)});
  ratio(Ind::building_coefficient, s.industrial_footprint, built_ind, 100, none_industrial,
        {no_built, no_use, missing("industrial_footprint", "footprint", ind_whose)});
  const double built_ind_ha = units::m2_to_ha(built_ind), built_ha = units::m2_to_ha(built);
  const std::string invest_missing = missing("industrial_investment", "investment", ind_whose);
  ratio(Ind::industrial_investment, s.industrial_investment, built_ind_ha, 1, none_industrial,
        {no_built, no_use, invest_missing});
  ratio(Ind::industrial_investment_mu, s.industrial_investment, built_ind_ha * units::kMuPerHa, 1,
        none_industrial, {no_built, no_use, invest_missing});
  const std::string ind_tax_missing = missing("industrial_tax", "tax", ind_whose);
  ratio(Ind::industrial_tax, s.industrial_tax, built_ind_ha, 1, none_industrial,
        {no_built, no_use, ind_tax_missing});
  ratio(Ind::industrial_tax_mu, s.industrial_tax, built_ind_ha * units::kMuPerHa, 1,
        none_industrial, {no_built, no_use, ind_tax_missing});
  const std::string tax_missing = missing("tax", "tax", built_whose);
  ratio(Ind::tax_per_area, s.tax, built_ha, 1, none_built, {no_built, tax_missing});
  ratio(Ind::tax_per_area_mu, s.tax, built_ha * units::kMuPerHa, 1, none_built,
        {no_built, tax_missing});

  // 闲置土地率: undecidable statuses leave a range, not a value.
  std::string idle_reason = lacks_field("agreed_start")
                                ? "供地地块图层没有约定动工日期字段，无法判定闲置（agreed_start）"
                                : "";
  if (idle_reason.empty() && s.idle_unknown.ellipsoidal_m2 > 0 && supplied > 0) {
    auto it = s.missing.find("idle_unknown");
    idle_reason =
        fmt::format("已供地块闲置状态无法判定：{}；闲置土地率介于 {:.2f}% 与 {:.2f}% 之间",
                    it == s.missing.end() ? std::string() : ids_text(it->second),
                    s.idle.ellipsoidal_m2 / supplied * 100,
                    (s.idle.ellipsoidal_m2 + s.idle_unknown.ellipsoidal_m2) / supplied * 100);
  }
  ratio(Ind::idle_rate, s.idle.ellipsoidal_m2, supplied, 100, none_supplied,
        {no_supply, idle_reason});

  Indicator& unsupplied = at(Ind::unsupplied_approved_area);
  if (ledger.supply().not_checked.end() != std::find(ledger.supply().not_checked.begin(),
                                                     ledger.supply().not_checked.end(),
                                                     "approvals"))
    unsupplied.reason = "未配置建设用地批准图层（approvals），无法计算批而未供";
  else
    unsupplied.value = s.unsupplied_approved.ellipsoidal_ha();
  Indicator& idle_area = at(Ind::idle_area);
  idle_area.value = s.idle.ellipsoidal_ha();
  if (s.idle_unknown.ellipsoidal_m2 > 0)
    idle_area.reason = fmt::format("另有 {:.4f} 公顷已供土地闲置状态无法判定，未计入",
                                   s.idle_unknown.ellipsoidal_ha());
  return out;
}

void put_national(ZoneEval& z, const Settings& s) {
  for (const IndicatorDef& d : kDefs) {
    std::optional<double> v;
    if (auto it = s.national.find(d.code); it != s.national.end()) v = it->second;
    // The 万元/亩 twin of a 万元/公顷 value (1 公顷 = 15 亩).
    const std::string code = d.code;
    if (!v && code.size() > 3 && code.ends_with("_mu"))
      if (auto it = s.national.find(code.substr(0, code.size() - 3)); it != s.national.end())
        v = it->second / units::kMuPerHa;
    z.indicators[static_cast<std::size_t>(d.ind)].national = v;
  }
}

ZoneEval evaluate(const Ledger& ledger, geom::Geometry geometry, const ZoneInfo& info,
                  bool approved_denominator) {
  ZoneEval z;
  static_cast<ZoneInfo&>(z) = info;
  z.geometry = std::move(geometry);
  z.area = ledger.meter()(z.geometry);
  z.stock = ledger.stock(z.geometry);
  z.controls = ledger.controls(z.geometry);
  units::Area denominator = z.area;
  if (approved_denominator && info.approved_ha && *info.approved_ha > 0) {
    z.approved_denominator = true;
    denominator.planar_m2 = denominator.ellipsoidal_m2 = *info.approved_ha * 10000;
  }
  z.denominator_ha = denominator.ellipsoidal_ha();
  z.indicators = indicators(z.stock, denominator, ledger);
  put_national(z, ledger.settings());
  return z;
}

}  // namespace detail

const char* const kCompositeMethod =
    "各指标在同一评价类型的开发区间按极差标准化：越高越好者 (值 − 最小值) ÷ (最大值 − 最小值)，"
    "越低越好者（闲置土地率）(最大值 − 值) ÷ (最大值 − 最小值)，各开发区相同时取 1；"
    "综合得分 = 100 × Σ 权重 × 标准化值 ÷ Σ 权重；缺少任一参与指标的开发区不计综合得分";

namespace {

/// Competition ranking (1, 2, 2, 4) of `with` by `better`, written through `put`.
template <class Better, class Put>
void competition_rank(std::vector<ZoneEval*>& with, Better better, Put put) {
  std::stable_sort(with.begin(), with.end(), better);
  int prev = 0;
  for (std::size_t i = 0; i < with.size(); ++i) {
    const bool tie = i > 0 && !better(with[i - 1], with[i]);
    const int r = tie ? prev : static_cast<int>(i + 1);
    put(*with[i], r, static_cast<int>(with.size()));
    prev = r;
  }
}

/// The composite score of each zone of one type (see Composite).
void score(const std::vector<ZoneEval*>& group, const Composite& c) {
  double total = 0;
  for (const auto& [code, w] : c.weights) total += w;
  for (ZoneEval* z : group) {
    z->composite.reset();
    z->composite_reason.clear();
    z->composite_rank.reset();
    z->composite_rank_of = 0;
  }
  if (c.weights.empty() || total <= 0) {
    for (ZoneEval* z : group) z->composite_reason = "规则包未设置综合评分权重（[composite]）";
    return;
  }
  std::vector<double> sum(group.size(), 0.0);
  std::vector<std::string> lacking(group.size());
  for (const auto& [code, w] : c.weights) {
    const IndicatorDef& d = *find_indicator(code);
    const auto k = static_cast<std::size_t>(d.ind);
    double lo = 0, hi = 0;
    bool any = false;
    for (const ZoneEval* z : group)
      if (const auto& v = z->indicators[k].value) {
        lo = any ? std::min(lo, *v) : *v;
        hi = any ? std::max(hi, *v) : *v;
        any = true;
      }
    for (std::size_t i = 0; i < group.size(); ++i) {
      const auto& v = group[i]->indicators[k].value;
      if (!v) {
        lacking[i] += (lacking[i].empty() ? "" : "、") + std::string(d.label);
        continue;
      }
      const double n = hi > lo ? (d.higher_is_better ? *v - lo : hi - *v) / (hi - lo) : 1.0;
      sum[i] += w * n;
    }
  }
  std::vector<ZoneEval*> with;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (!lacking[i].empty()) {
      group[i]->composite_reason = "缺少参与综合评分的指标：" + lacking[i];
      continue;
    }
    group[i]->composite = 100 * sum[i] / total;
    with.push_back(group[i]);
  }
  competition_rank(
      with, [](const ZoneEval* a, const ZoneEval* b) { return *a->composite > *b->composite; },
      [](ZoneEval& z, int r, int of) {
        z.composite_rank = r;
        z.composite_rank_of = of;
      });
}

}  // namespace

void rank(const std::vector<ZoneEval*>& zones, const Composite& composite) {
  std::map<std::string, std::vector<ZoneEval*>> by_type;
  for (ZoneEval* z : zones) by_type[z->eval_type].push_back(z);
  for (auto& [type, group] : by_type) {
    for (const IndicatorDef& d : kDefs) {
      const auto k = static_cast<std::size_t>(d.ind);
      std::vector<ZoneEval*> with;
      for (ZoneEval* z : group) {
        z->indicators[k].rank.reset();
        z->indicators[k].rank_of = 0;
        if (d.ranked && z->indicators[k].value) with.push_back(z);
      }
      competition_rank(
          with,
          [&](const ZoneEval* a, const ZoneEval* b) {
            const double x = *a->indicators[k].value, y = *b->indicators[k].value;
            return d.higher_is_better ? x > y : x < y;
          },
          [&](ZoneEval& z, int r, int of) {
            z.indicators[k].rank = r;
            z.indicators[k].rank_of = of;
          });
    }
    score(group, composite);
  }
}

}  // namespace tudi::zones
