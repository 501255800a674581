#include "tudi/check/settings.hpp"

#include <algorithm>
#include <string_view>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
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

std::vector<std::string> string_list(const RulePack& pack, const toml::table& t,
                                     std::string_view key) {
  const toml::node* n = t.get(key);
  return n ? strings(pack, *n) : std::vector<std::string>{};
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

const char* label(Major m) {
  switch (m) {
    case Major::None:
      return "无";
    case Major::Provincial:
      return "省级";
    case Major::National:
      return "国家";
  }
  return "?";
}

std::optional<Major> major_of(const std::string& given) {
  const std::string t(trim(given));
  if (t.empty()) return Major::None;
  for (std::string_view none :
       {"无", "否", "非", "一般", "不是", "市", "县", "none", "None", "NONE"})
    if (t.rfind(none, 0) == 0) return Major::None;
  if (t.find("国家") != std::string::npos || t == "national" || t == "国") return Major::National;
  if (t.find("省") != std::string::npos || t == "provincial") return Major::Provincial;
  return std::nullopt;
}

bool Settings::in_group(const std::string& code, const std::vector<std::string>& group) {
  for (const std::string& g : group)
    if (code.rfind(g, 0) == 0) return true;
  return false;
}

const Settings::Rule* Settings::find(const Case& c) const {
  auto in_control = [&](const Rule& r) {
    for (const std::string& want : r.control)
      for (const std::string& have : c.controls)
        if (have.find(want) != std::string::npos) return true;
    return false;
  };
  auto has = [](const std::vector<std::string>& list, const std::string& v) {
    return std::find(list.begin(), list.end(), v) != list.end();
  };
  for (const Rule& r : rules) {
    if (r.line != c.line || r.when != c.state) continue;
    // A rule without zones speaks of the line itself, one with zones only of those sub-zones.
    if (c.zone.empty() ? !r.zones.empty() : !has(r.zones, c.zone)) continue;
    if (!r.control.empty() && !in_control(r)) continue;
    if (!r.activities.empty() && !has(r.activities, c.activity)) continue;
    if (r.fallback && !c.activity.empty()) continue;
    if (!r.major.empty() && std::find(r.major.begin(), r.major.end(), c.major) == r.major.end())
      continue;
    if (!r.categories.empty() && !has(r.categories, c.category)) continue;
    return &r;
  }
  return nullptr;
}

const Conclusion& Settings::conclude(const Case& c) const {
  if (const Rule* r = find(c)) return r->conclusion;
  throw Error(path.string(), std::string("no rule for line ") + c.line + ", category " +
                                 c.category + ", when = " + to_string(c.state) +
                                 ": add one (a rule without categories matches every category)");
}

const Conclusion& Settings::conclude(const std::string& line, const std::string& category, State state,
                                  const std::vector<std::string>& controls) const {
  Case c;
  c.line = line;
  c.category = category;
  c.state = state;
  c.controls = controls;
  return conclude(c);
}

const Activity* Settings::activity_of(const std::string& given) const {
  const std::string t(trim(given));
  if (t.empty()) return nullptr;
  const Activity* best = nullptr;
  std::size_t best_len = 0;
  for (const Activity& a : activities)
    for (const std::string& m : a.match)
      if (m.size() > best_len && t.find(m) != std::string::npos) {
        best = &a;
        best_len = m.size();
      }
  return best;
}

const Activity* Settings::activity(const std::string& id) const {
  for (const Activity& a : activities)
    if (a.id == id) return &a;
  return nullptr;
}

std::string Settings::category_of(const std::string& given) const {
  const std::string t(trim(given));
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

Settings load_settings(const RulePack& pack) {
  Settings r;
  r.path = pack.path;
  const toml::table& t = pack.table;
  refuse_unknown_keys(pack, t, {"grid_m", "sliver", "categories", "landuse", "activity", "rule"},
                      "the top level");
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

  if (const toml::node* n = t.get("landuse")) {
    const toml::table* l = n->as_table();
    if (!l) throw Error(where(pack, *n), "[landuse] must be a table");
    for (const auto& [k, v] : *l) {
      std::vector<std::string>* group = k == "cultivated" ? &r.landuse.cultivated
                                        : k == "forest"   ? &r.landuse.forest
                                        : k == "grassland" ? &r.landuse.grassland
                                        : k == "wetland"  ? &r.landuse.wetland
                                                          : nullptr;
      if (!group)
        throw Error(where(pack, v), "unknown key '" + std::string(k.str()) +
                                        "' in [landuse] (expected cultivated, forest, grassland, "
                                        "wetland)");
      *group = strings(pack, v);
    }
  }

  if (const toml::node* an = t.get("activity")) {
    const toml::array* list = an->as_array();
    if (!list) throw Error(where(pack, *an), "[[activity]] must be an array of tables");
    for (const toml::node& node : *list) {
      const toml::table* at = node.as_table();
      if (!at) throw Error(where(pack, node), "[[activity]] must be a table");
      Activity a;
      a.id = text(pack, *at, "id", node);
      a.name = text(pack, *at, "name", node);
      a.category = text(pack, *at, "category", node, false);
      a.basis = text(pack, *at, "basis", node, false);
      a.match = string_list(pack, *at, "match");
      if (a.match.empty()) throw Error(where(pack, node), "activity '" + a.id + "' has no match");
      if (!a.category.empty() && !known(a.category))
        throw Error(where(pack, node), "activity '" + a.id + "': unknown category " + a.category);
      if (r.activity(a.id)) throw Error(where(pack, node), "activity '" + a.id + "' twice");
      for (const auto& [k, v] : *at)
        if (k != "id" && k != "name" && k != "category" && k != "match" && k != "basis")
          throw Error(where(pack, v), "unknown key '" + std::string(k.str()) +
                                          "' (expected id, name, category, match, basis)");
      r.activities.push_back(std::move(a));
    }
  }

  const toml::node* rn = t.get("rule");
  const toml::array* rules = rn ? rn->as_array() : nullptr;
  if (!rules) throw Error(pack.path.string(), "no [[rule]] entries");
  for (const toml::node& node : *rules) {
    const toml::table* rt = node.as_table();
    if (!rt) throw Error(where(pack, node), "[[rule]] must be a table");
    Settings::Rule rule;
    rule.where = where(pack, node);
    rule.id = text(pack, *rt, "id", node, false);
    rule.line = text(pack, *rt, "line", node);
    if (rule.line != "redline" && rule.line != "farmland" && rule.line != "urban" &&
        rule.line != "cultivated")
      throw Error(rule.where,
                  "line '" + rule.line + "' is not redline, farmland, cultivated or urban");
    if (const toml::node* c = rt->get("categories")) {
      rule.categories = strings(pack, *c);
      for (const std::string& cat : rule.categories)
        if (!known(cat)) throw Error(where(pack, *c), "unknown category '" + cat + "'");
    }
    rule.zones = string_list(pack, *rt, "zone");
    if (!rule.zones.empty() && rule.line != "urban")
      throw Error(rule.where, "zone is a sub-zone of the urban boundary: only for line = \"urban\"");
    rule.activities = string_list(pack, *rt, "activities");
    if (const toml::node* f = rt->get("fallback")) {
      const std::optional<bool> b = f->value<bool>();
      if (!b) throw Error(where(pack, *f), "fallback must be true or false");
      rule.fallback = *b;
      if (rule.fallback && !rule.activities.empty())
        throw Error(rule.where, "a fallback rule is for proposals without an activity kind: "
                                "it cannot name activities");
    }
    for (const std::string& a : rule.activities)
      if (!r.activity(a))
        throw Error(rule.where, "unknown activity '" + a + "' (not an [[activity]] id)");
    for (const std::string& m : string_list(pack, *rt, "major")) {
      const std::optional<Major> level = major_of(m);
      if (!level || (m != "国家" && m != "省级" && m != "无"))
        throw Error(rule.where, "major = '" + m + "' is not one of 国家, 省级, 无");
      rule.major.push_back(*level);
    }
    rule.when = state_of(pack, node, text(pack, *rt, "when", node));
    if (const toml::node* c = rt->get("control")) rule.control = strings(pack, *c);
    rule.conclusion.severity = severity_of(pack, node, text(pack, *rt, "severity", node));
    rule.conclusion.text = text(pack, *rt, "text", node);
    rule.conclusion.basis = text(pack, *rt, "basis", node, false);
    rule.conclusion.rule = rule.id.empty() ? rule.where : rule.id;
    refuse_unknown_keys(pack, *rt,
                        {"id", "line", "zone", "activities", "fallback", "major", "categories",
                         "when", "control", "severity", "text", "basis"},
                        "[[rule]]");
    r.rules.push_back(std::move(rule));
  }
  // Every (line, category, state) must have an answer: check now rather than mid-run.
  for (const std::string line : {"redline", "farmland", "cultivated", "urban"})
    for (const std::string& cat : r.categories)
      for (State s : {State::Clear, State::Sliver, State::Conflict}) r.conclude(line, cat, s);
  return r;
}

Settings load_settings(const std::filesystem::path& file) {
  return load_settings(load_rule_pack(file));
}

}  // namespace tudi::check
