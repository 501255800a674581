#pragma once
// The real server on the demo county, on a free port of 127.0.0.1, driven over HTTP as a
// browser would: cookies, the CSRF header, JSON and multipart bodies.

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "test_config.hpp"
#include "tudi/project/project.hpp"
#include "tudi/report/report.hpp"
#include "tudi/serve/server.hpp"
#include "tudi/serve/workspace.hpp"

namespace tudi::test {

/// The demo project read once per test process (each test binary's tests share it, as the
/// server's requests do).
inline std::shared_ptr<const serve::Workspace> demo_workspace() {
  static std::shared_ptr<const serve::Workspace> ws = [] {
    report::ensure_gui();
    return std::make_shared<const serve::Workspace>(load_project(kDemoDir / "tudi.toml"));
  }();
  return ws;
}

/// One HTTP answer: status, body, the body as JSON (null when it is not JSON), headers.
struct Reply {
  int status = 0;
  std::string body;
  nlohmann::json json;
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string error() const { return json.is_object() ? json.value("error", "") : ""; }
};

/// A browser: its session cookie and CSRF token once logged in.
class Browser {
 public:
  explicit Browser(int port) : http_("127.0.0.1", port) {
    http_.set_read_timeout(120, 0);
  }

  Reply login(const std::string& name, const std::string& password) {
    Reply r = wrap(http_.Post("/api/login",
                              nlohmann::json({{"name", name}, {"password", password}}).dump(),
                              "application/json"));
    if (r.status == 200) {
      const std::string set = r.header("Set-Cookie");
      cookie_ = set.substr(0, set.find(';'));
      csrf_ = r.json.value("csrf", "");
    }
    return r;
  }
  Reply get(const std::string& path) { return wrap(http_.Get(path, headers())); }
  Reply post_json(const std::string& path, const nlohmann::json& body) {
    return wrap(http_.Post(path, headers(), body.dump(), "application/json"));
  }
  Reply post_form(const std::string& path, const httplib::MultipartFormDataItems& items) {
    return wrap(http_.Post(path, headers(), items));
  }
  Reply del(const std::string& path) { return wrap(http_.Delete(path, headers())); }

  std::string& csrf() { return csrf_; }
  std::string& cookie() { return cookie_; }

  /// Polls a job every 20 ms until it has ended (or 120 s passed); returns its last state.
  nlohmann::json wait_job(const std::string& id) {
    for (int i = 0; i < 6000; ++i) {
      const Reply r = get("/api/jobs/" + id);
      if (r.status != 200) return r.json;
      const std::string s = r.json.value("state", "");
      if (s == "done" || s == "failed" || s == "cancelled") return r.json;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return get("/api/jobs/" + id).json;
  }

 private:
  httplib::Headers headers() const {
    httplib::Headers h;
    if (!cookie_.empty()) h.emplace("Cookie", cookie_);
    if (!csrf_.empty()) h.emplace("X-CSRF-Token", csrf_);
    return h;
  }
  static Reply wrap(const httplib::Result& res) {
    Reply r;
    if (!res) return r;
    r.status = res->status;
    r.body = res->body;
    r.headers = res->headers;
    r.json = nlohmann::json::parse(r.body, nullptr, false);
    if (r.json.is_discarded()) r.json = nullptr;
    return r;
  }

  httplib::Client http_;
  std::string cookie_, csrf_;
};

/// A running server with four users: admin (admin), ana and bob (analysts), vic (viewer).
class ServeTest : public ::testing::Test {
 protected:
  static constexpr const char* kPassword = "correct horse 1";

  void SetUp() override { start({}); }
  void TearDown() override {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(data_, ec);
  }

  /// (Re)starts the server with `opt` (data folder and port filled in here).
  void start(serve::ServerOptions opt) {
    server_.reset();
    data_ = scratch_dir("serve-" + std::to_string(++runs_));
    std::filesystem::remove_all(data_);
    opt.data = data_;
    opt.port = 0;
    opt.web.clear();
    opt.hash = {1, 8192};  // libsodium's minimum cost: the tests log in often
    server_ = std::make_unique<serve::Server>(demo_workspace(), opt);
    port_ = server_->bind();
    server_->start();
    server_->auth().add_user("admin", kPassword, serve::Role::Admin);
    server_->auth().add_user("ana", kPassword, serve::Role::Analyst);
    server_->auth().add_user("bob", kPassword, serve::Role::Analyst);
    server_->auth().add_user("vic", kPassword, serve::Role::Viewer);
  }

  /// A browser logged in as `name`.
  Browser as(const std::string& name) {
    Browser b(port_);
    const Reply r = b.login(name, kPassword);
    EXPECT_EQ(r.status, 200) << r.body;
    return b;
  }

  std::filesystem::path data_;
  int port_ = 0;
  std::unique_ptr<serve::Server> server_;
  inline static int runs_ = 0;
};

}  // namespace tudi::test
