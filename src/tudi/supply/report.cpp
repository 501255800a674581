// Serialising a supply Result: JSON, tables for XLSX, and the map layers. Nothing is computed
// here except sums and joins of what the result already holds.
#include "tudi/supply/report.hpp"

#include <fmt/format.h>

#include "tudi/core/roles.hpp"
#include "tudi/core/text.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/output/json.hpp"
#include "tudi/supply/tables.hpp"

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

using nlohmann::json;

json finding_json(const Finding& f) {
  json values = json::object();
  for (const auto& [k, v] : f.values) values[k] = output::json_value(v);
  return {{"code", f.code}, {"text", f.text}, {"values", values}};
}

std::string join_texts(const std::vector<Finding>& fs) {
  std::string out;
  for (const Finding& f : fs) out += (out.empty() ? "" : "；") + f.text;
  return out;
}

Value opt_value(const std::optional<double>& v) {
  return v ? Value{*v} : Value{};
}

constexpr ReadinessLevel kLevels[] = {ReadinessLevel::ready, ReadinessLevel::standard,
                                      ReadinessLevel::not_ready};
constexpr IdleState kStates[] = {
    IdleState::idle_2y, IdleState::idle_1y, IdleState::idle_suspended, IdleState::government_cause,
    IdleState::warning, IdleState::in_use,  IdleState::unknown};

/// Sums over the zone summaries: every parcel sits in exactly one of them.
ZoneSummary grand_total(const Result& r) {
  ZoneSummary t;
  for (const ZoneSummary& z : r.zones) {
    t.parcels += z.parcels;
    t.parcel_area += z.parcel_area;
    for (std::size_t i = 0; i < 3; ++i) {
      t.readiness_count[i] += z.readiness_count[i];
      t.readiness_area[i] += z.readiness_area[i];
    }
    t.supplied_count += z.supplied_count;
    t.supplied_area += z.supplied_area;
    t.unused_count += z.unused_count;
    t.unused_area += z.unused_area;
    for (std::size_t i = 0; i < kIdleStates; ++i) {
      t.idle_count[i] += z.idle_count[i];
      t.idle_area[i] += z.idle_area[i];
    }
    t.idle_fee += z.idle_fee;
    t.inefficient_count += z.inefficient_count;
    t.inefficient_area += z.inefficient_area;
  }
  return t;
}

json zone_json(const ZoneSummary& z) {
  json readiness = json::object(), idle = json::object();
  for (ReadinessLevel l : kLevels) {
    const auto i = static_cast<std::size_t>(l);
    readiness[code(l)] = {{"count", z.readiness_count[i]},
                          {"area", output::area_json(z.readiness_area[i])}};
  }
  for (IdleState s : kStates) {
    const auto i = static_cast<std::size_t>(s);
    idle[code(s)] = {{"count", z.idle_count[i]}, {"area", output::area_json(z.idle_area[i])}};
  }
  return {
      {"id", z.id},
      {"name", z.name},
      {"zone_area", output::area_json(z.zone_area)},
      {"parcels", z.parcels},
      {"parcel_area", output::area_json(z.parcel_area)},
      {"readiness", readiness},
      {"supplied", {{"count", z.supplied_count}, {"area", output::area_json(z.supplied_area)}}},
      {"unused", {{"count", z.unused_count}, {"area", output::area_json(z.unused_area)}}},
      {"idle", idle},
      {"idle_fee", z.idle_fee},
      {"inefficient", {{"count", z.inefficient_count}, {"area", output::area_json(z.inefficient_area)}}},
      {"approved", output::area_json(z.approved)},
      {"approved_supplied", output::area_json(z.approved_supplied)},
      {"approved_unsupplied", output::area_json(z.approved_unsupplied)}};
}

}  // namespace

std::string window_text(const SupplyRate& s) {
  const int years = full_years_between(add_days(s.window_start, -1), s.window_end);
  return fmt::format("近{}年平均供地率（{}，{} 至 {} 批准的批次，扣除撤回/核减）", years,
                     s.rolling ? "截至评价日滚动" : "评价年之前的完整年度", s.window_start.iso(),
                     s.window_end.iso());
}

json to_json(const Result& r) {
  json parcels = json::array();
  for (const ParcelStatus& p : r.parcels) {
    json j = {{"id", p.id},
              {"name", p.name},
              {"zone", p.zone},
              {"supplied", p.supplied},
              {"area", output::area_json(p.area)},
              {"readiness", nullptr},
              {"missing", json::array()},
              {"idle_status", nullptr},
              {"idle_years", nullptr},
              {"fee", nullptr}};
    if (p.readiness) {
      j["readiness"] = code(p.readiness->level);
      for (const Finding& f : p.readiness->missing) j["missing"].push_back(finding_json(f));
      j["infrastructure_grade"] = label(p.readiness->infrastructure.grade);
      j["missing_indicators"] = p.readiness->missing_indicators;
    }
    if (p.idle) {
      j["idle_status"] = code(p.idle->state);
      j["idle_years"] = p.idle->idle_years;
      j["fee"] = output::json_or_null(p.idle->fee);
      j["counted_from"] = output::json_date(p.idle->counted_from);
      j["consequence"] = code(p.idle->consequence);
      j["idle_missing"] = p.idle->missing;
      j["idle_text"] = p.idle->text;
    }
    j["built"] = p.built;
    j["unused"] = p.unused;
    j["unused_since"] = output::json_date(p.unused_since);
    json ineff = json::array();
    for (const InefficiencyFlag& f : p.inefficient)
      ineff.push_back({{"code", f.code},
                       {"text", f.text},
                       {"value", f.value},
                       {"threshold", f.threshold},
                       {"unit", f.unit}});
    j["inefficient"] = ineff;
    json bad = json::array();
    for (const Finding& f : p.inconsistent) bad.push_back(finding_json(f));
    j["inconsistent"] = bad;
    parcels.push_back(std::move(j));
  }
  json batches = json::array();
  for (const BatchSummary& b : r.batches)
    batches.push_back({{"id", b.id},
                       {"name", b.name},
                       {"approval_no", b.approval_no},
                       {"kind", b.kind},
                       {"approval_date",
                        b.approval_date.date ? json(b.approval_date.date->iso()) : json(nullptr)},
                       {"approval_date_raw", b.approval_date.raw},
                       {"declared_ha", output::json_or_null(b.declared_ha)},
                       {"withdrawn_ha", output::json_or_null(b.withdrawn_ha)},
                       {"approved", output::area_json(b.approved)},
                       {"withdrawn", output::area_json(b.withdrawn)},
                       {"counted", output::area_json(b.counted)},
                       {"supplied", output::area_json(b.supplied)},
                       {"unsupplied", output::area_json(b.unsupplied)},
                       {"supply_rate", b.supply_rate},
                       {"in_window", b.in_window},
                       {"parcels", b.parcels}});
  json rate = nullptr;
  if (r.supply_rate) {
    const SupplyRate& s = *r.supply_rate;
    rate = {{"window_start", s.window_start.iso()},
            {"window_end", s.window_end.iso()},
            {"window", s.rolling ? "rolling" : "calendar"},
            {"as_of", s.as_of.iso()},
            {"batches", s.batches},
            {"approved", output::area_json(s.approved)},
            {"supplied", output::area_json(s.supplied)},
            {"withdrawn", output::area_json(s.withdrawn)},
            {"basis", window_text(s)},
            {"rate", s.rate},
            {"line", s.line},
            {"meets", s.meets},
            {"undated", s.undated}};
  }
  json zones = json::array();
  for (const ZoneSummary& z : r.zones) zones.push_back(zone_json(z));
  json totals = zone_json(grand_total(r));
  totals.erase("id");
  totals.erase("name");
  totals.erase("zone_area");
  units::Area approved, supplied, unsupplied, withdrawn;
  for (const BatchSummary& b : r.batches) {
    approved += b.approved;
    supplied += b.supplied;
    unsupplied += b.unsupplied;
    withdrawn += b.withdrawn;
  }
  totals["approved"] = output::area_json(approved);
  totals["approved_supplied"] = output::area_json(supplied);
  totals["approved_unsupplied"] = output::area_json(unsupplied);
  totals["approved_withdrawn"] = output::area_json(withdrawn);
  json j = {{"as_of", r.as_of.iso()}, {"crs", r.crs},        {"not_checked", r.not_checked},
            {"warnings", r.warnings}, {"totals", totals},    {"parcels", parcels},
            {"batches", batches},     {"supply_rate", rate}, {"zones", zones}};
  if (!r.crs_why.empty()) j["crs_why"] = r.crs_why;
  j["fields"] = output::fields_json(r.fields);
  return j;
}

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
  for (ReadinessLevel l : kLevels) {
    const auto i = static_cast<std::size_t>(l);
    row(std::string("未供地块：") + label(l), t.readiness_count[i], t.readiness_area[i]);
  }
  row("已供地块", t.supplied_count, t.supplied_area);
  for (IdleState s : kStates) {
    const auto i = static_cast<std::size_t>(s);
    row(std::string("已供地块：") + label(s), t.idle_count[i], t.idle_area[i]);
  }
  sum.rows.push_back({"供而未用（已供未动工）", static_cast<std::int64_t>(t.unused_count),
                      t.unused_area.ellipsoidal_m2, t.unused_area.ellipsoidal_mu(),
                      "已供地、截至统计日期未动工的地块，自供地日期起算（不论约定动工日期是否已过）"});
  sum.rows.push_back(
      {"土地闲置费合计", Value{}, Value{}, Value{}, fmt::format("{:.2f} 万元", t.idle_fee)});
  row("低效用地", t.inefficient_count, t.inefficient_area);
  units::Area approved, supplied, unsupplied, withdrawn;
  for (const BatchSummary& b : r.batches) {
    approved += b.approved;
    supplied += b.supplied;
    unsupplied += b.unsupplied;
    withdrawn += b.withdrawn;
  }
  if (!r.batches.empty()) {
    const auto batches = static_cast<std::int64_t>(r.batches.size());
    row("批准用地（批次）", batches, approved);
    row("批准用地：已供", batches, supplied);
    row("批准用地：撤回/核减", batches, withdrawn);
    row("批准用地：批而未供（扣除撤回/核减）", batches, unsupplied);
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
         std::string(label(p.idle->consequence)), opt_value(p.idle->fee),
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
         opt_value(b.declared_ha), b.approved.ellipsoidal_mu(), b.withdrawn.ellipsoidal_mu(),
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

std::vector<std::filesystem::path> write_outputs(const Result& r, const Layer& parcels,
                                                 const OutputOptions& o) {
  io::WriteOptions w;
  w.overwrite = o.overwrite;
  w.encoding = o.encoding;
  return output::write_outputs(o.dir, "supply", to_json(r).dump(2), to_tables(r),
                               to_layers(r, parcels), w);
}

std::vector<Layer> to_layers(const Result& r, const Layer& parcels) {
  auto make = [&](std::string name, std::vector<FieldDef> fields) {
    Layer l;
    l.name = std::move(name);
    l.crs = parcels.crs;
    l.source_crs = parcels.crs;
    l.fields = std::move(fields);
    return l;
  };
  using FT = FieldType;
  const std::vector<FieldDef> base = {{"id", FT::String},
                                      {"name", FT::String},
                                      {"zone", FT::String},
                                      {"area_m2", FT::Real},
                                      {"area_mu", FT::Real}};
  auto with = [&](std::vector<FieldDef> more) {
    std::vector<FieldDef> f = base;
    f.insert(f.end(), more.begin(), more.end());
    return f;
  };
  Layer ready = make("ready_parcels", with({{"readiness", FT::String},
                                            {"label", FT::String},
                                            {"infra_grade", FT::String},
                                            {"missing_indicators", FT::String}}));
  Layer idle = make("idle_parcels", with({{"status", FT::String},
                                          {"label", FT::String},
                                          {"idle_years", FT::Integer},
                                          {"counted_from", FT::String},
                                          {"consequence", FT::String},
                                          {"fee", FT::Real},
                                          {"unused", FT::Integer},
                                          {"text", FT::String}}));
  Layer ineff = make("inefficient_land", with({{"flags", FT::String}, {"text", FT::String}}));
  Layer unsupplied = make("unsupplied_approved", {{"batch_id", FT::String},
                                                  {"name", FT::String},
                                                  {"approval_no", FT::String},
                                                  {"approval_date", FT::String},
                                                  {"area_m2", FT::Real},
                                                  {"area_mu", FT::Real},
                                                  {"supply_rate", FT::Real}});
  auto add = [&](Layer& l, const ParcelStatus& p, std::vector<Value> more) {
    const Feature& src = parcels.features[p.feature];
    if (!src.geometry) return;
    Feature f;
    f.fid = src.fid;
    f.geometry = geom::clone(src.geometry);
    f.values = {p.id, p.name, p.zone, p.area.ellipsoidal_m2, p.area.ellipsoidal_mu()};
    f.values.insert(f.values.end(), more.begin(), more.end());
    l.features.push_back(std::move(f));
  };
  for (const ParcelStatus& p : r.parcels) {
    if (p.readiness && p.readiness->level != ReadinessLevel::not_ready)
      add(ready, p,
          {std::string(code(p.readiness->level)), std::string(label(p.readiness->level)),
           std::string(label(p.readiness->infrastructure.grade)),
           join(p.readiness->missing_indicators, ",")});
    if (p.idle && (p.idle->state != IdleState::in_use || p.unused))
      add(idle, p,
          {std::string(code(p.idle->state)), std::string(label(p.idle->state)),
           static_cast<std::int64_t>(p.idle->idle_years),
           p.idle->counted_from ? Value{p.idle->counted_from->iso()} : Value{},
           std::string(code(p.idle->consequence)), opt_value(p.idle->fee),
           std::int64_t{p.unused ? 1 : 0}, p.idle->text});
    if (!p.inefficient.empty()) {
      std::vector<std::string> codes, texts;
      for (const InefficiencyFlag& f : p.inefficient) {
        codes.push_back(f.code);
        texts.push_back(f.text);
      }
      add(ineff, p, {join(codes, ","), join(texts, "；")});
    }
  }
  std::int64_t fid = 0;
  for (const BatchSummary& b : r.batches) {
    if (!b.unsupplied_geometry || geom::is_empty(b.unsupplied_geometry)) continue;
    Feature f;
    f.fid = ++fid;
    f.geometry = geom::clone(b.unsupplied_geometry);
    f.values = {
        b.id,
        b.name,
        b.approval_no,
        b.approval_date.date ? Value{b.approval_date.date->iso()} : Value{b.approval_date.raw},
        b.unsupplied.ellipsoidal_m2,
        b.unsupplied.ellipsoidal_mu(),
        b.supply_rate * 100};
    unsupplied.features.push_back(std::move(f));
  }
  std::vector<Layer> out;
  out.push_back(std::move(ready));
  out.push_back(std::move(idle));
  out.push_back(std::move(unsupplied));
  out.push_back(std::move(ineff));
  return out;
}

}  // namespace tudi::supply
