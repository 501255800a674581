#include "tudi/serve/server.hpp"

#include <httplib.h>

#include <sys/socket.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <cstdlib>
#include <thread>

#include "tudi/check/check.hpp"
#include "tudi/check/output.hpp"
#include "tudi/core/data_dir.hpp"
#include "tudi/core/error.hpp"
#include "tudi/serve/analyses.hpp"
#include "tudi/serve/jobs.hpp"
#include "tudi/serve/uploads.hpp"
#include "tudi/serve/workspace.hpp"

namespace tudi::serve {
namespace fs = std::filesystem;
using nlohmann::json;
using httplib::Request;
using httplib::Response;

namespace {

constexpr const char* kCookie = "tudi_session";

/// Who the current request is, for the audit line the logger writes after it.
thread_local std::string t_user;

void send_json(Response& res, const json& j, int status = 200) {
  res.status = status;
  res.set_content(j.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void send_error(Response& res, int status, const std::string& message) {
  send_json(res, {{"error", message}}, status);
}

/// An error whose message names a stored upload: shown with the client's file name instead.
std::string shown_message(std::string msg, const std::vector<Upload>& uploads) {
  for (const Upload& u : uploads) {
    // The full path first, then the bare generated name (messages quote either).
    for (const std::string& s : {u.path.string(), u.path.filename().string()})
      for (std::size_t at; !s.empty() && (at = msg.find(s)) != std::string::npos;)
        msg.replace(at, s.size(), u.shown_name);
  }
  return msg;
}

std::string cookie_value(const Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(pos, end - pos);
    const auto first = part.find_first_not_of(' ');
    if (first != std::string::npos) part = part.substr(first);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    pos = end + 1;
  }
  return {};
}

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::size_t count_param(const Request& req, const char* key, std::size_t fallback, std::size_t max) {
  if (!req.has_param(key)) return fallback;
  const std::string v = req.get_param_value(key);
  std::size_t n = 0;
  const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size()) return fallback;
  return std::min(n, max);
}

/// "attachment; filename*=UTF-8''%E6%8A%A5..." so Chinese names survive every browser.
std::string attachment(const std::string& name) {
  std::string enc;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      enc.push_back(static_cast<char>(c));
    } else {
      enc += '%';
      enc += hex[c >> 4];
      enc += hex[c & 15];
    }
  }
  return "attachment; filename*=UTF-8''" + enc;
}

const char* mime_for(const std::string& name) {
  const std::string ext = fs::path(name).extension().string();
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".json") return "application/json";
  if (ext == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ext == ".zip") return "application/zip";
  if (ext == ".gpkg") return "application/geopackage+sqlite3";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

fs::path web_dir() {
  if (const char* env = std::getenv("TUDI_WEB"); env && *env) return env;
  return fs::weakly_canonical(data_dir() / "web" / "dist");
}

struct Server::Impl {
  std::shared_ptr<const Workspace> ws;
  ServerOptions opt;
  std::unique_ptr<Database> db;
  std::unique_ptr<Auth> auth;
  JobRegistry jobs;
  std::unique_ptr<JobPool> quick, slow;
  httplib::Server http;
  std::thread thread;
  int port = 0;
  int listen_socket = -1;

  using Handler = std::function<void(const Request&, Response&, const Session&)>;

  Impl(std::shared_ptr<const Workspace> w, ServerOptions o) : ws(std::move(w)), opt(std::move(o)) {
    if (opt.data.empty()) throw UsageError("--data", "a data folder is required");
    std::error_code ec;
    fs::create_directories(opt.data / "uploads", ec);
    fs::create_directories(opt.data / "jobs", ec);
    if (ec) throw Error(opt.data.string(), "cannot create the data folder: " + ec.message());
    db = std::make_unique<Database>(opt.data / "tudi.db");
    auth = std::make_unique<Auth>(*db, opt.hash, opt.login);
    auto finished = [this](const Job& j) {
      json d = {{"kind", j.kind}, {"state", to_string(j.state())}, {"seconds", j.seconds()}};
      const json jj = j.to_json();
      if (jj.contains("error")) d["error"] = jj["error"];
      auth->audit(j.owner, "", "job.end", j.id, 0, d.dump());
    };
    quick = std::make_unique<JobPool>("quick", opt.quick_workers, opt.max_queued, finished);
    slow = std::make_unique<JobPool>("long", opt.long_workers, opt.max_queued, finished);
    routes();
  }

  /// A route for logged-in users with at least `role`; state-changing methods need the CSRF token.
  void route(const char* method, const std::string& pattern, Role role, Handler h) {
    const bool changes = std::string_view(method) != "GET";
    auto wrapped = [this, role, changes, h](const Request& req, Response& res) {
      const std::optional<Session> s = auth->session(cookie_value(req, kCookie));
      if (!s) return send_error(res, 401, "未登录或会话已过期，请重新登录");
      t_user = s->user.name;
      if (changes && req.get_header_value("X-CSRF-Token") != s->csrf)
        return send_error(res, 403, "CSRF 校验失败：请刷新页面后重试");
      if (static_cast<int>(s->user.role) < static_cast<int>(role))
        return send_error(res, 403, std::string("权限不足：需要“") + label(role) + "”及以上角色");
      h(req, res, *s);
    };
    const std::string m = method;
    if (m == "GET") http.Get(pattern, wrapped);
    else if (m == "POST") http.Post(pattern, wrapped);
    else if (m == "DELETE") http.Delete(pattern, wrapped);
  }

  std::shared_ptr<Job> new_job(const Session& s, std::string kind, std::string title, json inputs) {
    auto job = std::make_shared<Job>();
    job->id = random_token(16);
    job->owner = s.user.name;
    job->kind = std::move(kind);
    job->title = std::move(title);
    job->dir = opt.data / "jobs" / job->id;
    job->inputs = std::move(inputs);
    return job;
  }

  /// Queues a job; the response is the job (202), or 503 when the queue is full.
  bool submit(JobPool& pool, const std::shared_ptr<Job>& job, JobWork work, Response& res) {
    try {
      jobs.add(job);
      pool.submit(job, std::move(work));
    } catch (const QueueFull&) {
      send_error(res, 503, "服务器繁忙：排队的任务已满，请稍后再试");
      return false;
    }
    auth->audit(job->owner, "", "job.submit", job->id, 0,
                json({{"kind", job->kind}, {"inputs", job->inputs}}).dump());
    return true;
  }

  /// The uploaded file of a multipart field, checked and stored; throws tudi::Error.
  std::optional<Upload> upload(const Request& req, const char* field, const std::vector<UploadKind>& kinds) {
    if (!req.has_file(field)) return std::nullopt;
    const httplib::MultipartFormData f = req.get_file_value(field);
    return store_upload(opt.data / "uploads", f.filename, f.content, kinds, opt.max_upload);
  }

  static std::string field(const Request& req, const char* name) {
    if (req.has_file(name)) return req.get_file_value(name).content;
    return req.has_param(name) ? req.get_param_value(name) : std::string();
  }

  void routes() {
    // cpp-httplib listens with a backlog of 5: a morning's burst of desktops connecting at once
    // would overflow it and see reset connections. The listening socket is kept here so that
    // bind() can raise the backlog (listen() again on a listening socket updates it on Linux).
    http.set_socket_options([this](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_socket = sock;
    });
    http.new_task_queue = [n = opt.http_threads] { return new httplib::ThreadPool(static_cast<std::size_t>(n)); };
    http.set_payload_max_length(opt.max_upload + (1u << 20));
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(30);
    http.set_write_timeout(60);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data: blob:; style-src 'self' "
                               "'unsafe-inline'; script-src 'self'; connect-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'"}});
    http.set_pre_routing_handler([](const Request&, Response& res) {
      t_user.clear();
      res.set_header("Cache-Control", "no-store");
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_logger([this](const Request& req, const Response& res) {
      try {
        auth->audit(t_user, req.remote_addr, req.method, req.path, res.status);
      } catch (const std::exception&) {
        // An audit line that cannot be written must not take the server down; SQLite retries
        // for 5 s before it gives up, so this is a full disk.
      }
    });
    http.set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
      try {
        std::rethrow_exception(ep);
      } catch (const Error& e) {
        send_error(res, 400, e.what());
      } catch (const std::exception& e) {
        send_error(res, 500, std::string("内部错误：") + e.what());
      } catch (...) {
        send_error(res, 500, "内部错误");
      }
    });
    http.set_error_handler([](const Request&, Response& res) {
      if (!res.body.empty()) return;
      if (res.status == 413) send_error(res, 413, "上传内容过大");
      else if (res.status == 404) send_error(res, 404, "没有这个地址");
      else if (res.status == 400) send_error(res, 400, "请求格式错误");
    });
    if (!opt.web.empty() && fs::exists(opt.web / "index.html"))
      http.set_mount_point("/", opt.web.string(),
                           {{"Cache-Control", "no-cache"}});

    // ---------------------------------------------------------------- sessions
    http.Post("/api/login", [this](const Request& req, Response& res) {
      const json body = json::parse(req.body, nullptr, false);
      if (!body.is_object() || !body.contains("name") || !body.contains("password") ||
          !body["name"].is_string() || !body["password"].is_string())
        return send_error(res, 400, "请求格式错误：需要 name 和 password");
      const std::string name = body["name"];
      LoginError why = LoginError::None;
      int retry = 0;
      const auto s = auth->login(name, body["password"], req.remote_addr, &why, &retry);
      auth->audit(name, req.remote_addr, "login", name, s ? 200 : (why == LoginError::RateLimited ? 429 : 401));
      if (!s) {
        if (why == LoginError::RateLimited) {
          res.set_header("Retry-After", std::to_string(retry));
          return send_error(res, 429, "登录失败次数过多，请 " + std::to_string((retry + 59) / 60) + " 分钟后再试");
        }
        return send_error(res, 401, "用户名或密码错误");
      }
      t_user = name;
      std::string cookie = std::string(kCookie) + "=" + s->token + "; Path=/; HttpOnly; SameSite=Strict";
      if (opt.secure_cookies) cookie += "; Secure";
      res.set_header("Set-Cookie", cookie);
      send_json(res, {{"user", s->user.name},
                      {"role", to_string(s->user.role)},
                      {"role_label", label(s->user.role)},
                      {"csrf", s->csrf}});
    });
    route("POST", "/api/logout", Role::Viewer, [this](const Request& req, Response& res, const Session&) {
      auth->logout(cookie_value(req, kCookie));
      res.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
      send_json(res, {{"ok", true}});
    });
    route("GET", "/api/me", Role::Viewer, [](const Request&, Response& res, const Session& s) {
      send_json(res, {{"user", s.user.name},
                      {"role", to_string(s.user.role)},
                      {"role_label", label(s.user.role)},
                      {"csrf", s.csrf}});
    });

    // ---------------------------------------------------------------- the map
    route("GET", "/api/project", Role::Viewer, [this](const Request&, Response& res, const Session&) {
      send_json(res, ws->describe());
    });
    route("GET", R"(/api/tiles/([a-z_]+)/(\d+)/(\d+)/(\d+)\.png)", Role::Viewer,
          [this](const Request& req, Response& res, const Session&) {
            const int z = std::stoi(req.matches[2]), x = std::stoi(req.matches[3]), y = std::stoi(req.matches[4]);
            const std::string png = ws->tile(req.matches[1], z, x, y);
            if (png.empty()) return send_error(res, 404, "没有这个瓦片");
            res.set_header("Cache-Control", "private, max-age=3600");
            res.set_content(png, "image/png");
          });
    route("GET", R"(/api/layers/([a-z_]+)/features)", Role::Viewer,
          [this](const Request& req, Response& res, const Session&) {
            Envelope bbox;
            if (req.has_param("bbox")) {
              std::vector<double> v;
              std::string s = req.get_param_value("bbox");
              for (std::size_t pos = 0; pos <= s.size();) {
                std::size_t end = s.find(',', pos);
                if (end == std::string::npos) end = s.size();
                auto n = number(s.substr(pos, end - pos));
                if (!n) return send_error(res, 400, "bbox 应为 minx,miny,maxx,maxy");
                v.push_back(*n);
                pos = end + 1;
              }
              if (v.size() != 4) return send_error(res, 400, "bbox 应为 minx,miny,maxx,maxy");
              bbox.minx = v[0], bbox.miny = v[1], bbox.maxx = v[2], bbox.maxy = v[3];
            }
            const json j = ws->features(req.matches[1], bbox, count_param(req, "limit", kVectorLimit, kVectorLimit));
            if (j.is_null()) return send_error(res, 404, "项目中没有这个图层");
            send_json(res, j);
          });
    route("GET", R"(/api/layers/([a-z_]+)/attributes)", Role::Viewer,
          [this](const Request& req, Response& res, const Session&) {
            const json j = ws->attributes(req.matches[1], count_param(req, "offset", 0, SIZE_MAX),
                                          count_param(req, "limit", 100, 1000));
            if (j.is_null()) return send_error(res, 404, "项目中没有这个图层");
            send_json(res, j);
          });
    route("GET", "/api/identify", Role::Viewer, [this](const Request& req, Response& res, const Session&) {
      const auto x = number(req.get_param_value("x")), y = number(req.get_param_value("y"));
      if (!x || !y) return send_error(res, 400, "需要点击位置 x、y（项目坐标，单位米）");
      const double tol = number(req.get_param_value("tolerance")).value_or(1.0);
      std::vector<std::string> roles;
      const std::string list = req.get_param_value("roles");
      for (std::size_t pos = 0; pos < list.size();) {
        std::size_t end = list.find(',', pos);
        if (end == std::string::npos) end = list.size();
        if (end > pos) roles.push_back(list.substr(pos, end - pos));
        pos = end + 1;
      }
      send_json(res, {{"features", ws->identify(*x, *y, std::clamp(tol, 0.0, 1000.0), roles)}});
    });

    // ---------------------------------------------------------------- analyses
    route("POST", "/api/check", Role::Analyst, [this](const Request& req, Response& res, const Session& s) {
      check_site(req, res, s);
    });
    route("POST", "/api/jobs", Role::Analyst, [this](const Request& req, Response& res, const Session& s) {
      start_job(req, res, s);
    });
    route("GET", "/api/jobs", Role::Viewer, [this](const Request&, Response& res, const Session& s) {
      json list = json::array();
      for (const auto& j : jobs.list(s.user.name)) list.push_back(j->to_json());
      send_json(res, {{"jobs", list}});
    });
    route("GET", R"(/api/jobs/([0-9a-f]+))", Role::Viewer, [this](const Request& req, Response& res, const Session& s) {
      const auto job = jobs.find(req.matches[1], s.user.name);
      if (!job) return send_error(res, 404, "没有这个任务");
      send_json(res, job->to_json(true));
    });
    route("POST", R"(/api/jobs/([0-9a-f]+)/cancel)", Role::Analyst,
          [this](const Request& req, Response& res, const Session& s) {
            const auto job = jobs.find(req.matches[1], s.user.name);
            if (!job) return send_error(res, 404, "没有这个任务");
            (job->kind == "check" ? *quick : *slow).cancel(*job);
            send_json(res, job->to_json());
          });
    route("GET", R"(/api/jobs/([0-9a-f]+)/files/(.+))", Role::Analyst,
          [this](const Request& req, Response& res, const Session& s) {
            const auto job = jobs.find(req.matches[1], s.user.name);
            if (!job) return send_error(res, 404, "没有这个任务");
            const std::string name = req.matches[2];
            // Only a name the job's own listing has: nothing from the request becomes a path.
            const auto files = job->files();
            const auto it = std::find(files.begin(), files.end(), name);
            if (it == files.end()) return send_error(res, 404, "该任务没有这个文件");
            const fs::path path = job->dir / *it;
            if (!fs::exists(path)) job->materialise();
            auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
            const auto size = static_cast<std::size_t>(fs::file_size(path));
            res.set_header("Content-Disposition", attachment(fs::path(*it).filename().string()));
            res.set_content_provider(size, mime_for(*it),
                                     [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                       std::vector<char> buf(std::min<std::size_t>(length, 1 << 16));
                                       in->seekg(static_cast<std::streamoff>(offset));
                                       in->read(buf.data(), static_cast<std::streamsize>(buf.size()));
                                       sink.write(buf.data(), static_cast<std::size_t>(in->gcount()));
                                       return in->gcount() > 0;
                                     });
          });

    // ---------------------------------------------------------------- administration
    route("GET", "/api/users", Role::Admin, [this](const Request&, Response& res, const Session&) {
      json list = json::array();
      for (const User& u : auth->users())
        list.push_back({{"name", u.name}, {"role", to_string(u.role)}, {"role_label", label(u.role)}});
      send_json(res, {{"users", list}});
    });
    route("POST", "/api/users", Role::Admin, [this](const Request& req, Response& res, const Session& s) {
      const json body = json::parse(req.body, nullptr, false);
      if (!body.is_object() || !body.value("name", json()).is_string() ||
          !body.value("password", json()).is_string() || !body.value("role", json()).is_string())
        return send_error(res, 400, "请求格式错误：需要 name、password 和 role");
      const auto role = parse_role(body["role"].get<std::string>());
      if (!role) return send_error(res, 400, "角色应为 viewer、analyst 或 admin");
      auth->add_user(body["name"], body["password"], *role);
      auth->audit(s.user.name, req.remote_addr, "user.add", body["name"], 201, to_string(*role));
      send_json(res, {{"name", body["name"]}, {"role", to_string(*role)}}, 201);
    });
    route("DELETE", R"(/api/users/([^/]+))", Role::Admin, [this](const Request& req, Response& res, const Session& s) {
      const std::string name = req.matches[1];
      if (name == s.user.name) return send_error(res, 400, "不能删除自己");
      if (!auth->remove_user(name)) return send_error(res, 404, "没有这个用户");
      auth->audit(s.user.name, req.remote_addr, "user.remove", name, 200);
      send_json(res, {{"ok", true}});
    });
    route("GET", "/api/audit", Role::Admin, [this](const Request& req, Response& res, const Session&) {
      const int limit = static_cast<int>(count_param(req, "limit", 200, 5000));
      json list = json::array();
      for (const auto& e : auth->audit_log(limit, req.get_param_value("user"))) list.push_back(e);
      send_json(res, {{"entries", list}});
    });
  }

  /// POST /api/check: a drawn ring (JSON) or an uploaded file (multipart); the browser waits
  /// for the answer, which comes back with the job.
  void check_site(const Request& req, Response& res, const Session& s) {
    std::vector<Upload> uploads;
    std::string category;
    std::optional<Layer> site;
    json inputs;
    if (req.is_multipart_form_data()) {
      auto u = upload(req, "file", {UploadKind::Jzd, UploadKind::GeoJson, UploadKind::ShapeZip});
      if (!u) return send_error(res, 400, "请选择要核查的文件（界址点 TXT、GeoJSON 或 Shapefile 压缩包）");
      uploads.push_back(*u);
      category = field(req, "category");
      inputs = {{"file", u->shown_name}, {"kind", label(u->kind)}, {"sha256", u->sha256}, {"bytes", u->bytes}};
    } else {
      const json body = json::parse(req.body, nullptr, false);
      if (!body.is_object() || !body.contains("ring") || !body["ring"].is_array())
        return send_error(res, 400, "请求格式错误：需要 ring（[[x, y], ...]，项目坐标）或上传文件");
      Site st;
      for (const json& p : body["ring"]) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number())
          return send_error(res, 400, "ring 的每个顶点应为 [x, y] 两个数");
        st.ring.emplace_back(p[0].get<double>(), p[1].get<double>());
      }
      if (body.contains("name") && body["name"].is_string()) st.name = shown_name(body["name"]);
      if (body.contains("category") && body["category"].is_string()) category = body["category"];
      site = site_layer(*ws, st);
      inputs = {{"site", st.name}, {"vertices", st.ring.size()}, {"wkt", geom::to_wkt(site->features[0].geometry, 3)}};
    }
    if (!category.empty()) {
      const std::string c = ws->check_rules().category_of(category);
      if (c.empty()) return send_error(res, 400, "未知的项目类别：" + shown_name(category));
      category = c;
      inputs["category"] = c;
    }
    auto job = new_job(s, "check", uploads.empty() ? "三线核查（绘制范围）" : "三线核查（" + uploads[0].shown_name + "）",
                       inputs);
    auto work = [ws = ws, site = std::make_shared<std::optional<Layer>>(std::move(site)), uploads, category](
                    Job& j, const Progress& p) {
      try {
        std::vector<Layer> proposals;
        if (*site) proposals.push_back(std::move(**site));
        else proposals = read_uploaded_proposals(*ws, uploads[0].path);
        const auto r = check_proposals(*ws, std::move(proposals), category, scaled(p, 0, 0.8));
        // The answer and check.json now; the workbook and the GeoPackage when first asked for.
        check::write_json(*r, j.dir / "check.json", true);
        j.defer({"check.xlsx", "overlaps.gpkg"}, [r](const fs::path& dir) { write_check(*r, dir); });
        return check_answer(*r);
      } catch (const Error& e) {
        throw Error("", shown_message(e.what(), uploads));
      }
    };
    if (!submit(*quick, job, work, res)) return;
    quick->wait(*job, std::chrono::seconds(60));
    const JobState st = job->state();
    send_json(res, job->to_json(true), st == JobState::Done ? 200 : st == JobState::Failed ? 422 : 202);
  }

  /// POST /api/jobs: the long analyses, answered at once with the queued job.
  void start_job(const Request& req, Response& res, const Session& s) {
    const json body = req.is_multipart_form_data() ? json::object() : json::parse(req.body, nullptr, false);
    auto get = [&](const char* name) {
      std::string v = field(req, name);
      if (v.empty() && body.is_object() && body.contains(name) && body[name].is_string()) v = body[name];
      return v;
    };
    const std::string kind = get("kind");
    std::vector<Upload> uploads;
    json inputs = json::object();
    auto take = [&](const char* name, std::vector<UploadKind> kinds) -> fs::path {
      auto u = upload(req, name, std::move(kinds));
      if (!u) return {};
      inputs[name] = {{"file", u->shown_name}, {"sha256", u->sha256}, {"bytes", u->bytes}};
      uploads.push_back(*u);
      return u->path;
    };
    JobWork work;
    std::string title;
    if (kind == "supply") {
      title = "土地供应分析";
      work = [ws = ws](Job& j, const Progress& p) { return run_supply(*ws, j.dir, p); };
    } else if (kind == "match") {
      const fs::path projects = take("projects", {UploadKind::Csv, UploadKind::Xlsx});
      if (projects.empty()) return send_error(res, 400, "项目匹配需要上传项目表（CSV 或 XLSX）");
      title = "标准地项目匹配";
      work = [ws = ws, projects, uploads](Job& j, const Progress& p) {
        try {
          return run_match(*ws, projects, j.dir, p);
        } catch (const Error& e) {
          throw Error("", shown_message(e.what(), uploads));
        }
      };
    } else if (kind == "zones") {
      const fs::path scenario = take("scenario", {UploadKind::Toml});
      title = scenario.empty() ? "开发区评价" : "开发区评价（调整方案）";
      work = [ws = ws, scenario, uploads](Job& j, const Progress& p) {
        try {
          return run_zones(*ws, scenario, j.dir, p);
        } catch (const Error& e) {
          throw Error("", shown_message(e.what(), uploads));
        }
      };
    } else if (kind == "report") {
      ReportInput in;
      std::shared_ptr<Job> from_site;
      in.projects = take("projects", {UploadKind::Csv, UploadKind::Xlsx});
      in.scenario = take("scenario", {UploadKind::Toml});
      const std::string enc = get("encoding");
      if (!enc.empty()) {
        if (enc != "GBK" && enc != "UTF-8") return send_error(res, 400, "encoding 应为 GBK 或 UTF-8");
        in.encoding = enc;
      }
      title = "分析报告";
      if (const std::string from = get("from_job"); !from.empty()) {
        const auto site = jobs.find(from, s.user.name);
        if (!site || site->kind != "check" || site->state() != JobState::Done)
          return send_error(res, 400, "from_job 应为本人已完成的三线核查任务");
        in.proposals = site->dir / "overlaps.gpkg";
        inputs["from_job"] = from;
        title = "分析报告（" + site->title + "）";
        from_site = site;
      }
      work = [ws = ws, in, uploads, from_site](Job& j, const Progress& p) {
        try {
          if (from_site) from_site->materialise();
          return run_report(*ws, in, j.dir, p);
        } catch (const Error& e) {
          throw Error("", shown_message(e.what(), uploads));
        }
      };
    } else if (kind == "ledger") {
      title = "重点项目台账";
      work = [ws = ws](Job& j, const Progress& p) { return run_ledger(*ws, j.dir, p); };
    } else if (kind == "check") {
      const Layer* proposals = ws->layer("proposals");
      if (!proposals) return send_error(res, 400, "项目未配置拟建项目图层（proposals）");
      title = "三线核查（项目全部拟建项目）";
      work = [ws = ws](Job& j, const Progress& p) {
        // The project's proposals as the check command reads them (a source, TXT or folder).
        const io::LayerSource& src = ws->project().layers.at("proposals");
        return run_check(*ws, check::read_proposals({src}, ws->crs()), "", j.dir, p);
      };
    } else {
      return send_error(res, 400, "kind 应为 check、supply、match、zones、ledger 或 report");
    }
    auto job = new_job(s, kind, title, inputs);
    if (submit(kind == "check" ? *quick : *slow, job, work, res)) send_json(res, job->to_json(), 202);
  }
};

Server::Server(std::shared_ptr<const Workspace> ws, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(ws), std::move(options))) {}

Server::~Server() { stop(); }

int Server::bind() {
  const ServerOptions& o = impl_->opt;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
    if (impl_->port < 0) throw Error(o.host, "cannot listen on any port");
  } else {
    if (!impl_->http.bind_to_port(o.host, o.port))
      throw Error(o.host + ":" + std::to_string(o.port), "cannot listen (address in use or not allowed)");
    impl_->port = o.port;
  }
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, 1024);
  return impl_->port;
}

void Server::run() { impl_->http.listen_after_bind(); }

void Server::start() {
  impl_->thread = std::thread([this] { impl_->http.listen_after_bind(); });
  while (!impl_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void Server::stop() {
  if (!impl_) return;
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Auth& Server::auth() { return *impl_->auth; }
const ServerOptions& Server::options() const { return impl_->opt; }

}  // namespace tudi::serve
