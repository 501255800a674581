// Reprojection: axis order, reference GK coordinates, geometry structure, failures.

#include "tudi/crs/transform.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "test_config.hpp"
#include "tudi/core/error.hpp"

namespace tudi::crs {
namespace {

constexpr double kMm = 1e-3;
constexpr double kMetresPerDegree = 111320.0;  // equator; an upper bound for latitude errors

struct Reference {
  std::string name;
  double lat = 0, lon = 0;
  int epsg = 0;
  double cm = 0, easting = 0, northing = 0;
};

std::vector<Reference> read_reference() {
  const auto path = test::kSharedData / "crs" / "cgcs2000_gk_expected.csv";
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<Reference> rows;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("name,lat,lon,epsg,cm,geographiclib_E,geographiclib_N", 0), 0u) << line;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    EXPECT_GE(f.size(), 7u) << line;
    if (f.size() < 7) continue;
    rows.push_back({f[0], std::stod(f[1]), std::stod(f[2]), std::stoi(f[3]), std::stod(f[4]),
                    std::stod(f[5]), std::stod(f[6])});
  }
  return rows;
}

std::vector<std::pair<double, double>> shell_of(const geom::Geometry& g, int want_part = 0,
                                                int want_ring = 0) {
  std::vector<std::pair<double, double>> out;
  geom::for_each_ring(g, [&](int part, int ring, std::span<const double> xy) {
    if (part != want_part || ring != want_ring) return;
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2) out.emplace_back(xy[i], xy[i + 1]);
  });
  return out;
}

TEST(Transformer, AxisOrderIsEastingNorthing) {
  // DOMAIN §2: (35.3°N, 113.9°E) in EPSG:4547 is easting 490904.625, northing 3907880.486.
  const Transformer t(Crs::from_epsg(4490), Crs::from_epsg(4547));
  EXPECT_FALSE(t.is_identity());
  double x = 113.9, y = 35.3;
  ASSERT_TRUE(t.transform(1, &x, &y));
  EXPECT_NEAR(x, 490904.625, kMm);
  EXPECT_NEAR(y, 3907880.486, kMm);

  OGRPoint p(113.9, 35.3);
  t.transform(p);
  EXPECT_NEAR(p.getX(), 490904.625, kMm);
  EXPECT_NEAR(p.getY(), 3907880.486, kMm);

  const geom::Geometry g = t.transform(geom::from_wkt("POINT (113.9 35.3)"));
  const Envelope e = geom::envelope(g);
  EXPECT_NEAR(e.minx, 490904.625, kMm);
  EXPECT_NEAR(e.miny, 3907880.486, kMm);

  // The prefixed zone adds 38 000 000 to the easting and nothing else.
  const Transformer prefixed(Crs::from_epsg(4490), Crs::from_epsg(4526));
  x = 113.9;
  y = 35.3;
  ASSERT_TRUE(prefixed.transform(1, &x, &y));
  EXPECT_NEAR(x, 38490904.625, kMm);
  EXPECT_NEAR(y, 3907880.486, kMm);
}

TEST(Transformer, ReferencePointsForward) {
  TUDI_REQUIRE_SHARED_DATA();
  const auto rows = read_reference();
  ASSERT_EQ(rows.size(), 9u);
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    const auto zone = gk_zone(r.epsg);
    ASSERT_TRUE(zone);
    EXPECT_EQ(zone->central_meridian, r.cm);
    const Transformer t(Crs::from_epsg(kCgcs2000Geographic), Crs::from_epsg(r.epsg));
    double x = r.lon, y = r.lat;
    ASSERT_TRUE(t.transform(1, &x, &y));
    EXPECT_NEAR(x, r.easting, kMm);
    EXPECT_NEAR(y, r.northing, kMm);

    // The same through a geometry.
    const geom::Geometry g = t.transform(
        geom::from_wkt("POINT (" + std::to_string(r.lon) + " " + std::to_string(r.lat) + ")"));
    EXPECT_NEAR(geom::envelope(g).minx, r.easting, kMm);
    EXPECT_NEAR(geom::envelope(g).miny, r.northing, kMm);
  }
}

TEST(Transformer, ReferencePointsInverse) {
  TUDI_REQUIRE_SHARED_DATA();
  for (const auto& r : read_reference()) {
    SCOPED_TRACE(r.name);
    const Transformer t(Crs::from_epsg(r.epsg), Crs::from_epsg(kCgcs2000Geographic));
    double x = r.easting, y = r.northing;
    ASSERT_TRUE(t.transform(1, &x, &y));
    // x is longitude, y latitude (traditional order); errors in metres on the ground.
    const double dn = (y - r.lat) * kMetresPerDegree;
    const double de = (x - r.lon) * kMetresPerDegree * std::cos(r.lat * M_PI / 180);
    EXPECT_LT(std::fabs(dn), kMm) << y;
    EXPECT_LT(std::fabs(de), kMm) << x;
  }
}

TEST(Transformer, IdentityWhenSame) {
  const Transformer t(Crs::from_epsg(4526), Crs::from_user("EPSG:4526"));
  EXPECT_TRUE(t.is_identity());
  double x = 38490904.625, y = 3907880.486;
  EXPECT_TRUE(t.transform(1, &x, &y));
  EXPECT_EQ(x, 38490904.625);
  EXPECT_EQ(y, 3907880.486);
  const geom::Geometry g = geom::from_wkt("POLYGON ((0 0, 10 0, 10 10, 0 0))");
  const geom::Geometry same = t.transform(g);
  EXPECT_EQ(geom::to_wkt(same), geom::to_wkt(g));
  EXPECT_FALSE(Transformer(Crs::from_epsg(4526), Crs::from_epsg(4547)).is_identity());
}

TEST(Transformer, GeometryKeepsStructureAndZ) {
  const Transformer to_gk(Crs::from_epsg(4490), Crs::from_epsg(4526));
  const geom::Geometry poly = geom::from_wkt(
      "MULTIPOLYGON (((113.9 35.3, 114.0 35.3, 114.0 35.4, 113.9 35.4, 113.9 35.3),"
      "(113.92 35.32, 113.92 35.34, 113.94 35.34, 113.94 35.32, 113.92 35.32)),"
      "((114.1 35.3, 114.2 35.3, 114.2 35.4, 114.1 35.3)))");
  const geom::Geometry out = to_gk.transform(poly);
  EXPECT_EQ(geom::type_id(out), GEOS_MULTIPOLYGON);
  EXPECT_EQ(geom::num_parts(out), 2);
  EXPECT_EQ(geom::num_points(out), geom::num_points(poly));
  const auto shell = shell_of(out);
  ASSERT_EQ(shell.size(), 5u);
  EXPECT_NEAR(shell[0].first, 38490904.625, kMm);
  EXPECT_NEAR(shell[0].second, 3907880.486, kMm);
  EXPECT_EQ(shell.front(), shell.back());  // still closed
  EXPECT_EQ(shell_of(out, 0, 1).size(), 5u);
  EXPECT_EQ(shell_of(out, 1, 0).size(), 4u);
  EXPECT_EQ(geom::invalid_reason(out), "");
  // The envelope is that of the new coordinates (no stale cache from the input).
  EXPECT_GT(geom::envelope(out).minx, 38e6);

  // Back again: within a micrometre of where it started.
  const Transformer back(Crs::from_epsg(4526), Crs::from_epsg(4490));
  const auto again = shell_of(back.transform(out));
  const auto orig = shell_of(poly);
  ASSERT_EQ(again.size(), orig.size());
  for (std::size_t i = 0; i < orig.size(); ++i) {
    EXPECT_NEAR(again[i].first, orig[i].first, 1e-11);
    EXPECT_NEAR(again[i].second, orig[i].second, 1e-11);
  }

  // 3D input is accepted (Z is copied through); lines and collections work too.
  const geom::Geometry pz = to_gk.transform(geom::from_wkt("POINT Z (113.9 35.3 123.5)"));
  EXPECT_NEAR(geom::envelope(pz).minx, 38490904.625, kMm);
  EXPECT_NEAR(geom::envelope(pz).miny, 3907880.486, kMm);
  const geom::Geometry gc = to_gk.transform(
      geom::from_wkt("GEOMETRYCOLLECTION (LINESTRING (113.9 35.3, 114 35.4), POINT (113.9 35.3), "
                     "POLYGON EMPTY)"));
  EXPECT_EQ(geom::num_parts(gc), 3);
  EXPECT_NEAR(geom::envelope(gc).minx, 38490904.625, kMm);
}

TEST(Transformer, FailuresThrow) {
  const Transformer t(Crs::from_epsg(4490), Crs::from_epsg(4526));
  double x[2] = {113.9, 113.9}, y[2] = {35.3, 100.0};  // latitude 100° does not exist
  EXPECT_FALSE(t.transform(2, x, y));
  EXPECT_NEAR(x[0], 38490904.625, kMm);  // the good point is still transformed

  OGRPoint bad(113.9, 100.0);
  try {
    t.transform(bad);
    FAIL() << "no error";
  } catch (const tudi::Error& e) {
    EXPECT_EQ(e.where(), "EPSG:4490 -> EPSG:4526");
  }

  try {
    (void)t.transform(geom::from_wkt("LINESTRING (113.9 35.3, 113.9 100)"));
    FAIL() << "no error";
  } catch (const tudi::Error& e) {
    EXPECT_EQ(e.where(), "EPSG:4490 -> EPSG:4526");
    EXPECT_NE(std::string(e.what()).find("(113.900 100.000)"), std::string::npos) << e.what();
  }

  EXPECT_THROW(Transformer(Crs{}, Crs::from_epsg(4490)), tudi::Error);
  EXPECT_THROW(Transformer(Crs::from_epsg(4490), Crs{}), tudi::Error);
}

TEST(Transformer, Movable) {
  Transformer a(Crs::from_epsg(4490), Crs::from_epsg(4547));
  Transformer b = std::move(a);
  double x = 113.9, y = 35.3;
  ASSERT_TRUE(b.transform(1, &x, &y));
  EXPECT_NEAR(x, 490904.625, kMm);
  Transformer c(Crs::from_epsg(4526), Crs::from_epsg(4526));
  c = std::move(b);
  EXPECT_FALSE(c.is_identity());
}

}  // namespace
}  // namespace tudi::crs
