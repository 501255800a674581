#pragma once
// Text encodings of Chinese land data, DOMAIN §4: detection and recoding to UTF-8.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/core/value.hpp"

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

/// Recodes text, each byte that is not valid in `from` becoming U+FFFD (to must be UTF-8).
std::string recode_lenient(std::string_view bytes, const std::string& from);

/// Whether `bytes` are well formed in `encoding`: strict UTF-8 (a sequence cut off by the end
/// allowed: writers cut fields by bytes), the GBK / GB18030 byte structure; other encodings
/// are taken as they come (every byte is a character in the single-byte code pages).
bool well_formed(std::string_view bytes, const std::string& encoding);

/// The text cells of a .dbf whose bytes are not valid in its encoding. GDAL drops the bytes it
/// cannot convert without a word (the 界址点 reader refuses the same bytes); the reader keeps
/// such a value with U+FFFD in their place and says so, feature and field.
class InvalidText {
 public:
  struct Cell {
    std::size_t field = 0;  // DBF field = OGR field position
    std::string value;      // recoded leniently
    std::string hex;        // the raw bytes, for the warning
  };
  bool empty() const { return cells_.empty(); }
  std::size_t size() const { return count_; }
  /// Replaces the values of feature `fid` (a Shapefile's FID is its record number from 0).
  void fill(std::int64_t fid, std::vector<Value>& values) const;
  /// One warning per cell, the first `max` of them, and a count of the rest.
  std::vector<std::string> warnings(const std::vector<std::string>& names,
                                    std::size_t max = 20) const;

 private:
  friend InvalidText find_invalid_text(const std::filesystem::path&, const std::string&);
  std::map<std::int64_t, std::vector<Cell>> cells_;
  std::size_t count_ = 0;
  std::string encoding_, dbf_;
};

/// Every text cell of `dbf` that is not well formed in `encoding`.
InvalidText find_invalid_text(const std::filesystem::path& dbf, const std::string& encoding);

/// The .cpg content a Shapefile of this encoding should carry ("UTF-8", "936").
std::string cpg_for(const std::string& encoding);

}  // namespace tudi::io
