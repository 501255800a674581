// Expansion candidates never overlap farmland, red line, built land or existing zones, and never
// leave the urban development boundary: checked by area, to 0.01 m², on boundaries that are
// deliberately off any grid.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "scene.hpp"
#include "tudi/core/error.hpp"
#include "tudi/geom/overlay.hpp"

namespace tudi::zones {
namespace {

/// WKT of a polygon given in metres from (kX0, kY0).
std::string ring(const std::vector<std::pair<double, double>>& pts) {
  std::string out = "POLYGON((";
  for (std::size_t i = 0; i <= pts.size(); ++i) {
    const auto& [x, y] = pts[i % pts.size()];
    out += fmt::format("{}{:.7f} {:.7f}", i ? ", " : "", test::kX0 + x, test::kY0 + y);
  }
  return out + "))";
}

class Candidates : public Scene {
 protected:
  Candidates() {
    // The urban boundary cuts diagonally through the land east of zone A.
    add(urban, ring({{-1000, -1000}, {1250.1234567, -1000}, {1150.7654321, 2000}, {-1000, 2000}}),
        {{"id", "U1"}});
    add(farmland,
        ring({{1020.3333333, 50.1111111}, {1180.9876543, 80.4444444}, {1100.5, 333.3333333}}),
        {{"id", "F1"}});
    add(farmland, ring({{-250.7777777, 200.2}, {-20.1, 250.3}, {-30.3, 480.9}, {-280.55, 400.1}}),
        {{"id", "F2"}});
    add(redline, ring({{300.1, 1010.2}, {500.3, 1030.4}, {450.5, 1250.6}, {280.7, 1200.8}}),
        {{"id", "R1"}});
    add(landuse, box(1000, 600, 120, 80), {{"id", "T1"}, {"land_class", "0601"}});
    add(landuse, box(1000, 700, 120, 80), {{"id", "T2"}, {"land_class", "0103"}});
    in.urban = &urban;
    in.farmland = &farmland;
    in.redline = &redline;
    in.landuse = &landuse;
    settings.candidate_min_m2 = 100;
  }
  Layer urban = test::make_layer("urban", {"id"});
  Layer farmland = test::make_layer("farmland", {"id"});
  Layer redline = test::make_layer("redline", {"id"});
  Layer landuse = test::make_layer("landuse", {"id", "land_class"});
};

double overlap(const geom::Geometry& a, const geom::Geometry& b) {
  return geom::area(geom::intersection(a, b));
}

TEST_F(Candidates, NeverOverlapForbiddenLand) {
  Options opt;
  opt.candidates = 300.0;
  const Result r = analyse(in, settings, opt);
  ASSERT_FALSE(r.candidates.empty());
  double total = 0;
  for (const Candidate& c : r.candidates) {
    SCOPED_TRACE(fmt::format("{} #{}", c.zone, c.rank));
    EXPECT_EQ(c.zone, "A");  // C lies outside the urban boundary
    for (const Feature& f : farmland.features) EXPECT_LT(overlap(c.geometry, f.geometry), 0.01);
    for (const Feature& f : redline.features) EXPECT_LT(overlap(c.geometry, f.geometry), 0.01);
    EXPECT_LT(geom::area(geom::difference(c.geometry, urban.features[0].geometry)), 0.01);
    for (const Feature& f : zones.features) EXPECT_LT(overlap(c.geometry, f.geometry), 0.01);
    // Built land: the built parcel P7 sticking out of A and the 0601 land-use polygon.
    EXPECT_LT(overlap(c.geometry, parcels.features[6].geometry), 0.01);
    EXPECT_LT(overlap(c.geometry, landuse.features[0].geometry), 0.01);
    EXPECT_GE(c.area.planar_m2, settings.candidate_min_m2);
    EXPECT_GT(c.compactness, 0);
    EXPECT_LE(c.compactness, 1);
    total += c.area.planar_m2;
  }
  // The cultivated (not built) 0103 polygon is candidate land.
  double t2 = 0;
  for (const Candidate& c : r.candidates) t2 += overlap(c.geometry, landuse.features[1].geometry);
  EXPECT_NEAR(t2, 120 * 80, 0.01);
  // Candidates lie within 300 m of A.
  const geom::Geometry reach = geom::buffer(zones.features[0].geometry, 300.001, 8);
  for (const Candidate& c : r.candidates) EXPECT_TRUE(geom::covers(reach, c.geometry));
  EXPECT_GT(total, 50 * kHa);
}

TEST_F(Candidates, RankedByAreaAndCompactness) {
  // A second, small and square candidate: cut the ring so it falls apart into pieces.
  add(redline, box(-300, 450, 300, 100), {{"id", "R2"}});
  add(redline, box(450, -300, 100, 300), {{"id", "R3"}});
  Options opt;
  opt.candidates = 300.0;
  const Result r = analyse(in, settings, opt);
  ASSERT_GE(r.candidates.size(), 2u);
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const Candidate& c = r.candidates[i];
    EXPECT_EQ(c.rank, static_cast<int>(i + 1));
    for (const Candidate& o : r.candidates) {
      if (o.area.ellipsoidal_m2 > c.area.ellipsoidal_m2) {
        EXPECT_LT(o.rank_area, c.rank_area);
      }
      if (o.compactness > c.compactness) {
        EXPECT_LT(o.rank_compactness, c.rank_compactness);
      }
    }
    if (i > 0) {
      const Candidate& p = r.candidates[i - 1];
      EXPECT_LE(p.rank_area + p.rank_compactness, c.rank_area + c.rank_compactness);
    }
  }
}

TEST_F(Candidates, NeedTheControlLines) {
  in.farmland = nullptr;
  Options opt;
  opt.candidates = 300.0;
  try {
    analyse(in, settings, opt);
    FAIL() << "expected a usage error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("farmland"), std::string::npos);
  }
}

}  // namespace
}  // namespace tudi::zones
