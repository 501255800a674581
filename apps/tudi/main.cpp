// tudi (土地): the command line. run.cpp parses and dispatches; each subcommand lives in its own
// cmd_<name>.cpp.
#include "run.hpp"

int main(int argc, char** argv) { return tudi::cli::run(argc, argv); }
