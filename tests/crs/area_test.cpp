// Ellipsoidal (official) area against independent expectations.

#include "tudi/crs/area.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/crs/transform.hpp"

namespace tudi::crs {
namespace {

constexpr double kA = 6378137.0;
constexpr double kF = 1.0 / 298.257222101;
constexpr double kE2 = kF * (2 - kF);
constexpr double kDeg = M_PI / 180;

/// ρ·ν (meridional × prime-vertical radius of curvature) at a latitude, GRS80.
double rho_nu(double lat_deg) {
  const double s = std::sin(lat_deg * kDeg);
  const double w = 1 - kE2 * s * s;
  const double nu = kA / std::sqrt(w);
  const double rho = kA * (1 - kE2) / (w * std::sqrt(w));
  return rho * nu;
}

/// The ellipsoidal area of a grid-aligned rectangle in a GK zone (k0 = 1), from the grid
/// scale factor alone: k(u) = 1 + u²/(2ρν) + u⁴/(24ρ²ν²) with u the distance from the central
/// meridian, and ellipsoidal area = ∫∫ dA / k². Independent of PROJ and of geodesic.h.
double expected_gk_area(double u0, double u1, double height, double lat_deg) {
  const double r2 = rho_nu(lat_deg);
  const auto inv_k2 = [&](double u) {
    const double q = u * u / r2;
    const double k = 1 + q / 2 + q * q / 24;
    return 1 / (k * k);
  };
  const int n = 200;  // Simpson
  const double h = (u1 - u0) / n;
  double sum = inv_k2(u0) + inv_k2(u1);
  for (int i = 1; i < n; ++i) sum += (i % 2 ? 4 : 2) * inv_k2(u0 + i * h);
  return sum * h / 3 * height;
}

geom::Geometry rectangle(double x0, double y0, double x1, double y1) {
  return geom::polygon({{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}});
}

// Footpoint latitude of northing 3907880 m (35.3° N on the central meridian, DOMAIN §2).
constexpr double kLat = 35.3;
constexpr double kNorth = 3907880.0;

TEST(EllipsoidalArea, OneHectareOnTheCentralMeridian) {
  const EllipsoidalArea ell(Crs::from_epsg(4526));  // zone 38, CM 114°E
  const geom::Geometry sq = rectangle(38500000, kNorth, 38500100, kNorth + 100);
  const units::Area a = area(sq, ell);
  EXPECT_DOUBLE_EQ(a.planar_m2, 10000.0);
  const double expected = expected_gk_area(0, 100, 100, kLat);
  EXPECT_NEAR(expected, 10000.0, 1e-5);  // the scale is 1 on the central meridian
  EXPECT_NEAR(a.ellipsoidal_m2, expected, 0.001);
  EXPECT_LE(a.ellipsoidal_m2, a.planar_m2);
  EXPECT_NEAR(a.ellipsoidal_ha(), 1.0, 1e-6);
  EXPECT_NEAR(a.ellipsoidal_mu(), 15.0, 1e-5);

  // The same parcel without the zone prefix (EPSG:4547) has the same area.
  const EllipsoidalArea unprefixed(Crs::from_epsg(4547));
  EXPECT_NEAR(unprefixed(rectangle(500000, kNorth, 500100, kNorth + 100)), a.ellipsoidal_m2, 1e-6);
}

TEST(EllipsoidalArea, OneHectareFarFromTheCentralMeridian) {
  // 136 km east of CM 114°E at 35.3°N is about 115.5°E: the edge of the 3° zone.
  const EllipsoidalArea ell(Crs::from_epsg(4526));
  const double u0 = 136000;
  const geom::Geometry sq = rectangle(38500000 + u0, kNorth, 38500000 + u0 + 100, kNorth + 100);
  const units::Area a = area(sq, ell);
  EXPECT_NEAR(a.planar_m2, 10000.0, 1e-6);
  const double expected = expected_gk_area(u0, u0 + 100, 100, kLat);
  EXPECT_NEAR(expected, 9995.45, 0.01);  // k ≈ 1.000228, 1/k² ≈ 0.999545
  EXPECT_NEAR(a.ellipsoidal_m2, expected, 0.001);
  EXPECT_LT(a.ellipsoidal_m2, a.planar_m2 - 4.0);  // noticeably smaller

  // West of the CM the same.
  const geom::Geometry west = rectangle(38500000 - u0 - 100, kNorth, 38500000 - u0, kNorth + 100);
  EXPECT_NEAR(ell(west), expected, 0.001);
}

TEST(EllipsoidalArea, GeographicInputUsesTheCoordinatesDirectly) {
  // The projected hectare's corners in CGCS2000 lon/lat: same vertices, same geodesics.
  const Crs gk = Crs::from_epsg(4526);
  const geom::Geometry sq = rectangle(38636000, kNorth, 38636100, kNorth + 100);
  const geom::Geometry ll = Transformer(gk, Crs::from_epsg(4490)).transform(sq);
  const double a_gk = EllipsoidalArea(gk)(sq);
  const double a_ll = EllipsoidalArea(Crs::from_epsg(4490))(ll);
  EXPECT_NEAR(a_ll, a_gk, 1e-6);
}

TEST(EllipsoidalArea, HolesMultiPolygonsAndOrientation) {
  const EllipsoidalArea ell(Crs::from_epsg(4526));
  const double x0 = 38500000, y0 = kNorth;
  const double full = ell(rectangle(x0, y0, x0 + 100, y0 + 100));
  const double hole_only = ell(rectangle(x0 + 25, y0 + 25, x0 + 75, y0 + 75));
  EXPECT_NEAR(hole_only, 2500.0, 0.01);

  const geom::Geometry with_hole =
      geom::polygon({{{x0, y0}, {x0 + 100, y0}, {x0 + 100, y0 + 100}, {x0, y0 + 100}, {x0, y0}},
                     {{x0 + 25, y0 + 25},
                      {x0 + 25, y0 + 75},
                      {x0 + 75, y0 + 75},
                      {x0 + 75, y0 + 25},
                      {x0 + 25, y0 + 25}}});
  EXPECT_NEAR(ell(with_hole), full - hole_only, 1e-6);
  EXPECT_NEAR(ell(with_hole), 7500.0, 0.01);

  // Clockwise shell: same area.
  const geom::Geometry cw =
      geom::polygon({{{x0, y0}, {x0, y0 + 100}, {x0 + 100, y0 + 100}, {x0 + 100, y0}, {x0, y0}}});
  EXPECT_NEAR(ell(cw), full, 1e-6);

  std::vector<geom::Geometry> parts;
  parts.push_back(rectangle(x0, y0, x0 + 100, y0 + 100));
  parts.push_back(rectangle(x0 + 1000, y0, x0 + 1050, y0 + 100));
  const geom::Geometry multi = geom::collect(std::move(parts));
  EXPECT_EQ(geom::type_id(multi), GEOS_MULTIPOLYGON);
  EXPECT_NEAR(ell(multi), full + ell(rectangle(x0 + 1000, y0, x0 + 1050, y0 + 100)), 1e-6);
  EXPECT_NEAR(ell(multi), 15000.0, 0.01);

  // Lines, points and empty geometries have no area.
  EXPECT_EQ(ell(geom::from_wkt("LINESTRING (38500000 3907880, 38500100 3907980)")), 0.0);
  EXPECT_EQ(ell(geom::empty_polygon()), 0.0);
}

TEST(EllipsoidalArea, NeedsACrs) {
  EXPECT_THROW(EllipsoidalArea{Crs{}}, tudi::Error);
}

geom::Geometry read_chinese_poly(Crs* crs) {
  GDALAllRegister();
  const auto path = test::kSharedData / "encodings" / "chinese_poly.shp";
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  EXPECT_TRUE(ds) << path;
  if (!ds) return nullptr;
  OGRLayer* layer = ds->GetLayer(0);
  EXPECT_EQ(layer->GetFeatureCount(), 1);
  if (crs && layer->GetSpatialRef()) *crs = Crs::from_srs(*layer->GetSpatialRef());
  OGRFeatureUniquePtr f(layer->GetNextFeature());
  EXPECT_TRUE(f && f->GetGeometryRef());
  if (!f || !f->GetGeometryRef()) return nullptr;
  const OGRGeometry* g = f->GetGeometryRef();
  std::vector<std::uint8_t> wkb(g->WkbSize());
  g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  return geom::from_wkb(wkb);
}

TEST(EllipsoidalArea, HeilongjiangOutline) {
  TUDI_REQUIRE_SHARED_DATA();
  Crs declared;
  const geom::Geometry g = read_chinese_poly(&declared);
  ASSERT_TRUE(g);
  EXPECT_EQ(geom::num_points(g), 77);
  // GeographicLib Planimeter on GRS80 (shared/data/README.md): 448,651,316,998 m².
  constexpr double kExpected = 448651316998.0;
  // WGS84 lon/lat taken as CGCS2000 (they differ by centimetres).
  const double a = EllipsoidalArea(Crs::from_epsg(kCgcs2000Geographic))(g);
  EXPECT_NEAR(a, kExpected, kExpected * 1e-6);
  // The file's own CRS (WGS 84, geographic) uses the coordinates the same way.
  ASSERT_FALSE(declared.empty());
  EXPECT_TRUE(declared.is_geographic());
  EXPECT_DOUBLE_EQ(EllipsoidalArea(declared)(g), a);

  // Projected to GK and taken back by the inverse projection: the same vertices, the same area.
  const Crs gk = Crs::from_epsg(4530);  // zone 42, CM 126°E
  const geom::Geometry projected =
      Transformer(Crs::from_epsg(kCgcs2000Geographic), gk).transform(g);
  EXPECT_NEAR(EllipsoidalArea(gk)(projected), a, a * 1e-9);
  // Over 9° from the CM the GK plane inflates the province by 0.4 %.
  const double planar = geom::area(projected);
  EXPECT_GT(planar, a * 1.001);
  EXPECT_LT(planar, a * 1.01);
}

}  // namespace
}  // namespace tudi::crs

namespace tudi::crs {

TEST(EllipsoidalArea, ScaleFactorMethodAgreesWithTheGeodesicReference) {
  // Irregular off-grid polygons (16-gons with a hole) from 50 m to 8 km across, on and up to
  // 150 km off the central meridian, from 20° N to 50° N, in a prefixed 3° zone (EPSG:4526)
  // and unprefixed ones (EPSG:4547, 3° CM 114° E; EPSG:4502, 6° CM 105° E; FE 500 km).
  for (const int epsg : {4526, 4547, 4502}) {
    const Crs crs = Crs::from_epsg(epsg);
    const EllipsoidalArea fast(crs, EllipsoidalArea::Method::ScaleFactor);
    ASSERT_TRUE(fast.uses_scale_factor()) << epsg;
    const double fe = epsg == 4526 ? 38500000 : 500000;
    int compared = 0;
    for (const double offset : {0.0, 3e4, -8e4, 1.5e5})
      for (const double north : {2.2e6, 3.9e6, 5.5e6})
        for (const double size : {50.0, 800.0, 8000.0}) {
          std::vector<std::pair<double, double>> shell, hole;
          for (int i = 0; i <= 16; ++i) {
            const double t = 2 * M_PI * (i % 16) / 16;
            const double r = size / 2 * (0.7 + 0.3 * std::sin(3 * t + 0.4));
            shell.emplace_back(fe + offset + r * std::cos(t) + 0.123456789,
                               north + r * std::sin(t) + 0.987654321);
            hole.emplace_back(fe + offset + 0.1 * size * std::cos(-t) + 0.5,
                              north + 0.1 * size * std::sin(-t) + 0.25);
          }
          const geom::Geometry g = geom::polygon({shell, hole});
          const double reference = fast.geodesic(g), a = fast(g);
          EXPECT_NEAR(a, reference, reference * 1e-6)
              << "EPSG:" << epsg << " offset " << offset << " northing " << north << " size "
              << size;
          // Not the planar area either: the correction is what is being tested.
          if (offset != 0) {
            EXPECT_GT(std::fabs(geom::area(g) - reference), reference * 1e-6);
          }
          ++compared;
        }
    EXPECT_EQ(compared, 36);
  }
  // Geographic CRSs and the default method keep the geodesic computation.
  EXPECT_FALSE(EllipsoidalArea(Crs::from_epsg(4526)).uses_scale_factor());
  EXPECT_FALSE(EllipsoidalArea(Crs::from_epsg(kCgcs2000Geographic),
                               EllipsoidalArea::Method::ScaleFactor)
                   .uses_scale_factor());
}

}  // namespace tudi::crs
