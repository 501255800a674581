// Idle land under 闲置土地处置办法 (国土资源部令第53号) 第二条、第八条、第十四条, DOMAIN §7, with
// calendar arithmetic: a year is complete on its anniversary, with no weekend or holiday shift.
// Where no start date is agreed, the start is one year after delivery (交地日期, 令53号 附则).
#include <fmt/format.h>

#include "tudi/core/roles.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

DateField read_date(const Layer& parcels, const Feature& f, std::string_view field) {
  const Value& v = parcels.get(f, field);
  DateField d;
  if (is_null(v)) return d;
  d.raw = to_text(v);
  while (!d.raw.empty() && std::isspace(static_cast<unsigned char>(d.raw.back()))) d.raw.pop_back();
  while (!d.raw.empty() && std::isspace(static_cast<unsigned char>(d.raw.front())))
    d.raw.erase(0, 1);
  d.date = to_date(v);
  return d;
}

std::string pct(double v) {
  return fmt::format("{:g}%", v);
}

/// The Chinese name of a parcels field for messages.
std::string alias(std::string_view field) {
  const CanonicalField* cf = find_field(*find_role("parcels"), field);
  return std::string(cf ? cf->alias : field);
}

}  // namespace

ParcelDates parcel_dates(const Layer& parcels, const Feature& f) {
  ParcelDates d;
  d.supply_date = read_date(parcels, f, "supply_date");
  d.agreed_start = read_date(parcels, f, "agreed_start");
  d.actual_start = read_date(parcels, f, "actual_start");
  d.suspended_since = read_date(parcels, f, "suspended_since");
  d.completed = read_date(parcels, f, "completed");
  d.delivery_date = read_date(parcels, f, "delivery_date");
  d.developed_share = parcels.number(f, "developed_share");
  d.invested_share = parcels.number(f, "invested_share");
  d.land_price = parcels.number(f, "land_price");
  const Value& cause = parcels.get(f, "government_cause");
  if (!is_null(cause)) {
    const auto flag = to_flag(cause);
    if (!flag || *flag) d.government_cause = to_text(cause);
  }
  return d;
}

IdleStatus idle_status(const ParcelDates& d, const Date& as_of, const Settings& s) {
  IdleStatus r;
  auto unknown = [&](std::vector<std::string> fields, std::string text) {
    r = IdleStatus{};
    r.state = IdleState::unknown;
    r.missing = std::move(fields);
    r.text = std::move(text);
    return r;
  };
  auto unreadable = [&](const DateField& f, std::string_view field) {
    return unknown({std::string(field)},
                   alias(field) + "无法识别：“" + f.raw + "”，无法判定是否闲置");
  };

  if (d.completed.date && *d.completed.date <= as_of) {
    r.state = IdleState::in_use;
    r.text = "已竣工（" + d.completed.date->iso() + "）";
    return r;
  }
  if (d.actual_start.unreadable()) return unreadable(d.actual_start, "actual_start");
  const bool started = d.actual_start.date && *d.actual_start.date <= as_of;

  if (!started) {
    // 第二条 (a): not started one full year after the agreed start date.
    // 附则: no agreed start, or an unclear one → one year after the land was delivered.
    const bool from_delivery = !d.agreed_start.date;
    if (d.agreed_start.unreadable() && !d.delivery_date.date)
      return unreadable(d.agreed_start, "agreed_start");
    if (from_delivery && d.delivery_date.unreadable())
      return unreadable(d.delivery_date, "delivery_date");
    if (from_delivery && !d.delivery_date.date)
      return unknown({"agreed_start", "delivery_date"},
                     "未动工，且约定动工日期、交地日期均未填写，无法判定是否闲置");
    const Date start = from_delivery ? add_years(*d.delivery_date.date, 1) : *d.agreed_start.date;
    const std::string start_name =
        from_delivery ? "动工日期（交地日期 " + d.delivery_date.date->iso() + " 满一年）"
                      : std::string("约定动工日期");
    if (as_of <= start) {
      r.state = IdleState::in_use;
      r.text = "未到" + start_name + "（" + start.iso() + "）";
      return r;
    }
    r.counted_from = start;
    r.idle_years = full_years_between(start, as_of);
    if (r.idle_years < 1) {
      r.state = IdleState::warning;
      r.text = "超过" + start_name + "（" + start.iso() + "）未动工，不满一年；满一年之日为 " +
               add_years(start, 1).iso();
      return r;
    }
    r.state = r.idle_years >= 2 ? IdleState::idle_2y : IdleState::idle_1y;
    r.text = fmt::format("超过{}（{}）满{}年未动工开发", start_name, start.iso(), r.idle_years);
  } else {
    // 第二条 (b): started, below 1/3 of the area or 25 % of the investment, suspended ≥ 1 year.
    if (d.suspended_since.unreadable()) return unreadable(d.suspended_since, "suspended_since");
    if (!d.suspended_since.date || *d.suspended_since.date > as_of) {
      r.state = IdleState::in_use;
      r.text = "已动工（" + d.actual_start.date->iso() + "）";
      return r;
    }
    const Date since = *d.suspended_since.date;
    const bool area_low =
        d.developed_share && *d.developed_share < kDevelopedShareMin - kShareEpsilon;
    const bool invest_low =
        d.invested_share && *d.invested_share < kInvestedShareMin - kShareEpsilon;
    const int years = full_years_between(since, as_of);
    if (!area_low && !invest_low) {
      if (d.developed_share && d.invested_share) {
        r.state = IdleState::in_use;
        r.text = "自 " + since.iso() + " 中止开发建设，但已开发面积 " + pct(*d.developed_share) +
                 "、已投资 " + pct(*d.invested_share) + " 均未低于三分之一和25%，不属闲置";
        return r;
      }
      std::vector<std::string> fields;
      if (!d.developed_share) fields.push_back("developed_share");
      if (!d.invested_share) fields.push_back("invested_share");
      std::string names;
      for (const auto& f : fields) names += (names.empty() ? "" : "、") + alias(f);
      return unknown(std::move(fields), "自 " + since.iso() + " 中止开发建设，" + names +
                                            "未填写或无法识别，无法判定是否闲置");
    }
    std::string why;
    if (area_low) why += "已开发面积 " + pct(*d.developed_share) + " 不足三分之一";
    if (invest_low)
      why += (why.empty() ? "" : "、") + ("已投资 " + pct(*d.invested_share) + " 不足25%");
    r.counted_from = since;
    if (years < 1) {
      r.state = IdleState::warning;
      r.text = "自 " + since.iso() + " 中止开发建设，不满一年（" + why + "）；满一年之日为 " +
               add_years(since, 1).iso();
      return r;
    }
    r.idle_years = years;
    r.state = IdleState::idle_suspended;
    r.text = fmt::format("已动工但{}，自 {} 中止开发建设满{}年", why, since.iso(), years);
  }

  // Idle one full year or more: the consequence, unless the government caused it (第八条).
  if (!d.government_cause.empty()) {
    r.state = IdleState::government_cause;
    r.consequence = Consequence::negotiate;
    r.text += "；因政府原因（" + d.government_cause + "）造成，不征收闲置费、不无偿收回，协商处置";
    return r;
  }
  if (r.idle_years >= 2) {
    r.consequence = Consequence::recovery;
    r.text += "，可无偿收回";
  } else {
    r.consequence = Consequence::fee;
    if (d.land_price) {
      r.fee = s.idle_fee_rate * *d.land_price;
      r.text += fmt::format("，征缴土地闲置费 {:.2f} 万元（{:g}% × 价款 {:g} 万元）", *r.fee,
                            s.idle_fee_rate * 100, *d.land_price);
    } else {
      r.text += fmt::format("，征缴土地闲置费（价款的 {:g}%；价款未填写）", s.idle_fee_rate * 100);
    }
  }
  return r;
}

std::vector<Finding> inconsistencies(const ParcelDates& d) {
  std::vector<Finding> out;
  auto share = [&](const std::optional<double>& v, std::string_view field,
                   const std::string& code) {
    if (!v) return;
    if (*v > 100)
      out.push_back(
          {code, alias(field) + " " + pct(*v) + " 超过 100%", {{std::string(field), *v}}});
    else if (*v < 0)
      out.push_back(
          {"negative_share", alias(field) + " " + pct(*v) + " 为负数", {{std::string(field), *v}}});
  };
  share(d.developed_share, "developed_share", "developed_share_over_100");
  share(d.invested_share, "invested_share", "invested_share_over_100");
  if (d.actual_start.date && d.supply_date.date && *d.actual_start.date < *d.supply_date.date)
    out.push_back({"start_before_supply",
                   "实际动工日期 " + d.actual_start.date->iso() + " 早于供地日期 " +
                       d.supply_date.date->iso(),
                   {{"actual_start", d.actual_start.date->iso()},
                    {"supply_date", d.supply_date.date->iso()}}});
  if (d.completed.date && d.actual_start.date && *d.completed.date < *d.actual_start.date)
    out.push_back(
        {"completed_before_start",
         "竣工日期 " + d.completed.date->iso() + " 早于实际动工日期 " + d.actual_start.date->iso(),
         {{"completed", d.completed.date->iso()}, {"actual_start", d.actual_start.date->iso()}}});
  const std::pair<const DateField*, std::string_view> dates[] = {
      {&d.supply_date, "supply_date"},   {&d.agreed_start, "agreed_start"},
      {&d.actual_start, "actual_start"}, {&d.suspended_since, "suspended_since"},
      {&d.completed, "completed"},       {&d.delivery_date, "delivery_date"}};
  for (const auto& [f, name] : dates)
    if (f->unreadable())
      out.push_back({"unreadable_date",
                     alias(name) + "无法识别：“" + f->raw + "”",
                     {{"field", std::string(name)}, {"value", f->raw}}});
  return out;
}

}  // namespace tudi::supply
