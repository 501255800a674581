// Overlay cases as data (tests/geom/cases/*.wkt): each file names an operation, its inputs as
// WKT and the area (and number of polygons) the answer must have, for both overlays the
// analyses use — the exact one (geom/exact_overlay: floating first) and the robust one
// (geom/overlay: on the survey grid). A case that needs another answer from each says so with
// exact_area / robust_area. Add a file to add a case.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "test_config.hpp"
#include "tudi/core/text.hpp"
#include "tudi/geom/exact_overlay.hpp"
#include "tudi/geom/overlay.hpp"

namespace tudi::geom {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = test::kSourceDir / "tests" / "geom" / "cases";

struct Case {
  std::string name;
  std::map<std::string, std::string> keys;  // op, a, b, area, exact_area, robust_area, parts, tolerance
  double number(const std::string& key, double fallback) const {
    auto it = keys.find(key);
    return it == keys.end() ? fallback : std::stod(it->second);
  }
  const std::string& text(const std::string& key) const {
    auto it = keys.find(key);
    if (it == keys.end()) throw std::runtime_error(name + ": no '" + key + "'");
    return it->second;
  }
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

Case read_case(const fs::path& file) {
  Case c;
  c.name = file.stem().string();
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto eq = t.find('=');
    if (eq == std::string_view::npos) throw std::runtime_error(file.string() + ": not key = value: " + line);
    c.keys[std::string(trim(t.substr(0, eq)))] = std::string(trim(t.substr(eq + 1)));
  }
  return c;
}

std::vector<Case> all_cases() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kCases))
    if (e.path().extension() == ".wkt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Case> out;
  for (const fs::path& f : files) out.push_back(read_case(f));
  return out;
}

/// The parts of a (multi)polygon, for a union of a's and b's.
std::vector<Geometry> parts_of(const Geometry& g) {
  std::vector<Geometry> out;
  for (int i = 0; i < num_parts(g); ++i) out.push_back(part(g, i));
  return out;
}

int polygon_count(const Geometry& g) {
  return !g || is_empty(g) ? 0 : num_parts(g);
}

class OverlayCase : public ::testing::TestWithParam<Case> {};

TEST_P(OverlayCase, BothOverlaysGiveTheAreaAndPartsTheFileSays) {
  const Case& c = GetParam();
  const std::string op = c.text("op");
  const Geometry a = from_wkt(c.text("a"));
  const Geometry b = from_wkt(c.text("b"));
  Geometry exact, robust;
  if (op == "intersection" || op == "difference") {
    const OverlayOp o = op == "intersection" ? OverlayOp::Intersection : OverlayOp::Difference;
    exact = o == OverlayOp::Intersection ? exact_intersection(a, b) : exact_difference(a, b);
    robust = robust_overlay(o, a, b, kSurveyGrid);
  } else if (op == "union") {
    std::vector<Geometry> all = parts_of(a), more = parts_of(b);
    for (Geometry& g : more) all.push_back(std::move(g));
    std::vector<Geometry> copy;
    for (const Geometry& g : all) copy.push_back(clone(g));
    exact = exact_union(std::move(all));
    robust = robust_union(std::move(copy), kSurveyGrid);
  } else {
    FAIL() << c.name << ": unknown op " << op;
  }
  const double tolerance = c.number("tolerance", 1e-6);
  const double area_m2 = c.number("area", -1);
  const double exact_m2 = c.number("exact_area", area_m2);
  const double robust_m2 = c.number("robust_area", area_m2);
  ASSERT_GE(exact_m2, 0) << c.name << ": no area";
  ASSERT_GE(robust_m2, 0) << c.name << ": no area";
  EXPECT_NEAR(area(exact), exact_m2, tolerance) << c.name << " exact: " << to_wkt(exact);
  EXPECT_NEAR(area(robust), robust_m2, tolerance) << c.name << " robust: " << to_wkt(robust);
  EXPECT_TRUE(is_polygonal(exact) || is_empty(exact)) << c.name << ": " << type_name(exact);
  EXPECT_TRUE(is_polygonal(robust) || is_empty(robust)) << c.name << ": " << type_name(robust);
  if (c.keys.count("parts")) {
    const int parts = static_cast<int>(c.number("parts", 0));
    EXPECT_EQ(polygon_count(exact), parts) << c.name << " exact: " << to_wkt(exact);
    EXPECT_EQ(polygon_count(robust), parts) << c.name << " robust: " << to_wkt(robust);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, OverlayCase, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& p) { return p.param.name; });

}  // namespace
}  // namespace tudi::geom
