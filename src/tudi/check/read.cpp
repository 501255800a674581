// Settling the check's input from a project: proposals read whole (they are few), control
// layers named for streaming, lines not configured or skipped recorded as such.
#include <algorithm>
#include <filesystem>

#include "tudi/check/check.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/jzd.hpp"
#include "tudi/io/parallel_read.hpp"
#include "tudi/project/project.hpp"

namespace fs = std::filesystem;

namespace tudi::check {
namespace {

/// A folder of 界址点 TXT files (subfolders included) becomes one source per file, so that
/// every plot keeps the file it came from.
std::vector<io::LayerSource> expand(const io::LayerSource& src) {
  std::error_code ec;
  if (!io::is_jzd_source(src.source) || !fs::is_directory(src.source, ec)) return {src};
  std::vector<io::LayerSource> out;
  for (const fs::path& f : io::jzd::txt_files(src.source)) {
    io::LayerSource s = src;
    s.source = f.string();
    out.push_back(s);
  }
  return out;
}

/// A proposal file that cannot be read, as a layer of one feature without geometry: the file's
/// name as its id and the reason, so that it is reported beside the proposals that were read.
Layer unreadable(const io::LayerSource& src, const std::string& why) {
  Layer l;
  l.name = fs::path(src.source).stem().string();
  l.source = src.source;
  l.role = "proposals";
  l.fields = {{"DKBH", FieldType::String}};
  l.mapping = {{"id", "DKBH"}};
  l.features.push_back({0, {}, {l.name}});
  l.report.unusable[0] = "文件无法读取：" + why;
  return l;
}

}  // namespace

std::vector<Layer> read_proposals(const std::vector<io::LayerSource>& sources,
                                  const crs::Crs& working) {
  std::vector<io::LayerSource> files;
  for (const io::LayerSource& given : sources) {
    std::error_code ec;
    // A path that is not there is a mistake in the command, not a proposal to report.
    if (given.source.find(':') == std::string::npos && !fs::exists(given.source, ec))
      throw Error(given.source, "no such file or folder");
    for (const io::LayerSource& src : expand(given)) files.push_back(src);
  }
  std::vector<Layer> layers;
  for (io::LayerSource src : files) {
    src.role = "proposals";
    // A 界址点 TXT names its use in 地块用途 (DKYT): that is the project category.
    if (io::is_jzd_source(src.source) && !src.fields.count("category"))
      src.fields["category"] = "DKYT";
    io::ParallelReadOptions opt;
    opt.base.target = working;
    opt.base.repair = false;  // invalid proposals are reported, not silently repaired
    opt.keep_empty = true;
    opt.threads = 1;
    try {
      layers.push_back(io::read_all(src, opt));
    } catch (const Error& e) {
      // One file of a folder (or of several named) that cannot be read is reported as an
      // unchecked proposal, the others checked; a single file is the run's error.
      if (files.size() == 1) throw;
      layers.push_back(unreadable(src, e.what()));
    }
  }
  return layers;
}

namespace {

/// The rule pack, after the options are checked against it.
Settings settled_rules(const Project& project, const Options& options) {
  for (const std::string& s : options.skip)
    if (std::find(kRoles.begin(), kRoles.end(), s) == kRoles.end())
      throw UsageError("--skip " + s,
                       "not a line to check (redline, farmland, urban, landuse, zones)");
  Settings rules = load_settings(load_rule_pack(project, "check"));
  if (!options.category.empty() && rules.category_of(options.category).empty()) {
    std::string list;
    for (const std::string& c : rules.categories) list += (list.empty() ? "" : "、") + c;
    throw UsageError("--category " + options.category, "unknown project category (" + list + ")");
  }
  if (!options.major.empty() && options.major != "国家" && options.major != "省级" &&
      options.major != "无")
    throw UsageError("--major " + options.major, "expected 国家, 省级 or 无");
  return rules;
}

/// Runs the check on `input` (proposals settled) with the project's control lines: those in
/// `layers` as already read, the others streamed from their sources.
Result run_settled(const Project& project, const ProjectLayers* layers, Inputs input,
                   const Settings& rules, const Options& options) {
  for (const std::string& role : kRoles) {
    if (options.skip.count(role)) {
      input.unchecked[role] = "按 --skip 跳过";
    } else if (!project.has(role)) {
      input.unchecked[role] = "项目文件未配置该图层";
    } else {
      Control c;
      if (const Layer* l = layers ? layers->find(role) : nullptr) {
        c.layer = l;
      } else {
        c.source = project.layers.at(role);
      }
      input.controls[role] = c;
      input.vintage[role] = vintage_of(project.layers.at(role));
    }
  }
  Options o = options;
  o.progress = scaled(options.progress, 0.02, 1.0);
  return analyse(input, rules, o);
}

}  // namespace

Result run(const Project& project, const Options& options) {
  const Settings rules = settled_rules(project, options);
  std::vector<io::LayerSource> sources;
  if (options.proposals.empty()) {
    sources.push_back(project.need("proposals", "check"));
  } else {
    for (const std::string& s : options.proposals) {
      io::LayerSource src;
      src.source = s;
      sources.push_back(src);
    }
  }
  Inputs input;
  input.crs = working_crs(project, &input.crs_why);
  report_progress(options.progress, 0.0, "拟建项目");
  input.proposals = read_proposals(sources, input.crs);
  return run_settled(project, nullptr, std::move(input), rules, options);
}

Result run(const Project& project, const ProjectLayers& layers, std::vector<Layer> proposals,
           const Options& options) {
  const Settings rules = settled_rules(project, options);
  Inputs input;
  input.crs = layers.crs;
  input.crs_why = layers.crs_why;
  input.proposals = std::move(proposals);
  return run_settled(project, &layers, std::move(input), rules, options);
}

}  // namespace tudi::check
