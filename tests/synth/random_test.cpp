// The generator's own random numbers and calendar arithmetic.
#include <gtest/gtest.h>

#include <set>

#include "tudi/synth/build.hpp"
#include "tudi/synth/random.hpp"

namespace tudi::synth {
namespace {

TEST(SynthRandom, EngineIsTheStandardMersenneTwister) {
  // The C++ standard fixes the 10000th output of a default-seeded mt19937_64.
  Rng rng(5489u);
  for (int i = 0; i < 9999; ++i) rng.bits();
  EXPECT_EQ(rng.bits(), 9981545732273789042ULL);
}

TEST(SynthRandom, SameSeedSameNumbers) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const double x = a.uniform();
    EXPECT_EQ(x, b.uniform());
    differs = differs || x != c.uniform();
  }
  EXPECT_TRUE(differs);
}

TEST(SynthRandom, DistributionsStayInRange) {
  Rng rng(7);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t k = rng.integer(3, 9);
    ASSERT_GE(k, 3);
    ASSERT_LE(k, 9);
    seen.insert(k);
    const double u = rng.uniform(-2, 5);
    ASSERT_GE(u, -2);
    ASSERT_LT(u, 5);
  }
  EXPECT_EQ(seen.size(), 7u);  // every value turns up
  double sum = 0;
  for (int i = 0; i < 4000; ++i) sum += rng.normal(10, 2);
  EXPECT_NEAR(sum / 4000, 10, 0.2);
  const std::vector<double> w = {0, 1, 0};
  EXPECT_EQ(rng.weighted(w), 1u);
}

TEST(SynthRandom, ForkedStreamsAreIndependentOfDrawsElsewhere) {
  Rng root(2026);
  const double first = root.fork(1).uniform();
  root.bits();  // drawing from the root does not move its forks
  EXPECT_EQ(root.fork(1).uniform(), first);
  EXPECT_NE(root.fork(2).uniform(), first);
}

TEST(SynthDates, CivilArithmetic) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  const Date d = civil_from_days(days_from_civil({2024, 2, 29}) + 366);
  EXPECT_EQ(d.y, 2025);
  EXPECT_EQ(d.m, 3);
  EXPECT_EQ(d.d, 1);
  const Date leap = add_months({2024, 2, 29}, 12);
  EXPECT_EQ(leap.m, 2);
  EXPECT_EQ(leap.d, 28);
  const Date next = add_months({2025, 11, 30}, 3);
  EXPECT_EQ(next.y, 2026);
  EXPECT_EQ(next.m, 2);
  EXPECT_EQ(next.d, 28);
}

TEST(SynthDates, FormatsBureausType) {
  const Date d{2021, 3, 5};
  EXPECT_EQ(format_date(d, DateStyle::Iso), "2021-03-05");
  EXPECT_EQ(format_date(d, DateStyle::Slash), "2021/3/5");
  EXPECT_EQ(format_date(d, DateStyle::Dot), "2021.3.5");
  EXPECT_EQ(format_date(d, DateStyle::Compact), "20210305");
  EXPECT_EQ(format_date(d, DateStyle::ExcelSerial), "44260");  // Excel shows 2021/3/5
  EXPECT_EQ(format_date({}, DateStyle::Iso), "");
}

}  // namespace
}  // namespace tudi::synth
