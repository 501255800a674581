#pragma once
// A per-process scratch folder for fuzz targets whose parser reads a file, not bytes.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace tudi::fuzz {

inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("tudi-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::filesystem::path write(const std::string& name, const char* data, std::size_t size) {
  const auto p = scratch() / name;
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(data, static_cast<std::streamsize>(size));
  return p;
}

}  // namespace tudi::fuzz
