#include "tudi/core/read_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <system_error>

#include "tudi/core/error.hpp"

namespace fs = std::filesystem;

namespace tudi {

std::string describe_bytes(std::uintmax_t bytes) {
  if (bytes % kMiB == 0) return fmt::format("{} MiB", bytes / kMiB);
  return fmt::format("{} bytes", bytes);
}

void require_regular_file(const fs::path& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || st.type() == fs::file_type::not_found) throw Error(path.string(), "no such file");
  switch (st.type()) {
    case fs::file_type::regular:
      return;
    case fs::file_type::directory:
      throw Error(path.string(), "is a folder, not a file");
    case fs::file_type::character:
    case fs::file_type::block:
      throw Error(path.string(), "is a device, not a file");
    case fs::file_type::fifo:
      throw Error(path.string(), "is a pipe, not a file");
    case fs::file_type::socket:
      throw Error(path.string(), "is a socket, not a file");
    default:
      throw Error(path.string(), "is not a regular file");
  }
}

std::string read_file(const fs::path& path, std::uintmax_t max_bytes) {
  require_regular_file(path);
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw Error(path.string(), "cannot read the file: " + ec.message());
  if (size > max_bytes)
    throw Error(path.string(), fmt::format("is {} bytes; a file of this kind is at most {}", size,
                                           describe_bytes(max_bytes)));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), "cannot open the file");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  // A file that shrank while being read gives fewer bytes; keep what was there.
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw Error(path.string(), "cannot read the file");
  return bytes;
}

}  // namespace tudi
