// The project file: the fixed shape of issue 2, errors with file and line, overrides.
#include "tudi/project/project.hpp"

#include <fstream>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/core/units.hpp"
#include "tudi/ledger/ledger.hpp"
#include "tudi/match/settings.hpp"
#include "tudi/supply/supply.hpp"
#include "tudi/zones/zones.hpp"

namespace fs = std::filesystem;
using namespace tudi;

namespace {
fs::path write_toml(const std::string& name, const std::string& text) {
  const fs::path dir = test::scratch_dir("tudi-project-test");
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p) << text;
  return p;
}

std::string error_of(const fs::path& p) {
  try {
    load_project(p);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(Project, ReadsTheDocumentedShape) {
  const fs::path p = write_toml("ok.toml", R"(
[analysis]
crs = "EPSG:4528"        # or "auto"
as_of = "2026-11-22"

[layers.farmland]
source = "YJJBNTTB.shp"  # relative to this file
encoding = "auto"
[layers.farmland.fields]
id = "JBNTTBBH"
land_class = "DLBM"

[layers.redline]
source = "PG:host=/tmp dbname=gis"
layer = "stbhhx"

[layers.proposals]
source = "jzd/"          # 界址点 TXT without 带号 and without zone prefix
crs = "EPSG:4547"

[supply]
sliver_m2 = 2.0
)");
  const Project proj = load_project(p);
  EXPECT_EQ(proj.analysis.crs, "EPSG:4528");
  EXPECT_EQ(proj.analysis.as_of, "2026-11-22");
  ASSERT_TRUE(proj.has("farmland"));
  EXPECT_EQ(proj.layers.at("farmland").source, (p.parent_path() / "YJJBNTTB.shp").string());
  EXPECT_EQ(proj.layers.at("farmland").fields.at("land_class"), "DLBM");
  EXPECT_EQ(proj.layers.at("redline").source, "PG:host=/tmp dbname=gis");  // untouched
  EXPECT_EQ(proj.layers.at("redline").layer, "stbhhx");
  EXPECT_EQ(proj.layers.at("proposals").crs, "EPSG:4547");
  EXPECT_EQ(proj.layers.at("farmland").crs, "");  // detected from the data
  EXPECT_FALSE(proj.has("urban"));
  ASSERT_TRUE(proj.sections.count("supply"));
  EXPECT_EQ(proj.sections.at("supply")->table["sliver_m2"].value_or(0.0), 2.0);
  EXPECT_EQ(working_crs(proj).epsg(), 4528);
}

TEST(Project, NeedNamesTheCommandAndTheRole) {
  const Project proj = load_project(write_toml("need.toml", "[analysis]\ncrs = \"EPSG:4526\"\n"));
  try {
    proj.need("farmland", "check");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("永久基本农田"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--farmland"), std::string::npos) << e.what();
  }
}

TEST(Project, ErrorsNameFileAndLine) {
  const fs::path bad_role = write_toml("badrole.toml", "[layers.farmlnd]\nsource = \"x.shp\"\n");
  EXPECT_EQ(error_of(bad_role), bad_role.string() +
                                    ":1: unknown layer role 'farmlnd' (expected "
                                    "redline, farmland, urban, zones, parcels, "
                                    "proposals, landuse, approvals)");
  const fs::path no_source = write_toml("nosource.toml", "\n[layers.urban]\nlayer = \"x\"\n");
  EXPECT_EQ(error_of(no_source), no_source.string() + ":2: 'source' is missing");
  const fs::path syntax = write_toml("syntax.toml", "[analysis]\ncrs = \n");
  EXPECT_NE(error_of(syntax).find(syntax.string() + ":2:"), std::string::npos) << error_of(syntax);
  const fs::path typo =
      write_toml("typo.toml", "[analysis]\ncrs = \"auto\"\nasof = \"2026-01-01\"\n");
  EXPECT_NE(error_of(typo).find(":3: unknown setting analysis.asof"), std::string::npos);
}

TEST(Project, AnErrorInAnAnalysisSectionNamesTheProjectFileAndLine) {
  // The sections were kept as text and parsed again by each analysis: errors said
  // "tudi.toml [supply]" with no line.
  const fs::path supply = write_toml("supply_section.toml", "[analysis]\nas_of = 2026-01-01\n\n[supply]\n"
                                                           "sliver_m2 = 1.0\n[supply.idle]\nfee_rate = \"x\"\n");
  try {
    supply::load_settings(load_project(supply));
    FAIL() << "a text fee_rate was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(supply.string() + ":7:", 0), 0u) << e.what();
  }
  const fs::path zones = write_toml("zones_section.toml", "[zones]\n[zones.national]\nnot_an_indicator = 1.0\n");
  try {
    zones::load_settings(load_project(zones));
    FAIL() << "an unknown indicator was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(zones.string() + ":3:", 0), 0u) << e.what();
  }
  const fs::path ledger = write_toml("ledger_section.toml", "[ledger]\nfile = 3\n");
  try {
    ledger::load_settings(load_project(ledger));
    FAIL() << "a number for the ledger file was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(ledger.string() + ":2:", 0), 0u) << e.what();
  }
  const fs::path match = write_toml("match_section.toml", "\n[match]\nregoin = \"henan\"\n");
  try {
    match::load_settings(load_project(match), "");
    FAIL() << "a misspelt [match] key was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(match.string() + ":3:", 0), 0u) << e.what();
  }
}

TEST(Project, ASectionNothingReadsIsRefusedWithWhereItsSettingsLive) {
  const fs::path check = write_toml("check_section.toml", "[check]\nsliver_m2 = 2.0\n");
  EXPECT_NE(error_of(check).find(check.string() + ":1: unknown section [check]：三线核查的设置在其规则包"),
            std::string::npos)
      << error_of(check);
  const fs::path serve = write_toml("serve_section.toml", "[serve]\nport = 8080\n");
  EXPECT_NE(error_of(serve).find("tudi serve --help"), std::string::npos) << error_of(serve);
}

TEST(Project, OverridesReplaceARole) {
  Project proj = load_project(write_toml("ov.toml",
                                         "[layers.farmland]\nsource = \"a.shp\"\n"
                                         "[layers.farmland.fields]\nid = \"X\"\n"));
  override_source(proj, "farmland", "/data/b.gpkg");
  EXPECT_EQ(proj.layers.at("farmland").source, "/data/b.gpkg");
  EXPECT_TRUE(proj.layers.at("farmland").fields.empty());
  EXPECT_TRUE(proj.layers.at("farmland").crs.empty());
  EXPECT_THROW(override_source(proj, "nosuchrole", "x"), UsageError);
}

TEST(Project, AnOverrideKeepsTheLayerTheProjectNames) {
  Project proj = load_project(write_toml("ov-layer.toml",
                                         "[layers.parcels]\nsource = \"supply.gpkg\"\n"
                                         "layer = \"GDDK\"\n"));
  override_source(proj, "parcels", "/data/supply-2027.gpkg");
  EXPECT_EQ(proj.layers.at("parcels").layer, "GDDK");
}

TEST(Roles, MappingDetectsTypicalNamesAndRefusesToGuess) {
  const Role& farmland = *find_role("farmland");
  const FieldMapping m = resolve_mapping(
      farmland,
      {{"BSM", FieldType::Integer}, {"JBNTTBBH", FieldType::String}, {"dlbm", FieldType::String}},
      {}, "f.shp");
  EXPECT_EQ(m.at("id"), "JBNTTBBH");
  EXPECT_EQ(m.at("land_class"), "dlbm");  // case-insensitive, keeps the source's spelling
  EXPECT_EQ(m.count("class_name"), 0u);
  EXPECT_THROW(
      resolve_mapping(farmland, {{"JBNTTBBH", FieldType::String}, {"TBBH", FieldType::String}}, {},
                      "f.shp"),
      Error);
  EXPECT_THROW(resolve_mapping(farmland, {{"A", FieldType::String}}, {{"id", "B"}}, "f.shp"),
               Error);
  EXPECT_EQ(guess_role("YJJBNTTB", {}), "farmland");
  EXPECT_EQ(guess_role("layer1", {{"DKBH", FieldType::String},
                                  {"GDRQ", FieldType::String},
                                  {"YDDGRQ", FieldType::String}}),
            "parcels");
}

TEST(Roles, FlagsReadTheWaysBureausWriteThem) {
  EXPECT_EQ(to_flag(Value{std::string("是")}), true);
  EXPECT_EQ(to_flag(Value{std::string(" 否 ")}), false);
  EXPECT_EQ(to_flag(Value{std::int64_t{1}}), true);
  EXPECT_EQ(to_flag(Value{std::string("不详")}), std::nullopt);
}

TEST(Units, MuIsExactlyFifteenHundredthsOfAHectare) {
  EXPECT_DOUBLE_EQ(units::m2_to_mu(10000.0), 15.0);
  EXPECT_DOUBLE_EQ(units::mu_to_m2(1.0), 10000.0 / 15.0);
  EXPECT_DOUBLE_EQ(units::m2_to_ha(25000.0), 2.5);
}

TEST(Project, AutoWorkingCrsPrefersThePrefixedZoneAndSaysWhy) {
  // The demo's red line is EPSG:4547 (no prefix) and comes first in role order; the farmland
  // is EPSG:4526 (zone 38 with prefix): the prefixed zone wins, and the note says so.
  const fs::path dir = test::fresh_scratch_dir("tudi-auto-crs");
  std::ofstream(dir / "tudi.toml") << "[analysis]\ncrs = \"auto\"\n[layers.redline]\nsource = \""
                                   << (test::kDemoDir / "STBHHX.shp").string()
                                   << "\"\n[layers.farmland]\nsource = \""
                                   << (test::kDemoDir / "YJJBNTTB.shp").string() << "\"\n";
  const Project p = load_project(dir / "tudi.toml");
  std::string why;
  EXPECT_EQ(working_crs(p, &why).epsg(), 4526);
  EXPECT_NE(why.find("farmland"), std::string::npos) << why;
  EXPECT_NE(why.find("EPSG:4547"), std::string::npos) << why;  // the layer passed over
  EXPECT_NE(why.find("带号前缀"), std::string::npos) << why;
}
