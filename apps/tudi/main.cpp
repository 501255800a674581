// tudi (土地): the command line. Each subcommand lives in its own cmd_<name>.cpp.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <new>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "tudi/core/data_dir.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/spelling.hpp"
#include "tudi/core/version.hpp"
#include "tudi/io/atomic_output.hpp"

namespace tudi::cli {

std::unique_ptr<Command> make_info();
std::unique_ptr<Command> make_convert();
std::unique_ptr<Command> make_check();
std::unique_ptr<Command> make_synth();
std::unique_ptr<Command> make_supply();
std::unique_ptr<Command> make_match();
std::unique_ptr<Command> make_zones();
std::unique_ptr<Command> make_report();
std::unique_ptr<Command> make_ledger();
std::unique_ptr<Command> make_serve();

std::vector<std::unique_ptr<Command>> all_commands() {
  std::vector<std::unique_ptr<Command>> c;
  c.push_back(make_info());
  c.push_back(make_convert());
  c.push_back(make_check());
  c.push_back(make_synth());
  c.push_back(make_supply());
  c.push_back(make_match());
  c.push_back(make_zones());
  c.push_back(make_report());
  c.push_back(make_ledger());
  c.push_back(make_serve());
  return c;
}

/// ogr2ogr's spellings, accepted as hidden aliases so muscle memory works (CLI11 cannot
/// declare single-dash long names itself).
std::vector<std::string> ogr2ogr_aliases(int argc, char** argv) {
  static const std::pair<std::string_view, std::string_view> aliases[] = {
      {"-t_srs", "--dst-crs"}, {"-s_srs", "--src-crs"}, {"-a_srs", "--src-crs"},
      {"-overwrite", "--overwrite"}, {"-of", "--format"}, {"-f", "--format"}};
  std::vector<std::string> args(argv, argv + argc);
  for (std::string& a : args)
    for (const auto& [old_name, new_name] : aliases)
      if (a == old_name) a = new_name;
  return args;
}

/// For an option the command does not know, the closest one it does ("--overwite" →
/// "--overwrite"), or "" when none is close.
std::string did_you_mean(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* sub = &app;
  std::vector<std::string> names;
  auto collect = [&](const CLI::App& a) {
    for (const CLI::Option* o : a.get_options()) {
      for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
      for (const std::string& s : o->get_snames()) names.push_back("-" + s);
    }
  };
  for (const std::string& a : args)
    for (const CLI::App* s : app.get_subcommands({}))
      if (s->get_name() == a && sub == &app) sub = s;
  collect(app);
  if (sub != &app) collect(*sub);
  for (const std::string& a : args) {
    if (a.size() < 2 || a[0] != '-') continue;
    const std::string name = a.substr(0, a.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    if (const std::string hint = tudi::did_you_mean(name, names); !hint.empty())
      return "unknown option " + name + hint;
  }
  return {};
}

}  // namespace tudi::cli

int main(int argc, char** argv) {
  using namespace tudi;
  CLI::App app{"tudi (土地): land-supply and planning analysis for Chinese land bureaus", "tudi"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);
  std::string data_dir;
  app.add_option("--data-dir", data_dir,
                 "Folder of rules/ and styles/ (default: $TUDI_DATA_DIR, else share/tudi beside the executable)");
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "No progress on stderr");
  auto commands = cli::all_commands();
  std::vector<std::pair<CLI::App*, cli::Command*>> subs;
  for (auto& c : commands) {
    CLI::App* sub = app.add_subcommand(c->name(), c->description());
    c->setup(*sub);
    subs.emplace_back(sub, c.get());
  }
  try {
    std::vector<std::string> args = cli::ogr2ogr_aliases(argc, argv);
    args.erase(args.begin());
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order
    app.parse(args);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (const std::string hint = cli::did_you_mean(app, cli::ogr2ogr_aliases(argc, argv));
        !hint.empty()) {
      std::fprintf(stderr, "tudi: %s\n", hint.c_str());
      return 2;
    }
    app.exit(e);
    return 2;
  }
  cli::set_quiet(quiet);
  if (!data_dir.empty()) set_data_dir(data_dir);
  cli::install_stop_signals();
  const auto stopped = [] {
    const int signo = cli::stop_signal();
    std::fprintf(stderr, "tudi: stopped by %s; nothing was written\n",
                 signo == SIGINT ? "Ctrl-C (SIGINT)" : signo == SIGTERM ? "SIGTERM" : "SIGHUP");
    return 128 + signo;
  };
  try {
    for (auto& [sub, cmd] : subs) {
      if (!sub->parsed()) continue;
      // Every file the command writes is committed together when it has finished: an error,
      // a cancel or a signal part-way leaves none of them (and no temporary) behind.
      std::optional<io::OutputSet> outputs;
      if (cmd->one_output_set()) outputs.emplace();
      const int code = cmd->run();
      if (cli::stop_signal() != 0) return stopped();
      if (outputs) outputs->commit();
      return code;
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "tudi: %s\n", e.what());
    return 2;
  } catch (const Error& e) {
    std::fprintf(stderr, "tudi: %s\n", e.what());
    return 1;
  } catch (const Cancelled&) {
    if (cli::stop_signal() != 0) return stopped();
    std::fprintf(stderr, "tudi: cancelled\n");
    return 1;
  } catch (const std::filesystem::filesystem_error& e) {
    // Names the path, as every message should: "out/check.json: No space left on device".
    std::fprintf(stderr, "tudi: %s: %s\n", e.path1().c_str(), e.code().message().c_str());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "tudi: out of memory (an input far larger than it should be?)\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tudi: unexpected error, please report it with the command line: %s\n",
                 e.what());
    return 1;
  }
  return 2;
}
