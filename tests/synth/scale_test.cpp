// Benchmark-scale generation: exact counts, same seed same bytes, farmland that tiles.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/synth/synth.hpp"

namespace fs = std::filesystem;

namespace tudi::synth {
namespace {

using tudi::test::fresh_scratch_dir;
using tudi::test::slurp;

std::int64_t count(const fs::path& file) {
  io::LayerSource src;
  src.source = file.string();
  Layer schema;
  std::int64_t n = 0;
  io::stream_layer(src, {}, schema, [&](Feature&&) {
    ++n;
    return true;
  });
  return n;
}

ScaleOptions options(const std::string& format) {
  ScaleOptions o;
  o.seed = 11;
  o.farmland = 5000;
  o.proposals = 300;
  o.parcels = 260;
  o.projects = 40;
  o.format = format;
  return o;
}

TEST(SynthScale, ExactCountsInBothFormats) {
  for (const std::string format : {"gpkg", "shp"}) {
    const fs::path dir = fresh_scratch_dir(format);
    const auto written = write_scaled(options(format), dir);
    EXPECT_EQ(count(dir / ("farmland." + format)), 5000) << format;
    EXPECT_EQ(count(dir / ("proposals." + format)), 300) << format;
    EXPECT_EQ(count(dir / ("parcels." + format)), 260) << format;
    EXPECT_GE(count(dir / ("zones." + format)), 11) << format;  // 25 parcels per zone
    std::ifstream csv(dir / "projects.csv");
    int lines = 0;
    for (std::string line; std::getline(csv, line);) ++lines;
    EXPECT_EQ(lines, 41);
    // The project file names every layer and loads.
    const Project p = load_project(dir / "tudi.toml");
    for (const char* role : {"farmland", "proposals", "parcels", "zones", "urban", "redline"})
      EXPECT_TRUE(p.has(role)) << role;
    fs::remove_all(dir);
  }
}

TEST(SynthScale, SameSeedSameBytes) {
  const fs::path a = fresh_scratch_dir("a"), b = fresh_scratch_dir("b");
  write_scaled(options("gpkg"), a);
  write_scaled(options("gpkg"), b);
  for (const char* f : {"farmland.gpkg", "proposals.gpkg", "parcels.gpkg", "projects.csv"})
    EXPECT_TRUE(slurp(a / f) == slurp(b / f)) << f;
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(SynthScale, FarmlandTilesAndStaysOutOfTowns) {
  const fs::path dir = fresh_scratch_dir("tiles");
  ScaleOptions o;
  o.farmland = 2000;
  o.parcels = 25;
  write_scaled(o, dir);
  io::LayerSource src;
  src.source = (dir / "farmland.gpkg").string();
  const Layer farmland = io::read_layer(src);
  std::vector<geom::Geometry> parts;
  double sum = 0;
  for (const Feature& f : farmland.features) {
    ASSERT_EQ(geom::invalid_reason(f.geometry), "");
    EXPECT_GT(geom::area(f.geometry), 5000);
    EXPECT_LT(geom::area(f.geometry), 30000);
    sum += geom::area(f.geometry);
    parts.push_back(geom::clone(f.geometry));
  }
  const geom::Geometry all = geom::unary_union(geom::collect(std::move(parts)));
  EXPECT_NEAR(geom::area(all), sum, sum * 1e-9);
  src.source = (dir / "urban.gpkg").string();
  for (const Feature& town : io::read_layer(src).features)
    EXPECT_NEAR(geom::area(geom::intersection(town.geometry, all)), 0, 1e-6);
  src.source = (dir / "parcels.gpkg").string();
  for (const Feature& parcel : io::read_layer(src).features)
    EXPECT_FALSE(geom::intersects(parcel.geometry, all));
  fs::remove_all(dir);
}

TEST(SynthScale, RejectsNegativeCountsAndUnknownFormats) {
  ScaleOptions o;
  o.farmland = -1;
  EXPECT_THROW(write_scaled(o, fresh_scratch_dir("neg")), UsageError);
  o.farmland = 10;
  o.format = "csv";
  EXPECT_THROW(write_scaled(o, fresh_scratch_dir("fmt")), UsageError);
}

}  // namespace
}  // namespace tudi::synth

namespace tudi::synth {

TEST(SynthScale, OffGridCoverageAndIrregularProposals) {
  // As a reprojected county: no coordinate on the 0.001 m grid, the plots a coverage (they
  // share their edges: no overlap, the union's area is the sum of theirs), proposals of
  // irregular outline meeting tens of plots each; and the project file names every layer.
  ScaleOptions o;
  o.farmland = 1500;
  o.proposals = 12;
  o.off_grid = true;
  o.proposal_plots = 30;
  const fs::path dir = fresh_scratch_dir("offgrid");
  write_scaled(o, dir);
  const Project project = load_project(dir / "tudi.toml");
  for (const char* role : {"farmland", "proposals", "urban", "zones", "redline"})
    EXPECT_TRUE(project.layers.count(role)) << role << " missing from tudi.toml";
  io::LayerSource fs_, ps;
  fs_.source = (dir / "farmland.gpkg").string();
  ps.source = (dir / "proposals.gpkg").string();
  const Layer farmland = io::read_layer(fs_), proposals = io::read_layer(ps);
  ASSERT_EQ(farmland.features.size(), 1500u);
  ASSERT_EQ(proposals.features.size(), 12u);
  auto off_grid = [](const geom::Geometry& g) {
    bool any_on = false;
    geom::for_each_ring(g, [&](int, int, std::span<const double> xy) {
      for (double v : xy) any_on = any_on || std::round(v * 1000) / 1000 == v;
    });
    return !any_on;
  };
  double sum = 0;
  std::vector<geom::Geometry> all;
  for (const Feature& f : farmland.features) {
    EXPECT_TRUE(off_grid(f.geometry)) << "plot " << f.fid;
    EXPECT_EQ(geom::invalid_reason(f.geometry), "") << "plot " << f.fid;
    sum += geom::area(f.geometry);
    all.push_back(geom::clone(f.geometry));
  }
  const double united = geom::area(geom::unary_union(geom::collect(std::move(all))));
  EXPECT_NEAR(united, sum, sum * 1e-9) << "plots overlap";
  int met = 0;
  for (const Feature& p : proposals.features) {
    EXPECT_TRUE(off_grid(p.geometry));
    EXPECT_EQ(geom::invalid_reason(p.geometry), "");
    EXPECT_GE(geom::num_points(p.geometry), 17);
    for (const Feature& f : farmland.features)
      if (geom::intersects(p.geometry, f.geometry)) ++met;
  }
  // Towns and villages hold no farmland; elsewhere a 30-plot proposal meets 30 or more.
  EXPECT_GE(met, 12 * 10);
}

}  // namespace tudi::synth
