// Encoding detection and recoding (DOMAIN §4, §5). The DBF files are built byte by byte here so
// each test shows exactly what the detector sees.

#include "tudi/io/encoding.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "test_config.hpp"
#include "tudi/core/error.hpp"

namespace tudi::io {
// So a failing comparison prints the detection, not its bytes.
void PrintTo(const EncodingInfo& e, std::ostream* os) {
  *os << e.name << " (" << e.how << ")";
}
}  // namespace tudi::io

namespace fs = std::filesystem;
using tudi::io::cpg_for;
using tudi::io::detect_dbf_encoding;
using tudi::io::detect_text_encoding;
using tudi::io::EncodingInfo;
using tudi::io::is_valid_utf8;
using tudi::io::normalise_encoding;
using tudi::io::recode;
using tudi::io::to_utf8;

namespace {

// 黑龙江省 in both encodings: GBK is two bytes a character, UTF-8 three.
const std::string kGbk = "\xBA\xDA\xC1\xFA\xBD\xAD\xCA\xA1";
const std::string kUtf8 = "黑龙江省";

struct Field {
  std::string name;  // raw bytes, at most 10
  char type = 'C';
  int length = 0;
};

void put_le(std::string& s, std::size_t at, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

/// A dBase III file as shapelib writes it: 32-byte header, 32-byte field descriptors, 0x0D,
/// records of a deletion flag (' ') and space-padded values, 0x1A at the end.
std::string dbf_bytes(unsigned char ldid, const std::vector<Field>& fields,
                      const std::vector<std::vector<std::string>>& records) {
  std::uint32_t record_length = 1;
  for (const auto& f : fields) record_length += static_cast<std::uint32_t>(f.length);
  const auto header_length = static_cast<std::uint32_t>(32 + 32 * fields.size() + 1);

  std::string s(32, '\0');
  s[0] = 0x03;  // dBase III without memo
  s[1] = 125;   // last update 2025-06-15
  s[2] = 6;
  s[3] = 15;
  put_le(s, 4, static_cast<std::uint32_t>(records.size()), 4);
  put_le(s, 8, header_length, 2);
  put_le(s, 10, record_length, 2);
  s[29] = static_cast<char>(ldid);
  for (const auto& f : fields) {
    std::string d(32, '\0');
    d.replace(0, f.name.size(), f.name);
    d[11] = f.type;
    d[16] = static_cast<char>(f.length);
    s += d;
  }
  s += '\x0D';
  for (const auto& r : records) {
    s += ' ';
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::string v = r.at(i);
      EXPECT_LE(v.size(), static_cast<std::size_t>(fields[i].length)) << "test data too long";
      v.resize(static_cast<std::size_t>(fields[i].length), ' ');
      s += v;
    }
  }
  s += '\x1A';
  return s;
}

/// The raw bytes of one field of one record, trailing spaces removed: an independent reading
/// of the DBF layout to check what the detector decided against the real bytes.
std::string dbf_field(const std::string& dbf, const std::string& name, std::size_t record) {
  const auto u = [&](std::size_t at) { return static_cast<unsigned char>(dbf.at(at)); };
  const std::size_t header_length = u(8) | u(9) << 8;
  const std::size_t record_length = u(10) | u(11) << 8;
  std::size_t offset = 1;
  for (std::size_t at = 32; u(at) != 0x0D; at += 32) {
    const std::string field_name(dbf.c_str() + at);  // NUL-terminated within 11 bytes
    const std::size_t length = u(at + 16);
    if (field_name == name) {
      std::string v = dbf.substr(header_length + record * record_length + offset, length);
      v.erase(v.find_last_not_of(' ') + 1);
      return v;
    }
    offset += length;
  }
  ADD_FAILURE() << "no field " << name;
  return {};
}

/// What `f` threw as a tudi::Error (whose message starts with where it happened).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const tudi::Error& e) {
    return e.what();
  }
  return "no exception";
}

class EncodingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = tudi::test::fresh_scratch_dir("tudi-encoding-test-" + std::to_string(n++));
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  /// One text field NAME (20 bytes) with the given records.
  fs::path name_dbf(const std::string& file, unsigned char ldid,
                    const std::vector<std::string>& values) {
    std::vector<std::vector<std::string>> records;
    for (const auto& v : values) records.push_back({v});
    return write(file, dbf_bytes(ldid, {{"NAME", 'C', 20}}, records));
  }

  fs::path dir_;
};

// --- detect_dbf_encoding: .cpg ------------------------------------------------------------------

TEST_F(EncodingTest, GbkWithCpgIsCp936FromTheCpg) {
  const fs::path dbf = name_dbf("parcels.dbf", 0x00, {kGbk, "ASCII"});
  write("parcels.cpg", "936\r\n");
  const auto info = detect_dbf_encoding(dbf);
  EXPECT_EQ(info, (EncodingInfo{"CP936", "from .cpg file (936)"}));
  std::ifstream in(dbf, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  EXPECT_EQ(to_utf8(dbf_field(bytes, "NAME", 0), info.name), kUtf8);
}

TEST_F(EncodingTest, UpperCaseCpgExtensionIsFound) {
  const fs::path dbf = name_dbf("PARCELS.DBF", 0x00, {kGbk});
  write("PARCELS.CPG", "GBK");
  const auto info = detect_dbf_encoding(dbf);
  EXPECT_EQ(info, (EncodingInfo{"CP936", "from .cpg file (GBK)"}));
}

TEST_F(EncodingTest, CpgSpellingsMapToIconvNames) {
  const fs::path dbf = name_dbf("a.dbf", 0x00, {"x"});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"UTF-8", "UTF-8"},      {"utf8", "UTF-8"},       {"65001", "UTF-8"},
      {"936", "CP936"},        {"GBK", "CP936"},        {"CP936", "CP936"},
      {"GB2312", "CP936"},     {"GB18030", "GB18030"},  {"1252", "CP1252"},
      {"ANSI 1251", "CP1251"}, {"88591", "ISO-8859-1"}, {"\xEF\xBB\xBFUTF-8\n", "UTF-8"},
  };
  for (const auto& [content, expected] : cases) {
    write("a.cpg", content);
    EXPECT_EQ(detect_dbf_encoding(dbf).name, expected) << "cpg: " << content;
  }
}

TEST_F(EncodingTest, CpgWinsOverLanguageDriver) {
  const fs::path dbf = name_dbf("a.dbf", 0x4D, {kUtf8});
  write("a.cpg", "UTF-8");
  const auto info = detect_dbf_encoding(dbf);
  EXPECT_EQ(info, (EncodingInfo{"UTF-8", "from .cpg file (UTF-8)"}));
}

TEST_F(EncodingTest, UnusableCpgIsReportedAndSkipped) {
  const fs::path dbf = name_dbf("a.dbf", 0x4D, {kGbk});
  write("a.cpg", "no-such-charset");
  const auto info = detect_dbf_encoding(dbf);
  EXPECT_EQ(
      info,
      (EncodingInfo{"CP936",
                    ".cpg file (no-such-charset) not understood; DBF language driver byte 0x4D"}));
}

// --- detect_dbf_encoding: language driver -------------------------------------------------------

TEST_F(EncodingTest, GbkWithoutCpgUsesLanguageDriver4D) {
  const fs::path dbf = name_dbf("a.dbf", 0x4D, {kGbk});
  const auto info = detect_dbf_encoding(dbf);
  EXPECT_EQ(info, (EncodingInfo{"CP936", "DBF language driver byte 0x4D"}));
}

TEST_F(EncodingTest, LanguageDriverTable) {
  const std::vector<std::pair<unsigned char, std::string>> cases = {
      {0x01, "CP437"}, {0x03, "CP1252"}, {0x4D, "CP936"}, {0x4E, "CP949"},
      {0x4F, "CP950"}, {0x7A, "CP936"},  {0xC9, "CP1251"}};
  for (const auto& [ldid, expected] : cases) {
    // ASCII content, so only the byte can have decided.
    const fs::path dbf = name_dbf("ldid.dbf", ldid, {"plain"});
    EXPECT_EQ(detect_dbf_encoding(dbf).name, expected) << "LDID " << int(ldid);
  }
}

TEST_F(EncodingTest, AnsiLanguageDriver57FallsThroughToContent) {
  // 0x57 means "the writer's Windows code page": on Chinese Windows that was GBK.
  EXPECT_EQ(detect_dbf_encoding(name_dbf("g.dbf", 0x57, {kGbk})).name, "GB18030");
  EXPECT_EQ(detect_dbf_encoding(name_dbf("u.dbf", 0x57, {kUtf8})).name, "UTF-8");
}

// --- detect_dbf_encoding: content ---------------------------------------------------------------

TEST_F(EncodingTest, GbkWithoutCpgOrLanguageDriverIsGb18030) {
  const fs::path dbf = name_dbf("a.dbf", 0x00, {"ASCII first", kGbk});
  const auto info = detect_dbf_encoding(dbf);
  EXPECT_EQ(info,
            (EncodingInfo{"GB18030", "text is not UTF-8 (field NAME, record 2): GB18030 assumed"}));
  std::ifstream in(dbf, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  EXPECT_EQ(to_utf8(dbf_field(bytes, "NAME", 1), info.name), kUtf8);
}

TEST_F(EncodingTest, Utf8WithoutCpgIsUtf8) {
  const auto info = detect_dbf_encoding(name_dbf("a.dbf", 0x00, {"abc", kUtf8}));
  EXPECT_EQ(info, (EncodingInfo{"UTF-8", "every text field is valid UTF-8"}));
}

TEST_F(EncodingTest, PlainAsciiIsUtf8) {
  const auto info = detect_dbf_encoding(name_dbf("a.dbf", 0x00, {"abc", "def"}));
  EXPECT_EQ(info, (EncodingInfo{"UTF-8", "text is plain ASCII (read as UTF-8)"}));
}

TEST_F(EncodingTest, EveryTextFieldOfEveryRecordIsChecked) {
  // GBK only in the second text field of the last record; numeric fields are skipped.
  const std::string bytes =
      dbf_bytes(0x00, {{"CODE", 'N', 6}, {"A", 'C', 8}, {"B", 'C', 10}},
                {{"1", "x", kUtf8.substr(0, 9)}, {"2", "y", "z"}, {"3", "w", kGbk}});
  const auto info = detect_dbf_encoding(write("a.dbf", bytes));
  EXPECT_EQ(info,
            (EncodingInfo{"GB18030", "text is not UTF-8 (field B, record 3): GB18030 assumed"}));
}

TEST_F(EncodingTest, GbkFieldNamesCountAsText) {
  // 地类 (land class) as a GBK field name, only digits in the records.
  const std::string name = "\xB5\xD8\xC0\xE0";
  const auto info =
      detect_dbf_encoding(write("a.dbf", dbf_bytes(0x00, {{name, 'C', 4}}, {{"0101"}})));
  EXPECT_EQ(info,
            (EncodingInfo{"GB18030", "text is not UTF-8 (name of field #1): GB18030 assumed"}));
}

TEST_F(EncodingTest, Utf8CutByTheFieldWidthIsStillUtf8) {
  // A writer truncating by bytes leaves 黑龙 and the first two bytes of 江 in 8 bytes.
  const std::string cut = kUtf8.substr(0, 8);
  ASSERT_FALSE(is_valid_utf8(cut));
  const auto info = detect_dbf_encoding(write("a.dbf", dbf_bytes(0, {{"N", 'C', 8}}, {{cut}})));
  EXPECT_EQ(info.name, "UTF-8");
}

TEST_F(EncodingTest, TruncatedRecordsAreScannedAsFarAsTheyGo) {
  std::string bytes = dbf_bytes(0x00, {{"NAME", 'C', 20}}, {{kGbk}, {"x"}});
  bytes.resize(bytes.size() - 15);  // the second record is cut short
  EXPECT_EQ(detect_dbf_encoding(write("a.dbf", bytes)).name, "GB18030");
}

// --- detect_dbf_encoding: bad files -------------------------------------------------------------

TEST_F(EncodingTest, MissingDbfThrowsNamingIt) {
  const fs::path p = dir_ / "none.dbf";
  EXPECT_EQ(error_of([&] { detect_dbf_encoding(p); }), p.string() + ": no such DBF file");
}

TEST_F(EncodingTest, ShortDbfThrows) {
  const fs::path p = write("short.dbf", std::string(10, '\x03'));
  EXPECT_EQ(error_of([&] { detect_dbf_encoding(p); }),
            p.string() + ": too short to be a DBF file (10 bytes)");
}

TEST_F(EncodingTest, CorruptDbfThrows) {
  // Record length 5, but the field claims 20 bytes.
  std::string bytes = dbf_bytes(0x00, {{"NAME", 'C', 20}}, {{"x"}});
  put_le(bytes, 10, 5, 2);
  const fs::path p = write("corrupt.dbf", bytes);
  EXPECT_EQ(error_of([&] { detect_dbf_encoding(p); }),
            p.string() + ": corrupt DBF header: field 1 ends at byte 21 of a 5-byte record");

  // Header length beyond the end of the file.
  bytes = dbf_bytes(0x00, {{"NAME", 'C', 20}}, {});
  put_le(bytes, 8, 4000, 2);
  const fs::path q = write("long.dbf", bytes);
  EXPECT_EQ(error_of([&] { detect_dbf_encoding(q); }),
            q.string() + ": truncated: the DBF header declares 4000 bytes but the file has 66");
}

// --- the real file ------------------------------------------------------------------------------

TEST(EncodingRealData, ChinesePolyIsGbkWithoutCpgOrLanguageDriver) {
  TUDI_REQUIRE_SHARED_DATA();
  const fs::path dbf = tudi::test::kSharedData / "encodings" / "chinese_poly.dbf";
  const auto info = detect_dbf_encoding(dbf);
  EXPECT_EQ(info,
            (EncodingInfo{"GB18030", "text is not UTF-8 (field NAME, record 1): GB18030 assumed"}));

  std::ifstream in(dbf, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), {}};
  ASSERT_EQ(static_cast<unsigned char>(bytes.at(29)), 0x00);  // what the README promises
  const std::string name = dbf_field(bytes, "NAME", 0);
  EXPECT_EQ(name, kGbk);
  EXPECT_EQ(to_utf8(name, info.name), "黑龙江省");
}

// --- .cpg we write, read back by GDAL ------------------------------------------------------------

std::string gdal_first_string(const fs::path& dbf) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(dbf.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  if (!ds) return "<cannot open>";
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  OGRFeatureH f = OGR_L_GetNextFeature(layer);
  std::string value = f ? OGR_F_GetFieldAsString(f, 0) : "<no feature>";
  if (f) OGR_F_Destroy(f);
  GDALClose(ds);
  return value;
}

TEST_F(EncodingTest, GdalReadsTheCpgWeWriteForGbkAndUtf8) {
  name_dbf("gbk.dbf", 0x00, {kGbk});
  write("gbk.cpg", cpg_for("CP936"));
  EXPECT_EQ(gdal_first_string(dir_ / "gbk.dbf"), kUtf8);

  name_dbf("utf8.dbf", 0x00, {kUtf8});
  write("utf8.cpg", cpg_for("UTF-8"));
  EXPECT_EQ(gdal_first_string(dir_ / "utf8.dbf"), kUtf8);
}

TEST(CpgFor, WritesWhatArcGisAndGdalBothRead) {
  EXPECT_EQ(cpg_for("UTF-8"), "UTF-8");
  EXPECT_EQ(cpg_for("utf8"), "UTF-8");
  EXPECT_EQ(cpg_for("CP936"), "936");
  EXPECT_EQ(cpg_for("GBK"), "936");
  EXPECT_EQ(cpg_for("CP1252"), "1252");
  EXPECT_EQ(cpg_for("ISO-8859-1"), "88591");
  EXPECT_EQ(cpg_for("GB18030"), "GB18030");
}

// --- detect_text_encoding and is_valid_utf8 ------------------------------------------------------

TEST(DetectText, BomValidUtf8AndGbk) {
  auto info = detect_text_encoding("\xEF\xBB\xBF[属性描述]\r\n");
  EXPECT_EQ(info, (EncodingInfo{"UTF-8", "byte order mark"}));

  info = detect_text_encoding("[属性描述]\r\n坐标系=2000国家大地坐标系\r\n");
  EXPECT_EQ(info, (EncodingInfo{"UTF-8", "text is valid UTF-8"}));

  // [属性描述] in GBK
  info = detect_text_encoding("[\xCA\xF4\xD0\xD4\xC3\xE8\xCA\xF6]\r\n");
  EXPECT_EQ(info, (EncodingInfo{"GB18030", "text is not UTF-8: GB18030 assumed"}));

  info = detect_text_encoding("J1,1,3907880.486,38490904.625\r\n");
  EXPECT_EQ(info, (EncodingInfo{"UTF-8", "text is plain ASCII (read as UTF-8)"}));
}

TEST(Utf8, StrictValidation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("abc"));
  EXPECT_TRUE(is_valid_utf8(kUtf8));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last one
  EXPECT_FALSE(is_valid_utf8(kGbk));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE9\xBB"));          // cut short
  EXPECT_FALSE(is_valid_utf8("\x80"));              // stray continuation byte
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

// --- normalise_encoding -------------------------------------------------------------------------

TEST(NormaliseEncoding, ToleratesCaseAndSpelling) {
  for (const char* s : {"gbk", "GBK", "cp936", "CP936", "936", "gb2312", "ms936", "windows-936"})
    EXPECT_EQ(normalise_encoding(s), "CP936") << s;
  for (const char* s : {"utf8", "UTF8", "utf-8", "UTF-8", " UTF_8 ", "65001"})
    EXPECT_EQ(normalise_encoding(s), "UTF-8") << s;
  EXPECT_EQ(normalise_encoding("gb18030"), "GB18030");
  EXPECT_EQ(normalise_encoding("GB-18030"), "GB18030");
}

TEST(NormaliseEncoding, RefusesEncodingsChineseLandDataDoesNotComeIn) {
  // Real encodings iconv knows, but reading a Chinese .dbf in them yields mojibake, not an error.
  for (const char* s : {"KOI8-R", "latin1", "windows-1252", "big5", "ANSI 1251"}) {
    try {
      normalise_encoding(s);
      ADD_FAILURE() << s << " accepted";
    } catch (const tudi::UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("GBK, GB18030 or UTF-8"), std::string::npos) << e.what();
    }
  }
}

TEST(NormaliseEncoding, RejectsAutoAndUnknownNames) {
  for (const char* s : {"auto", "AUTO", "", "klingon", "GBK//IGNORE"})
    EXPECT_THROW(normalise_encoding(s), tudi::UsageError) << s;
  EXPECT_EQ(error_of([] { normalise_encoding("klingon"); }),
            "unknown encoding 'klingon' (Chinese land data is GBK, GB18030 or UTF-8)");
}

// --- recode -------------------------------------------------------------------------------------

TEST(Recode, GbkAndUtf8RoundTrip) {
  EXPECT_EQ(to_utf8(kGbk, "CP936"), kUtf8);
  EXPECT_EQ(to_utf8(kGbk, "GBK"), kUtf8);
  EXPECT_EQ(to_utf8(kGbk, "GB18030"), kUtf8);
  EXPECT_EQ(recode(kUtf8, "UTF-8", "CP936"), kGbk);
  EXPECT_EQ(recode("J1 " + kUtf8 + " 1.5", "UTF-8", "GBK"), "J1 " + kGbk + " 1.5");
  EXPECT_EQ(to_utf8(recode(kUtf8, "UTF-8", "GB18030"), "GB18030"), kUtf8);
  EXPECT_EQ(to_utf8("", "CP936"), "");
}

TEST(Recode, Gb18030KeepsWhatGbkCannotHold) {
  const std::string rare = "\xF0\xA0\xAE\xB7";  // U+20BB7 𠮷, outside GBK
  const std::string gb = recode(rare, "UTF-8", "GB18030");
  EXPECT_EQ(gb.size(), 4u);  // a four-byte GB18030 sequence
  EXPECT_EQ(to_utf8(gb, "GB18030"), rare);
  EXPECT_EQ(error_of([&] { recode("ab" + rare, "UTF-8", "CP936"); }),
            "the character at byte 2 (0xF0 0xA0 0xAE 0xB7) cannot be written in CP936");
}

TEST(Recode, LongTextGrowsTheBuffer) {
  std::string gbk, utf8;
  for (int i = 0; i < 5000; ++i) {
    gbk += kGbk + ",";
    utf8 += kUtf8 + ",";
  }
  EXPECT_EQ(to_utf8(gbk, "CP936"), utf8);
  EXPECT_EQ(recode(utf8, "UTF-8", "CP936"), gbk);
}

TEST(Recode, InvalidBytesNameThePosition) {
  EXPECT_EQ(error_of([&] { to_utf8("AB\xFF\xFF", "CP936"); }),
            "text is not valid CP936 at byte 2 (0xFF 0xFF)");
  // Ends on the lead byte of 龙.
  EXPECT_EQ(error_of([&] { to_utf8("AB" + kGbk.substr(0, 3), "CP936"); }),
            "text ends inside a CP936 character (byte 4: 0xC1)");
  // Same encoding: no iconv, but still checked.
  EXPECT_EQ(error_of([&] { to_utf8("ok" + kGbk, "UTF-8"); }),
            "text is not valid UTF-8 at byte 2 (0xBA 0xDA 0xC1 0xFA)");
}

TEST(Recode, SameEncodingIsACopy) {
  EXPECT_EQ(recode(kGbk, "GBK", "CP936"), kGbk);
  EXPECT_EQ(to_utf8(kUtf8, "utf8"), kUtf8);
}

TEST(Recode, UnknownEncodingThrows) {
  EXPECT_THROW(recode("x", "klingon", "UTF-8"), tudi::Error);
}

}  // namespace

// --- find_invalid_text: cells GDAL would garble without a word -----------------------------------

TEST_F(EncodingTest, InvalidGbkAndUtf8CellsAreFoundAndKept) {
  // Record 1 is clean GBK; record 2 has 0xFF (never a GBK byte) between two characters;
  // record 3 ends in a lead byte cut off by the field's width, which is not a fault.
  const fs::path gbk = write(
      "gbk.dbf", dbf_bytes(0x4D, {{"NAME", 'C', 20}, {"CODE", 'C', 4}},
                           {{kGbk, "0101"}, {"\xBA\xDA\xFF\xC1\xFA", "0102"}, {"ab\xBA", "01"}}));
  const tudi::io::InvalidText g = tudi::io::find_invalid_text(gbk, "CP936");
  ASSERT_EQ(g.size(), 1u);
  std::vector<tudi::Value> values{std::string("dropped by GDAL"), std::string("0102")};
  g.fill(1, values);
  EXPECT_EQ(std::get<std::string>(values[0]), "黑\xEF\xBF\xBD龙");
  EXPECT_EQ(std::get<std::string>(values[1]), "0102");  // a clean cell is left as read
  std::vector<tudi::Value> first{std::string(kUtf8), std::string("0101")};
  g.fill(0, first);
  EXPECT_EQ(std::get<std::string>(first[0]), kUtf8);
  const auto warnings = g.warnings({"NAME", "CODE"});
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], gbk.string() +
                             ": feature 1, field NAME: bytes that are not valid CP936 (BA DA FF "
                             "C1 FA); read as '黑\xEF\xBF\xBD龙' with U+FFFD in their place");

  // The same check for UTF-8: a lone continuation byte is bad, a cut-off tail is not.
  const fs::path utf8 = name_dbf("utf8.dbf", 0, {"黑\x80龙", kUtf8, "\xE9\xBB"});
  const tudi::io::InvalidText u = tudi::io::find_invalid_text(utf8, "UTF-8");
  ASSERT_EQ(u.size(), 1u);
  std::vector<tudi::Value> v{tudi::Value{}};
  u.fill(0, v);
  EXPECT_EQ(std::get<std::string>(v[0]), "黑\xEF\xBF\xBD龙");

  // Past the cap, one line counts the rest.
  std::vector<std::string> bad(25, "\xFF");
  const auto many = tudi::io::find_invalid_text(name_dbf("many.dbf", 0x4D, bad), "CP936");
  const auto lines = many.warnings({"NAME"}, 20);
  ASSERT_EQ(lines.size(), 21u);
  EXPECT_NE(lines.back().find("5 more text cells"), std::string::npos) << lines.back();
}

TEST(Recode, LenientPutsReplacementCharactersWhereBytesAreBad) {
  EXPECT_EQ(tudi::io::recode_lenient("\xBA\xDA\xFF", "CP936"), "黑\xEF\xBF\xBD");
  EXPECT_EQ(tudi::io::recode_lenient("a\x80z", "UTF-8"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(tudi::io::recode_lenient(kGbk, "CP936"), kUtf8);
}
