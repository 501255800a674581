#pragma once
// Text encodings of Chinese land data, DOMAIN §4: detection and recoding to UTF-8.

#include <filesystem>
#include <string>
#include <string_view>

namespace tudi::io {

/// The encoding a source's text is in, and how that was decided (shown to the user).
struct EncodingInfo {
  std::string name;  // an iconv name: "UTF-8", "CP936", "GB18030", "ISO-8859-1", ...
  std::string how;   // ".cpg file says 936", "DBF language driver 0x4D", ...
  bool operator==(const EncodingInfo&) const = default;
};

/// Decides a Shapefile's encoding from its .dbf path, in DOMAIN §4's order: the .cpg file;
/// else the DBF language-driver byte (offset 29); else strict UTF-8 over every character
/// field of every record; else GB18030 (a superset of GBK). Throws tudi::Error if the .dbf
/// cannot be read.
EncodingInfo detect_dbf_encoding(const std::filesystem::path& dbf);

/// Decides the encoding of a text file's bytes (界址点 TXT): a UTF-8 BOM or valid UTF-8 →
/// UTF-8; otherwise GB18030, since such files come from Chinese Windows.
EncodingInfo detect_text_encoding(std::string_view bytes);

/// Normalises a user's encoding name: "gbk", "GBK", "cp936", "936" → "CP936"; "utf8" → "UTF-8";
/// "gb18030" → "GB18030". Throws tudi::UsageError for a name iconv does not know.
std::string normalise_encoding(std::string_view name);

bool is_valid_utf8(std::string_view bytes);
/// Recodes text; throws tudi::Error if the bytes are not valid in `from`.
std::string recode(std::string_view bytes, const std::string& from, const std::string& to);
inline std::string to_utf8(std::string_view bytes, const std::string& from) {
  return recode(bytes, from, "UTF-8");
}

/// The .cpg content a Shapefile of this encoding should carry ("UTF-8", "936").
std::string cpg_for(const std::string& encoding);

}  // namespace tudi::io
