// test_cli runs tudi's command line in forks of itself, not by starting the binary anew for
// each of its hundred runs (tests/run_tudi.hpp says why).
#include "run.hpp"
#include "run_tudi.hpp"

namespace {

const bool in_process = (tudi::test::in_process_tudi = &tudi::cli::run, true);

}  // namespace
