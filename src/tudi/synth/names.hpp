#pragma once
// Place names, villages, industries and firms of the demo county (卫源县, a fictional county of
// 新乡市, 河南省), drawn from fixed pools so that every seed gives plausible Chinese names.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/synth/build.hpp"
#include "tudi/synth/random.hpp"

namespace tudi::synth {

inline constexpr std::string_view kCounty = "卫源县";
inline constexpr std::string_view kCountyCode = "410799";  // 新乡市 4107 + an unused 99
inline constexpr std::string_view kBureau = "卫源县自然资源局";

/// A township (乡镇) and its seat, in local coordinates.
struct Town {
  std::string_view name;
  std::string_view code;  // 3 digits after the county code
  XY seat;
};
std::span<const Town> towns();
/// The township whose seat is nearest (townships as Voronoi cells of their seats).
const Town& town_at(XY p);

/// An administrative village (行政村) with its 12-digit code.
struct Village {
  std::string town, name, code;
  std::string full() const { return town + name; }  // 坐落单位名称: "太平镇李庄村"
};

/// The villages of the county on a 2 km grid, named once per seed.
class Gazetteer {
 public:
  explicit Gazetteer(Rng rng);
  const Village& at(XY p) const;

 private:
  static constexpr int kCells = 10;
  std::vector<Village> villages_;  // kCells × kCells, row-major from the south-west
};

/// An industry class of GB/T 4754-2017 as the demo uses it.
struct Industry {
  std::string_view code;     // "C3670"
  std::string_view name;     // "汽车零部件及配件制造"
  int pollution;             // 1/2/3: the 工业用地 class (100101/100102/100103) it needs
  std::string_view product;  // the word firms of this industry put in their names
};
std::span<const Industry> industries();
const Industry& industry(std::string_view code);
/// "河南卫源恒通机械有限公司"-like names (callers keep them unique).
std::string firm_name(Rng& rng, const Industry& ind);

}  // namespace tudi::synth
