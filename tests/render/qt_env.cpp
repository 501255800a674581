// The test_render binary's Qt application (see qt_env.hpp).
#include <QGuiApplication>

#include "qt_env.hpp"

namespace {

const auto* const registered = ::testing::AddGlobalTestEnvironment(
    new tudi::test::QtEnvironment<QGuiApplication>("test_render"));

}  // namespace
