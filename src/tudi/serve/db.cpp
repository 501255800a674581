#include "tudi/serve/db.hpp"

#include <sqlite3.h>

#include "tudi/core/error.hpp"

namespace tudi::serve {

Database::Database(const std::filesystem::path& file) : file_(file) {
  if (sqlite3_open_v2(file.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(file.string(), "cannot open the database: " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  // WAL: readers never wait for the audit log's writes; NORMAL is durable across a crash of
  // the process (not of the machine), which is what an audit trail of requests needs.
  script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

Database::~Database() {
  if (db_) sqlite3_close(db_);
}

void Database::script(const std::string& sql) {
  std::lock_guard lock(mutex_);
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string why = err ? err : "error";
    sqlite3_free(err);
    throw Error(file_.string(), why);
  }
}

std::vector<Database::Row> Database::query(std::string_view sql, const std::vector<Param>& params) {
  return run(sql, params, nullptr);
}

int Database::exec(std::string_view sql, const std::vector<Param>& params) {
  int changes = 0;
  run(sql, params, &changes);
  return changes;
}

std::vector<Database::Row> Database::run(std::string_view sql, const std::vector<Param>& params,
                                         int* changes) {
  std::lock_guard lock(mutex_);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    throw Error(file_.string(), sqlite3_errmsg(db_));
  struct Finalize {
    sqlite3_stmt* s;
    ~Finalize() { sqlite3_finalize(s); }
  } finalize{st};
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int at = static_cast<int>(i + 1);
    const Param& p = params[i];
    if (std::holds_alternative<std::int64_t>(p)) {
      sqlite3_bind_int64(st, at, std::get<std::int64_t>(p));
    } else if (std::holds_alternative<double>(p)) {
      sqlite3_bind_double(st, at, std::get<double>(p));
    } else if (std::holds_alternative<std::string>(p)) {
      const std::string& s = std::get<std::string>(p);
      sqlite3_bind_text(st, at, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(st, at);
    }
  }
  std::vector<Row> rows;
  for (;;) {
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw Error(file_.string(), sqlite3_errmsg(db_));
    Row row;
    const int n = sqlite3_column_count(st);
    for (int c = 0; c < n; ++c) {
      if (sqlite3_column_type(st, c) == SQLITE_NULL) {
        row.emplace_back();
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(st, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  if (changes) *changes = sqlite3_changes(db_);
  return rows;
}

}  // namespace tudi::serve
