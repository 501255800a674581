#include "tudi/io/gpkg_rtree.hpp"

#include <ogr_geometry.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>

#include "tudi/core/error.hpp"

namespace tudi::io {
namespace {

/// `text` between `quote`s, inner quotes doubled: an SQL identifier ("…") or literal ('…').
std::string enclosed(const std::string& text, char quote) {
  std::string out(1, quote);
  for (const char c : text) {
    out += c;
    if (c == quote) out += quote;
  }
  return out + quote;
}
std::string quoted(const std::string& name) { return enclosed(name, '"'); }
std::string literal(const std::string& text) { return enclosed(text, '\''); }

struct Box {
  double minx, maxx, miny, maxy;
};

double read_double(const unsigned char* p, bool little) {
  unsigned char b[8];
  std::memcpy(b, p, 8);
  const std::uint16_t probe = 1;
  const bool host_little = *reinterpret_cast<const unsigned char*>(&probe) == 1;
  if (little != host_little)
    for (int i = 0; i < 4; ++i) std::swap(b[i], b[7 - i]);
  double d;
  std::memcpy(&d, b, 8);
  return d;
}

/// The envelope of a GeoPackage geometry blob: from its header when it has one (GDAL writes
/// it for all but points), else from the WKB after the header. False for an empty geometry.
bool blob_box(const unsigned char* blob, int size, Box& box) {
  if (size < 8 || blob[0] != 'G' || blob[1] != 'P') return false;
  const unsigned char flags = blob[3];
  if (flags & 0x10) return false;  // the empty-geometry flag
  const bool little = flags & 0x01;
  const int envelope = (flags >> 1) & 0x07;
  static const int envelope_bytes[] = {0, 32, 48, 48, 64, -1, -1, -1};
  const int header = 8 + envelope_bytes[envelope];
  if (envelope_bytes[envelope] < 0 || size < header) return false;
  if (envelope != 0) {
    box = {read_double(blob + 8, little), read_double(blob + 16, little),
           read_double(blob + 24, little), read_double(blob + 32, little)};
    return !std::isnan(box.minx);
  }
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(blob + header, nullptr, &g, size - header) != OGRERR_NONE)
    return false;
  const std::unique_ptr<OGRGeometry> owned(g);
  if (g->IsEmpty()) return false;
  OGREnvelope e;
  g->getEnvelope(&e);
  box = {e.MinX, e.MaxX, e.MinY, e.MaxY};
  return true;
}

class Db {
 public:
  Db(const std::filesystem::path& file, const std::string& where) : where_(where) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
      fail("cannot open to build its spatial index");
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      fail("cannot build its spatial index");
  }
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      fail("cannot build its spatial index");
    return s;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(where_, what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
  }

 private:
  sqlite3* db_ = nullptr;
  std::string where_;
};

struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, Finalize>;

}  // namespace

void build_gpkg_rtree(const std::filesystem::path& file, const std::string& table,
                      const std::string& fid_column, const std::string& geom_column,
                      const std::string& where) {
  Db db(file, where);
  const std::string rtree = quoted("rtree_" + table + "_" + geom_column);
  const std::string t = quoted(table), fid = quoted(fid_column), g = quoted(geom_column);
  const auto trigger = [&](const char* suffix) { return quoted("rtree_" + table + "_" + geom_column + suffix); };
  const std::string values = "VALUES (NEW." + fid + ",ST_MinX(NEW." + g + "), ST_MaxX(NEW." + g +
                             "),ST_MinY(NEW." + g + "), ST_MaxY(NEW." + g + "))";
  db.exec("BEGIN");
  db.exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,"
          "extension_name TEXT NOT NULL,definition TEXT NOT NULL,scope TEXT NOT NULL,"
          "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
  db.exec("CREATE VIRTUAL TABLE " + rtree + " USING rtree(id, minx, maxx, miny, maxy)");
  {
    const Stmt read(db.prepare("SELECT " + fid + ", " + g + " FROM " + t));
    const Stmt insert(db.prepare("INSERT INTO " + rtree + " VALUES (?,?,?,?,?)"));
    int rc;
    while ((rc = sqlite3_step(read.get())) == SQLITE_ROW) {
      if (sqlite3_column_type(read.get(), 1) != SQLITE_BLOB) continue;  // NULL geometry
      const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(read.get(), 1));
      Box b{};
      if (!blob_box(blob, sqlite3_column_bytes(read.get(), 1), b)) continue;
      sqlite3_bind_int64(insert.get(), 1, sqlite3_column_int64(read.get(), 0));
      sqlite3_bind_double(insert.get(), 2, b.minx);
      sqlite3_bind_double(insert.get(), 3, b.maxx);
      sqlite3_bind_double(insert.get(), 4, b.miny);
      sqlite3_bind_double(insert.get(), 5, b.maxy);
      if (sqlite3_step(insert.get()) != SQLITE_DONE) db.fail("cannot build its spatial index");
      sqlite3_reset(insert.get());
    }
    if (rc != SQLITE_DONE) db.fail("cannot read back to build its spatial index");
  }
  // The extension's triggers, as GDAL writes them (GeoPackage 1.2 rtree extension).
  db.exec("CREATE TRIGGER " + trigger("_insert") + " AFTER INSERT ON " + t + " WHEN (new." + g +
          " NOT NULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN INSERT OR REPLACE INTO " + rtree +
          " " + values + "; END");
  db.exec("CREATE TRIGGER " + trigger("_update1") + " AFTER UPDATE OF " + g + " ON " + t +
          " WHEN OLD." + fid + " = NEW." + fid + " AND (NEW." + g + " NOTNULL AND NOT ST_IsEmpty(NEW." +
          g + ")) BEGIN INSERT OR REPLACE INTO " + rtree + " " + values + "; END");
  db.exec("CREATE TRIGGER " + trigger("_update2") + " AFTER UPDATE OF " + g + " ON " + t +
          " WHEN OLD." + fid + " = NEW." + fid + " AND (NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g +
          ")) BEGIN DELETE FROM " + rtree + " WHERE id = OLD." + fid + "; END");
  db.exec("CREATE TRIGGER " + trigger("_update3") + " AFTER UPDATE ON " + t + " WHEN OLD." + fid +
          " != NEW." + fid + " AND (NEW." + g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g +
          ")) BEGIN DELETE FROM " + rtree + " WHERE id = OLD." + fid + "; INSERT OR REPLACE INTO " +
          rtree + " " + values + "; END");
  db.exec("CREATE TRIGGER " + trigger("_update4") + " AFTER UPDATE ON " + t + " WHEN OLD." + fid +
          " != NEW." + fid + " AND (NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g +
          ")) BEGIN DELETE FROM " + rtree + " WHERE id IN (OLD." + fid + ", NEW." + fid + "); END");
  db.exec("CREATE TRIGGER " + trigger("_delete") + " AFTER DELETE ON " + t + " WHEN old." + g +
          " NOT NULL BEGIN DELETE FROM " + rtree + " WHERE id = OLD." + fid + "; END");
  db.exec("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
          "VALUES (" + literal(table) + ", " + literal(geom_column) +
          ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
  db.exec("COMMIT");
}

}  // namespace tudi::io
