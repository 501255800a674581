// tudi synth: the demo county (卫源县) or benchmark-scale synthetic layers, from a seed.
#include <fmt/format.h>

#include <optional>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/synth/synth.hpp"

namespace tudi::cli {
namespace {

class SynthCommand final : public Command {
 public:
  const char* name() const override { return "synth"; }
  const char* description() const override {
    return "Generate the demo county (卫源县) into a folder, or with --farmland/--proposals/"
           "--parcels/--projects large synthetic layers for benchmarks; same seed, same files";
  }
  void setup(CLI::App& app) override {
    app.add_option("dir", dir_, "Output folder (created if missing)")->required();
    app.add_option("--seed", seed_, "Random seed")->capture_default_str();
    app.add_option("--farmland", farmland_, "Scale mode: number of farmland plots");
    app.add_option("--proposals", proposals_, "Scale mode: number of proposals");
    app.add_option("--parcels", parcels_, "Scale mode: number of land-supply parcels");
    app.add_option("--projects", projects_, "Scale mode: number of projects in projects.csv");
    app.add_option("--format", format_, "Scale mode: layer format, gpkg or shp")
        ->check(CLI::IsMember({"gpkg", "shp"}));
    app.add_flag("--off-grid", off_grid_,
                 "Scale mode: coordinates as reprojection leaves them (all decimals, not on the "
                 "0.001 m grid)");
    app.add_option("--proposal-plots", proposal_plots_,
                   "Scale mode: irregular proposals of about N farmland plots each");
    app.add_flag("--overwrite", overwrite_, "Replace files that exist");
  }
  int run() override {
    const bool scaled = farmland_ || proposals_ || parcels_ || projects_;
    std::vector<synth::Written> written;
    if (scaled) {
      synth::ScaleOptions opt;
      opt.seed = seed_;
      opt.farmland = farmland_;
      opt.proposals = proposals_;
      opt.parcels = parcels_;
      opt.projects = projects_;
      opt.format = format_.empty() ? "gpkg" : format_;
      opt.overwrite = overwrite_;
      opt.off_grid = off_grid_;
      opt.proposal_plots = proposal_plots_;
      opt.progress = terminal_progress();
      written = synth::write_scaled(opt, dir_);
    } else {
      if (!format_.empty() || off_grid_ || proposal_plots_)
        throw UsageError("--format, --off-grid and --proposal-plots", "apply to scale mode only (with --farmland, --proposals, "
                                     "--parcels or --projects); the demo county has fixed formats");
      written = synth::write_county(synth::make_county(seed_), dir_, overwrite_);
    }
    for (const synth::Written& w : written) {
      if (w.layer.empty())
        fmt::print(stderr, "{}\n", w.path.string());
      else
        fmt::print(stderr, "{} ({}): {} features\n", w.path.string(), w.layer, w.features);
    }
    return 0;
  }

 private:
  std::string dir_, format_;
  std::uint64_t seed_ = synth::kDemoSeed;
  std::optional<std::int64_t> farmland_, proposals_, parcels_, projects_;
  std::optional<double> proposal_plots_;
  bool overwrite_ = false, off_grid_ = false;
};

}  // namespace

std::unique_ptr<Command> make_synth() { return std::make_unique<SynthCommand>(); }

}  // namespace tudi::cli
