#include "tudi/serve/auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <ctime>

#include "tudi/core/error.hpp"

namespace tudi::serve {
namespace {

using Clock = std::chrono::steady_clock;

void sodium_ready() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw Error("libsodium", "cannot initialise");
}

/// Argon2id at the interactive limits takes 64 MiB per hash: at most two at a time, so a burst
/// of logins queues instead of exhausting the server's memory.
class HashGate {
 public:
  void enter() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return running_ < 2; });
    ++running_;
  }
  void leave() {
    std::lock_guard lock(m_);
    --running_;
    cv_.notify_one();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int running_ = 0;
};
HashGate& gate() {
  static HashGate g;
  return g;
}
struct GateHold {
  GateHold() { gate().enter(); }
  ~GateHold() { gate().leave(); }
};

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Names are what people type to log in: 1–32 characters, no controls, spaces or markup.
void check_name(const std::string& name) {
  if (name.empty() || name.size() > 64) throw Error("用户名", "应为 1–32 个字符");
  for (unsigned char c : name)
    if (c < 0x21 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\'' || c == '&' ||
        c == '/' || c == '\\')
      throw Error("用户名", "不能含空格、控制字符或 < > \" ' & / \\");
}

void check_password(const std::string& password) {
  if (password.size() < 8) throw Error("密码", "至少 8 个字符");
  if (password.size() > 1024) throw Error("密码", "过长");
}

}  // namespace

const char* to_string(Role r) {
  switch (r) {
    case Role::Viewer: return "viewer";
    case Role::Analyst: return "analyst";
    case Role::Admin: return "admin";
  }
  return "viewer";
}

const char* label(Role r) {
  switch (r) {
    case Role::Viewer: return "浏览";
    case Role::Analyst: return "分析";
    case Role::Admin: return "管理员";
  }
  return "浏览";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "viewer") return Role::Viewer;
  if (text == "analyst") return Role::Analyst;
  if (text == "admin") return Role::Admin;
  return std::nullopt;
}

std::string random_token(std::size_t bytes) {
  sodium_ready();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

Auth::Auth(Database& db, HashCost cost, LoginLimit limit, std::chrono::seconds session_idle)
    : db_(db), cost_(cost), limit_(limit), idle_(session_idle) {
  sodium_ready();
  db_.script(
      "CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, hash TEXT NOT NULL,"
      " role TEXT NOT NULL, created TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, time TEXT NOT NULL,"
      " user TEXT, address TEXT, action TEXT NOT NULL, target TEXT, status INTEGER,"
      " detail TEXT);"
      "CREATE INDEX IF NOT EXISTS audit_user ON audit(user);");
}

std::string Auth::hash(const std::string& password) const {
  const unsigned long long ops = cost_.ops ? cost_.ops : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const std::size_t mem = cost_.mem ? cost_.mem : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  char out[crypto_pwhash_STRBYTES];
  GateHold hold;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error("密码", "无法计算散列（内存不足）");
  return out;
}

bool Auth::verify(const std::string& hash, const std::string& password) {
  // Only Argon2id hashes are accepted: a row edited to hold anything else never matches.
  if (hash.rfind("$argon2id$", 0) != 0) return false;
  GateHold hold;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void Auth::add_user(const std::string& name, const std::string& password, Role role) {
  check_name(name);
  check_password(password);
  if (find_user(name)) throw Error("用户 " + name, "已存在");
  db_.exec("INSERT INTO users (name, hash, role, created) VALUES (?, ?, ?, ?)",
           {name, hash(password), std::string(to_string(role)), now_iso()});
}

bool Auth::set_password(const std::string& name, const std::string& password) {
  check_password(password);
  const bool changed = db_.exec("UPDATE users SET hash = ? WHERE name = ?", {hash(password), name}) > 0;
  if (changed) end_sessions(name);
  return changed;
}

bool Auth::remove_user(const std::string& name) {
  const bool removed = db_.exec("DELETE FROM users WHERE name = ?", {name}) > 0;
  if (removed) end_sessions(name);
  return removed;
}

std::vector<User> Auth::users() const {
  std::vector<User> out;
  for (const auto& row : db_.query("SELECT name, role FROM users ORDER BY name"))
    out.push_back({*row[0], parse_role(*row[1]).value_or(Role::Viewer)});
  return out;
}

std::optional<User> Auth::find_user(const std::string& name) const {
  const auto rows = db_.query("SELECT name, role FROM users WHERE name = ?", {name});
  if (rows.empty()) return std::nullopt;
  return User{*rows[0][0], parse_role(*rows[0][1]).value_or(Role::Viewer)};
}

std::size_t Auth::user_count() const {
  return std::stoul(*db_.query("SELECT count(*) FROM users")[0][0]);
}

bool Auth::limited(const std::string& key, int max, int* retry_after_s) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  const auto now = Clock::now();
  auto& times = it->second;
  std::erase_if(times, [&](Clock::time_point t) { return now - t > limit_.window; });
  if (static_cast<int>(times.size()) < max) return false;
  if (retry_after_s) {
    const auto wait = limit_.window - (now - times.front());
    *retry_after_s =
        static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(wait).count()) + 1;
  }
  return true;
}

void Auth::failed(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_[key].push_back(Clock::now());
}

std::optional<Session> Auth::login(const std::string& name, const std::string& password,
                                   const std::string& address, LoginError* error,
                                   int* retry_after_s) {
  auto fail = [&](LoginError e) -> std::optional<Session> {
    if (error) *error = e;
    return std::nullopt;
  };
  const std::string name_key = "name:" + name, address_key = "addr:" + address;
  if (limited(name_key, limit_.per_name, retry_after_s) ||
      limited(address_key, limit_.per_address, retry_after_s))
    return fail(LoginError::RateLimited);
  const auto rows = db_.query("SELECT hash, role FROM users WHERE name = ?", {name});
  // An unknown name costs a hash too, so timing does not tell which names exist.
  static const std::string dummy = hash("not a password of anyone");
  const bool ok = verify(rows.empty() ? dummy : *rows[0][0], password) && !rows.empty();
  if (!ok) {
    failed(name_key);
    failed(address_key);
    return fail(LoginError::BadCredentials);
  }
  Session s;
  s.token = random_token();
  s.csrf = random_token();
  s.user = {name, parse_role(*rows[0][1]).value_or(Role::Viewer)};
  s.expires = Clock::now() + idle_;
  std::lock_guard lock(mutex_);
  failures_.erase(name_key);
  sessions_[s.token] = s;
  if (error) *error = LoginError::None;
  return s;
}

std::optional<Session> Auth::session(const std::string& token) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  const auto now = Clock::now();
  if (it->second.expires < now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.expires = now + idle_;
  return it->second;
}

void Auth::logout(const std::string& token) {
  std::lock_guard lock(mutex_);
  sessions_.erase(token);
}

void Auth::end_sessions(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.user.name == name; });
}

void Auth::audit(const std::string& user, const std::string& address, const std::string& action,
                 const std::string& target, int status, const std::string& detail) {
  db_.exec("INSERT INTO audit (time, user, address, action, target, status, detail)"
           " VALUES (?, ?, ?, ?, ?, ?, ?)",
           {now_iso(), user.empty() ? Database::Param(nullptr) : Database::Param(user), address,
            action, target, std::int64_t{status}, detail});
}

std::vector<std::map<std::string, std::string>> Auth::audit_log(int limit,
                                                                const std::string& user) const {
  const char* cols[] = {"id", "time", "user", "address", "action", "target", "status", "detail"};
  const auto rows =
      user.empty()
          ? db_.query("SELECT id, time, user, address, action, target, status, detail FROM audit"
                      " ORDER BY id DESC LIMIT ?",
                      {std::int64_t{limit}})
          : db_.query("SELECT id, time, user, address, action, target, status, detail FROM audit"
                      " WHERE user = ? ORDER BY id DESC LIMIT ?",
                      {user, std::int64_t{limit}});
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& row : rows) {
    std::map<std::string, std::string> e;
    for (std::size_t i = 0; i < row.size(); ++i) e[cols[i]] = row[i].value_or("");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace tudi::serve
