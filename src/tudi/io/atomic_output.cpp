// Temporary name beside the target, renamed into place on commit: a crash or an error leaves
// either the old output or the new one, never half a file that looks finished.

#include "tudi/io/atomic_output.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
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
  fs::remove_all(p, ec);
  if (ec) throw Error(p.string(), "cannot remove: " + ec.message());
}

}  // namespace

void refuse_existing(const std::vector<fs::path>& targets, bool overwrite) {
  if (overwrite) return;
  std::error_code ec;
  for (const fs::path& t : targets)
    if (fs::exists(fs::symlink_status(t, ec)))
      throw Error(t.string(), "already exists (use --overwrite)");
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
      break;
    }
  }
}

AtomicOutput::~AtomicOutput() {
  if (committed_) return;
  for (const auto& p : temps()) {
    std::error_code ec;
    fs::remove_all(p, ec);  // a destructor cannot report; the leftovers are hidden files
  }
}

std::vector<fs::path> AtomicOutput::temps() const {
  return family(folder_of(temp_), stem_of(temp_, target_.extension()));
}

void AtomicOutput::commit() {
  if (committed_) return;
  const fs::path folder = folder_of(target_);
  const fs::path ext = target_.extension();
  const std::string temp_stem = stem_of(temp_, ext);
  const std::string target_stem = stem_of(target_, ext);

  std::error_code ec;
  if (!fs::exists(fs::symlink_status(temp_, ec)))
    throw Error(target_.string(), "nothing was written (no " + temp_.filename().string() + ")");

  struct Move {
    fs::path from, to;
  };
  std::vector<Move> moves;
  for (const auto& t : temps()) {
    const std::string rest = t.filename().string().substr(temp_stem.size());
    moves.push_back({t, target_.parent_path() / (target_stem + rest)});
  }
  // The main file last: whoever waits for it to appear finds its sidecars already there.
  std::stable_partition(moves.begin(), moves.end(),
                        [&](const Move& m) { return m.from.filename() != temp_.filename(); });

  if (!overwrite_) {
    // Checked again here: the target (or a sidecar) may have appeared since the constructor.
    for (const auto& m : moves)
      if (fs::exists(fs::symlink_status(m.to, ec)))
        throw Error(m.to.string(), "already exists (use --overwrite)");
  } else {
    const std::string ext_name = ext.empty() ? std::string() : ext.string().substr(1);
    for (const auto& old : family(folder, target_stem)) {
      const std::string name = old.filename().string();
      const bool replaced = std::any_of(moves.begin(), moves.end(), [&](const Move& m) {
        return m.to.filename() == old.filename();
      });
      const std::string rest = name.size() > target_stem.size() + 1
                                   ? name.substr(target_stem.size() + 1)
                                   : std::string();
      if (!replaced && (is_sidecar(rest) || is_sqlite_companion(rest, ext_name)))
        remove_or_throw(old);
    }
    // rename() replaces a file in one step, but not a directory (a FileGDB is one): those,
    // and a file standing where a directory goes (or the reverse), are removed first.
    for (const auto& m : moves) {
      const auto to = fs::symlink_status(m.to, ec);
      if (fs::exists(to) && (fs::is_directory(to) || fs::is_directory(m.from, ec)))
        remove_or_throw(m.to);
    }
  }

  for (const auto& m : moves) {
    fs::rename(m.from, m.to, ec);
    if (ec)
      throw Error(m.to.string(),
                  "cannot rename " + m.from.filename().string() + " into place: " + ec.message());
  }
  committed_ = true;
}

}  // namespace tudi::io
