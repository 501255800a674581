// tudi serve: the analyses for a whole bureau, in the browser (src/tudi/serve/).
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/report/report.hpp"
#include "tudi/serve/server.hpp"
#include "tudi/serve/workspace.hpp"

namespace tudi::cli {
namespace {

/// The password from stdin: one line, without echo on a terminal.
std::string read_password() {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "密码：");
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string pw;
  std::getline(std::cin, pw);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputc('\n', stderr);
  }
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  return pw;
}

class ServeCommand final : public Command {
 public:
  const char* name() const override { return "serve"; }
  const char* description() const override {
    return "Serve the project to browsers: map, analyses, jobs and downloads, with users and an "
           "audit log (binds 127.0.0.1 unless --listen says otherwise)";
  }
  void setup(CLI::App& app) override {
    project_.add_to(app);
    app.add_option("--listen", listen_, "Address and port to listen on")->capture_default_str();
    app.add_option("--data", data_, "Folder for users, audit log, uploads and job results")
        ->capture_default_str();
    app.add_option("--web", web_, "Folder of the built browser UI (default: tudi's own)");
    app.add_option("--workers", long_workers_, "Workers for long jobs (reports, supply, match, zones)")
        ->capture_default_str();
    app.add_option("--check-workers", quick_workers_, "Workers for draw-and-check")
        ->capture_default_str();
    app.add_option("--max-upload", max_upload_mb_, "Largest upload in MB")->capture_default_str();
    app.add_flag("--secure-cookies", secure_,
                 "Mark session cookies Secure (behind the TLS reverse proxy, see docs/serve.md)");
    app.add_option("--init-admin", init_admin_,
                   "Create the administrator NAME with the password read from stdin, then exit")
        ->type_name("NAME");
  }

  // Each job's outputs are its own: written into the job's folder, removed if the job fails.
  bool one_output_set() const override { return false; }

  int run() override {
    serve::ServerOptions opt;
    opt.data = data_;
    if (!init_admin_.empty()) return init_admin(opt);
    if (project_.config.empty()) throw UsageError("serve", "-c tudi.toml is required");
    const auto colon = listen_.rfind(':');
    if (colon == std::string::npos) throw UsageError("--listen " + listen_, "expected HOST:PORT");
    opt.host = listen_.substr(0, colon);
    try {
      opt.port = std::stoi(listen_.substr(colon + 1));
    } catch (const std::exception&) {
      throw UsageError("--listen " + listen_, "expected HOST:PORT");
    }
    if (opt.port < 0 || opt.port > 65535) throw UsageError("--listen " + listen_, "port out of range");
    opt.web = web_.empty() ? serve::web_dir() : std::filesystem::path(web_);
    opt.long_workers = long_workers_;
    opt.quick_workers = quick_workers_;
    opt.max_upload = static_cast<std::size_t>(max_upload_mb_) << 20;
    opt.secure_cookies = secure_;

    // Signals are taken by sigwait below, on this thread alone: block them before any thread
    // (TBB's, the server's) starts, so that every thread inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    report::ensure_gui();
    const Project project = project_.load();
    auto ws = std::make_shared<const serve::Workspace>(project, terminal_progress());
    serve::Server server(ws, opt);
    const int port = server.bind();
    if (opt.host != "127.0.0.1" && opt.host != "localhost" && opt.host != "::1")
      fmt::print(stderr, "tudi: 正在监听 {}：对外服务请经 TLS 反向代理并加 --secure-cookies（见 docs/serve.md）\n",
                 opt.host);
    if (!std::filesystem::exists(opt.web / "index.html"))
      fmt::print(stderr, "tudi: 未找到浏览器界面 {}（运行 scripts/setup.sh 构建）；仅提供 API\n",
                 (opt.web / "index.html").string());
    if (server.auth().user_count() == 0)
      fmt::print(stderr, "tudi: 还没有用户：先运行 tudi serve --data {} --init-admin NAME\n", opt.data.string());
    fmt::print("tudi serve: http://{}:{}/ （{}，{} 个图层，数据目录 {}）\n", opt.host, port,
               project.file.string(), ws->layers().size(), opt.data.string());
    std::fflush(stdout);
    server.start();
    int sig = 0;
    sigwait(&stop_signals, &sig);
    fmt::print(stderr, "tudi serve: 停止（{}）\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
    return 0;
  }

 private:
  int init_admin(const serve::ServerOptions& opt) {
    std::filesystem::create_directories(opt.data);
    serve::Database db(opt.data / "tudi.db");
    serve::Auth auth(db);
    const std::string pw = read_password();
    auth.add_user(init_admin_, pw, serve::Role::Admin);
    auth.audit("", "", "user.init-admin", init_admin_, 0);
    fmt::print("tudi serve: 已创建管理员 {}（{}）\n", init_admin_, (opt.data / "tudi.db").string());
    return 0;
  }

  ProjectOptions project_;
  std::string listen_ = "127.0.0.1:8080";
  std::string data_ = "tudi-data";
  std::string web_;
  int long_workers_ = 1, quick_workers_ = 2, max_upload_mb_ = 20;
  bool secure_ = false;
  std::string init_admin_;
};

}  // namespace

std::unique_ptr<Command> make_serve() {
  return std::make_unique<ServeCommand>();
}

}  // namespace tudi::cli
