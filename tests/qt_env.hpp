#pragma once
// One Qt application object for a whole test binary (gtest_main owns main()), offscreen unless
// the environment says otherwise. Each Qt test module registers it in its qt_env.cpp with the
// application it needs: QGuiApplication to draw, QApplication for widgets.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace tudi::test {

template <class App>
class QtEnvironment : public ::testing::Environment {
 public:
  explicit QtEnvironment(std::string name) : name_(std::move(name)) {}
  void SetUp() override {
    if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    argv_[0] = name_.data();
    app_ = new App(argc_, argv_);
  }
  void TearDown() override { delete app_; }

 private:
  std::string name_;
  // Qt keeps references to argc and argv for the application's lifetime.
  int argc_ = 1;
  char* argv_[2] = {nullptr, nullptr};
  App* app_ = nullptr;
};

}  // namespace tudi::test
