// Readiness of unsupplied parcels (熟地/净地/标准地, DOMAIN §7–8): attribute checklist, the
// infrastructure grade, and the spatial conditions measured against the other layers.
#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "tudi/core/roles.hpp"
#include "tudi/core/text.hpp"
#include "tudi/crs/area.hpp"
#include "tudi/geom/exact_overlay.hpp"
#include "tudi/layer/indexed.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

/// Replaces every occurrence of `key` in `s` with spaces; true when there was one.
bool take(std::string& s, std::string_view key) {
  bool found = false;
  for (std::size_t p = s.find(key); p != std::string::npos; p = s.find(key, p)) {
    s.replace(p, key.size(), std::string(key.size(), ' '));
    found = true;
  }
  return found;
}

std::string area_text(const units::Area& a) {
  return fmt::format("{:.2f} m²（{:.4f} 亩）", a.ellipsoidal_m2, a.ellipsoidal_mu());
}

Values area_values(const units::Area& a) {
  // The keys of output::area_json, flat: a finding's values are one level.
  return {{"planar_m2", a.planar_m2},
          {"ellipsoidal_m2", a.ellipsoidal_m2},
          {"mu", a.ellipsoidal_mu()},
          {"ha", a.ellipsoidal_ha()}};
}

/// A flag condition: met, or a finding saying it is not, not filled in, or unreadable.
void flag_condition(const Layer& parcels, const Feature& f, std::string_view field,
                    const std::string& code, const std::string& what_missing,
                    std::vector<Finding>& out) {
  const Value& v = parcels.get(f, field);
  const CanonicalField* cf = find_field(*find_role("parcels"), field);
  const std::string alias(cf ? cf->alias : field);
  if (!parcels.has(field)) {
    out.push_back({code, what_missing + "（图层无“" + alias + "”字段）", {{"value", Value{}}}});
    return;
  }
  if (is_null(v)) {
    out.push_back({code, what_missing + "（“" + alias + "”未填写）", {{"value", Value{}}}});
    return;
  }
  const auto flag = to_flag(v);
  if (!flag) {
    out.push_back({code,
                   what_missing + "（“" + alias + "”无法识别：“" + to_text(v) + "”）",
                   {{"value", to_text(v)}}});
  } else if (!*flag) {
    out.push_back({code, what_missing, {{"value", to_text(v)}}});
  }
}

constexpr Infra kAllItems[] = {Infra::water,   Infra::power,    Infra::road, Infra::levelling,
                               Infra::telecom, Infra::drainage, Infra::gas,  Infra::heat};

}  // namespace

InfraState parse_infrastructure(std::string_view text) {
  InfraState st;
  st.raw = std::string(trim(text));
  std::string s = st.raw;
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Grades first ("N通一平"), then item names, longest first so that 排水 is not read as 水
  // and 电信 not as 电; each match is blanked out before shorter keys are tried.
  struct Grade {
    std::string_view key;
    unsigned items;
  };
  static const Grade kGrades[] = {
      {"九通一平", kSevenItems}, {"八通一平", kSevenItems}, {"七通一平", kSevenItems},
      {"9通1平", kSevenItems},   {"8通1平", kSevenItems},   {"7通1平", kSevenItems},
      {"六通一平", kFiveItems},  {"五通一平", kFiveItems},  {"6通1平", kFiveItems},
      {"5通1平", kFiveItems},    {"四通一平", kThreeItems}, {"三通一平", kThreeItems},
      {"4通1平", kThreeItems},   {"3通1平", kThreeItems},
  };
  for (const Grade& g : kGrades)
    if (take(s, g.key)) st.items |= g.items;
  struct Key {
    std::string_view key;
    Infra item;
  };
  static const Key kKeys[] = {
      {"场地平整", Infra::levelling},
      {"土地平整", Infra::levelling},
      {"drainage", Infra::drainage},
      {"levelling", Infra::levelling},
      {"leveling", Infra::levelling},
      {"telecom", Infra::telecom},
      {"天然气", Infra::gas},
      {"自来水", Infra::water},
      {"排水", Infra::drainage},
      {"雨污", Infra::drainage},
      {"污水", Infra::drainage},
      {"雨水", Infra::drainage},
      {"通信", Infra::telecom},
      {"通讯", Infra::telecom},
      {"电信", Infra::telecom},
      {"网络", Infra::telecom},
      {"宽带", Infra::telecom},
      {"光纤", Infra::telecom},
      {"供热", Infra::heat},
      {"供暖", Infra::heat},
      {"热力", Infra::heat},
      {"暖气", Infra::heat},
      {"燃气", Infra::gas},
      {"煤气", Infra::gas},
      {"供水", Infra::water},
      {"给水", Infra::water},
      {"上水", Infra::water},
      {"供电", Infra::power},
      {"电力", Infra::power},
      {"道路", Infra::road},
      {"平整", Infra::levelling},
      {"一平", Infra::levelling},
      {"sewer", Infra::drainage},
      {"power", Infra::power},
      {"water", Infra::water},
      {"road", Infra::road},
      {"heat", Infra::heat},
      {"gas", Infra::gas},
      {"水", Infra::water},
      {"电", Infra::power},
      {"路", Infra::road},
      {"平", Infra::levelling},
      {"气", Infra::gas},
      {"热", Infra::heat},
      {"讯", Infra::telecom},
      {"信", Infra::telecom},
  };
  for (const Key& k : kKeys)
    if (take(s, k.key)) st.items |= static_cast<unsigned>(k.item);
  if ((st.items & kSevenItems) == kSevenItems)
    st.grade = InfraGrade::seven;
  else if ((st.items & kFiveItems) == kFiveItems)
    st.grade = InfraGrade::five;
  else if ((st.items & kThreeItems) == kThreeItems)
    st.grade = InfraGrade::three;
  return st;
}

bool is_industrial_use(std::string_view planned_use) {
  std::string s(trim(planned_use));
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.empty()) return false;
  if (s.rfind("1001", 0) == 0 || s.rfind("1101", 0) == 0) return true;
  if (s == "M" || s == "W" || s == "M1" || s == "M2" || s == "M3" || s == "W1" || s == "W2" ||
      s == "W3")
    return true;
  for (std::string_view word : {"工业", "仓储", "物流"})
    if (s.find(word) != std::string::npos) return true;
  return false;
}

// ------------------------------------------------------------------------------------ Spatial

struct Spatial::Impl {
  Inputs in;
  crs::Crs crs;
  /// What each thread keeps: an ellipsoidal area meter holds a PROJ transformer, and a prepared
  /// geometry builds its index on first use; neither may be shared. Parcels are measured in
  /// parallel.
  struct Local {
    crs::AreaMeter meter;
    std::array<std::vector<geom::Prepared>, 4> prepared;  // farmland, redline, urban, zones
  };
  mutable tbb::enumerable_thread_specific<Local> locals;
  IndexedLayer farmland, redline, urban, zones;
  explicit Impl(const Inputs& i)
      : in(i), crs(i.parcels ? i.parcels->crs : crs::Crs{}), locals([this] {
          return Local{crs::AreaMeter(crs), {}};
        }) {
    farmland = IndexedLayer(in.farmland);
    redline = IndexedLayer(in.redline);
    urban = IndexedLayer(in.urban);
    zones = IndexedLayer(in.zones);
  }
  Local& local() const { return locals.local(); }
  /// Feature `i` of `layer` prepared, once per thread; `slot` names the layer. The control
  /// lines and zones are few and large: prepared, each test against a parcel is fast.
  const geom::Prepared& prepared(const Layer& layer, std::size_t slot, std::size_t i) const {
    std::vector<geom::Prepared>& all = local().prepared[slot];
    if (all.size() < layer.features.size()) all.resize(layer.features.size());
    if (!all[i]) all[i] = geom::prepare(layer.features[i].geometry);
    return all[i];
  }
  /// True when feature `i` (with a geometry) holds the whole parcel: its overlap is the parcel.
  bool holds(const Layer& layer, std::size_t slot, std::size_t i,
             const geom::Geometry& parcel) const {
    return layer.features[i].geometry && geom::covers(prepared(layer, slot, i), parcel);
  }
  /// The union of `parcel` ∩ each feature of `layer` meeting it.
  geom::Geometry overlap(const geom::Geometry& parcel, const Layer& layer,
                         const IndexedLayer& index, std::size_t slot) const {
    std::vector<geom::Geometry> pieces;
    for (std::size_t i : index.near(geom::envelope(parcel))) {
      const Feature& f = layer.features[i];
      if (!f.geometry || !geom::intersects(prepared(layer, slot, i), parcel)) continue;
      pieces.push_back(geom::exact_intersection(parcel, f.geometry));
    }
    return geom::exact_union(std::move(pieces));
  }
};

Spatial::Spatial(const Inputs& in) : impl_(std::make_unique<Impl>(in)) {}
Spatial::~Spatial() = default;
Spatial::Spatial(Spatial&&) noexcept = default;

units::Area Spatial::area(const geom::Geometry& g) const {
  return impl_->local().meter(g);
}

Overlaps Spatial::measure(const geom::Geometry& parcel) const {
  const Impl& m = *impl_;
  const crs::AreaMeter& meter = m.local().meter;
  Overlaps o;
  if (!parcel || geom::is_empty(parcel)) return o;
  if (m.in.farmland) o.farmland = meter(m.overlap(parcel, *m.in.farmland, m.farmland, 0));
  if (m.in.redline) o.redline = meter(m.overlap(parcel, *m.in.redline, m.redline, 1));
  // A feature that holds the whole parcel (a prepared covers test) settles it without an
  // overlay: nothing outside the boundary, or the whole parcel in the zone.
  const Envelope env = geom::envelope(parcel);
  if (m.in.urban) {
    const std::vector<std::size_t> near = m.urban.near(env);
    if (std::any_of(near.begin(), near.end(),
                    [&](std::size_t i) { return m.holds(*m.in.urban, 2, i, parcel); })) {
      o.outside_urban = units::Area{};
    } else {
      const geom::Geometry inside = m.overlap(parcel, *m.in.urban, m.urban, 2);
      o.outside_urban =
          meter(geom::is_empty(inside) ? geom::clone(parcel) : geom::exact_difference(parcel, inside));
    }
  }
  if (m.in.zones) {
    std::vector<Overlaps::Zone> zs;
    const std::vector<std::size_t> near = m.zones.near(env);
    // One zone holding the parcel whole takes its area; zones overlapping one another are
    // measured by the overlay, so that near-equal shares keep their order.
    std::vector<char> holding(near.size());
    for (std::size_t k = 0; k < near.size(); ++k)
      holding[k] = m.holds(*m.in.zones, 3, near[k], parcel) ? 1 : 0;
    const bool one_holds = std::count(holding.begin(), holding.end(), 1) == 1;
    for (std::size_t k = 0; k < near.size(); ++k) {
      const std::size_t i = near[k];
      const Feature& f = m.in.zones->features[i];
      const bool whole = one_holds && holding[k];
      if (!whole && (!f.geometry || !geom::intersects(m.prepared(*m.in.zones, 3, i), parcel)))
        continue;
      const units::Area a = whole ? meter(parcel) : meter(geom::exact_intersection(parcel, f.geometry));
      if (a.planar_m2 <= 0) continue;
      zs.push_back({i, m.in.zones->id_of(f), m.in.zones->text(f, "name"), a});
    }
    std::stable_sort(zs.begin(), zs.end(), [](const auto& a, const auto& b) {
      return a.area.planar_m2 > b.area.planar_m2;
    });
    o.zones = std::move(zs);
  }
  return o;
}

// ---------------------------------------------------------------------------------- readiness

Readiness readiness(const Layer& parcels, const Feature& f, const Overlaps& o, const Settings& s) {
  Readiness r;
  std::vector<Finding>& miss = r.missing;
  flag_condition(parcels, f, "expropriated", "expropriation", "土地征收（补偿安置）未完成", miss);
  flag_condition(parcels, f, "title_clear", "title", "权属不清晰或存在争议", miss);
  // 未批先建 / 违法建筑 on the land: not 净地 whatever the paperwork says (DOMAIN §7).
  if (const auto illegal = parcels.number(f, "illegal_building_area"); illegal && *illegal > 0)
    miss.push_back({"illegal_buildings",
                    fmt::format("地块上有违法建筑 {:.2f} 平方米，不是净地", *illegal),
                    {{"illegal_building_area", *illegal}}});

  r.infrastructure = parse_infrastructure(parcels.text(f, "infrastructure"));
  const InfraState& infra = r.infrastructure;
  if ((infra.items & kThreeItems) != kThreeItems) {
    std::string lacking, done;
    for (Infra item : kAllItems) {
      const bool has = (infra.items & static_cast<unsigned>(item)) != 0;
      if (!has && (static_cast<unsigned>(item) & kThreeItems))
        lacking += (lacking.empty() ? "" : "、") + std::string(label(item));
      if (has) done += (done.empty() ? "" : "、") + std::string(label(item));
    }
    std::string text = "基础设施未达三通一平，缺" + lacking;
    if (infra.raw.empty())
      text += "（“基础设施”未填写）";
    else
      text += "（现状：" + infra.raw + "）";
    miss.push_back({"infrastructure",
                    text,
                    {{"missing", lacking},
                     {"done", done},
                     {"grade", std::string(label(infra.grade))},
                     {"value", infra.raw}}});
  }
  flag_condition(parcels, f, "planning_conditions", "planning_conditions", "未出具规划条件", miss);

  if (s.industrial_offer) {
    const std::string use = std::string(trim(parcels.text(f, "planned_use")));
    if (use.empty())
      miss.push_back({"use", "规划用途未填写，无法确认为工业或仓储用地", {{"value", Value{}}}});
    else if (!is_industrial_use(use))
      miss.push_back(
          {"use", "规划用途“" + use + "”不是工业（1001）或仓储（1101）用地", {{"value", use}}});
  }

  if (o.farmland && o.farmland->planar_m2 > s.sliver_m2)
    miss.push_back(
        {"farmland", "占用永久基本农田 " + area_text(*o.farmland), area_values(*o.farmland)});
  if (o.redline && o.redline->planar_m2 > s.sliver_m2)
    miss.push_back(
        {"redline", "占用生态保护红线 " + area_text(*o.redline), area_values(*o.redline)});
  if (o.outside_urban && o.outside_urban->planar_m2 > s.sliver_m2)
    miss.push_back({"outside_urban", "位于城镇开发边界外 " + area_text(*o.outside_urban),
                    area_values(*o.outside_urban)});
  if (o.zones && s.require_zone) {
    const bool inside = !o.zones->empty() && o.zones->front().area.planar_m2 > s.sliver_m2;
    if (!inside) miss.push_back({"outside_zone", "不在任何开发区内", {}});
  }

  for (const std::string& ind : s.standard_indicators)
    if (is_null(parcels.get(f, ind))) r.missing_indicators.push_back(ind);
  if (!miss.empty())
    r.level = ReadinessLevel::not_ready;
  else if (r.missing_indicators.empty())
    r.level = ReadinessLevel::standard;
  else
    r.level = ReadinessLevel::ready;
  return r;
}

}  // namespace tudi::supply
