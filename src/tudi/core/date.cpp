#include "tudi/core/date.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

#include "tudi/core/text.hpp"

namespace tudi {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. Years are counted from
// 1 March so the leap day falls at the end of the counted year; eras are 400-year cycles.
std::int64_t civil_to_days(int y, int m, int d) {
  const std::int64_t yy = y - (m <= 2 ? 1 : 0);
  const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const std::int64_t year_of_era = yy - era * 400;
  const std::int64_t mp = (m + 9) % 12;  // March = 0
  const std::int64_t day_of_year = (153 * mp + 2) / 5 + d - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void days_to_civil(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  d = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(year_of_era + era * 400 + (m <= 2 ? 1 : 0));
}

bool all_digits(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view t) {
  int v = 0;
  for (char c : t) v = v * 10 + (c - '0');
  return v;
}

/// Drops a time of day after the date: "2021-03-05 08:00:00", "2021-03-05T08:00:00Z",
/// "2021/3/5 0:00". The date part never contains ' ' or 'T' or ':'.
std::string_view strip_time(std::string_view t) {
  const std::size_t colon = t.find(':');
  if (colon == std::string_view::npos) return t;
  std::size_t cut = t.find_last_of(" T", colon);
  if (cut == std::string_view::npos) return t;
  return trim(t.substr(0, cut));
}

/// Splits "2021-3-5" at one kind of separator into exactly three digit groups.
bool split3(std::string_view t, std::string_view sep, int& y, int& m, int& d) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t p = t.find(sep, start);
    parts.push_back(
        t.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + sep.size();
  }
  if (parts.size() != 3) return false;
  for (auto part : parts)
    if (!all_digits(part) || part.size() > 4) return false;
  if (parts[0].size() != 4 || parts[1].size() > 2 || parts[2].size() > 2) return false;
  y = to_int(parts[0]);
  m = to_int(parts[1]);
  d = to_int(parts[2]);
  return true;
}

}  // namespace

bool is_leap_year(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

std::optional<Date> Date::from_ymd(int y, int m, int d) {
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return std::nullopt;
  return Date(y, m, d);
}

Date Date::from_days(std::int64_t days) {
  int y = 1970, m = 1, d = 1;
  days_to_civil(days, y, m, d);
  return Date(y, m, d);
}

std::int64_t Date::days() const {
  return civil_to_days(y_, m_, d_);
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y_, m_, d_);
  return buf;
}

std::optional<Date> from_excel_serial(double serial) {
  if (!std::isfinite(serial)) return std::nullopt;
  const double whole = std::floor(serial);
  if (whole < 1 || whole > 2958465) return std::nullopt;
  const auto n = static_cast<std::int64_t>(whole);
  if (n == 60) return std::nullopt;  // Excel's 1900-02-29, a day that never was
  // Serial 1 = 1900-01-01; from 61 on Excel is one day ahead because of the phantom leap day.
  const std::int64_t base = civil_to_days(1899, 12, 31);
  return Date::from_days(base + (n < 60 ? n : n - 1));
}

std::optional<Date> parse_date(std::string_view text) {
  const std::string folded = fold_full_width(text);
  std::string_view t = strip_time(trim(folded));
  if (t.empty()) return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (all_digits(t)) {
    if (t.size() == 8)
      return Date::from_ymd(to_int(t.substr(0, 4)), to_int(t.substr(4, 2)), to_int(t.substr(6, 2)));
    // Five digits: an Excel serial that lost its cell format (10000 = 1927-05-18 … 99999 =
    // 2173-10-14); shorter or longer bare numbers are too ambiguous (a year, a count).
    if (t.size() == 5) return from_excel_serial(to_int(t));
    return std::nullopt;
  }
  // 2021年3月5日 / 2021年03月05号
  const std::string_view nian = "年", yue = "月", ri = "日", hao = "号";
  if (const std::size_t py = t.find(nian); py != std::string_view::npos) {
    const std::size_t pm = t.find(yue, py);
    if (pm == std::string_view::npos) return std::nullopt;
    std::string_view ys = trim(t.substr(0, py));
    std::string_view ms = trim(t.substr(py + nian.size(), pm - py - nian.size()));
    std::string_view ds = trim(t.substr(pm + yue.size()));
    if (ds.size() >= ri.size() && ds.substr(ds.size() - ri.size()) == ri)
      ds = trim(ds.substr(0, ds.size() - ri.size()));
    else if (ds.size() >= hao.size() && ds.substr(ds.size() - hao.size()) == hao)
      ds = trim(ds.substr(0, ds.size() - hao.size()));
    if (ys.size() != 4 || !all_digits(ys) || !all_digits(ms) || !all_digits(ds) || ms.size() > 2 ||
        ds.size() > 2)
      return std::nullopt;
    return Date::from_ymd(to_int(ys), to_int(ms), to_int(ds));
  }
  for (std::string_view sep : {"-", "/", "."})
    if (split3(t, sep, y, m, d)) return Date::from_ymd(y, m, d);
  return std::nullopt;
}

std::optional<Date> to_date(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return parse_date(*s);
  double x = 0;
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    x = static_cast<double>(*i);
  } else if (const auto* f = std::get_if<double>(&v)) {
    x = *f;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(x)) return std::nullopt;
  if (x >= 10000101 && x <= 99991231 && x == std::floor(x)) {
    const auto n = static_cast<int>(x);
    return Date::from_ymd(n / 10000, n / 100 % 100, n % 100);
  }
  return from_excel_serial(x);
}

Date add_years(const Date& d, int years) {
  const int y = d.year() + years;
  const int day = std::min(d.day(), days_in_month(y, d.month()));
  if (auto r = Date::from_ymd(y, d.month(), day)) return *r;
  // Out of 1..9999: clamp rather than throw, analyses never reach these years.
  return y < kMinYear ? *Date::from_ymd(kMinYear, 1, 1) : *Date::from_ymd(kMaxYear, 12, 31);
}

Date add_days(const Date& d, std::int64_t days) {
  return Date::from_days(d.days() + days);
}

int full_years_between(const Date& from, const Date& to) {
  int n = to.year() - from.year();
  // At most one correction either way: add_years moves month/day by at most one day (29 Feb).
  if (add_years(from, n) > to)
    --n;
  else if (add_years(from, n + 1) <= to)
    ++n;
  return n;
}

Date today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return *Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

}  // namespace tudi
