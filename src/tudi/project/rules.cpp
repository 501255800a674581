#include "tudi/project/rules.hpp"

#include <cmath>

#include "tudi/core/data_dir.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"

namespace fs = std::filesystem;

namespace tudi {

std::optional<double> finite_number(const toml::node& node) {
  const auto v = node.value<double>();
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return v;
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
  RulePack pack;
  pack.path = file;
  try {
    pack.table = toml::parse_file(file.string());
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
