// output/json: the JSON spellings the analyses' outputs share.

#include <gtest/gtest.h>

#include "tudi/output/json.hpp"

namespace tudi::output {
namespace {

TEST(OutputJson, ValuesKeepTheirTypeAndNullIsNull) {
  EXPECT_EQ(json_value(Value{std::int64_t{42}}).dump(), "42");
  EXPECT_EQ(json_value(Value{2.5}).dump(), "2.5");
  EXPECT_EQ(json_value(Value{std::string("净地")}), nlohmann::json("净地"));
  EXPECT_TRUE(json_value(Value{}).is_null());
}

TEST(OutputJson, AbsentOptionalsAndDatesAreNull) {
  EXPECT_EQ(json_or_null(std::optional<double>(1.5)).dump(), "1.5");
  EXPECT_TRUE(json_or_null(std::optional<double>()).is_null());
  EXPECT_EQ(json_or_null(std::optional<std::string>("C26")), nlohmann::json("C26"));
  EXPECT_EQ(json_date(Date::from_ymd(2026, 11, 22)), nlohmann::json("2026-11-22"));
  EXPECT_TRUE(json_date(std::nullopt).is_null());
}

}  // namespace
}  // namespace tudi::output
