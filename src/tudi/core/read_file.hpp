#pragma once
// Reading a whole small file the user named: refused by name when it is not a regular file (a
// device or a pipe would never end: `x.txt -> /dev/zero` grew until bad_alloc) or larger than
// what such a file can sensibly be.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tudi {

inline constexpr std::uintmax_t kMiB = 1024 * 1024;
/// Project files, rule packs, styles and scenarios: text a person writes.
inline constexpr std::uintmax_t kMaxConfigBytes = 4 * kMiB;

/// Throws tudi::Error naming `path` unless it exists and is a regular file (after symlinks).
void require_regular_file(const std::filesystem::path& path);

/// The bytes of a regular file of at most `max_bytes`; throws tudi::Error naming `path`.
std::string read_file(const std::filesystem::path& path, std::uintmax_t max_bytes);

/// "4 MiB", "64 MiB": a byte limit as a message gives it.
std::string describe_bytes(std::uintmax_t bytes);

}  // namespace tudi
