// tudi (土地): the command line — parsing, dispatch to the subcommands (one per cmd_<name>.cpp),
// and one-line errors with their exit codes. main.cpp only calls run().
#include <algorithm>
#include <cctype>
#include <csignal>
#include <filesystem>
#include <new>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "run.hpp"
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

/// "--threads -3" as "--threads=-3": CLI11 takes an argument that starts with a dash for an
/// option, so a negative value (refused by the option's own check, with its message) would
/// otherwise be reported as an unknown option "-3".
void attach_negative_values(const CLI::App& app, std::vector<std::string>& args) {
  auto takes_value = [&](const std::string& name) {
    for (const CLI::App* a : app.get_subcommands({}))
      if (const CLI::Option* o = a->get_option_no_throw(name); o && o->get_items_expected_min() > 0)
        return true;
    const CLI::Option* o = app.get_option_no_throw(name);
    return o && o->get_items_expected_min() > 0;
  };
  auto is_negative_number = [](const std::string& a) {
    return a.size() > 1 && a[0] == '-' &&
           (std::isdigit(static_cast<unsigned char>(a[1])) || a[1] == '.' || a == "-inf" ||
            a == "-nan");
  };
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (!is_negative_number(args[i]) || args[i - 1].rfind("--", 0) != 0) continue;
    if (args[i - 1].find('=') != std::string::npos || !takes_value(args[i - 1])) continue;
    args[i - 1] += "=" + args[i];
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

/// The subcommand the arguments name, or "" when none does.
std::string command_named(const CLI::App& app, const std::vector<std::string>& args) {
  for (const std::string& a : args)
    for (const CLI::App* s : app.get_subcommands({}))
      if (s->get_name() == a) return a;
  return {};
}

/// A parse error as one line, as every tudi error is: CLI11's own text is two lines ("...\nRun
/// with --help for more information."), and says "A subcommand is required" for a misspelt one.
std::string usage_message(const CLI::App& app, const CLI::ParseError& e,
                          const std::vector<std::string>& args) {
  std::vector<std::string> commands;
  for (const CLI::App* s : app.get_subcommands({})) commands.push_back(s->get_name());
  const std::string command = command_named(app, args);
  if (command.empty()) {
    std::string list;
    for (const std::string& c : commands) list += (list.empty() ? "" : ", ") + c;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i].empty() || args[i][0] == '-') continue;
      if (i > 0 && args[i - 1] == "--data-dir") continue;  // its value
      return "unknown command '" + args[i] + "'" + tudi::did_you_mean(args[i], commands) +
             " (commands: " + list + ")";
    }
    if (const std::string hint = did_you_mean(app, args); !hint.empty()) return hint;
    return "give a command: " + list + " (tudi --help)";
  }
  if (const std::string hint = did_you_mean(app, args); !hint.empty()) return hint;
  std::string what = e.what();
  std::replace(what.begin(), what.end(), '\n', ' ');
  return what + " (tudi " + command + " --help)";
}

int run(int argc, char** argv) {
  CLI::App app{"tudi (土地): land-supply and planning analysis for Chinese land bureaus", "tudi"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);
  std::string data_dir;
  app.add_option("--data-dir", data_dir,
                 "Folder of rules/ and styles/ (default: $TUDI_DATA_DIR, else share/tudi beside the executable)");
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "No progress on stderr");
  auto commands = all_commands();
  std::vector<std::pair<CLI::App*, Command*>> subs;
  for (auto& c : commands) {
    CLI::App* sub = app.add_subcommand(c->name(), c->description());
    c->setup(*sub);
    subs.emplace_back(sub, c.get());
  }
  std::vector<std::string> args = ogr2ogr_aliases(argc, argv);
  args.erase(args.begin());
  attach_negative_values(app, args);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // as CLI11 takes them
    app.parse(reversed);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "tudi: %s\n", usage_message(app, e, args).c_str());
    return 2;
  }
  set_quiet(quiet);
  if (!data_dir.empty()) set_data_dir(data_dir);
  install_stop_signals();
  const auto stopped = [] {
    const int signo = stop_signal();
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
      if (stop_signal() != 0) return stopped();
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
    if (stop_signal() != 0) return stopped();
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

}  // namespace tudi::cli
