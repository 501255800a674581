#include "tudi/synth/names.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

#include "tudi/core/error.hpp"

namespace tudi::synth {
namespace {

const std::array<Town, 9> kTowns = {{
    {"城关镇", "101", {10000, 10500}},
    {"太平镇", "102", {4200, 11800}},
    {"柳林镇", "103", {16000, 4300}},
    {"薛店镇", "104", {12500, 2500}},
    {"大召营镇", "105", {17500, 10000}},
    {"李源屯镇", "106", {2000, 17000}},
    {"马庄乡", "201", {4000, 4000}},
    {"高庄乡", "202", {15500, 15500}},
    {"王屯乡", "203", {7500, 17500}},
}};

constexpr std::array<std::string_view, 60> kSurnames = {
    "李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
    "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程",
    "曹", "袁", "许", "沈", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "阎",
    "潘", "杜", "夏", "田", "任", "姜", "范", "石", "姚", "崔", "秦", "史", "侯", "孟", "常"};
constexpr std::array<std::string_view, 10> kVillageSuffix = {"庄", "营", "屯", "寨", "店",
                                                             "集", "楼", "岗", "堂", "庄"};
constexpr std::array<std::string_view, 8> kVillagePrefix = {"东", "西", "南", "北",
                                                            "前", "后", "大", "小"};

const std::array<Industry, 22> kIndustries = {{
    {"C3670", "汽车零部件及配件制造", 2, "汽车零部件"},
    {"C343", "物料搬运设备制造", 2, "起重机械"},
    {"C3511", "矿山机械制造", 2, "矿山机械"},
    {"C3311", "金属结构制造", 2, "钢结构"},
    {"C3824", "电力电子元器件制造", 1, "电气"},
    {"C3841", "锂离子电池制造", 2, "新能源"},
    {"C3976", "光电子器件制造", 1, "光电科技"},
    {"C3981", "电阻电容电感元件制造", 1, "电子科技"},
    {"C3985", "电子专用材料制造", 1, "新材料"},
    {"C2761", "生物药品制造", 2, "生物制药"},
    {"C2720", "化学药品制剂制造", 2, "药业"},
    {"C1391", "淀粉及淀粉制品制造", 2, "淀粉"},
    {"C1431", "米、面制品制造", 1, "食品"},
    {"C2929", "塑料零件及其他塑料制品制造", 2, "塑业"},
    {"C3130", "钢压延加工", 3, "钢铁"},
    {"C3360", "金属表面处理及热处理加工", 3, "表面处理"},
    {"C3011", "水泥制造", 3, "水泥"},
    {"C2614", "有机化学原料制造", 3, "化工"},
    {"C2511", "原油加工及石油制品制造", 3, "石化"},
    {"C3211", "铜冶炼", 3, "铜业"},
    {"G5920", "通用仓储", 1, "物流"},
    {"G5930", "低温仓储", 1, "冷链物流"},
}};

constexpr std::array<std::string_view, 40> kBrands = {
    "恒通", "华锐", "鑫达", "宏源", "中原", "豫丰", "瑞祥", "金牛", "天瑞", "博远",
    "卫辉", "新科", "华通", "永盛", "腾飞", "众诚", "森源", "豫北", "锦程", "隆基",
    "德力", "威力", "合力", "长城", "汇丰", "泰山", "兴业", "明泰", "万里", "正大",
    "嘉禾", "和顺", "远大", "宇通", "东方", "方圆", "凯盛", "利民", "奥翔", "卓远"};
constexpr std::array<std::string_view, 4> kFirmPrefix = {"河南", "新乡市", "河南卫源", "卫源县"};

}  // namespace

std::span<const Town> towns() { return kTowns; }

const Town& town_at(XY p) {
  const Town* best = &kTowns[0];
  double best_d = 1e300;
  for (const Town& t : kTowns) {
    const double dx = p.x - t.seat.x, dy = p.y - t.seat.y;
    const double d = dx * dx + dy * dy;
    if (d < best_d) {
      best_d = d;
      best = &t;
    }
  }
  return *best;
}

Gazetteer::Gazetteer(Rng rng) {
  std::set<std::string> used;
  std::array<int, kTowns.size()> count{};
  villages_.reserve(kCells * kCells);
  for (int j = 0; j < kCells; ++j) {
    for (int i = 0; i < kCells; ++i) {
      const XY c{(i + 0.5) * kCountySize / kCells, (j + 0.5) * kCountySize / kCells};
      const Town& t = town_at(c);
      std::string name;
      do {
        name = std::string(rng.pick(std::span<const std::string_view>(kSurnames)));
        name += rng.pick(std::span<const std::string_view>(kVillageSuffix));
        if (rng.chance(0.25))
          name = std::string(rng.pick(std::span<const std::string_view>(kVillagePrefix))) + name;
        name += "村";
      } while (!used.insert(name).second);
      const auto ti = static_cast<std::size_t>(&t - kTowns.data());
      char code[16];
      std::snprintf(code, sizeof code, "%03d", ++count[ti]);
      villages_.push_back({std::string(t.name), name,
                           std::string(kCountyCode) + std::string(t.code) + code});
    }
  }
}

const Village& Gazetteer::at(XY p) const {
  auto cell = [](double v) {
    const int c = static_cast<int>(v / (kCountySize / kCells));
    return std::clamp(c, 0, kCells - 1);
  };
  return villages_[static_cast<std::size_t>(cell(p.y) * kCells + cell(p.x))];
}

std::span<const Industry> industries() { return kIndustries; }

const Industry& industry(std::string_view code) {
  for (const Industry& i : kIndustries)
    if (i.code == code) return i;
  throw Error("tudi synth", "unknown industry " + std::string(code));
}

std::string firm_name(Rng& rng, const Industry& ind) {
  std::string name = std::string(rng.pick(std::span<const std::string_view>(kFirmPrefix)));
  name += rng.pick(std::span<const std::string_view>(kBrands));
  name += ind.product;
  name += rng.chance(0.2) ? "股份有限公司" : "有限公司";
  return name;
}

}  // namespace tudi::synth
