#include "tudi/match/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tudi::match::detail {
namespace {

constexpr double kRelative = 1e-9;

std::string num(double v, int decimals = 2) {
  return number_text(v, decimals);
}

double round_to(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

std::string infra_items_text(unsigned items) {
  std::string s;
  for (unsigned bit = 1; bit <= 128; bit <<= 1)
    if (items & bit)
      s += (s.empty() ? "" : "、") + std::string(supply::label(static_cast<supply::Infra>(bit)));
  return s;
}

double clamp01(double v) {
  return std::clamp(v, 0.0, 1.0);
}

}  // namespace

std::string number_text(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  // 150.00 → 150, 1.50 → 1.5: planners read figures as they were published.
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string pollution_text(int pollution) {
  static const char* const kNames[] = {"一类", "二类", "三类"};
  return pollution >= 1 && pollution <= 3 ? kNames[pollution - 1]
                                          : std::to_string(pollution) + "类";
}

bool at_least(double value, double threshold) {
  return value >= threshold - kRelative * std::max(1.0, std::abs(threshold));
}
bool at_most(double value, double threshold) {
  return value <= threshold + kRelative * std::max(1.0, std::abs(threshold));
}

ProjectContext make_context(const ProjectSpec& p, const Settings& rules,
                            const std::vector<ZoneInfo>& zones) {
  ProjectContext c;
  c.project = &p;
  c.rules = &rules;
  c.kind = rules.kind_of(p.industry);
  c.library = rules.library(p.industry);
  c.chains = rules.chains_of(p.industry);
  const std::string code = normalise_industry(p.industry);
  for (const ZoneInfo& z : zones) {
    // A list written with codes is read by code; a list of words only, by chain.
    const double neg =
        Settings::list_match(z.negative, code, c.chains, z.negative.codes.empty() ? 1.0 : 0.0);
    c.zone_negative.push_back(neg > 0 ? 1 : 0);
    const double share = rules.weights.lead_chain_share;
    const double lead = z.lead.codes.empty()
                            ? Settings::list_match(z.lead, code, c.chains, 1.0) * share
                            : Settings::list_match(z.lead, code, c.chains, share);
    c.zone_lead.push_back(lead);
    const bool preferred =
        !p.zone.empty() && (p.zone == z.id || p.zone == z.name ||
                            (!z.name.empty() && (z.name.find(p.zone) != std::string::npos ||
                                                 p.zone.find(z.name) != std::string::npos)));
    c.zone_preferred.push_back(preferred ? 1 : 0);
  }
  return c;
}

Limits site_limits(const ProjectContext& c, std::size_t site, const SiteExtra& x) {
  Limits l;
  for (std::size_t i = 0; i < kIndicators; ++i) {
    if (x.own[i]) {
      l.value[i] = *x.own[i];
      l.has[i] = true;
      l.site[i] = static_cast<int>(site);
      l.zone[i] = x.from_zone[i];
    } else if (const auto& lib = c.library.values[i]) {
      l.value[i] = lib->value;
      l.has[i] = true;
      l.site[i] = -1;
    }
  }
  return l;
}

Limits merged_limits(const std::vector<Limits>& each) {
  Limits out;
  for (const Limits& l : each)
    for (Indicator ind : kAllIndicators) {
      const auto i = static_cast<std::size_t>(ind);
      if (!l.has[i]) continue;
      const bool stricter =
          !out.has[i] || (is_maximum(ind) ? l.value[i] < out.value[i] : l.value[i] > out.value[i]);
      if (stricter) {
        out.value[i] = l.value[i];
        out.has[i] = true;
        out.site[i] = l.site[i];
        out.zone[i] = l.zone[i];
      }
    }
  return out;
}

Thresholds to_thresholds(const ProjectContext& c, const Limits& l, const std::vector<Site>& sites,
                         const std::vector<SiteExtra>& extra) {
  Thresholds t;
  for (std::size_t i = 0; i < kIndicators; ++i) {
    if (!l.has[i]) continue;
    if (l.site[i] >= 0) {
      const auto site = static_cast<std::size_t>(l.site[i]);
      t.values[i] = l.zone[i] ? Threshold{l.value[i], "zone", extra[site].zone_name}
                              : Threshold{l.value[i], "parcel", sites[site].id};
    } else
      t.values[i] = c.library.values[i];
  }
  t.emission = c.library.emission;
  // A parcel's published emission requirement replaces the library's.
  for (std::size_t i = 0; i < kIndicators; ++i)
    if (l.site[i] >= 0 && !extra[static_cast<std::size_t>(l.site[i])].emission.empty())
      t.emission = extra[static_cast<std::size_t>(l.site[i])].emission;
  return t;
}

namespace {
/// Where a limit came from, for reason texts.
std::string limit_note(const ProjectContext& c, const Limits& l, Indicator ind) {
  const auto i = static_cast<std::size_t>(ind);
  if (l.site[i] >= 0) return l.zone[i] ? "开发区公布" : "地块公布";
  const auto& lib = c.library.values[i];
  return lib ? "指标库 " + lib->from : std::string("指标库");
}
}  // namespace

bool member_reasons(const ProjectContext& c, const Site& s, const SiteExtra& x,
                    const std::vector<ZoneInfo>& zones, Sink& sink) {
  const ProjectSpec& p = *c.project;
  for (const Reason& r : x.fixed)
    if (!sink.fail(r.code, [&] { return r; })) return false;
  // Land already supplied is not on offer: nothing else about it matters to the project.
  if (x.supplied) return false;
  const UseClass* use =
      s.use >= 0 ? &c.rules->use_classes[static_cast<std::size_t>(s.use)] : nullptr;
  if (!use) {
    if (!sink.fail("use_class", [&] {
          return Reason{"use_class",
                        "规划用途“" +
                            (s.planned_use.empty() ? std::string("未填写") : s.planned_use) +
                            "”不是可供项目的工业或仓储用地",
                        static_cast<std::int64_t>(p.pollution), s.planned_use, ""};
        }))
      return false;
  } else if (use->kind != c.kind) {
    if (!sink.fail("use_class", [&] {
          const char* need = c.kind == "storage" ? "物流仓储用地（1101）" : "工业用地（1001）";
          return Reason{"use_class",
                        "项目行业 " + p.industry + " 需要" + need + "，地块规划用途为 " +
                            use->code + " " + use->name,
                        c.kind, use->kind, ""};
        }))
      return false;
  } else if (use->max_pollution < p.pollution) {
    if (!sink.fail("use_class", [&] {
          return Reason{"use_class",
                        fmt::format("地块规划用途 {} {}只接纳{}及以下污染类别的项目，本项目为{}",
                                    use->code, use->name, pollution_text(use->max_pollution),
                                    pollution_text(p.pollution)),
                        static_cast<std::int64_t>(p.pollution),
                        static_cast<std::int64_t>(use->max_pollution), "类"};
        }))
      return false;
  }
  if (s.zone >= 0 && c.zone_negative[static_cast<std::size_t>(s.zone)]) {
    if (!sink.fail("negative_list", [&] {
          const ZoneInfo& z = zones[static_cast<std::size_t>(s.zone)];
          return Reason{"negative_list",
                        "项目行业 " + p.industry_text + " 列入" + z.name + "产业负面清单（" +
                            z.negative.text + "）",
                        p.industry, z.negative.text, ""};
        }))
      return false;
  }
  if (p.infrastructure && (s.infrastructure.items & p.infrastructure) != p.infrastructure) {
    if (!sink.fail("infrastructure", [&] {
          const unsigned lacking = p.infrastructure & ~s.infrastructure.items;
          return Reason{
              "infrastructure",
              "项目必需基础设施缺" + infra_items_text(lacking) + "（地块现状：" +
                  (s.infrastructure.raw.empty() ? std::string("未填写") : s.infrastructure.raw) +
                  "）",
              p.infrastructure_text, s.infrastructure.raw, ""};
        }))
      return false;
  }
  return true;
}

void area_reasons(const ProjectContext& c, double area, const Limits& t, Sink& sink) {
  const ProjectSpec& p = *c.project;
  const double a = round_to(area, 4);
  if (!at_least(area, p.demand_min) && !sink.fail("area_below_demand", [&] {
        return Reason{"area_below_demand",
                      "面积 " + num(area) + " 亩小于项目用地需求下限 " + num(p.demand_min) + " 亩",
                      a, p.demand_min, "亩"};
      }))
    return;
  if (!at_most(area, p.demand_max) && !sink.fail("area_above_demand", [&] {
        return Reason{"area_above_demand",
                      "面积 " + num(area) + " 亩大于项目用地需求上限 " + num(p.demand_max) + " 亩",
                      a, p.demand_max, "亩"};
      }))
    return;
  if (area <= 0) return;
  const Parameters& set = c.rules->params;
  auto per_mu = [&](Indicator ind, const char* code, std::optional<double> total,
                    const char* what) {
    const auto th = t.get(ind);
    if (!th || !total) return true;
    const double v = *total / area;
    if (at_least(v, *th)) return true;
    return sink.fail(code, [&] {
      return Reason{
          code,
          fmt::format("{} {} 万元 ÷ {} 亩 = {} 万元/亩，低于{}标准 {} 万元/亩（{}）", what,
                      num(*total), num(area), num(v), label(ind), num(*th), limit_note(c, t, ind)),
          round_to(v, 4), *th, unit(ind)};
    });
  };
  if (!per_mu(Indicator::investment, "investment_intensity", p.investment, "固定资产投资")) return;
  if (!per_mu(Indicator::tax, "tax_per_mu", p.tax, "年税收")) return;
  if (t.binding(Indicator::output, set) &&
      !per_mu(Indicator::output, "output_per_mu", p.output, "年产值"))
    return;
  if (p.far) {
    if (const auto lo = t.get(Indicator::far_min);
        lo && !at_least(*p.far, *lo) && !sink.fail("far_below_min", [&] {
          return Reason{"far_below_min",
                        "计划容积率 " + num(*p.far) + " 低于下限 " + num(*lo) + "（" +
                            limit_note(c, t, Indicator::far_min) + "）",
                        *p.far, *lo, ""};
        }))
      return;
    if (const auto hi = t.get(Indicator::far_max);
        hi && !at_most(*p.far, *hi) && !sink.fail("far_above_max", [&] {
          return Reason{"far_above_max",
                        "计划容积率 " + num(*p.far) + " 高于上限 " + num(*hi) + "（" +
                            limit_note(c, t, Indicator::far_max) + "）",
                        *p.far, *hi, ""};
        }))
      return;
  }
  if (const auto e = t.get(Indicator::energy);
      e && p.energy && t.binding(Indicator::energy, set) && !at_most(*p.energy, *e) &&
      !sink.fail("energy_above_max", [&] {
        return Reason{"energy_above_max",
                      "单位增加值能耗 " + num(*p.energy, 3) + " 吨标煤/万元，高于标准 " +
                          num(*e, 3) + "（" + limit_note(c, t, Indicator::energy) + "）",
                      *p.energy, *e, unit(Indicator::energy)};
      }))
    return;
  if (const auto e = t.get(Indicator::emission_intensity);
      e && p.emission_intensity && t.binding(Indicator::emission_intensity, set) &&
      !at_most(*p.emission_intensity, *e) && !sink.fail("emission_above_max", [&] {
        return Reason{"emission_above_max",
                      "单位增加值排放 " + num(*p.emission_intensity, 3) + " 千克/万元，高于标准 " +
                          num(*e, 3) + "（" + limit_note(c, t, Indicator::emission_intensity) + "）",
                      *p.emission_intensity, *e, unit(Indicator::emission_intensity)};
      }))
    return;
  if (const auto b = t.get(Indicator::building_coefficient);
      b && p.building_coefficient && t.binding(Indicator::building_coefficient, set) &&
      !at_least(*p.building_coefficient, *b) && !sink.fail("building_coefficient", [&] {
        return Reason{"building_coefficient",
                      "建筑系数 " + num(*p.building_coefficient) + "% 低于标准 " + num(*b) + "%",
                      *p.building_coefficient, *b, "%"};
      }))
    return;
  if (const auto r = t.get(Indicator::rd_share);
      r && p.rd_share && t.binding(Indicator::rd_share, set) && !at_least(*p.rd_share, *r))
    sink.fail("rd_share", [&] {
      return Reason{"rd_share",
                    "研发经费投入占比 " + num(*p.rd_share) + "% 低于标准 " + num(*r) + "%",
                    *p.rd_share, *r, "%"};
    });
}

Candidate score(const ProjectContext& c, std::span<const std::size_t> members,
                const std::vector<Site>& sites, const std::vector<SiteExtra>& extra,
                const std::vector<ZoneInfo>& zones, const Limits& t, bool details) {
  const ProjectSpec& p = *c.project;
  const Weights& w = c.rules->weights;
  Candidate cand;
  for (std::size_t m : members) cand.area_mu += sites[m].area_mu;
  if (details) {
    cand.sites.assign(members.begin(), members.end());
    cand.thresholds = to_thresholds(c, t, sites, extra);
    for (std::size_t m : members) cand.parcel_ids.push_back(sites[m].id);
  }
  const double area = cand.area_mu;
  // Details are text, made only when asked for: ranking millions of pairs needs the total only.
  double total = 0;
  auto add = [&](const char* key, const char* label, double max, double share, auto&& detail) {
    total += max * share;
    if (details) cand.terms.push_back({key, label, max * share, max, detail()});
  };

  add("base", "达标基础分", w.base, 1.0, [] { return std::string("通过全部硬性筛选"); });

  auto headroom = [&](Indicator ind, std::optional<double> amount, const char* key,
                      const char* term, double weight) {
    const auto th = t.get(ind);
    if (!th || !amount || *th <= 0) {
      add(key, term, weight, 0.0,
          [&] { return std::string("无") + label(ind) + "标准或项目未填报"; });
      return;
    }
    const double v = *amount / area;
    const double h = v / *th - 1;
    add(key, term, weight, clamp01(h / w.headroom_cap), [&] {
      return fmt::format("{} {} 万元/亩，标准 {} 万元/亩（{}），高出 {}%", label(ind), num(v),
                         num(*th), limit_note(c, t, ind), num(h * 100, 0));
    });
  };
  headroom(Indicator::investment, p.investment, "investment", "投资强度余量", w.investment);
  headroom(Indicator::tax, p.tax, "tax", "亩均税收余量", w.tax);

  {
    const auto lo = t.get(Indicator::far_min);
    const auto hi = t.get(Indicator::far_max);
    if (!p.far || !lo) {
      add("far", "容积率", w.far, 0.0, [] { return std::string("无容积率标准或项目未填报"); });
    } else if (hi && *hi > *lo) {
      add("far", "容积率", w.far, clamp01((*p.far - *lo) / (*hi - *lo)),
          [&] { return "计划容积率 " + num(*p.far) + "，范围 " + num(*lo) + "–" + num(*hi); });
    } else {
      const double h = *lo > 0 ? *p.far / *lo - 1 : 0;
      add("far", "容积率", w.far, clamp01(h / w.headroom_cap),
          [&] { return "计划容积率 " + num(*p.far) + "，下限 " + num(*lo); });
    }
  }
  {
    const auto e = t.get(Indicator::energy);
    if (!p.energy || !e || *e <= 0) {
      add("energy", "能耗余量", w.energy, 0.0,
          [] { return std::string("无能耗标准或项目未填报"); });
    } else {
      const double h = (*e - *p.energy) / *e;
      add("energy", "能耗余量", w.energy, clamp01(h / w.energy_headroom_cap), [&] {
        return "单位增加值能耗 " + num(*p.energy, 3) + " 吨标煤/万元，标准 ≤ " + num(*e, 3) +
               " 吨标煤/万元" +
               (h >= 0 ? "，低 " + num(h * 100, 0) + "%"
                       : "，高出 " + num(-h * 100, 0) + "%（不得分）");
      });
    }
  }

  // Zone terms: area-weighted over the members.
  double lead = 0, preferred = 0;
  int first_zone = -1;
  for (std::size_t m : members) {
    const Site& s = sites[m];
    if (s.zone < 0) continue;
    const auto z = static_cast<std::size_t>(s.zone);
    lead += c.zone_lead[z] * s.area_mu / area;
    preferred += (c.zone_preferred[z] ? 1.0 : 0.0) * s.area_mu / area;
    if (first_zone < 0) first_zone = s.zone;
  }
  add("lead_industry", "主导产业匹配", w.lead_industry, lead, [&] {
    if (first_zone < 0) return std::string("不在开发区内");
    const ZoneInfo& z = zones[static_cast<std::size_t>(first_zone)];
    return (lead >= 1  ? "行业属"
            : lead > 0 ? "同产业链，"
                       : "不属") +
           z.name + "主导产业：" + z.lead.text;
  });

  {
    supply::InfraGrade grade = supply::InfraGrade::seven;
    for (std::size_t m : members) grade = std::min(grade, sites[m].infrastructure.grade);
    const double share = grade == supply::InfraGrade::seven   ? w.grade_seven
                         : grade == supply::InfraGrade::five  ? w.grade_five
                         : grade == supply::InfraGrade::three ? w.grade_three
                                                              : 0.0;
    add("infrastructure", "基础设施等级", w.infrastructure, share,
        [&] { return std::string(supply::label(grade)); });
  }
  {
    int neighbours = 0;
    for (std::size_t m : members)
      for (int ch : c.chains)
        if (static_cast<std::size_t>(ch) < extra[m].chain_neighbours.size())
          neighbours =
              std::max<int>(neighbours, extra[m].chain_neighbours[static_cast<std::size_t>(ch)]);
    add("cluster", "同产业链邻近企业", w.cluster,
        clamp01(static_cast<double>(neighbours) / w.cluster_saturation), [&] {
          std::string chain_names;
          for (int ch : c.chains)
            chain_names += (chain_names.empty() ? "" : "、") +
                           c.rules->chains[static_cast<std::size_t>(ch)].name;
          return chain_names.empty() ? std::string("行业不属任何已定义产业链")
                                     : fmt::format("{} m 内{}企业 {} 家",
                                                   num(c.rules->params.cluster_radius_m, 0),
                                                   chain_names, neighbours);
        });
  }
  {
    // 节约集约: the best site is the smallest that meets the demand; the most a project can
    // justify is investment ÷ intensity threshold, and beyond the demand maximum nothing.
    double limit = p.demand_max;
    const auto inv = t.get(Indicator::investment);
    if (inv && *inv > 0) limit = std::min(limit, p.investment / *inv);
    const double ideal = p.demand_min;
    const double share = limit > ideal ? clamp01(1 - (area - ideal) / (limit - ideal)) : 1.0;
    add("area_fit", "面积适配（节约集约）", w.area_fit, share, [&] {
      return "面积 " + num(area) + " 亩，需求 " + num(p.demand_min) + "–" + num(p.demand_max) +
             " 亩" +
             (inv && *inv > 0 ? "，投资按强度标准最多支撑 " + num(p.investment / *inv) + " 亩"
                              : std::string()) +
             "；越接近需求下限得分越高";
    });
  }
  if (!p.zone.empty())
    add("zone_preference", "意向开发区", w.zone_preference, preferred,
        [&] { return preferred >= 1 ? "位于意向开发区 " + p.zone : "不在意向开发区 " + p.zone; });
  if (members.size() > 1)
    add("merge", "合并地块扣分", -w.merge_penalty * static_cast<double>(members.size() - 1), 1.0,
        [&] { return fmt::format("{} 宗相邻地块合并供地", members.size()); });
  cand.score = round_to(total, 4);
  return cand;
}

}  // namespace tudi::match::detail
