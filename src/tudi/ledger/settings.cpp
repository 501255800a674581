// Settings from rules/ledger.toml and the project's [ledger] section, and the light labels.
#include <toml++/toml.h>

#include <algorithm>
#include <functional>

#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/ledger/ledger.hpp"

namespace tudi::ledger {
namespace {

using Where = std::function<std::string(const toml::node&)>;

std::string text_of(const toml::node& n, const Where& where, std::string_view key) {
  const auto v = n.value<std::string>();
  if (!v) throw Error(where(n), std::string(key) + " must be text");
  return *v;
}

std::vector<std::string> texts_of(const toml::node& n, const Where& where, std::string_view key) {
  const toml::array* a = n.as_array();
  if (!a) throw Error(where(n), std::string(key) + " must be a list of text");
  std::vector<std::string> out;
  for (const toml::node& e : *a) out.push_back(text_of(e, where, key));
  return out;
}

void check_keys(const toml::table& t, const std::string& name,
                std::initializer_list<std::string_view> keys, const Where& where) {
  refuse_unknown_keys(where, t, keys, "[" + name + "]");
}

int integer(const toml::table& t, std::string_view key, int current, int lo, int hi,
            const Where& where) {
  const toml::node* n = t.get(key);
  if (!n) return current;
  const auto v = n->value<std::int64_t>();
  if (!v || *v < lo || *v > hi || !n->is_integer())
    throw Error(where(*n), std::string(key) + " must be a whole number in [" + std::to_string(lo) +
                               ", " + std::to_string(hi) + "]");
  return static_cast<int>(*v);
}

/// Applies one rule-pack-shaped table onto the settings. A [[node]] or [[indicator]] list
/// replaces the whole list (a bureau lists its own nodes).
void apply(Settings& s, const toml::table& t, const Where& where, bool project_section) {
  for (const auto& [k, n] : t) {
    const std::string name(k.str());
    if (project_section && name == "file") {
      s.file = text_of(n, where, name);
      continue;
    }
    if (project_section && name == "sheet") {
      s.sheet = text_of(n, where, name);
      continue;
    }
    if (name == "node" || name == "indicator") {
      const toml::array* a = n.as_array();
      if (!a) throw Error(where(n), "[[" + name + "]] must be a list of tables");
      if (name == "node") s.nodes.clear();
      if (name == "indicator") s.indicators.clear();
      for (const toml::node& e : *a) {
        const toml::table* et = e.as_table();
        if (!et) throw Error(where(e), "[[" + name + "]] must be a list of tables");
        auto need = [&](std::string_view key) {
          const toml::node* v = et->get(key);
          if (!v) throw Error(where(e), "[[" + name + "]] needs " + std::string(key));
          return text_of(*v, where, key);
        };
        if (name == "node") {
          check_keys(*et, name, {"code", "name", "aliases"}, where);
          Node node{need("code"), need("name"), {}};
          if (const toml::node* al = et->get("aliases"))
            node.aliases = texts_of(*al, where, "aliases");
          s.nodes.push_back(std::move(node));
        } else {
          check_keys(*et, name, {"code", "name", "unit", "review", "published"}, where);
          Indicator ind{need("code"), need("name"), "", need("review"), ""};
          if (const toml::node* u = et->get("unit")) ind.unit = text_of(*u, where, "unit");
          if (const toml::node* p = et->get("published"))
            ind.published = text_of(*p, where, "published");
          if (ind.review != "completion" && ind.review != "production")
            throw Error(where(*et->get("review")), "review must be completion or production");
          s.indicators.push_back(std::move(ind));
        }
      }
      continue;
    }
    const toml::table* sec = n.as_table();
    if (!sec) throw Error(where(n), "'" + name + "' must be a table");
    if (name == "warnings") {
      check_keys(*sec, name, {"due_within_days", "late_tolerance_days"}, where);
      s.due_within_days = integer(*sec, "due_within_days", s.due_within_days, 0, 3660, where);
      s.late_tolerance_days =
          integer(*sec, "late_tolerance_days", s.late_tolerance_days, 0, 3660, where);
    } else if (name == "commitments") {
      check_keys(*sec, name, {"completion_review_years", "production_review_years"}, where);
      s.completion_review_years =
          integer(*sec, "completion_review_years", s.completion_review_years, 0, 50, where);
      s.production_review_years =
          integer(*sec, "production_review_years", s.production_review_years, 0, 50, where);
    } else if (name == "levels") {
      for (const auto& [rk, rn] : *sec) {
        const std::string rule(rk.str());
        if (std::find(kRules.begin(), kRules.end(), rule) == kRules.end())
          throw Error(where(rn), "unknown rule '" + rule + "' in [levels]");
        const std::string level = text_of(rn, where, rule);
        if (level == "red") {
          s.levels[rule] = Light::red;
        } else if (level == "yellow") {
          s.levels[rule] = Light::yellow;
        } else if (level == "none") {
          s.levels.erase(rule);
        } else {
          throw Error(where(rn), rule + " must be \"red\", \"yellow\" or \"none\"");
        }
      }
    } else if (project_section && name == "columns") {
      for (const auto& [ck, cn] : *sec) s.columns[std::string(ck.str())] = text_of(cn, where, ck.str());
    } else {
      throw Error(where(n), "unknown section [" + name +
                                "] (expected warnings, commitments, levels, node, indicator" +
                                (project_section ? ", columns, file, sheet)" : ")"));
    }
  }
}

}  // namespace

Settings load_settings(const Project& project) {
  Settings s;
  const RulePack pack = load_rule_pack(project, "ledger");
  apply(s, pack.table, [&](const toml::node& n) { return pack.where(n); }, false);
  if (auto it = project.sections.find("ledger"); it != project.sections.end()) {
    const RulePack& section = *it->second;
    apply(s, section.table, [&](const toml::node& n) { return section.where(n); }, true);
    if (!s.file.empty() && s.file.is_relative() && !project.file.empty())
      s.file = project.file.parent_path() / s.file;
  }
  for (const Node& n : s.nodes)
    if (std::count_if(s.nodes.begin(), s.nodes.end(),
                      [&](const Node& o) { return o.code == n.code; }) > 1)
      throw Error(pack.path.string(), "node code '" + n.code + "' is listed twice");
  s.as_of = as_of_date(project);
  return s;
}

const char* code(Light l) {
  switch (l) {
    case Light::green:
      return "green";
    case Light::yellow:
      return "yellow";
    case Light::red:
      return "red";
  }
  return "?";
}

const char* label(Light l) {
  switch (l) {
    case Light::green:
      return "绿灯";
    case Light::yellow:
      return "黄灯";
    case Light::red:
      return "红灯";
  }
  return "?";
}

int Result::count(Light l) const {
  return static_cast<int>(std::count_if(projects.begin(), projects.end(),
                                        [&](const ProjectStatus& p) { return p.light == l; }));
}

const ProjectStatus* Result::project_of_row(std::size_t row) const {
  for (const ProjectStatus& p : projects)
    if (p.row == row) return &p;
  return nullptr;
}

}  // namespace tudi::ledger
