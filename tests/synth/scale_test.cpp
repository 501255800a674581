// Benchmark-scale generation: exact counts, same seed same bytes, farmland that tiles.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/project.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/synth/synth.hpp"

namespace fs = std::filesystem;

namespace tudi::synth {
namespace {

fs::path temp_dir(const std::string& name) {
  const fs::path p = tudi::test::scratch_dir("tudi_synth_scale_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(p);
  return p;
}

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

std::string bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
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
    const fs::path dir = temp_dir(format);
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
  const fs::path a = temp_dir("a"), b = temp_dir("b");
  write_scaled(options("gpkg"), a);
  write_scaled(options("gpkg"), b);
  for (const char* f : {"farmland.gpkg", "proposals.gpkg", "parcels.gpkg", "projects.csv"})
    EXPECT_TRUE(bytes(a / f) == bytes(b / f)) << f;
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(SynthScale, FarmlandTilesAndStaysOutOfTowns) {
  const fs::path dir = temp_dir("tiles");
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
  EXPECT_THROW(write_scaled(o, temp_dir("neg")), UsageError);
  o.farmland = 10;
  o.format = "csv";
  EXPECT_THROW(write_scaled(o, temp_dir("fmt")), UsageError);
}

}  // namespace
}  // namespace tudi::synth
