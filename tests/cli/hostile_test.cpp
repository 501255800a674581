// Careless and hostile input at the command line: a full disk, a signal, a stale file in the
// output folder, NaN and absurd numbers, a folder where a file goes. Each ends with one line
// on stderr, the documented exit code, no partial output and no temporary file.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "run_tudi.hpp"
#include "test_config.hpp"

namespace fs = std::filesystem;
using tudi::test::CliOutcome;
using tudi::test::kDemoDir;
using tudi::test::run_tudi;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path p = tudi::test::scratch_dir("tudi-hostile-" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

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
  const fs::path dir = scratch("full-convert");
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
  const fs::path dir = scratch("full-check");
  SmallDisk disk(dir, 48 * 1024);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root): disk-full case not run";
  const CliOutcome r = run_tudi("check -c " + demo("tudi.toml") + " -o " + dir.string());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find(dir.string()), std::string::npos) << r.err;
  EXPECT_TRUE(listing(dir).empty()) << *listing(dir).begin();
}

TEST(Hostile, SigtermDuringSynthLeavesNoFileAndNoTemporary) {
  const fs::path dir = scratch("sigterm");
  const fs::path out = dir / "big";
  // About five seconds of work; the signal comes after one.
  const std::string cmd = tudi::test::kTudi.string() + " synth " + out.string() +
                          " --farmland 300000 --proposals 100 2>" + (dir / "err").string() +
                          " & pid=$!; sleep 1; kill -TERM $pid; wait $pid; echo $? >" +
                          (dir / "code").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(tudi::test::slurp(dir / "code"), "143\n");
  const std::string err = tudi::test::slurp(dir / "err");
  EXPECT_NE(err.find("stopped by SIGTERM"), std::string::npos) << err;
  std::set<std::string> left = fs::exists(out) ? listing(out) : std::set<std::string>{};
  EXPECT_TRUE(left.empty()) << *left.begin();
}

TEST(Hostile, ReportIntoAFolderWithOneStaleFileWritesNothing) {
  const fs::path dir = scratch("stale-report");
  std::ofstream(dir / "report.pdf") << "last week's";
  const CliOutcome r = run_tudi("report -c " + demo("tudi.toml") + " -o " + dir.string());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("report.pdf: already exists"), std::string::npos) << r.err;
  EXPECT_EQ(listing(dir), (std::set<std::string>{"report.pdf"}));
  EXPECT_EQ(tudi::test::slurp(dir / "report.pdf"), "last week's");
}

TEST(Hostile, OverwriteOntoAFolderKeepsTheFolder) {
  const fs::path dir = scratch("onto-folder");
  fs::create_directories(dir / "work.gpkg");
  std::ofstream(dir / "work.gpkg" / "notes.txt") << "mine";
  const CliOutcome r = run_tudi("convert " + demo("KFQ.geojson") + " " +
                                (dir / "work.gpkg").string() + " --overwrite");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("is a folder"), std::string::npos) << r.err;
  EXPECT_EQ(tudi::test::slurp(dir / "work.gpkg" / "notes.txt"), "mine");
  EXPECT_EQ(listing(dir), (std::set<std::string>{"work.gpkg", "work.gpkg/notes.txt"}));
}

TEST(Hostile, NonFiniteScenarioBufferIsAnErrorNamingTheLine) {
  for (const std::string value : {"nan", "inf", "-inf"}) {
    const fs::path dir = scratch("nan-buffer");
    const fs::path scenario = dir / "scenario.toml";
    std::ofstream(scenario) << "name = \"x\"\n[[step]]\nop = \"expand\"\nzone = \"S417023\"\n"
                               "buffer = " << value << "\n";
    const CliOutcome r = run_tudi("zones -c " + demo("tudi.toml") + " --scenario " +
                                  scenario.string() + " -o " + (dir / "out").string());
    EXPECT_EQ(r.code, 1) << value << ": " << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(scenario.string() + ":5"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out" / "zones.json"));
  }
}

TEST(Hostile, AbsurdNumbersOnTheCommandLineAreUsageErrors) {
  const fs::path dir = scratch("numbers");
  const std::string c = " -c " + demo("tudi.toml") + " -o " + dir.string();
  for (const std::string& args : std::vector<std::string>{
           "zones --candidates nan", "zones --candidates inf", "zones --candidates -5",
        "check --threads 100000", "check --threads -3",
        "match --projects " + demo("projects.csv") + " --top -1",
        "match --projects " + demo("projects.csv") + " --top 0"}) {
    const CliOutcome r = run_tudi(args + c);
    EXPECT_EQ(r.code, 2) << args << ": " << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
  }
  EXPECT_TRUE(listing(dir).empty());
}

TEST(Hostile, FolderOfTxtWithOneBadFileChecksTheOthersAndNamesTheLine) {
  const fs::path dir = scratch("txt-folder");
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

TEST(Hostile, ProposalWithInfiniteCoordinatesIsReportedTheOthersChecked) {
  const fs::path dir = scratch("inf-proposal");
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

TEST(Hostile, ProposalsThatAreNotThereAreAnError) {
  const CliOutcome r = run_tudi("check -c " + demo("tudi.toml") +
                                " --proposals /nonexistent/sites.shp --json");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/sites.shp: no such file or folder"), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}
