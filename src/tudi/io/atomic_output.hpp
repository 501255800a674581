#pragma once
// Outputs appear whole or not at all: write to a temporary name beside the target, then rename.

#include <filesystem>
#include <vector>

namespace tudi::io {

/// Unless `overwrite`, throws tudi::Error naming the first target that exists: a set of outputs
/// checked together before any is written, so a refusal leaves no partial set.
void refuse_existing(const std::vector<std::filesystem::path>& targets, bool overwrite);

/// Reserves temporary paths next to each final path; commit() renames them into place (all
/// sidecar files of a Shapefile together). Destroyed without commit, it removes the temporaries.
class AtomicOutput {
 public:
  /// `target` is the main output file. Throws tudi::Error if it exists and !overwrite.
  AtomicOutput(std::filesystem::path target, bool overwrite);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  /// The temporary path to write instead of `target` (same folder, same extension).
  const std::filesystem::path& temp() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  /// Renames the temporary file, and every sidecar with the same stem (.shx .dbf .prj .cpg
  /// .qix .qml), onto the target's name.
  void commit();

 private:
  std::filesystem::path target_, temp_;
  bool overwrite_ = false;
  bool committed_ = false;
  std::vector<std::filesystem::path> temps() const;
};

}  // namespace tudi::io
