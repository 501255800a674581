// The command line as users run it: exit codes, one-line errors, JSON contract, real data.
#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_tudi.hpp"
#include "test_config.hpp"

namespace fs = std::filesystem;
using tudi::test::CliOutcome;
using tudi::test::kSharedData;
using tudi::test::run_tudi;
using tudi::test::slurp;

namespace {

using tudi::test::fresh_scratch_dir;

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

TEST(CliSharedData, ChinesePolygonDecodesAndConverts) {
  TUDI_REQUIRE_SHARED_DATA();
  const fs::path shp = kSharedData / "encodings" / "chinese_poly.shp";
  const CliOutcome info = run_tudi("info --json " + shp.string());
  ASSERT_EQ(info.code, 0) << info.err;
  const auto j = nlohmann::json::parse(info.out);
  ASSERT_EQ(j["layers"].size(), 1u);
  const auto& l = j["layers"][0];
  for (const char* key :
       {"name", "feature_count", "geometry_type", "epsg", "encoding", "invalid_count"})
    EXPECT_TRUE(l.contains(key)) << key;
  EXPECT_EQ(l["feature_count"], 1);
  EXPECT_EQ(l["encoding"], "GB18030");  // no .cpg, zero language-driver byte, not UTF-8

  const fs::path dir = fresh_scratch_dir("chinese");
  const CliOutcome conv = run_tudi("convert " + shp.string() + " " + (dir / "out.geojson").string());
  ASSERT_EQ(conv.code, 0) << conv.err;
  EXPECT_NE(slurp(dir / "out.geojson").find("黑龙江省"), std::string::npos);
  // Existing output is not replaced without --overwrite, and stays as it was.
  const std::string before = slurp(dir / "out.geojson");
  EXPECT_EQ(run_tudi("convert " + shp.string() + " " + (dir / "out.geojson").string()).code, 1);
  EXPECT_EQ(slurp(dir / "out.geojson"), before);
  // GBK Shapefile out: .cpg says 936 and the name survives the round trip.
  ASSERT_EQ(
      run_tudi("convert " + shp.string() + " " + (dir / "gbk.shp").string() + " --encoding GBK")
          .code,
      0);
  EXPECT_EQ(slurp(dir / "gbk.cpg"), "936\n");
  const auto back =
      nlohmann::json::parse(run_tudi("info --json " + (dir / "gbk.shp").string()).out);
  EXPECT_EQ(back["layers"][0]["encoding"], "CP936");
}

TEST(CliSharedData, OsmExtractHasEveryLayer) {
  TUDI_REQUIRE_SHARED_DATA();
  const fs::path pbf = kSharedData / "osm" / "liechtenstein-2013-08-03.osm.pbf";
  const CliOutcome info = run_tudi("info --json " + pbf.string());
  ASSERT_EQ(info.code, 0) << info.err;
  const auto j = nlohmann::json::parse(info.out);
  bool found = false;
  for (const auto& l : j["layers"]) {
    if (l["name"] != "multipolygons") continue;
    found = true;
    EXPECT_EQ(l["feature_count"], 4104);  // as ../shared/data/README.md counts them
    EXPECT_EQ(l["epsg"], 4326);
  }
  EXPECT_TRUE(found);
  const fs::path dir = fresh_scratch_dir("osm");
  const CliOutcome conv = run_tudi("convert " + pbf.string() + " " + (dir / "mp.gpkg").string() +
                                " --layer multipolygons --dst-crs EPSG:3857");
  ASSERT_EQ(conv.code, 0) << conv.err;
  const auto out = nlohmann::json::parse(run_tudi("info --json " + (dir / "mp.gpkg").string()).out);
  EXPECT_EQ(out["layers"][0]["feature_count"], 4104);
  EXPECT_EQ(out["layers"][0]["epsg"], 3857);
  EXPECT_EQ(out["layers"][0]["invalid_count"], 0);  // repaired on the way
}

TEST(CliSharedData, CadastreParcels) {
  TUDI_REQUIRE_SHARED_DATA();
  for (const auto& [file, count] : {std::pair{"cadastre-91216-parcelles.json", 4241},
                                    std::pair{"cadastre-75118-parcelles.json", 6821}}) {
    const fs::path src = kSharedData / "cadastre" / file;
    const CliOutcome info = run_tudi("info --json " + src.string());
    ASSERT_EQ(info.code, 0) << info.err;
    EXPECT_EQ(nlohmann::json::parse(info.out)["layers"][0]["feature_count"], count);
    const fs::path dir = fresh_scratch_dir(std::string("cad") + std::to_string(count));
    const CliOutcome conv =
        run_tudi("convert " + src.string() + " " + (dir / "p.shp").string() + " -t_srs EPSG:2154");
    ASSERT_EQ(conv.code, 0) << conv.err;
    EXPECT_EQ(lines(conv.err) >= 1, true);
    EXPECT_TRUE(fs::exists(dir / "p.prj"));
  }
}

// Habits from GDAL (issue 17): -of, a hint for a mistyped option, GBK Shapefiles by default
// with their .cpg, and an exit code that scripts under `set -e` can live with.
TEST(CliHabits, OfShpWritesGbkShapefilesAndNoFailOnBlockedExitsZero) {
  const std::string demo = (tudi::test::kDemoDir / "tudi.toml").string();
  const fs::path dir = fresh_scratch_dir("ofshp") / "out";
  const CliOutcome r = run_tudi("check -c " + demo + " -of shp -o " + dir.string());
  EXPECT_EQ(r.code, 3) << r.err;  // the demo has blocked proposals
  ASSERT_TRUE(fs::exists(dir / "overlaps.shp")) << r.err;
  EXPECT_EQ(slurp(dir / "overlaps.cpg").substr(0, 3), "936");  // GBK, as ArcMap reads it
  const fs::path dir2 = fresh_scratch_dir("noblock") / "out";
  EXPECT_EQ(run_tudi("check -c " + demo + " --no-fail-on-blocked -o " + dir2.string()).code, 0);
  EXPECT_TRUE(fs::exists(dir2 / "check.json"));
}

TEST(CliHabits, ConvertWritesGbkShapefileAndUtf8GeoPackage) {
  const fs::path dir = fresh_scratch_dir("convenc");
  const std::string src = (tudi::test::kDemoDir / "STBHHX.shp").string();
  ASSERT_EQ(run_tudi("convert " + src + " " + (dir / "r.shp").string()).code, 0);
  EXPECT_EQ(slurp(dir / "r.cpg").substr(0, 3), "936");
  ASSERT_EQ(run_tudi("convert " + src + " " + (dir / "r.gpkg").string()).code, 0);
  const CliOutcome info = run_tudi("info " + (dir / "r.gpkg").string() + " --json");
  EXPECT_NE(info.out.find("UTF-8"), std::string::npos) << info.out;
}
