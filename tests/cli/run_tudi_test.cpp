// run_tudi's argument splitting: test_cli runs tudi without a shell, so its words must be the
// ones sh would have passed, and what only a shell could do must fail the test, not run.
#include <gtest/gtest.h>

#include "run_tudi.hpp"

namespace {

using tudi::test::shell_words;
using Words = std::vector<std::string>;

TEST(RunTudi, SplitsAsShDoes) {
  EXPECT_EQ(shell_words("info  --json\t/a/b.shp"), (Words{"info", "--json", "/a/b.shp"}));
  EXPECT_EQ(shell_words("'土地 图层.shp' x\\ y"), (Words{"土地 图层.shp", "x y"}));
  // cases_test quotes every argument this way, an apostrophe as '\''.
  EXPECT_EQ(shell_words("'it'\\''s' ''"), (Words{"it's", ""}));
}

TEST(RunTudi, RefusesWhatNeedsAShell) {
  for (const char* args : {"info a | head", "info a >out", "info $HOME", "info \"a b\"",
                           "info *.shp", "info 'unclosed"})
    EXPECT_THROW(shell_words(args), std::invalid_argument) << args;
}

}  // namespace
