// Temporary name beside the target, renamed into place on commit: a crash or an error leaves
// either the old output or the new one, never half a file that looks finished.

#include "tudi/io/atomic_output.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <mutex>
#include <set>
#include <atomic>
#include <string>
#include <string_view>
#include <system_error>

#include "tudi/core/error.hpp"

namespace fs = std::filesystem;

namespace tudi::io {
namespace {

std::atomic<unsigned> next_temp{0};

fs::path folder_of(const fs::path& p) {
  return p.has_parent_path() ? p.parent_path() : ".";
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// The file name without the target's extension. Not path::stem(): for a temporary name such
/// as ".parcels.tudi-tmp-7-0" (target without extension) it would cut at the wrong dot.
std::string stem_of(const fs::path& p, const fs::path& ext) {
  const std::string name = p.filename().string();
  return name.substr(0, name.size() - ext.string().size());
}

/// Everything in `folder` that belongs to the output named `stem`: `stem` itself and every
/// `stem.<anything>` (the .shx .dbf .prj .cpg .qix ... GDAL and QGIS put beside a .shp).
std::vector<fs::path> family(const fs::path& folder, const std::string& stem) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == stem || (name.size() > stem.size() + 1 && name.compare(0, stem.size(), stem) == 0 &&
                         name[stem.size()] == '.'))
      out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Files that describe a dataset without being written by us each time: left beside a new
/// output under the old name they would describe the wrong data (a stale .qix or .sbn index,
/// a .cpg naming the old encoding, an .aux.xml with old statistics). Only these are removed
/// when overwriting, so "parcels.2024.shp" never goes as a "sidecar" of "parcels.shp".
bool is_sidecar(std::string_view rest) {
  static constexpr std::array<std::string_view, 21> kKnown = {
      "shp", "shx", "dbf", "prj", "cpg", "qix", "qml", "qmd", "sbn",     "sbx",    "idm",
      "ind", "qpj", "fix", "atx", "ain", "aih", "mxs", "sld", "shp.xml", "aux.xml"};
  const std::string r = lower(std::string(rest));
  return std::find(kKnown.begin(), kKnown.end(), r) != kKnown.end();
}

/// SQLite's companions of a GeoPackage (x.gpkg-wal, x.gpkg-shm, x.gpkg-journal): an old one
/// beside a new database would be replayed into it.
bool is_sqlite_companion(std::string_view rest, std::string_view ext) {
  for (std::string_view suffix : {"-wal", "-shm", "-journal"})
    if (!ext.empty() && rest.size() == ext.size() + suffix.size() &&
        lower(std::string(rest.substr(0, ext.size()))) == lower(std::string(ext)) &&
        rest.substr(ext.size()) == suffix)
      return true;
  return false;
}

void remove_or_throw(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
  if (ec) throw Error(p.string(), "cannot remove: " + ec.message());
}

/// The temporary file and every sidecar GDAL wrote beside it (.shx .dbf .prj ...).
std::vector<fs::path> temps_of(const OutputSet::Staged& s) {
  return family(folder_of(s.temp), stem_of(s.temp, s.target.extension()));
}

void remove_temps(const OutputSet::Staged& s) {
  for (const auto& p : temps_of(s)) {
    std::error_code ec;
    fs::remove(p, ec);  // a destructor cannot report; the leftovers are hidden files
  }
}

struct Move {
  fs::path from, to;
};

/// The renames that put a staged output in place; refuses (without overwrite) any target or
/// sidecar that has appeared since the output was reserved.
std::vector<Move> moves_of(const OutputSet::Staged& s) {
  const fs::path ext = s.target.extension();
  const std::string temp_stem = stem_of(s.temp, ext);
  const std::string target_stem = stem_of(s.target, ext);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(s.temp, ec)))
    throw Error(s.target.string(), "nothing was written (no " + s.temp.filename().string() + ")");
  std::vector<Move> moves;
  for (const auto& t : temps_of(s)) {
    const std::string rest = t.filename().string().substr(temp_stem.size());
    moves.push_back({t, s.target.parent_path() / (target_stem + rest)});
  }
  // The main file last: whoever waits for it to appear finds its sidecars already there.
  std::stable_partition(moves.begin(), moves.end(),
                        [&](const Move& m) { return m.from.filename() != s.temp.filename(); });
  for (const auto& m : moves) {
    const auto st = fs::symlink_status(m.to, ec);
    if (fs::is_directory(st))
      throw Error(m.to.string(), "is a folder: tudi replaces files, never a folder");
    if (!s.overwrite && fs::exists(st))
      throw Error(m.to.string(), "already exists (use --overwrite)");
  }
  return moves;
}

/// With overwrite, the old output's sidecars that the new one does not replace go first (a
/// stale .qix or .cpg would describe the wrong data); then every file is renamed into place.
void rename_into_place(const OutputSet::Staged& s, const std::vector<Move>& moves) {
  const fs::path folder = folder_of(s.target);
  const fs::path ext = s.target.extension();
  const std::string target_stem = stem_of(s.target, ext);
  if (s.overwrite) {
    const std::string ext_name = ext.empty() ? std::string() : ext.string().substr(1);
    for (const auto& old : family(folder, target_stem)) {
      const std::string name = old.filename().string();
      const bool replaced = std::any_of(moves.begin(), moves.end(), [&](const Move& m) {
        return m.to.filename() == old.filename();
      });
      const std::string rest = name.size() > target_stem.size() + 1
                                   ? name.substr(target_stem.size() + 1)
                                   : std::string();
      if (!replaced && !fs::is_directory(old) &&
          (is_sidecar(rest) || is_sqlite_companion(rest, ext_name)))
        remove_or_throw(old);
    }
  }
  std::error_code ec;
  for (const auto& m : moves) {
    fs::rename(m.from, m.to, ec);
    if (ec)
      throw Error(m.to.string(),
                  "cannot rename " + m.from.filename().string() + " into place: " + ec.message());
  }
}

/// The open set is the process's, not a thread's: a command writes its outputs from worker
/// threads too (check writes its three side by side). `sets` guards it and `live_temps`.
std::mutex sets;
OutputSet* open_set = nullptr;
/// The temporaries of the AtomicOutputs alive now. An output written onto another output's
/// temporary (results.gpkg is written by write_gpkg onto the report's reserved name) is part
/// of that output, so it is renamed at once, not staged in the set.
std::set<fs::path> live_temps;

}  // namespace

void write_bytes(const fs::path& path, std::string_view bytes, const std::string& where) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();  // the flush of the last buffer is where a full disk shows
  if (!f) throw Error(where, "cannot write (is the disk full?)");
}

void write_file(const fs::path& path, std::string_view bytes, bool overwrite) {
  AtomicOutput out(path, overwrite);
  write_bytes(out.temp(), bytes, path.string());
  out.commit();
}

void make_output_folder(const fs::path& dir) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw Error(dir.string(), "cannot create the output folder" + (ec ? ": " + ec.message() : ""));
  const std::lock_guard lock(sets);
  if (open_set) open_set->made_.insert(open_set->made_.end(), missing.rbegin(), missing.rend());
}

void refuse_existing(const std::vector<fs::path>& targets, bool overwrite) {
  std::error_code ec;
  for (const fs::path& t : targets) {
    const auto st = fs::symlink_status(t, ec);
    if (fs::is_directory(st))
      throw Error(t.string(), "is a folder: tudi replaces files, never a folder");
    if (!overwrite && fs::exists(st)) throw Error(t.string(), "already exists (use --overwrite)");
  }
}

AtomicOutput::AtomicOutput(fs::path target, bool overwrite)
    : target_(std::move(target)), overwrite_(overwrite) {
  const std::string where = target_.string();
  if (!target_.has_filename()) throw Error(where, "is not a file name");
  const fs::path folder = folder_of(target_);
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw Error(where, "folder " + folder.string() + " does not exist");
  refuse_existing({target_}, overwrite);

  // Hidden (leading dot) so file browsers and `tudi` folder scans skip it; the process id and
  // a counter keep parallel runs and several outputs of one run apart; the target's extension
  // so GDAL picks the same driver for the temporary file.
  const fs::path ext = target_.extension();
  const std::string pid = std::to_string(::getpid());
  for (;;) {
    const std::string stem = "." + target_.stem().string() + ".tudi-tmp-" + pid + "-" +
                             std::to_string(next_temp.fetch_add(1));
    if (family(folder, stem).empty()) {
      temp_ = target_.parent_path() / (stem + ext.string());
      const std::lock_guard lock(sets);
      live_temps.insert(temp_);
      break;
    }
  }
}

AtomicOutput::~AtomicOutput() {
  {
    const std::lock_guard lock(sets);
    live_temps.erase(temp_);
  }
  if (!committed_) remove_temps({target_, temp_, overwrite_});
}

void AtomicOutput::commit() {
  if (committed_) return;
  const OutputSet::Staged s{target_, temp_, overwrite_};
  std::unique_lock lock(sets);
  if (open_set && !live_temps.count(target_)) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(temp_, ec)))
      throw Error(target_.string(), "nothing was written (no " + temp_.filename().string() + ")");
    open_set->staged_.push_back(s);
  } else {
    lock.unlock();
    rename_into_place(s, moves_of(s));
  }
  committed_ = true;
}

OutputSet::OutputSet() {
  const std::lock_guard lock(sets);
  outer_ = open_set;
  open_set = this;
}

OutputSet::~OutputSet() {
  const std::lock_guard lock(sets);
  if (open_set == this) open_set = outer_;
  if (done_) return;
  for (const Staged& s : staged_) remove_temps(s);
  for (auto it = made_.rbegin(); it != made_.rend(); ++it) {
    std::error_code ec;
    fs::remove(*it, ec);  // only when empty: a folder holding anything else stays
  }
}

void OutputSet::commit() {
  const std::lock_guard lock(sets);
  if (done_) return;
  if (open_set == this) open_set = outer_;
  done_ = true;
  if (outer_) {
    outer_->staged_.insert(outer_->staged_.end(), staged_.begin(), staged_.end());
    outer_->made_.insert(outer_->made_.end(), made_.begin(), made_.end());
    return;
  }
  // Every target is checked before the first rename, so a refusal moves nothing.
  std::vector<std::vector<Move>> moves;
  try {
    for (const Staged& s : staged_) moves.push_back(moves_of(s));
  } catch (...) {
    for (const Staged& s : staged_) remove_temps(s);
    throw;
  }
  for (std::size_t i = 0; i < staged_.size(); ++i) {
    try {
      rename_into_place(staged_[i], moves[i]);
    } catch (...) {
      for (std::size_t j = i; j < staged_.size(); ++j) remove_temps(staged_[j]);
      throw;
    }
  }
}

fs::path OutputSet::current_path(const fs::path& target) {
  const std::lock_guard lock(sets);
  // A staged output itself first: report.pdf is not a sidecar of a staged report.xlsx.
  for (const OutputSet* set = open_set; set; set = set->outer_)
    for (const Staged& s : set->staged_)
      if (s.target == target) return s.temp;
  for (const OutputSet* set = open_set; set; set = set->outer_)
    for (const Staged& s : set->staged_) {
      // A sidecar of a staged output (x.dbf of x.shp) stands beside its temporary.
      const fs::path ext = s.target.extension();
      const std::string stem = stem_of(s.target, ext);
      const std::string name = target.filename().string();
      if (target.parent_path() == s.target.parent_path() && name.size() > stem.size() &&
          name.compare(0, stem.size() + 1, stem + ".") == 0)
        return s.temp.parent_path() / (stem_of(s.temp, ext) + name.substr(stem.size()));
    }
  return target;
}

}  // namespace tudi::io
