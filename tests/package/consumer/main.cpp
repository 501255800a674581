// Reads a project's layers and a rule pack through the installed library: the features of
// each role and the version, one line each, for install_test.sh to compare with `tudi info`.
#include <cstdio>

#include "tudi/core/error.hpp"
#include "tudi/core/version.hpp"
#include "tudi/project/project.hpp"
#include "tudi/project/rules.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: consumer tudi.toml\n");
    return 2;
  }
  try {
    const tudi::Project project = tudi::load_project(argv[1]);
    const tudi::RulePack pack = tudi::load_rule_pack(project, "check");
    std::printf("tudi %s, rule pack %s\n", tudi::kVersion, pack.path.filename().c_str());
    const tudi::ProjectLayers layers = tudi::load_layers(project, {"farmland", "parcels"});
    for (const auto& [role, layer] : layers.layers)
      std::printf("%s %zu\n", role.c_str(), layer.features.size());
  } catch (const tudi::Error& e) {
    std::fprintf(stderr, "consumer: %s\n", e.what());
    return 1;
  }
  return 0;
}
