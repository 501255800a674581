// The GeoPackage's spatial index, built once at commit (io/gpkg_rtree): present, used by GDAL's
// spatial filter, kept right by its triggers when GDAL edits the file later, and correct for
// empty layers, NULL and empty geometries and points (whose blobs carry no envelope).

#include "tudi/io/gpkg_rtree.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "layer_fixtures.hpp"
#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;

namespace {

class GpkgRtreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = tudi::test::fresh_scratch_dir("tudi-gpkg-rtree-test-" + std::to_string(n++));
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// One integer from an SQL query on the file (plain SQLite, no GDAL functions).
  static long long scalar(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      v = sqlite3_column_int64(s, 0);
    else
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
  }

  /// The "id" field of the features GDAL's spatial filter on the rectangle gives.
  static std::set<std::string> filtered(const fs::path& file, double x0, double y0, double x1,
                                        double y1, bool* fast = nullptr) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
    EXPECT_TRUE(ds);
    std::set<std::string> out;
    if (!ds) return out;
    OGRLayer* l = ds->GetLayer(0);
    l->SetSpatialFilterRect(x0, y0, x1, y1);
    if (fast) *fast = l->TestCapability(OLCFastSpatialFilter) != 0;
    for (auto& f : *l) out.insert(f->GetFieldAsString("id"));
    return out;
  }

  /// A 10 × 10 grid of unit squares 10 m apart, id "r_c"; row 0 col 0 at the origin.
  static tudi::Layer grid() {
    tudi::Layer l = tudi::test::canonical_layer("parcels", {"id"}, 4545);
    for (int r = 0; r < 10; ++r)
      for (int c = 0; c < 10; ++c) {
        const double x = 500000.0 + c * 10, y = 3000000.0 + r * 10;
        tudi::test::add(l,
                        "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," +
                            std::to_string(x + 1) + " " + std::to_string(y) + "," +
                            std::to_string(x + 1) + " " + std::to_string(y + 1) + "," +
                            std::to_string(x) + " " + std::to_string(y) + "))",
                        {{"id", std::to_string(r) + "_" + std::to_string(c)}});
      }
    return l;
  }

  fs::path dir_;
};

TEST_F(GpkgRtreeTest, TheIndexIsThereAndGdalsSpatialFilterUsesIt) {
  const fs::path file = dir_ / "grid.gpkg";
  tudi::io::write_layer(grid(), file, {});
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_parcels_geom"), 100);
  EXPECT_EQ(scalar(file, "SELECT rtreecheck('rtree_parcels_geom') = 'ok'"), 1);
  EXPECT_EQ(scalar(file,
                   "SELECT count(*) FROM gpkg_extensions WHERE table_name = 'parcels' AND "
                   "column_name = 'geom' AND extension_name = 'gpkg_rtree_index'"),
            1);
  EXPECT_EQ(scalar(file,
                   "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                   "name LIKE 'rtree_parcels_geom_%'"),
            6);
  // The box of square 3_4 (fid = 3·10 + 4 + 1), to the rtree's float precision.
  EXPECT_EQ(scalar(file,
                   "SELECT id FROM rtree_parcels_geom WHERE minx <= 500040.5 AND "
                   "maxx >= 500040.5 AND miny <= 3000030.5 AND maxy >= 3000030.5"),
            35);
  bool fast = false;
  // Rows 2–3, columns 4–5: the filter's rectangle meets exactly those four squares.
  EXPECT_EQ(filtered(file, 500039.5, 3000019.5, 500051.5, 3000031.5, &fast),
            (std::set<std::string>{"2_4", "2_5", "3_4", "3_5"}));
  EXPECT_TRUE(fast);
}

TEST_F(GpkgRtreeTest, ItsTriggersKeepItRightWhenGdalEditsTheFile) {
  const fs::path file = dir_ / "grid.gpkg";
  tudi::io::write_layer(grid(), file, {});
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayer(0);
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    f->SetField("id", "new");
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(
        "POLYGON((600000 3100000,600001 3100000,600001 3100001,600000 3100000))", nullptr, &g);
    f->SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(f.get()), OGRERR_NONE);
    // Move square 0_0 far away, and delete square 9_9.
    OGRFeatureUniquePtr first(l->GetFeature(1));
    ASSERT_TRUE(first);
    OGRGeometryFactory::createFromWkt(
        "POLYGON((700000 3200000,700001 3200000,700001 3200001,700000 3200000))", nullptr, &g);
    first->SetGeometryDirectly(g);
    ASSERT_EQ(l->SetFeature(first.get()), OGRERR_NONE);
    ASSERT_EQ(l->DeleteFeature(100), OGRERR_NONE);
  }
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_parcels_geom"), 100);
  EXPECT_EQ(filtered(file, 599999, 3099999, 600002, 3100002), (std::set<std::string>{"new"}));
  EXPECT_EQ(filtered(file, 699999, 3199999, 700002, 3200002), (std::set<std::string>{"0_0"}));
  EXPECT_TRUE(filtered(file, 499999, 2999999, 500002, 3000002).empty());
  EXPECT_TRUE(filtered(file, 500089, 3000089, 500092, 3000092).empty());
}

// The tree is packed straight into the rtree's tables: SQLite's own consistency check passes
// on a tree three levels deep, every window query gives exactly the features a brute-force
// test of the true (double) boxes gives, and SQLite's own inserts grow the packed tree.
TEST_F(GpkgRtreeTest, APackedTreeOfThreeLevelsIsOneSqliteAcceptsAndAnswersExactly) {
  tudi::Layer l = tudi::test::canonical_layer("parcels", {"id"}, 4545);
  struct Square {
    double x, y, size;
  };
  std::vector<Square> squares;
  // 4 000 off-grid squares (51 cells a node: 79 leaves, 2 nodes above them, the root).
  for (int i = 0; i < 4000; ++i) {
    const double x = 38500000.123456 + (i * 7919 % 4001) * 2.5,
                 y = 3850000.654321 + (i * 104729 % 3989) * 2.5;
    const double size = 0.5 + (i % 7) * 0.37;
    squares.push_back({x, y, size});
    char wkt[256];
    std::snprintf(wkt, sizeof wkt, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", x, y,
                  x + size, y, x + size, y + size, x, y);
    tudi::test::add(l, wkt, {{"id", std::to_string(i)}});
  }
  const fs::path file = dir_ / "deep.gpkg";
  tudi::io::write_layer(l, file, {});
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_parcels_geom"), 4000);
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_parcels_geom_node"), 79 + 2 + 1);
  EXPECT_EQ(scalar(file, "SELECT rtreecheck('rtree_parcels_geom') = 'ok'"), 1);
  std::size_t found = 0;
  for (int w = 0; w < 20; ++w) {
    const double x0 = 38500000 + w * 480.3, y0 = 3850000 + w * 470.9, x1 = x0 + 300.7,
                 y1 = y0 + 900.1;
    std::set<std::string> expected;
    for (std::size_t i = 0; i < squares.size(); ++i) {
      const Square& q = squares[i];
      if (q.x <= x1 && q.x + q.size >= x0 && q.y <= y1 && q.y + q.size >= y0)
        expected.insert(std::to_string(i));
    }
    EXPECT_EQ(filtered(file, x0, y0, x1, y1), expected) << "window " << w;
    found += expected.size();
  }
  EXPECT_GT(found, 100u);  // the windows are not all empty
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    for (int i = 0; i < 200; ++i) {
      OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      f->SetField("id", ("new" + std::to_string(i)).c_str());
      OGRGeometry* g = nullptr;
      const std::string wkt = "POLYGON((" + std::to_string(600000 + i) + " 3100000," +
                              std::to_string(600001 + i) + " 3100000," +
                              std::to_string(600001 + i) + " 3100001," +
                              std::to_string(600000 + i) + " 3100000))";
      OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
      f->SetGeometryDirectly(g);
      ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
    }
  }
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_parcels_geom"), 4200);
  EXPECT_EQ(scalar(file, "SELECT rtreecheck('rtree_parcels_geom') = 'ok'"), 1);
  EXPECT_EQ(filtered(file, 600099.5, 3099999, 600100.5, 3100002),
            (std::set<std::string>{"new99", "new100"}));
  EXPECT_EQ(filtered(file, 38500000, 3850000, 38500000.2, 3850000.2).size(), 0u);
}

TEST_F(GpkgRtreeTest, AnEmptyLayerHasAnEmptyIndex) {
  const fs::path file = dir_ / "empty.gpkg";
  tudi::io::write_layer(tudi::test::canonical_layer("parcels", {"id"}, 4545), file, {});
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_parcels_geom"), 0);
  EXPECT_TRUE(filtered(file, 0, 0, 1e7, 1e7).empty());
}

TEST_F(GpkgRtreeTest, NullAndEmptyGeometriesAreLeftOutOfTheIndexButKept) {
  tudi::Layer l = tudi::test::canonical_layer("parcels", {"id"}, 4545);
  tudi::test::add(l, "POLYGON((500000 3000000,500001 3000000,500001 3000001,500000 3000000))",
                  {{"id", "a"}});
  tudi::test::add(l, "POLYGON EMPTY", {{"id", "empty"}});
  tudi::Feature none;
  none.fid = 3;
  none.values = {std::string("null")};
  l.features.push_back(std::move(none));
  tudi::test::add(l, "POLYGON((500010 3000000,500011 3000000,500011 3000001,500010 3000000))",
                  {{"id", "b"}});
  const fs::path file = dir_ / "holes.gpkg";
  tudi::io::write_layer(l, file, {});
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM parcels"), 4);
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_parcels_geom"), 2);
  EXPECT_EQ(filtered(file, 499999, 2999999, 500020, 3000002), (std::set<std::string>{"a", "b"}));
}

TEST_F(GpkgRtreeTest, PointsWhoseBlobsHaveNoEnvelopeAreIndexedFromTheirCoordinates) {
  tudi::Layer l = tudi::test::canonical_layer("points", {"id"}, 4545);
  tudi::test::add(l, "POINT(500000.25 3000000.75)", {{"id", "p"}});
  tudi::test::add(l, "POINT(500100 3000100)", {{"id", "q"}});
  const fs::path file = dir_ / "points.gpkg";
  tudi::io::write_layer(l, file, {});
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM rtree_points_geom"), 2);
  EXPECT_EQ(scalar(file,
                   "SELECT id FROM rtree_points_geom WHERE minx <= 500000.25 AND "
                   "maxx >= 500000.25 AND miny <= 3000000.75 AND maxy >= 3000000.75"),
            1);
  EXPECT_EQ(filtered(file, 499999, 2999999, 500001, 3000001), (std::set<std::string>{"p"}));
}

// The rtree's shadow tables are named after the unquoted name: a quote in the layer's name is
// doubled only inside SQL, never in the name itself (it was, and the index could not be found).
TEST_F(GpkgRtreeTest, ALayerNameWithAQuoteIsIndexed) {
  tudi::Layer l = tudi::test::canonical_layer("say \"hi\"", {"id"}, 4545);
  tudi::test::add(l, "POINT(500000 3000000)", {{"id", "p"}});
  tudi::test::add(l, "POINT(500100 3000100)", {{"id", "q"}});
  const fs::path file = dir_ / "quote.gpkg";
  ASSERT_NO_THROW(tudi::io::write_layer(l, file, {}));
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM \"rtree_say \"\"hi\"\"_geom\""), 2);
  EXPECT_EQ(scalar(file, "SELECT count(*) FROM \"rtree_say \"\"hi\"\"_geom_node\""), 1);
}

TEST_F(GpkgRtreeTest, AFileThatIsNotAGeoPackageIsAnErrorNamingIt) {
  const fs::path file = dir_ / "not.gpkg";
  { std::ofstream(file) << "hello"; }
  try {
    tudi::io::build_gpkg_rtree(file, "parcels", "fid", "geom", "not.gpkg");
    FAIL() << "no error";
  } catch (const tudi::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not.gpkg"), std::string::npos) << e.what();
  }
}

}  // namespace
