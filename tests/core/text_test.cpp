// core/text: the one trim, full-width fold, UTF-8 cut, width and join every module uses.

#include <gtest/gtest.h>

#include "tudi/core/text.hpp"

namespace tudi {
namespace {

TEST(Text, TrimTakesAsciiWhiteSpaceOnly) {
  EXPECT_EQ(trim(" \t\r\n工业 用地\v\f "), "工业 用地");
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim("\xE3\x80\x80" "a"), "\xE3\x80\x80" "a");  // U+3000 is trim_wide's
}

TEST(Text, TrimWideTakesIdeographicAndNoBreakSpacesTooInAnyMix) {
  EXPECT_EQ(trim_wide("\xE3\x80\x80 \xC2\xA0" "J1\xC2\xA0\t\xE3\x80\x80"), "J1");
  EXPECT_EQ(trim_wide("\xE3\x80\x80"), "");
}

TEST(Text, StripBomTakesOneLeadingMark) {
  EXPECT_EQ(strip_bom("\xEF\xBB\xBF" "GBK"), "GBK");
  EXPECT_EQ(strip_bom("GBK\xEF\xBB\xBF"), "GBK\xEF\xBB\xBF");
}

TEST(Text, FoldFullWidthMapsTheWholeBlockAndTheIdeographicSpace) {
  // ０-９ ． ／ － Ａ ｚ ～ and U+3000.
  EXPECT_EQ(fold_full_width("２０２１／０３／０５"), "2021/03/05");
  EXPECT_EQ(fold_full_width("３９０７８８０．４８６"), "3907880.486");
  EXPECT_EQ(fold_full_width("\xEF\xBC\x81\xEF\xBD\x9E"), "!~");  // U+FF01, U+FF5E: the ends
  EXPECT_EQ(fold_full_width("Ａｚ\xE3\x80\x80－"), "Az -");
  EXPECT_EQ(fold_full_width("工业，用地"), "工业,用地");
  EXPECT_EQ(fold_full_width("。\xEF\xBD\x9F"), "。\xEF\xBD\x9F");  // 。 and U+FF5F stay
  EXPECT_EQ(fold_full_width("\xEF\xBC"), "\xEF\xBC");           // a cut character stays
}

TEST(Text, Utf8FloorNeverSplitsACharacter) {
  const std::string s = "ab工业";  // 2 + 3 + 3 bytes
  EXPECT_EQ(utf8_floor(s, 0), 0u);
  EXPECT_EQ(utf8_floor(s, 2), 2u);
  EXPECT_EQ(utf8_floor(s, 3), 2u);
  EXPECT_EQ(utf8_floor(s, 4), 2u);
  EXPECT_EQ(utf8_floor(s, 5), 5u);
  EXPECT_EQ(utf8_floor(s, 7), 5u);
  EXPECT_EQ(utf8_floor(s, 8), 8u);
  EXPECT_EQ(utf8_floor(s, 100), 8u);
}

TEST(Text, Utf8PrefixBytesCountsCharacters) {
  const std::string s = "ab工业";
  EXPECT_EQ(utf8_prefix_bytes(s, 0), 0u);
  EXPECT_EQ(utf8_prefix_bytes(s, 3), 5u);
  EXPECT_EQ(utf8_prefix_bytes(s, 4), 8u);
  EXPECT_EQ(utf8_prefix_bytes(s, 9), 8u);
}

TEST(Text, DisplayWidthCountsCjkTwice) {
  EXPECT_EQ(display_width("净地 ok"), 7);
  EXPECT_EQ(display_width(""), 0);
  EXPECT_EQ(display_width("\xC2\xA0"), 1);  // two bytes: one column
}

TEST(Text, JoinPutsTheSeparatorBetweenEveryTwo) {
  EXPECT_EQ(join({}, "、"), "");
  EXPECT_EQ(join({"a"}, "、"), "a");
  EXPECT_EQ(join({"a", "b", "c"}, "；"), "a；b；c");
  EXPECT_EQ(join({"", "b"}, ","), ",b");
}

}  // namespace
}  // namespace tudi
