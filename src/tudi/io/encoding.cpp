// Encoding detection and recoding (DOMAIN §4, §5). The DBF is read here byte by byte rather
// than through GDAL because GDAL would already have recoded (and possibly garbled) the text.

#include "tudi/io/encoding.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <optional>
#include <system_error>
#include <vector>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"

namespace fs = std::filesystem;

namespace tudi::io {
namespace {

// ---------------------------------------------------------------------------------------------
// Names

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Windows code page numbers GDAL turns into "CP<n>" when it reads a .cpg (its
// GetEncodingFromCPG): 437–950 and 1250–1258. Writing only these as bare numbers keeps our
// .cpg files readable by GDAL as well as by ArcGIS.
bool gdal_reads_as_codepage(int n) {
  return (n >= 437 && n <= 950) || (n >= 1250 && n <= 1258);
}

/// The iconv name for the spellings found in .cpg files, GDAL options and user input; the
/// trimmed, upper-cased input when it is none of those (iconv may still know it, e.g. BIG5).
std::string canonical(std::string_view raw) {
  std::string name = upper_ascii(trim(strip_bom(raw)));
  // Some .cpg files name Windows code pages as "ANSI 1251" (a spelling GDAL reads too).
  if (name.rfind("ANSI ", 0) == 0) name = std::string(trim(std::string_view(name).substr(5)));

  // Compare without the separators people vary: UTF-8 / UTF8 / utf_8, WINDOWS-936 / Windows 936.
  std::string key;
  for (char c : name)
    if (c != '-' && c != '_' && c != ' ') key += c;

  if (key == "UTF8" || key == "65001" || key == "CP65001") return "UTF-8";
  // GB2312 and EUC-CN labels are, in practice, on GBK data: GBK is a superset, so decoding
  // with CP936 never loses what the strict GB2312 decoder would have read.
  if (key == "GBK" || key == "CP936" || key == "936" || key == "MS936" || key == "WINDOWS936" ||
      key == "GB2312" || key == "EUCCN")
    return "CP936";
  if (key == "GB18030" || key == "54936" || key == "CP54936") return "GB18030";
  if (key == "LATIN1" || key == "ISO88591" || key == "88591") return "ISO-8859-1";
  if (key.rfind("8859", 0) == 0 && all_digits(key.substr(4))) return "ISO-8859-" + key.substr(4);
  if (key.rfind("ISO8859", 0) == 0 && all_digits(key.substr(7))) return "ISO-8859-" + key.substr(7);

  std::string_view digits = key;
  if (digits.rfind("WINDOWS", 0) == 0)
    digits.remove_prefix(7);
  else if (digits.rfind("CP", 0) == 0)
    digits.remove_prefix(2);
  if (all_digits(digits) && digits.size() <= 5) return "CP" + std::string(digits);
  return name;
}

bool iconv_knows(const std::string& name) {
  // "//TRANSLIT" and "//IGNORE" suffixes would silently change what recode() does.
  if (name.empty() || name.find('/') != std::string::npos) return false;
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

// ---------------------------------------------------------------------------------------------
// UTF-8

struct Utf8Scan {
  bool valid = true;        // every byte belongs to a well-formed sequence
  bool non_ascii = false;   // at least one byte ≥ 0x80
  bool cut_at_end = false;  // the only fault: the last sequence is cut off by the end
  std::size_t bad_at = 0;   // offset of the first ill-formed sequence when !valid
};

// Strict UTF-8 after Unicode Table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF.
Utf8Scan scan_utf8(std::string_view s) {
  Utf8Scan r;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    r.non_ascii = true;
    int len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      r.valid = false;
      r.bad_at = i;
      return r;
    }
    for (int k = 1; k < len; ++k) {
      if (i + k >= n) {
        r.valid = false;
        r.cut_at_end = true;
        r.bad_at = i;
        return r;
      }
      const unsigned char b = p[i + k];
      const bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
      if (!ok) {
        r.valid = false;
        r.bad_at = i;
        return r;
      }
    }
    i += static_cast<std::size_t>(len);
  }
  return r;
}

std::string hex_bytes(std::string_view s, std::size_t at, std::size_t count) {
  std::string out;
  for (std::size_t k = at; k < s.size() && k < at + count; ++k) {
    if (!out.empty()) out += ' ';
    out += fmt::format("0x{:02X}", static_cast<unsigned char>(s[k]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// iconv

/// iconv descriptors per thread, so recoding every field of every feature does not pay for
/// iconv_open each time (and descriptors, which keep shift state, are never shared).
class IconvCache {
 public:
  ~IconvCache() {
    for (auto& e : entries_) iconv_close(e.cd);
  }
  iconv_t get(const std::string& from, const std::string& to) {
    for (auto& e : entries_)
      if (e.from == from && e.to == to) return e.cd;
    iconv_t cd = iconv_open(to.c_str(), from.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1))
      throw Error(
          "", fmt::format("cannot recode from {} to {}: iconv does not know the pair", from, to));
    if (entries_.size() >= kMax) {
      iconv_close(entries_.front().cd);
      entries_.erase(entries_.begin());
    }
    entries_.push_back({from, to, cd});
    return cd;
  }

 private:
  struct Entry {
    std::string from, to;
    iconv_t cd;
  };
  static constexpr std::size_t kMax = 8;
  std::vector<Entry> entries_;
};

// ---------------------------------------------------------------------------------------------
// DBF

std::uint32_t le32(const unsigned char* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
         std::uint32_t(p[3]) << 24;
}
std::uint32_t le16(const unsigned char* p) {
  return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8;
}

/// The encoding a DBF language-driver id stands for; nullopt for 0 (none), 0x57 ("ANSI", i.e.
/// whatever the writer's Windows code page was) and ids we do not know.
std::optional<std::string> ldid_encoding(unsigned char ldid) {
  struct Ldid {
    unsigned char id;
    const char* encoding;
  };
  static constexpr Ldid kTable[] = {
      {0x01, "CP437"},  {0x02, "CP850"},  {0x03, "CP1252"}, {0x26, "CP866"},
      {0x4D, "CP936"},  // Chinese GBK (PRC)
      {0x4E, "CP949"},  // Korean
      {0x4F, "CP950"},  // Chinese Big5 (Taiwan)
      {0x50, "CP874"},  // Thai
      {0x58, "CP1252"}, {0x59, "CP1252"}, {0x64, "CP852"},  {0x65, "CP866"},
      {0x78, "CP950"},  {0x79, "CP949"},  {0x7A, "CP936"},  // Chinese GBK (PRC), Windows flavour
      {0x7B, "CP932"},                                      // Japanese
      {0x7C, "CP874"},  {0xC8, "CP1250"}, {0xC9, "CP1251"}, {0xCA, "CP1254"},
      {0xCB, "CP1253"}, {0xCC, "CP1257"},
  };
  for (const auto& e : kTable)
    if (e.id == ldid) return e.encoding;
  return std::nullopt;
}

struct DbfField {
  std::string name;  // raw bytes, as stored
  std::size_t offset = 0, length = 0;
  bool text = false;
};

struct Dbf {
  unsigned char ldid = 0;
  std::size_t header_length = 0, record_length = 0, records = 0;
  std::vector<DbfField> fields;
  std::string where;  // the path, for errors
};

Dbf read_dbf_header(std::ifstream& in, const fs::path& path, std::uintmax_t size) {
  Dbf dbf;
  dbf.where = path.string();
  if (size < 32) throw Error(dbf.where, fmt::format("too short to be a DBF file ({} bytes)", size));
  unsigned char head[32];
  in.read(reinterpret_cast<char*>(head), 32);
  if (!in) throw Error(dbf.where, "cannot read the DBF header");
  dbf.records = le32(head + 4);
  dbf.header_length = le16(head + 8);
  dbf.record_length = le16(head + 10);
  dbf.ldid = head[29];
  // 32 bytes of header, at least the 0x0D terminator, and a deletion flag in every record.
  if (dbf.header_length < 33 || dbf.record_length < 1)
    throw Error(dbf.where, fmt::format("corrupt DBF header (header length {}, record length {})",
                                       dbf.header_length, dbf.record_length));
  if (dbf.header_length > size)
    throw Error(dbf.where, fmt::format("truncated: the DBF header declares {} bytes but the "
                                       "file has {}",
                                       dbf.header_length, size));

  std::string desc(dbf.header_length - 32, '\0');
  in.read(desc.data(), static_cast<std::streamsize>(desc.size()));
  if (!in) throw Error(dbf.where, "cannot read the DBF field descriptors");

  const auto* d = reinterpret_cast<const unsigned char*>(desc.data());
  std::size_t offset = 1;  // after the deletion flag
  for (std::size_t at = 0; at + 32 <= desc.size() && d[at] != 0x0D; at += 32) {
    DbfField f;
    const auto* name = d + at;
    f.name.assign(reinterpret_cast<const char*>(name), std::find(name, name + 11, 0) - name);
    const char type = static_cast<char>(d[at + 11]);
    f.text = type == 'C';
    f.length = d[at + 16];
    // Character fields longer than 255 bytes keep the high byte where the decimal count would
    // be (Clipper/FoxPro, and what shapelib reads and writes).
    if (f.text) f.length += std::size_t(d[at + 17]) << 8;
    f.offset = offset;
    offset += f.length;
    if (offset > dbf.record_length)
      throw Error(dbf.where,
                  fmt::format("corrupt DBF header: field {} ends at byte {} of a {}-byte record",
                              dbf.fields.size() + 1, offset, dbf.record_length));
    dbf.fields.push_back(std::move(f));
  }
  return dbf;
}

/// Calls `visit(record number from 0, record bytes)` for every record the file really holds (a
/// truncated tail is for the reader to report), 4 MiB at a time, until it returns false.
template <typename Visit>
void for_each_record(std::ifstream& in, const Dbf& dbf, std::uintmax_t size, Visit visit) {
  const std::size_t available =
      static_cast<std::size_t>((size - dbf.header_length) / dbf.record_length);
  const std::size_t records = std::min(dbf.records, available);
  const std::size_t per_chunk = std::max<std::size_t>(1, (4u << 20) / dbf.record_length);
  std::string chunk;
  in.seekg(static_cast<std::streamoff>(dbf.header_length));
  for (std::size_t first = 0; first < records; first += per_chunk) {
    const std::size_t count = std::min(per_chunk, records - first);
    chunk.resize(count * dbf.record_length);
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (!in) throw Error(dbf.where, fmt::format("cannot read DBF record {}", first + 1));
    for (std::size_t r = 0; r < count; ++r)
      if (!visit(first + r,
                 std::string_view(chunk.data() + r * dbf.record_length, dbf.record_length)))
        return;
  }
}

/// GBK's byte structure (GB18030's when `four_byte`): ASCII; a lead byte 0x81–0xFE and a trail
/// 0x40–0x7E or 0x80–0xFE; GB18030 also lead, 0x30–0x39, 0x81–0xFE, 0x30–0x39. A character cut
/// off by the end is allowed, as for UTF-8.
bool gb_well_formed(std::string_view s, bool four_byte) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const auto lead = [](unsigned char b) { return b >= 0x81 && b <= 0xFE; };
  const auto digit = [](unsigned char b) { return b >= 0x30 && b <= 0x39; };
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (!lead(c)) return false;
    if (i + 1 >= n) return true;  // cut off by the field's end
    const unsigned char t = p[i + 1];
    if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
      i += 2;
    } else if (four_byte && digit(t)) {
      if (i + 2 >= n) return true;
      if (!lead(p[i + 2])) return false;
      if (i + 3 >= n) return true;
      if (!digit(p[i + 3])) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

std::string_view trim_right_spaces(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  return s;
}

std::string field_label(const Dbf& dbf, std::size_t i) {
  const auto& name = dbf.fields[i].name;
  if (!name.empty() && scan_utf8(name).valid) return name;
  return fmt::format("#{}", i + 1);
}

/// A field is valid UTF-8 when its bytes are, or when the only fault is a sequence cut off by
/// the field's end: writers that truncate by bytes leave that, and it says nothing about the
/// encoding of the rest.
bool field_is_utf8(std::string_view bytes, bool& non_ascii) {
  const Utf8Scan s = scan_utf8(bytes);
  non_ascii = non_ascii || s.non_ascii;
  return s.valid || s.cut_at_end;
}

EncodingInfo utf8_or_gb18030(std::ifstream& in, const Dbf& dbf, std::uintmax_t size) {
  bool non_ascii = false;
  const auto not_utf8 = [](const std::string& where) {
    return EncodingInfo{"GB18030", "text is not UTF-8 (" + where + "): GB18030 assumed"};
  };
  // Field names are text too: a GBK file with Chinese field names and only numbers in its
  // records must not pass as UTF-8.
  for (std::size_t i = 0; i < dbf.fields.size(); ++i) {
    const auto& name = dbf.fields[i].name;
    const Utf8Scan s = scan_utf8(name);
    non_ascii = non_ascii || s.non_ascii;
    if (!s.valid && !(s.cut_at_end && name.size() >= 10))
      return not_utf8(fmt::format("name of field #{}", i + 1));
  }

  std::vector<std::size_t> text;
  for (std::size_t i = 0; i < dbf.fields.size(); ++i)
    if (dbf.fields[i].text && dbf.fields[i].length > 0) text.push_back(i);

  std::optional<EncodingInfo> found;
  if (!text.empty())
    for_each_record(in, dbf, size, [&](std::size_t r, std::string_view record) {
      for (std::size_t i : text) {
        const auto& f = dbf.fields[i];
        if (!field_is_utf8(record.substr(f.offset, f.length), non_ascii)) {
          found = not_utf8(fmt::format("field {}, record {}", field_label(dbf, i), r + 1));
          return false;
        }
      }
      return true;
    });
  if (found) return *found;
  if (non_ascii) return {"UTF-8", "every text field is valid UTF-8"};
  return {"UTF-8", "text is plain ASCII (read as UTF-8)"};
}

/// The .cpg beside `dbf`: same stem, extension .cpg in any case (files from Windows are often
/// upper case: PARCELS.DBF + PARCELS.CPG).
std::optional<fs::path> find_cpg(const fs::path& dbf) {
  fs::path exact = dbf;
  exact.replace_extension(".cpg");
  std::error_code ec;
  if (fs::is_regular_file(exact, ec)) return exact;
  const fs::path folder = dbf.has_parent_path() ? dbf.parent_path() : fs::path(".");
  const std::string stem = dbf.stem().string();
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.stem().string() == stem && upper_ascii(p.extension().string()) == ".CPG" &&
        it->is_regular_file(ec))
      return p;
  }
  return std::nullopt;
}

}  // namespace

// -----------------------------------------------------------------------------------------------

bool is_valid_utf8(std::string_view bytes) {
  return scan_utf8(bytes).valid;
}

EncodingInfo detect_dbf_encoding(const fs::path& dbf_path) {
  const std::string where = dbf_path.string();
  std::error_code ec;
  if (!fs::is_regular_file(dbf_path, ec)) throw Error(where, "no such DBF file");
  const std::uintmax_t size = fs::file_size(dbf_path, ec);
  if (ec) throw Error(where, "cannot read: " + ec.message());
  std::ifstream in(dbf_path, std::ios::binary);
  if (!in) throw Error(where, "cannot open for reading");
  // Read the header first even when a .cpg decides, so a corrupt DBF is reported here.
  const Dbf dbf = read_dbf_header(in, dbf_path, size);

  std::string note;  // a .cpg we could not use is worth telling the user about
  if (const auto cpg = find_cpg(dbf_path)) {
    std::ifstream cin(*cpg, std::ios::binary);
    std::string content(256, '\0');
    cin.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(cin.gcount()));
    // A .cpg saved by Notepad may start with a UTF-8 byte order mark.
    const std::string said(trim(strip_bom(content)));
    const std::string name = canonical(said);
    if (!said.empty() && iconv_knows(name)) return {name, "from .cpg file (" + said + ")"};
    note = ".cpg file (" + said + ") not understood; ";
  }

  if (const auto name = ldid_encoding(dbf.ldid))
    return {*name, note + fmt::format("DBF language driver byte 0x{:02X}", dbf.ldid)};

  EncodingInfo info = utf8_or_gb18030(in, dbf, size);
  info.how = note + info.how;
  return info;
}

EncodingInfo detect_text_encoding(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return {"UTF-8", "byte order mark"};
  const Utf8Scan s = scan_utf8(bytes);
  if (!s.valid) return {"GB18030", "text is not UTF-8: GB18030 assumed"};
  if (s.non_ascii) return {"UTF-8", "text is valid UTF-8"};
  return {"UTF-8", "text is plain ASCII (read as UTF-8)"};
}

std::string normalise_encoding(std::string_view name) {
  const std::string c = canonical(name);
  // "auto" is a choice the callers make (detect_*), not an encoding.
  if (c == "AUTO" || !iconv_knows(c))
    throw UsageError("", fmt::format("unknown encoding '{}' (Chinese land data is GBK, GB18030 "
                                     "or UTF-8)",
                                     trim(name)));
  // A name the user gives is for Chinese land data: KOI8-R or Latin-1 would turn every 地类名称
  // into mojibake without an error, so only the encodings such data comes in are accepted.
  // (.cpg files and DBF language ids, read by detection, may still name any code page.)
  if (c != "UTF-8" && c != "CP936" && c != "GB18030")
    throw UsageError("", fmt::format("encoding '{}' is not one Chinese land data comes in "
                                     "(GBK, GB18030 or UTF-8)",
                                     trim(name)));
  return c;
}

namespace {

/// Recodes `bytes`; invalid input throws, or with `lenient` becomes U+FFFD (dst is UTF-8 then).
std::string convert(std::string_view bytes, const std::string& from, const std::string& to,
                    bool lenient) {
  const std::string src = canonical(from), dst = canonical(to);
  if (src == dst && lenient && src == "UTF-8" && !scan_utf8(bytes).valid) {
    // iconv UTF-8 → UTF-8 validates as it copies, so it can put U+FFFD where the bytes are bad.
  } else if (src == dst) {
    // Nothing to convert, but "UTF-8" text must still be UTF-8 for everything downstream.
    if (src == "UTF-8") {
      const Utf8Scan s = scan_utf8(bytes);
      if (!s.valid)
        throw Error("", fmt::format("text is not valid UTF-8 at byte {} ({})", s.bad_at,
                                    hex_bytes(bytes, s.bad_at, 4)));
    }
    return std::string(bytes);
  }
  if (bytes.empty()) return {};

  thread_local IconvCache cache;
  iconv_t cd = cache.get(src, dst);
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // a fresh shift state for every string

  std::string out(bytes.size() * 2 + 16, '\0');
  std::size_t done = 0;
  int failure = 0;  // errno of the call that stopped the conversion
  // One iconv call; grows `out` and says "again" when it ran out of room. A null `in` flushes
  // the shift state of stateful encodings at the end.
  const auto step = [&](char** in, std::size_t* in_left) {
    char* o = out.data() + done;
    std::size_t o_left = out.size() - done;
    const std::size_t r = iconv(cd, in, in_left, &o, &o_left);
    const int err = errno;
    done = static_cast<std::size_t>(o - out.data());
    if (r != static_cast<std::size_t>(-1)) return false;
    if (err == E2BIG) {
      out.resize(out.size() * 2);
      return true;
    }
    failure = err;
    return false;
  };

  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write
  std::size_t in_left = bytes.size();
  for (;;) {
    while (step(&in, &in_left)) {
    }
    if (failure == 0 || !lenient) break;
    // U+FFFD for the byte iconv stopped at, then on from the next one (the rest of a cut-off
    // character, EINVAL, is all replaced by one).
    const std::string_view replacement = "\xEF\xBF\xBD";
    out.resize(std::max(out.size(), done + replacement.size() + in_left * 2 + 16));
    std::copy(replacement.begin(), replacement.end(), out.begin() + static_cast<std::ptrdiff_t>(done));
    done += replacement.size();
    const std::size_t skip = failure == EINVAL ? in_left : 1;
    in += skip;
    in_left -= skip;
    failure = 0;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  if (failure != 0) {
    const auto at = static_cast<std::size_t>(in - bytes.data());
    if (failure == EINVAL)
      throw Error("", fmt::format("text ends inside a {} character (byte {}: {})", src, at,
                                  hex_bytes(bytes, at, 4)));
    // EILSEQ: either the input is not `from`, or a character has no equivalent in `to`.
    if (src == "UTF-8" && scan_utf8(bytes).valid)
      throw Error("", fmt::format("the character at byte {} ({}) cannot be written in {}", at,
                                  hex_bytes(bytes, at, 4), dst));
    throw Error(
        "", fmt::format("text is not valid {} at byte {} ({})", src, at, hex_bytes(bytes, at, 4)));
  }
  while (step(nullptr, nullptr)) {
  }
  out.resize(done);
  return out;
}

}  // namespace

std::string recode(std::string_view bytes, const std::string& from, const std::string& to) {
  return convert(bytes, from, to, false);
}

std::string recode_lenient(std::string_view bytes, const std::string& from) {
  return convert(bytes, from, "UTF-8", true);
}

bool well_formed(std::string_view bytes, const std::string& encoding) {
  const std::string c = canonical(encoding);
  if (c == "UTF-8") {
    const Utf8Scan s = scan_utf8(bytes);
    return s.valid || s.cut_at_end;
  }
  if (c == "CP936") return gb_well_formed(bytes, false);
  if (c == "GB18030") return gb_well_formed(bytes, true);
  return true;
}

void InvalidText::fill(std::int64_t fid, std::vector<Value>& values) const {
  const auto it = cells_.find(fid);
  if (it == cells_.end()) return;
  for (const Cell& c : it->second)
    if (c.field < values.size()) values[c.field] = c.value;
}

std::vector<std::string> InvalidText::warnings(const std::vector<std::string>& names,
                                               std::size_t max) const {
  std::vector<std::string> out;
  for (const auto& [fid, cells] : cells_)
    for (const Cell& c : cells) {
      if (out.size() == max) {
        out.push_back(fmt::format("{}: {} more text cells with bytes that are not valid {}, read "
                                  "the same way",
                                  dbf_, count_ - max, encoding_));
        return out;
      }
      const std::string field = c.field < names.size() ? names[c.field] : fmt::format("#{}", c.field + 1);
      out.push_back(fmt::format("{}: feature {}, field {}: bytes that are not valid {} ({}); read "
                                "as '{}' with U+FFFD in their place",
                                dbf_, fid, field, encoding_, c.hex, c.value));
    }
  return out;
}

InvalidText find_invalid_text(const fs::path& dbf_path, const std::string& encoding) {
  InvalidText found;
  found.encoding_ = canonical(encoding);
  found.dbf_ = dbf_path.string();
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(dbf_path, ec);
  if (ec) throw Error(dbf_path.string(), "cannot read: " + ec.message());
  std::ifstream in(dbf_path, std::ios::binary);
  if (!in) throw Error(dbf_path.string(), "cannot open for reading");
  const Dbf dbf = read_dbf_header(in, dbf_path, size);
  std::vector<std::size_t> text;
  for (std::size_t i = 0; i < dbf.fields.size(); ++i)
    if (dbf.fields[i].text && dbf.fields[i].length > 0) text.push_back(i);
  if (text.empty()) return found;
  for_each_record(in, dbf, size, [&](std::size_t r, std::string_view record) {
    for (std::size_t i : text) {
      const auto& f = dbf.fields[i];
      const std::string_view cell = trim_right_spaces(record.substr(f.offset, f.length));
      if (well_formed(cell, found.encoding_)) continue;
      std::string hex;
      for (std::size_t k = 0; k < cell.size() && k < 16; ++k)
        hex += fmt::format("{}{:02X}", hex.empty() ? "" : " ", static_cast<unsigned char>(cell[k]));
      if (cell.size() > 16) hex += " …";
      found.cells_[static_cast<std::int64_t>(r)].push_back(
          {i, recode_lenient(cell, found.encoding_), std::move(hex)});
      ++found.count_;
    }
    return true;
  });
  return found;
}

std::string cpg_for(const std::string& encoding) {
  // GDAL's Shapefile driver writes its ENCODING creation option verbatim into the .cpg
  // (shapelib's DBFCreateLL), so ENCODING=CP936 gives "CP936". On reading, GDAL turns a
  // numeric .cpg in 437–950 or 1250–1258 into "CP<n>" and hands anything else to iconv as is.
  // ArcGIS reads .cpg files as Esri documents them: Windows code page numbers ("936", "1252")
  // and "UTF-8"; "CP936" is not among them. So we write the bare number, which both read as
  // GBK, and "UTF-8" spelled the one way both accept.
  const std::string c = canonical(encoding);
  if (c == "UTF-8") return "UTF-8";
  if (c.rfind("CP", 0) == 0 && all_digits(std::string_view(c).substr(2))) {
    const int n = std::stoi(c.substr(2));
    if (gdal_reads_as_codepage(n)) return std::to_string(n);
  }
  // Esri's spelling for ISO-8859-n; GDAL maps a "8859" prefix back to ISO-8859-n.
  if (c.rfind("ISO-8859-", 0) == 0) return "8859" + c.substr(9);
  // GB18030 has Windows code page 54936, but GDAL would pass "54936" to iconv, which does not
  // know it; "GB18030" is what GDAL (and QGIS) read back.
  return c;
}

}  // namespace tudi::io
