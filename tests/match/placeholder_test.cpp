#include <gtest/gtest.h>
TEST(Match, Placeholder) {}
