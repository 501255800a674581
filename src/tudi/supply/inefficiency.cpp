// 低效用地 screening (国土资发〔2016〕147号) of built industrial and storage parcels, with the
// indicator formulas of 工业项目建设用地控制指标 (DOMAIN §8).
#include <fmt/format.h>

#include "tudi/supply/supply.hpp"

namespace tudi::supply {

namespace {

/// The digits of a GB/T 4754 code ("C2614" and "2614" → "2614"): division codes are unique
/// across sections, so the section letter may be present or not on either side.
std::string industry_digits(std::string_view code) {
  std::string out;
  for (char c : code)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

/// The per-industry entry for a parcel's 行业代码: the longest matching prefix, or nullptr.
const Settings::IndustryThresholds* industry_entry(const Settings& s, std::string_view industry) {
  const std::string code = industry_digits(industry);
  const Settings::IndustryThresholds* best = nullptr;
  std::size_t best_len = 0;
  if (code.empty()) return nullptr;
  for (const Settings::IndustryThresholds& e : s.inefficient_by_industry) {
    const std::string prefix = industry_digits(e.prefix);
    if (!prefix.empty() && code.rfind(prefix, 0) == 0 && prefix.size() > best_len) {
      best = &e;
      best_len = prefix.size();
    }
  }
  return best;
}

}  // namespace

std::vector<InefficiencyFlag> inefficiency(const Layer& parcels, const Feature& f, double site_m2,
                                           const Settings& s) {
  std::vector<InefficiencyFlag> out;
  if (site_m2 <= 0 || !is_industrial_use(parcels.text(f, "planned_use"))) return out;
  const Settings::IndustryThresholds* e = industry_entry(s, parcels.text(f, "industry"));
  // "（C26 化学原料和化学制品制造业）" when the threshold is the industry's own.
  auto whose = [&](const std::optional<double> Settings::IndustryThresholds::*v) {
    return e && (e->*v) ? fmt::format("（{} {}）", e->prefix, e->name) : std::string();
  };
  auto pick = [&](const std::optional<double> Settings::IndustryThresholds::*v, double dflt) {
    return e && (e->*v) ? *(e->*v) : dflt;
  };
  using IT = Settings::IndustryThresholds;
  if (const auto floor = parcels.number(f, "floor_area")) {
    const double far = *floor / site_m2;
    const double min = pick(&IT::industrial_far_min, s.industrial_far_min);
    if (far < min)
      out.push_back(
          {"far",
           fmt::format("容积率 {:.2f} 低于 {:.2f}{}", far, min, whose(&IT::industrial_far_min)),
           far, min, ""});
  }
  if (const auto tax = parcels.number(f, "tax")) {
    const double per_mu = *tax / units::m2_to_mu(site_m2);
    const double min = pick(&IT::tax_per_mu_min, s.tax_per_mu_min);
    if (per_mu < min)
      out.push_back({"tax_per_mu",
                     fmt::format("亩均税收 {:.2f} 万元/亩 低于 {:.2f} 万元/亩{}", per_mu, min,
                                 whose(&IT::tax_per_mu_min)),
                     per_mu, min, "万元/亩"});
  }
  if (const auto footprint = parcels.number(f, "footprint")) {
    const double coef = *footprint / site_m2 * 100;
    const double min = pick(&IT::building_coefficient_min, s.building_coefficient_min) * 100;
    if (coef < min)
      out.push_back({"building_coefficient",
                     fmt::format("建筑系数 {:.1f}% 低于 {:.1f}%{}", coef, min,
                                 whose(&IT::building_coefficient_min)),
                     coef, min, "%"});
  }
  return out;
}

}  // namespace tudi::supply
