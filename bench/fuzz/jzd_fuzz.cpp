// libFuzzer target for the 界址点 TXT parser (tests/io/jzd_corpus_test.cpp runs the same contract
// over mutations of the seed corpus in every ordinary test run). Built with -DTUDI_FUZZ=ON: see
// CMakeLists.txt here, and CONTRIBUTING.md for a run with the `fuzz` preset.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tudi/core/error.hpp"
#include "tudi/io/jzd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto file = tudi::io::jzd::parse(bytes, "fuzz.txt");
    static_cast<void>(file);
  } catch (const tudi::Error&) {
    // A clear error is a correct answer to bad input; anything else escapes and is a finding.
  }
  return 0;
}
