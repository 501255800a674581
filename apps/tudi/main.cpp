// tudi (土地): the command line. Each subcommand lives in its own cmd_<name>.cpp.
#include <algorithm>
#include <cstdio>

#include "command.hpp"
#include "tudi/core/error.hpp"

namespace tudi::cli {

std::unique_ptr<Command> make_info();
std::unique_ptr<Command> make_convert();
std::unique_ptr<Command> make_check();
std::unique_ptr<Command> make_synth();
std::unique_ptr<Command> make_supply();
std::unique_ptr<Command> make_match();
std::unique_ptr<Command> make_zones();
std::unique_ptr<Command> make_report();
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
  c.push_back(make_serve());
  return c;
}

/// ogr2ogr's spellings, accepted as hidden aliases so muscle memory works (CLI11 cannot
/// declare single-dash long names itself).
std::vector<std::string> ogr2ogr_aliases(int argc, char** argv) {
  static const std::pair<std::string_view, std::string_view> aliases[] = {
      {"-t_srs", "--dst-crs"}, {"-s_srs", "--src-crs"}, {"-a_srs", "--src-crs"},
      {"-overwrite", "--overwrite"}};
  std::vector<std::string> args(argv, argv + argc);
  for (std::string& a : args)
    for (const auto& [old_name, new_name] : aliases)
      if (a == old_name) a = new_name;
  return args;
}

}  // namespace tudi::cli

int main(int argc, char** argv) {
  using namespace tudi;
  CLI::App app{"tudi (土地): land-supply and planning analysis for Chinese land bureaus", "tudi"};
  app.require_subcommand(1);
  app.set_version_flag("--version", TUDI_VERSION_STRING);
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
    app.exit(e);
    return 2;
  }
  cli::set_quiet(quiet);
  try {
    for (auto& [sub, cmd] : subs)
      if (sub->parsed()) return cmd->run();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "tudi: %s\n", e.what());
    return 2;
  } catch (const Error& e) {
    std::fprintf(stderr, "tudi: %s\n", e.what());
    return 1;
  } catch (const Cancelled&) {
    std::fprintf(stderr, "tudi: cancelled\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tudi: internal error: %s\n", e.what());
    return 1;
  }
  return 2;
}
