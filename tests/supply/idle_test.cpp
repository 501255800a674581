// The legal edges of 闲置土地处置办法 第二条 at the as-of date, calendar arithmetic included.
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {
namespace {

Date ymd(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}
DateField on(int y, int m, int d) {
  return {ymd(y, m, d), ymd(y, m, d).iso()};
}
DateField raw(const std::string& text) {
  return {parse_date(text), text};
}

/// Supplied 2020-09-01 with the agreed start 2021-03-05, not started, price 1000 万元.
ParcelDates not_started() {
  ParcelDates d;
  d.supply_date = on(2020, 9, 1);
  d.agreed_start = on(2021, 3, 5);
  d.land_price = 1000;
  return d;
}

/// Started 2021-01-10, suspended since 2021-06-01, 20 % developed, 10 % invested.
ParcelDates suspended(std::optional<double> developed, std::optional<double> invested) {
  ParcelDates d;
  d.supply_date = on(2020, 9, 1);
  d.agreed_start = on(2021, 1, 1);
  d.actual_start = on(2021, 1, 10);
  d.suspended_since = on(2021, 6, 1);
  d.developed_share = developed;
  d.invested_share = invested;
  d.land_price = 500;
  return d;
}

const Settings kSettings;

TEST(IdleStatus, BeforeAndOnTheAgreedStartIsNormal) {
  EXPECT_EQ(idle_status(not_started(), ymd(2021, 3, 1), kSettings).state, IdleState::in_use);
  EXPECT_EQ(idle_status(not_started(), ymd(2021, 3, 5), kSettings).state, IdleState::in_use);
  const IdleStatus next = idle_status(not_started(), ymd(2021, 3, 6), kSettings);
  EXPECT_EQ(next.state, IdleState::warning);
  EXPECT_EQ(next.idle_years, 0);
  EXPECT_EQ(next.counted_from, ymd(2021, 3, 5));
}

TEST(IdleStatus, OneYearMinusOneDayIsAWarning) {
  const IdleStatus s = idle_status(not_started(), ymd(2022, 3, 4), kSettings);
  EXPECT_EQ(s.state, IdleState::warning);
  EXPECT_EQ(s.idle_years, 0);
  EXPECT_EQ(s.consequence, Consequence::none);
  EXPECT_FALSE(s.fee);
  EXPECT_NE(s.text.find("2022-03-05"), std::string::npos) << s.text;  // says when it turns idle
}

TEST(IdleStatus, NoAgreedStartCountsFromOneYearAfterDelivery) {
  // 令53号 附则: delivered 2020-03-05, so the start is 2021-03-05; no weekend shift.
  ParcelDates d = not_started();
  d.agreed_start = {};
  d.delivery_date = on(2020, 3, 5);
  EXPECT_EQ(idle_status(d, ymd(2021, 3, 4), kSettings).state, IdleState::in_use);
  EXPECT_EQ(idle_status(d, ymd(2021, 3, 5), kSettings).state, IdleState::in_use);
  const IdleStatus w = idle_status(d, ymd(2021, 3, 6), kSettings);
  EXPECT_EQ(w.state, IdleState::warning);
  EXPECT_EQ(w.counted_from, ymd(2021, 3, 5));
  EXPECT_NE(w.text.find("交地日期 2020-03-05"), std::string::npos) << w.text;
  EXPECT_EQ(idle_status(d, ymd(2022, 3, 5), kSettings).state, IdleState::idle_1y);
  // An agreed start wins over the delivery date.
  d.agreed_start = on(2020, 6, 1);
  EXPECT_EQ(idle_status(d, ymd(2021, 3, 4), kSettings).state, IdleState::warning);
  d.agreed_start = {};
  d.delivery_date = raw("交地中");
  const IdleStatus u = idle_status(d, ymd(2022, 3, 5), kSettings);
  EXPECT_EQ(u.state, IdleState::unknown);
  EXPECT_EQ(u.missing, std::vector<std::string>{"delivery_date"});
}

TEST(IdleStatus, TheAnniversaryMakesOneFullYearAndTheFee) {
  const IdleStatus s = idle_status(not_started(), ymd(2022, 3, 5), kSettings);
  EXPECT_EQ(s.state, IdleState::idle_1y);
  EXPECT_EQ(s.idle_years, 1);
  EXPECT_EQ(s.consequence, Consequence::fee);
  ASSERT_TRUE(s.fee);
  EXPECT_DOUBLE_EQ(*s.fee, 200.0);  // 20 % × 1000 万元
  EXPECT_EQ(idle_status(not_started(), ymd(2023, 3, 4), kSettings).state, IdleState::idle_1y);
}

TEST(IdleStatus, TwoFullYearsMeanRecovery) {
  const IdleStatus s = idle_status(not_started(), ymd(2023, 3, 5), kSettings);
  EXPECT_EQ(s.state, IdleState::idle_2y);
  EXPECT_EQ(s.idle_years, 2);
  EXPECT_EQ(s.consequence, Consequence::recovery);
  EXPECT_FALSE(s.fee);
  EXPECT_EQ(idle_status(not_started(), ymd(2030, 1, 1), kSettings).idle_years, 8);
}

TEST(IdleStatus, FeeNeedsTheLandPriceAndFollowsTheRate) {
  ParcelDates d = not_started();
  d.land_price.reset();
  const IdleStatus s = idle_status(d, ymd(2022, 6, 1), kSettings);
  EXPECT_EQ(s.state, IdleState::idle_1y);
  EXPECT_FALSE(s.fee);
  EXPECT_NE(s.text.find("价款未填写"), std::string::npos);
  Settings half;
  half.idle_fee_rate = 0.1;
  EXPECT_DOUBLE_EQ(*idle_status(not_started(), ymd(2022, 6, 1), half).fee, 100.0);
}

TEST(IdleStatus, TwentyNinthOfFebruaryCompletesItsYearOn28February) {
  ParcelDates d = not_started();
  d.agreed_start = on(2020, 2, 29);
  EXPECT_EQ(idle_status(d, ymd(2021, 2, 27), kSettings).state, IdleState::warning);
  EXPECT_EQ(idle_status(d, ymd(2021, 2, 28), kSettings).state, IdleState::idle_1y);
  EXPECT_EQ(idle_status(d, ymd(2022, 2, 27), kSettings).state, IdleState::idle_1y);
  EXPECT_EQ(idle_status(d, ymd(2022, 2, 28), kSettings).state, IdleState::idle_2y);
  // A start on 28 February of a leap year completes its year on 28 February too.
  d.agreed_start = on(2024, 2, 28);
  EXPECT_EQ(idle_status(d, ymd(2025, 2, 27), kSettings).state, IdleState::warning);
  EXPECT_EQ(idle_status(d, ymd(2025, 2, 28), kSettings).state, IdleState::idle_1y);
}

TEST(IdleStatus, SuspendedBelowAThirdForOneFullYear) {
  const ParcelDates d = suspended(20, 10);
  EXPECT_EQ(idle_status(d, ymd(2022, 5, 31), kSettings).state, IdleState::warning);
  const IdleStatus s = idle_status(d, ymd(2022, 6, 1), kSettings);
  EXPECT_EQ(s.state, IdleState::idle_suspended);
  EXPECT_EQ(s.idle_years, 1);
  EXPECT_EQ(s.counted_from, ymd(2021, 6, 1));
  EXPECT_EQ(s.consequence, Consequence::fee);
  EXPECT_DOUBLE_EQ(*s.fee, 100.0);
  const IdleStatus two = idle_status(d, ymd(2023, 6, 1), kSettings);
  EXPECT_EQ(two.state, IdleState::idle_suspended);
  EXPECT_EQ(two.idle_years, 2);
  EXPECT_EQ(two.consequence, Consequence::recovery);
}

TEST(IdleStatus, ExactlyOneThirdAndExactly25PercentAreNotIdle) {
  const Date late = ymd(2023, 1, 1);
  // "不足三分之一" / "不足百分之二十五" are strict.
  EXPECT_EQ(idle_status(suspended(100.0 / 3.0, 25.0), late, kSettings).state, IdleState::in_use);
  // One below either edge suffices (the rule says "或者").
  EXPECT_EQ(idle_status(suspended(100.0 / 3.0 - 1e-6, 80), late, kSettings).state,
            IdleState::idle_suspended);
  EXPECT_EQ(idle_status(suspended(33.33, 80), late, kSettings).state, IdleState::idle_suspended);
  EXPECT_EQ(idle_status(suspended(80, 24.999), late, kSettings).state, IdleState::idle_suspended);
  EXPECT_EQ(idle_status(suspended(80, 25.0), late, kSettings).state, IdleState::in_use);
  EXPECT_EQ(idle_status(suspended(34, 26), late, kSettings).state, IdleState::in_use);
}

TEST(IdleStatus, SuspendedWithAShareMissingIsUnknown) {
  const Date late = ymd(2023, 1, 1);
  const IdleStatus one = idle_status(suspended(50, std::nullopt), late, kSettings);
  EXPECT_EQ(one.state, IdleState::unknown);
  EXPECT_EQ(one.missing, std::vector<std::string>{"invested_share"});
  const IdleStatus both = idle_status(suspended(std::nullopt, std::nullopt), late, kSettings);
  EXPECT_EQ(both.missing, (std::vector<std::string>{"developed_share", "invested_share"}));
  // One known share below its edge decides without the other.
  EXPECT_EQ(idle_status(suspended(10, std::nullopt), late, kSettings).state,
            IdleState::idle_suspended);
}

TEST(IdleStatus, StartedAndNotSuspendedOrCompletedIsInUse) {
  ParcelDates d = suspended(10, 10);
  d.suspended_since = {};
  EXPECT_EQ(idle_status(d, ymd(2025, 1, 1), kSettings).state, IdleState::in_use);
  ParcelDates c = not_started();
  c.completed = on(2021, 12, 1);
  EXPECT_EQ(idle_status(c, ymd(2025, 1, 1), kSettings).state, IdleState::in_use);
  // A start (or suspension) after the as-of date has not happened yet.
  ParcelDates later = not_started();
  later.actual_start = on(2022, 9, 1);
  EXPECT_EQ(idle_status(later, ymd(2022, 3, 5), kSettings).state, IdleState::idle_1y);
  EXPECT_EQ(idle_status(later, ymd(2022, 9, 1), kSettings).state, IdleState::in_use);
}

TEST(IdleStatus, GovernmentCauseIsNotChargedNorRecovered) {
  ParcelDates d = not_started();
  d.government_cause = "规划调整";
  const IdleStatus s = idle_status(d, ymd(2023, 6, 1), kSettings);
  EXPECT_EQ(s.state, IdleState::government_cause);
  EXPECT_EQ(s.consequence, Consequence::negotiate);
  EXPECT_EQ(s.idle_years, 2);
  EXPECT_FALSE(s.fee);
  EXPECT_NE(s.text.find("规划调整"), std::string::npos);
  // Not yet idle: the cause changes nothing.
  EXPECT_EQ(idle_status(d, ymd(2021, 6, 1), kSettings).state, IdleState::warning);
  ParcelDates sus = suspended(10, 10);
  sus.government_cause = "是";
  EXPECT_EQ(idle_status(sus, ymd(2023, 1, 1), kSettings).state, IdleState::government_cause);
}

TEST(IdleStatus, EveryMissingOrUnreadableDateIsUnknownNamingTheField) {
  const Date as_of = ymd(2023, 1, 1);
  ParcelDates d = not_started();
  d.agreed_start = {};
  IdleStatus s = idle_status(d, as_of, kSettings);
  EXPECT_EQ(s.state, IdleState::unknown);
  EXPECT_EQ(s.missing, (std::vector<std::string>{"agreed_start", "delivery_date"}));
  EXPECT_NE(s.text.find("约定动工日期"), std::string::npos);
  EXPECT_NE(s.text.find("交地日期"), std::string::npos);

  d.agreed_start = raw("明年三月");
  s = idle_status(d, as_of, kSettings);
  EXPECT_EQ(s.state, IdleState::unknown);
  EXPECT_EQ(s.missing, std::vector<std::string>{"agreed_start"});
  EXPECT_NE(s.text.find("“明年三月”"), std::string::npos) << s.text;

  ParcelDates a = not_started();
  a.actual_start = raw("2021-02-30");
  s = idle_status(a, as_of, kSettings);
  EXPECT_EQ(s.state, IdleState::unknown);
  EXPECT_EQ(s.missing, std::vector<std::string>{"actual_start"});
  EXPECT_NE(s.text.find("2021-02-30"), std::string::npos);

  ParcelDates p = suspended(10, 10);
  p.suspended_since = raw("停工中");
  s = idle_status(p, as_of, kSettings);
  EXPECT_EQ(s.state, IdleState::unknown);
  EXPECT_EQ(s.missing, std::vector<std::string>{"suspended_since"});
  EXPECT_NE(s.text.find("停工中"), std::string::npos);

  // Tolerated forms are read, not unknown.
  ParcelDates t = not_started();
  t.agreed_start = raw("2021年3月5日");
  EXPECT_EQ(idle_status(t, ymd(2022, 3, 5), kSettings).state, IdleState::idle_1y);
  t.agreed_start = raw("44260");  // Excel serial of 2021-03-05
  EXPECT_EQ(idle_status(t, ymd(2022, 3, 5), kSettings).state, IdleState::idle_1y);
}

TEST(Inconsistencies, SharesAbove100AndStartBeforeSupplyAreFlaggedWithValues) {
  ParcelDates d = suspended(150, 101);
  d.actual_start = on(2020, 8, 1);  // supplied 2020-09-01
  d.completed = raw("竣工待定");
  const std::vector<Finding> f = inconsistencies(d);
  std::vector<std::string> codes;
  for (const Finding& x : f) codes.push_back(x.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"developed_share_over_100", "invested_share_over_100",
                                             "start_before_supply", "unreadable_date"}));
  EXPECT_EQ(std::get<double>(f[0].values.at(0).second), 150.0);
  EXPECT_NE(f[0].text.find("150%"), std::string::npos);
  EXPECT_NE(f[2].text.find("2020-08-01"), std::string::npos);
  EXPECT_NE(f[2].text.find("2020-09-01"), std::string::npos);
  EXPECT_NE(f[3].text.find("竣工待定"), std::string::npos);
  EXPECT_TRUE(inconsistencies(not_started()).empty());
  ParcelDates neg = suspended(-5, 10);
  EXPECT_EQ(inconsistencies(neg).front().code, "negative_share");
}

TEST(ParcelDates, ReadFromAFeatureWithTheFormsBureausType) {
  Layer l = test::make_layer("parcels", test::kParcelFields);
  const Feature& f = test::add(l, test::box(0, 0, 10, 10),
                               {{"supply_date", std::int64_t{44075}},  // Excel serial, 2020-09-01
                                {"agreed_start", "2021/3/5"},
                                {"actual_start", "2021.3.10"},
                                {"suspended_since", "？"},
                                {"developed_share", "35%"},
                                {"invested_share", 20.0},
                                {"government_cause", "否"},
                                {"land_price", "1200.5"}});
  const ParcelDates d = parcel_dates(l, f);
  EXPECT_EQ(d.supply_date.date, ymd(2020, 9, 1));
  EXPECT_EQ(d.agreed_start.date, ymd(2021, 3, 5));
  EXPECT_EQ(d.actual_start.date, ymd(2021, 3, 10));
  EXPECT_TRUE(d.suspended_since.unreadable());
  EXPECT_EQ(d.suspended_since.raw, "？");
  EXPECT_FALSE(d.completed.present());
  EXPECT_EQ(d.developed_share, 35.0);
  EXPECT_EQ(d.invested_share, 20.0);
  EXPECT_TRUE(d.government_cause.empty());
  EXPECT_EQ(d.land_price, 1200.5);
  Layer g = test::make_layer("parcels", test::kParcelFields);
  EXPECT_EQ(parcel_dates(g, test::add(g, test::box(0, 0, 1, 1), {{"government_cause", "是"}}))
                .government_cause,
            "是");
  EXPECT_EQ(parcel_dates(g, test::add(g, test::box(0, 0, 1, 1), {{"government_cause", "军事管制"}}))
                .government_cause,
            "军事管制");
}

}  // namespace
}  // namespace tudi::supply
