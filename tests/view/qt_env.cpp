// The test_view binary's Qt application (see qt_env.hpp).
#include <QApplication>

#include "qt_env.hpp"

namespace {

const auto* const registered = ::testing::AddGlobalTestEnvironment(
    new tudi::test::QtEnvironment<QApplication>("test_view"));

}  // namespace
