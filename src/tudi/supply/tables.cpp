// The sheets of supply.xlsx and of the report's workbook.
#include "tudi/supply/output.hpp"

#include <fmt/format.h>

#include "tudi/core/roles.hpp"
#include "tudi/core/text.hpp"

namespace tudi::supply {
namespace {

/// The Chinese names of parcels fields ("std_investment" → "投资强度标准") for tables people read.
std::vector<std::string> indicator_aliases(const std::vector<std::string>& canonical) {
  std::vector<std::string> out;
  const Role* parcels = find_role("parcels");
  for (const std::string& c : canonical) {
    const CanonicalField* f = parcels ? find_field(*parcels, c) : nullptr;
    out.push_back(f ? std::string(f->alias) : c);
  }
  return out;
}

std::string join_texts(const std::vector<Finding>& fs) {
  std::string out;
  for (const Finding& f : fs) out += (out.empty() ? "" : "；") + f.text;
  return out;
}

}  // namespace

std::vector<output::Table> to_tables(const Result& r) {
  using output::Table;
  auto col = [](std::string title, std::string unit = {}, int decimals = 2) {
    return output::Column{std::move(title), std::move(unit), decimals};
  };
  std::vector<Table> out;
  const ZoneSummary t = grand_total(r);

  Table sum{
      "汇总",
      {col("项目"), col("数量", "个", 0), col("面积", "m²"), col("面积", "亩", 4), col("说明")},
      {}};
  auto row = [&](const std::string& what, std::int64_t n, const units::Area& a) {
    sum.rows.push_back({what, n, a.ellipsoidal_m2, a.ellipsoidal_mu()});
  };
  sum.rows.push_back({"统计日期", Value{}, Value{}, Value{}, r.as_of.iso()});
  row("地块", t.parcels, t.parcel_area);
  for (ReadinessLevel l : kReadinessLevels) {
    const auto i = static_cast<std::size_t>(l);
    row(std::string("未供地块：") + label(l), t.readiness_count[i], t.readiness_area[i]);
  }
  row("已供地块", t.supplied_count, t.supplied_area);
  for (IdleState s : kIdleStateOrder) {
    const auto i = static_cast<std::size_t>(s);
    row(std::string("已供地块：") + label(s), t.idle_count[i], t.idle_area[i]);
  }
  sum.rows.push_back({"供而未用（已供未动工）", static_cast<std::int64_t>(t.unused_count),
                      t.unused_area.ellipsoidal_m2, t.unused_area.ellipsoidal_mu(),
                      "已供地、截至统计日期未动工的地块，自供地日期起算（不论约定动工日期是否已过）"});
  sum.rows.push_back(
      {"土地闲置费合计", Value{}, Value{}, Value{}, fmt::format("{:.2f} 万元", t.idle_fee)});
  row("低效用地", t.inefficient_count, t.inefficient_area);
  if (!r.batches.empty()) {
    const auto batches = static_cast<std::int64_t>(r.batches.size());
    const BatchSummary all = batch_total(r);
    row("批准用地（批次）", batches, all.approved);
    row("批准用地：已供", batches, all.supplied);
    row("批准用地：撤回/核减", batches, all.withdrawn);
    row("批准用地：批而未供（扣除撤回/核减）", batches, all.unsupplied);
  }
  if (r.supply_rate) {
    const SupplyRate& s = *r.supply_rate;
    const std::string line = fmt::format("{:g}%", s.line * 100);
    sum.rows.push_back(
        {window_text(s), static_cast<std::int64_t>(s.batches), s.approved.ellipsoidal_m2,
         s.approved.ellipsoidal_mu(),
         fmt::format("供地率 {:.2f}%，{}（分母为批准面积扣除撤回/核减 {:.4f} 亩）", s.rate * 100,
                     (s.meets ? "达到 " : "低于 ") + line, s.withdrawn.ellipsoidal_mu())});
  }
  for (const std::string& n : r.not_checked)
    sum.rows.push_back({"未检查", Value{}, Value{}, Value{}, n + "（未配置图层）"});
  for (const std::string& w : r.warnings)
    sum.rows.push_back({"提示", Value{}, Value{}, Value{}, w});
  out.push_back(std::move(sum));

  Table ready{
      "地块准备情况",
      {col("地块编号"), col("地块名称"), col("开发区"), col("面积", "m²"), col("面积", "亩", 4),
       col("准备程度"), col("基础设施等级"), col("缺少条件"), col("缺少标准地指标")},
      {}};
  for (const ParcelStatus& p : r.parcels) {
    if (!p.readiness) continue;
    ready.rows.push_back({p.id, p.name, p.zone, p.area.ellipsoidal_m2, p.area.ellipsoidal_mu(),
                          std::string(label(p.readiness->level)),
                          std::string(label(p.readiness->infrastructure.grade)),
                          join_texts(p.readiness->missing), join(indicator_aliases(p.readiness->missing_indicators), "、")});
  }
  out.push_back(std::move(ready));

  Table idle{"闲置土地",
             {col("地块编号"), col("地块名称"), col("开发区"), col("面积", "m²"),
              col("面积", "亩", 4), col("状态"), col("闲置年数", "年", 0), col("起算日期"),
              col("处置"), col("土地闲置费", "万元"), col("供而未用"), col("供而未用起算"),
              col("说明")},
             {}};
  for (const ParcelStatus& p : r.parcels) {
    if (!p.idle) continue;
    idle.rows.push_back(
        {p.id, p.name, p.zone, p.area.ellipsoidal_m2, p.area.ellipsoidal_mu(),
         std::string(label(p.idle->state)), static_cast<std::int64_t>(p.idle->idle_years),
         p.idle->counted_from ? Value{p.idle->counted_from->iso()} : Value{},
         std::string(label(p.idle->consequence)), optional_value(p.idle->fee),
         std::string(p.unused ? "是" : "否"),
         p.unused_since ? Value{p.unused_since->iso()} : Value{}, p.idle->text});
  }
  out.push_back(std::move(idle));

  Table batches{"批而未供",
                {col("批次编号"), col("批次名称"), col("批准文号"), col("批准日期"),
                 col("批准面积(登记)", "公顷", 4), col("批准面积", "亩", 4),
                 col("撤回/核减面积", "亩", 4), col("已供面积", "亩", 4),
                 col("批而未供面积", "亩", 4), col("批而未供面积", "m²"),
                 col("供地率", "%"), col("计入近五年"), col("已供地块")},
                {}};
  for (const BatchSummary& b : r.batches)
    batches.rows.push_back(
        {b.id, b.name, b.approval_no,
         b.approval_date.date ? b.approval_date.date->iso() : b.approval_date.raw,
         optional_value(b.declared_ha), b.approved.ellipsoidal_mu(), b.withdrawn.ellipsoidal_mu(),
         b.supplied.ellipsoidal_mu(),
         b.unsupplied.ellipsoidal_mu(), b.unsupplied.ellipsoidal_m2, b.supply_rate * 100,
         std::string(b.in_window ? "是" : "否"), join(b.parcels, "、")});
  out.push_back(std::move(batches));

  Table zones{
      "开发区汇总",
      {col("开发区代码"), col("开发区名称"), col("地块数", "个", 0), col("地块面积", "亩", 4),
       col("标准地", "亩", 4), col("净地", "亩", 4), col("未达供地条件", "亩", 4),
       col("已供", "亩", 4), col("闲置满两年", "亩", 4), col("闲置满一年", "亩", 4),
       col("中止开发满一年", "亩", 4), col("政府原因闲置", "亩", 4), col("动工预警", "亩", 4),
       col("供而未用", "亩", 4),
       col("土地闲置费", "万元"), col("低效用地", "亩", 4), col("批准用地", "亩", 4),
       col("批准已供", "亩", 4), col("批而未供", "亩", 4)},
      {}};
  auto mu = [](const units::Area& a) { return Value{a.ellipsoidal_mu()}; };
  for (const ZoneSummary& z : r.zones) {
    auto ra = [&](ReadinessLevel l) { return mu(z.readiness_area[static_cast<std::size_t>(l)]); };
    auto ia = [&](IdleState s) { return mu(z.idle_area[static_cast<std::size_t>(s)]); };
    zones.rows.push_back({z.id, z.name, static_cast<std::int64_t>(z.parcels), mu(z.parcel_area),
                          ra(ReadinessLevel::standard), ra(ReadinessLevel::ready),
                          ra(ReadinessLevel::not_ready), mu(z.supplied_area),
                          ia(IdleState::idle_2y), ia(IdleState::idle_1y),
                          ia(IdleState::idle_suspended), ia(IdleState::government_cause),
                          ia(IdleState::warning), mu(z.unused_area), z.idle_fee,
                          mu(z.inefficient_area),
                          mu(z.approved), mu(z.approved_supplied), mu(z.approved_unsupplied)});
  }
  out.push_back(std::move(zones));

  Table ineff{"低效用地",
              {col("地块编号"), col("地块名称"), col("开发区"), col("面积", "亩", 4), col("指标"),
               col("数值", "", 2), col("阈值", "", 2), col("单位"), col("说明")},
              {}};
  for (const ParcelStatus& p : r.parcels)
    for (const InefficiencyFlag& f : p.inefficient)
      ineff.rows.push_back({p.id, p.name, p.zone, p.area.ellipsoidal_mu(), f.code, f.value,
                            f.threshold, f.unit, f.text});
  out.push_back(std::move(ineff));

  Table issues{"数据问题", {col("地块编号"), col("问题代码"), col("说明")}, {}};
  for (const ParcelStatus& p : r.parcels)
    for (const Finding& f : p.inconsistent) issues.rows.push_back({p.id, f.code, f.text});
  out.push_back(std::move(issues));
  return out;
}

}  // namespace tudi::supply
