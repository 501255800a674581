// Load test of `tudi serve` on 127.0.0.1: N users drawing sites (draw-and-check, the browser
// waits for the answer) and M users running reports, for a while. Starts the real server as a
// separate process on the demo (or a given project), creates the users through the admin API,
// and prints latency percentiles, errors and lost jobs.
//
//   bench_serve --tudi build/release/apps/tudi/tudi --project gis-data/demo/tudi.toml
//               [--users 50] [--reporters 5] [--seconds 60] [--think-ms 1000]

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Args {
  std::string tudi, project;
  int users = 50, reporters = 5, seconds = 60, think_ms = 1000, port = 18093;
  int check_workers = 2, workers = 1;
};

const std::string kPassword = "load test password";

struct Session {
  httplib::Client http;
  httplib::Headers headers;
  explicit Session(int port) : http("127.0.0.1", port) {
    http.set_read_timeout(300, 0);
    http.set_connection_timeout(10, 0);
  }
  std::string why;
  bool login(const std::string& name) {
    auto r = http.Post("/api/login", json({{"name", name}, {"password", kPassword}}).dump(), "application/json");
    if (!r || r->status != 200) {
      why = r ? fmt::format("{} {}", r->status, r->body) : httplib::to_string(r.error());
      return false;
    }
    const std::string cookie = r->get_header_value("Set-Cookie");
    headers = {{"Cookie", cookie.substr(0, cookie.find(';'))},
               {"X-CSRF-Token", json::parse(r->body)["csrf"].get<std::string>()}};
    return true;
  }
};

struct Stats {
  std::mutex m;
  std::vector<double> check_ms, report_s;
  long checks = 0, check_errors = 0, reports_submitted = 0, reports_done = 0, report_errors = 0;
  long conflicts = 0;
  std::vector<std::string> errors;
  void error(std::string e) {
    std::lock_guard l(m);
    if (errors.size() < 10) errors.push_back(std::move(e));
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--tudi") a.tudi = v;
    else if (k == "--project") a.project = v;
    else if (k == "--users") a.users = std::stoi(v);
    else if (k == "--reporters") a.reporters = std::stoi(v);
    else if (k == "--seconds") a.seconds = std::stoi(v);
    else if (k == "--think-ms") a.think_ms = std::stoi(v);
    else if (k == "--port") a.port = std::stoi(v);
    else if (k == "--check-workers") a.check_workers = std::stoi(v);
    else if (k == "--workers") a.workers = std::stoi(v);
    else {
      fmt::print(stderr, "bench_serve: unknown option {}\n", k);
      return 2;
    }
  }
  if (a.tudi.empty() || a.project.empty()) {
    fmt::print(stderr, "usage: bench_serve --tudi PATH --project tudi.toml [--users N] [--reporters N] [--seconds S] [--think-ms MS]\n");
    return 2;
  }
  const fs::path data = fs::temp_directory_path() / fmt::format("tudi-bench-serve-{}", getpid());
  fs::remove_all(data);
  {
    const std::string cmd = fmt::format("printf '%s\\n' '{}' | {} serve --data {} --init-admin admin > /dev/null",
                                        kPassword, a.tudi, data.string());
    if (std::system(cmd.c_str()) != 0) return 1;
  }
  const std::string listen = fmt::format("127.0.0.1:{}", a.port), cw = std::to_string(a.check_workers),
                    lw = std::to_string(a.workers);
  std::vector<std::string> sargs = {a.tudi, "-q", "serve", "-c", a.project, "--data", data.string(), "--listen", listen,
                                    "--check-workers", cw, "--workers", lw};
  std::vector<char*> cargs;
  for (auto& s : sargs) cargs.push_back(s.data());
  cargs.push_back(nullptr);
  pid_t server = 0;
  if (posix_spawn(&server, a.tudi.c_str(), nullptr, nullptr, cargs.data(), environ) != 0) return 1;

  Session admin(a.port);
  for (int i = 0; i < 600 && !admin.login("admin"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int users = a.users + a.reporters;
  for (int i = 0; i < users; ++i)
    admin.http.Post("/api/users", admin.headers,
                    json({{"name", fmt::format("u{}", i)}, {"password", kPassword}, {"role", "analyst"}}).dump(),
                    "application/json");
  // Sites are drawn where the farmland is (at a random vertex of a plot) or anywhere in the county.
  const json project = json::parse(admin.http.Get("/api/project", admin.headers)->body);
  const json farm = json::parse(admin.http.Get("/api/layers/farmland/features", admin.headers)->body);
  std::vector<std::pair<double, double>> vertices;
  for (const json& f : farm["features"])
    for (const json& p : f["geometry"]["coordinates"][0][0]) vertices.emplace_back(p[0].get<double>(), p[1].get<double>());
  const std::vector<double> ext = project["extent"];

  Stats st;
  std::atomic<bool> stop{false};
  const auto until = Clock::now() + std::chrono::seconds(a.seconds);
  std::vector<std::thread> threads;
  for (int u = 0; u < a.users; ++u)
    threads.emplace_back([&, u] {
      Session s(a.port);
      if (!s.login(fmt::format("u{}", u))) return st.error("login failed: " + s.why);
      std::mt19937 rng(static_cast<unsigned>(u) * 7919u + 1u);
      std::uniform_real_distribution<double> unit(0, 1);
      while (Clock::now() < until) {
        double cx, cy;
        if (unit(rng) < 0.6) {
          const auto& v = vertices[static_cast<std::size_t>(unit(rng) * static_cast<double>(vertices.size() - 1))];
          cx = v.first, cy = v.second;
        } else {
          cx = ext[0] + unit(rng) * (ext[2] - ext[0]), cy = ext[1] + unit(rng) * (ext[3] - ext[1]);
        }
        const double h = 20 + unit(rng) * 80;
        const json ring = {{cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}};
        const auto t0 = Clock::now();
        auto r = s.http.Post("/api/check", s.headers, json({{"ring", ring}, {"category", "工业"}}).dump(), "application/json");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        bool ok = r && r->status == 200;
        bool conflict = false;
        if (ok) {
          const json j = json::parse(r->body, nullptr, false);
          ok = !j.is_discarded() && j.value("state", "") == "done" && j["result"]["proposals"].size() == 1;
          if (ok) conflict = j["result"]["proposals"][0]["conclusion"]["severity"] != "ok";
        }
        {
          std::lock_guard l(st.m);
          ++st.checks;
          st.check_ms.push_back(ms);
          if (!ok) ++st.check_errors;
          st.conflicts += conflict;
        }
        if (!ok) st.error(r ? fmt::format("check {}: {}", r->status, r->body.substr(0, 200)) : "check: no answer");
        std::this_thread::sleep_for(std::chrono::milliseconds(a.think_ms));
      }
    });
  for (int u = 0; u < a.reporters; ++u)
    threads.emplace_back([&, u] {
      Session s(a.port);
      if (!s.login(fmt::format("u{}", a.users + u))) return st.error("login failed: " + s.why);
      while (Clock::now() < until) {
        const auto t0 = Clock::now();
        auto r = s.http.Post("/api/jobs", s.headers, json({{"kind", "report"}}).dump(), "application/json");
        if (!r || r->status != 202) {
          std::lock_guard l(st.m);
          ++st.report_errors;
          st.error(r ? fmt::format("report {}: {}", r->status, r->body.substr(0, 200)) : "report: no answer");
          continue;
        }
        { std::lock_guard l(st.m); ++st.reports_submitted; }
        const std::string id = json::parse(r->body)["id"];
        json j;
        for (;;) {
          std::this_thread::sleep_for(std::chrono::milliseconds(500));
          auto g = s.http.Get("/api/jobs/" + id, s.headers);
          if (!g || g->status != 200) continue;
          j = json::parse(g->body);
          const std::string state = j["state"];
          if (state != "queued" && state != "running") break;
        }
        bool ok = j["state"] == "done";
        if (ok) {
          auto pdf = s.http.Get("/api/jobs/" + id + "/files/report.pdf", s.headers);
          ok = pdf && pdf->status == 200 && pdf->body.rfind("%PDF-", 0) == 0;
        }
        std::lock_guard l(st.m);
        if (ok) {
          ++st.reports_done;
          st.report_s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        } else {
          ++st.report_errors;
        }
      }
    });
  for (auto& t : threads) t.join();
  stop = true;
  // No job lost: every one the server accepted is in its owner's list, ended.
  long listed = 0, unfinished = 0;
  for (int u = 0; u < users; ++u) {
    Session s(a.port);
    if (!s.login(fmt::format("u{}", u))) continue;
    const json jobs = json::parse(s.http.Get("/api/jobs", s.headers)->body)["jobs"];
    for (const json& j : jobs) {
      ++listed;
      unfinished += j["state"] != "done";
    }
  }
  kill(server, SIGTERM);
  int status = 0;
  waitpid(server, &status, 0);
  fs::remove_all(data);

  fmt::print("bench_serve: {} draw-and-check users (think {} ms), {} report users, {} s, check workers {}, report workers {}, {} cores\n",
             a.users, a.think_ms, a.reporters, a.seconds, a.check_workers, a.workers, std::thread::hardware_concurrency());
  fmt::print("| draw-and-check | {} | {:.1f}/s | p50 {:.0f} ms | p95 {:.0f} ms | p99 {:.0f} ms | max {:.0f} ms | errors {} | with a conflict {} |\n",
             st.checks, static_cast<double>(st.checks) / a.seconds, percentile(st.check_ms, 0.5), percentile(st.check_ms, 0.95),
             percentile(st.check_ms, 0.99), percentile(st.check_ms, 1.0), st.check_errors, st.conflicts);
  fmt::print("| report | submitted {} | done {} | errors {} | p50 {:.1f} s | max {:.1f} s |\n", st.reports_submitted,
             st.reports_done, st.report_errors, percentile(st.report_s, 0.5), percentile(st.report_s, 1.0));
  const long accepted = st.checks - st.check_errors + st.reports_submitted;
  fmt::print("| jobs | accepted {} | listed {} | not ended {} | lost {} |\n", accepted, listed, unfinished, accepted - listed);
  for (const auto& e : st.errors) fmt::print("error: {}\n", e);
  const bool ok = st.errors.empty() && st.check_errors == 0 && st.report_errors == 0 && accepted == listed && unfinished == 0;
  return ok ? 0 : 1;
}
