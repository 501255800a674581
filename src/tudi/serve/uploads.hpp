#pragma once
// Files sent by browsers: checked for size and type by their content, stored under generated
// names (nothing the client sends ever becomes a path), digested for the audit trail.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tudi::serve {

enum class UploadKind {
  Jzd,       // 界址点 coordinate TXT
  GeoJson,   // GeoJSON polygons
  ShapeZip,  // a zipped Shapefile
  Csv,       // projects table (match)
  Xlsx,      // projects table (match)
  Toml,      // zones scenario
};
const char* label(UploadKind k);  // "界址点坐标文件", ...

/// An upload as stored.
struct Upload {
  UploadKind kind = UploadKind::Jzd;
  std::filesystem::path path;  // the generated file (for ShapeZip: the unpacked .shp)
  std::string shown_name;      // the client's file name, made harmless, for messages only
  std::string sha256;
  std::size_t bytes = 0;
};

/// Checks and stores one uploaded file under `dir` with a generated name. `accepted` lists the
/// kinds this endpoint takes. Throws tudi::Error with a message naming the file (its shown name)
/// when it is empty, too large, of a kind not accepted or not what it claims to be.
Upload store_upload(const std::filesystem::path& dir, const std::string& client_name,
                    const std::string& content, const std::vector<UploadKind>& accepted,
                    std::size_t max_bytes);

/// A client's file name reduced to something safe to show: its last path component, control
/// characters and markup removed, at most 80 characters; "上传文件" when nothing is left.
std::string shown_name(const std::string& client_name);

/// Hex SHA-256 of bytes (libsodium).
std::string sha256_hex(const std::string& bytes);

}  // namespace tudi::serve
