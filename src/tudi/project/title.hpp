#pragma once
// The project's own name for its outputs, from the [report] section of tudi.toml: the title the
// report's title page and the viewer's map export carry, and the organisation (编制单位).

#include <string>
#include <utility>

#include "tudi/project/project.hpp"

namespace tudi {

/// The project's [report] title (default 土地供应与规划分析报告) and organisation (编制单位, "" if none).
std::pair<std::string, std::string> title_and_organisation(const Project& project);

}  // namespace tudi
