// The land-supply inventory (供地地块, GDDK) and the approval batches (批次, PZWJSTD).
// Every parcel is a designed case: each readiness reason, each idle-land status at the as-of
// date (2026-11-22) with its boundary dates, inefficient built land, data errors, and dates
// typed in every format bureaus use. gis-data/README.md lists them.

#include <cstdio>
#include <map>
#include <set>

#include "tudi/core/error.hpp"
#include "tudi/core/units.hpp"
#include "tudi/synth/layout.hpp"
#include "tudi/synth/parts.hpp"

namespace tudi::synth {
namespace {

enum class Case {
  // Not supplied (GDRQ empty): readiness cases.
  Ready, Standard, NoExpropriation, NoExpropriationTitle, TitleUnclear, Infrastructure,
  NoInfrastructure, NoPlanning, NotIndustrial, OnFarmland, OnRedline, OutsideUrban, OutsideZone,
  BuiltUnsupplied,
  // Supplied: idle-land cases at the as-of date.
  Built, BuiltLow, Residential, Commercial, Allocated, Construction, EarlyStart, NotDue, Idle2y,
  Idle2yEdge, Idle1y, Idle1yEdge, Warning, WarningEdge, SuspendedArea, SuspendedInvest,
  SuspendedOld, SuspendedNotIdle, Government, UnknownNoAgreed, UnknownBadDate, ShareOver100,
  StartBeforeSupply,
};

bool supplied(Case c) { return c >= Case::Built; }

struct Batch {
  const char* id;
  const char* name;
  const char* doc;   // 批准文号
  const char* date;  // 批准日期
  const char* kind;  // 批准类型
};
const Batch kBatches[] = {
    {"PC2018-01", "卫源县2018年度第一批次城镇建设用地", "豫政土〔2018〕213号", "2018-06-12", "城镇批次建设用地"},
    {"PC2019-01", "卫源县2019年度第一批次城镇建设用地", "豫政土〔2019〕347号", "2019-09-20", "城镇批次建设用地"},
    {"PC2020-01", "卫源县2020年度第一批次城镇建设用地", "豫政土〔2020〕402号", "2020-11-05", "城镇批次建设用地"},
    {"DX2021-01", "卫源县生活垃圾焚烧发电项目", "豫政土〔2021〕88号", "2021-06-28", "单独选址建设项目用地"},
    {"PC2022-01", "卫源县2022年度第一批次城镇建设用地", "豫政土〔2022〕156号", "2022-03-18", "城镇批次建设用地"},
    {"PC2023-01", "卫源县2023年度第一批次城镇建设用地", "豫政土〔2023〕95号", "2023-05-26", "城镇批次建设用地"},
    {"PC2024-01", "卫源县2024年度第一批次城镇建设用地", "豫政土〔2024〕131号", "2024-08-09", "城镇批次建设用地"},
    {"PC2025-01", "卫源县2025年度第一批次城镇建设用地", "豫政土〔2025〕77号", "2025-06-30", "城镇批次建设用地"},
    {"PC2026-01", "卫源县2026年度第一批次城镇建设用地", "豫政土〔2026〕52号", "2026-04-15", "城镇批次建设用地"},
};
enum { B2018, B2019, B2020, B2021, B2022, B2023, B2024, B2025, B2026, kNoBatch = -1 };

constexpr int kOutside = -1;  // not in a zone: the parcel's rectangle is given explicitly
enum Part { Whole, WestHalf, EastHalf };

/// One parcel of the plan.
struct Plan {
  int zone, col, row;
  Part part;
  Case c;
  int batch = kNoBatch;
  const char* use = nullptr;  // 规划用途 (用地用海 code); supplied industry parcels: from the firm
  int year = 0;               // supply year of parcels supplied before the batches on record
  DateStyle style = DateStyle::Iso;
  Ring ring = {};             // explicit shape (kOutside, or special placement)
};

using L = layout::ZoneIndex;
const std::vector<Plan>& plans() {
  static const std::vector<Plan> kPlans = {
      // 经开区 (JK): built-up south rows supplied before 2018, then one row per batch.
      {L::kJK, 0, 0, Whole, Case::Built, kNoBatch, nullptr, 2012, DateStyle::Slash},
      {L::kJK, 1, 0, Whole, Case::BuiltLow, kNoBatch, nullptr, 2012, DateStyle::Dot},
      {L::kJK, 2, 0, Whole, Case::Built, kNoBatch, nullptr, 2013, DateStyle::Compact},
      {L::kJK, 3, 0, Whole, Case::BuiltLow, kNoBatch, nullptr, 2013},  // drawn with a knot
      {L::kJK, 6, 0, Whole, Case::Built, kNoBatch, nullptr, 2014},
      {L::kJK, 0, 1, Whole, Case::SuspendedOld, kNoBatch, nullptr, 2015},
      {L::kJK, 1, 1, Whole, Case::Built, kNoBatch, nullptr, 2014},
      {L::kJK, 2, 1, Whole, Case::SuspendedNotIdle, kNoBatch, nullptr, 2015},
      {L::kJK, 3, 1, Whole, Case::BuiltLow, kNoBatch, nullptr, 2011},
      {L::kJK, 5, 1, Whole, Case::OnFarmland, kNoBatch, "100102"},
      {L::kJK, 6, 1, Whole, Case::Built, kNoBatch, nullptr, 2016},
      {L::kJK, 0, 2, Whole, Case::Ready, kNoBatch, "100102"},
      {L::kJK, 1, 2, Whole, Case::Built, kNoBatch, nullptr, 2016},
      {L::kJK, 2, 2, Whole, Case::BuiltLow, kNoBatch, nullptr, 2016},
      {L::kJK, 3, 2, Whole, Case::ShareOver100, kNoBatch, nullptr, 2016},
      {L::kJK, 4, 2, Whole, Case::Built, kNoBatch, nullptr, 2017},
      {L::kJK, 5, 2, Whole, Case::Built, kNoBatch, nullptr, 2017},
      {L::kJK, 0, 3, Whole, Case::Built, B2018},
      {L::kJK, 1, 3, Whole, Case::Built, B2018},
      {L::kJK, 2, 3, Whole, Case::BuiltLow, B2018},
      {L::kJK, 3, 3, Whole, Case::Built, B2018},
      {L::kJK, 4, 3, Whole, Case::Built, B2018},
      {L::kJK, 0, 4, Whole, Case::Construction, B2020},
      {L::kJK, 1, 4, Whole, Case::Built, B2020},
      {L::kJK, 2, 4, Whole, Case::StartBeforeSupply, B2020},
      {L::kJK, 3, 4, Whole, Case::BuiltUnsupplied, B2020, "100102"},
      {L::kJK, 4, 4, Whole, Case::TitleUnclear, B2020, "100102"},
      {L::kJK, 7, 4, Whole, Case::OutsideUrban, kNoBatch, "100102"},
      {L::kJK, 0, 5, Whole, Case::Idle2y, B2022},
      {L::kJK, 1, 5, Whole, Case::Government, B2022},
      {L::kJK, 2, 5, Whole, Case::SuspendedArea, B2022},
      {L::kJK, 3, 5, Whole, Case::Built, B2022},
      {L::kJK, 0, 6, Whole, Case::Idle2yEdge, B2023},
      {L::kJK, 1, 6, Whole, Case::Idle1y, B2023, nullptr, 0, DateStyle::ExcelSerial},
      {L::kJK, 2, 6, Whole, Case::SuspendedInvest, B2023},
      {L::kJK, 3, 6, Whole, Case::Standard, B2023, "100102"},
      {L::kJK, 4, 6, Whole, Case::Ready, B2023, "100101"},
      {L::kJK, 0, 7, Whole, Case::Idle1yEdge, B2024},
      {L::kJK, 1, 7, Whole, Case::Warning, B2024, nullptr, 0, DateStyle::Slash},
      {L::kJK, 2, 7, Whole, Case::WarningEdge, B2024},
      {L::kJK, 3, 7, Whole, Case::UnknownNoAgreed, B2024},
      {L::kJK, 0, 8, Whole, Case::NotDue, B2025, nullptr, 0, DateStyle::Dot},
      {L::kJK, 1, 8, Whole, Case::EarlyStart, B2025, nullptr, 0, DateStyle::Compact},
      {L::kJK, 2, 8, Whole, Case::UnknownBadDate, B2025},
      {L::kJK, 3, 8, Whole, Case::Standard, B2025, "100102"},
      {L::kJK, 4, 8, Whole, Case::Standard, B2025, "100101"},
      {L::kJK, 0, 9, Whole, Case::NoPlanning, kNoBatch, "100102"},
      {L::kJK, 1, 9, Whole, Case::Infrastructure, kNoBatch, "100102"},
      {L::kJK, 2, 9, Whole, Case::Standard, kNoBatch, "100102"},  // 七通一平
      // 高新区 (GX): an 产城融合型 zone with housing and shops.
      {L::kGX, 0, 0, Whole, Case::Built, B2022},
      {L::kGX, 1, 0, Whole, Case::Built, B2022},
      {L::kGX, 2, 0, Whole, Case::Residential, kNoBatch, "070102", 2013},
      {L::kGX, 3, 0, Whole, Case::Commercial, kNoBatch, "090101", 2014},
      {L::kGX, 4, 0, Whole, Case::BuiltLow, kNoBatch, nullptr, 2015},
      {L::kGX, 5, 0, Whole, Case::Built, kNoBatch, nullptr, 2017},
      {L::kGX, 0, 1, WestHalf, Case::Ready, B2024, "100101"},
      {L::kGX, 0, 1, EastHalf, Case::Infrastructure, B2024, "100101"},
      {L::kGX, 1, 1, WestHalf, Case::Standard, B2024, "100101"},  // the adjacent ~80 亩 pair
      {L::kGX, 1, 1, EastHalf, Case::Standard, B2024, "100101"},
      {L::kGX, 2, 1, Whole, Case::NoPlanning, B2024, "100101"},
      {L::kGX, 3, 1, Whole, Case::Construction, B2024},
      {L::kGX, 0, 2, Whole, Case::NoExpropriation, B2026, "100101"},
      {L::kGX, 1, 2, Whole, Case::NoExpropriationTitle, B2026, "100101"},
      {L::kGX, 2, 2, Whole, Case::NoInfrastructure, B2026, "100101"},
      {L::kGX, 0, 3, Whole, Case::NotIndustrial, kNoBatch, "070102"},
      {L::kGX, 1, 3, Whole, Case::Residential, kNoBatch, "070102", 2016},
      {L::kGX, 2, 3, Whole, Case::Built, kNoBatch, nullptr, 2017},
      {L::kGX, 0, 4, Whole, Case::Built, kNoBatch, nullptr, 2015},
      // 柳林产业集聚区 (LL)
      {L::kLL, 0, 0, Whole, Case::Built, B2019},
      {L::kLL, 1, 0, Whole, Case::Built, B2019},
      {L::kLL, 2, 0, Whole, Case::BuiltLow, B2019},
      {L::kLL, 3, 0, Whole, Case::Built, B2019},
      {L::kLL, 4, 0, Whole, Case::BuiltLow, kNoBatch, nullptr, 2011, DateStyle::ExcelSerial},
      {L::kLL, 5, 0, Whole, Case::Built, kNoBatch, nullptr, 2012},
      {L::kLL, 6, 0, Whole, Case::Built, kNoBatch, nullptr, 2014},
      {L::kLL, 0, 1, Whole, Case::Built, B2023},
      {L::kLL, 1, 1, Whole, Case::Construction, B2023},
      {L::kLL, 2, 1, Whole, Case::Standard, B2023, "100103"},
      {L::kLL, 3, 1, Whole, Case::Ready, kNoBatch, "100102"},
      {L::kLL, 2, 2, Whole, Case::NoExpropriation, B2026, "100102"},
      {L::kLL, 3, 2, Whole, Case::NoExpropriation, B2026, "100102"},
      {L::kLL, 0, 3, Whole, Case::Idle2y, B2020},
      {L::kLL, 0, 0, Whole, Case::OnRedline, kNoBatch, "100102", 0, DateStyle::Iso,
       rect(15050, 5380, 15350, 5660)},
      // 物流产业园 (TP)
      {L::kTP, 0, 0, Whole, Case::Built, kNoBatch, "110101", 2017},
      {L::kTP, 1, 0, Whole, Case::Built, kNoBatch, "110101", 2018},
      {L::kTP, 2, 0, Whole, Case::BuiltLow, kNoBatch, "110101", 2017},
      {L::kTP, 0, 1, Whole, Case::Construction, B2025, "110101"},
      {L::kTP, 1, 1, Whole, Case::Standard, B2025, "110101"},
      {L::kTP, 2, 1, Whole, Case::Ready, B2025, "110101"},
      // Outside every zone.
      {kOutside, 0, 0, Whole, Case::OutsideZone, kNoBatch, "100102", 0, DateStyle::Iso,
       rect(9500, 10300, 9800, 10550)},
      {kOutside, 0, 0, Whole, Case::Allocated, B2021, "1309", 0, DateStyle::Iso,
       rect(12800, 7300, 13100, 7600)},
  };
  return kPlans;
}

/// Industries firms in each zone come from (GB/T 4754-2017).
const std::vector<const char*> kZoneIndustries[] = {
    {"C3670", "C343", "C3511", "C3311", "C3824"},
    {"C3976", "C3981", "C3985", "C2761", "C2720", "C3841"},
    {"C1391", "C1431", "C2929", "C3130"},
    {"G5920", "G5930"},
};

const char* kRoadNames[][2] = {{"经", "纬"}, {"科技", "创新"}, {"兴业", "富民"}, {"物流", "商贸"}};
const char* kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"};

const char* kInfra3 = "供水、供电、道路、场地平整";                  // 三通一平
const char* kInfra5 = "供水、供电、道路、场地平整、通信、排水";      // 五通一平
const char* kInfra7 = "供水、供电、道路、场地平整、通信、排水、燃气、供热";  // 七通一平

/// Cuts one corner of a rectangle (a road-corner chamfer), keeping it counter-clockwise.
Ring chamfer(const Ring& r, int corner, double d) {
  Ring out;
  for (int k = 0; k < 4; ++k) {
    const XY p = r[static_cast<std::size_t>(k)];
    if (k != corner) {
      out.push_back(p);
      continue;
    }
    const XY prev = r[static_cast<std::size_t>((k + 3) % 4)];
    const XY next = r[static_cast<std::size_t>((k + 1) % 4)];
    auto toward = [&](XY q) {
      const XY dq = q - p;
      const double len = std::abs(dq.x) + std::abs(dq.y);  // axis-aligned edges
      return mm(p + dq * (d / len));
    };
    out.push_back(toward(prev));
    out.push_back(toward(next));
  }
  return out;
}

/// A knot at the north-east corner: the ring runs past the corner and back across itself,
/// a typical digitising error (self-intersection).
Ring knot(const Ring& r) {
  const XY ne = r[2];
  return {r[0], r[1], {ne.x, ne.y + 6}, {ne.x + 6, ne.y}, r[3]};
}

}  // namespace

std::vector<FieldDef> parcel_fields() {
  return {{"DKBH", FieldType::String},   {"DKMC", FieldType::String},   {"GHYT", FieldType::String},
          {"ZSWC", FieldType::String},   {"QSQX", FieldType::String},   {"JCSS", FieldType::String},
          {"GHTJ", FieldType::String},   {"GDRQ", FieldType::String},   {"GDFS", FieldType::String},
          {"PZWH", FieldType::String},   {"YDDGRQ", FieldType::String}, {"SJDGRQ", FieldType::String},
          {"TGRQ", FieldType::String},   {"JGRQ", FieldType::String},   {"KFBL", FieldType::Real},
          {"TZBL", FieldType::Real},     {"ZFYY", FieldType::String},   {"CJJK", FieldType::Real},
          {"YDDW", FieldType::String},   {"HYDM", FieldType::String},   {"GDZCTZ", FieldType::Real},
          {"NSS", FieldType::Real},      {"JZMJ", FieldType::Real},     {"JDMJ", FieldType::Real},
          {"TZQD", FieldType::Real},     {"SSQD", FieldType::Real},     {"RJLXX", FieldType::Real},
          {"RJLSX", FieldType::Real},    {"NHBZ", FieldType::Real},     {"PFBZ", FieldType::String},
          {"PFQD", FieldType::Real},
          {"BZ", FieldType::String},     {"JDRQ", FieldType::String},   {"WFJZMJ", FieldType::Real}};
}

void make_supply(Ctx& ctx, County& county) {
  LayerBuilder out("GDDK", "parcels", kWorkingEpsg, parcel_fields());
  Rng rng = ctx.root.fork(0x5A99);
  const Date as_of = parse_iso(kAsOf);
  std::map<std::string, int> seq;
  std::set<std::string> firms;
  std::vector<std::vector<std::size_t>> batch_members(std::size(kBatches));

  for (const Plan& p : plans()) {
    const bool in_zone = p.zone != kOutside;
    const layout::Zone* zone = in_zone ? &layout::kZones[static_cast<std::size_t>(p.zone)] : nullptr;
    Ring r = p.ring;
    if (r.empty()) {
      r = zone->slot(p.col, p.row);
      const double mid = mm((r[0].x + r[1].x) / 2);
      if (p.part == WestHalf) r = rect(r[0].x, r[0].y, mid, r[2].y);
      if (p.part == EastHalf) r = rect(mid, r[0].y, r[1].x, r[2].y);
    }
    const bool builtish = p.c == Case::Built || p.c == Case::BuiltLow ||
                          p.c == Case::Residential || p.c == Case::Commercial;
    if (builtish && rng.chance(0.3)) r = chamfer(r, static_cast<int>(rng.integer(0, 3)), 10);
    geom::Geometry g = polygon(r);
    const double m2 = ctx.official_area(g);
    const double mu = units::m2_to_mu(m2);
    if (in_zone && p.zone == L::kJK && p.col == 3 && p.row == 0) g = polygon(knot(r));

    // Identity: DKBH by zone, DKMC from the roads around the block.
    const std::string prefix = in_zone ? std::string(zone->prefix) : "CQ";
    char dkbh[16];
    std::snprintf(dkbh, sizeof dkbh, "%s-%02d", prefix.c_str(), ++seq[prefix]);
    std::string dkmc;
    if (in_zone && p.c != Case::OnRedline) {
      const auto& roads = kRoadNames[p.zone];
      dkmc = std::string(zone->short_name) + roads[0] + kNumerals[p.col] + "路东、" + roads[1] +
             kNumerals[p.row] + "路北" + (p.part == WestHalf ? "西侧" : p.part == EastHalf ? "东侧" : "") +
             "地块";
    } else if (p.c == Case::OnRedline) {
      dkmc = "柳林产业集聚区卫河南岸地块";
    } else if (p.c == Case::OutsideZone) {
      dkmc = "城关镇健康路西、人民路北地块";
    } else {
      dkmc = "卫源县生活垃圾焚烧发电项目地块";
    }

    const std::size_t f = out.add(std::move(g), {{"DKBH", std::string(dkbh)}, {"DKMC", dkmc}});
    auto set = [&](std::string_view field, Value v) { out.set(f, field, std::move(v)); };
    const Batch* batch = p.batch >= 0 ? &kBatches[p.batch] : nullptr;
    if (batch) {
      set("PZWH", std::string(batch->doc));
      batch_members[static_cast<std::size_t>(p.batch)].push_back(f);
    } else if (supplied(p.c) || p.c == Case::Ready) {
      const int y = p.year ? p.year - 1 : 2016;
      set("PZWH", "豫政土〔" + std::to_string(y) + "〕" + std::to_string(rng.integer(20, 480)) + "号");
    }

    if (!supplied(p.c)) {
      set("GHYT", std::string(p.use));
      set("ZSWC", std::string("是"));
      set("QSQX", std::string("是"));
      set("GHTJ", std::string("是"));
      set("JCSS", std::string(rng.chance(0.5) ? kInfra3 : kInfra5));
      switch (p.c) {
        case Case::Standard: {
          const layout::Indicators& ind = layout::kZoneIndicators[static_cast<std::size_t>(p.zone)];
          set("TZQD", ind.investment);
          set("SSQD", ind.tax);
          set("RJLXX", ind.far_min);
          set("RJLSX", ind.far_max);
          set("NHBZ", ind.energy);
          set("PFQD", ind.emission_intensity);
          set("PFBZ", std::string(ind.emission));
          set("JCSS", std::string(p.zone == L::kJK && p.row == 9 ? kInfra7 : kInfra5));
          break;
        }
        case Case::Ready:
          if (p.zone == L::kJK && p.row == 2) set("BZ", std::string("2023年依法收回闲置土地，重新组织供应"));
          if (p.zone == L::kJK && p.row == 6) set("ZSWC", std::string("已"));
          break;
        case Case::NoExpropriation:
          set("ZSWC", std::string(p.zone == L::kGX ? "未" : "否"));
          if (p.zone == L::kLL) set("JCSS", std::string("供电、道路"));
          break;
        case Case::NoExpropriationTitle:
          set("ZSWC", std::string("否"));
          set("QSQX", std::string("否"));
          set("BZ", std::string("集体土地权属争议尚未调处"));
          break;
        case Case::TitleUnclear:
          set("QSQX", std::string("否"));
          set("BZ", std::string("地上附着物补偿存在争议"));
          break;
        case Case::Infrastructure:
          set("JCSS", std::string(p.zone == L::kGX ? "供水、供电" : "供电、道路"));
          break;
        case Case::NoInfrastructure:
          set("ZSWC", std::string("否"));
          set("JCSS", std::monostate{});
          break;
        case Case::NoPlanning:
          set("GHTJ", std::string("否"));
          break;
        case Case::BuiltUnsupplied: {
          // Built on without supply paperwork (未供先用): still unsupplied land.
          const Industry& ind = industry("C3311");
          std::string firm;
          do firm = firm_name(rng, ind);
          while (!firms.insert(firm).second);
          set("QSQX", std::string("否"));
          set("YDDW", firm);
          set("HYDM", std::string(ind.code));
          const Value floor = real(m2 * rng.uniform(0.4, 0.6));
          set("JZMJ", floor);
          set("WFJZMJ", floor);  // all of it unauthorised (未批先建): not 净地
          set("JDMJ", real(m2 * rng.uniform(0.3, 0.4)));
          // Surveyed during the enforcement case, so the zone indicators can count it.
          set("GDZCTZ", real(mu * rng.uniform(90, 140), 1));
          set("NSS", real(mu * rng.uniform(2, 5), 1));
          set("BZ", std::string("未批先建，已立案查处"));
          break;
        }
        default:
          break;
      }
      continue;
    }

    // --- supplied parcels
    const Industry* ind = nullptr;
    std::string use = p.use ? p.use : "";
    std::string firm;
    if (p.c == Case::Residential) {
      firm = std::string(kCounty) + rng.pick(std::vector<std::string>{"锦绣", "御景", "书香", "滨河"}) + "置业有限公司";
      set("HYDM", std::string("K7010"));
    } else if (p.c == Case::Commercial) {
      firm = std::string(kCounty) + "万家乐商贸有限公司";
      set("HYDM", std::string("F5211"));
    } else if (p.c == Case::Allocated) {
      firm = "卫源县绿能环保能源有限公司";
      set("HYDM", std::string("D4417"));
    } else {
      const auto& pool = kZoneIndustries[p.zone];
      ind = &industry(pool[static_cast<std::size_t>(rng.integer(0, static_cast<std::int64_t>(pool.size()) - 1))]);
      if (use.empty()) use = ind->code[0] == 'G' ? "110101" : "10010" + std::to_string(ind->pollution);
      do firm = firm_name(rng, *ind);
      while (!firms.insert(firm).second);
      set("HYDM", std::string(ind->code));
    }
    set("GHYT", use);
    set("YDDW", firm);
    set("ZSWC", std::string("是"));
    set("QSQX", std::string("是"));
    set("GHTJ", std::string("是"));
    set("JCSS", std::string(kInfra5));
    set("GDFS", std::string(p.c == Case::Allocated ? "划拨" : "出让"));

    // Dates: from the batch (or the year of supply) unless the case pins them.
    Date supply, agreed, start, suspended, completed;
    if (batch) {
      const int months = static_cast<int>(rng.integer(4, 8));
      const std::int64_t days = rng.integer(0, 27);
      supply = add_days(add_months(parse_iso(batch->date), months), days);
    } else {
      supply = {p.year, static_cast<int>(rng.integer(2, 11)), static_cast<int>(rng.integer(1, 28))};
    }
    agreed = add_months(supply, 12);
    double developed = 0, invested = 0;
    std::string agreed_text;
    auto built = [&](bool finish) {
      start = add_days(agreed, -rng.integer(5, 60));
      // Work that has started did so before the as-of date, even where the contract allows later.
      if (days_from_civil(start) > days_from_civil(as_of) - 30) start = add_days(as_of, -30);
      completed = add_months(start, static_cast<int>(rng.integer(14, 26)));
      if (finish && days_from_civil(completed) <= days_from_civil(as_of) - 90) {
        developed = invested = 100;
      } else {
        completed = {};
        developed = round_to(rng.uniform(40, 80), 1);
        invested = round_to(rng.uniform(50, 85), 1);
      }
    };
    switch (p.c) {
      case Case::Built: case Case::BuiltLow: case Case::Residential: case Case::Commercial:
        built(true);
        break;
      case Case::Allocated:
        supply = parse_iso("2021-09-15");
        agreed = parse_iso("2022-03-15");
        start = parse_iso("2022-03-01");
        completed = parse_iso("2023-12-20");
        developed = invested = 100;
        break;
      case Case::Construction:
        built(false);
        break;
      case Case::EarlyStart:
        supply = parse_iso("2025-09-20");
        agreed = parse_iso("2026-09-20");
        start = parse_iso("2026-03-01");
        developed = 30;
        invested = 35;
        break;
      case Case::NotDue:
        supply = parse_iso("2026-01-15");
        agreed = parse_iso("2027-01-15");
        break;
      case Case::Idle2y:
        agreed = add_months(supply, 10);
        break;
      case Case::Idle2yEdge:  // agreed start + 2 years = the as-of date
        supply = parse_iso("2023-11-22");
        agreed = parse_iso("2024-11-22");
        break;
      case Case::Idle1y:
        supply = parse_iso("2024-03-15");
        agreed = parse_iso("2025-03-15");
        break;
      case Case::Idle1yEdge:  // agreed start + 1 year = the as-of date
        supply = parse_iso("2024-11-22");
        agreed = parse_iso("2025-11-22");
        break;
      case Case::Warning:
        supply = parse_iso("2025-05-10");
        agreed = parse_iso("2026-05-10");
        break;
      case Case::WarningEdge:  // agreed start + 1 year − 1 day = the as-of date
        supply = parse_iso("2024-11-23");
        agreed = parse_iso("2025-11-23");
        break;
      case Case::SuspendedArea:  // started, < 1/3 developed, suspended > 1 year
        supply = parse_iso("2022-07-15");
        agreed = parse_iso("2023-05-15");
        start = parse_iso("2023-05-10");
        suspended = parse_iso("2024-06-01");
        developed = 20;
        invested = 30;
        break;
      case Case::SuspendedInvest:  // started, < 25 % invested, suspended > 1 year
        supply = parse_iso("2023-09-12");
        agreed = parse_iso("2024-06-12");
        start = parse_iso("2024-05-20");
        suspended = parse_iso("2025-08-01");
        developed = 50;
        invested = 18;
        break;
      case Case::SuspendedOld:
        supply = parse_iso("2015-04-20");
        agreed = parse_iso("2016-04-20");
        start = parse_iso("2016-03-28");
        suspended = parse_iso("2019-10-15");
        developed = 25;
        invested = 30;
        break;
      case Case::SuspendedNotIdle:  // suspended for years, but above both thresholds
        supply = parse_iso("2015-06-05");
        agreed = parse_iso("2016-06-05");
        start = parse_iso("2016-05-10");
        suspended = parse_iso("2023-06-30");
        developed = 45;
        invested = 40;
        break;
      case Case::Government:
        supply = parse_iso("2022-09-28");
        agreed = parse_iso("2023-04-01");
        set("ZFYY", std::string("政府未按约定期限交付土地：地块内110千伏高压线迁改未完成"));
        break;
      case Case::UnknownNoAgreed:
        // No agreed start: 令53号 附则 counts from one year after delivery, here one year and one
        // day before the as-of date (2026-11-22), so it is the early warning.
        supply = parse_iso("2025-01-20");
        agreed = {};
        set("JDRQ", std::string("2025-11-21"));
        break;
      case Case::UnknownBadDate:
        supply = parse_iso("2025-12-05");
        agreed = {};
        agreed_text = "待定";
        break;
      case Case::ShareOver100:
        built(true);
        developed = 120;
        break;
      case Case::StartBeforeSupply:  // actual start three months before the land was supplied
        supply = parse_iso("2021-03-05");
        agreed = parse_iso("2022-03-05");
        start = parse_iso("2020-12-20");
        completed = parse_iso("2022-08-30");
        developed = invested = 100;
        break;
      default:
        break;
    }
    set("GDRQ", format_date(supply, p.style));
    set("YDDGRQ", agreed_text.empty() ? text(format_date(agreed, p.style)) : Value(agreed_text));
    set("SJDGRQ", text(format_date(start, p.style)));
    set("TGRQ", text(format_date(suspended, p.style)));
    set("JGRQ", text(format_date(completed, p.style)));
    set("KFBL", developed);
    set("TZBL", invested);

    // Money and buildings (万元, m²).
    if (p.c != Case::Allocated) {
      const double price = p.c == Case::Residential || p.c == Case::Commercial ? rng.uniform(80, 150)
                           : supply.y <= 2015                                   ? rng.uniform(8, 12)
                           : supply.y <= 2019                                   ? rng.uniform(11, 15)
                                                                                : rng.uniform(14, 19);
      set("CJJK", real(mu * price));
    }
    double inv = rng.uniform(220, 420), tax = rng.uniform(12, 35), far = rng.uniform(1.0, 1.6),
           cover = rng.uniform(0.42, 0.58);
    if (p.c == Case::BuiltLow) {
      inv = rng.uniform(60, 120);
      tax = rng.uniform(1, 4);
      far = rng.uniform(0.35, 0.6);
      cover = rng.uniform(0.18, 0.28);
    } else if (p.c == Case::Residential) {
      inv = rng.uniform(500, 800);
      tax = rng.uniform(20, 40);
      far = rng.uniform(2.2, 2.8);
      cover = rng.uniform(0.18, 0.25);
    } else if (p.c == Case::Commercial) {
      far = rng.uniform(1.6, 2.2);
      cover = rng.uniform(0.35, 0.45);
    } else if (p.c == Case::Allocated) {
      far = 0.5;
      cover = 0.45;
    }
    set("GDZCTZ", real(mu * inv, 1));
    const double share = std::min(developed, 100.0) / 100;
    if (share > 0) {
      set("JZMJ", real(m2 * far * share));
      set("JDMJ", real(m2 * cover * share));
    }
    if (!completed.empty()) set("NSS", real(mu * tax, 1));
  }
  county.parcels = out.take();

  // --- approval batches: each the union of the parcels approved in it (a batch has many plots).
  LayerBuilder bat("PZWJSTD", "approvals", kWorkingEpsg,
                   {{"PCBH", FieldType::String}, {"PCMC", FieldType::String},
                    {"PZWH", FieldType::String}, {"PZRQ", FieldType::Date},
                    {"PZMJ", FieldType::Real}, {"PZLX", FieldType::String},
                    {"PZJG", FieldType::String}, {"XZQMC", FieldType::String},
                    {"CHMJ", FieldType::Real},   {"HJMJ", FieldType::Real}});
  for (std::size_t b = 0; b < std::size(kBatches); ++b) {
    std::vector<geom::Geometry> parts;
    for (std::size_t f : batch_members[b]) parts.push_back(geom::clone(county.parcels.features[f].geometry));
    geom::Geometry g = geom::unary_union(geom::collect(std::move(parts)), 0.001);
    const double ha = ctx.official_area(g) / 10000;
    bat.add(std::move(g), {{"PCBH", std::string(kBatches[b].id)},
                           {"PCMC", std::string(kBatches[b].name)},
                           {"PZWH", std::string(kBatches[b].doc)},
                           {"PZRQ", std::string(kBatches[b].date)},
                           {"PZMJ", round_to(ha, 4)},
                           {"PZLX", std::string(kBatches[b].kind)},
                           {"PZJG", std::string("河南省人民政府")},
                           {"XZQMC", std::string(kCounty)},
                           {"CHMJ", 0.0},
                           // 核减: 5 ha of the 2023 batch's unsupplied land cut from the approval,
                           // so it leaves the 供地率 denominator (DOMAIN §7).
                           {"HJMJ", b == B2023 ? 5.0 : 0.0}});
  }
  county.approvals = bat.take();
}

}  // namespace tudi::synth
