// The demo's text files: the project file (tudi.toml), the projects for `tudi match` and the
// scenario for `tudi zones`. Their formats are documented in gis-data/README.md.

#include <cstdio>

#include "tudi/synth/layout.hpp"
#include "tudi/synth/parts.hpp"

namespace tudi::synth {
namespace {

/// WKT of a local ring in EPSG:4526.
std::string wkt(const Ring& r) {
  std::string out = "POLYGON ((";
  for (std::size_t i = 0; i <= r.size(); ++i) {
    const XY& p = r[i % r.size()];
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.3f %.3f", i ? ", " : "", kOriginX + p.x, kOriginY + p.y);
    out += buf;
  }
  return out + "))";
}

}  // namespace

std::string make_project_toml() {
  return R"(# 卫源县 (a fictional county of 新乡市, 河南省): the tudi demo project.
# Made by `tudi synth gis-data/demo --seed 2026 --overwrite`; gis-data/README.md describes every
# layer, the mess each one carries on purpose, and the cases the analyses should find.

[analysis]
crs = "EPSG:4526"
as_of = "2026-11-22"

# The title page of `tudi report`.
[report]
title = "卫源县土地供应与规划分析报告"
organisation = "卫源县自然资源和规划局"

# 生态保护红线: Shapefile (UTF-8 with .cpg) in EPSG:4547, eastings without the zone prefix.
[layers.redline]
source = "STBHHX.shp"
encoding = "auto"

# 永久基本农田: GBK Shapefile without .cpg and language-driver byte 0; two bow-tie plots.
[layers.farmland]
source = "YJJBNTTB.shp"
encoding = "auto"
[layers.farmland.fields]
id = "JBNTTBBH"  # the layer also has TBBH: the id must be named
land_class = "DLBM"

# 城镇开发边界 and the land-use survey: one GeoPackage, two layers.
[layers.urban]
source = "county.gpkg"
layer = "CZKFBJ"
encoding = "auto"

[layers.landuse]
source = "county.gpkg"
layer = "DLTB"
encoding = "auto"

# 开发区: GeoJSON in EPSG:4490 (CGCS2000 longitude/latitude).
[layers.zones]
source = "KFQ.geojson"
encoding = "auto"

# The land-supply parcel inventory and the approval batches: one GeoPackage.
[layers.parcels]
source = "supply.gpkg"
layer = "GDDK"
encoding = "auto"

[layers.approvals]
source = "supply.gpkg"
layer = "PZWJSTD"
encoding = "auto"

# 拟建项目: GBK Shapefile with .cpg. The same boundaries come as 界址点 TXT files in
# proposals_txt/ (use `--proposals proposals_txt`).
[layers.proposals]
source = "proposals.shp"
encoding = "auto"

# 重点项目台账 (the bureau's major-project ledger), for `tudi ledger` and the report's section.
[ledger]
file = "ledger.xlsx"

# DLTB above is a coarse 500 m mosaic made for expansion candidates: too coarse to count a
# zone's built land by (it would give 建成率 far above 100 %), so the zone indicators take built
# land from the parcels here, and zones.json / zones.xlsx say so. A real 三调 layer needs no
# override (rules/zones.toml [built]).
[zones.built]
codes = []
)";
}

std::string make_projects_csv() {
  return "项目编号,项目名称,行业代码,行业名称,污染类别,固定资产投资(万元),年税收(万元),"
         "用地需求下限(亩),用地需求上限(亩),计划容积率,单位增加值能耗(吨标煤/万元),"
         "单位增加值排放(千克/万元),意向开发区,必需基础设施,投资主体\r\n"
         "ZS2026-01,年产5万台套汽车零部件项目,C3670,汽车零部件及配件制造,2,37500,2250,100,"
         "130,1.3,0.35,1.5,卫源经济技术开发区,,河南卫源恒通汽车零部件有限公司\r\n"
         "ZS2026-02,智能电网成套装备产业园项目,C3824,电力电子元器件制造,1,52000,3500,150,"
         "165,1.5,0.3,0.6,卫源高新技术产业开发区,,河南卫源森科智能电气股份有限公司\r\n"
         "ZS2026-03,高端光电子器件项目,C3976,光电子器件制造,1,36000,2000,70,130,1.6,"
         "0.25,0.5,卫源高新技术产业开发区,,新乡市华锐电子科技有限公司\r\n"
         "ZS2026-04,片式电子元件项目,C3981,电阻电容电感元件制造,1,28000,1700,75,85,1.4,"
         "0.2,0.4,卫源高新技术产业开发区,,河南卫源博远电子科技有限公司\r\n"
         "ZS2026-05,农机配件加工项目,C3311,金属结构制造,2,6000,300,60,90,0.9,0.5,"
         "2.5,,,卫源县鑫达农机配件有限公司\r\n"
         "ZS2026-06,新型干法水泥粉磨站项目,C3011,水泥制造,3,30000,1500,90,110,0.6,"
         "1.2,2.8,卫源柳林产业集聚区,,河南豫北建材有限公司\r\n"
         "ZS2026-07,精密冷轧钢管项目,C3130,钢压延加工,3,24800,1300,95,115,1.0,0.8,"
         "2.5,卫源柳林产业集聚区,,河南卫源隆基精密钢管有限公司\r\n"
         "ZS2026-08,速冻米面食品项目,C1431,米、面制品制造,1,24000,400,90,110,1.1,0.3,"
         "1.2,卫源柳林产业集聚区,,河南豫丰食品有限公司\r\n"
         "ZS2026-09,智慧仓储配送中心项目,G5920,通用仓储,1,16600,830,80,100,1.0,0.1,"
         "0.2,卫源太平现代物流产业园,,河南卫源万里物流有限公司\r\n"
         "ZS2026-10,锂电池隔膜项目,C3841,锂离子电池制造,2,40000,2500,100,130,0.6,"
         "0.4,0.9,卫源高新技术产业开发区,,河南卫源锦程新能源材料有限公司\r\n"
         "ZS2026-11,生物疫苗原液生产项目,C2761,生物药品制造,2,40000,2500,110,130,1.2,"
         "0.3,0.8,卫源高新技术产业开发区,燃气、供热,河南卫源康泰生物制药有限公司\r\n"
         "ZS2026-12,区域冷链物流枢纽项目,G5930,低温仓储,1,60000,3000,400,500,0.8,"
         "0.2,0.3,,,河南豫北冷链物流有限公司\r\n";
}

std::string make_scenario_toml() {
  const layout::Zone& jk = layout::kZones[layout::kJK];
  const layout::Zone& gx = layout::kZones[layout::kGX];
  const layout::Zone& ll = layout::kZones[layout::kLL];
  const layout::Zone& tp = layout::kZones[layout::kTP];
  // The county seat's urban boundary runs from (14800, 8200) to (14900, 11700); the 经开区
  // reaches 15000 east. Dropping what lies east of that edge brings the zone inside.
  const Ring drop = {{14800, 8200}, {15100, 8200}, {15100, 11700}, {14900, 11700}};
  const Ring expand = rect(17600, 3700, 18300, 4900);
  std::string s;
  s += "# 卫源县开发区整合扩区方案（2027）: a scenario for `tudi zones --scenario scenario.toml`.\n";
  s += "# Steps run in order. A zone is named by its id (KFQDM) or its name, including zones made\n";
  s += "# by earlier steps. Polygons are WKT in `crs`. Format: gis-data/README.md.\n\n";
  s += "name = \"卫源县开发区整合扩区方案（2027）\"\n";
  s += "crs = \"EPSG:4526\"\n\n";
  s += "# 一区多园: the 经开区 and the 高新区 become one provincial 高新区 with two parks.\n";
  s += "[[step]]\nop = \"merge\"\n";
  s += "zones = [\"" + std::string(jk.id) + "\", \"" + std::string(gx.id) + "\"]\n";
  s += "id = \"" + std::string(gx.id) + "\"\n";
  s += "name = \"卫源高新区\"\n";
  s += "level = \"省级\"\nkind = \"高新技术产业开发区\"\neval_type = \"产城融合型\"\n\n";
  s += "# The 柳林产业集聚区 grows east by a drawn polygon: it crosses the urban boundary and\n";
  s += "# reaches the east farmland block.\n";
  s += "[[step]]\nop = \"expand\"\nzone = \"" + std::string(ll.id) + "\"\n";
  s += "polygon = \"" + wkt(expand) + "\"\n\n";
  s += "# The 物流产业园 grows by 300 m all round: west it meets farmland outside the town.\n";
  s += "[[step]]\nop = \"expand\"\nzone = \"" + std::string(tp.name) + "\"\n";
  s += "buffer = 300.0  # metres\n\n";
  s += "# The strip of the merged zone east of the urban boundary is taken out (调出).\n";
  s += "[[step]]\nop = \"drop\"\nzone = \"卫源高新区\"\n";
  s += "polygon = \"" + wkt(drop) + "\"\n";
  return s;
}

}  // namespace tudi::synth
