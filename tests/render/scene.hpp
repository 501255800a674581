#pragma once
// Hand-built layers and image comparison shared by the render and viewer tests.

#include <gtest/gtest.h>

#include <QGuiApplication>
#include <QImage>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "test_config.hpp"
#include "tudi/layer/layer.hpp"
#include "tudi/render/map_settings.hpp"

namespace tudi::test {

using Ring = std::vector<std::pair<double, double>>;

inline Ring rect_ring(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

/// A layer in EPSG:4526 with string fields and the given role mapping.
inline std::shared_ptr<Layer> make_layer(const std::string& name, const std::string& role,
                                         std::vector<std::string> fields, FieldMapping mapping) {
  auto l = std::make_shared<Layer>();
  l->name = name;
  l->source = name + ".shp";
  l->role = role;
  l->crs = crs::Crs::from_epsg(4526);
  l->source_crs = l->crs;
  for (auto& f : fields) l->fields.push_back({f, FieldType::String});
  l->mapping = std::move(mapping);
  return l;
}

inline void add_polygon(Layer& l, std::vector<Ring> rings, std::vector<std::string> values) {
  Feature f;
  f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
  f.geometry = geom::polygon(rings);
  for (auto& v : values) f.values.emplace_back(v);
  l.features.push_back(std::move(f));
}

inline void add_wkt(Layer& l, const std::string& wkt, std::vector<std::string> values) {
  Feature f;
  f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
  f.geometry = geom::from_wkt(wkt);
  for (auto& v : values) f.values.emplace_back(v);
  l.features.push_back(std::move(f));
}

/// Compares an image with tests/data/render/<name>.png: pixels whose channels differ by more
/// than 48 count as different, and at most `max_share` of them may. With
/// TUDI_UPDATE_REFERENCES=1 the reference is (re)written instead. Actual and difference images
/// of a failure are kept under the build's temp folder for a look.
inline void expect_matches_reference(const QImage& actual_in, const std::string& name,
                                     double max_share = 0.004) {
  const QImage actual = actual_in.convertToFormat(QImage::Format_ARGB32);
  const std::filesystem::path ref = kDataDir / "render" / (name + ".png");
  const char* update = std::getenv("TUDI_UPDATE_REFERENCES");
  if (update && std::string(update) == "1") {
    std::filesystem::create_directories(ref.parent_path());
    ASSERT_TRUE(actual.save(QString::fromStdString(ref.string())));
    GTEST_SKIP() << "reference written: " << ref;
  }
  QImage expected(QString::fromStdString(ref.string()));
  const std::filesystem::path out_dir = test::scratch_dir("tudi-render-test");
  std::filesystem::create_directories(out_dir);
  const std::string actual_path = (out_dir / (name + ".actual.png")).string();
  actual.save(QString::fromStdString(actual_path));
  ASSERT_FALSE(expected.isNull()) << "no reference image " << ref
                                  << " (run with TUDI_UPDATE_REFERENCES=1 to create it); actual: "
                                  << actual_path;
  expected = expected.convertToFormat(QImage::Format_ARGB32);
  ASSERT_EQ(actual.size(), expected.size()) << name;
  QImage diff(actual.size(), QImage::Format_ARGB32);
  diff.fill(Qt::white);
  long bad = 0;
  for (int y = 0; y < actual.height(); ++y) {
    const QRgb* a = reinterpret_cast<const QRgb*>(actual.constScanLine(y));
    const QRgb* e = reinterpret_cast<const QRgb*>(expected.constScanLine(y));
    for (int x = 0; x < actual.width(); ++x) {
      const int d =
          std::max({std::abs(qRed(a[x]) - qRed(e[x])), std::abs(qGreen(a[x]) - qGreen(e[x])),
                    std::abs(qBlue(a[x]) - qBlue(e[x])), std::abs(qAlpha(a[x]) - qAlpha(e[x]))});
      if (d > 48) {
        ++bad;
        diff.setPixel(x, y, qRgb(255, 0, 0));
      }
    }
  }
  const double share =
      static_cast<double>(bad) / (static_cast<double>(actual.width()) * actual.height());
  if (share > max_share)
    diff.save(QString::fromStdString((out_dir / (name + ".diff.png")).string()));
  EXPECT_LE(share, max_share) << name << ": " << bad << " pixels differ; actual " << actual_path
                              << ", differences " << (out_dir / (name + ".diff.png")).string()
                              << " (TUDI_UPDATE_REFERENCES=1 refreshes references)";
}

}  // namespace tudi::test
