#include "tudi/core/data_dir.hpp"

#include <cstdlib>
#include <mutex>
#include <string>
#include <system_error>

#include "tudi/core/error.hpp"

namespace fs = std::filesystem;

namespace tudi {
namespace {

std::mutex mutex;
fs::path chosen;  // set_data_dir's, guarded by mutex

}  // namespace

void set_data_dir(const fs::path& dir) {
  const std::lock_guard lock(mutex);
  chosen = dir;
}

fs::path data_dir() {
  {
    const std::lock_guard lock(mutex);
    if (!chosen.empty()) return chosen;
  }
  if (const char* env = std::getenv("TUDI_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error("/proc/self/exe", "cannot find the running executable: " + ec.message());
  std::string looked;
  fs::path dir = exe.parent_path();
  for (int up = 0; up < 3 && !dir.empty(); ++up, dir = dir.parent_path()) {
    const fs::path candidate = dir / "share" / "tudi";
    if (fs::is_directory(candidate / "rules", ec)) return candidate;
    looked += (looked.empty() ? "" : ", ") + candidate.string();
    if (dir == dir.root_path()) break;
  }
  throw Error(exe.string(), "no tudi data folder (rules/, styles/) in " + looked +
                                ": install tudi, or set TUDI_DATA_DIR or --data-dir");
}

}  // namespace tudi
