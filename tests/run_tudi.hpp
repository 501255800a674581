#pragma once
// Running the built `tudi` from a test, through the shell, as a user would: exit code, stdout
// and stderr.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "test_config.hpp"

namespace tudi::test {

struct CliOutcome {
  int code = -1;  // the exit code; -1 when the program did not exit (killed by a signal)
  std::string out, err;
};

/// Runs `tudi ARGS` (ARGS as on a shell command line) with an empty stdin; stdout and stderr
/// pass through files in this test process's scratch folder.
inline CliOutcome run_tudi(const std::string& args) {
  const std::filesystem::path dir = scratch_dir("tudi-run");
  std::filesystem::create_directories(dir);
  const std::filesystem::path out = dir / "stdout", err = dir / "stderr";
  const std::string cmd =
      kTudi.string() + " " + args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace tudi::test
