#pragma once
// One class per subcommand: declare options in setup(), do the work in run().
// Contract: results on stdout, progress and messages on stderr, exit 0 ok / 1 error / 2 usage
// (and 3 for "ran fine, found something blocking", where a command documents it).

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "tudi/core/progress.hpp"
#include "tudi/project/project.hpp"

namespace tudi::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual const char* name() const = 0;
  virtual const char* description() const = 0;
  /// Declares the options on the subcommand; no I/O here.
  virtual void setup(CLI::App& app) = 0;
  virtual int run() = 0;
  /// Whether run()'s outputs are committed together when it returns (main's OutputSet). A
  /// server writes each job's outputs while it runs and keeps them apart in job folders.
  virtual bool one_output_set() const { return true; }
};

/// The project options every analysis command shares: -c FILE, --crs, --as-of, and one
/// --<role> SRC override per layer role.
struct ProjectOptions {
  std::string config;
  std::string crs;
  std::string as_of;
  std::map<std::string, std::string> overrides;  // role → source

  void add_to(CLI::App& app);
  /// The project file with the command line's overrides applied.
  Project load() const;
};

/// Output options shared by commands that write files.
struct OutputOptions {
  std::string dir;
  bool overwrite = false;
  bool json = false;
  std::string encoding = "GBK";  // Shapefile/TXT; ArcMap 10.x on Chinese Windows reads GBK

  void add_to(CLI::App& app, bool with_dir = true);
};

/// A progress bar on stderr when it is a terminal and --quiet was not given; always the check
/// for a stop signal, so every long step cancels (throws Cancelled) on Ctrl-C or SIGTERM.
Progress terminal_progress();
/// SIGINT, SIGTERM and SIGHUP ask the running command to stop (a second one kills at once).
void install_stop_signals();
/// The stop signal received, or 0.
int stop_signal();
void set_quiet(bool quiet);

std::vector<std::unique_ptr<Command>> all_commands();

}  // namespace tudi::cli
