#include "tudi/project/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "tudi/core/data_dir.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/read_file.hpp"
#include "tudi/core/spelling.hpp"
#include "tudi/project/project.hpp"

namespace fs = std::filesystem;

namespace tudi {

std::optional<double> finite_number(const toml::node& node) {
  const auto v = node.value<double>();
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return v;
}

void refuse_unknown_keys(const RulePack& pack, const toml::table& t,
                         std::initializer_list<std::string_view> known, std::string_view in) {
  refuse_unknown_keys([&](const toml::node& n) { return pack.where(n); }, t, known, in);
}

void refuse_unknown_keys(const std::function<std::string(const toml::node&)>& where,
                         const toml::table& t, std::initializer_list<std::string_view> known,
                         std::string_view in) {
  const std::vector<std::string> names(known.begin(), known.end());
  for (const auto& [k, n] : t) {
    const std::string key(k.str());
    if (std::find(names.begin(), names.end(), key) != names.end()) continue;
    std::string list;
    for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
    throw Error(where(n), "unknown key '" + key + "' in " + std::string(in) + " (expected " +
                                   list + ")" + did_you_mean(key, names));
  }
}

double number_in(const RulePack& pack, const toml::table& t, std::string_view key,
                 double fallback, double lo, double hi) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  const auto v = finite_number(*n);
  if (!v || *v < lo || *v > hi)
    throw Error(pack.where(*n), fmt::format("{} must be a number from {:g} to {:g}", key, lo, hi));
  return *v;
}

std::string RulePack::where(const toml::node& node) const {
  return path.string() + ":" + std::to_string(node.source().begin.line);
}

fs::path rules_dir(const Project& project) {
  if (!project.analysis.rules.empty()) return project.analysis.rules;
  return fs::weakly_canonical(data_dir() / "rules");
}

RulePack load_rule_pack(const fs::path& file) {
  if (!fs::exists(file)) throw Error(file.string(), "rule pack not found");
  const std::string text = read_file(file, kMaxConfigBytes);
  RulePack pack;
  pack.path = file;
  try {
    pack.table = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw Error(file.string() + ":" + std::to_string(e.source().begin.line),
                std::string(e.description()));
  }
  return pack;
}

RulePack load_rule_pack(const Project& project, const std::string& name) {
  return load_rule_pack(rules_dir(project) / (name + ".toml"));
}

}  // namespace tudi
