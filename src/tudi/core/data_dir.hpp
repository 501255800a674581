#pragma once
// Where tudi finds its data (rules/, styles/, the web UI): under <prefix>/share/tudi once
// installed, build/<preset>/share/tudi in a build tree, never through a path compiled in.

#include <filesystem>

namespace tudi {

/// The data folder: the one set_data_dir() named, else $TUDI_DATA_DIR when set, else the first
/// share/tudi holding rules/ in the running executable's folder or one of its two parents
/// (<prefix>/bin/../share/tudi; build/ci/apps/tudi/../../share/tudi). Throws tudi::Error saying
/// where it looked when there is none.
std::filesystem::path data_dir();

/// The command line's --data-dir: overrides $TUDI_DATA_DIR and the executable's share/tudi.
void set_data_dir(const std::filesystem::path& dir);

}  // namespace tudi
