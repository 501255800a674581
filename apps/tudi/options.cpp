#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "command.hpp"
#include "tudi/core/roles.hpp"

namespace tudi::cli {
namespace {
bool quiet_flag = false;
volatile std::sig_atomic_t stop_signo = 0;

extern "C" void on_stop_signal(int signo) {
  // A second signal stops at once, the default way: the user insists.
  if (stop_signo != 0) {
    std::signal(signo, SIG_DFL);
    std::raise(signo);
    return;
  }
  stop_signo = signo;
}
}  // namespace

void install_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  for (int signo : {SIGINT, SIGTERM, SIGHUP}) sigaction(signo, &sa, nullptr);
}

int stop_signal() { return stop_signo; }

void ProjectOptions::add_to(CLI::App& app) {
  app.add_option("-c,--config", config, "Project file (tudi.toml)")->check(CLI::ExistingFile);
  app.add_option("--crs", crs, "Working CRS (EPSG:4526), overriding analysis.crs");
  app.add_option("--as-of", as_of, "Analysis date YYYY-MM-DD, overriding analysis.as_of");
  for (const Role& r : roles()) {
    const std::string role(r.name);
    app.add_option_function<std::string>(
           "--" + role, [this, role](const std::string& s) { overrides[role] = s; },
           "Source of the " + role + " (" + std::string(r.alias) + ") layer")
        ->type_name("SRC");
  }
}

Project ProjectOptions::load() const {
  Project p = config.empty() ? Project{} : load_project(config);
  for (const auto& [role, source] : overrides) override_source(p, role, source);
  if (!crs.empty()) p.analysis.crs = crs;
  if (!as_of.empty()) p.analysis.as_of = as_of;
  return p;
}

void OutputOptions::add_to(CLI::App& app, bool with_dir) {
  if (with_dir) app.add_option("-o,--output", dir, "Output folder");
  app.add_flag("--overwrite", overwrite, "Replace existing outputs");
  app.add_flag("--json", json, "Print the result as JSON on stdout");
  app.add_option("--encoding", encoding,
                 "Text encoding of Shapefile/TXT outputs: GBK (ArcMap on Chinese Windows) or UTF-8; "
                 "a .cpg names it; GeoPackage is always UTF-8")
      ->capture_default_str();
}

void set_quiet(bool quiet) { quiet_flag = quiet; }

Progress terminal_progress() {
  // Always a callback, terminal or not: it is how Ctrl-C and SIGTERM stop the work.
  const bool draw = !quiet_flag && isatty(STDERR_FILENO);
  return [last = -1, draw](double f, std::string_view msg) mutable {
    if (stop_signal() != 0) return false;
    const int pct = static_cast<int>(f * 100);
    if (!draw || pct == last) return true;
    last = pct;
    const int filled = pct / 5;
    std::fprintf(stderr, "\r[%.*s%*s] %3d%% %.*s\033[K", filled, "####################",
                 20 - filled, "", pct, static_cast<int>(msg.size()), msg.data());
    if (pct >= 100) std::fputc('\n', stderr);
    return true;
  };
}

}  // namespace tudi::cli
