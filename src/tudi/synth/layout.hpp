#pragma once
// The fixed geography of the demo county (卫源县), in local metres (see build.hpp): where the
// towns, zones, red lines, farmland blocks and the river are. The seed only jitters shapes and
// draws attributes; the layout is fixed so the designed cases (README) stay where they are.

#include <array>
#include <string_view>

#include "tudi/synth/build.hpp"

namespace tudi::synth::layout {

/// 卫河, west to east; its 250 m corridor is a red line, its 40 m channel the water.
inline const Ring kRiver = {{0, 6600},     {2500, 6300},  {5000, 6900},
                            {7500, 6700},  {10000, 6200}, {12500, 5900},
                            {15000, 5850}, {17500, 6300}, {20000, 6800}};
inline constexpr double kRiverCorridor = 250;
inline constexpr double kRiverChannel = 40;

/// 城镇开发边界 polygons.
struct UrbanArea {
  std::string_view name, function_zone;
  Ring ring;
};
inline const std::array<UrbanArea, 6> kUrban = {{
    {"卫源县中心城区", "集中建设区",
     {{7500, 8100}, {12000, 8050}, {14800, 8200}, {14900, 11700}, {11700, 11750},
      {11700, 13750}, {8200, 13800}, {8150, 12500}, {7500, 12450}}},
    {"卫源县中心城区", "弹性发展区", {{6500, 9000}, {7500, 9000}, {7500, 12400}, {6550, 12350}}},
    {"卫源县中心城区", "特别用途区", {{8500, 7400}, {11500, 7400}, {11500, 8000}, {8500, 8000}}},
    {"太平镇镇区", "集中建设区", {{3100, 10950}, {5400, 10900}, {5450, 12850}, {3100, 12900}}},
    {"柳林镇镇区", "集中建设区", {{14500, 3300}, {17800, 3250}, {17850, 5450}, {14500, 5400}}},
    {"薛店镇镇区", "集中建设区", {{12200, 2200}, {12900, 2200}, {12900, 2750}, {12200, 2750}}},
}};

/// A development zone and its grid of street blocks (slots for parcels).
struct Zone {
  std::string_view id, name, short_name, prefix;  // prefix of its parcels' DKBH
  Ring ring;
  double x0, y0, w, h, gap_x, gap_y;  // first block's corner, block size, road widths
  int cols, rows;
  Ring slot(int col, int row) const {
    const double x = x0 + col * (w + gap_x), y = y0 + row * (h + gap_y);
    return rect(x, y, x + w, y + h);
  }
};
inline const std::array<Zone, 4> kZones = {{
    {"S417021", "卫源经济技术开发区", "经开区", "JK",
     {{12000, 8400}, {15000, 8400}, {15000, 11100}, {14700, 11400}, {12000, 11400}},
     12060, 8460, 320, 260, 40, 30, 8, 10},
    {"S417022", "卫源高新技术产业开发区", "高新区", "GX",
     {{8400, 11900}, {11400, 11900}, {11400, 13500}, {8400, 13500}},
     8460, 11960, 420, 250, 40, 30, 6, 5},
    {"S417023", "卫源柳林产业集聚区", "柳林产业集聚区", "LL",
     {{14800, 3600}, {17600, 3600}, {17600, 5300}, {15600, 5350}, {15600, 5700}, {14900, 5700},
      {14800, 5350}},
     14860, 3660, 300, 240, 40, 30, 8, 6},
    {"SJ417024", "卫源太平现代物流产业园", "物流产业园", "TP",
     {{3300, 11300}, {5000, 11300}, {5000, 12500}, {3300, 12500}},
     3360, 11360, 280, 220, 40, 30, 5, 4},
}};
enum ZoneIndex { kJK = 0, kGX = 1, kLL = 2, kTP = 3 };

/// Standard-land indicators a zone publishes (标准地 "五项指标"), carried by its standard parcels
/// and, where `on_zone`, by the zone's own feature (binding its parcels that publish none).
struct Indicators {
  double investment, tax, far_min, far_max, energy, emission_intensity;
  const char* emission;
  bool on_zone;
};
inline const std::array<Indicators, 4> kZoneIndicators = {{
    {260, 15, 1.0, 2.0, 0.45, 2.0,
     "大气污染物执行GB 16297-1996二级标准，废水执行GB 8978-1996三级标准", true},
    {300, 20, 1.2, 2.5, 0.35, 1.0, "VOCs执行DB41/1951-2020，废水经预处理后纳管", true},
    {200, 10, 0.8, 1.8, 0.6, 3.0, "大气污染物执行GB 16297-1996二级标准", true},
    // The 物流园 (市级) publishes indicators parcel by parcel only: its other parcels take the
    // county defaults of the rule pack.
    {150, 8, 0.8, 1.5, 0.3, 0.5, "大气污染物执行GB 16297-1996二级标准", false},
}};

/// 生态保护红线 outside the river corridor: 太行山 (with its core zone) and the south-east hills.
inline const Ring kTaihang = {{0, 14500},    {1800, 14600}, {3200, 15200},
                              {4300, 15000}, {5500, 16200}, {5200, 17600},
                              {5900, 18800}, {5600, 20000}, {0, 20000}};
inline const Ring kTaihangCore = {{0, 17400},    {1200, 17300}, {2600, 17800},
                                  {2500, 18900}, {2900, 20000}, {0, 20000}};
inline const Ring kSouthHills = {
    {17500, 0}, {20000, 0}, {20000, 2400}, {18800, 2600}, {17400, 1800}};

/// A block of permanent basic farmland (保护片区), tiled into irregular plots.
struct FarmBlock {
  double x0, y0, x1, y1;
  int nx, ny;
  double paddy;  // share of 0101 水田 (near the river), the rest 0102/0103
};
inline const std::array<FarmBlock, 9> kFarmBlocks = {{
    {900, 7600, 3000, 10300, 7, 12, 0.15},
    {5600, 8800, 6400, 12000, 3, 14, 0.05},
    {8000, 2000, 11500, 4500, 12, 11, 0.2},
    {17900, 3000, 19500, 5200, 5, 10, 0.1},
    {15000, 13000, 17500, 15500, 9, 11, 0.0},
    {6500, 15000, 9000, 17000, 9, 9, 0.0},
    {1300, 11900, 3050, 13700, 6, 8, 0.0},
    {13560, 8600, 13960, 8900, 2, 2, 0.0},  // 开发区内零星基本农田 (a known conflict)
    {1500, 2000, 5000, 4500, 12, 11, 0.1},
}};
enum FarmBlockIndex { kFbWest = 1, kFbSouth = 2, kFbEast = 3, kFbNorth = 5, kFbTaiping = 6,
                      kFbEnclave = 7 };

}  // namespace tudi::synth::layout
