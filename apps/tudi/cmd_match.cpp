// tudi match: which ready parcel for which project (标准地 项目匹配), why not the others, and the
// best assignment of many projects at once.
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/match/output.hpp"

namespace tudi::cli {
namespace {

class MatchCommand final : public Command {
 public:
  const char* name() const override { return "match"; }
  const char* description() const override {
    return "Match projects to ready parcels by the standard-land indicators (标准地): hard filters "
           "with reasons, scores by term, and the exact best assignment";
  }
  void setup(CLI::App& app) override {
    project_.add_to(app);
    app.add_option("--projects", projects_, "Projects file (.csv or .xlsx), see gis-data/README.md")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--top", top_, "Ranked candidates kept per project")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    app.add_option("--region", region_,
                   "Indicator-library region of rules/standard_land.toml (e.g. henan, "
                   "sichuan-longchang, national), overriding [match] region");
    app.add_flag("--no-assign", no_assign_, "Rank candidates only; skip the assignment");
    app.add_option("--explain", explain_,
                   "Explain one project in full (repeatable): the land assigned with every "
                   "filter's value and threshold, the score by term, why not the other parcels "
                   "(text output; with --json the same facts are in the JSON)");
    output_.add_to(app);
  }
  int run() override {
    if (project_.config.empty() && !project_.overrides.count("parcels"))
      throw UsageError("", "name a project with -c tudi.toml (or at least --parcels SRC)");
    const Project project = project_.load();
    match::Options opt;
    opt.top = top_;
    opt.assign = !no_assign_;
    opt.region = region_;
    opt.progress = terminal_progress();
    Layer parcels;
    const match::Result result = match::run(project, projects_, opt, &parcels);
    if (!output_.dir.empty()) {
      match::OutputOptions o;
      o.dir = output_.dir;
      o.overwrite = output_.overwrite;
      for (const auto& p : match::write_outputs(result, parcels, o))
        fmt::print(stderr, "wrote {}\n", p.string());
    }
    if (output_.json)
      std::cout << match::to_json(result).dump(2) << '\n';
    else
      std::cout << match::summary_text(result);
    if (!output_.json)
      for (const std::string& id : explain_) std::cout << '\n' << match::explain_text(result, id);
    return 0;
  }

 private:
  ProjectOptions project_;
  OutputOptions output_;
  std::string projects_, region_;
  std::vector<std::string> explain_;
  std::size_t top_ = 10;
  bool no_assign_ = false;
};

}  // namespace

std::unique_ptr<Command> make_match() {
  return std::make_unique<MatchCommand>();
}

}  // namespace tudi::cli
