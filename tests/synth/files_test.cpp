// The demo county on disk: byte-identical for a seed, readable through its tudi.toml with the
// intended mess detected, the committed copy in gis-data/demo up to date, and the schema of
// every role documented in gis-data/README.md.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/io/jzd.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/synth/synth.hpp"

namespace fs = std::filesystem;

namespace tudi::synth {
namespace {

using tudi::test::fresh_scratch_dir;
using tudi::test::slurp;

std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = slurp(e.path());
  return out;
}

/// The demo county on disk, only read by the tests: under ctest, the one synth.county_fixture
/// wrote for the whole run with `tudi synth DIR --seed 2026` (TUDI_SYNTH_COUNTY names the
/// folder); run alone, the test binary writes it itself the first time it is asked for.
const fs::path& demo() {
  static const fs::path dir = [] {
    if (const char* made = std::getenv("TUDI_SYNTH_COUNTY"); made && *made) return fs::path(made);
    const fs::path d = fresh_scratch_dir("demo");
    write_county(make_county(kDemoSeed), d, false);
    return d;
  }();
  return dir;
}

TEST(SynthFiles, SameSeedSameBytes) {
  const fs::path again = fresh_scratch_dir("again");
  write_county(make_county(kDemoSeed), again, false);
  const auto a = tree(demo()), b = tree(again);
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, content] : a) {
    ASSERT_TRUE(b.count(name)) << name;
    EXPECT_TRUE(content == b.at(name)) << name << " differs between two runs with the same seed";
  }
  fs::remove_all(again);
}

TEST(SynthFiles, RefusesToOverwriteUnlessAsked) {
  // A folder of its own: demo() is shared by the whole ctest run, two tests at a time.
  const fs::path dir = fresh_scratch_dir("overwrite");
  const County county = make_county(kDemoSeed);
  write_county(county, dir, false);
  EXPECT_THROW(write_county(county, dir, false), Error);
  EXPECT_NO_THROW(write_county(county, dir, true));
}

TEST(SynthFiles, SmallEnoughToCommit) {
  std::uintmax_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(demo()))
    if (e.is_regular_file()) total += e.file_size();
  EXPECT_LT(total, 4u << 20);
}

TEST(SynthFiles, EveryRoleReadsThroughTheProjectFile) {
  const Project p = load_project(demo() / "tudi.toml");
  EXPECT_EQ(p.analysis.crs, "EPSG:4526");
  EXPECT_EQ(p.analysis.as_of, kAsOf);
  const County c = make_county(kDemoSeed);
  const std::map<std::string, const Layer*> expected = {
      {"urban", &c.urban},       {"zones", &c.zones},        {"redline", &c.redline},
      {"farmland", &c.farmland}, {"landuse", &c.landuse},    {"approvals", &c.approvals},
      {"parcels", &c.parcels},   {"proposals", &c.proposals}};
  for (const auto& [role, mem] : expected) {
    ASSERT_TRUE(p.has(role)) << role;
    io::LayerSource src = p.layers.at(role);
    src.role = role;
    io::ReadOptions opt;
    opt.target = crs::Crs::from_epsg(4526);
    const Layer l = io::read_layer(src, opt);
    EXPECT_EQ(l.features.size(), mem->features.size()) << role;
    for (const CanonicalField& f : find_role(role)->fields)
      EXPECT_TRUE(l.has(f.name)) << role << " lacks " << f.name;
    // Same attributes as in memory (dates come back as dates, numbers as numbers).
    for (std::size_t k = 0; k < l.features.size(); k += 37)
      EXPECT_EQ(l.id_of(l.features[k]), mem->id_of(mem->features[k])) << role << " " << k;
  }
}

TEST(SynthFiles, TheMessIsWhereTheReadmeSaysItIs) {
  auto read = [&](const std::string& file, const std::string& layer = "") {
    io::LayerSource src;
    src.source = (demo() / file).string();
    src.layer = layer;
    return io::read_layer(src);
  };
  // Farmland: GBK, no .cpg, language-driver byte 0: only the bytes tell.
  EXPECT_FALSE(fs::exists(demo() / "YJJBNTTB.cpg"));
  EXPECT_EQ(slurp(demo() / "YJJBNTTB.dbf").at(29), '\0');
  const Layer farmland = read("YJJBNTTB.shp");
  EXPECT_TRUE(farmland.report.encoding == "GB18030" || farmland.report.encoding == "CP936")
      << farmland.report.encoding;
  const int dlmc = farmland.field_index("DLMC");
  for (const Feature& f : farmland.features) {
    const std::string name = to_text(f.values[static_cast<std::size_t>(dlmc)]);
    EXPECT_TRUE(name == "水田" || name == "水浇地" || name == "旱地") << name;
  }
  EXPECT_EQ(farmland.report.invalid, 2);
  EXPECT_EQ(farmland.source_crs.epsg(), 4526);
  // Proposals: GBK with a .cpg.
  EXPECT_EQ(slurp(demo() / "proposals.cpg").substr(0, 3), "936");
  const Layer proposals = read("proposals.shp");
  EXPECT_EQ(proposals.report.encoding, "CP936");
  EXPECT_EQ(proposals.report.invalid, 1);
  // CRSs: zones in longitude/latitude, red line without the zone prefix.
  EXPECT_EQ(read("KFQ.geojson").source_crs.epsg(), 4490);
  const Layer redline = read("STBHHX.shp");
  EXPECT_EQ(redline.source_crs.epsg(), 4547);
  EXPECT_LT(redline.extent().maxx, 1e6);
  EXPECT_EQ(read("supply.gpkg", "GDDK").report.invalid, 1);
}

TEST(SynthFiles, TxtFilesAreGbkAndReadBack) {
  const Layer all = io::jzd::read_layer(demo() / "proposals_txt");
  EXPECT_EQ(all.features.size(), 20u);  // 17 proposals and the batch's three plots
  EXPECT_EQ(all.crs.epsg(), 4526);
  const io::jzd::File batch = io::jzd::read_file(demo() / "proposals_txt" / "PC2026-03.txt");
  EXPECT_NE(batch.encoding, "UTF-8");
  ASSERT_EQ(batch.plots.size(), 3u);
  EXPECT_EQ(batch.plots[1].rings.size(), 2u);  // a plot with a hole
  EXPECT_EQ(batch.plots[0].id, "PC2026-03-1");
  EXPECT_TRUE(batch.prefixed);
  // The bytes are GBK, not UTF-8: "项目" is CF EE C4 BF in GBK.
  EXPECT_NE(slurp(demo() / "proposals_txt" / "XM2026-001.txt").find("\xCF\xEE\xC4\xBF"),
            std::string::npos);
}

TEST(SynthFiles, CommittedDemoIsUpToDate) {
  if (!fs::exists(test::kDemoDir / "tudi.toml"))
    GTEST_SKIP() << test::kDemoDir << " has no demo yet";
  const auto fresh = tree(demo());
  const auto committed = tree(test::kDemoDir);
  for (const auto& [name, content] : fresh) {
    ASSERT_TRUE(committed.count(name)) << "gis-data/demo lacks " << name;
    EXPECT_TRUE(content == committed.at(name))
        << "gis-data/demo/" << name << " is stale: regenerate with "
        << "`tudi synth gis-data/demo --seed 2026 --overwrite`";
  }
  for (const auto& [name, content] : committed)
    EXPECT_TRUE(fresh.count(name)) << "gis-data/demo/" << name << " is not made by tudi synth";
}

/// The README's table of a role: the text between "### `role`" and the next heading.
std::string readme_section(const std::string& readme, const std::string& role) {
  const std::string head = "### `" + std::string(role) + "`";
  const auto from = readme.find(head);
  if (from == std::string::npos) return {};
  const auto to = readme.find("\n#", from + head.size());
  return readme.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

TEST(SynthFiles, ReadmeDocumentsTheSchemaOfEveryRole) {
  const std::string readme = slurp(test::kSourceDir / "gis-data" / "README.md");
  ASSERT_FALSE(readme.empty());
  for (const Role& role : roles()) {
    const std::string section = readme_section(readme, std::string(role.name));
    ASSERT_FALSE(section.empty()) << "gis-data/README.md has no section ### `" << role.name << "`";
    for (const CanonicalField& f : role.fields) {
      const std::string row = "| `" + std::string(f.name) + "` | " + std::string(f.alias) + " |";
      const auto at = section.find(row);
      ASSERT_NE(at, std::string::npos) << role.name << ": no row starting " << row;
      const std::string line = section.substr(at, section.find('\n', at) - at);
      for (std::size_t i = 1; i < f.candidates.size(); ++i) {
        EXPECT_NE(line.find(std::string(f.candidates[i])), std::string::npos)
            << role.name << "." << f.name << ": candidate " << f.candidates[i] << " missing";
      }
      if (!f.unit.empty()) {
        EXPECT_NE(line.find(std::string(f.unit)), std::string::npos) << role.name << "." << f.name;
      }
    }
  }
}

int run(const std::string& args) {
  const std::string cmd = test::kTudi.string() + " " + args + " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SynthCli, WritesAndRefusesBadOptions) {
  const fs::path dir = fresh_scratch_dir("cli");
  EXPECT_EQ(run("synth " + dir.string() + " --seed 3 --farmland 300 --proposals 5"), 0);
  EXPECT_TRUE(fs::exists(dir / "farmland.gpkg"));
  EXPECT_TRUE(fs::exists(dir / "tudi.toml"));
  EXPECT_EQ(run("synth " + dir.string() + " --farmland 300"), 1);  // exists, no --overwrite
  EXPECT_EQ(run("synth " + dir.string() + " --farmland 300 --overwrite"), 0);
  EXPECT_EQ(run("synth " + dir.string() + " --farmland 10 --format csv"), 2);
  EXPECT_EQ(run("synth " + dir.string() + " --format shp"), 2);  // --format is for scale mode
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tudi::synth
