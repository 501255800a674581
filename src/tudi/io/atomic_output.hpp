#pragma once
// Outputs appear whole or not at all: write to a temporary name beside the target, then rename.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tudi::io {

/// Writes `bytes` to `path` as it is (a file inside an AtomicOutput's temporary name), the
/// close checked: a full disk is an error naming `where`, not a short file.
void write_bytes(const std::filesystem::path& path, std::string_view bytes, const std::string& where);

/// Writes a whole file atomically (temporary name, checked close, rename or staged in the set).
void write_file(const std::filesystem::path& path, std::string_view bytes, bool overwrite);

/// Creates `dir` and its missing parents, naming `dir` on failure. Inside an OutputSet the
/// folders it made are removed again (when empty) if the set does not commit.
void make_output_folder(const std::filesystem::path& dir);

/// Unless `overwrite`, throws tudi::Error naming the first target that exists: a set of outputs
/// checked together before any is written, so a refusal leaves no partial set.
void refuse_existing(const std::vector<std::filesystem::path>& targets, bool overwrite);

/// Reserves temporary paths next to each final path; commit() renames them into place (all
/// sidecar files of a Shapefile together). Destroyed without commit, it removes the temporaries.
/// While an OutputSet is open, commit() only hands the finished file to the set.
class AtomicOutput {
 public:
  /// `target` is the main output file. Throws tudi::Error if it exists and !overwrite, and
  /// always if it is a folder (tudi replaces files, never a tree it did not write).
  AtomicOutput(std::filesystem::path target, bool overwrite);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  /// The temporary path to write instead of `target` (same folder, same extension).
  const std::filesystem::path& temp() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  /// Renames the temporary file, and every sidecar with the same stem (.shx .dbf .prj .cpg
  /// .qix .qml), onto the target's name; inside an OutputSet, the set does it later.
  void commit();

 private:
  std::filesystem::path target_, temp_;
  bool overwrite_ = false;
  bool committed_ = false;
};

/// The outputs of one command, committed together: while it is open, every AtomicOutput
/// committed in the process (from any thread) is only staged; commit() renames all of them into place once every
/// file is complete, and a set destroyed without commit() (an error, a cancel, a signal)
/// removes every staged temporary, so a failure part-way leaves none of the set behind.
/// Sets nest: an inner set stages into the outer one.
class OutputSet {
 public:
  OutputSet();
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  void commit();

  /// Where `target` is now: the staged temporary of the open set, else `target` itself (for
  /// reading back an output before the set commits, e.g. to hash it for a manifest).
  static std::filesystem::path current_path(const std::filesystem::path& target);

  struct Staged {
    std::filesystem::path target, temp;
    bool overwrite = false;
  };

 private:
  friend class AtomicOutput;
  friend void make_output_folder(const std::filesystem::path& dir);
  std::vector<Staged> staged_;
  std::vector<std::filesystem::path> made_;  // folders made for the set, deepest last
  OutputSet* outer_ = nullptr;
  bool done_ = false;
};

}  // namespace tudi::io
