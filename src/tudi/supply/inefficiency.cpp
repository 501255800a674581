// 低效用地 screening (国土资发〔2016〕147号) of built industrial and storage parcels, with the
// indicator formulas of 工业项目建设用地控制指标 (DOMAIN §8).
#include <fmt/format.h>

#include "tudi/supply/supply.hpp"

namespace tudi::supply {

std::vector<InefficiencyFlag> inefficiency(const Layer& parcels, const Feature& f, double site_m2,
                                           const Settings& s) {
  std::vector<InefficiencyFlag> out;
  if (site_m2 <= 0 || !is_industrial_use(parcels.text(f, "planned_use"))) return out;
  if (const auto floor = parcels.number(f, "floor_area")) {
    const double far = *floor / site_m2;
    if (far < s.industrial_far_min)
      out.push_back({"far", fmt::format("容积率 {:.2f} 低于 {:.2f}", far, s.industrial_far_min),
                     far, s.industrial_far_min, ""});
  }
  if (const auto tax = parcels.number(f, "tax")) {
    const double per_mu = *tax / units::m2_to_mu(site_m2);
    if (per_mu < s.tax_per_mu_min)
      out.push_back(
          {"tax_per_mu",
           fmt::format("亩均税收 {:.2f} 万元/亩 低于 {:.2f} 万元/亩", per_mu, s.tax_per_mu_min),
           per_mu, s.tax_per_mu_min, "万元/亩"});
  }
  if (const auto footprint = parcels.number(f, "footprint")) {
    const double coef = *footprint / site_m2 * 100;
    const double min = s.building_coefficient_min * 100;
    if (coef < min)
      out.push_back({"building_coefficient",
                     fmt::format("建筑系数 {:.1f}% 低于 {:.1f}%", coef, min), coef, min, "%"});
  }
  return out;
}

}  // namespace tudi::supply
