#pragma once
// A small RAII door to SQLite: one connection, serialised by a mutex, statements with bound
// parameters only (no SQL is ever built from what a client sends).

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct sqlite3;

namespace tudi::serve {

/// One SQLite database file (WAL journal), shared by every request thread.
class Database {
 public:
  using Param = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
  using Row = std::vector<std::optional<std::string>>;

  /// Opens or creates the file; throws tudi::Error naming it when SQLite refuses.
  explicit Database(const std::filesystem::path& file);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Runs one statement with `?` parameters; returns its rows as text (NULL = nullopt).
  std::vector<Row> query(std::string_view sql, const std::vector<Param>& params = {});
  /// Runs one statement and returns the number of rows it changed.
  int exec(std::string_view sql, const std::vector<Param>& params = {});
  /// Runs several statements without parameters (schema set-up).
  void script(const std::string& sql);

  const std::filesystem::path& file() const { return file_; }

 private:
  std::vector<Row> run(std::string_view sql, const std::vector<Param>& params, int* changes);
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
  std::mutex mutex_;
};

}  // namespace tudi::serve
