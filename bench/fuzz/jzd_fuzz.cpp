// libFuzzer target for the 界址点 TXT parser (tests/io/jzd_corpus_test.cpp runs the same contract
// over the seed corpus in every ordinary test run). Not part of the CMake build; with clang:
// clang-format off
// cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTUDI_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined && cmake --build build/fuzz --target tudi && clang++ -std=c++20 -g -fsanitize=fuzzer,address,undefined -Isrc -I/usr/include/gdal bench/fuzz/jzd_fuzz.cpp build/fuzz/src/libtudi.a -lgdal -lgeos_c -lproj -lfmt -ltbb -o build/fuzz/jzd_fuzz && build/fuzz/jzd_fuzz -max_len=4096 build/fuzz/corpus tests/data/jzd
// clang-format on

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
