#pragma once
// Progress reporting in the manner of GDALProgressFunc: a callback that returns false to cancel.

#include <functional>
#include <string_view>

namespace tudi {

/// Called with a fraction in [0, 1] and a short message; returning false cancels the work,
/// which then throws tudi::Cancelled. An empty Progress reports nothing.
using Progress = std::function<bool(double fraction, std::string_view message)>;

struct Cancelled {};

/// Maps [0, 1] of a sub-step onto [from, to] of its parent, so nested steps report one bar.
inline Progress scaled(const Progress& parent, double from, double to) {
  if (!parent) return {};
  return [=](double f, std::string_view msg) { return parent(from + (to - from) * f, msg); };
}

/// Reports and throws Cancelled when the callback asks to stop.
inline void report_progress(const Progress& p, double fraction, std::string_view message = {}) {
  if (p && !p(fraction, message)) throw Cancelled{};
}

}  // namespace tudi
