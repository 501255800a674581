#pragma once
// Calendar dates as bureaus type them, and the calendar arithmetic the land rules need
// ("满一年" = the anniversary has been reached), never 365-day counts.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tudi/core/value.hpp"

namespace tudi {

/// A day of the proleptic Gregorian calendar (years 1–9999). Compares chronologically.
class Date {
 public:
  Date() = default;  // 1970-01-01
  /// The date, or nullopt when there is no such day (2021-02-29, month 13, year 0).
  static std::optional<Date> from_ymd(int year, int month, int day);
  /// The date `days` days after 1970-01-01 (negative = before).
  static Date from_days(std::int64_t days);

  int year() const { return y_; }
  int month() const { return m_; }
  int day() const { return d_; }
  /// Days since 1970-01-01.
  std::int64_t days() const;
  /// "2021-03-05".
  std::string iso() const;

  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  Date(int y, int m, int d) : y_(y), m_(m), d_(d) {}
  int y_ = 1970, m_ = 1, d_ = 1;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

/// Reads a date in the forms bureaus actually type: 2021-03-05, 2021/3/5, 2021.3.5, 20210305,
/// 2021年3月5日 (also 号, full-width digits, a trailing time "2021-03-05 08:00:00" or
/// "T08:00:00"), and Excel serial numbers written as five-digit text ("44260"). Returns nullopt
/// for anything else, including impossible days (2021-02-29); never throws.
std::optional<Date> parse_date(std::string_view text);

/// An Excel serial day number in the 1900 date system (1 = 1900-01-01). Excel counts a
/// 1900-02-29 that never existed (serial 60): serials from 61 on are shifted back by one day,
/// and 60 itself is nullopt. Fractions (the time of day) are dropped. nullopt outside
/// 1..2958465 (9999-12-31).
std::optional<Date> from_excel_serial(double serial);

/// A date from an attribute value: text goes through parse_date(); numbers are an
/// eight-digit yyyymmdd (20210305) or else an Excel serial. nullopt when null or unreadable.
std::optional<Date> to_date(const Value& v);

/// `years` calendar years later (earlier when negative), same month and day; 29 February maps
/// to 28 February in a year without one (民法典 第二百零二条: no corresponding day → the last
/// day of that month).
Date add_years(const Date& d, int years);
Date add_days(const Date& d, std::int64_t days);

/// Whole years from `from` to `to`, floored: the largest n with add_years(from, n) <= to. The
/// anniversary itself counts as a full year (2021-03-05 → 2022-03-05 is 1; → 2022-03-04 is 0);
/// a 29 February start completes its year on 28 February. Negative when `to` precedes `from`.
int full_years_between(const Date& from, const Date& to);

/// Today's date in local time.
Date today();

}  // namespace tudi
