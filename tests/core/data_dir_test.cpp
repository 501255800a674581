#include "tudi/core/data_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "test_config.hpp"
#include "tudi/project/project.hpp"
#include "tudi/project/rules.hpp"

namespace tudi {
namespace {

namespace fs = std::filesystem;

// The test binary (build/<preset>/tests/test_core) finds build/<preset>/share/tudi, whose
// rules/ is this tree's: found beside the executable, not through a path compiled in.
TEST(DataDir, BesideTheExecutableInABuildTree) {
  ::unsetenv("TUDI_DATA_DIR");
  const fs::path dir = data_dir();
  EXPECT_EQ(dir.filename(), "tudi");
  EXPECT_EQ(dir.parent_path().filename(), "share");
  EXPECT_EQ(fs::canonical(dir / "rules"), fs::canonical(test::kSourceDir / "rules"));
  Project p;
  EXPECT_EQ(rules_dir(p), fs::canonical(test::kSourceDir / "rules"));
}

TEST(DataDir, EnvironmentThenCommandLineOverride) {
  const fs::path env = test::scratch_dir("data-env");
  const fs::path flag = test::scratch_dir("data-flag");
  ::setenv("TUDI_DATA_DIR", env.c_str(), 1);
  EXPECT_EQ(data_dir(), env);
  set_data_dir(flag);
  EXPECT_EQ(data_dir(), flag);
  Project p;
  EXPECT_EQ(rules_dir(p), flag / "rules");
  p.analysis.rules = "/bureau/rules";  // the project's own folder wins over both
  EXPECT_EQ(rules_dir(p), "/bureau/rules");
  set_data_dir({});
  ::unsetenv("TUDI_DATA_DIR");
  EXPECT_NE(data_dir(), env);
}

}  // namespace
}  // namespace tudi
