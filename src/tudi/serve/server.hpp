#pragma once
// `tudi serve`: the HTTP server — a JSON API over the analyses, map tiles, the browser UI's
// files, users and sessions, the job pools and the audit log. Everything is in the library;
// apps/tudi/cmd_serve.cpp only parses options.

#include <filesystem>
#include <memory>
#include <string>

#include "tudi/serve/auth.hpp"

namespace tudi::serve {

class Workspace;

struct ServerOptions {
  std::string host = "127.0.0.1";  // only this machine unless told otherwise
  int port = 8080;                 // 0 = any free port (tests)
  std::filesystem::path data;      // tudi.db, uploads/, jobs/
  std::filesystem::path web;       // the built browser UI (index.html, app.js); empty = none
  int quick_workers = 2;           // draw-and-check: short jobs, answered while the browser waits
  int long_workers = 1;            // reports, supply, matching, zones
  std::size_t max_queued = 64;     // per pool; more are refused with 503
  std::size_t max_upload = 20u << 20;  // bytes per uploaded file
  int http_threads = 64;           // connections served at once
  bool secure_cookies = false;     // add Secure: behind the TLS reverse proxy
  HashCost hash;
  LoginLimit login;
};

/// The server over one workspace. Construct, bind(), then run() (blocks) or start() (returns).
class Server {
 public:
  Server(std::shared_ptr<const Workspace> ws, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the listening socket; returns the port. Throws tudi::Error when it cannot.
  int bind();
  /// Serves until stop().
  void run();
  /// Serves on a background thread (tests, the benchmark).
  void start();
  void stop();

  Auth& auth();
  const ServerOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The built UI shipped with tudi: $TUDI_WEB when set, else data_dir()/web/dist.
std::filesystem::path web_dir();

}  // namespace tudi::serve
