// The three output files of a zones Result, written whole or not at all, and read back.
#include <gtest/gtest.h>

#include <filesystem>

#include "scene.hpp"
#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/zones/output.hpp"

namespace fs = std::filesystem;

namespace tudi::zones {
namespace {

TEST_F(Output, FilesWholeOrNotAtAll) {
  const Result r = analyse(in, settings, opt);
  const fs::path dir = tudi::test::scratch_dir("tudi-zones-output-test");
  fs::remove_all(dir);
  OutputOptions o;
  o.dir = dir;
  const auto paths = write_outputs(r, o);
  ASSERT_EQ(paths.size(), 3u);
  for (const auto& p : paths) EXPECT_TRUE(fs::exists(p)) << p;
  EXPECT_EQ(io::list_layers(paths[2].string()),
            (std::vector<std::string>{"zones", "scenario_zones", "new_areas", "conflicts",
                                      "candidates"}));
  io::LayerSource conflicts;
  conflicts.source = paths[2].string();
  conflicts.layer = "conflicts";
  const Layer back = io::read_layer(conflicts);
  ASSERT_EQ(back.features.size(), 1u);
  EXPECT_NEAR(geom::area(back.features[0].geometry), 2 * kHa, 1e-3);

  // Without --overwrite nothing is replaced, and nothing new appears beside the old files.
  fs::remove(paths[1]);
  EXPECT_THROW(write_outputs(r, o), Error);
  EXPECT_FALSE(fs::exists(paths[1]));
  o.overwrite = true;
  EXPECT_NO_THROW(write_outputs(r, o));
  EXPECT_TRUE(fs::exists(paths[1]));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tudi::zones
