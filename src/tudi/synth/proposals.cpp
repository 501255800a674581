// 拟建项目 (proposals): one boundary per control-line case of `tudi check`, and the same
// boundaries as the surveyor's 界址点 TXT files, plus one batch file with several plots.

#include <cmath>

#include "tudi/core/error.hpp"
#include "tudi/synth/layout.hpp"
#include "tudi/synth/parts.hpp"

namespace tudi::synth {
namespace {

struct Proposal {
  const char* id;
  const char* name;
  const char* category;
  const char* activity;  // 项目类型: what the project is (DOMAIN §6)
  const char* major;     // 重大项目级别
  const char* applicant;
  const char* date;
};

const Proposal kProposals[] = {
    {"XM2026-001", "年产5万台套汽车零部件项目", "工业", "汽车零部件制造", "无",
     "河南卫源恒通汽车零部件有限公司", "2026-03-12"},
    {"XM2026-002", "城西农副产品精深加工项目", "工业", "农副产品加工", "无",
     "卫源县豫丰食品有限公司", "2026-04-02"},
    {"XM2026-003", "豫北冷链物流中心项目", "仓储物流", "冷链物流仓储", "无",
     "河南豫北冷链物流有限公司", "2026-04-18"},
    {"XM2026-004", "王屯乡污水处理厂项目", "点状基础设施", "污水处理厂", "无",
     "卫源县水务投资有限公司", "2026-05-06"},
    {"XM2026-005", "卫源县第三中学新校区项目", "公共服务", "中学校舍", "无",
     "卫源县教育局", "2026-05-20"},
    {"XM2026-006", "机械装备配套产业园项目", "工业", "机械装备制造", "无",
     "河南卫源德力机械装备有限公司", "2026-06-09"},
    {"XM2026-007", "高新区电子信息产业园项目", "工业", "电子信息产品制造", "无",
     "新乡市华锐电子科技有限公司", "2026-06-23"},
    {"XM2026-008", "S227省道卫源段改建工程", "线性基础设施", "省道改建", "省级",
     "卫源县交通运输局", "2026-07-15"},
    {"XM2026-009", "城关镇棚户区改造安置房项目", "住宅", "安置住房", "无",
     "卫源县城市建设投资有限公司", "2026-08-03"},
    {"XM2026-010", "农光互补光伏发电项目", "能源", "农光互补光伏发电", "无",
     "卫源县绿能新能源有限公司", "2026-09-01"},
    // What the project is decides (DOMAIN §6): one proposal per rule of rules/check.toml.
    {"XM2026-011", "城西集中式光伏电站项目", "能源", "光伏电站", "无", "卫源县阳光新能源有限公司",
     "2026-09-10"},
    {"XM2026-012", "新乡至卫源城际铁路卫源段", "线性基础设施", "城际铁路", "国家",
     "河南省铁路建设投资集团有限公司", "2026-09-18"},
    {"XM2026-013", "南部岗地生态管护巡护站", "点状基础设施", "管护巡护站", "无", "卫源县林业局",
     "2026-09-25"},
    {"XM2026-014", "前进村村道硬化工程", "线性基础设施", "村道硬化", "无", "卫源县王屯乡人民政府",
     "2026-10-09"},
    {"XM2026-015", "卫源至辉县高速公路", "线性基础设施", "高速公路", "省级",
     "河南省交通投资集团有限公司", "2026-10-16"},
    {"XM2026-016", "城西弹性发展区食品加工厂项目", "工业", "食品加工厂", "无",
     "卫源县豫丰食品有限公司", "2026-10-23"},
    {"XM2026-017", "卫河渔光互补光伏项目", "能源", "渔光互补", "无", "卫源县绿能新能源有限公司",
     "2026-10-30"},
};

/// The batch submission (报批) with several plots, one of them with a hole (圈号 2).
struct Plot {
  const char* id;
  const char* name;
  std::vector<Ring> rings;
};

}  // namespace

void make_proposals(Ctx& ctx, County& county) {
  std::vector<std::vector<Ring>> shapes(std::size(kProposals));
  // 001: clean, inside the urban boundary and the 经开区 (on a standard-land parcel).
  shapes[0] = {rect(13150, 10790, 13450, 11030)};
  // 002: across the west farmland block's edge: three land classes, partly outside the urban
  // boundary, partly in its 弹性发展区.
  shapes[1] = {rect(6200, 9950, 6750, 10450)};
  // 003: overlaps the river's red-line corridor.
  shapes[2] = {rect(13200, 5900, 13700, 6400)};
  // 004: shares one edge exactly with a farmland plot (zero overlap, they touch).
  {
    const Ring& cell = ctx.cell(layout::kFbNorth, 3, 0).ring;
    const XY a = cell[0], b = cell[1];  // the plot's bottom edge, west to east
    shapes[3] = {{mm(XY{a.x, a.y - 120}), mm(XY{b.x, b.y - 120}), b, a}};
  }
  // 005: along a farmland plot's top edge, with one vertex a few millimetres inside it: a
  // digitising sliver well under 1 m².
  {
    const Ring& cell = ctx.cell(layout::kFbSouth, 5, 10).ring;
    XY a{}, b{};
    bool found = false;
    for (std::size_t k = 0; k < cell.size() && !found; ++k) {
      const XY p = cell[k], q = cell[(k + 1) % cell.size()];
      if (q.x < p.x && p.y > 4450 && q.y > 4450) {  // the top edge runs east to west in a CCW ring
        a = q;
        b = p;
        found = true;
      }
    }
    if (!found) throw Error("tudi synth", "farmland plot for the sliver case has no top edge");
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const XY normal{-(b.y - a.y) / len, (b.x - a.x) / len};  // points north, out of the plot
    const double depth = 0.9 / len;                             // triangle of about 0.45 m²
    const XY m = mm((a + b) * 0.5 - normal * depth);
    shapes[4] = {{a, m, b, mm(XY{b.x, b.y + 150}), mm(XY{a.x, a.y + 150})}};
  }
  // 006: straddles the south edge of the county seat's urban boundary.
  shapes[5] = {rect(12900, 7950, 13300, 8350)};
  // 007: a bow-tie (the surveyor swapped two corners).
  shapes[6] = {{{9860, 12820}, {10240, 13030}, {10240, 12820}, {9860, 13030}}};
  // 008: a road across the river corridor and the south farmland block.
  shapes[7] = {rect(11000, 3000, 11030, 7400)};
  // 009: housing inside the urban boundary, in no development zone.
  shapes[8] = {rect(9000, 9500, 9400, 9800)};
  // 010: a solar farm reaching into the 太行山 red line's core zone.
  shapes[9] = {rect(2000, 17200, 3000, 17900)};
  // 011: a solar farm on the cultivated land west of the county seat, clear of every line
  // but the urban boundary.
  shapes[10] = {rect(5500, 4800, 6500, 5400)};
  // 012: a national railway across the river's red line and the south farmland block.
  shapes[11] = {rect(9000, 2500, 9040, 7000)};
  // 013: a patrol station in the south-east hills' red line (一般控制区).
  shapes[12] = {rect(18500, 800, 18560, 860)};
  // 014: a 6 m village road across the west farmland block.
  shapes[13] = {rect(1800, 7400, 1806, 10500)};
  // 015: a provincial expressway across the north farmland block.
  shapes[14] = {rect(7500, 14800, 7560, 17200)};
  // 016: a plant wholly in the county seat's 弹性发展区.
  shapes[15] = {rect(6900, 11400, 7300, 11800)};
  // 017: a fishery-PV array in the river's red line, east of 柳林.
  shapes[16] = {rect(16200, 6000, 16600, 6200)};

  LayerBuilder out("XMYD", "proposals", kWorkingEpsg,
                   {{"XMBH", FieldType::String}, {"XMMC", FieldType::String},
                    {"XMLB", FieldType::String}, {"XMLX", FieldType::String},
                    {"ZDXMJB", FieldType::String}, {"SQDW", FieldType::String},
                    {"SBRQ", FieldType::String}, {"SBMJ", FieldType::Real}});
  auto txt_layer = [](const std::string& name) {
    return LayerBuilder(name, "proposals", kWorkingEpsg,
                        {{"DKBH", FieldType::String}, {"DKMC", FieldType::String},
                         {"DKYT", FieldType::String}, {"DLBM", FieldType::String}});
  };
  for (std::size_t i = 0; i < std::size(kProposals); ++i) {
    const Proposal& p = kProposals[i];
    // The declared area is what the applicant drew, even for the bow-tie.
    const double declared_ha = std::abs(ring_area(shapes[i][0])) / 10000;
    const double ha = i == 6 ? 380.0 * 210.0 / 10000 : declared_ha;
    out.add(polygon(shapes[i]), {{"XMBH", std::string(p.id)},
                                 {"XMMC", std::string(p.name)},
                                 {"XMLB", std::string(p.category)},
                                 {"XMLX", std::string(p.activity)},
                                 {"ZDXMJB", std::string(p.major)},
                                 {"SQDW", std::string(p.applicant)},
                                 {"SBRQ", std::string(p.date)},
                                 {"SBMJ", round_to(ha, 4)}});
    LayerBuilder one = txt_layer(p.id);
    one.add(polygon(shapes[i]), {{"DKBH", std::string(p.id)},
                                 {"DKMC", std::string(p.name)},
                                 {"DKYT", std::string(p.category)}});
    county.txt.emplace_back(std::string(p.id) + ".txt", one.take());
  }
  county.proposals = out.take();

  const Plot kPlots[] = {
      {"PC2026-03-1", "城关镇人民路东侧地块", {rect(10000, 10500, 10300, 10800)}},
      {"PC2026-03-2", "高新区创新五路北侧地块",
       {rect(9400, 13090, 9900, 13320), rect(9550, 13150, 9650, 13250)}},
      {"PC2026-03-3", "城西弹性发展区地块", {rect(6300, 11000, 6600, 11250)}},
  };
  LayerBuilder batch = txt_layer("PC2026-03");
  for (const Plot& p : kPlots)
    batch.add(polygon(p.rings), {{"DKBH", std::string(p.id)},
                                 {"DKMC", std::string(p.name)},
                                 {"DKYT", std::string("城镇建设用地")}});
  county.txt.emplace_back("PC2026-03.txt", batch.take());
}

}  // namespace tudi::synth
