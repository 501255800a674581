// Crs construction and identification, the GK zone table, and CRS detection from extents.

#include "tudi/crs/crs.hpp"

#include <cpl_conv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <string>

#include "test_config.hpp"
#include "tudi/core/error.hpp"

namespace tudi::crs {
namespace {

// An ArcGIS-style .prj (ESRI WKT1) for a CGCS2000 GK zone, built from its parameters.
std::string esri_gk_prj(
    const std::string& name, double false_easting, double central_meridian,
    const std::string& spheroid = "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]",
    const std::string& projection = "Gauss_Kruger") {
  return "PROJCS[\"" + name +
         "\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\"," +
         spheroid +
         "],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"" +
         projection + "\"],PARAMETER[\"False_Easting\"," + std::to_string(false_easting) +
         "],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\"," +
         std::to_string(central_meridian) +
         "],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\","
         "1.0]]";
}

Crs from_wkt_srs(const std::string& wkt) {
  OGRSpatialReference srs;
  EXPECT_EQ(srs.importFromWkt(wkt.c_str()), OGRERR_NONE) << wkt;
  return Crs::from_srs(srs);
}

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const tudi::Error& e) {
    return e.what();
  }
  return "(no error)";
}

Envelope env(double minx, double miny, double maxx, double maxy) {
  return Envelope{minx, miny, maxx, maxy};
}

// --- Crs --------------------------------------------------------------------------------

TEST(Crs, FromEpsgUsesTraditionalAxisOrder) {
  const Crs c = Crs::from_epsg(4547);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c.srs()->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
  // EPSG:4547 declares northing first; the data axis mapping puts easting first anyway.
  EXPECT_EQ(c.srs()->GetDataAxisToSRSAxisMapping(), (std::vector<int>{2, 1}));
  EXPECT_EQ(c.epsg(), 4547);
  EXPECT_EQ(c.label(), "EPSG:4547");
  EXPECT_EQ(c.name(), "CGCS2000 / 3-degree Gauss-Kruger CM 114E");
  EXPECT_FALSE(c.is_geographic());
  EXPECT_EQ(c.origin(), Origin::Assigned);

  const Crs g = Crs::from_epsg(kCgcs2000Geographic, Origin::Declared);
  EXPECT_TRUE(g.is_geographic());
  EXPECT_EQ(g.srs()->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
  EXPECT_EQ(g.srs()->GetDataAxisToSRSAxisMapping(), (std::vector<int>{2, 1}));
  EXPECT_EQ(g.origin(), Origin::Declared);
  EXPECT_EQ(g.name(), "China Geodetic Coordinate System 2000");
}

TEST(Crs, EmptyCrs) {
  const Crs c;
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.epsg(), std::nullopt);
  EXPECT_EQ(c.label(), "");
  EXPECT_FALSE(c.is_geographic());
  EXPECT_TRUE(c.same_as(Crs{}));
  EXPECT_FALSE(c.same_as(Crs::from_epsg(4490)));
  EXPECT_FALSE(Crs::from_epsg(4490).same_as(c));
}

TEST(Crs, FromEpsgUnknownCodeThrows) {
  EXPECT_EQ(error_of([] { Crs::from_epsg(999999); }), "EPSG:999999: unknown CRS");
}

TEST(Crs, FromUserAcceptsEpsgSpellings) {
  for (const char* text : {"EPSG:4528", "epsg:4528", "Epsg:4528", "4528", "  4528\n"}) {
    const Crs c = Crs::from_user(text);
    EXPECT_EQ(c.epsg(), 4528) << text;
    EXPECT_EQ(c.srs()->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
  }
  EXPECT_EQ(Crs::from_user("4528", Origin::Declared).origin(), Origin::Declared);
}

TEST(Crs, FromUserAcceptsWktAndProjStrings) {
  const Crs zone40 = Crs::from_epsg(4528);
  const Crs from_wkt = Crs::from_user(zone40.wkt());
  EXPECT_EQ(from_wkt.epsg(), 4528);
  EXPECT_TRUE(from_wkt.same_as(zone40));
  EXPECT_EQ(from_wkt.srs()->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);

  // PROJ does not identify a bare PROJ string (its datum is "unknown based on GRS80"); the GK
  // parameters do.
  const Crs proj = Crs::from_user(
      "+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs");
  EXPECT_EQ(proj.epsg(), 4528);
  const Crs proj_cm = Crs::from_user("+proj=tmerc +lon_0=120 +x_0=500000 +ellps=GRS80 +units=m");
  EXPECT_EQ(proj_cm.epsg(), 4549);  // CGCS2000 / 3-degree Gauss-Kruger CM 120E
  const Crs proj6 = Crs::from_user("+proj=tmerc +lon_0=123 +x_0=21500000 +ellps=GRS80 +units=m");
  EXPECT_EQ(proj6.epsg(), 4499);

  // The same projection on the WGS84 ellipsoid is not CGCS2000.
  const Crs wgs = Crs::from_user("+proj=tmerc +lon_0=120 +x_0=40500000 +datum=WGS84 +units=m");
  EXPECT_FALSE(wgs.empty());
  EXPECT_NE(wgs.epsg(), 4528);
  // Other PROJ strings are accepted but carry no code: PROJ's confidence for them is 70 %.
  const Crs utm = Crs::from_user("+proj=utm +zone=50 +datum=WGS84 +units=m");
  EXPECT_FALSE(utm.empty());
  EXPECT_EQ(utm.epsg(), std::nullopt);
  EXPECT_FALSE(utm.same_as(Crs::from_epsg(4526)));
}

TEST(Crs, FromUserErrorNamesTheText) {
  const std::string e = error_of([] { Crs::from_user("not a crs"); });
  EXPECT_EQ(e.rfind("not a crs: unknown CRS", 0), 0u) << e;
  const std::string e2 = error_of([] { Crs::from_user("EPSG:999999"); });
  EXPECT_EQ(e2.rfind("EPSG:999999: unknown CRS", 0), 0u) << e2;
  const std::string e3 = error_of([] { Crs::from_user(""); });
  EXPECT_NE(e3.find("empty CRS"), std::string::npos) << e3;
  const std::string e4 = error_of([] { Crs::from_user("GEOGCS[\"broken\""); });
  EXPECT_EQ(e4.rfind("GEOGCS[\"broken\": unknown CRS", 0), 0u) << e4;
}

TEST(Crs, ArcGisPrjResolvesToItsEpsgCode) {
  // ArcGIS names: "CGCS2000_3_Degree_GK_Zone_38" (prefixed) and "..._CM_114E" (unprefixed).
  const Crs z38 = from_wkt_srs(esri_gk_prj("CGCS2000_3_Degree_GK_Zone_38", 38500000, 114));
  EXPECT_EQ(z38.epsg(), 4526);
  EXPECT_EQ(z38.label(), "EPSG:4526");
  EXPECT_EQ(z38.origin(), Origin::Declared);
  EXPECT_EQ(z38.srs()->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
  EXPECT_EQ(from_wkt_srs(esri_gk_prj("CGCS2000_3_Degree_GK_CM_114E", 500000, 114)).epsg(), 4547);
  EXPECT_EQ(from_wkt_srs(esri_gk_prj("CGCS2000_GK_Zone_21", 21500000, 123)).epsg(), 4499);
  EXPECT_EQ(from_wkt_srs(esri_gk_prj("CGCS2000_GK_CM_123E", 500000, 123)).epsg(), 4510);
  // Renamed by hand (PROJ's confidence is only 70): recognised from the parameters.
  EXPECT_EQ(from_wkt_srs(esri_gk_prj("My_Project_Zone", 38500000, 114,
                                     "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]",
                                     "Transverse_Mercator"))
                .epsg(),
            4526);
  // Krassowsky (Beijing 1954) with the same parameters: not CGCS2000.
  EXPECT_EQ(from_wkt_srs(esri_gk_prj("Beijing_1954_like", 38500000, 114,
                                     "SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]"))
                .epsg(),
            std::nullopt);
  // A false easting that fits no zone (prefix 38 with CM 117).
  EXPECT_EQ(from_wkt_srs(esri_gk_prj("Odd", 38500000, 117)).epsg(), std::nullopt);
}

TEST(Crs, GdalWrittenPrjResolvesToItsEpsgCode) {
  // What GDAL writes into a .prj (ESRI morph) for every CGCS2000 GK zone must come back.
  for (int code = 4491; code <= 4554; ++code) {
    OGRSpatialReference srs;
    ASSERT_EQ(srs.importFromEPSG(code), OGRERR_NONE);
    ASSERT_EQ(srs.morphToESRI(), OGRERR_NONE);
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    const std::string prj = wkt;
    CPLFree(wkt);
    const Crs c = from_wkt_srs(prj);
    // 6° and 3° unprefixed CRSs with the same central meridian have identical definitions;
    // the name decides between them.
    EXPECT_EQ(c.epsg(), code) << prj;
  }
}

TEST(Crs, FromSrsTakesACopyWithTraditionalOrder) {
  OGRSpatialReference srs;
  ASSERT_EQ(srs.importFromEPSG(4526), OGRERR_NONE);
  srs.SetAxisMappingStrategy(OAMS_AUTHORITY_COMPLIANT);
  const Crs c = Crs::from_srs(srs);
  EXPECT_EQ(c.epsg(), 4526);
  EXPECT_EQ(c.srs()->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
  EXPECT_NE(c.srs(), &srs);
  srs.Clear();  // the Crs does not share the caller's object
  EXPECT_EQ(c.name(), "CGCS2000 / 3-degree Gauss-Kruger zone 38");
}

TEST(Crs, SameAs) {
  const Crs a = Crs::from_epsg(4526);
  EXPECT_TRUE(a.same_as(a));
  EXPECT_TRUE(a.same_as(Crs::from_user("EPSG:4526")));
  EXPECT_TRUE(a.same_as(from_wkt_srs(esri_gk_prj("CGCS2000_3_Degree_GK_Zone_38", 38500000, 114))));
  EXPECT_FALSE(a.same_as(Crs::from_epsg(4527)));
  EXPECT_FALSE(a.same_as(Crs::from_epsg(4547)));
  EXPECT_FALSE(Crs::from_epsg(4490).same_as(Crs::from_epsg(4326)));
}

TEST(Crs, WithOriginKeepsTheDefinition) {
  const Crs a = Crs::from_epsg(4526, Origin::Declared);
  const Crs b = a.with_origin(Origin::Detected);
  EXPECT_EQ(b.origin(), Origin::Detected);
  EXPECT_EQ(a.origin(), Origin::Declared);
  EXPECT_EQ(b.epsg(), 4526);
  EXPECT_EQ(b.srs(), a.srs());  // shared, cheap to copy
  EXPECT_TRUE(a.same_as(b));
  EXPECT_STREQ(to_string(Origin::Declared), "declared");
  EXPECT_STREQ(to_string(Origin::Detected), "detected");
  EXPECT_STREQ(to_string(Origin::Assigned), "assigned");
}

TEST(Crs, WktRoundTrips) {
  for (int code : {4490, 4499, 4526, 4547}) {
    const Crs c = Crs::from_epsg(code);
    const std::string wkt = c.wkt();
    EXPECT_NE(wkt.find("ID[\"EPSG\"," + std::to_string(code) + "]"), std::string::npos) << wkt;
    EXPECT_EQ(Crs::from_user(wkt).epsg(), code);
  }
}

TEST(Crs, ShapefilePrjWithoutCodeUsesItsName) {
  TUDI_REQUIRE_SHARED_DATA();
  const auto prj = test::kSharedData / "encodings" / "chinese_poly.prj";
  const Crs c = Crs::from_user(prj.string());  // a .prj path is accepted too
  EXPECT_TRUE(c.is_geographic());
  EXPECT_EQ(c.srs()->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
  // Its explicit Lon/Lat axes keep PROJ below 90 % confidence for EPSG:4326: no code.
  EXPECT_EQ(c.epsg(), std::nullopt);
  EXPECT_EQ(c.label(), "WGS 84");
}

// --- GK zones -----------------------------------------------------------------------------

TEST(GkZone, Table) {
  const auto z = gk_zone(4526);
  ASSERT_TRUE(z);
  EXPECT_EQ(z->epsg, 4526);
  EXPECT_EQ(z->width, 3);
  EXPECT_EQ(z->zone, 38);
  EXPECT_EQ(z->central_meridian, 114);
  EXPECT_TRUE(z->prefixed);

  const auto u = gk_zone(4547);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->width, 3);
  EXPECT_EQ(u->zone, 38);
  EXPECT_EQ(u->central_meridian, 114);
  EXPECT_FALSE(u->prefixed);

  const auto s = gk_zone(4499);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->width, 6);
  EXPECT_EQ(s->zone, 21);
  EXPECT_EQ(s->central_meridian, 123);
  EXPECT_TRUE(s->prefixed);

  const auto su = gk_zone(4510);
  ASSERT_TRUE(su);
  EXPECT_EQ(su->width, 6);
  EXPECT_EQ(su->zone, 21);
  EXPECT_EQ(su->central_meridian, 123);
  EXPECT_FALSE(su->prefixed);

  EXPECT_EQ(gk_zone(4491)->zone, 13);
  EXPECT_EQ(gk_zone(4491)->central_meridian, 75);
  EXPECT_EQ(gk_zone(4501)->zone, 23);
  EXPECT_EQ(gk_zone(4501)->central_meridian, 135);
  EXPECT_EQ(gk_zone(4502)->central_meridian, 75);
  EXPECT_EQ(gk_zone(4512)->central_meridian, 135);
  EXPECT_EQ(gk_zone(4513)->zone, 25);
  EXPECT_EQ(gk_zone(4513)->central_meridian, 75);
  EXPECT_EQ(gk_zone(4533)->zone, 45);
  EXPECT_EQ(gk_zone(4533)->central_meridian, 135);
  EXPECT_EQ(gk_zone(4534)->central_meridian, 75);
  EXPECT_EQ(gk_zone(4554)->central_meridian, 135);
  EXPECT_EQ(gk_zone(4490), std::nullopt);
  EXPECT_EQ(gk_zone(4555), std::nullopt);
  EXPECT_EQ(gk_zone(32650), std::nullopt);
}

TEST(GkZone, TableAgreesWithTheEpsgDatabase) {
  // Independent check of the formulas: the definitions PROJ holds for each code.
  for (int code = 4491; code <= 4554; ++code) {
    const auto z = gk_zone(code);
    ASSERT_TRUE(z) << code;
    OGRSpatialReference srs;
    ASSERT_EQ(srs.importFromEPSG(code), OGRERR_NONE);
    EXPECT_DOUBLE_EQ(srs.GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, -1), z->central_meridian) << code;
    const double fe = z->prefixed ? z->zone * 1e6 + 500000 : 500000;
    EXPECT_DOUBLE_EQ(srs.GetNormProjParm(SRS_PP_FALSE_EASTING, -1), fe) << code;
    EXPECT_DOUBLE_EQ(srs.GetNormProjParm(SRS_PP_SCALE_FACTOR, -1), 1.0) << code;
    const std::string name = srs.GetName();
    EXPECT_EQ(name.find("3-degree") != std::string::npos, z->width == 3) << name;
    EXPECT_EQ(z->width == 3 ? epsg_3deg(z->zone, z->prefixed) : epsg_6deg(z->zone, z->prefixed),
              code);
  }
}

TEST(GkZone, EpsgFormulas) {
  EXPECT_EQ(epsg_3deg(38, true), 4526);
  EXPECT_EQ(epsg_3deg(38, false), 4547);
  EXPECT_EQ(epsg_3deg(25, true), 4513);
  EXPECT_EQ(epsg_3deg(25, false), 4534);
  EXPECT_EQ(epsg_3deg(45, true), 4533);
  EXPECT_EQ(epsg_3deg(45, false), 4554);
  EXPECT_EQ(epsg_3deg(40, true), 4528);
  EXPECT_EQ(epsg_6deg(21, true), 4499);
  EXPECT_EQ(epsg_6deg(21, false), 4510);
  EXPECT_EQ(epsg_6deg(13, true), 4491);
  EXPECT_EQ(epsg_6deg(13, false), 4502);
  EXPECT_EQ(epsg_6deg(23, true), 4501);
  EXPECT_EQ(epsg_6deg(23, false), 4512);
  EXPECT_THROW(epsg_3deg(24, true), tudi::Error);
  EXPECT_THROW(epsg_3deg(46, false), tudi::Error);
  EXPECT_THROW(epsg_6deg(12, true), tudi::Error);
  EXPECT_THROW(epsg_6deg(24, false), tudi::Error);
}

TEST(GkZone, ZoneForLongitude) {
  EXPECT_EQ(epsg_3deg_for_longitude(113.9, true), 4526);
  EXPECT_EQ(epsg_3deg_for_longitude(113.9, false), 4547);
  EXPECT_EQ(epsg_3deg_for_longitude(116.4074, true), 4527);  // Beijing, CM 117
  EXPECT_EQ(epsg_3deg_for_longitude(120.1551, true), 4528);  // Hangzhou, CM 120
  EXPECT_EQ(epsg_3deg_for_longitude(120.1551, false), 4549);
  EXPECT_EQ(epsg_3deg_for_longitude(87.6168, true), 4517);   // Urumqi, CM 87
  EXPECT_EQ(epsg_3deg_for_longitude(114.4999, true), 4526);  // just inside zone 38
  // Sanya: the reference table puts it in CM 108 (1.51° away), but CM 111 is nearer (1.49°).
  EXPECT_EQ(epsg_3deg_for_longitude(109.5119, true), 4525);
  EXPECT_EQ(epsg_3deg_for_longitude(134.9, false), 4554);
  EXPECT_THROW(epsg_3deg_for_longitude(10.0, true), tudi::Error);
  EXPECT_THROW(epsg_3deg_for_longitude(150.0, true), tudi::Error);
}

// --- detection ----------------------------------------------------------------------------

TEST(Detect, Prefixed3DegreeZone) {
  const Detection d = detect(env(38490904.625, 3907880.486, 38491004.625, 3907980.486));
  EXPECT_EQ(d.epsg, 4526);
  EXPECT_FALSE(d.swapped_xy);
  EXPECT_NE(d.reason.find("zone prefix 38"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("EPSG:4526"), std::string::npos) << d.reason;

  const Detection harbin = detect(env(42541000, 5074000, 42542000, 5075000));
  EXPECT_EQ(harbin.epsg, 4530);
  const Detection sanya = detect(env(36659000, 2019000, 36660000, 2020000));
  EXPECT_EQ(sanya.epsg, 4524);
}

TEST(Detect, Prefixed6DegreeZone) {
  const Detection d = detect(env(21226207.9, 3353927.2, 21227207.9, 3354927.2));
  EXPECT_EQ(d.epsg, 4499);
  EXPECT_FALSE(d.swapped_xy);
  EXPECT_NE(d.reason.find("6-degree"), std::string::npos) << d.reason;
  EXPECT_EQ(detect(env(16221089, 3284785, 16222089, 3285785)).epsg, 4494);
}

TEST(Detect, SwappedAxes) {
  // Surveyors' X (northing) read as x, Y (easting with prefix) as y.
  const Detection d = detect(env(3907880.486, 38490904.625, 3907980.486, 38491004.625));
  EXPECT_EQ(d.epsg, 4526);
  EXPECT_TRUE(d.swapped_xy);
  EXPECT_NE(d.reason.find("swapped"), std::string::npos) << d.reason;
  const Detection six = detect(env(3353927.2, 21226207.9, 3354927.2, 21227207.9));
  EXPECT_EQ(six.epsg, 4499);
  EXPECT_TRUE(six.swapped_xy);
}

TEST(Detect, TruncatedEastingsAreRefused) {
  const char* reason =
      "eastings have no zone prefix: the zone must come from the .prj, a 带号 header or a given "
      "CRS "
      "(crs = \"EPSG:…\" on the layer in tudi.toml; tudi convert: --src-crs)";
  const Detection d = detect(env(490904.625, 3907880.486, 491004.625, 3907980.486));
  EXPECT_EQ(d.epsg, std::nullopt);
  EXPECT_FALSE(d.swapped_xy);
  EXPECT_EQ(d.reason, reason);
  const Detection s = detect(env(3907880.486, 490904.625, 3907980.486, 491004.625));
  EXPECT_EQ(s.epsg, std::nullopt);
  EXPECT_TRUE(s.swapped_xy);
  EXPECT_EQ(s.reason, reason);
}

TEST(Detect, LongitudeLatitude) {
  const Detection d = detect(env(113.9, 35.3, 114.2, 35.6));
  EXPECT_EQ(d.epsg, 4490);
  EXPECT_FALSE(d.swapped_xy);
  // Heilongjiang (chinese_poly.shp's extent, roughly).
  EXPECT_EQ(detect(env(121.18, 43.42, 135.09, 53.56)).epsg, 4490);
  const Detection s = detect(env(35.3, 113.9, 35.6, 114.2));
  EXPECT_EQ(s.epsg, 4490);
  EXPECT_TRUE(s.swapped_xy);
}

TEST(Detect, NonsenseIsRefused) {
  const std::string no_fit = "coordinates fit no Chinese CRS";
  for (const auto& e : {env(1234, 5678, 2345, 6789),                   // small local grid
                        env(2.29, 48.85, 2.41, 48.90),                 // Paris lon/lat
                        env(-74.1, 40.6, -73.9, 40.9),                 // New York lon/lat
                        env(652000, 6862000, 653000, 6863000),         // Lambert-93 metres
                        env(-1e9, -1e9, 1e9, 1e9),                     // anything
                        env(38490904, 9e6, 38491004, 9.1e6),           // prefix but no northing
                        env(38950000, 3907880, 38960000, 3907980)}) {  // easting past the zone
    const Detection d = detect(e);
    EXPECT_EQ(d.epsg, std::nullopt) << e.minx << " " << e.miny;
    EXPECT_EQ(d.reason.rfind(no_fit, 0), 0u) << d.reason;
  }
  // Prefix 24 and 12 are no CGCS2000 zones.
  const Detection z24 = detect(env(24500000, 3907880, 24501000, 3907980));
  EXPECT_EQ(z24.epsg, std::nullopt);
  EXPECT_NE(z24.reason.find("24"), std::string::npos) << z24.reason;
  EXPECT_EQ(detect(env(12500000, 3907880, 12501000, 3907980)).epsg, std::nullopt);
  // Empty extent.
  const Detection none = detect(Envelope{});
  EXPECT_EQ(none.epsg, std::nullopt);
  EXPECT_FALSE(none.reason.empty());
}

TEST(Detect, TwoZonesAreRefused) {
  const Detection d = detect(env(38600000, 3907880, 39400000, 3908980));
  EXPECT_EQ(d.epsg, std::nullopt);
  EXPECT_NE(d.reason.find("38"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("39"), std::string::npos) << d.reason;
  const Detection s = detect(env(3907880, 38600000, 3908980, 39400000));
  EXPECT_EQ(s.epsg, std::nullopt);
  EXPECT_NE(s.reason.find("38 and 39"), std::string::npos) << s.reason;
}

}  // namespace
}  // namespace tudi::crs
