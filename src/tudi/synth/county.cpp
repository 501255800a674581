// The demo county: the fixed layout turned into layers (urban, zones, red line, land use), and
// make_county, which builds every part in a fixed order from one seed.

#include <cstdio>
#include <map>

#include "tudi/core/error.hpp"
#include "tudi/synth/layout.hpp"
#include "tudi/synth/parts.hpp"

namespace tudi::synth {
namespace {

geom::Geometry river_line() {
  std::string wkt = "LINESTRING (";
  for (std::size_t i = 0; i < layout::kRiver.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.3f %.3f", i ? ", " : "", kOriginX + layout::kRiver[i].x,
                  kOriginY + layout::kRiver[i].y);
    wkt += buf;
  }
  return geom::from_wkt(wkt + ")");
}

geom::Geometry county_square() { return polygon(rect(0, 0, kCountySize, kCountySize)); }

/// The river's red-line corridor and its water channel, clipped to the county.
geom::Geometry river_buffer(double half_width) {
  return geom::polygonal_part(
      geom::intersection(geom::snap_to_grid(geom::buffer(river_line(), half_width, 8), 0.001),
                         county_square(), 0.001));
}

struct ZoneFacts {
  const char* level;
  const char* kind;
  const char* eval_type;
  const char* approved;
  double approved_ha;
  const char* approver;
  const char* lead;
  const char* negative;
};
// Lead industries and negative lists: items separated by "、", each a GB/T 4754-2017 code
// (section letter + 2–4 digits) and its name; a code covers every class it prefixes.
const ZoneFacts kZoneFacts[] = {
    {"省级", "经济技术开发区", "工业主导型", "2006-03-15", 600, "河南省人民政府",
     "C34 通用设备制造业、C36 汽车制造业、C38 电气机械和器材制造业",
     "C2511 原油加工及石油制品制造、C2614 有机化学原料制造、C3011 水泥制造、C3211 铜冶炼、"
     "C3360 金属表面处理及热处理加工"},
    {"省级", "高新技术产业开发区", "产城融合型", "2012-09-26", 420, "河南省人民政府",
     "C39 计算机、通信和其他电子设备制造业、C27 医药制造业、C3841 锂离子电池制造",
     "C25 石油、煤炭及其他燃料加工业、C26 化学原料和化学制品制造业、C30 非金属矿物制品业、"
     "C31 黑色金属冶炼和压延加工业、C32 有色金属冶炼和压延加工业"},
    {"省级", "产业集聚区", "工业主导型", "2009-06-30", 380, "河南省人民政府",
     "C13 农副食品加工业、C14 食品制造业、C33 金属制品业",
     "C2511 原油加工及石油制品制造、C2614 有机化学原料制造、C3011 水泥制造"},
    {"市级", "物流园区", "工业主导型", "2016-08-18", 180, "新乡市人民政府",
     "G59 装卸搬运和仓储业、G54 道路运输业、F51 批发业",
     "C25 石油、煤炭及其他燃料加工业、C26 化学原料和化学制品制造业、C3011 水泥制造"},
};

}  // namespace

Ctx::Ctx(std::uint64_t s)
    : seed(s),
      root(s),
      gazetteer(root.fork(0x6A2)),
      ellipsoidal(crs::Crs::from_epsg(kWorkingEpsg)) {}

const FarmCell& Ctx::cell(int block, int i, int j) const {
  for (const FarmCell& c : cells)
    if (c.block == block && c.i == i && c.j == j) return c;
  throw Error("tudi synth", "farmland block " + std::to_string(block) + " has no plot (" +
                                std::to_string(i) + ", " + std::to_string(j) + ")");
}

double Ctx::official_area(const geom::Geometry& g) const { return round_to(ellipsoidal(g), 2); }

std::vector<FieldDef> urban_fields() {
  return {{"BSM", FieldType::Integer}, {"XZQDM", FieldType::String}, {"XZQMC", FieldType::String},
          {"MC", FieldType::String},   {"GNFQ", FieldType::String},  {"MJ", FieldType::Real}};
}

std::vector<FieldDef> zone_fields() {
  return {{"KFQDM", FieldType::String}, {"KFQMC", FieldType::String}, {"JB", FieldType::String},
          {"KFQLX", FieldType::String}, {"PJLX", FieldType::String},  {"PZRQ", FieldType::Date},
          {"PZMJ", FieldType::Real},    {"PZJG", FieldType::String},  {"ZDCY", FieldType::String},
          {"FMQD", FieldType::String},  {"GLJG", FieldType::String},  {"TZQD", FieldType::Real},
          {"SSQD", FieldType::Real},    {"RJLXX", FieldType::Real},   {"RJLSX", FieldType::Real},
          {"NHBZ", FieldType::Real},    {"PFQD", FieldType::Real},    {"PFBZ", FieldType::String}};
}

Layer make_urban(Ctx& ctx) {
  LayerBuilder out("CZKFBJ", "urban", kWorkingEpsg, urban_fields());
  std::int64_t bsm = 1;
  for (const layout::UrbanArea& u : layout::kUrban) {
    geom::Geometry g = polygon(u.ring);
    const double ha = ctx.official_area(g) / 10000;
    out.add(std::move(g), {{"BSM", bsm++},
                           {"XZQDM", std::string(kCountyCode)},
                           {"XZQMC", std::string(kCounty)},
                           {"MC", std::string(u.name)},
                           {"GNFQ", std::string(u.function_zone)},
                           {"MJ", round_to(ha, 4)}});
  }
  return out.take();
}

Layer make_zones(Ctx&) {
  LayerBuilder out("KFQ", "zones", kWorkingEpsg, zone_fields());
  for (std::size_t z = 0; z < layout::kZones.size(); ++z) {
    const layout::Zone& zone = layout::kZones[z];
    const ZoneFacts& f = kZoneFacts[z];
    const std::size_t i = out.add(polygon(zone.ring), {{"KFQDM", std::string(zone.id)},
                                 {"KFQMC", std::string(zone.name)},
                                 {"JB", std::string(f.level)},
                                 {"KFQLX", std::string(f.kind)},
                                 {"PJLX", std::string(f.eval_type)},
                                 {"PZRQ", std::string(f.approved)},
                                 {"PZMJ", f.approved_ha},
                                 {"PZJG", std::string(f.approver)},
                                 {"ZDCY", std::string(f.lead)},
                                 {"FMQD", std::string(f.negative)},
                                 {"GLJG", std::string(zone.name) + "管理委员会"}});
    if (const layout::Indicators& ind = layout::kZoneIndicators[z]; ind.on_zone) {
      out.set(i, "TZQD", ind.investment);
      out.set(i, "SSQD", ind.tax);
      out.set(i, "RJLXX", ind.far_min);
      out.set(i, "RJLSX", ind.far_max);
      out.set(i, "NHBZ", ind.energy);
      out.set(i, "PFQD", ind.emission_intensity);
      out.set(i, "PFBZ", std::string(ind.emission));
    }
  }
  return out.take();
}

Layer make_redline(Ctx& ctx) {
  LayerBuilder out("STBHHX", "redline", kWorkingEpsg,
                   {{"BSM", FieldType::Integer}, {"HXMC", FieldType::String},
                    {"HXLX", FieldType::String}, {"GKFQ", FieldType::String},
                    {"BHDMC", FieldType::String}, {"XZQMC", FieldType::String},
                    {"MJ", FieldType::Real}});
  const geom::Geometry taihang = polygon(layout::kTaihang);
  geom::Geometry core = polygon(layout::kTaihangCore);
  geom::Geometry general = geom::polygonal_part(geom::difference(taihang, core, 0.001));
  std::int64_t bsm = 1;
  auto add = [&](geom::Geometry g, const char* name, const char* type, const char* control,
                 const char* reserve) {
    const double ha = ctx.official_area(g) / 10000;
    out.add(std::move(g), {{"BSM", bsm++},
                           {"HXMC", std::string(name)},
                           {"HXLX", std::string(type)},
                           {"GKFQ", std::string(control)},
                           {"BHDMC", text(reserve)},
                           {"XZQMC", std::string(kCounty)},
                           {"MJ", round_to(ha, 4)}});
  };
  add(std::move(general), "太行山水源涵养生态保护红线", "水源涵养", "一般控制区", "");
  add(std::move(core), "太行山水源涵养生态保护红线", "水源涵养", "核心保护区",
      "河南太行山猕猴国家级自然保护区");
  add(river_buffer(layout::kRiverCorridor), "卫河湿地生物多样性维护生态保护红线",
      "生物多样性维护", "一般控制区", "卫河国家湿地公园");
  add(polygon(layout::kSouthHills), "南部岗地水土保持生态保护红线", "水土保持", "一般控制区", "");
  return out.take();
}

Layer make_landuse(Ctx& ctx) {
  LayerBuilder out("DLTB", "landuse", kWorkingEpsg,
                   {{"BSM", FieldType::Integer}, {"TBBH", FieldType::String},
                    {"DLBM", FieldType::String}, {"DLMC", FieldType::String},
                    {"QSXZ", FieldType::String}, {"QSDWDM", FieldType::String},
                    {"QSDWMC", FieldType::String}, {"ZLDWDM", FieldType::String},
                    {"ZLDWMC", FieldType::String}, {"KCXS", FieldType::Real},
                    {"KCMJ", FieldType::Real}, {"TBMJ", FieldType::Real},
                    {"TBDLMJ", FieldType::Real}, {"GDDB", FieldType::Integer},
                    {"SJNF", FieldType::Integer}});
  static const std::map<std::string, const char*> kNames = {
      {"0101", "水田"},       {"0102", "水浇地"},         {"0103", "旱地"},
      {"0201", "果园"},       {"0204", "其他园地"},       {"0301", "乔木林地"},
      {"0305", "灌木林地"},   {"0307", "其他林地"},       {"0404", "其他草地"},
      {"0508", "物流仓储用地"}, {"05H1", "商业服务业设施用地"}, {"0601", "工业用地"},
      {"0701", "城镇住宅用地"}, {"0702", "农村宅基地"},   {"0810", "公园与绿地"},
      {"1004", "城镇村道路用地"}, {"1006", "农村道路"},   {"1101", "河流水面"},
      {"1104", "坑塘水面"},   {"1202", "设施农用地"}};
  struct Mix {
    std::vector<const char*> codes;
    std::vector<double> weights;
  };
  const Mix kMountain{{"0301", "0305", "0307", "0404"}, {50, 25, 10, 15}};
  const Mix kHills{{"0305", "0204", "0301", "0404"}, {40, 20, 20, 20}};
  const Mix kZone{{"0601", "0508", "1004", "0701", "05H1"}, {65, 10, 10, 10, 5}};
  const Mix kLogistics{{"0508", "0601", "1004"}, {60, 25, 15}};
  const Mix kTown{{"0701", "05H1", "1004", "0810", "0601"}, {55, 20, 12, 8, 5}};
  const Mix kRural{{"0103", "0102", "0702", "0201", "0301", "1006", "1104", "1202"},
                   {45, 25, 12, 4, 3, 4, 3, 2}};

  Rng rng = ctx.root.fork(0xD17B);
  // 耕地质量等别 (1 best … 15) of the cultivated polygons: its own stream, so that the grades
  // never move a polygon.
  Rng grades = ctx.root.fork(0x6DDB);
  constexpr int kN = 40;
  constexpr double kCell = kCountySize / kN;
  std::vector<XY> v((kN + 1) * (kN + 1));
  auto V = [&](int i, int j) -> XY& { return v[static_cast<std::size_t>(j * (kN + 1) + i)]; };
  for (int j = 0; j <= kN; ++j)
    for (int i = 0; i <= kN; ++i) {
      const bool ex = i == 0 || i == kN, ey = j == 0 || j == kN;
      V(i, j) = mm(XY{i * kCell + (ex ? 0 : rng.uniform(-60, 60)),
                      j * kCell + (ey ? 0 : rng.uniform(-60, 60))});
    }
  const geom::Geometry water = river_buffer(layout::kRiverChannel);
  const Envelope water_env = geom::envelope(water);
  std::map<std::string, int> per_village;
  std::int64_t bsm = 1;

  auto add = [&](geom::Geometry g, const std::string& code, XY at) {
    if (geom::is_empty(g) || geom::area(g) < 1.0) return;
    const bool state = code == "0508" || code == "05H1" || code == "0601" || code == "0701" ||
                       code == "0810" || code == "1004" || code == "1101";
    const Village& vil = ctx.gazetteer.at(at);
    const double tbmj = ctx.official_area(g);
    const double kcxs = code.starts_with("01") ? round_to(rng.uniform(0.008, 0.045), 4) : 0.0;
    const double kcmj = round_to(tbmj * kcxs, 2);
    char tbbh[16];
    std::snprintf(tbbh, sizeof tbbh, "%d", ++per_village[vil.code]);
    out.add(std::move(g), {{"BSM", bsm++},
                           {"TBBH", std::string(tbbh)},
                           {"DLBM", code},
                           {"DLMC", std::string(kNames.at(code))},
                           {"QSXZ", std::string(state ? "10" : "30")},
                           {"QSDWDM", state ? std::string(kCountyCode) + "0000000000000"
                                            : vil.code + "0000000"},
                           {"QSDWMC", state ? std::string(kCounty) : vil.name},
                           {"ZLDWDM", vil.code + "0000000"},
                           {"ZLDWMC", vil.full()},
                           {"KCXS", kcxs},
                           {"KCMJ", kcmj},
                           {"TBMJ", tbmj},
                           {"TBDLMJ", round_to(tbmj - kcmj, 2)},
                           {"GDDB", code.starts_with("01") ? Value(grades.integer(5, 9)) : Value()},
                           {"SJNF", std::int64_t(2023)}});
  };

  for (int j = 0; j < kN; ++j)
    for (int i = 0; i < kN; ++i) {
      const Ring r = {V(i, j), V(i + 1, j), V(i + 1, j + 1), V(i, j + 1)};
      const XY c = centroid(r);
      const Mix* mix = &kRural;
      const char* fixed = nullptr;
      int zone = -1;
      for (std::size_t z = 0; z < layout::kZones.size(); ++z)
        if (inside(layout::kZones[z].ring, c)) zone = static_cast<int>(z);
      bool urban = false;
      for (const layout::UrbanArea& u : layout::kUrban) urban = urban || inside(u.ring, c);
      const layout::FarmBlock* farm = nullptr;
      for (const layout::FarmBlock& b : layout::kFarmBlocks)
        if (c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1) farm = &b;
      if (inside(layout::kTaihang, c)) mix = &kMountain;
      else if (inside(layout::kSouthHills, c)) mix = &kHills;
      else if (zone == layout::kTP) mix = &kLogistics;
      else if (zone >= 0) mix = &kZone;
      else if (urban) mix = &kTown;
      else if (farm) {
        const double d = rng.uniform();
        fixed = d < farm->paddy ? "0101" : d < farm->paddy + (1 - farm->paddy) * 0.55 ? "0102" : "0103";
      }
      const std::string code = fixed ? fixed : mix->codes[rng.weighted(mix->weights)];
      geom::Geometry g = polygon(r);
      if (geom::envelope(g).intersects(water_env) && geom::intersects(g, water)) {
        geom::Geometry wet = geom::polygonal_part(geom::intersection(g, water, 0.001));
        geom::Geometry dry = geom::polygonal_part(geom::difference(g, water, 0.001));
        for (int k = 0; k < geom::num_parts(dry); ++k) add(geom::part(dry, k), code, c);
        for (int k = 0; k < geom::num_parts(wet); ++k) add(geom::part(wet, k), "1101", c);
      } else {
        add(std::move(g), code, c);
      }
    }
  return out.take();
}

County make_county(std::uint64_t seed) {
  Ctx ctx(seed);
  County county;
  county.urban = make_urban(ctx);
  county.zones = make_zones(ctx);
  county.redline = make_redline(ctx);
  county.farmland = make_farmland(ctx);
  county.landuse = make_landuse(ctx);
  make_supply(ctx, county);
  make_proposals(ctx, county);
  county.project_toml = make_project_toml();
  county.projects_csv = make_projects_csv();
  county.scenario_toml = make_scenario_toml();
  county.ledger = make_ledger();
  return county;
}

}  // namespace tudi::synth
