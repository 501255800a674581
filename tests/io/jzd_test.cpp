// The 界址点 TXT reader and writer (DOMAIN §5): every dialect, every error with its line, the
// warnings, the CRS, the layer, and the round trip.

#include "tudi/io/jzd.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/crs/crs.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/encoding.hpp"

namespace tudi::io::jzd {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const fs::path kJzd = test::kDataDir / "jzd";

enum class Enc { Gbk, Utf8 };
std::string to_string(Enc e) {
  return e == Enc::Gbk ? "GBK_CRLF" : "UTF8_LF";
}

/// A test text (UTF-8, '\n') as the file a surveyor sends: GBK with CRLF, or UTF-8 with LF.
std::string as_file(std::string_view utf8, Enc enc) {
  if (enc == Enc::Utf8) return std::string(utf8);
  std::string crlf;
  for (char c : utf8) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return recode(crlf, "UTF-8", "CP936");
}

using test::slurp;

/// A fresh folder per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("tudi_jzd_") + info->test_suite_name() + "_" + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = test::fresh_scratch_dir(name);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return path_ / name;
  }

 private:
  fs::path path_;
};

const std::string kHead = "[属性描述]\n带号=38\n[地块坐标]\n";  // lines 1–3

// A 100 m square (1 公顷) in zone 38 with prefix, lines 5–9 after a header on line 4.
const std::string kSquare =
    "J1,1,3907880.486,38490904.625\n"
    "J2,1,3907880.486,38491004.625\n"
    "J3,1,3907980.486,38491004.625\n"
    "J4,1,3907980.486,38490904.625\n"
    "J1,1,3907880.486,38490904.625\n";

std::string value_text(const Layer& l, const Feature& f, std::string_view field) {
  const int i = l.field_index(field);
  EXPECT_GE(i, 0) << field;
  return i < 0 ? std::string("<no field>") : to_text(f.values[i]);
}

/// A plot's header fields as one line shaped like the file's own ("line: 5,1.2345,1,...").
std::string header_of(const Plot& p) {
  std::string out = fmt::format("{}: {},{},{},{},{},{},{},{}", p.line, p.declared_points,
                                p.declared_area_ha ? fmt::format("{}", *p.declared_area_ha) : "",
                                p.id, p.name, p.shape, p.sheet, p.use, p.land_class);
  for (const auto& e : p.extra) out += "," + e;
  return out;
}

// ============================================================ dialects, from committed fixtures

TEST(JzdRead, DomainExampleGbkCrlf) {
  const File f = read_file(kJzd / "domain_example.txt");
  EXPECT_EQ(f.encoding, "GB18030");  // not UTF-8, so GB18030 (a superset of GBK)
  ASSERT_EQ(f.attributes.size(), 10u);
  EXPECT_EQ(f.attributes[0], (std::pair<std::string, std::string>{"格式版本号", "1.01"}));
  EXPECT_EQ(f.attributes[1].second, "XX市自然资源和规划局");
  EXPECT_EQ(f.attributes[3], (std::pair<std::string, std::string>{"坐标系", "2000国家大地坐标系"}));
  EXPECT_EQ(f.attributes[9], (std::pair<std::string, std::string>{"转换参数", ",,,,,,"}));
  EXPECT_TRUE(f.extension.empty());
  EXPECT_EQ(f.zone, 38);
  EXPECT_EQ(f.width, 3);
  EXPECT_TRUE(f.prefixed);
  EXPECT_EQ(f.prefix_zone, 38);
  EXPECT_FALSE(f.swapped);

  ASSERT_EQ(f.plots.size(), 1u);
  const Plot& p = f.plots[0];
  EXPECT_EQ(header_of(p), "13: 5,1.2345,1,一号地块,面,,工业,");
  ASSERT_EQ(p.rings.size(), 1u);
  ASSERT_EQ(p.rings[0].size(), 5u);
  EXPECT_EQ(p.rings[0][0].name, "J1");
  EXPECT_EQ(p.rings[0][0].ring, 1);
  EXPECT_EQ(p.rings[0][0].line, 14);
  EXPECT_DOUBLE_EQ(p.rings[0][0].northing, 3907880.486);
  EXPECT_DOUBLE_EQ(p.rings[0][0].easting, 38490904.625);
  EXPECT_DOUBLE_EQ(p.rings[0][2].northing, 3907980.486);
  EXPECT_DOUBLE_EQ(p.rings[0][2].easting, 38491004.625);
  EXPECT_EQ(p.rings[0][4].line, 18);

  // The example declares 1.2345 公顷 for a 100 m square: the area check must say so.
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_THAT(f.warnings[0], StartsWith((kJzd / "domain_example.txt").string() + ":13: "));
  EXPECT_THAT(f.warnings[0], HasSubstr("地块面积 1.2345 公顷 declared"));
  EXPECT_THAT(f.warnings[0], HasSubstr("planar area is 1.0000 公顷"));
  EXPECT_EQ(epsg_of(f), 4526);
}

TEST(JzdRead, ExtensionSectionSeveralPlotsAndAHole) {
  const File f = read_file(kJzd / "two_plots_hole.txt");
  ASSERT_EQ(f.extension.size(), 2u);
  EXPECT_EQ(f.extension[0],
            (std::pair<std::string, std::string>{"项目名称", "某县2025年第一批次城镇建设用地"}));
  EXPECT_EQ(f.extension[1], (std::pair<std::string, std::string>{"批次编号", "PC2025-01"}));
  EXPECT_EQ(f.attributes.size(), 10u);
  ASSERT_EQ(f.plots.size(), 2u);
  EXPECT_EQ(f.plots[0].id, "DK001");
  EXPECT_EQ(f.plots[0].sheet, "I49G001001");
  EXPECT_EQ(f.plots[0].land_class, "0601");
  const Plot& p = f.plots[1];
  EXPECT_EQ(p.id, "DK002");
  EXPECT_EQ(p.name, "二号地块");
  EXPECT_EQ(p.use, "仓储用地");
  EXPECT_EQ(p.declared_points, 8);  // counted without the closing repeats: accepted silently
  ASSERT_EQ(p.rings.size(), 2u);
  ASSERT_EQ(p.rings[1].size(), 5u);
  EXPECT_EQ(p.rings[1][0].name, "J5");
  EXPECT_EQ(p.rings[1][0].ring, 2);
  EXPECT_EQ(p.rings[1][0].line, 28);
  EXPECT_DOUBLE_EQ(p.rings[1][2].northing, 3908190.125);
  EXPECT_DOUBLE_EQ(p.rings[1][2].easting, 38491200.250);
  EXPECT_TRUE(f.warnings.empty()) << ::testing::PrintToString(f.warnings);
}

TEST(JzdRead, Utf8BomUnprefixedBareNumbersSpacesTrailingCommasBlankLines) {
  const File f = read_file(kJzd / "unprefixed_utf8_bom.txt");
  EXPECT_EQ(f.encoding, "UTF-8");
  ASSERT_FALSE(f.attributes.empty());
  EXPECT_EQ(f.attributes[0].first, "坐标系");  // the BOM is not part of the first key
  EXPECT_FALSE(f.prefixed);
  EXPECT_FALSE(f.prefix_zone);
  EXPECT_EQ(f.zone, 38);
  ASSERT_EQ(f.plots.size(), 1u);
  const Plot& p = f.plots[0];
  // Spaces around every field, a blank 图幅号 holding spaces, ",@," at the end.
  EXPECT_EQ(header_of(p), "8: 4,1,QH-7,七号地块,面,,商服用地,05");
  ASSERT_EQ(p.rings[0].size(), 5u);
  EXPECT_EQ(p.rings[0][0].name, "1");
  EXPECT_EQ(p.rings[0][3].name, "4");
  EXPECT_EQ(p.rings[0][3].line, 13);  // after the blank line 12
  EXPECT_DOUBLE_EQ(p.rings[0][3].easting, 490904.625);
  EXPECT_DOUBLE_EQ(p.rings[0][3].northing, 3907980.486);
  EXPECT_TRUE(f.warnings.empty()) << ::testing::PrintToString(f.warnings);
  EXPECT_EQ(epsg_of(f), 4547);  // CM 114°E without prefix
}

TEST(JzdRead, SwappedAxesWithPrefixAreDetected) {
  const File f = read_file(kJzd / "swapped_prefixed.txt");
  EXPECT_TRUE(f.swapped);
  EXPECT_TRUE(f.prefixed);
  const Point& a = f.plots.at(0).rings.at(0).at(0);
  EXPECT_DOUBLE_EQ(a.easting, 38490904.625);
  EXPECT_DOUBLE_EQ(a.northing, 3907880.486);
  const Point& c = f.plots[0].rings[0][2];
  EXPECT_DOUBLE_EQ(c.easting, 38491004.625);
  EXPECT_DOUBLE_EQ(c.northing, 3907980.486);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_THAT(f.warnings[0], StartsWith((kJzd / "swapped_prefixed.txt").string() + ":7: "));
  EXPECT_THAT(f.warnings[0], HasSubstr("X and Y look swapped"));
  EXPECT_EQ(epsg_of(f), 4526);
}

TEST(JzdRead, SwappedAxesWithoutPrefixAreDetected) {
  const std::string text = kHead +
                           "5,1.0,S2,,面,,,,@\n"
                           "J1,1,490904.625,3907880.486\n"
                           "J2,1,491004.625,3907880.486\n"
                           "J3,1,491004.625,3907980.486\n"
                           "J4,1,490904.625,3907980.486\n"
                           "J1,1,490904.625,3907880.486\n";
  const File f = parse(text, "s.txt");
  EXPECT_TRUE(f.swapped);
  EXPECT_FALSE(f.prefixed);
  EXPECT_DOUBLE_EQ(f.plots[0].rings[0][1].easting, 491004.625);
  EXPECT_DOUBLE_EQ(f.plots[0].rings[0][1].northing, 3907880.486);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_THAT(f.warnings[0], StartsWith("s.txt:5: X and Y look swapped"));
  EXPECT_EQ(epsg_of(f), 4547);
}

TEST(JzdRead, NormalAxesAreNotTakenForSwapped) {
  const File f = read_file(kJzd / "unprefixed_utf8_bom.txt");
  EXPECT_FALSE(f.swapped);
  const File g = read_file(kJzd / "two_plots_hole.txt");
  EXPECT_FALSE(g.swapped);
}

TEST(JzdRead, FullWidthPunctuationAndDigits) {
  const File f = read_file(kJzd / "fullwidth.txt");
  EXPECT_EQ(f.zone, 38);  // 带号＝３８
  EXPECT_EQ(f.width, 3);  // 几度分带：3
  ASSERT_EQ(f.attributes.size(), 3u);
  EXPECT_EQ(f.attributes[0].first, "坐标系");
  ASSERT_EQ(f.plots.size(), 1u);
  const Plot& p = f.plots[0];
  EXPECT_EQ(header_of(p), "6: 5,1,FW-1,全角地块,面,,工业,");
  ASSERT_EQ(p.rings[0].size(), 5u);
  EXPECT_EQ(p.rings[0][0].name, "J1");  // Ｊ１
  EXPECT_DOUBLE_EQ(p.rings[0][0].northing, 3907880.486);
  EXPECT_DOUBLE_EQ(p.rings[0][0].easting, 38490904.625);
  EXPECT_DOUBLE_EQ(p.rings[0][1].easting, 38491004.625);
  EXPECT_DOUBLE_EQ(p.rings[0][3].northing, 3907980.486);  // 3907980．486
  EXPECT_TRUE(f.warnings.empty()) << ::testing::PrintToString(f.warnings);
}

TEST(JzdRead, FullWidthCommaInsideANameIsKept) {
  const File f = parse(kHead + "5,1.0,DK1,一号地块，东区,面,,工业,,@\n" + kSquare, "n.txt");
  EXPECT_EQ(f.plots.at(0).name, "一号地块，东区");
  EXPECT_EQ(f.plots[0].use, "工业");
}

TEST(JzdRead, ThirteenFieldHeadersSixDegreeZone) {
  const File f = read_file(kJzd / "thirteen_fields_6deg.txt");
  EXPECT_EQ(f.encoding, "UTF-8");
  EXPECT_EQ(f.width, 6);
  EXPECT_EQ(f.zone, 19);
  EXPECT_EQ(f.prefix_zone, 19);
  ASSERT_EQ(f.plots.size(), 2u);
  EXPECT_EQ(f.plots[0].extra, (std::vector<std::string>{"水田改造", "0101", "8", "6", "旱改水"}));
  EXPECT_EQ(f.plots[1].extra, (std::vector<std::string>{"旱地提质", "0103", "9", "7"}));
  EXPECT_EQ(f.plots[1].land_class, "0103");
  EXPECT_EQ(f.plots[1].rings[0][2].line, 19);
  EXPECT_DOUBLE_EQ(f.plots[1].rings[0][2].easting, 19500040.0);
  EXPECT_TRUE(f.warnings.empty()) << ::testing::PrintToString(f.warnings);
  EXPECT_EQ(epsg_of(f), 4497);
  EXPECT_EQ(epsg_of(f), crs::epsg_6deg(19, true));
}

TEST(JzdRead, SevenFieldHeader) {
  const File f = parse(kHead + "5,1.0,DK7,七字段,面,I49,工业@\n" + kSquare, "h.txt");
  const Plot& p = f.plots.at(0);
  EXPECT_EQ(p.id, "DK7");
  EXPECT_EQ(p.sheet, "I49");
  EXPECT_EQ(p.use, "工业");
  EXPECT_EQ(p.land_class, "");
  EXPECT_TRUE(f.warnings.empty()) << ::testing::PrintToString(f.warnings);
}

TEST(JzdRead, LineEndingsLfCrlfAndLoneCrGiveTheSameLines) {
  const std::string lf = kHead + "5,1.0,DK1,,面,,,,@\n" + kSquare;
  std::string crlf, cr;
  for (char c : lf) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  for (const auto& text : {lf, crlf, cr}) {
    const File f = parse(text, "e.txt");
    ASSERT_EQ(f.plots.size(), 1u);
    EXPECT_EQ(f.plots[0].rings[0].size(), 5u);
    EXPECT_EQ(f.plots[0].rings[0][4].line, 9);
    EXPECT_DOUBLE_EQ(f.plots[0].rings[0][4].easting, 38490904.625);
  }
}

TEST(JzdRead, SameContentInBothEncodingsReadsTheSame) {
  const std::string text =
      "[扩展信息]\n项目=测试项目\n" + kHead + "5,1.0,地块甲,一号地块,面,,工业,,@\n" + kSquare;
  const File gbk = parse(as_file(text, Enc::Gbk), "g.txt");
  const File utf = parse(as_file(text, Enc::Utf8), "u.txt");
  EXPECT_EQ(gbk.encoding, "GB18030");
  EXPECT_EQ(utf.encoding, "UTF-8");
  EXPECT_EQ(gbk.extension, utf.extension);
  EXPECT_EQ(gbk.extension.at(0).second, "测试项目");
  EXPECT_EQ(gbk.attributes, utf.attributes);
  EXPECT_EQ(gbk.plots.at(0).id, "地块甲");
  EXPECT_EQ(gbk.plots.at(0).name, utf.plots.at(0).name);
  EXPECT_EQ(gbk.plots[0].rings[0].size(), utf.plots[0].rings[0].size());
  EXPECT_EQ(gbk.plots[0].rings[0][3].line, utf.plots[0].rings[0][3].line);
}

TEST(JzdRead, EncodingOptionOverridesDetection) {
  const std::string bytes = as_file(kHead + "5,1.0,DK1,一号地块,面,,工业,,@\n" + kSquare, Enc::Gbk);
  ReadOptions opt;
  opt.encoding = "gbk";
  const File f = parse(bytes, "o.txt", opt);
  EXPECT_EQ(f.encoding, "CP936");
  EXPECT_EQ(f.encoding_how, "named by the user");
  EXPECT_EQ(f.plots.at(0).name, "一号地块");

  opt.encoding = "UTF-8";
  try {
    parse(bytes, "o.txt", opt);
    FAIL() << "GBK bytes read as UTF-8 must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), "o.txt");
    EXPECT_THAT(e.what(), HasSubstr("not valid UTF-8"));
  }
}

TEST(JzdRead, SectionlessFileAndUnknownSection) {
  const File f = parse("5,1.0,DK1,,面,,,,@\n" + kSquare, "bare.txt");
  ASSERT_EQ(f.plots.size(), 1u);
  EXPECT_TRUE(f.attributes.empty());
  EXPECT_EQ(f.plots[0].rings[0][0].line, 2);

  const File g =
      parse("[其他]\n随便写点什么\n" + kHead + "5,1.0,DK1,,面,,,,@\n" + kSquare, "u.txt");
  ASSERT_EQ(g.warnings.size(), 1u);
  EXPECT_THAT(g.warnings[0], StartsWith("u.txt:1: unknown section [其他]"));
  EXPECT_EQ(g.zone, 38);
}

// ============================================================ warnings

TEST(JzdWarn, PointCountAcceptsBothConventionsAndWarnsOtherwise) {
  for (int declared : {5, 4, 0}) {
    const File f =
        parse(kHead + std::to_string(declared) + ",1.0,DK1,,面,,,,@\n" + kSquare, "c.txt");
    EXPECT_TRUE(f.warnings.empty()) << declared << ": " << ::testing::PrintToString(f.warnings);
  }
  const File f = parse(kHead + "7,1.0,DK1,,面,,,,@\n" + kSquare, "c.txt");
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_EQ(f.warnings[0],
            "c.txt:4: plot 1 (DK1): 界址点数 7 but it has 5 point lines (4 without the closing "
            "repeat)");
}

TEST(JzdWarn, ZoneInHeaderDisagreesWithPrefix) {
  const File f = parse("[属性描述]\n带号=39\n[地块坐标]\n5,1.0,DK1,,面,,,,@\n" + kSquare, "z.txt");
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_EQ(f.warnings[0],
            "z.txt:2: 带号 39 in the header but the eastings carry zone prefix 38; the prefix is "
            "used");
  EXPECT_EQ(epsg_of(f), 4526);  // zone 38, from the prefix
}

TEST(JzdWarn, HoleOutsideItsShell) {
  const std::string text = kHead + "9,1.0,DK1,,面,,,,@\n" + kSquare +
                           "J5,2,3908880.486,38490904.625\n"  // line 10: 1 km north
                           "J6,2,3908890.486,38490904.625\n"
                           "J7,2,3908890.486,38490914.625\n"
                           "J5,2,3908880.486,38490904.625\n";
  const File f = parse(text, "h.txt");
  ASSERT_EQ(f.warnings.size(), 1u) << ::testing::PrintToString(f.warnings);
  EXPECT_EQ(f.warnings[0],
            "h.txt:10: plot 1 (DK1): hole 圈号 2 is not inside its outer ring 圈号 1");
}

TEST(JzdWarn, SelfIntersection) {
  const std::string text = kHead +
                           "5,,BT,蝴蝶,面,,,,@\n"
                           "J1,1,3907880.000,38490900.000\n"
                           "J2,1,3907980.000,38491000.000\n"
                           "J3,1,3907880.000,38491000.000\n"
                           "J4,1,3907980.000,38490900.000\n"
                           "J1,1,3907880.000,38490900.000\n";
  const File f = parse(text, "b.txt");
  ASSERT_EQ(f.warnings.size(), 1u) << ::testing::PrintToString(f.warnings);
  EXPECT_THAT(f.warnings[0], StartsWith("b.txt:4: plot 1 (BT): the polygon is not valid: "));
  EXPECT_THAT(f.warnings[0], HasSubstr("自相交，位置 ("));
}

TEST(JzdWarn, DeclaredAreaAgainstPlanarArea) {
  const auto warnings_for = [](const std::string& area, const ReadOptions& opt = {}) {
    return parse(kHead + "5," + area + ",DK1,,面,,,,@\n" + kSquare, "a.txt", opt).warnings;
  };
  EXPECT_TRUE(warnings_for("1.0050").empty());  // within ±0.01 公顷
  EXPECT_TRUE(warnings_for("").empty());        // not declared: nothing to check
  const auto w = warnings_for("1.0150");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0],
            "a.txt:4: plot 1 (DK1): 地块面积 1.015 公顷 declared but the planar area is 1.0000 "
            "公顷 (difference 0.0150, tolerance 0.0100)");
  ReadOptions loose;
  loose.area_tolerance_ha = 0.02;
  EXPECT_TRUE(warnings_for("1.0150", loose).empty());
  ReadOptions relative;
  relative.area_tolerance_ha = 0;
  relative.area_tolerance_rel = 0.001;  // 0.001 公顷 on 1 公顷
  EXPECT_EQ(warnings_for("1.0020", relative).size(), 1u);
  EXPECT_TRUE(warnings_for("1.0005", relative).empty());
}

TEST(JzdWarn, WarningsComeInLineOrder) {
  const std::string text = "[属性描述]\n带号=39\n[地块坐标]\n7,1.5,DK1,,面,,,,@\n" + kSquare;
  const File f = parse(text, "o.txt");
  ASSERT_EQ(f.warnings.size(), 3u) << ::testing::PrintToString(f.warnings);
  EXPECT_THAT(f.warnings[0], StartsWith("o.txt:2: 带号 39"));
  EXPECT_THAT(f.warnings[1], StartsWith("o.txt:4: plot 1 (DK1): 界址点数 7"));
  EXPECT_THAT(f.warnings[2], StartsWith("o.txt:4: plot 1 (DK1): 地块面积 1.5"));
}

// ============================================================ errors, in both encodings

struct ErrorCase {
  const char* name;
  std::string text;
  int line;  // 0: the message names the file only
  std::string message;
};

const std::vector<ErrorCase>& error_cases() {
  static const std::vector<ErrorCase> cases = {
      {"UnclosedOuterRing",
       kHead + "4,1.0,DK1,,面,,,,@\n"
               "J1,1,3907880.486,38490904.625\n"
               "J2,1,3907880.486,38491004.625\n"
               "J3,1,3907980.486,38491004.625\n"
               "J4,1,3907980.486,38490904.625\n",
       8,
       "ring 圈号 1 of plot 1 (DK1) is not closed: its last point J4 (line 8) differs from its "
       "first point J1 (line 5)"},
      {"UnclosedHoleInSecondPlot",
       kHead + "5,1.0,DK1,,面,,,,@\n" + kSquare + "9,1.0,DK2,二号,面,,,,@\n" + kSquare +
           "J5,2,3907900.486,38490924.625\n"
           "J6,2,3907900.486,38490934.625\n"
           "J7,2,3907910.486,38490934.625\n"
           "J8,2,3907910.486,38490924.625\n" +
           "5,1.0,DK3,,面,,,,@\n" + kSquare,
       19, "ring 圈号 2 of plot 2 (DK2) is not closed: its last point J8 (line 19)"},
      {"NonNumericY",
       kHead + "5,1.0,DK1,,面,,,,@\nJ1,1,3907880.486,38490904.625\nJ2,1,3907880.486,3849l004.625\n",
       6, "Y coordinate '3849l004.625' is not a number"},
      {"NonNumericXChinese", kHead + "5,1.0,DK1,,面,,,,@\nJ1,1,北纬,38490904.625\n", 5,
       "X coordinate '北纬' is not a number"},
      {"MissingCoordinate", kHead + "5,1.0,DK1,,面,,,,@\nJ1,1, ,38490904.625\n", 5,
       "X coordinate is missing"},
      {"ControlCharactersAreNotEchoed",
       kHead + "5,1.0,DK1,,面,,,,@\nJ1,1,3907880.486,3849\x01"
               "0904.625\n",
       5, "Y coordinate '3849?0904.625' is not a number"},
      {"PointBeforeHeader", kHead + kSquare, 4, "point line before any plot header"},
      {"HeaderWithoutAt", kHead + "5,1.0,DK1,一号地块,面,,工业,,\n" + kSquare, 4,
       "plot header does not end with '@'"},
      {"HeaderWithoutAtBlankTail", kHead + "5,1.0,DK1,,面,,\n" + kSquare, 4,
       "plot header does not end with '@'"},
      {"NanCoordinate",
       kHead + "5,1.0,DK1,,面,,,,@\nJ1,1,3907880.486,38490904.625\nJ2,1,NaN,38491004.625\n", 6,
       "X coordinate 'NaN' is not a finite number"},
      {"InfCoordinate", kHead + "5,1.0,DK1,,面,,,,@\nJ1,1,3907880.486,-inf\n", 5,
       "Y coordinate '-inf' is not a finite number"},
      {"OverflowingCoordinate", kHead + "5,1.0,DK1,,面,,,,@\nJ1,1,1e999,38490904.625\n", 5,
       "X coordinate '1e999' is not a finite number"},
      {"NoPlot", "[属性描述]\n带号=38\n[地块坐标]\n\n", 0, "no plot found"},
      {"EmptyFile", "", 0, "no plot found"},
      {"TwoDistinctVertices",
       kHead + "3,0,DK1,,面,,,,@\n"
               "J1,1,3907880.486,38490904.625\n"
               "J2,1,3907880.486,38491004.625\n"
               "J1,1,3907880.486,38490904.625\n",
       5, "ring 圈号 1 of plot 1 (DK1) has 2 distinct vertices; a ring needs at least 3"},
      {"OnePointRing", kHead + "1,0,DK1,,面,,,,@\nJ1,1,3907880.486,38490904.625\n", 5,
       "has 1 distinct vertex"},
      {"RingNumberNotANumber", kHead + "5,1.0,DK1,,面,,,,@\nJ1,一,3907880.486,38490904.625\n", 5,
       "圈号 '一' is not a whole number ≥ 1"},
      {"HeaderTooShort", kHead + "5,1.0,DK1,@\n" + kSquare, 4,
       "plot header has 4 fields; at least 7 expected"},
      {"PlotWithoutPoints", kHead + "5,1.0,DK1,,面,,,,@\n5,1.0,DK2,,面,,,,@\n" + kSquare, 4,
       "plot 1 (DK1) has no points"},
      {"RingContinuesAfterClosing",
       kHead + "5,1.0,DK1,,面,,,,@\n" + kSquare + "J5,1,3907900.486,38490924.625\n", 10,
       "ring 圈号 1 of plot 1 (DK1) already closed on line 9"},
      {"RingNumberComesBack",
       kHead + "5,1.0,DK1,,面,,,,@\n" + kSquare +
           "J5,2,3907900.486,38490924.625\nJ6,2,3907900.486,38490934.625\n"
           "J7,2,3907910.486,38490934.625\nJ5,2,3907900.486,38490924.625\n"
           "J8,1,3907900.486,38490924.625\n",
       14, "圈号 1 of plot 1 (DK1) appears again after other rings"},
      {"WrongFieldCount", kHead + "5,1.0,DK1,,面,,,,@\nJ1,1,3907880.486\n", 5,
       "expected a point line 点号,圈号,X,Y or a plot header ending in '@', got 3 fields"},
      {"MixedPrefix",
       kHead + "5,1.0,DK1,,面,,,,@\n"
               "J1,1,3907880.486,38490904.625\n"
               "J2,1,3907880.486,491004.625\n"
               "J3,1,3907980.486,38491004.625\n"
               "J1,1,3907880.486,38490904.625\n",
       6, "easting 491004.625 lacks a zone prefix but the easting 38490904.625 on line 5 has one"},
      {"TwoZonePrefixes",
       kHead + "5,1.0,DK1,,面,,,,@\n"
               "J1,1,3907880.486,38490904.625\n"
               "J2,1,3907880.486,39491004.625\n"
               "J3,1,3907980.486,38491004.625\n"
               "J1,1,3907880.486,38490904.625\n",
       6, "carries zone prefix 39 but line 5 carries 38"},
  };
  return cases;
}

class JzdError : public ::testing::TestWithParam<std::tuple<std::size_t, Enc>> {};

TEST_P(JzdError, NamesFileLineAndCause) {
  const auto& [index, enc] = GetParam();
  const ErrorCase& c = error_cases()[index];
  const std::string expected_where = c.line ? "case.txt:" + std::to_string(c.line) : "case.txt";
  try {
    const File f = parse(as_file(c.text, enc), "case.txt");
    FAIL() << c.name << ": no error; " << f.plots.size() << " plots";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), expected_where) << e.what();
    EXPECT_THAT(e.what(), StartsWith(expected_where + ": "));
    EXPECT_THAT(e.what(), HasSubstr(c.message));
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line";
  }
}

std::string error_case_name(const ::testing::TestParamInfo<JzdError::ParamType>& p) {
  const auto& [index, enc] = p.param;
  return std::string(error_cases()[index].name) + "_" + to_string(enc);
}

INSTANTIATE_TEST_SUITE_P(AllCases, JzdError,
                         ::testing::Combine(::testing::Range<std::size_t>(0, error_cases().size()),
                                            ::testing::Values(Enc::Gbk, Enc::Utf8)),
                         error_case_name);

// ============================================================ CRS

TEST(JzdCrs, ZoneFromTheHeaderOrThePrefixAndTheWidth) {
  const auto file = [](const std::string& attrs, const std::string& east_prefix) {
    std::string text = "[属性描述]\n" + attrs + "[地块坐标]\n5,1.0,DK1,,面,,,,@\n";
    for (const char* pt : {"3907880.486,{}490904.625", "3907880.486,{}491004.625",
                           "3907980.486,{}491004.625", "3907880.486,{}490904.625"}) {
      std::string line = std::string("J,1,") + pt;
      line.replace(line.find("{}"), 2, east_prefix);
      text += line + "\n";
    }
    return parse(text, "crs.txt");
  };
  EXPECT_EQ(epsg_of(file("带号=38\n", "38")), 4526);
  EXPECT_EQ(epsg_of(file("带号=38\n", "")), 4547);
  EXPECT_EQ(epsg_of(file("", "38")), 4526);  // prefix only
  EXPECT_EQ(epsg_of(file("几度分带=3\n带号=第38带\n", "")), 4547);
  EXPECT_EQ(epsg_of(file("带号=19\n", "")), crs::epsg_6deg(19, false));  // 19 is a 6° zone
  EXPECT_EQ(epsg_of(file("带号=19\n", "")), 4508);
  EXPECT_EQ(epsg_of(file("几度分带=6\n", "19")), 4497);
  EXPECT_EQ(epsg_of(file("坐标系=CGCS2000\n带号=38\n", "")), 4547);

  const auto error_of = [](const File& f) -> std::string {
    try {
      epsg_of(f);
    } catch (const Error& e) {
      EXPECT_EQ(e.where(), "crs.txt");
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of(file("", "")),
            "crs.txt: no 带号 and no zone prefix: the zone cannot be told; name it with crs = "
            "\"EPSG:…\" on the layer in tudi.toml (tudi convert: --src-crs)");
  EXPECT_THAT(error_of(file("坐标系=西安80\n带号=38\n", "38")),
              HasSubstr("坐标系=西安80: Xian 1980 (西安80) coordinates are not supported yet"));
  EXPECT_THAT(error_of(file("坐标系=1954北京坐标系\n", "38")),
              HasSubstr("Beijing 1954 (北京54) coordinates are not supported yet"));
  EXPECT_THAT(error_of(file("坐标系=WGS84\n", "38")), HasSubstr("坐标系=WGS84 is not recognised"));
  EXPECT_THAT(error_of(file("几度分带=6\n", "38")),
              HasSubstr("zone 38 is not a CGCS2000 6° Gauss-Krüger zone"));
  EXPECT_THAT(error_of(file("带号=50\n", "")),
              HasSubstr("zone 50 is not a CGCS2000 3° Gauss-Krüger zone"));
}

// ============================================================ layers

TEST(JzdLayer, FromAFile) {
  const Layer l = read_layer(kJzd / "two_plots_hole.txt");
  EXPECT_EQ(l.name, "two_plots_hole");
  EXPECT_EQ(l.source, (kJzd / "two_plots_hole.txt").string());
  EXPECT_EQ(l.role, "proposals");
  EXPECT_EQ(l.mapping, (FieldMapping{{"id", "DKBH"}, {"name", "DKMC"}}));
  ASSERT_TRUE(l.crs.epsg());
  EXPECT_EQ(*l.crs.epsg(), 4526);
  EXPECT_EQ(l.crs.origin(), crs::Origin::Detected);
  EXPECT_EQ(l.source_crs.epsg(), l.crs.epsg());
  EXPECT_EQ(l.report.crs_how,
            "zone prefix 38 in the eastings and 带号 38 in the TXT header, 3° zone (几度分带=3) → "
            "EPSG:4526");
  EXPECT_EQ(l.report.encoding, "GB18030");
  EXPECT_FALSE(l.report.encoding_how.empty());
  EXPECT_TRUE(l.report.warnings.empty());

  std::vector<std::string> names;
  for (const auto& fd : l.fields) names.push_back(fd.name);
  EXPECT_EQ(names, (std::vector<std::string>{"JZDS", "DKMJ", "DKBH", "DKMC", "TXSX", "TFH", "DKYT",
                                             "DLBM"}));
  EXPECT_EQ(l.fields[0].type, FieldType::Integer);
  EXPECT_EQ(l.fields[1].type, FieldType::Real);
  EXPECT_EQ(l.fields[2].type, FieldType::String);

  ASSERT_EQ(l.features.size(), 2u);
  const Feature& a = l.features[0];
  const Feature& b = l.features[1];
  EXPECT_EQ(a.fid, 1);
  EXPECT_EQ(b.fid, 2);
  EXPECT_EQ(std::get<std::int64_t>(a.values[0]), 5);
  EXPECT_DOUBLE_EQ(std::get<double>(a.values[1]), 1.0);
  EXPECT_EQ(value_text(l, a, "DKBH"), "DK001");
  EXPECT_EQ(value_text(l, a, "DKMC"), "一号地块");
  EXPECT_EQ(value_text(l, a, "TXSX"), "面");
  EXPECT_EQ(value_text(l, a, "TFH"), "I49G001001");
  EXPECT_EQ(value_text(l, a, "DKYT"), "工业用地");
  EXPECT_EQ(value_text(l, a, "DLBM"), "0601");
  EXPECT_EQ(std::get<std::int64_t>(b.values[0]), 8);
  EXPECT_DOUBLE_EQ(std::get<double>(b.values[1]), 2.8);
  EXPECT_EQ(value_text(l, b, "DKMC"), "二号地块");

  EXPECT_EQ(geom::type_id(a.geometry), GEOS_POLYGON);
  EXPECT_NEAR(geom::area(a.geometry), 10000.0, 1e-6);
  EXPECT_NEAR(geom::area(b.geometry), 28000.0, 1e-6);
  const Envelope e = geom::envelope(a.geometry);
  EXPECT_DOUBLE_EQ(e.minx, 38490904.625);  // x = easting, zone prefix kept
  EXPECT_DOUBLE_EQ(e.miny, 3907880.486);
  EXPECT_DOUBLE_EQ(e.maxx, 38491004.625);
  EXPECT_DOUBLE_EQ(e.maxy, 3907980.486);
}

TEST(JzdLayer, ExtraHeaderFieldsAreNamed) {
  const Layer l = read_layer(kJzd / "thirteen_fields_6deg.txt");
  ASSERT_EQ(l.fields.size(), 13u);
  EXPECT_EQ(l.fields[8].name, "TBLX");
  EXPECT_EQ(l.fields[9].name, "DL");
  EXPECT_EQ(l.fields[10].name, "GZQDB");
  EXPECT_EQ(l.fields[11].name, "GZHDB");
  EXPECT_EQ(l.fields[12].name, "BZ");
  EXPECT_EQ(value_text(l, l.features.at(0), "BZ"), "旱改水");
  EXPECT_EQ(value_text(l, l.features.at(1), "GZHDB"), "7");
  EXPECT_TRUE(is_null(l.features[1].values[12]));  // blank 备注
  EXPECT_EQ(value_text(l, l.features[1], "TFH"), "H49G050060");
  EXPECT_EQ(*l.crs.epsg(), 4497);
  EXPECT_THAT(l.report.crs_how, HasSubstr("6° zone (几度分带=6)"));
  EXPECT_NEAR(geom::area(l.features[1].geometry), 2400.0, 1e-6);
}

TEST(JzdLayer, BlankHeaderFieldsAreNull) {
  const Layer l = to_layer(parse(kHead + ",,DK1,,面,,,,@\n" + kSquare, "blank.txt"));
  const Feature& f = l.features.at(0);
  EXPECT_TRUE(is_null(f.values[0]));  // JZDS
  EXPECT_TRUE(is_null(f.values[1]));  // DKMJ
  EXPECT_EQ(to_text(f.values[2]), "DK1");
  EXPECT_TRUE(is_null(f.values[3]));  // DKMC
  EXPECT_EQ(l.name, "blank");
}

TEST(JzdLayer, UnprefixedFileTakesItsZoneFromTheHeader) {
  const Layer l = read_layer(kJzd / "unprefixed_utf8_bom.txt");
  EXPECT_EQ(*l.crs.epsg(), 4547);
  EXPECT_EQ(l.report.crs_how,
            "带号 38 in the TXT header, eastings without zone prefix, 3° zone (几度分带=3) → "
            "EPSG:4547");
  EXPECT_EQ(l.report.encoding, "UTF-8");
  EXPECT_DOUBLE_EQ(geom::envelope(l.features.at(0).geometry).minx, 490904.625);
}

TEST(JzdLayer, UserCrsWinsAndIsReported) {
  ReadOptions opt;
  opt.crs = "EPSG:4547";
  const Layer l = read_layer(kJzd / "unprefixed_utf8_bom.txt", opt);
  EXPECT_EQ(*l.crs.epsg(), 4547);
  EXPECT_EQ(l.crs.origin(), crs::Origin::Assigned);
  EXPECT_EQ(l.report.crs_how, "EPSG:4547 named by the user");
  EXPECT_TRUE(l.report.warnings.empty());

  // A file without 带号 or prefix is only readable this way.
  const File f = parse(
      "[地块坐标]\n5,1.0,DK1,,面,,,,@\n"
      "J1,1,3907880.486,490904.625\nJ2,1,3907880.486,491004.625\n"
      "J3,1,3907980.486,491004.625\nJ1,1,3907880.486,490904.625\n",
      "nozone.txt");
  EXPECT_THROW(to_layer(f), Error);
  const Layer m = to_layer(f, crs::Crs::from_epsg(4547));
  EXPECT_EQ(*m.crs.epsg(), 4547);

  // A prefixed file with an unprefixed user CRS: read, but the contradiction is reported.
  opt.crs = "EPSG:4547";
  const Layer n = read_layer(kJzd / "two_plots_hole.txt", opt);
  ASSERT_EQ(n.report.warnings.size(), 1u);
  EXPECT_THAT(n.report.warnings[0], HasSubstr("the eastings carry a zone prefix but EPSG:4547"));
}

TEST(JzdLayer, WarningsReachTheReport) {
  const Layer l = read_layer(kJzd / "domain_example.txt");
  ASSERT_EQ(l.report.warnings.size(), 1u);
  EXPECT_THAT(l.report.warnings[0], HasSubstr(":13: plot 1 (1): 地块面积 1.2345"));
}

TEST(JzdLayer, FolderOfFilesSortedByName) {
  TempDir dir;
  const std::string plot_b = kHead + "5,1.0,B1,乙,面,,,,@\n" + kSquare;
  const std::string plot_a =
      kHead + "5,1.0,A1,甲,面,,,,@\n" + kSquare + "5,1.0,A2,甲二,面,,,,@\n" + kSquare;
  dir.write("b.txt", as_file(plot_b, Enc::Gbk));
  dir.write("a.TXT", as_file(plot_a, Enc::Gbk));
  dir.write("readme.md", "not a plot file");
  const Layer l = read_layer(dir.path());
  ASSERT_EQ(l.features.size(), 3u);
  EXPECT_EQ(value_text(l, l.features[0], "DKBH"), "A1");
  EXPECT_EQ(value_text(l, l.features[1], "DKBH"), "A2");
  EXPECT_EQ(value_text(l, l.features[2], "DKBH"), "B1");
  EXPECT_EQ(value_text(l, l.features[2], "DKMC"), "乙");
  EXPECT_EQ(l.features[2].fid, 3);
  EXPECT_EQ(*l.crs.epsg(), 4526);
  EXPECT_THAT(l.report.crs_how, HasSubstr("(all 2 files agree)"));
  EXPECT_EQ(l.report.encoding, "GB18030");
  EXPECT_EQ(l.name, dir.path().filename().string());
}

TEST(JzdLayer, FolderWithTwoZonesIsAnError) {
  TempDir dir;
  dir.write("a.txt", kHead + "5,1.0,A1,,面,,,,@\n" + kSquare);
  std::string other = kHead + "5,1.0,B1,,面,,,,@\n" + kSquare;
  for (std::size_t at; (at = other.find("38490")) != std::string::npos;) other.replace(at, 2, "39");
  for (std::size_t at; (at = other.find("38491")) != std::string::npos;) other.replace(at, 2, "39");
  other.replace(other.find("带号=38"), 9, "带号=39");
  dir.write("b.txt", other);
  try {
    read_layer(dir.path());
    FAIL() << "two zones in one folder";
  } catch (const Error& e) {
    EXPECT_EQ(e.where(), (dir.path() / "b.txt").string());
    EXPECT_THAT(e.what(), HasSubstr("EPSG:4527"));
    EXPECT_THAT(e.what(), HasSubstr((dir.path() / "a.txt").string() + " is in EPSG:4526"));
  }
}

TEST(JzdLayer, EmptyFolderIsAnError) {
  TempDir dir;
  EXPECT_THROW(read_layer(dir.path()), Error);
}

// ============================================================ writing

Layer square_layer(int epsg, std::vector<FieldDef> fields,
                   std::vector<std::pair<std::string, std::vector<Value>>> rows) {
  Layer l;
  l.name = "test";
  l.source = "test.shp";
  l.crs = crs::Crs::from_epsg(epsg);
  l.fields = std::move(fields);
  std::int64_t fid = 0;
  for (auto& [wkt, values] : rows) {
    Feature f;
    f.fid = ++fid;
    f.geometry = geom::from_wkt(wkt);
    f.values = std::move(values);
    l.features.push_back(std::move(f));
  }
  return l;
}

constexpr const char* kHeaderText =
    "[属性描述]\r\n格式版本号=1.01\r\n数据产生单位=tudi\r\n数据产生日期=2025-6-15\r\n"
    "坐标系=2000国家大地坐标系\r\n几度分带=3\r\n投影类型=高斯克吕格\r\n计量单位=米\r\n"
    "带号=38\r\n精度=0.001\r\n转换参数=,,,,,,\r\n[地块坐标]\r\n";

WriteOptions dated(std::string encoding = "CP936") {
  WriteOptions opt;
  opt.date = "2025-6-15";
  opt.encoding = std::move(encoding);
  return opt;
}

TEST(JzdWrite, FormatsTheLayerOfAFileExactly) {
  const Layer l = to_layer(read_file(kJzd / "two_plots_hole.txt"));
  const std::string bytes = format(l, dated());
  EXPECT_FALSE(is_valid_utf8(bytes));  // GBK bytes
  const std::string text = to_utf8(bytes, "CP936");
  EXPECT_EQ(text, std::string(kHeaderText) +
                      "5,1.0000,DK001,一号地块,面,I49G001001,工业用地,0601,@\r\n"
                      "J1,1,3907880.486,38490904.625\r\n"
                      "J2,1,3907880.486,38491004.625\r\n"
                      "J3,1,3907980.486,38491004.625\r\n"
                      "J4,1,3907980.486,38490904.625\r\n"
                      "J1,1,3907880.486,38490904.625\r\n"
                      "10,2.8000,DK002,二号地块,面,I49G001001,仓储用地,0508,@\r\n"
                      "J1,1,3908100.125,38491100.250\r\n"
                      "J2,1,3908100.125,38491300.250\r\n"
                      "J3,1,3908250.125,38491300.250\r\n"
                      "J4,1,3908250.125,38491100.250\r\n"
                      "J1,1,3908100.125,38491100.250\r\n"
                      "J5,2,3908150.125,38491150.250\r\n"
                      "J6,2,3908190.125,38491150.250\r\n"
                      "J7,2,3908190.125,38491200.250\r\n"
                      "J8,2,3908150.125,38491200.250\r\n"
                      "J5,2,3908150.125,38491150.250\r\n");
}

TEST(JzdWrite, UnprefixedLayerGetsThePrefixOrNot) {
  const Layer l = square_layer(
      4547, {{"DKBH", FieldType::String}, {"DKMC", FieldType::String}},
      {{"POLYGON((490904.625 3907880.486,491004.625 3907880.486,491004.625 3907980.486,"
        "490904.625 3907980.486,490904.625 3907880.486))",
        {std::string("X1"), std::string("测试")}}});
  const std::string prefixed = format(l, dated("UTF-8"));
  EXPECT_THAT(prefixed, HasSubstr("带号=38\r\n"));
  EXPECT_THAT(prefixed, HasSubstr("5,1.0000,X1,测试,面,,,,@\r\nJ1,1,3907880.486,38490904.625\r\n"));
  WriteOptions bare = dated("UTF-8");
  bare.prefixed = false;
  EXPECT_THAT(format(l, bare), HasSubstr("J2,1,3907880.486,491004.625\r\n"));

  // And a prefixed layer written without the prefix.
  const Layer p = to_layer(read_file(kJzd / "domain_example.txt"));
  const std::string text = format(p, bare);
  EXPECT_THAT(text, HasSubstr("J1,1,3907880.486,490904.625\r\n"));
  const File back = parse(text, "back.txt");
  EXPECT_FALSE(back.prefixed);
  EXPECT_EQ(epsg_of(back), 4547);
}

TEST(JzdWrite, MultipolygonBecomesOnePlotPerPart) {
  const Layer l = square_layer(
      4526, {{"DKBH", FieldType::String}, {"DKMC", FieldType::String}},
      {{"MULTIPOLYGON(((38490000 3907000,38490100 3907000,38490100 3907100,38490000 3907000)),"
        "((38491000 3907000,38491100 3907000,38491100 3907100,38491000 3907100,38491000 "
        "3907000),(38491010 3907010,38491010 3907020,38491020 3907020,38491010 3907010)))",
        {std::string("M1"), std::string("多部件")}}});
  const File f = parse(format(l, dated("UTF-8")), "m.txt");
  ASSERT_EQ(f.plots.size(), 2u);
  EXPECT_EQ(f.plots[0].id, "M1-1");
  EXPECT_EQ(f.plots[1].id, "M1-2");
  EXPECT_EQ(f.plots[1].name, "多部件");
  EXPECT_EQ(f.plots[0].declared_points, 4);
  EXPECT_DOUBLE_EQ(*f.plots[0].declared_area_ha, 0.5);
  EXPECT_EQ(f.plots[1].declared_points, 9);
  EXPECT_DOUBLE_EQ(*f.plots[1].declared_area_ha, 0.995);  // 10000 − 50 m²
  ASSERT_EQ(f.plots[1].rings.size(), 2u);
  EXPECT_EQ(f.plots[1].rings[0][0].name, "J1");  // numbering restarts per plot
  EXPECT_EQ(f.plots[1].rings[1][0].name, "J5");
  EXPECT_EQ(f.plots[1].rings[1][3].name, "J5");
  EXPECT_EQ(f.plots[1].rings[1][0].ring, 2);
  EXPECT_TRUE(f.warnings.empty()) << ::testing::PrintToString(f.warnings);
}

TEST(JzdWrite, AttributesFromMappingOrCommonNames) {
  // A supply-parcels layer: id/name through its mapping, use through planned_use.
  Layer l = square_layer(
      4526,
      {{"BH", FieldType::String},
       {"MC", FieldType::String},
       {"GHYT", FieldType::String},
       {"DLBM", FieldType::String},
       {"BZ", FieldType::String}},
      {{"POLYGON((38490000 3907000,38490100 3907000,38490100 3907100,38490000 3907000))",
        {std::string("G-1"), std::string("东区, 一期"), std::string("工业"), std::string("0601"),
         std::string("备注\n两行")}}});
  l.mapping = {{"id", "BH"}, {"name", "MC"}, {"planned_use", "GHYT"}};
  const std::string text = format(l, dated("UTF-8"));
  EXPECT_THAT(text, HasSubstr("4,0.5000,G-1,东区， 一期,面,,工业,0601,,,,,备注 两行,@\r\n"));
  const File back = parse(text, "back.txt");
  EXPECT_EQ(back.plots.at(0).name, "东区， 一期");
  EXPECT_EQ(back.plots[0].extra, (std::vector<std::string>{"", "", "", "", "备注 两行"}));

  // Plain names id/name/land_class without any mapping.
  const Layer g = square_layer(
      4526,
      {{"id", FieldType::Integer}, {"name", FieldType::String}, {"land_class", FieldType::String}},
      {{"POLYGON((38490000 3907000,38490100 3907000,38490100 3907100,38490000 3907000))",
        {std::int64_t{17}, std::string("十七"), std::string("1001")}}});
  EXPECT_THAT(format(g, dated("UTF-8")), HasSubstr("4,0.5000,17,十七,面,,,1001,@\r\n"));
}

TEST(JzdWrite, SixDegreeZone) {
  const Layer l = to_layer(read_file(kJzd / "thirteen_fields_6deg.txt"));
  const std::string text = format(l, dated("UTF-8"));
  EXPECT_THAT(text, HasSubstr("几度分带=6\r\n"));
  EXPECT_THAT(text, HasSubstr("带号=19\r\n"));
  EXPECT_THAT(
      text,
      HasSubstr("5,0.6000,ZD-01,整理地块一,面,H49G050060,耕地,0103,水田改造,0101,8,6,旱改水,@\r\n"
                "J1,1,3500000.000,19500000.000\r\n"));
}

TEST(JzdWrite, RefusesWhatTheFormatCannotHold) {
  const auto error_of = [](const Layer& l) -> std::string {
    try {
      format(l, dated());
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string square = "POLYGON((0 0,1 0,1 1,0 0))";
  EXPECT_EQ(error_of(square_layer(4490, {}, {{square, {}}})),
            "test.shp: a 界址点 TXT needs a CGCS2000 Gauss-Krüger CRS (EPSG:4491–4554) but the "
            "layer is in EPSG:4490; reproject it first");
  EXPECT_THAT(error_of(square_layer(4526, {}, {{"LINESTRING(0 0,1 1)", {}}})),
              HasSubstr("a 界址点 TXT holds polygons only"));
  EXPECT_THAT(error_of(square_layer(4526, {}, {})), HasSubstr("no plot to write"));
  EXPECT_THAT(error_of(square_layer(4526, {{"DKMC", FieldType::String}},
                                    {{square, {std::string("笑脸😀")}}})),
              HasSubstr("cannot be written in CP936"));
}

TEST(JzdWrite, WriteFileIsAtomicAndRespectsOverwrite) {
  TempDir dir;
  const Layer l = to_layer(read_file(kJzd / "domain_example.txt"));
  const fs::path out = dir.path() / "out.txt";
  write_file(l, out, dated(), false);
  EXPECT_EQ(slurp(out), format(l, dated()));
  EXPECT_THROW(write_file(l, out, dated(), false), Error);
  WriteOptions utf = dated("UTF-8");
  write_file(l, out, utf, true);
  EXPECT_EQ(slurp(out), format(l, utf));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);  // no temporary left behind
}

// ============================================================ round trip

void expect_same_plots(const File& a, const File& b) {
  ASSERT_EQ(a.plots.size(), b.plots.size());
  for (std::size_t i = 0; i < a.plots.size(); ++i) {
    const Plot& p = a.plots[i];
    const Plot& q = b.plots[i];
    SCOPED_TRACE("plot " + std::to_string(i + 1));
    EXPECT_EQ(p.id, q.id);
    EXPECT_EQ(p.name, q.name);
    EXPECT_EQ(p.shape, q.shape);
    EXPECT_EQ(p.sheet, q.sheet);
    EXPECT_EQ(p.use, q.use);
    EXPECT_EQ(p.land_class, q.land_class);
    EXPECT_EQ(p.extra, q.extra);
    EXPECT_EQ(p.declared_area_ha, q.declared_area_ha);
    std::size_t points = 0;
    ASSERT_EQ(p.rings.size(), q.rings.size());
    for (std::size_t r = 0; r < p.rings.size(); ++r) {
      ASSERT_EQ(p.rings[r].size(), q.rings[r].size());
      points += q.rings[r].size();
      for (std::size_t k = 0; k < p.rings[r].size(); ++k) {
        EXPECT_EQ(p.rings[r][k].easting, q.rings[r][k].easting);
        EXPECT_EQ(p.rings[r][k].northing, q.rings[r][k].northing);
        EXPECT_EQ(p.rings[r][k].ring, q.rings[r][k].ring);
      }
    }
    EXPECT_EQ(static_cast<std::size_t>(q.declared_points), points);  // counted with closings
  }
  EXPECT_EQ(a.prefixed, b.prefixed);
  EXPECT_EQ(epsg_of(a), epsg_of(b));
}

class JzdRoundTrip : public ::testing::TestWithParam<std::tuple<const char*, const char*>> {};

TEST_P(JzdRoundTrip, ParseLayerFormatParseKeepsCoordinatesAndAttributes) {
  const auto& [fixture, encoding] = GetParam();
  const File first = read_file(kJzd / fixture);
  WriteOptions opt = dated(encoding);
  opt.prefixed = first.prefixed;
  const std::string bytes = format(to_layer(first), opt);
  const File second = parse(bytes, "second.txt");
  expect_same_plots(first, second);
  EXPECT_TRUE(second.warnings.empty()) << ::testing::PrintToString(second.warnings);
  EXPECT_FALSE(second.swapped);
  // And once more: the writer's own output is a fixed point.
  EXPECT_EQ(format(to_layer(second), opt), bytes);
}

std::string round_trip_name(const ::testing::TestParamInfo<JzdRoundTrip::ParamType>& p) {
  const auto& [fixture, encoding] = p.param;
  const std::string name(fixture);
  return name.substr(0, name.find('.')) + (std::string(encoding) == "CP936" ? "_GBK" : "_UTF8");
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, JzdRoundTrip,
    ::testing::Combine(::testing::Values("two_plots_hole.txt", "unprefixed_utf8_bom.txt",
                                         "swapped_prefixed.txt", "fullwidth.txt",
                                         "thirteen_fields_6deg.txt"),
                       ::testing::Values("CP936", "UTF-8")),
    round_trip_name);

}  // namespace
}  // namespace tudi::io::jzd
