// Loose sources: the working CRS chosen for them as for a project's "auto", read with a
// suggested role and none assigned, and roles assigned by hand (the viewer's 用作).
#include "tudi/project/sources.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"

namespace fs = std::filesystem;
using namespace tudi;

namespace {

io::LayerSource source(const fs::path& p) {
  io::LayerSource s;
  s.source = p.string();
  return s;
}

// The demo's red line is EPSG:4547 (zone 38, no prefix), its farmland EPSG:4526 (zone 38 with
// the prefix), its development zones a GeoJSON in degrees (EPSG:4490) around 113.9°E.
const fs::path kRedline = test::kDemoDir / "STBHHX.shp";
const fs::path kFarmland = test::kDemoDir / "YJJBNTTB.shp";
const fs::path kZones = test::kDemoDir / "KFQ.geojson";

/// A one-square GeoJSON in `epsg` (the old "crs" member, which GDAL reads).
fs::path square_in(int epsg, double x, double y, double side) {
  const fs::path dir = test::scratch_dir("tudi-sources-test");
  fs::create_directories(dir);
  const fs::path p = dir / ("square_" + std::to_string(epsg) + ".geojson");
  std::ofstream(p)
      << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::)"
      << epsg
      << R"("}},"features":[{"type":"Feature","properties":{"MC":"a"},"geometry":{"type":"Polygon","coordinates":[[[)"
      << x << "," << y << "],[" << x + side << "," << y << "],[" << x + side << "," << y + side
      << "],[" << x << "," << y + side << "],[" << x << "," << y << "]]]}}]}";
  return p;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

Layer layer_with(const std::string& name, const std::vector<std::string>& fields) {
  Layer l;
  l.name = name;
  l.source = name + ".shp";
  for (const std::string& f : fields) l.fields.push_back({f, FieldType::String});
  return l;
}

}  // namespace

TEST(WorkingCrs, ProjectedSourcesPreferTheZoneWithThePrefixAndSayWhy) {
  std::string why;
  EXPECT_EQ(working_crs({source(kRedline), source(kFarmland)}, &why).epsg(), 4526);
  EXPECT_EQ(why,
            "取图层 YJJBNTTB.shp 的 EPSG:4526（东坐标带带号前缀，优先于无前缀的分带）；"
            "各图层：STBHHX.shp EPSG:4547，YJJBNTTB.shp EPSG:4526");
  EXPECT_EQ(working_crs({source(kRedline)}, &why).epsg(), 4547);
  EXPECT_EQ(why,
            "取图层 STBHHX.shp 的 EPSG:4547（各图层均无带号前缀）；各图层：STBHHX.shp EPSG:4547");
}

TEST(WorkingCrs, SourcesInDegreesGetTheZoneOfTheirLongitude) {
  std::string why;
  // 113.9°E lies in the 3° zone about 114°E: zone 38, with the prefix (EPSG:4526).
  EXPECT_EQ(working_crs({source(kZones)}, &why).epsg(), 4526);
  EXPECT_NE(why.find("经纬度图层 KFQ.geojson"), std::string::npos) << why;
  EXPECT_NE(why.find("中心经度 113.89°"), std::string::npos) << why;
  EXPECT_NE(why.find("EPSG:4526"), std::string::npos) << why;
  // A layer in a zone wins over one in degrees, whatever the order.
  EXPECT_EQ(working_crs({source(kZones), source(kRedline)}, &why).epsg(), 4547);
  EXPECT_EQ(why.rfind("取图层 STBHHX.shp", 0), 0u) << why;
}

TEST(WorkingCrs, AProjectedCrsOutsideTheZonesIsKeptWhenAreasCanBeCounted) {
  std::string why;
  // UTM 50N counts areas well; Web Mercator (1.49× at 35°N) does not and is refused.
  EXPECT_EQ(working_crs({source(square_in(32650, 500000, 3900000, 100))}, &why).epsg(), 32650);
  EXPECT_NE(why.find("自身的 EPSG:32650"), std::string::npos) << why;
  const std::string e =
      error_of([] { working_crs({source(square_in(3857, 12680000, 4200000, 100))}); });
  EXPECT_NE(e.find("square_3857.geojson"), std::string::npos) << e;
  EXPECT_NE(e.find("no working CRS"), std::string::npos) << e;
}

TEST(WorkingCrs, AProjectsAutoIsTheSameChoiceNamingLayersByRole) {
  Project p;
  p.layers["redline"] = source(kRedline);
  p.layers["farmland"] = source(kFarmland);
  std::string why;
  EXPECT_EQ(working_crs(p, &why).epsg(), 4526);
  EXPECT_EQ(
      why,
      "analysis.crs = auto：取图层 farmland 的 EPSG:4526（东坐标带带号前缀，优先于无前缀的分带）；"
      "各图层：redline EPSG:4547，farmland EPSG:4526");
  // A project of layers in degrees now works too, in their zone.
  Project degrees;
  degrees.layers["zones"] = source(kZones);
  EXPECT_EQ(working_crs(degrees).epsg(), 4526);
}

TEST(LoadSources, ReadsIntoOneCrsWithRolesSuggestedNotAssigned) {
  const LoadedSources got = load_sources({kFarmland, kZones});
  EXPECT_EQ(got.crs.epsg(), 4526);
  EXPECT_NE(got.crs_why.find("YJJBNTTB.shp"), std::string::npos) << got.crs_why;
  ASSERT_EQ(got.layers.size(), 2u);
  EXPECT_EQ(got.layers[0].suggested_role, "farmland");
  EXPECT_EQ(got.layers[1].suggested_role, "zones");
  for (const LoadedSource& s : got.layers) {
    EXPECT_EQ(s.layer.crs.epsg(), 4526) << s.layer.name;
    EXPECT_TRUE(s.layer.role.empty()) << s.layer.name;
    EXPECT_TRUE(s.layer.mapping.empty()) << s.layer.name;
    EXPECT_FALSE(s.layer.features.empty()) << s.layer.name;
  }
  // Added to a map that has its CRS: read into it, nothing chosen.
  const LoadedSources into = load_sources({kZones}, crs::Crs::from_epsg(4547));
  EXPECT_EQ(into.crs.epsg(), 4547);
  EXPECT_TRUE(into.crs_why.empty());
  EXPECT_EQ(into.layers.at(0).layer.crs.epsg(), 4547);
}

TEST(AssignRole, ALayerThatFitsGetsTheRolesMapping) {
  LoadedSources got = load_sources({kFarmland});
  Layer& l = got.layers.at(0).layer;
  // The demo's farmland has JBNTTBBH and TBBH: which is the plot id is asked, never guessed.
  const auto choices = field_choices(l, "farmland");
  ASSERT_EQ(choices.size(), 1u);
  EXPECT_EQ(choices.at("id"), (std::vector<std::string>{"JBNTTBBH", "TBBH"}));
  const std::string e = error_of([&] { assign_role(l, "farmland"); });
  EXPECT_NE(e.find("图层 YJJBNTTB 不能用作永久基本农田（farmland）"), std::string::npos) << e;
  EXPECT_NE(e.find("JBNTTBBH and TBBH"), std::string::npos) << e;
  EXPECT_TRUE(l.role.empty());
  assign_role(l, "farmland", {{"id", "JBNTTBBH"}});
  EXPECT_EQ(l.role, "farmland");
  EXPECT_EQ(l.mapping.at("land_class"), "DLBM");
  EXPECT_EQ(l.mapping.at("id"), "JBNTTBBH");
  EXPECT_FALSE(l.text(l.features.front(), "land_class").empty());
  // Land use needs the land class, which this layer has too.
  Layer dltb = layer_with("DLTB", {"TBBH", "DLBM"});
  assign_role(dltb, "landuse");
  EXPECT_EQ(dltb.mapping.at("land_class"), "DLBM");
  EXPECT_EQ(dltb.mapping.at("id"), "TBBH");
  // What it lacks is reported, as for a project's layer.
  EXPECT_NE(
      std::find(dltb.report.fields.missing.begin(), dltb.report.fields.missing.end(), "grade"),
      dltb.report.fields.missing.end());
}

TEST(AssignRole, AMissingRequiredFieldIsRefusedNamingLayerAndField) {
  Layer redline = layer_with("STBHHX", {"BSM", "HXMC"});
  const std::string e = error_of([&] { assign_role(redline, "landuse"); });
  EXPECT_EQ(e,
            "STBHHX.shp: 图层 STBHHX 不能用作国土调查地类图斑（landuse）：缺少必需字段 "
            "land_class（地类编码） (lacks the required land_class)");
  EXPECT_TRUE(redline.role.empty());
  EXPECT_TRUE(redline.mapping.empty());
  // Two candidates for one field: never guessed between, both named.
  Layer both = layer_with("PZ", {"PCBH", "XMBH"});
  const std::string e2 = error_of([&] { assign_role(both, "approvals"); });
  EXPECT_NE(e2.find("图层 PZ 不能用作建设用地批准（approvals）"), std::string::npos) << e2;
  EXPECT_NE(e2.find("PCBH and XMBH"), std::string::npos) << e2;
  EXPECT_NE(error_of([&] { assign_role(both, "farmlands"); }).find("farmlands"), std::string::npos);
}

TEST(AssignRole, ClearingTakesRoleMappingAndReportAway) {
  Layer dltb = layer_with("DLTB", {"TBBH", "DLBM"});
  assign_role(dltb, "landuse");
  ASSERT_FALSE(dltb.report.fields.empty());
  clear_role(dltb);
  EXPECT_TRUE(dltb.role.empty());
  EXPECT_TRUE(dltb.mapping.empty());
  EXPECT_TRUE(dltb.report.fields.empty());
  EXPECT_FALSE(dltb.has("land_class"));
}
