#include "tudi/serve/uploads.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/zip.hpp"
#include "tudi/serve/auth.hpp"

namespace tudi::serve {
namespace fs = std::filesystem;

namespace {

std::string lower_ext(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return {};
  std::string e = name.substr(dot);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

bool is_zip(const std::string& c) { return c.size() >= 4 && c.compare(0, 4, "PK\x03\x04") == 0; }

/// The content as UTF-8 text, or empty when it is binary (NUL bytes).
std::string as_text(const std::string& c) {
  if (c.find('\0') != std::string::npos) return {};
  std::string_view v = c;
  if (v.substr(0, 3) == "\xEF\xBB\xBF") v.remove_prefix(3);
  if (io::is_valid_utf8(v)) return std::string(v);
  try {
    return io::to_utf8(v, "GB18030");
  } catch (const Error&) {
    return {};
  }
}

bool looks_geojson(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') return false;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("type") || !j["type"].is_string()) return false;
  const std::string t = j["type"];
  return t == "FeatureCollection" || t == "Feature" || t == "Polygon" || t == "MultiPolygon";
}

const char* ext_for(UploadKind k) {
  switch (k) {
    case UploadKind::Jzd: return ".txt";
    case UploadKind::GeoJson: return ".geojson";
    case UploadKind::ShapeZip: return ".zip";
    case UploadKind::Csv: return ".csv";
    case UploadKind::Xlsx: return ".xlsx";
    case UploadKind::Toml: return ".toml";
  }
  return ".bin";
}

/// What the bytes are, judged by content first; the client's extension only separates kinds
/// the content cannot (an .xlsx is a zip too; a CSV is just text).
UploadKind sniff(const std::string& content, const std::string& ext, const std::string& shown) {
  if (is_zip(content)) return ext == ".xlsx" ? UploadKind::Xlsx : UploadKind::ShapeZip;
  const std::string text = as_text(content);
  if (text.empty()) throw Error(shown, "无法识别的文件：既不是文本也不是 zip 压缩包");
  if (text.find("[地块坐标]") != std::string::npos) return UploadKind::Jzd;
  if (looks_geojson(text)) return UploadKind::GeoJson;
  if (ext == ".csv") return UploadKind::Csv;
  if (ext == ".toml") {
    try {
      (void)toml::parse(text);
      return UploadKind::Toml;
    } catch (const toml::parse_error& e) {
      throw Error(shown + ":" + std::to_string(e.source().begin.line),
                  "不是有效的 TOML：" + std::string(e.description()));
    }
  }
  if (ext == ".txt") throw Error(shown, "不是界址点坐标文件（缺少 [地块坐标] 一节）");
  if (ext == ".geojson" || ext == ".json") throw Error(shown, "不是有效的 GeoJSON 面要素");
  throw Error(shown, "无法识别的文件类型");
}

}  // namespace

const char* label(UploadKind k) {
  switch (k) {
    case UploadKind::Jzd: return "界址点坐标文件（TXT）";
    case UploadKind::GeoJson: return "GeoJSON";
    case UploadKind::ShapeZip: return "Shapefile 压缩包（ZIP）";
    case UploadKind::Csv: return "项目表（CSV）";
    case UploadKind::Xlsx: return "项目表（XLSX）";
    case UploadKind::Toml: return "调整方案（TOML）";
  }
  return "文件";
}

std::string shown_name(const std::string& client_name) {
  std::string n = client_name;
  const auto slash = n.find_last_of("/\\");
  if (slash != std::string::npos) n = n.substr(slash + 1);
  std::string out;
  for (unsigned char c : n)
    if (c >= 0x20 && c != 0x7f && c != '<' && c != '>' && c != '"' && c != '&') out.push_back(static_cast<char>(c));
  if (!io::is_valid_utf8(out)) out = "上传文件";
  // Cut at a character boundary.
  out.resize(utf8_floor(out, 80));
  if (out.empty() || out == "." || out == "..") out = "上传文件";
  return out;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

Upload store_upload(const fs::path& dir, const std::string& client_name, const std::string& content,
                    const std::vector<UploadKind>& accepted, std::size_t max_bytes) {
  Upload u;
  u.shown_name = shown_name(client_name);
  u.bytes = content.size();
  if (content.empty()) throw Error(u.shown_name, "文件为空");
  if (content.size() > max_bytes)
    throw Error(u.shown_name, "文件过大（" + std::to_string(content.size() >> 10) + " KB，上限 " +
                                  std::to_string(max_bytes >> 10) + " KB）");
  u.kind = sniff(content, lower_ext(u.shown_name), u.shown_name);
  if (std::find(accepted.begin(), accepted.end(), u.kind) == accepted.end()) {
    std::string want;
    for (UploadKind k : accepted) want += (want.empty() ? "" : "、") + std::string(label(k));
    throw Error(u.shown_name, std::string("此处不接受") + label(u.kind) + "，请上传" + want);
  }
  u.sha256 = sha256_hex(content);
  fs::create_directories(dir);
  const std::string stem = random_token(12);
  const fs::path file = dir / (stem + ext_for(u.kind));
  {
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw Error(file.string(), "cannot write the upload");
  }
  u.path = file;
  if (u.kind == UploadKind::ShapeZip) u.path = io::unzip_shapefile(file, dir / stem, "upload", u.shown_name);
  return u;
}

}  // namespace tudi::serve
