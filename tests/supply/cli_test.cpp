// `tudi supply` end to end on the hand-built scene written to a GeoPackage: exit codes, the
// three outputs, the JSON on stdout, and the command line's --as-of override.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "scene.hpp"
#include "run_tudi.hpp"
#include "test_config.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;

namespace tudi::supply {
namespace {

class Cli : public Scene {
 protected:
  void SetUp() override {
    dir = test::fresh_scratch_dir("tudi-supply-cli");
    io::write_gpkg({&parcels, &approvals, &zones}, dir / "scene.gpkg", {});
    std::ofstream(dir / "tudi.toml") << R"([analysis]
crs = "EPSG:4527"
as_of = "2023-01-01"

[layers.parcels]
source = "scene.gpkg"
layer = "parcels"

[layers.approvals]
source = "scene.gpkg"
layer = "approvals"

[layers.zones]
source = "scene.gpkg"
layer = "zones"
)";
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

TEST_F(Cli, WritesTheThreeOutputsAndJsonOnStdout) {
  const fs::path out = dir / "out";
  const test::CliOutcome r =
      test::run_tudi("-q supply -c " + (dir / "tudi.toml").string() + " -o " + out.string() + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  for (const char* f : {"supply.json", "supply.xlsx", "supply.gpkg"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j, nlohmann::json::parse(test::slurp(out / "supply.json")));
  EXPECT_EQ(j["as_of"], "2023-01-01");
  ASSERT_EQ(j["parcels"].size(), 7u);
  EXPECT_EQ(j["parcels"][0]["readiness"], "standard");
  EXPECT_EQ(j["parcels"][1]["idle_status"], "idle_2y");
  EXPECT_EQ(j["parcels"][2]["idle_status"], "idle_1y");
  EXPECT_DOUBLE_EQ(j["parcels"][2]["fee"].get<double>(), 160.0);
  EXPECT_EQ(j["batches"].size(), 3u);
  EXPECT_EQ(j["zones"].size(), 2u);

  // Existing outputs are not replaced without --overwrite.
  EXPECT_EQ(test::run_tudi("-q supply -c " + (dir / "tudi.toml").string() + " -o " + out.string()).code,
            1);
  const test::CliOutcome again = test::run_tudi("-q supply -c " + (dir / "tudi.toml").string() + " -o " +
                                     out.string() + " --overwrite --as-of 2022-03-05");
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("2022-03-05"), std::string::npos) << again.out;
  EXPECT_EQ(nlohmann::json::parse(test::slurp(out / "supply.json"))["parcels"][2]["idle_status"],
            "warning");
}

TEST_F(Cli, UsageErrors) {
  EXPECT_EQ(test::run_tudi("-q supply").code, 2);  // no parcels layer
  const test::CliOutcome bad = test::run_tudi("-q supply -c " + (dir / "tudi.toml").string() + " --as-of soon");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("soon"), std::string::npos);
}

}  // namespace
}  // namespace tudi::supply
