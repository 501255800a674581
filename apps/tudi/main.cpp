// tudi (土地): the command line. Each subcommand lives in its own cmd_<name>.cpp.
#include <cstdio>

#include "command.hpp"
#include "tudi/core/error.hpp"

namespace tudi::cli {

std::unique_ptr<Command> make_info();
std::unique_ptr<Command> make_convert();

std::vector<std::unique_ptr<Command>> all_commands() {
  std::vector<std::unique_ptr<Command>> c;
  c.push_back(make_info());
  c.push_back(make_convert());
  return c;
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
    app.parse(argc, argv);
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
