// libFuzzer target for the project file (tudi.toml): any bytes either load into a Project or
// throw tudi::Error naming the file; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>

#include "scratch.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = tudi::fuzz::write("tudi.toml", reinterpret_cast<const char*>(data), size);
  try {
    static_cast<void>(tudi::load_project(file));
  } catch (const tudi::Error&) {
  }
  return 0;
}
