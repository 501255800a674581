#pragma once
// The whole command line as one call: what main() does, and what test_cli calls in a forked
// copy of itself (tests/run_tudi.hpp) to skip loading tudi's shared libraries once per case.

namespace tudi::cli {

/// Parses argv, runs the subcommand and returns the exit code: 0 ok, 1 error, 2 usage, 3 where a
/// command documents it, 128 + signal when stopped. Errors are one line on stderr.
int run(int argc, char** argv);

}  // namespace tudi::cli
