// Reading layers: normalisation (CRS, encoding, validity) and every bad input of issue 2.
#include "tudi/io/reader.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/crs/area.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/parallel_read.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;
using namespace tudi;

namespace {

using tudi::test::fresh_scratch_dir;

/// A small parcel layer in EPSG:4526 (CGCS2000 3° GK zone 38, prefixed).
Layer parcels(int count = 3) {
  Layer l;
  l.name = "parcels";
  l.crs = crs::Crs::from_epsg(4526);
  l.fields = {{"DKBH", FieldType::String}, {"DKMC", FieldType::String}, {"MJ", FieldType::Real}};
  for (int i = 0; i < count; ++i) {
    const double x = 38490000 + i * 200.0, y = 3907000;
    Feature f;
    f.fid = i + 1;
    f.geometry = geom::polygon({{{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}, {x, y}}});
    f.values = {std::string("DK-") + std::to_string(i + 1),
                std::string("工业地块") + std::to_string(i + 1), 10000.0};
    l.features.push_back(std::move(f));
  }
  return l;
}

fs::path write_shp(const fs::path& dir, const Layer& l, const std::string& encoding = "UTF-8") {
  const fs::path p = dir / "parcels.shp";
  io::WriteOptions w;
  w.encoding = encoding;
  io::write_layer(l, p, w);
  return p;
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

io::LayerSource src_of(const fs::path& p) {
  io::LayerSource s;
  s.source = p.string();
  return s;
}

}  // namespace

TEST(Reader, RoundTripsShapefileWithChineseAttributesInBothEncodings) {
  for (const std::string enc : {"UTF-8", "GBK"}) {
    const Layer back =
        io::read_layer(src_of(write_shp(fresh_scratch_dir("roundtrip-" + enc), parcels(), enc)));
    ASSERT_EQ(back.features.size(), 3u);
    EXPECT_EQ(to_text(back.features[1].values[1]), "工业地块2");
    EXPECT_EQ(back.crs.epsg(), 4526);
    EXPECT_EQ(back.source_crs.origin(), crs::Origin::Declared);
    EXPECT_NEAR(geom::area(back.features[0].geometry), 10000.0, 1e-6);
    EXPECT_EQ(back.report.encoding, enc == "GBK" ? "CP936" : "UTF-8");
  }
}

TEST(Reader, ReprojectsIntoTheWorkingCrsWithEastingFirst) {
  const fs::path dir = fresh_scratch_dir("reproject");
  const Layer back = [&] {
    io::ReadOptions opt;
    opt.target = crs::Crs::from_epsg(4547);  // same zone, no prefix
    return io::read_layer(src_of(write_shp(dir, parcels())), opt);
  }();
  const tudi::Envelope e = geom::envelope(back.features[0].geometry);
  EXPECT_NEAR(e.minx, 490000.0, 1e-6);  // the 38 prefix is gone, x is still the easting
  EXPECT_NEAR(e.miny, 3907000.0, 1e-6);
}

TEST(Reader, DetectsZoneFromPrefixedEastingsWhenThePrjIsMissing) {
  const fs::path dir = fresh_scratch_dir("noprj");
  const fs::path shp = write_shp(dir, parcels());
  fs::remove(dir / "parcels.prj");
  const Layer back = io::read_layer(src_of(shp));
  EXPECT_EQ(back.crs.epsg(), 4526);
  EXPECT_EQ(back.source_crs.origin(), crs::Origin::Detected);
  EXPECT_NE(back.report.crs_how.find("detected"), std::string::npos);
}

TEST(Reader, RefusesToGuessWhenCoordinatesFitNoChineseCrs) {
  const fs::path dir = fresh_scratch_dir("nocrs");
  Layer l = parcels(1);
  l.features[0].geometry = geom::polygon({{{10, 10}, {20, 10}, {20, 20}, {10, 10}}});
  const fs::path shp = write_shp(dir, l);
  fs::remove(dir / "parcels.prj");
  const std::string msg = error_of([&] { io::read_layer(src_of(shp)); });
  EXPECT_NE(msg.find(shp.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("declares no CRS"), std::string::npos) << msg;
}

TEST(Reader, RefusesTruncatedEastingsWithoutAZone) {
  const fs::path dir = fresh_scratch_dir("truncated-easting");
  Layer l = parcels(1);
  l.features[0].geometry =
      geom::polygon({{{490000, 3907000}, {490100, 3907000}, {490100, 3907100}, {490000, 3907000}}});
  const fs::path shp = write_shp(dir, l);
  fs::remove(dir / "parcels.prj");
  const std::string msg = error_of([&] { io::read_layer(src_of(shp)); });
  EXPECT_NE(msg.find("zone"), std::string::npos) << msg;
  // Naming the CRS resolves it.
  io::ReadOptions opt;
  opt.assume = crs::Crs::from_epsg(4547);
  EXPECT_EQ(io::read_layer(src_of(shp), opt).crs.epsg(), 4547);
  // So does the project file's per-layer crs, and --src-crs (ReadOptions::assume) wins over it.
  io::LayerSource named = src_of(shp);
  named.crs = "EPSG:4547";
  const Layer from_project = io::read_layer(named);
  EXPECT_EQ(from_project.crs.epsg(), 4547);
  EXPECT_EQ(from_project.source_crs.origin(), crs::Origin::Assigned);
  opt.assume = crs::Crs::from_epsg(4546);
  EXPECT_EQ(io::read_layer(named, opt).crs.epsg(), 4546);
  // The working CRS "auto" looks at the layers through peek_crs: the project's crs counts there.
  EXPECT_THROW(io::peek_crs(src_of(shp)), Error);
  EXPECT_EQ(io::peek_crs(named).epsg(), 4547);
}

TEST(Reader, JzdWithoutZoneTakesTheGivenCrs) {
  const fs::path dir = fresh_scratch_dir("jzd-no-zone");
  const fs::path txt = dir / "site.txt";
  std::ofstream(txt) << "[属性描述]\n[地块坐标]\n5,1.0,DK1,厂区,面,,,,@\n"
                        "J1,1,3907880.0,490900.0\nJ2,1,3907880.0,491000.0\n"
                        "J3,1,3907980.0,491000.0\nJ4,1,3907980.0,490900.0\n"
                        "J1,1,3907880.0,490900.0\n";
  io::LayerSource src;
  src.source = txt.string();
  EXPECT_NE(error_of([&] { io::read_layer(src); }).find("crs = \"EPSG:…\" on the layer"),
            std::string::npos);
  src.crs = "EPSG:4547";
  const Layer l = io::read_layer(src);
  EXPECT_EQ(l.crs.epsg(), 4547);
  ASSERT_EQ(l.features.size(), 1u);
  EXPECT_NEAR(geom::area(l.features[0].geometry), 10000.0, 1e-6);
}

TEST(Reader, RepairsInvalidPolygonsAndSaysSo) {
  const fs::path dir = fresh_scratch_dir("bowtie");
  Layer l = parcels(2);
  const double x = 38490000, y = 3907000;
  l.features[1].geometry =
      geom::polygon({{{x, y}, {x + 100, y + 100}, {x + 100, y}, {x, y + 100}, {x, y}}});
  const Layer back = io::read_layer(src_of(write_shp(dir, l)));
  ASSERT_EQ(back.features.size(), 2u);  // repaired, never dropped
  EXPECT_EQ(back.report.invalid, 1);
  EXPECT_EQ(back.report.repaired, 1);
  ASSERT_EQ(back.report.repairs.size(), 1u);
  // Shapefile feature ids count from 0, as in ArcGIS's FID column.
  EXPECT_NE(back.report.repairs[0].find("feature 1"), std::string::npos) << back.report.repairs[0];
  EXPECT_EQ(geom::invalid_reason(back.features[1].geometry), "");
  EXPECT_NEAR(geom::area(back.features[1].geometry), 5000.0, 1e-6);  // two triangles
}

TEST(Reader, AppliesRoleMappingAndRefusesAmbiguity) {
  const fs::path dir = fresh_scratch_dir("mapping");
  Layer l = parcels(1);
  io::LayerSource src = src_of(write_shp(dir, l));
  src.role = "parcels";
  const Layer back = io::read_layer(src);
  EXPECT_EQ(back.mapping.at("id"), "DKBH");
  EXPECT_EQ(back.text(back.features[0], "id"), "DK-1");
  EXPECT_EQ(back.id_of(back.features[0]), "DK-1");

  // Two candidates for the id of a proposal (XMBH and DKBH): an error naming both.
  Layer two = parcels(1);
  two.fields[2] = {"XMBH", FieldType::String};
  two.features[0].values[2] = std::string("XM-1");
  io::LayerSource s2 = src_of(write_shp(fresh_scratch_dir("mapping2"), two));
  s2.role = "proposals";
  const std::string msg = error_of([&] { io::read_layer(s2); });
  EXPECT_NE(msg.find("DKBH"), std::string::npos) << msg;
  EXPECT_NE(msg.find("XMBH"), std::string::npos) << msg;
  s2.fields["id"] = "XMBH";  // choosing one in the project file settles it
  EXPECT_EQ(io::read_layer(s2).text(io::read_layer(s2).features[0], "id"), "XM-1");
}

TEST(ReaderBadInput, MissingFile) {
  const std::string msg = error_of([] { io::read_layer(src_of("/nonexistent/FARM.shp")); });
  EXPECT_EQ(msg, "/nonexistent/FARM.shp: no such file or folder");
}

TEST(ReaderBadInput, ShapefileWithoutDbf) {
  const fs::path dir = fresh_scratch_dir("nodbf");
  const fs::path shp = write_shp(dir, parcels());
  fs::remove(dir / "parcels.dbf");
  const std::string msg = error_of([&] { io::read_layer(src_of(shp)); });
  EXPECT_NE(msg.find(".dbf file is missing"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
}

TEST(ReaderBadInput, DbfRecordCountDisagrees) {
  const fs::path dir = fresh_scratch_dir("dbfcount");
  const fs::path shp = write_shp(dir, parcels());
  {
    std::fstream f(dir / "parcels.dbf", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4);
    const char two[4] = {2, 0, 0, 0};
    f.write(two, 4);
  }
  const std::string msg = error_of([&] { io::read_layer(src_of(shp)); });
  EXPECT_NE(msg.find("has 2 records but the .shp has 3 shapes"), std::string::npos) << msg;
}

TEST(ReaderBadInput, TruncatedDbfIsRefusedNotReadInPart) {
  // The header still says 3 records; the file holds fewer: GDAL would read what is there.
  const fs::path dir = fresh_scratch_dir("truncdbf");
  const fs::path shp = write_shp(dir, parcels());
  const fs::path dbf = dir / "parcels.dbf";
  fs::resize_file(dbf, fs::file_size(dbf) - 20);
  const std::string msg = error_of([&] { io::read_layer(src_of(shp)); });
  EXPECT_NE(msg.find(dbf.string() + ": truncated: 3 records need"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
}

TEST(ReaderBadInput, SeveralLayersAndNoNameIsRefusedWithTheNames) {
  // The demo's supply.gpkg holds the approval batches first, the parcels second.
  io::LayerSource src = src_of(tudi::test::kDemoDir / "supply.gpkg");
  src.role = "parcels";
  const std::string msg = error_of([&] { io::read_layer(src); });
  EXPECT_NE(msg.find("has several layers (PZWJSTD, GDDK): name one with layer = \"NAME\" under "
                     "[layers.parcels]"),
            std::string::npos)
      << msg;
  src.layer = "GDDK";
  EXPECT_EQ(io::read_layer(src).features.size(), 91u);
}

TEST(ReaderBadInput, TruncatedShp) {
  const fs::path dir = fresh_scratch_dir("truncshp");
  const fs::path shp = write_shp(dir, parcels());
  fs::resize_file(shp, fs::file_size(shp) - 40);
  const std::string msg = error_of([&] { io::read_layer(src_of(shp)); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_NE(msg.find(shp.string()), std::string::npos) << msg;
}

TEST(ReaderBadInput, UnknownCrs) {
  EXPECT_THROW(crs::Crs::from_user("EPSG:999999"), Error);
  const std::string msg = error_of([] { crs::Crs::from_user("EPSG:999999"); });
  EXPECT_NE(msg.find("999999"), std::string::npos) << msg;
}

TEST(ReaderBadInput, EmptyLayer) {
  const fs::path dir = fresh_scratch_dir("empty");
  Layer l = parcels(0);
  const fs::path gpkg = dir / "empty.gpkg";
  io::write_layer(l, gpkg, {});
  const std::string msg = error_of([&] { io::read_layer(src_of(gpkg)); });
  EXPECT_NE(msg.find("is empty"), std::string::npos) << msg;
}

TEST(ReaderBadInput, NanCoordinates) {
  const fs::path dir = fresh_scratch_dir("nan");
  const fs::path json = dir / "nan.geojson";
  // GDAL writes non-finite numbers as NaN in GeoJSON and reads them back: the field does too.
  std::ofstream(json)
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},"features":[)"
         R"({"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":[[[38490000,3907000],[38490100,3907000],[NaN,3907100],[38490000,3907000]]]}}]})";
  const std::string msg = error_of([&] { io::read_layer(src_of(json)); });
  EXPECT_NE(msg.find("NaN or infinite"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nan.geojson"), std::string::npos) << msg;

  // The parallel reader (the check's) settles geometries the same way: an error naming the
  // feature, or, where features are reported one by one, the feature kept without geometry.
  // (Before, its NaN past the first vertex went through: OGR's envelope skips it.)
  // The schema pass reads the first feature: it is a good one here.
  const fs::path two = dir / "nan2.geojson";
  std::ofstream(two)
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4526"}},"features":[)"
         R"({"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":[[[38490000,3907000],[38490100,3907000],[38490100,3907100],[38490000,3907000]]]}},)"
         R"({"type":"Feature","properties":{"id":2},"geometry":{"type":"Polygon","coordinates":[[[38490000,3907000],[38490100,3907000],[NaN,3907100],[38490000,3907000]]]}}]})";
  io::ParallelReadOptions opt;
  const std::string pmsg = error_of([&] { io::read_all(src_of(two), opt); });
  EXPECT_NE(pmsg.find("nan2.geojson: feature 2: has NaN or infinite"), std::string::npos) << pmsg;
  opt.keep_empty = true;
  const Layer kept = io::read_all(src_of(two), opt);
  ASSERT_EQ(kept.features.size(), 2u);
  EXPECT_TRUE(kept.features[0].geometry);
  EXPECT_FALSE(kept.features[1].geometry);
  ASSERT_EQ(kept.report.unusable.size(), 1u);
  EXPECT_EQ(kept.report.unusable.count(2), 1u);
  EXPECT_EQ(kept.report.unusable.at(2), "坐标含 NaN 或无穷大");
}

TEST(Writer, RefusesToOverwriteAndLeavesNoPartialOutput) {
  const fs::path dir = fresh_scratch_dir("atomic");
  const fs::path out = dir / "out.gpkg";
  io::write_layer(parcels(), out, {});
  const auto size = fs::file_size(out);
  EXPECT_THROW(io::write_layer(parcels(1), out, {}), Error);
  EXPECT_EQ(fs::file_size(out), size);
  // A failing write (no such folder) leaves nothing behind.
  EXPECT_THROW(io::write_layer(parcels(), dir / "nowhere" / "x.gpkg", {}), Error);
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(Writer, ShapefileGetsPrjAndCpgAndShortFieldNames) {
  const fs::path dir = fresh_scratch_dir("shpnames");
  Layer l = parcels(1);
  l.fields = {{"planned_use_code", FieldType::String},
              {"planned_use_name", FieldType::String},
              {"基本农田面积", FieldType::Real}};
  l.features[0].values = {std::string("100101"), std::string("一类工业用地"), 12.5};
  io::WriteOptions w;
  w.encoding = "GBK";
  io::write_layer(l, dir / "x.shp", w);
  EXPECT_TRUE(fs::exists(dir / "x.prj"));
  std::ifstream cpg(dir / "x.cpg");
  std::string line;
  std::getline(cpg, line);
  EXPECT_EQ(line, "936");
  const std::vector<std::string> names = io::shapefile_field_names(l.fields, "CP936");
  EXPECT_EQ(names[0], "planned_us");
  EXPECT_EQ(names[1], "planned__1");
  EXPECT_EQ(names[2], "基本农田面");  // 5 characters = 10 bytes in GBK
  const Layer back = io::read_layer(src_of(dir / "x.shp"));
  EXPECT_EQ(back.fields[2].name, "基本农田面");
  EXPECT_EQ(to_text(back.features[0].values[1]), "一类工业用地");
}

TEST(Writer, ResultLayersTakeTheBureausShortNamesAndAnArcGisMetadataFile) {
  const fs::path dir = fresh_scratch_dir("shpresult");
  Layer l = parcels(1);
  l.name = "zones";
  l.fields = {{"industrial_investment", FieldType::Real},
              {"industrial_investment_mu", FieldType::Real},
              {"not_in_the_table", FieldType::String}};
  l.features[0].values = {9000.0, 600.0, std::string("x")};
  // A preferred name wins; a name already preferred is never taken by a shortened one.
  EXPECT_EQ(io::shapefile_field_names(l.fields, "UTF-8", {"TRQD", "TRQDMU", ""}),
            (std::vector<std::string>{"TRQD", "TRQDMU", "not_in_the"}));
  EXPECT_EQ(io::shapefile_field_names(l.fields, "UTF-8", {"industrial", "", ""}),
            (std::vector<std::string>{"industrial", "industri_1", "not_in_the"}));
  io::WriteOptions w;
  w.encoding = "GBK";
  w.result_fields = true;
  io::write_layer(l, dir / "z.shp", w);
  const Layer back = io::read_layer(src_of(dir / "z.shp"));
  ASSERT_EQ(back.fields.size(), 3u);
  EXPECT_EQ(back.fields[0].name, "TRQD");
  EXPECT_EQ(back.fields[1].name, "TRQDMU");
  EXPECT_EQ(back.fields[2].name, "not_in_the");
  std::ifstream xml(dir / "z.shp.xml");
  const std::string text((std::istreambuf_iterator<char>(xml)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("<attrlabl>TRQDMU</attrlabl><attalias>工业用地固定资产投入强度（万元/亩）</attalias>"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("<attrlabl>not_in_the</attrlabl><attalias>not_in_the_table</attalias>"),
            std::string::npos);
  // Another layer's file (tudi convert): no metadata, names shortened as before.
  io::WriteOptions plain;
  io::write_layer(l, dir / "plain.shp", plain);
  EXPECT_FALSE(fs::exists(dir / "plain.shp.xml"));
  EXPECT_EQ(io::read_layer(src_of(dir / "plain.shp")).fields[1].name, "industri_1");
}

TEST(Reader, InvalidGbkBytesInADbfAreReportedAndKeptNotDropped) {
  const fs::path dir = fresh_scratch_dir("invalid-gbk");
  const fs::path shp = write_shp(dir, parcels(), "GBK");
  const fs::path dbf = dir / "parcels.dbf";
  std::string bytes;
  {
    std::ifstream in(dbf, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // 工业地块2 in GBK; its 业 (D2 B5) becomes D2 FF, which no GBK character is.
  const std::string gbk = io::recode("工业地块2", "UTF-8", "CP936");
  const std::size_t at = bytes.find(gbk);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] = '\xFF';
  std::ofstream(dbf, std::ios::binary | std::ios::trunc) << bytes;

  const std::string kept = "工\xEF\xBF\xBD\xEF\xBF\xBD地块2";  // 业's two bytes, each U+FFFD
  const Layer whole = io::read_layer(src_of(shp));
  ASSERT_EQ(whole.features.size(), 3u);
  EXPECT_EQ(to_text(whole.features[1].values[1]), kept);
  EXPECT_EQ(to_text(whole.features[0].values[1]), "工业地块1");
  const std::string expected = dbf.string() + ": feature 1, field DKMC: bytes that are not valid CP936";
  auto warned = [&](const std::vector<std::string>& warnings) {
    for (const auto& w : warnings)
      if (w.rfind(expected, 0) == 0) return true;
    return false;
  };
  EXPECT_TRUE(warned(whole.report.warnings));

  // The parallel reader (the check's) gives the same value and the same warning, once.
  io::ParallelReadOptions opt;
  const Layer parallel = io::read_all(src_of(shp), opt);
  ASSERT_EQ(parallel.features.size(), 3u);
  EXPECT_EQ(to_text(parallel.features[1].values[1]), kept);
  EXPECT_TRUE(warned(parallel.report.warnings));
  EXPECT_EQ(std::count_if(parallel.report.warnings.begin(), parallel.report.warnings.end(),
                          [&](const std::string& w) { return w.rfind(expected, 0) == 0; }),
            1);
}
