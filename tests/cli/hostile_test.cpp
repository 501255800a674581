// Careless and hostile input at the command line: a full disk, a signal, a stale file in the
// output folder, NaN and absurd numbers, a folder where a file goes. Each ends with one line
// on stderr, the documented exit code, no partial output and no temporary file.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tudi/io/reader.hpp"
#include "run_tudi.hpp"
#include "test_config.hpp"

namespace fs = std::filesystem;
using tudi::test::CliOutcome;
using tudi::test::kDemoDir;
using tudi::test::run_tudi;

namespace {

using tudi::test::fresh_scratch_dir;

/// Every name under `dir`, recursively, relative to it.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.insert(fs::relative(e.path(), dir).string());
  return out;
}

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

std::string demo(const std::string& name) { return (kDemoDir / name).string(); }

/// id → reason ("" when checked: the reason is null) of every proposal in a `tudi check --json` answer.
std::map<std::string, std::string> reasons(const std::string& json) {
  std::map<std::string, std::string> out;
  const auto answer = nlohmann::json::parse(json);
  for (const auto& p : answer.at("proposals"))
    out[p.at("id").get<std::string>()] = p.at("reason").is_string() ? p["reason"] : "";
  return out;
}

/// A tmpfs of `bytes` at `dir` for as long as it lives; mounted() is false where the test may
/// not mount (not root, no CAP_SYS_ADMIN in a container).
class SmallDisk {
 public:
  SmallDisk(const fs::path& dir, std::size_t bytes) : dir_(dir) {
    const std::string opts = "size=" + std::to_string(bytes);
    mounted_ = ::mount("tudi-test", dir.c_str(), "tmpfs", 0, opts.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

}  // namespace

TEST(Hostile, ConvertOntoAFullDiskFailsAndLeavesNothing) {
  const fs::path dir = fresh_scratch_dir("full-convert");
  SmallDisk disk(dir, 64 * 1024);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root): disk-full case not run";
  // The land-use layer as GeoJSON is far more than 64 KiB.
  const CliOutcome r =
      run_tudi("convert " + demo("county.gpkg") + " --layer DLTB " + (dir / "dltb.geojson").string());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find((dir / "dltb.geojson").string()), std::string::npos) << r.err;
  EXPECT_TRUE(listing(dir).empty()) << *listing(dir).begin();
}

TEST(Hostile, CheckOntoAFullDiskWritesNoneOfItsOutputs) {
  const fs::path dir = fresh_scratch_dir("full-check");
  SmallDisk disk(dir, 48 * 1024);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root): disk-full case not run";
  const CliOutcome r = run_tudi("check -c " + demo("tudi.toml") + " -o " + dir.string());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find(dir.string()), std::string::npos) << r.err;
  EXPECT_TRUE(listing(dir).empty()) << *listing(dir).begin();
}

TEST(Hostile, SigtermDuringSynthLeavesNoFileAndNoTemporary) {
  const fs::path dir = fresh_scratch_dir("sigterm");
  const fs::path out = dir / "big";
  // The signal comes while the farmland (300,000 plots, over a second of writing) is being
  // written to its temporary name: the shell waits for that name to appear (at most 30 s).
  const std::string cmd =
      tudi::test::kTudi.string() + " synth " + out.string() + " --farmland 300000 --proposals 100 2>" +
      (dir / "err").string() + " & pid=$!; for i in $(seq 3000); do ls -A '" + out.string() +
      "' 2>/dev/null | grep -q '^[.]farmland[.]tudi-tmp-' && break; sleep 0.01; done; "
      "kill -TERM $pid; wait $pid; echo $? >" + (dir / "code").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(tudi::test::slurp(dir / "code"), "143\n");
  const std::string err = tudi::test::slurp(dir / "err");
  EXPECT_NE(err.find("stopped by SIGTERM"), std::string::npos) << err;
  std::set<std::string> left = fs::exists(out) ? listing(out) : std::set<std::string>{};
  EXPECT_TRUE(left.empty()) << *left.begin();
}

TEST(Hostile, FolderOfTxtWithOneBadFileChecksTheOthersAndNamesTheLine) {
  const fs::path dir = fresh_scratch_dir("txt-folder");
  for (const char* id : {"XM2026-001", "XM2026-002"})
    fs::copy_file(kDemoDir / "proposals_txt" / (std::string(id) + ".txt"),
                  dir / (std::string(id) + ".txt"));
  std::ofstream(dir / "BAD.txt") << "[属性描述]\n坐标系=2000国家大地坐标系\n[地块坐标]\n"
                                    "4,1.0,BAD-1,x,面,,,,@\nJ1,1,abc,38490000\n";
  const CliOutcome r =
      run_tudi("check -c " + demo("tudi.toml") + " --proposals " + dir.string() + " --json");
  ASSERT_NE(r.code, 1) << r.err;  // 0, or 3 when a good one is blocked: the run went through
  const auto got = reasons(r.out);
  ASSERT_EQ(got.size(), 3u) << r.out;
  EXPECT_EQ(got.at("XM2026-001"), "");
  EXPECT_EQ(got.at("XM2026-002"), "");
  EXPECT_NE(got.at("BAD").find((dir / "BAD.txt").string() + ":5"), std::string::npos)
      << got.at("BAD");
  EXPECT_NE(r.err.find("1 个拟建项目未能核查"), std::string::npos) << r.err;
}

TEST(Hostile, FolderOfTxtWithOneBadFileNamesTheLineOnTheConsole) {
  const fs::path dir = fresh_scratch_dir("txt-folder-console");
  fs::copy_file(kDemoDir / "proposals_txt" / "XM2026-001.txt", dir / "XM2026-001.txt");
  std::ofstream(dir / "BAD.txt") << "[属性描述]\n坐标系=2000国家大地坐标系\n[地块坐标]\n"
                                    "4,1.0,BAD-1,x,面,,,,@\nJ1,1,abc,38490000\n";
  const CliOutcome r = run_tudi("check -c " + demo("tudi.toml") + " --proposals " + dir.string());
  ASSERT_NE(r.code, 1) << r.err;
  EXPECT_NE(r.out.find("BAD : 未核查 — 文件无法读取：" + (dir / "BAD.txt").string() + ":5:"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("XM2026-001 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("未核查 1"), std::string::npos) << r.out;
}

TEST(Hostile, AnUnprefixedLayerAmongPrefixedOnesKeepsThePrefixAndTheChoiceIsSaid) {
  // STBHHX is EPSG:4547 (CM 114°, no zone prefix), YJJBNTTB EPSG:4526 (zone 38, prefixed): the
  // red line comes first in role order, yet the outputs are in 4526 (38486100, not 486100).
  const fs::path dir = fresh_scratch_dir("auto-crs");
  std::ofstream(dir / "tudi.toml") << "[layers.redline]\nsource = \"" << demo("STBHHX.shp")
                                   << "\"\n[layers.farmland]\nsource = \""
                                   << demo("YJJBNTTB.shp") << "\"\nfields = { id = \"JBNTTBBH\" }\n";
  const std::string args = "check -c " + (dir / "tudi.toml").string() + " --proposals " +
                           demo("proposals_txt/XM2026-001.txt");
  const CliOutcome j = run_tudi(args + " --json");
  ASSERT_NE(j.code, 1) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc.at("crs"), "EPSG:4526");
  const std::string why = doc.at("crs_why");
  EXPECT_NE(why.find("farmland EPSG:4526"), std::string::npos) << why;
  EXPECT_NE(why.find("redline EPSG:4547"), std::string::npos) << why;
  EXPECT_NE(why.find("带号前缀"), std::string::npos) << why;
  const CliOutcome c = run_tudi(args + " -o " + (dir / "out").string());
  ASSERT_NE(c.code, 1) << c.err;
  const std::string first = c.out.substr(0, c.out.find('\n'));
  EXPECT_NE(first.find("工作坐标系 EPSG:4526（"), std::string::npos) << first;
  EXPECT_NE(first.find("EPSG:4547"), std::string::npos) << first;
  // The written proposal carries the working CRS (overlaps is empty for XM2026-001).
  tudi::io::LayerSource written;
  written.source = (dir / "out" / "overlaps.gpkg").string();
  written.layer = "proposals";
  const tudi::Layer l = tudi::io::read_layer(written);
  EXPECT_EQ(l.source_crs.epsg(), 4526);
  EXPECT_GT(l.extent().minx, 38e6);  // 38486100, not 486100
}

TEST(Hostile, ProposalWithInfiniteCoordinatesIsReportedTheOthersChecked) {
  const fs::path dir = fresh_scratch_dir("inf-proposal");
  const fs::path file = dir / "sites.geojson";
  // 1e400 overflows a double: the reader sees an infinite easting.
  std::ofstream(file) << R"({"type":"FeatureCollection",
    "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},"features":[
    {"type":"Feature","properties":{"DKBH":"GOOD-1"},"geometry":{"type":"Polygon","coordinates":
      [[[38490000,3907500],[38490300,3907500],[38490300,3907800],[38490000,3907500]]]}},
    {"type":"Feature","properties":{"DKBH":"INF-1"},"geometry":{"type":"Polygon","coordinates":
      [[[38490000,3907500],[1e400,3907500],[38490300,3907800],[38490000,3907500]]]}}]})";
  const std::string before = tudi::test::slurp(file);
  const CliOutcome r =
      run_tudi("check -c " + demo("tudi.toml") + " --proposals " + file.string() + " --json");
  ASSERT_NE(r.code, 1) << r.err;
  const auto got = reasons(r.out);
  ASSERT_EQ(got.size(), 2u) << r.out;
  EXPECT_EQ(got.at("GOOD-1"), "");
  EXPECT_EQ(got.at("INF-1"), "坐标含 NaN 或无穷大");
  EXPECT_EQ(tudi::test::slurp(file), before);  // the input is never touched
}

namespace {

/// The demo's proposals shapefile copied into `dir`, with `prj` as its .prj ("" = none).
fs::path proposals_with_prj(const fs::path& dir, const std::string& prj) {
  for (const char* ext : {".shp", ".shx", ".dbf", ".cpg"})
    fs::copy_file(kDemoDir / (std::string("proposals") + ext),
                  dir / (std::string("proposals") + ext));
  if (!prj.empty()) std::ofstream(dir / "proposals.prj") << prj;
  return dir / "proposals.shp";
}

void expect_one_line_error(const CliOutcome& r, int code, const std::string& names,
                           const std::string& says) {
  EXPECT_EQ(r.code, code) << r.err;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(names), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
}

}  // namespace

TEST(Hostile, AUtmPrjOnGaussKrugerCoordinatesIsRefusedNamingTheFile) {
  const fs::path dir = fresh_scratch_dir("utm-prj");
  const fs::path shp = proposals_with_prj(
      dir, R"(PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",)"
           R"(SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],)"
           R"(UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],)"
           R"(PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],)"
           R"(PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],)"
           R"(PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]])");
  const CliOutcome r =
      run_tudi("check -c " + demo("tudi.toml") + " --proposals " + shp.string() + " --json");
  expect_one_line_error(r, 1, shp.string(), "does not fit the data");
  EXPECT_TRUE(r.out.empty()) << r.out;
  // Naming the right CRS overrides the wrong .prj (as ogr2ogr -s_srs does).
  const CliOutcome fixed = run_tudi("convert " + shp.string() + " " +
                                    (dir / "fixed.gpkg").string() + " --src-crs EPSG:4526");
  EXPECT_EQ(fixed.code, 0) << fixed.err;
  EXPECT_NE(fixed.err.find("EPSG:4526"), std::string::npos) << fixed.err;
}

TEST(Hostile, AWrongZonePrjIsRefused) {
  const fs::path dir = fresh_scratch_dir("zone-prj");
  // Zone 39's CRS on the demo's zone-38 eastings puts the sites 10° west of zone 39.
  const fs::path shp = proposals_with_prj(dir, "");
  const CliOutcome r = run_tudi("convert " + shp.string() + " " + (dir / "out.gpkg").string() +
                                " --src-crs EPSG:4527");
  expect_one_line_error(r, 1, shp.string(), "EPSG:4527 does not fit the data");
  EXPECT_FALSE(fs::exists(dir / "out.gpkg"));
}

TEST(Hostile, AGarbagePrjIsAnErrorNamingThePrj) {
  const fs::path dir = fresh_scratch_dir("garbage-prj");
  const fs::path shp = proposals_with_prj(dir, "this is not a coordinate system\n");
  const CliOutcome r =
      run_tudi("check -c " + demo("tudi.toml") + " --proposals " + shp.string() + " --json");
  expect_one_line_error(r, 1, (dir / "proposals.prj").string(), "is not a CRS GDAL can read");
}

TEST(Hostile, DuplicateProposalIdsAreKeptApartAndNoted) {
  const fs::path dir = fresh_scratch_dir("duplicate-ids");
  const fs::path file = dir / "sites.geojson";
  std::ofstream(file) << R"({"type":"FeatureCollection",
    "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},"features":[
    {"type":"Feature","properties":{"DKBH":"DUP-1"},"geometry":{"type":"Polygon","coordinates":
      [[[38490000,3907500],[38490300,3907500],[38490300,3907800],[38490000,3907500]]]}},
    {"type":"Feature","properties":{"DKBH":"DUP-1"},"geometry":{"type":"Polygon","coordinates":
      [[[38491000,3907500],[38491300,3907500],[38491300,3907800],[38491000,3907500]]]}}]})";
  const CliOutcome r =
      run_tudi("check -c " + demo("tudi.toml") + " --proposals " + file.string() + " --json");
  ASSERT_NE(r.code, 1) << r.err;
  const auto answer = nlohmann::json::parse(r.out);
  ASSERT_EQ(answer.at("proposals").size(), 2u);
  EXPECT_EQ(answer["proposals"][0]["id"], "DUP-1");
  EXPECT_EQ(answer["proposals"][1]["id"], "DUP-1#2");
  EXPECT_NE(answer["proposals"][1].dump().find("重复"), std::string::npos)
      << answer["proposals"][1].dump();
  EXPECT_NE(r.err.find("1 个拟建项目编号重复"), std::string::npos) << r.err;
}

TEST(Hostile, TxtInSubfoldersAreCheckedNotSkipped) {
  const fs::path dir = fresh_scratch_dir("txt-subfolders");
  fs::create_directories(dir / "第一批");
  fs::create_directories(dir / "第二批");
  fs::copy_file(kDemoDir / "proposals_txt" / "XM2026-001.txt", dir / "第一批" / "XM2026-001.txt");
  fs::copy_file(kDemoDir / "proposals_txt" / "XM2026-002.txt", dir / "第二批" / "XM2026-002.txt");
  const CliOutcome r =
      run_tudi("check -c " + demo("tudi.toml") + " --proposals " + dir.string() + " --json");
  ASSERT_NE(r.code, 1) << r.err;
  const auto got = reasons(r.out);
  EXPECT_EQ(got.size(), 2u) << r.out;
  EXPECT_TRUE(got.count("XM2026-001") && got.count("XM2026-002")) << r.out;
}

TEST(Hostile, ATxtThatIsADeviceOrAPipeIsRefusedByName) {
  const fs::path dir = fresh_scratch_dir("device-txt");
  const fs::path zero = dir / "zero.txt";
  fs::create_symlink("/dev/zero", zero);  // read to its end, it grew until bad_alloc
  expect_one_line_error(run_tudi("info " + zero.string()), 1, zero.string(), "is a device");
  const fs::path pipe = dir / "pipe.txt";
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);  // opened, it would wait for a writer forever
  expect_one_line_error(run_tudi("info " + pipe.string()), 1, pipe.string(), "is a pipe");
  const fs::path project = dir / "tudi.toml";
  fs::create_symlink("/dev/zero", project);
  expect_one_line_error(run_tudi("info -c " + project.string()), 1, project.string(),
                        "is a device");
}

TEST(Hostile, ADeviceAmongAFolderOfTxtIsReportedTheOthersChecked) {
  const fs::path dir = fresh_scratch_dir("device-in-folder");
  fs::copy_file(kDemoDir / "proposals_txt" / "XM2026-001.txt", dir / "XM2026-001.txt");
  fs::create_symlink("/dev/zero", dir / "ZERO.txt");
  const CliOutcome r =
      run_tudi("check -c " + demo("tudi.toml") + " --proposals " + dir.string() + " --json");
  ASSERT_NE(r.code, 1) << r.err;
  const auto got = reasons(r.out);
  ASSERT_EQ(got.size(), 2u) << r.out;
  EXPECT_EQ(got.at("XM2026-001"), "");
  EXPECT_NE(got.at("ZERO").find("is a device"), std::string::npos) << got.at("ZERO");
}

TEST(Hostile, AHugeLineOfCommasIsRefusedAtItsLine) {
  const fs::path dir = fresh_scratch_dir("huge-line");
  const fs::path txt = dir / "commas.txt";
  {
    std::ofstream f(txt, std::ios::binary);
    f << "[属性描述]\n坐标系=2000国家大地坐标系\n[地块坐标]\n" << std::string(20'000'000, ',')
      << "\n";
  }
  expect_one_line_error(run_tudi("info " + txt.string()), 1, txt.string() + ":4", "bytes long");
}

TEST(Hostile, ACsvOfAbsurdShapeIsRefusedAtItsLine) {
  const fs::path dir = fresh_scratch_dir("csv-shape");
  const fs::path wide = dir / "wide.csv";
  std::ofstream(wide) << std::string(20'000, ',') << "\n";
  expect_one_line_error(run_tudi("match -c " + demo("tudi.toml") + " --projects " + wide.string()),
                        1, wide.string() + ":1", "columns");
  const fs::path longline = dir / "long.csv";
  std::ofstream(longline) << "项目名称,投资强度\n" << std::string(2'000'000, 'x') << ",1\n";
  expect_one_line_error(
      run_tudi("match -c " + demo("tudi.toml") + " --projects " + longline.string()), 1,
      longline.string() + ":2", "bytes long");
}
