// The tolerant date reader and the calendar arithmetic behind "满一年".
#include "tudi/core/date.hpp"

#include <gtest/gtest.h>

namespace tudi {
namespace {

Date ymd(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

TEST(Date, FromYmdRejectsImpossibleDays) {
  EXPECT_TRUE(Date::from_ymd(2024, 2, 29));
  EXPECT_FALSE(Date::from_ymd(2023, 2, 29));
  EXPECT_FALSE(Date::from_ymd(1900, 2, 29));  // not a leap year (century)
  EXPECT_TRUE(Date::from_ymd(2000, 2, 29));   // leap (divisible by 400)
  EXPECT_FALSE(Date::from_ymd(2021, 13, 1));
  EXPECT_FALSE(Date::from_ymd(2021, 4, 31));
  EXPECT_FALSE(Date::from_ymd(0, 1, 1));
}

TEST(Date, DaysRoundTrip) {
  EXPECT_EQ(ymd(1970, 1, 1).days(), 0);
  EXPECT_EQ(ymd(2000, 3, 1).days(), 11017);
  EXPECT_EQ(ymd(1969, 12, 31).days(), -1);
  for (std::int64_t d = -800000; d < 800000; d += 997) EXPECT_EQ(Date::from_days(d).days(), d);
  EXPECT_EQ(Date::from_days(ymd(2021, 3, 5).days()), ymd(2021, 3, 5));
  EXPECT_EQ(ymd(2021, 3, 5).iso(), "2021-03-05");
}

TEST(Date, ParsesTheFormsBureausType) {
  const Date want = ymd(2021, 3, 5);
  for (const char* s : {"2021-03-05", "2021-3-5", "2021/3/5", "2021/03/05", "2021.3.5",
                        "2021.03.05", "20210305", "2021年3月5日", "2021年03月05日", "2021年3月5号",
                        " 2021-03-05 ", "2021-03-05 00:00:00", "2021-03-05T08:30:00Z",
                        "2021/3/5 0:00", "２０２１年３月５日", "２０２１－０３－０５", "44260"})
    EXPECT_EQ(parse_date(s), want) << s;
}

TEST(Date, RejectsEverythingElse) {
  for (const char* s : {"", "  ", "2021", "2021-03", "03/05/2021", "5.3.2021", "2021-02-29",
                        "2021-13-01", "20211301", "2021年3月", "明年", "N/A", "2021-03-05-01",
                        "21-3-5", "1234567", "abc", "2021/3/5/", "2021--3-5", "0"})
    EXPECT_FALSE(parse_date(s)) << s;
}

TEST(Date, ExcelSerialsIn1900SystemWithThePhantomLeapDay) {
  EXPECT_EQ(from_excel_serial(1), ymd(1900, 1, 1));
  EXPECT_EQ(from_excel_serial(59), ymd(1900, 2, 28));
  EXPECT_FALSE(from_excel_serial(60));  // Excel's 1900-02-29 never existed
  EXPECT_EQ(from_excel_serial(61), ymd(1900, 3, 1));
  EXPECT_EQ(from_excel_serial(44260), ymd(2021, 3, 5));
  EXPECT_EQ(from_excel_serial(44260.75), ymd(2021, 3, 5));  // time of day dropped
  EXPECT_EQ(from_excel_serial(2958465), ymd(9999, 12, 31));
  EXPECT_FALSE(from_excel_serial(0));
  EXPECT_FALSE(from_excel_serial(-5));
  EXPECT_FALSE(from_excel_serial(2958466));
}

TEST(Date, FromAttributeValues) {
  EXPECT_EQ(to_date(Value{std::int64_t{44260}}), ymd(2021, 3, 5));
  EXPECT_EQ(to_date(Value{44260.0}), ymd(2021, 3, 5));
  EXPECT_EQ(to_date(Value{std::int64_t{20210305}}), ymd(2021, 3, 5));
  EXPECT_EQ(to_date(Value{std::string("2021/3/5")}), ymd(2021, 3, 5));
  EXPECT_FALSE(to_date(Value{}));
  EXPECT_FALSE(to_date(Value{std::string("待定")}));
  EXPECT_FALSE(to_date(Value{std::int64_t{20211301}}));
}

TEST(Date, AddYearsMapsTheLeapDayTo28February) {
  EXPECT_EQ(add_years(ymd(2021, 3, 5), 1), ymd(2022, 3, 5));
  EXPECT_EQ(add_years(ymd(2020, 2, 29), 1), ymd(2021, 2, 28));
  EXPECT_EQ(add_years(ymd(2020, 2, 29), 4), ymd(2024, 2, 29));
  EXPECT_EQ(add_years(ymd(2020, 2, 29), -1), ymd(2019, 2, 28));
  EXPECT_EQ(add_years(ymd(2021, 2, 28), 3), ymd(2024, 2, 28));
  EXPECT_EQ(add_days(ymd(2021, 2, 28), 1), ymd(2021, 3, 1));
  EXPECT_EQ(add_days(ymd(2024, 2, 28), 1), ymd(2024, 2, 29));
  EXPECT_EQ(add_days(ymd(2021, 1, 1), -1), ymd(2020, 12, 31));
}

TEST(Date, FullYearsCountTheAnniversaryAsComplete) {
  const Date start = ymd(2021, 3, 5);
  EXPECT_EQ(full_years_between(start, start), 0);
  EXPECT_EQ(full_years_between(start, ymd(2022, 3, 4)), 0);
  EXPECT_EQ(full_years_between(start, ymd(2022, 3, 5)), 1);
  EXPECT_EQ(full_years_between(start, ymd(2023, 3, 4)), 1);
  EXPECT_EQ(full_years_between(start, ymd(2023, 3, 5)), 2);
  EXPECT_EQ(full_years_between(start, ymd(2021, 3, 4)), -1);
  // 29 February: the year is complete on 28 February of a common year, and on 29 February in
  // a leap year (not on 28 February then).
  const Date leap = ymd(2020, 2, 29);
  EXPECT_EQ(full_years_between(leap, ymd(2021, 2, 27)), 0);
  EXPECT_EQ(full_years_between(leap, ymd(2021, 2, 28)), 1);
  EXPECT_EQ(full_years_between(leap, ymd(2022, 2, 28)), 2);
  EXPECT_EQ(full_years_between(leap, ymd(2024, 2, 28)), 3);
  EXPECT_EQ(full_years_between(leap, ymd(2024, 2, 29)), 4);
}

TEST(Date, ArbitraryBytesNeverCrashTheReader) {
  // Deterministic noise built from the characters dates are made of, plus stray bytes.
  const std::string alphabet = "0123456789-/.年月日号 T:\xEF\xBC\x90\xFF";
  std::uint32_t state = 2026;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = static_cast<int>(state % 16);
    for (int k = 0; k < n; ++k) {
      state = state * 1664525u + 1013904223u;
      s += alphabet[(state >> 8) % alphabet.size()];
    }
    state = state * 1664525u + 1013904223u;
    if (const auto d = parse_date(s)) {
      EXPECT_TRUE(Date::from_ymd(d->year(), d->month(), d->day())) << s;
    }
  }
}

}  // namespace
}  // namespace tudi
