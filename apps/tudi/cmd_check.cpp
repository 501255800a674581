// tudi check: proposals against the three control lines (三线核查), DOMAIN §6.
// Exit codes: 0 nothing blocking, 3 at least one proposal blocked, 1 error, 2 usage.
#include <fmt/format.h>

#include <map>

#include <iostream>

#include "command.hpp"
#include "tudi/check/check.hpp"
#include "tudi/check/output.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"

namespace tudi::cli {
namespace {

class CheckCommand final : public Command {
 public:
  const char* name() const override { return "check"; }
  const char* description() const override {
    return "Check proposals against the ecological red line, permanent farmland and the urban "
           "development boundary (三线核查); exit 3 when a proposal is blocked";
  }
  void setup(CLI::App& app) override {
    project_.add_to(app);
    // The shared --proposals takes one source; check takes several (layers, TXT files, folders).
    app.remove_option(app.get_option("--proposals"));
    app.add_option("--proposals", proposals_,
                   "Proposal sources: layers, 界址点 TXT files or folders (default: the project's)")
        ->type_name("SRC...");
    what_.add_to(app);
    app.add_option("--skip", skip_,
                   "Do not check this line (redline, farmland, urban, landuse, zones); "
                   "repeatable. Every output says so")
        ->type_name("LINE");
    output_.add_to(app);
    app.add_flag("--no-fail-on-blocked", no_fail_on_blocked_,
                 "Exit 0 even when a proposal is blocked (for scripts under set -e)");
    app.add_option("--format", format_, "Overlap layer format: gpkg or shp (-of as in ogr2ogr)")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, std::string>{{"gpkg", "gpkg"}, {"shp", "shp"},
                                               {"esri shapefile", "shp"}},
            CLI::ignore_case))
        ->capture_default_str();
    app.add_option("--threads", threads_, "Threads (default: every core)")
        ->check(CLI::Range(0, check::kMaxThreads));
  }

  int run() override {
    const Project project = project_.load();
    check::Options opt;
    opt.proposals = proposals_;
    opt.category = what_.category;
    opt.activity = what_.activity;
    opt.major = what_.major;
    opt.skip.insert(skip_.begin(), skip_.end());
    opt.threads = threads_;
    opt.progress = terminal_progress();
    const check::Result result = check::run(project, opt);
    if (output_.json) {
      std::cout << check::to_json(result).dump(2) << '\n';
    } else {
      print(result);
    }
    for (const auto& [role, why] : result.unchecked)
      fmt::print(stderr, "tudi: {}（{}）未核查：{}\n", check::line_alias(role), role, why);
    if (result.invalid_count() > 0)
      fmt::print(stderr, "tudi: {} 个拟建项目未能核查，原因见输出\n", result.invalid_count());
    if (result.duplicate_ids > 0)
      fmt::print(stderr, "tudi: {} 个拟建项目编号重复，已记作“编号#2”等，请核对\n",
                 result.duplicate_ids);
    // An error exits 1 before anything is written: exit 1 always means "no outputs".
    const std::string sources = proposal_sources(project);
    if (result.proposals.empty()) throw Error(sources, "no proposals to check");
    if (result.invalid_count() == static_cast<int>(result.proposals.size()))
      throw Error(sources, "no proposal could be checked (see the reasons above)");
    if (!output_.dir.empty()) {
      check::OutputOptions wo;
      wo.dir = output_.dir;
      wo.format = format_;
      wo.encoding = output_.encoding;
      wo.overwrite = output_.overwrite;
      for (const auto& path : check::write_outputs(result, wo))
        fmt::print(stderr, "wrote {}\n", path.string());
    }
    return result.any_blocking() && !no_fail_on_blocked_ ? 3 : 0;
  }

 private:
  /// The proposal sources as the user named them, for messages about all of them.
  std::string proposal_sources(const Project& project) const {
    if (proposals_.empty())
      return project.has("proposals") ? project.layers.at("proposals").source : "check";
    std::string all;
    for (const std::string& s : proposals_) all += (all.empty() ? "" : ", ") + s;
    return all;
  }

  static std::string mu(double m2) { return fmt::format("{:.4f}", units::m2_to_mu(m2)); }

  static void print(const check::Result& r) {
    fmt::print("{}；面积单位：亩（椭球面积，官方面积）\n", crs_sentence(r.crs.label(), r.crs_why));
    for (const std::string& w : field_warnings(r.fields)) fmt::print("提示：{}\n", w);
    for (const auto& [role, v] : r.vintage)
      if (!v.empty())
        fmt::print("{}数据：{} {} {}\n", check::line_alias(role), v.version, v.document, v.date);
    for (const check::ProposalResult& p : r.proposals) {
      if (!p.checked) {
        fmt::print("{} {}: 未核查 — {}\n", p.id, p.name, p.reason);
        continue;
      }
      auto line = [&](const std::string& l, const char* label) {
        const check::LineResult& lr = p.lines.at(l);
        if (!lr.checked) return fmt::format("{} 未核查", label);
        std::string s = fmt::format("{} {}", label, mu(lr.overlap.ellipsoidal_m2));
        if (lr.sliver_pieces) s += fmt::format("（含疑似碎片 {} 块）", lr.sliver_pieces);
        return s;
      };
      const check::ZoneHit* z = p.zone();
      fmt::print("{} {} [{}{}{}] 面积 {} | {} | {} | {} | {} | 开发区 {} | {}：{}\n", p.id,
                 p.name, p.category, p.activity.empty() ? "" : "·" + p.activity_name,
                 p.major == check::Major::None ? "" : std::string("·") + check::label(p.major) + "重大项目",
                 mu(p.area.ellipsoidal_m2), line("redline", "红线"), line("farmland", "农田"),
                 line("cultivated", "耕地"), line("urban", "边界外"),
                 !p.zones_checked ? "未核查"
                 : z              ? z->name
                                  : "无",
                 check::label(p.conclusion.severity), p.conclusion.text);
    }
    using check::Severity;
    fmt::print("共 {} 个：{} {}，{} {}，{} {}，{} {}，未核查 {}\n", r.proposals.size(),
               check::label(Severity::Blocking), r.count(Severity::Blocking),
               check::label(Severity::Approval), r.count(Severity::Approval),
               check::label(Severity::Justify), r.count(Severity::Justify),
               check::label(Severity::Ok), r.count(Severity::Ok), r.invalid_count());
  }

  ProjectOptions project_;
  OutputOptions output_;
  std::vector<std::string> proposals_, skip_;
  ProposalOptions what_;
  std::string format_ = "gpkg";
  bool no_fail_on_blocked_ = false;
  int threads_ = 0;
};

}  // namespace

std::unique_ptr<Command> make_check() {
  return std::make_unique<CheckCommand>();
}

}  // namespace tudi::cli
