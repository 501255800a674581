#pragma once
// Who may use the server: users and roles in SQLite, Argon2id password hashes (libsodium),
// sessions with a CSRF token each, a login rate limit, and the audit log (留痕).

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tudi/serve/db.hpp"

namespace tudi::serve {

/// viewer: maps, identify, attribute tables. analyst: also runs analyses and downloads their
/// results. admin: also manages users and reads the audit log.
enum class Role { Viewer = 0, Analyst = 1, Admin = 2 };
const char* to_string(Role r);  // "viewer", "analyst", "admin"
const char* label(Role r);      // "浏览", "分析", "管理员"
/// Parses "viewer" / "analyst" / "admin"; nullopt otherwise.
std::optional<Role> parse_role(std::string_view text);

struct User {
  std::string name;
  Role role = Role::Viewer;
};

/// A logged-in browser: the cookie's token, the CSRF token its page must echo, who it is.
struct Session {
  std::string token;
  std::string csrf;
  User user;
  std::chrono::steady_clock::time_point expires;
};

/// Argon2id cost. The defaults are libsodium's "interactive" limits; tests may lower them
/// (the stored hash names its own parameters, so verification works whatever was used).
struct HashCost {
  unsigned long long ops = 0;  // 0 = crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t mem = 0;         // 0 = crypto_pwhash_MEMLIMIT_INTERACTIVE
};

/// Login limits: a name or an address is refused for `window` after this many failures in it.
struct LoginLimit {
  int per_name = 5;
  int per_address = 20;
  std::chrono::seconds window{600};
};

/// Why a login did not give a session.
enum class LoginError { None, BadCredentials, RateLimited };

/// Users, sessions and the audit log over one database.
class Auth {
 public:
  Auth(Database& db, HashCost cost = {}, LoginLimit limit = {},
       std::chrono::seconds session_idle = std::chrono::hours(8));

  /// Adds a user; throws tudi::Error for a bad or taken name or a password under 8 characters.
  void add_user(const std::string& name, const std::string& password, Role role);
  /// Replaces a user's password (and ends their sessions); false when there is no such user.
  bool set_password(const std::string& name, const std::string& password);
  /// Removes a user and ends their sessions; false when there is no such user.
  bool remove_user(const std::string& name);
  std::vector<User> users() const;
  std::optional<User> find_user(const std::string& name) const;
  std::size_t user_count() const;

  /// Checks the password and opens a session. Failures count towards the rate limit of the
  /// name and of the address; a limited login is refused before the password is looked at.
  std::optional<Session> login(const std::string& name, const std::string& password,
                               const std::string& address, LoginError* error = nullptr,
                               int* retry_after_s = nullptr);
  /// The session of a cookie token, its idle timer restarted; nullopt when unknown or expired.
  std::optional<Session> session(const std::string& token);
  void logout(const std::string& token);

  /// One line of the audit log. `user` empty for anonymous requests.
  void audit(const std::string& user, const std::string& address, const std::string& action,
             const std::string& target, int status, const std::string& detail = {});
  /// The newest `limit` audit entries (newest first), optionally of one user.
  std::vector<std::map<std::string, std::string>> audit_log(int limit,
                                                            const std::string& user = {}) const;

  /// Argon2id hash in libsodium's string form ("$argon2id$v=19$m=...").
  std::string hash(const std::string& password) const;
  static bool verify(const std::string& hash, const std::string& password);

 private:
  bool limited(const std::string& key, int max, int* retry_after_s);
  void failed(const std::string& key);
  void end_sessions(const std::string& name);

  Database& db_;
  HashCost cost_;
  LoginLimit limit_;
  std::chrono::seconds idle_;
  mutable std::mutex mutex_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> failures_;
};

/// A random token of `bytes` bytes, hex-encoded (libsodium's randombytes).
std::string random_token(std::size_t bytes = 32);

}  // namespace tudi::serve
