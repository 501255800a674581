// `tudi ledger` end to end on a small scene: the three outputs, the JSON on stdout, exit 3 on a
// red light, --as-of, the light layer styled in the GeoPackage, and refusals that write nothing.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_tudi.hpp"
#include "supply/fixtures.hpp"
#include "test_config.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;

namespace tudi::ledger {
namespace {

Layer read(const fs::path& gpkg, const std::string& layer) {
  io::LayerSource src;
  src.source = gpkg.string();
  src.layer = layer;
  return io::read_layer(src);
}

class LedgerCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = test::fresh_scratch_dir("tudi-ledger-cli");
    Layer parcels = test::make_layer("parcels", test::kParcelFields);
    test::add(parcels, test::box(0, 0, 100, 100), {{"id", "P1"}, {"supply_date", "2026-01-10"}});
    test::add(parcels, test::box(200, 0, 100, 100), {{"id", "P2"}});
    io::write_gpkg({&parcels}, dir / "scene.gpkg", {});
    std::ofstream(dir / "tudi.toml") << R"([analysis]
crs = "EPSG:4527"
as_of = "2026-11-22"

[layers.parcels]
source = "scene.gpkg"
layer = "parcels"
)";
    std::ofstream(dir / "ledger.csv")
        << "项目编号,项目名称,责任单位,地块编号,开工计划日期,开工完成日期,备注\n"
           "XM-1,项目一,县发改委,P1,2026-11-21,,督办\n"
           "XM-2,项目二,县工信局,P2,2026-12-23,,\n"
           "XM-3,项目三,县住建局,P9,2026-06-01,2026-06-01,\n";
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string args(const std::string& more) const {
    return "-q ledger -c " + (dir / "tudi.toml").string() + " --ledger " +
           (dir / "ledger.csv").string() + " " + more;
  }
  fs::path dir;
};

TEST_F(LedgerCli, WritesTheThreeOutputsAndExitsThreeOnRed) {
  const fs::path out = dir / "out";
  const test::CliOutcome r = test::run_tudi(args("-o " + out.string() + " --json"));
  ASSERT_EQ(r.code, 3) << r.err;
  EXPECT_EQ(r.err, "");
  for (const char* f : {"ledger.json", "ledger.xlsx", "ledger.gpkg"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j, nlohmann::json::parse(test::slurp(out / "ledger.json")));
  EXPECT_EQ(j["as_of"], "2026-11-22");
  ASSERT_EQ(j["projects"].size(), 3u);
  EXPECT_EQ(j["projects"][0]["light"], "red");
  EXPECT_EQ(j["projects"][0]["warnings"][0]["department"], "县发改委");
  EXPECT_EQ(j["projects"][1]["light"], "green") << "due in 30 days + 1";
  EXPECT_EQ(j["projects"][2]["light"], "green");
  ASSERT_EQ(j["problems"].size(), 1u);
  EXPECT_NE(j["problems"][0]["where"].get<std::string>().find("ledger.csv:4"), std::string::npos);

  // The workbook: the county's ledger back with its own columns and the light cell coloured
  // (red fill F28B82), then the warnings by department.
  const auto part = [&](const std::string& name) {
    const fs::path to = dir / "part.xml";
    const std::string cmd = "unzip -p '" + (out / "ledger.xlsx").string() + "' " + name + " > '" + to.string() + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return test::slurp(to);
  };
  EXPECT_NE(part("xl/styles.xml").find("FFF28B82"), std::string::npos);
  const std::string back = part("xl/worksheets/sheet1.xml");
  EXPECT_NE(back.find("督办"), std::string::npos) << "the unknown column 备注 is carried through";
  EXPECT_NE(back.find("红灯"), std::string::npos);
  EXPECT_NE(part("xl/worksheets/sheet2.xml").find("县发改委"), std::string::npos);

  // The projects' parcels with their lights, the style in layer_styles.
  const Layer l = read(out / "ledger.gpkg", "ledger_projects");
  ASSERT_EQ(l.features.size(), 2u);
  EXPECT_EQ(to_text(l.features[0].values[static_cast<std::size_t>(l.field_index("light"))]), "red");
  GDALDatasetUniquePtr ds(GDALDataset::Open((out / "ledger.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  ASSERT_EQ(styles->GetFeatureCount(), 1);
  for (auto& f : *styles) {
    EXPECT_STREQ(f->GetFieldAsString("f_table_name"), "ledger_projects");
    EXPECT_NE(std::string(f->GetFieldAsString("styleQML")).find("红灯"), std::string::npos);
  }
}

TEST_F(LedgerCli, AsOfMovesTheLights) {
  const test::CliOutcome r =
      test::run_tudi(args("-o " + (dir / "out").string() + " --json --as-of 2026-11-22 --overwrite"));
  ASSERT_EQ(r.code, 3) << r.err;
  const test::CliOutcome earlier = test::run_tudi(
      args("-o " + (dir / "out").string() + " --json --as-of 2026-11-21 --overwrite"));
  ASSERT_EQ(earlier.code, 0) << earlier.err;
  const nlohmann::json j = nlohmann::json::parse(earlier.out);
  EXPECT_EQ(j["projects"][0]["light"], "yellow") << "due today, not yet overdue";
  EXPECT_EQ(j["projects"][1]["light"], "green");
}

TEST_F(LedgerCli, RefusesExistingOutputsAndBadLedgersWithoutWritingAnything) {
  const fs::path out = dir / "out";
  fs::create_directories(out);
  std::ofstream(out / "ledger.gpkg") << "not mine";
  const test::CliOutcome r = test::run_tudi(args("-o " + out.string()));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("ledger.gpkg"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out / "ledger.json"));

  std::ofstream(dir / "ledger.csv") << "名称,责任单位\nx,y\n";
  const test::CliOutcome bad = test::run_tudi(args("-o " + (dir / "out2").string()));
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("ledger.csv"), std::string::npos) << bad.err;
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  EXPECT_FALSE(fs::exists(dir / "out2" / "ledger.json"));
}

TEST_F(LedgerCli, NoLedgerNamedIsAUsageError) {
  const test::CliOutcome r =
      test::run_tudi("-q ledger -c " + (dir / "tudi.toml").string() + " -o " + (dir / "o").string());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("--ledger"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tudi::ledger
