#pragma once
// How many threads an analysis runs on.

#include <tbb/info.h>

#include <algorithm>

namespace tudi {

/// `requested` threads (0: every core), never more than the cores: the work is CPU-bound, and
/// an arena larger than TBB's worker limit only earns a "TBB Warning" on stderr.
inline int worker_threads(int requested) {
  const int cores = std::max(1, tbb::info::default_concurrency());
  return requested > 0 ? std::min(requested, cores) : cores;
}

}  // namespace tudi
