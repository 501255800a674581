// Settings from rules/zones.toml and the project's [zones] section.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <functional>

#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones {
namespace {

using Where = std::function<std::string(const toml::node&)>;

void check_keys(const toml::table& sec, std::string_view name,
                std::initializer_list<std::string_view> keys, const Where& where) {
  refuse_unknown_keys(where, sec, keys, "[" + std::string(name) + "]");
}

double number(const toml::node& n, double lo, double hi, std::string_view key, const Where& where) {
  const auto v = finite_number(n);
  if (!v || *v < lo || *v > hi)
    throw Error(where(n),
                std::string(key) + fmt::format(" must be a number in [{:g}, {:g}]", lo, hi));
  return *v;
}

std::string text(const toml::node& n, std::string_view key, const Where& where) {
  const auto v = n.value<std::string>();
  if (!v) throw Error(where(n), std::string(key) + " must be a string");
  return *v;
}

void apply_national(Settings& s, const toml::table& sec, const Where& where) {
  for (const auto& [k, n] : sec) {
    const std::string key(k.str());
    if (key == "source") {
      s.national_source = text(n, key, where);
      continue;
    }
    if (!find_indicator(key))
      throw Error(where(n), "[national] " + key + " is not an indicator code");
    s.national[key] = number(n, 0, 1e9, key, where);
  }
}

void apply_preconditions(Settings& s, const toml::node& node, const Where& where) {
  const toml::array* arr = node.as_array();
  if (!arr) throw Error(where(node), "expansion.preconditions must be an array of tables");
  s.preconditions.clear();
  for (const toml::node& e : *arr) {
    const toml::table* t = e.as_table();
    if (!t) throw Error(where(e), "each expansion precondition must be a table");
    check_keys(*t, "expansion.preconditions", {"indicator", "min", "suggested_default", "source"},
               where);
    Precondition p;
    const toml::node* ind = t->get("indicator");
    const toml::node* min = t->get("min");
    if (!ind || !min) throw Error(where(e), "a precondition needs indicator and min");
    p.indicator = text(*ind, "indicator", where);
    if (!find_indicator(p.indicator))
      throw Error(where(*ind), "'" + p.indicator + "' is not an indicator code");
    p.min = number(*min, -1e9, 1e9, "min", where);
    if (const toml::node* d = t->get("suggested_default")) {
      if (!d->is_boolean()) throw Error(where(*d), "suggested_default must be true or false");
      p.suggested_default = *d->value<bool>();
    }
    if (const toml::node* src = t->get("source")) p.source = text(*src, "source", where);
    s.preconditions.push_back(std::move(p));
  }
}

void apply_composite(Settings& s, const toml::table& sec, const Where& where) {
  check_keys(sec, "composite", {"weights", "suggested_default", "source"}, where);
  if (const toml::node* v = sec.get("weights")) {
    const toml::table* w = v->as_table();
    if (!w) throw Error(where(*v), "composite.weights must be a table of indicator = weight");
    s.composite.weights.clear();
    // In report order, whatever order the file lists them in.
    for (const IndicatorDef& d : indicator_defs())
      if (const toml::node* n = w->get(d.code)) {
        if (!d.ranked)
          throw Error(where(*n), std::string("composite.weights: ") + d.code +
                                     " is not a ranked indicator (use the 万元/公顷 one)");
        s.composite.weights.emplace_back(d.code, number(*n, 0, 1e6, d.code, where));
      }
    for (const auto& [k, n] : *w)
      if (!find_indicator(k.str()))
        throw Error(where(n),
                    "composite.weights: " + std::string(k.str()) + " is not an indicator code");
  }
  if (const toml::node* d = sec.get("suggested_default")) {
    if (!d->is_boolean()) throw Error(where(*d), "suggested_default must be true or false");
    s.composite.suggested_default = *d->value<bool>();
  } else if (sec.get("weights")) {
    s.composite.suggested_default = false;  // a province's own weights
  }
  if (const toml::node* src = sec.get("source")) s.composite.source = text(*src, "source", where);
}

void apply(Settings& s, const toml::table& t, const Where& where) {
  for (const auto& [k, n] : t) {
    const toml::table* sec = n.as_table();
    const std::string name(k.str());
    if (!sec) throw Error(where(n), "'" + name + "' must be a table");
    if (name == "national") {
      apply_national(s, *sec, where);
    } else if (name == "built") {
      check_keys(*sec, name, {"codes", "industrial", "source"}, where);
      auto list = [&](const char* key, std::vector<std::string>& out) {
        if (const toml::node* v = sec->get(key)) {
          const toml::array* arr = v->as_array();
          if (!arr)
            throw Error(where(*v),
                        std::string("built.") + key + " must be a list of land-class codes");
          out.clear();
          for (const toml::node& e : *arr) out.push_back(text(e, key, where));
        }
      };
      list("codes", s.built.codes);
      list("industrial", s.built.industrial);
      if (const toml::node* v = sec->get("source")) s.built.source = text(*v, "source", where);
    } else if (name == "composite") {
      apply_composite(s, *sec, where);
    } else if (name == "expansion") {
      check_keys(*sec, name, {"preconditions"}, where);
      if (const toml::node* p = sec->get("preconditions")) apply_preconditions(s, *p, where);
    } else if (name == "constraints") {
      check_keys(*sec, name, {"sliver_m2", "sliver_share", "severity"}, where);
      if (const toml::node* v = sec->get("sliver_m2"))
        s.sliver_m2 = number(*v, 0, 1e6, "sliver_m2", where);
      if (const toml::node* v = sec->get("sliver_share"))
        s.sliver_share = number(*v, 0, 1, "sliver_share", where);
      if (const toml::node* v = sec->get("severity")) {
        const toml::table* sev = v->as_table();
        if (!sev) throw Error(where(*v), "severity must be a table");
        check_keys(*sev, "constraints.severity",
                   {"outside_urban", "farmland", "redline", "unsupplied_approved", "idle"}, where);
        for (const auto& [kind, level] : *sev) {
          const std::string l = text(level, kind.str(), where);
          if (l != "blocking" && l != "stock" && l != "info")
            throw Error(where(level), "severity must be blocking, stock or info");
          s.severity[std::string(kind.str())] = l;
        }
      }
    } else if (name == "candidates") {
      check_keys(*sec, name, {"min_area_m2", "built_landuse"}, where);
      if (const toml::node* v = sec->get("min_area_m2"))
        s.candidate_min_m2 = number(*v, 0, 1e9, "min_area_m2", where);
      if (const toml::node* v = sec->get("built_landuse")) {
        const toml::array* arr = v->as_array();
        if (!arr) throw Error(where(*v), "built_landuse must be a list of land-class codes");
        s.built_landuse.clear();
        for (const toml::node& e : *arr) s.built_landuse.push_back(text(e, "built_landuse", where));
      }
    } else {
      throw Error(
          where(n),
          "unknown section [" + name +
              "] (expected national, built, composite, expansion, constraints, candidates)");
    }
  }
}

}  // namespace

Settings load_settings(const Project& project) {
  Settings s;
  s.supply = supply::load_settings(project);
  const RulePack pack = load_rule_pack(project, "zones");
  apply(s, pack.table, [&](const toml::node& n) { return pack.where(n); });
  if (auto it = project.sections.find("zones"); it != project.sections.end()) {
    const RulePack& section = *it->second;
    apply(s, section.table, [&](const toml::node& n) { return section.where(n); });
  }
  return s;
}

}  // namespace tudi::zones
