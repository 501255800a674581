// What every check output shares, and writing them together.
#include "tudi/check/output.hpp"

#include <future>

#include "tudi/core/error.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;

namespace tudi::check {

std::vector<LineStatus> line_statuses(const Result& r) {
  std::vector<LineStatus> out;
  for (const std::string& role : kRoles) {
    LineStatus s{role, line_alias(role), "", !r.unchecked.count(role), 0, {}};
    if (!s.checked) s.reason = r.unchecked.at(role);
    if (auto it = r.features_read.find(role); it != r.features_read.end()) s.compared = it->second;
    if (auto it = r.overlays.find(role); it != r.overlays.end()) s.overlays = it->second;
    out.push_back(s);
  }
  return out;
}

std::string piece_line_name(const std::string& line) {
  return line == "urban" ? "城镇开发边界外" : line_alias(line);
}

std::vector<fs::path> write_outputs(const Result& r, const OutputOptions& opt) {
  if (opt.format != "gpkg" && opt.format != "shp")
    throw UsageError("--format " + opt.format, "expected gpkg or shp");
  io::make_output_folder(opt.dir);
  // The three outputs only read the result: written side by side, each on its own thread (the
  // GeoPackage through its own GDAL dataset), they take the time of the slowest, not the sum.
  const fs::path json_path = opt.dir / "check.json", xlsx = opt.dir / "check.xlsx";
  // Refused before any thread starts, so that no output is replaced when one is refused.
  std::vector<fs::path> targets = {json_path, xlsx};
  if (opt.format == "gpkg") {
    targets.push_back(opt.dir / "overlaps.gpkg");
  } else {
    for (const char* name : {"overlaps.shp", "proposals.shp", "check_lines.shp"})
      targets.push_back(opt.dir / name);
  }
  io::refuse_existing(targets, opt.overwrite);
  auto json_done =
      std::async(std::launch::async, [&] { write_json(r, json_path, opt.overwrite); });
  auto xlsx_done = std::async(std::launch::async,
                              [&] { output::write_xlsx(to_tables(r), xlsx, opt.overwrite); });
  std::vector<fs::path> layers;
  std::exception_ptr failed;
  try {
    layers = write_layers(r, opt);
  } catch (...) {
    failed = std::current_exception();
  }
  for (auto* done : {&json_done, &xlsx_done}) {
    try {
      done->get();
    } catch (...) {
      if (!failed) failed = std::current_exception();
    }
  }
  if (failed) std::rethrow_exception(failed);
  std::vector<fs::path> written = {json_path, xlsx};
  written.insert(written.end(), layers.begin(), layers.end());
  return written;
}

}  // namespace tudi::check
