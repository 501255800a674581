#include "tudi/project/title.hpp"

#include <toml++/toml.h>

namespace tudi {

std::pair<std::string, std::string> title_and_organisation(const Project& project) {
  std::pair<std::string, std::string> out{"土地供应与规划分析报告", ""};
  if (auto it = project.sections.find("report"); it != project.sections.end()) {
    const toml::table& t = it->second->table;
    out.first = t["title"].value_or(out.first);
    out.second = t["organisation"].value_or(std::string());
  }
  return out;
}

}  // namespace tudi
