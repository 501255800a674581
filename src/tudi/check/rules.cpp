#include "tudi/check/rules.hpp"

#include <algorithm>

#include "tudi/core/error.hpp"
#include "tudi/project/rules.hpp"

namespace tudi::check {
namespace {

std::string where(const RulePack& pack, const toml::node& n) {
  return pack.where(n);
}

std::string text(const RulePack& pack, const toml::table& t, std::string_view key,
                 const toml::node& owner, bool required = true) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) throw Error(where(pack, owner), "'" + std::string(key) + "' is missing");
    return {};
  }
  if (!n->is_string()) throw Error(where(pack, *n), std::string(key) + " must be a string");
  return std::string(*n->value<std::string>());
}

std::vector<std::string> strings(const RulePack& pack, const toml::node& n) {
  std::vector<std::string> out;
  if (n.is_string()) {
    out.push_back(*n.value<std::string>());
    return out;
  }
  const toml::array* a = n.as_array();
  if (!a) throw Error(where(pack, n), "expected a string or a list of strings");
  for (const toml::node& e : *a) {
    if (!e.is_string()) throw Error(where(pack, e), "expected a string");
    out.push_back(*e.value<std::string>());
  }
  return out;
}

Severity severity_of(const RulePack& pack, const toml::node& n, const std::string& s) {
  for (Severity v : {Severity::Ok, Severity::Justify, Severity::Approval, Severity::Blocking})
    if (s == to_string(v)) return v;
  throw Error(where(pack, n), "severity '" + s + "' is not one of blocking, approval, justify, ok");
}

State state_of(const RulePack& pack, const toml::node& n, const std::string& s) {
  for (State v : {State::Clear, State::Sliver, State::Conflict})
    if (s == to_string(v)) return v;
  throw Error(where(pack, n), "when = '" + s + "' is not one of clear, sliver, conflict");
}

}  // namespace

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Ok:
      return "ok";
    case Severity::Justify:
      return "justify";
    case Severity::Approval:
      return "approval";
    case Severity::Blocking:
      return "blocking";
  }
  return "?";
}

const char* label(Severity s) {
  switch (s) {
    case Severity::Ok:
      return "无冲突";
    case Severity::Justify:
      return "需论证";
    case Severity::Approval:
      return "需报批";
    case Severity::Blocking:
      return "禁止";
  }
  return "?";
}

const char* to_string(State s) {
  switch (s) {
    case State::Clear:
      return "clear";
    case State::Sliver:
      return "sliver";
    case State::Conflict:
      return "conflict";
  }
  return "?";
}

const Conclusion& Rules::conclude(const std::string& line, const std::string& category, State state,
                                  const std::vector<std::string>& controls) const {
  auto in_control = [&](const Rule& r) {
    for (const std::string& want : r.control)
      for (const std::string& have : controls)
        if (have.find(want) != std::string::npos) return true;
    return false;
  };
  for (const Rule& r : rules) {
    if (r.line != line || r.when != state) continue;
    if (!r.control.empty() && !in_control(r)) continue;
    if (!r.categories.empty() &&
        std::find(r.categories.begin(), r.categories.end(), category) == r.categories.end())
      continue;
    return r.conclusion;
  }
  throw Error(path.string(), std::string("no rule for line ") + line + ", category " + category +
                                 ", when = " + to_string(state) +
                                 ": add one (a rule without categories matches every category)");
}

std::string Rules::category_of(const std::string& given) const {
  std::string t = given;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.erase(0, 1);
  if (t.empty()) return {};
  if (std::find(categories.begin(), categories.end(), t) != categories.end()) return t;
  if (auto it = aliases.find(t); it != aliases.end()) return it->second;
  // "工业用地", "工业项目": a category name at the start.
  for (const std::string& c : categories)
    if (t.rfind(c, 0) == 0) return c;
  // The longest alias the text starts with: "仓储用地" → "仓储", a code "100101" → "1001".
  std::string best;
  for (const auto& [alias, cat] : aliases)
    if (alias.size() > best.size() && t.rfind(alias, 0) == 0) best = alias;
  return best.empty() ? std::string() : aliases.at(best);
}

Rules load_rules(const RulePack& pack) {
  Rules r;
  r.path = pack.path;
  const toml::table& t = pack.table;
  refuse_unknown_keys(pack, t, {"grid_m", "sliver", "categories", "rule"}, "the top level");
  // From a micrometre to a decimetre: coarser would move boundaries a survey can see.
  r.grid_m = number_in(pack, t, "grid_m", r.grid_m, 1e-6, 0.1);
  if (const toml::node* n = t.get("sliver")) {
    const toml::table* s = n->as_table();
    if (!s) throw Error(where(pack, *n), "[sliver] must be a table");
    refuse_unknown_keys(pack, *s, {"min_area_m2", "min_share"}, "[sliver]");
    r.sliver_m2 = number_in(pack, *s, "min_area_m2", r.sliver_m2, 0, 1e4);
    r.sliver_share = number_in(pack, *s, "min_share", r.sliver_share, 0, 1);
  }
  if (const toml::node* n = t.get("categories")) {
    const toml::table* c = n->as_table();
    if (!c) throw Error(where(pack, *n), "[categories] must be a table");
    refuse_unknown_keys(pack, *c, {"list", "default", "aliases"}, "[categories]");
    if (const toml::node* l = c->get("list")) r.categories = strings(pack, *l);
    r.default_category = text(pack, *c, "default", *n, false);
    if (r.default_category.empty()) r.default_category = "其他";
    if (const toml::node* a = c->get("aliases")) {
      const toml::table* at = a->as_table();
      if (!at) throw Error(where(pack, *a), "categories.aliases must be a table");
      for (const auto& [k, v] : *at) {
        if (!v.is_string()) throw Error(where(pack, v), "an alias maps to a category name");
        r.aliases[std::string(k.str())] = *v.value<std::string>();
      }
    }
  }
  if (r.categories.empty()) throw Error(pack.path.string(), "categories.list is missing");
  auto known = [&](const std::string& c) {
    return std::find(r.categories.begin(), r.categories.end(), c) != r.categories.end();
  };
  if (!known(r.default_category))
    throw Error(pack.path.string(),
                "categories.default '" + r.default_category + "' is not listed");
  for (const auto& [alias, cat] : r.aliases)
    if (!known(cat))
      throw Error(pack.path.string(), "alias '" + alias + "' → unknown category " + cat);

  const toml::node* rn = t.get("rule");
  const toml::array* rules = rn ? rn->as_array() : nullptr;
  if (!rules) throw Error(pack.path.string(), "no [[rule]] entries");
  for (const toml::node& node : *rules) {
    const toml::table* rt = node.as_table();
    if (!rt) throw Error(where(pack, node), "[[rule]] must be a table");
    Rules::Rule rule;
    rule.where = where(pack, node);
    rule.line = text(pack, *rt, "line", node);
    if (rule.line != "redline" && rule.line != "farmland" && rule.line != "urban")
      throw Error(rule.where, "line '" + rule.line + "' is not redline, farmland or urban");
    if (const toml::node* c = rt->get("categories")) {
      rule.categories = strings(pack, *c);
      for (const std::string& cat : rule.categories)
        if (!known(cat)) throw Error(where(pack, *c), "unknown category '" + cat + "'");
    }
    rule.when = state_of(pack, node, text(pack, *rt, "when", node));
    if (const toml::node* c = rt->get("control")) rule.control = strings(pack, *c);
    rule.conclusion.severity = severity_of(pack, node, text(pack, *rt, "severity", node));
    rule.conclusion.text = text(pack, *rt, "text", node);
    rule.conclusion.basis = text(pack, *rt, "basis", node, false);
    refuse_unknown_keys(pack, *rt,
                        {"line", "categories", "when", "control", "severity", "text", "basis"},
                        "[[rule]]");
    r.rules.push_back(std::move(rule));
  }
  // Every (line, category, state) must have an answer: check now rather than mid-run.
  for (const std::string line : {"redline", "farmland", "urban"})
    for (const std::string& cat : r.categories)
      for (State s : {State::Clear, State::Sliver, State::Conflict}) r.conclude(line, cat, s);
  return r;
}

Rules load_rules(const std::filesystem::path& file) {
  return load_rules(load_rule_pack(file));
}

}  // namespace tudi::check
