// The main of every test executable. It is GoogleTest's, but a run where every test skipped
// (GTEST_SKIP: PostGIS, the shared data or a tool absent) and none failed exits 77, which ctest
// reports as skipped (SKIP_RETURN_CODE 77): ctest runs a whole test executable as one test
// (tests/CMakeLists.txt), and a zero exit would read as passed.
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  const int failed = RUN_ALL_TESTS();
  const testing::UnitTest& run = *testing::UnitTest::GetInstance();
  if (failed == 0 && run.successful_test_count() == 0 && run.skipped_test_count() > 0) return 77;
  return failed;
}
