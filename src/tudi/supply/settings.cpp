// Settings from the rule pack and the project file, and the labels of the result enums.
#include <toml++/toml.h>

#include <functional>
#include <tuple>

#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

/// Applies one rule-pack-shaped table ([readiness], [idle], [supply_rate], [inefficient]) onto
/// the settings; `where` names a node for errors.
void apply(Settings& s, const toml::table& t,
           const std::function<std::string(const toml::node&)>& where) {
  auto number = [&](const toml::table& sec, std::string_view key, double& out, double lo,
                    double hi) {
    const toml::node* n = sec.get(key);
    if (!n) return;
    const auto v = finite_number(*n);
    if (!v || *v < lo || *v > hi)
      throw Error(where(*n), std::string(key) + " must be a number in [" + std::to_string(lo) +
                                 ", " + std::to_string(hi) + "]");
    out = *v;
  };
  auto check_keys = [&](const toml::table& sec, std::string_view name,
                        std::initializer_list<std::string_view> keys) {
    refuse_unknown_keys(where, sec, keys, "[" + std::string(name) + "]");
  };
  for (const auto& [k, n] : t) {
    const toml::table* sec = n.as_table();
    const std::string name(k.str());
    if (!sec) throw Error(where(n), "'" + name + "' must be a table");
    if (name == "readiness") {
      check_keys(*sec, name,
                 {"industrial_offer", "inside_zone", "sliver_m2", "standard_indicators"});
      for (auto [key, out] :
           {std::pair<const char*, bool*>{"industrial_offer", &s.industrial_offer},
            {"inside_zone", &s.require_zone}})
        if (const toml::node* b = sec->get(key)) {
          if (!b->is_boolean()) throw Error(where(*b), std::string(key) + " must be true or false");
          *out = *b->value<bool>();
        }
      number(*sec, "sliver_m2", s.sliver_m2, 0, 1e6);
      if (const toml::node* a = sec->get("standard_indicators")) {
        const toml::array* arr = a->as_array();
        if (!arr) throw Error(where(*a), "standard_indicators must be a list of field names");
        s.standard_indicators.clear();
        for (const toml::node& e : *arr) {
          const auto name_v = e.value<std::string>();
          if (!name_v || name_v->rfind("std_", 0) != 0)
            throw Error(where(e), "standard_indicators: each must be a std_* parcels field");
          s.standard_indicators.push_back(*name_v);
        }
      }
    } else if (name == "idle") {
      check_keys(*sec, name, {"fee_rate"});
      number(*sec, "fee_rate", s.idle_fee_rate, 0, 1);
    } else if (name == "supply_rate") {
      check_keys(*sec, name, {"line", "window_years", "window"});
      if (const toml::node* w = sec->get("window")) {
        const auto v = w->value<std::string>();
        if (!v || (*v != "calendar" && *v != "rolling"))
          throw Error(where(*w), "window: \"calendar\" or \"rolling\"");
        s.supply_rate_rolling = *v == "rolling";
      }
      number(*sec, "line", s.supply_rate_line, 0, 1);
      double years = s.supply_rate_window_years;
      number(*sec, "window_years", years, 1, 50);
      s.supply_rate_window_years = static_cast<int>(years);
    } else if (name == "inefficient") {
      check_keys(*sec, name,
                 {"industrial_far_min", "tax_per_mu_min", "building_coefficient_min", "industry"});
      number(*sec, "industrial_far_min", s.industrial_far_min, 0, 100);
      number(*sec, "tax_per_mu_min", s.tax_per_mu_min, 0, 1e6);
      number(*sec, "building_coefficient_min", s.building_coefficient_min, 0, 1);
      if (const toml::node* ind = sec->get("industry")) {
        const toml::array* arr = ind->as_array();
        if (!arr) throw Error(where(*ind), "inefficient.industry must be an array of tables");
        s.inefficient_by_industry.clear();
        for (const toml::node& e : *arr) {
          const toml::table* entry = e.as_table();
          if (!entry) throw Error(where(e), "inefficient.industry: each entry must be a table");
          check_keys(*entry, "inefficient.industry",
                     {"prefix", "name", "industrial_far_min", "tax_per_mu_min",
                      "building_coefficient_min", "source"});
          Settings::IndustryThresholds it;
          const auto prefix = entry->get("prefix") ? entry->get("prefix")->value<std::string>()
                                                   : std::optional<std::string>();
          if (!prefix || prefix->find_first_of("0123456789") == std::string::npos)
            throw Error(where(e),
                        "inefficient.industry: prefix must be a GB/T 4754 code (\"C26\")");
          it.prefix = *prefix;
          if (const toml::node* v = entry->get("name"))
            it.name = v->value<std::string>().value_or("");
          if (const toml::node* v = entry->get("source"))
            it.source = v->value<std::string>().value_or("");
          for (auto [key, out, hi] :
               {std::tuple{"industrial_far_min", &it.industrial_far_min, 100.0},
                std::tuple{"tax_per_mu_min", &it.tax_per_mu_min, 1e6},
                std::tuple{"building_coefficient_min", &it.building_coefficient_min, 1.0}})
            if (entry->get(key)) {
              double v = 0;
              number(*entry, key, v, 0, hi);
              *out = v;
            }
          s.inefficient_by_industry.push_back(std::move(it));
        }
      }
    } else {
      throw Error(where(n), "unknown section [" + name +
                                "] (expected readiness, idle, supply_rate, inefficient)");
    }
  }
}

}  // namespace

Settings load_settings(const Project& project) {
  Settings s;
  const RulePack pack = load_rule_pack(project, "supply");
  apply(s, pack.table, [&](const toml::node& n) { return pack.where(n); });
  if (auto it = project.sections.find("supply"); it != project.sections.end()) {
    const RulePack& section = *it->second;
    apply(s, section.table, [&](const toml::node& n) { return section.where(n); });
  }
  s.as_of = as_of_date(project);
  return s;
}

const char* code(ReadinessLevel l) {
  switch (l) {
    case ReadinessLevel::ready:
      return "ready";
    case ReadinessLevel::standard:
      return "standard";
    case ReadinessLevel::not_ready:
      return "not_ready";
  }
  return "?";
}

const char* label(ReadinessLevel l) {
  switch (l) {
    case ReadinessLevel::ready:
      return "净地（可供应）";
    case ReadinessLevel::standard:
      return "标准地（可供应）";
    case ReadinessLevel::not_ready:
      return "未达供地条件";
  }
  return "?";
}

const char* code(IdleState s) {
  switch (s) {
    case IdleState::idle_2y:
      return "idle_2y";
    case IdleState::idle_1y:
      return "idle_1y";
    case IdleState::idle_suspended:
      return "idle_suspended";
    case IdleState::government_cause:
      return "government_cause";
    case IdleState::warning:
      return "warning";
    case IdleState::in_use:
      return "in_use";
    case IdleState::unknown:
      return "unknown";
  }
  return "?";
}

const char* label(IdleState s) {
  switch (s) {
    case IdleState::idle_2y:
      return "闲置满两年";
    case IdleState::idle_1y:
      return "闲置满一年";
    case IdleState::idle_suspended:
      return "中止开发满一年";
    case IdleState::government_cause:
      return "政府原因闲置";
    case IdleState::warning:
      return "动工预警（逾期未满一年）";
    case IdleState::in_use:
      return "正常";
    case IdleState::unknown:
      return "无法判定";
  }
  return "?";
}

const char* code(Consequence c) {
  switch (c) {
    case Consequence::none:
      return "none";
    case Consequence::fee:
      return "fee";
    case Consequence::recovery:
      return "recovery";
    case Consequence::negotiate:
      return "negotiate";
  }
  return "?";
}

const char* label(Consequence c) {
  switch (c) {
    case Consequence::none:
      return "";
    case Consequence::fee:
      return "征缴土地闲置费";
    case Consequence::recovery:
      return "无偿收回";
    case Consequence::negotiate:
      return "协商处置（不征费、不收回）";
  }
  return "?";
}

const char* label(InfraGrade g) {
  switch (g) {
    case InfraGrade::none:
      return "未达三通一平";
    case InfraGrade::three:
      return "三通一平";
    case InfraGrade::five:
      return "五通一平";
    case InfraGrade::seven:
      return "七通一平";
  }
  return "?";
}

const char* label(Infra i) {
  switch (i) {
    case Infra::water:
      return "供水";
    case Infra::power:
      return "供电";
    case Infra::road:
      return "道路";
    case Infra::levelling:
      return "场地平整";
    case Infra::telecom:
      return "通信";
    case Infra::drainage:
      return "排水";
    case Infra::gas:
      return "燃气";
    case Infra::heat:
      return "供热";
  }
  return "?";
}

}  // namespace tudi::supply
