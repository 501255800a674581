// Benchmark-scale layers: a plain of farmland plots tiled row by row and streamed to disk, so a
// million plots never sit in memory; towns (urban boundary, a zone, parcels) sit in the middle
// of square super-blocks, red-line bands run between them, proposals are scattered over it all.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>

#include "tudi/core/error.hpp"
#include "tudi/core/units.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/synth/parts.hpp"

namespace fs = std::filesystem;

namespace tudi::synth {
namespace {

// Farmland plots of 150 m × 100 m (1.5 ha, typical of the North China Plain) in super-blocks of
// 24 × 36 plots (3.6 km square); the middle 8 × 12 plots of each block are a town.
constexpr double kCellW = 150, kCellH = 100;
constexpr int kBlockI = 24, kBlockJ = 36;
constexpr int kTownI0 = 8, kTownI1 = 16, kTownJ0 = 12, kTownJ1 = 24;
constexpr double kBlockW = kCellW * kBlockI, kBlockH = kCellH * kBlockJ;
constexpr int kFarmPerBlock = 700;  // (24 × 36 − 8 × 12) plots, less villages, rounded down
constexpr int kParcelSide = 5;      // 5 × 5 parcels of 200 m per town zone
constexpr double kVillageShare = 0.04;

struct Plain {
  int bc = 1, br = 1;  // super-blocks across and up
  XY origin;           // absolute EPSG:4526 south-west corner
  int blocks() const { return bc * br; }
  XY block_corner(int b) const { return {(b % bc) * kBlockW, (b / bc) * kBlockH}; }
};

Plain plan(const ScaleOptions& opt) {
  std::int64_t need = 1;
  if (opt.farmland) need = std::max<std::int64_t>(need, (*opt.farmland + kFarmPerBlock - 1) / kFarmPerBlock);
  if (opt.parcels)
    need = std::max<std::int64_t>(need, (*opt.parcels + kParcelSide * kParcelSide - 1) /
                                            (kParcelSide * kParcelSide));
  Plain p;
  p.bc = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(need))));
  p.br = static_cast<int>((need + p.bc - 1) / p.bc);
  // Centred on the zone's central meridian (easting 38 500 000), starting at 34.8°N.
  p.origin = {38500000.0 - p.bc * kBlockW / 2, 3850000.0};
  return p;
}

bool town_cell(const Plain& p, int i, int j) {
  if (j >= p.br * kBlockJ || i >= p.bc * kBlockI) return false;
  const int li = i % kBlockI, lj = j % kBlockJ;
  return li >= kTownI0 && li < kTownI1 && lj >= kTownJ0 && lj < kTownJ1;
}
/// Vertices on a town's edge stay on the straight line, so farmland never enters a town.
bool town_vertex(const Plain& p, int i, int j) {
  if (j > p.br * kBlockJ || i > p.bc * kBlockI) return false;
  const int li = i % kBlockI, lj = j % kBlockJ;
  return li >= kTownI0 && li <= kTownI1 && lj >= kTownJ0 && lj <= kTownJ1;
}

Layer schema(std::string name, std::string role, std::vector<FieldDef> fields) {
  Layer l;
  l.name = std::move(name);
  l.role = std::move(role);
  l.crs = crs::Crs::from_epsg(kWorkingEpsg);
  l.source_crs = l.crs;
  l.fields = std::move(fields);
  return l;
}

/// A feature for a streaming writer: values by position in `fields`.
Feature feature(std::int64_t fid, geom::Geometry g, std::vector<Value> values) {
  Feature f;
  f.fid = fid;
  f.geometry = std::move(g);
  f.values = std::move(values);
  return f;
}

/// GK planar area to ellipsoidal, to first order: the scale factor is 1 + x²/2R² at x metres
/// from the central meridian. Enough for plausible TBMJ values at benchmark scale.
double ellipsoidal_estimate(double planar, double easting) {
  const double x = easting - 38500000.0;
  const double k = 1 + x * x / (2 * 6371000.0 * 6371000.0);
  return planar / (k * k);
}

std::string village_name(int i, int j) {
  static const char* kSurnames[] = {"李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                    "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
  static const char* kSuffix[] = {"庄", "营", "屯", "寨", "店", "集", "楼", "岗"};
  const int v = (i / 16) * 7919 + (j / 24) * 104729;
  return std::string("第") + std::to_string(j / (kBlockJ * 4) + 1) + "乡" + kSurnames[v % 20] +
         kSuffix[(v / 20) % 8] + "村";
}

class Run {
 public:
  Run(const ScaleOptions& opt, fs::path dir) : opt_(opt), dir_(std::move(dir)), plain_(plan(opt)), rng_(opt.seed) {
    if (opt.format != "gpkg" && opt.format != "shp")
      throw UsageError("--format", "must be gpkg or shp, not " + opt.format);
    write_opt_.overwrite = opt.overwrite;
    write_opt_.encoding = "UTF-8";
  }

  std::vector<Written> go() {
    io::make_output_folder(dir_);
    fix_timestamps();
    towns();
    redline();
    if (opt_.farmland) farmland(*opt_.farmland);
    if (opt_.parcels) parcels(*opt_.parcels);
    if (opt_.proposals) proposals(*opt_.proposals);
    if (opt_.projects) projects(*opt_.projects);
    project_file();
    report_progress(opt_.progress, 1.0, "done");
    return done_;
  }

 private:
  fs::path file(const std::string& stem) const { return dir_ / (stem + "." + opt_.format); }

  /// A local point as the file carries it: on the 0.001 m grid, or (off-grid) turned by
  /// kTurn about the plain's centre and moved to absolute coordinates with every decimal kept,
  /// as a layer reprojected from another CRS has them. The same local point always gives the
  /// same coordinates, so shared vertices stay shared.
  std::pair<double, double> place(XY p) const {
    if (!opt_.off_grid) return {mm(plain_.origin.x + p.x), mm(plain_.origin.y + p.y)};
    // About a pivot near the centre that no vertex sits on (a vertex on it would not move).
    const XY c{plain_.bc * kBlockW / 2 + 0.318309886, plain_.br * kBlockH / 2 + 0.271828183};
    const XY d = p - c;
    return {plain_.origin.x + c.x + d.x * cos_ - d.y * sin_,
            plain_.origin.y + c.y + d.x * sin_ + d.y * cos_};
  }
  /// Rounding of generated local points: to the millimetre on the grid, none off it.
  XY snap(XY p) const { return opt_.off_grid ? p : mm(p); }

  geom::Geometry poly(const Ring& r) const {
    std::vector<std::pair<double, double>> ring;
    ring.reserve(r.size() + 1);
    for (const XY& p : r) ring.push_back(place(p));
    if (!r.empty() && !(r.front() == r.back())) ring.push_back(ring.front());
    return geom::polygon({ring});
  }

  void towns() {
    const Layer urban = schema("CZKFBJ", "urban", urban_fields());
    const Layer zones = schema("KFQ", "zones", zone_fields());
    io::LayerWriter u(file("urban"), urban, write_opt_);
    io::LayerWriter z(file("zones"), zones, write_opt_);
    Rng rng = rng_.fork(0x70);
    static const char* kLead[] = {"C34 通用设备制造业、C36 汽车制造业",
                                  "C39 计算机、通信和其他电子设备制造业、C38 电气机械和器材制造业",
                                  "C13 农副食品加工业、C14 食品制造业", "C27 医药制造业",
                                  "G59 装卸搬运和仓储业"};
    for (int b = 0; b < plain_.blocks(); ++b) {
      const XY c = plain_.block_corner(b);
      const Ring town = rect(c.x + kTownI0 * kCellW, c.y + kTownJ0 * kCellH, c.x + kTownI1 * kCellW,
                             c.y + kTownJ1 * kCellH);
      u.add(feature(b + 1, poly(town),
                    {std::int64_t(b + 1), std::string(kCountyCode), std::string(kCounty),
                     "第" + std::to_string(b + 1) + "号镇区", std::string("集中建设区"),
                     round_to(kCellW * kCellH * 96 / 10000, 4)}));
      const Ring zone = rect(town[0].x + 50, town[0].y + 50, town[2].x - 50, town[2].y - 50);
      char id[16];
      std::snprintf(id, sizeof id, "Z%05d", b + 1);
      const Date approved{2006 + static_cast<int>(rng.integer(0, 12)), static_cast<int>(rng.integer(1, 12)),
                          static_cast<int>(rng.integer(1, 28))};
      z.add(feature(b + 1, poly(zone),
                    {std::string(id), "第" + std::to_string(b + 1) + "号产业集聚区",
                     std::string(rng.chance(0.5) ? "省级" : "市级"), std::string("产业集聚区"),
                     std::string(rng.chance(0.8) ? "工业主导型" : "产城融合型"), format_date(approved),
                     real(1100.0 * 1100.0 / 10000, 2), std::string("河南省人民政府"),
                     std::string(kLead[rng.integer(0, 4)]),
                     std::string("C2511 原油加工及石油制品制造、C3011 水泥制造"),
                     "第" + std::to_string(b + 1) + "号产业集聚区管理委员会"}));
    }
    u.commit();
    z.commit();
    done_.push_back({file("urban"), "CZKFBJ", plain_.blocks()});
    done_.push_back({file("zones"), "KFQ", plain_.blocks()});
  }

  /// Sinuous red-line bands along every fourth row of super-block edges (between towns), with
  /// many vertices each, as real red-line polygons have.
  void redline() {
    const Layer l = schema("STBHHX", "redline",
                           {{"BSM", FieldType::Integer}, {"HXMC", FieldType::String},
                            {"HXLX", FieldType::String}, {"GKFQ", FieldType::String},
                            {"MJ", FieldType::Real}});
    io::LayerWriter w(file("redline"), l, write_opt_);
    Rng rng = rng_.fork(0x4ED);
    const double width = plain_.bc * kBlockW;
    int n = 0;
    for (int row = 2; row <= plain_.br; row += 4) {
      const double base = row * kBlockH;
      Ring upper, lower;
      double off = 0;
      for (double x = 0; x <= width + 1e-6; x += 400) {
        off = std::clamp(off + rng.uniform(-80, 80), -700.0, 700.0);
        upper.push_back(snap(XY{x, base + off + 150 + rng.uniform(-20, 20)}));
        lower.push_back(snap(XY{x, base + off - 150 + rng.uniform(-20, 20)}));
      }
      Ring ring = lower;
      ring.insert(ring.end(), upper.rbegin(), upper.rend());
      geom::Geometry g = poly(ring);
      const double ha = geom::area(g) / 10000;
      ++n;
      w.add(feature(n, std::move(g),
                    {std::int64_t(n), "第" + std::to_string(n) + "号河流湿地生态保护红线",
                     std::string("生物多样性维护"), std::string("一般控制区"), round_to(ha, 4)}));
    }
    w.commit();
    done_.push_back({file("redline"), "STBHHX", n});
  }

  void farmland(std::int64_t count) {
    const Layer l = schema("YJJBNTTB", "farmland",
                           {{"JBNTTBBH", FieldType::String}, {"DLBM", FieldType::String},
                            {"DLMC", FieldType::String}, {"ZLDWMC", FieldType::String},
                            {"KCMJ", FieldType::Real}, {"TBMJ", FieldType::Real},
                            {"TBDLMJ", FieldType::Real}, {"JBNTMJ", FieldType::Real}});
    io::LayerWriter w(file("farmland"), l, write_opt_);
    Rng rng = rng_.fork(0xFA);
    const int cols = plain_.bc * kBlockI;
    // Two rows of vertices (bottom and top of the current row of plots), drawn row by row.
    auto vertex_row = [&](int j) {
      std::vector<XY> row(static_cast<std::size_t>(cols + 1));
      for (int i = 0; i <= cols; ++i) {
        const bool fixed = town_vertex(plain_, i, j);
        const double jx = fixed ? 0 : rng.uniform(-0.18, 0.18) * kCellW;
        const double jy = fixed ? 0 : rng.uniform(-0.18, 0.18) * kCellH;
        row[static_cast<std::size_t>(i)] = snap(XY{i * kCellW + jx, j * kCellH + jy});
      }
      return row;
    };
    // Extra vertices on some horizontal edges (shared with the plot below): pentagons.
    auto mid_row = [&](const std::vector<XY>& v, int j) {
      std::vector<std::optional<XY>> mids(static_cast<std::size_t>(cols));
      for (int i = 0; i < cols; ++i) {
        const bool take = rng.chance(0.2);
        const double d = rng.uniform(-0.08, 0.08) * kCellH;
        if (take && !town_vertex(plain_, i, j) && !town_vertex(plain_, i + 1, j)) {
          const XY m = (v[static_cast<std::size_t>(i)] + v[static_cast<std::size_t>(i + 1)]) * 0.5;
          mids[static_cast<std::size_t>(i)] = snap(XY{m.x, m.y + d});
        }
      }
      return mids;
    };
    std::vector<XY> bottom = vertex_row(0);
    std::vector<std::optional<XY>> bottom_mid(static_cast<std::size_t>(cols));
    std::int64_t made = 0;
    const std::int64_t step = std::max<std::int64_t>(1, count / 100);
    for (int j = 0; made < count; ++j) {
      std::vector<XY> top = vertex_row(j + 1);
      std::vector<std::optional<XY>> top_mid = mid_row(top, j + 1);
      for (int i = 0; i < cols && made < count; ++i) {
        const bool village = rng.chance(kVillageShare);
        const double draw = rng.uniform();
        const double kcxs = rng.uniform(0.008, 0.04);
        if (village || town_cell(plain_, i, j)) continue;
        const auto I = static_cast<std::size_t>(i);
        Ring r = {bottom[I]};
        if (bottom_mid[I]) r.push_back(*bottom_mid[I]);
        r.push_back(bottom[I + 1]);
        r.push_back(top[I + 1]);
        if (top_mid[I]) r.push_back(*top_mid[I]);
        r.push_back(top[I]);
        const char* dlbm = draw < 0.1 ? "0101" : draw < 0.55 ? "0102" : "0103";
        const char* name = draw < 0.1 ? "水田" : draw < 0.55 ? "水浇地" : "旱地";
        const double tbmj =
            round_to(ellipsoidal_estimate(std::abs(ring_area(r)), plain_.origin.x + r[0].x), 2);
        const double kcmj = round_to(tbmj * kcxs, 2);
        char id[40];
        std::snprintf(id, sizeof id, "%s%010lld", std::string(kCountyCode).c_str(),
                      static_cast<long long>(made + 1));
        ++made;
        w.add(feature(made, poly(r),
                      {std::string(id), std::string(dlbm), std::string(name), village_name(i, j),
                       kcmj, tbmj, round_to(tbmj - kcmj, 2), round_to(tbmj - kcmj, 2)}));
        if (made % step == 0)
          report_progress(opt_.progress, 0.8 * static_cast<double>(made) / static_cast<double>(count),
                 "farmland");
      }
      bottom = std::move(top);
      bottom_mid = std::move(top_mid);
    }
    w.commit();
    done_.push_back({file("farmland"), "YJJBNTTB", made});
  }

  void parcels(std::int64_t count) {
    const Layer l = schema("GDDK", "parcels", parcel_fields());
    io::LayerWriter w(file("parcels"), l, write_opt_);
    Rng rng = rng_.fork(0x5A9);
    const std::vector<FieldDef> fields = parcel_fields();
    const double size = (1100.0 - (kParcelSide - 1) * 25.0) / kParcelSide;  // 200 m
    static const char* kUses[] = {"100101", "100102", "100103", "110101"};
    static const char* kInfra[] = {"供水、供电、道路、场地平整", "供水、供电、道路、场地平整、通信、排水",
                                   "供水、供电、道路、场地平整、通信、排水、燃气、供热"};
    const auto inds = industries();
    for (std::int64_t k = 0; k < count; ++k) {
      const int b = static_cast<int>(k / (kParcelSide * kParcelSide));
      const int s = static_cast<int>(k % (kParcelSide * kParcelSide));
      const XY c = plain_.block_corner(b);
      const double x = c.x + kTownI0 * kCellW + 50 + (s % kParcelSide) * (size + 25);
      const double y = c.y + kTownJ0 * kCellH + 50 + (s / kParcelSide) * (size + 25);
      geom::Geometry g = poly(rect(x, y, x + size, y + size));
      const double m2 = size * size, mu = units::m2_to_mu(m2);
      std::vector<Value> v(fields.size());
      auto set = [&](std::string_view name, Value val) {
        for (std::size_t i = 0; i < fields.size(); ++i)
          if (fields[i].name == name) v[i] = std::move(val);
      };
      char id[24];
      std::snprintf(id, sizeof id, "Z%05d-%02d", b + 1, s + 1);
      set("DKBH", std::string(id));
      set("DKMC", "第" + std::to_string(b + 1) + "号产业集聚区" + std::to_string(s + 1) + "号地块");
      set("GHYT", std::string(kUses[rng.weighted(std::vector<double>{30, 45, 10, 15})]));
      set("ZSWC", std::string("是"));
      set("QSQX", std::string("是"));
      set("GHTJ", std::string("是"));
      set("JCSS", std::string(kInfra[rng.integer(0, 2)]));
      const double r = rng.uniform();
      if (r < 0.35) {  // standard land
        set("TZQD", round_to(rng.uniform(15, 32), 0) * 10);
        set("SSQD", round_to(rng.uniform(8, 20), 0));
        const double far_min = rng.chance(0.5) ? 1.0 : 1.2;
        set("RJLXX", far_min);
        set("RJLSX", far_min + 1.0);
        set("NHBZ", round_to(rng.uniform(0.2, 0.6), 2));
        set("PFBZ", std::string("大气污染物执行GB 16297-1996二级标准"));
      } else if (r < 0.5) {  // ready
      } else if (r < 0.65) {  // not ready, one reason
        switch (rng.integer(0, 4)) {
          case 0: set("ZSWC", std::string("否")); break;
          case 1: set("QSQX", std::string("否")); break;
          case 2: set("JCSS", std::string("供电、道路")); break;
          case 3: set("GHTJ", std::string("否")); break;
          default: set("GHYT", std::string("070102")); break;
        }
      } else {  // supplied
        const Industry& ind = inds[static_cast<std::size_t>(rng.integer(0, static_cast<std::int64_t>(inds.size()) - 1))];
        const Date supply{static_cast<int>(rng.integer(2012, 2026)), static_cast<int>(rng.integer(1, 12)),
                          static_cast<int>(rng.integer(1, 28))};
        const Date agreed = add_months(supply, 12);
        set("GDRQ", format_date(supply));
        set("GDFS", std::string("出让"));
        set("YDDGRQ", format_date(agreed));
        set("YDDW", "第" + std::to_string(b + 1) + "号园区" + std::string(ind.product) + "有限公司" +
                        std::to_string(s + 1));
        set("HYDM", std::string(ind.code));
        set("CJJK", real(mu * rng.uniform(8, 19)));
        set("GDZCTZ", real(mu * rng.uniform(80, 420), 1));
        const double t = rng.uniform();
        const Date limit = parse_iso(kAsOf);
        if (t < 0.6 && days_from_civil(add_months(agreed, 24)) < days_from_civil(limit)) {
          set("SJDGRQ", format_date(add_days(agreed, -30)));
          set("JGRQ", format_date(add_months(agreed, 20)));
          set("KFBL", 100.0);
          set("TZBL", 100.0);
          set("JZMJ", real(m2 * rng.uniform(0.4, 1.6)));
          set("JDMJ", real(m2 * rng.uniform(0.2, 0.6)));
          set("NSS", real(mu * rng.uniform(1, 35), 1));
        } else if (t < 0.75) {
          set("KFBL", 0.0);
          set("TZBL", 0.0);
        } else if (t < 0.85 && days_from_civil(add_months(agreed, 12)) < days_from_civil(limit)) {
          set("SJDGRQ", format_date(agreed));
          set("TGRQ", format_date(add_months(agreed, 6)));
          set("KFBL", round_to(rng.uniform(10, 60), 1));
          set("TZBL", round_to(rng.uniform(10, 60), 1));
        } else {
          set("KFBL", 0.0);
          set("TZBL", 0.0);
        }
        set("GHYT", std::string(ind.code[0] == 'G' ? "110101" : ind.pollution == 1 ? "100101"
                                                      : ind.pollution == 2         ? "100102"
                                                                                   : "100103"));
      }
      w.add(feature(k + 1, std::move(g), std::move(v)));
    }
    w.commit();
    report_progress(opt_.progress, 0.9, "parcels");
    done_.push_back({file("parcels"), "GDDK", count});
  }

  void proposals(std::int64_t count) {
    const Layer l = schema("XMYD", "proposals",
                           {{"XMBH", FieldType::String}, {"XMMC", FieldType::String},
                            {"XMLB", FieldType::String}});
    io::LayerWriter w(file("proposals"), l, write_opt_);
    Rng rng = rng_.fork(0x9E0);
    static const char* kCategories[] = {"工业", "仓储物流", "住宅", "公共服务", "线性基础设施",
                                        "能源", "点状基础设施"};
    const std::vector<double> weights = {40, 10, 15, 10, 10, 5, 10};
    const double width = plain_.bc * kBlockW, height = plain_.br * kBlockH;
    for (std::int64_t k = 0; k < count; ++k) {
      const std::size_t cat = rng.weighted(weights);
      double w_m = rng.uniform(80, 400), h_m = rng.uniform(80, 400);
      if (cat == 4) {  // roads: long and thin
        w_m = rng.uniform(20, 40);
        h_m = rng.uniform(1000, 3000);
        if (rng.chance(0.5)) std::swap(w_m, h_m);
      }
      Ring r;
      if (opt_.proposal_plots) {
        r = irregular(rng, *opt_.proposal_plots, cat == 4, width, height);
      } else {
        const double cx = rng.uniform(w_m, width - w_m), cy = rng.uniform(h_m, height - h_m);
        r = rect(cx - w_m / 2, cy - h_m / 2, cx + w_m / 2, cy + h_m / 2);
        for (XY& p : r) p = snap(XY{p.x + rng.uniform(-0.05, 0.05) * std::min(w_m, h_m),
                                  p.y + rng.uniform(-0.05, 0.05) * std::min(w_m, h_m)});
      }
      char id[24];
      std::snprintf(id, sizeof id, "P%07lld", static_cast<long long>(k + 1));
      w.add(feature(k + 1, poly(r),
                    {std::string(id), std::string(kCategories[cat]) + "项目" + std::to_string(k + 1),
                     std::string(kCategories[cat])}));
    }
    w.commit();
    report_progress(opt_.progress, 0.95, "proposals");
    done_.push_back({file("proposals"), "XMYD", count});
  }

  /// A proposal of irregular outline covering about `plots` farmland plots: a star-shaped
  /// (hence simple) ring of 16–48 vertices whose radius wanders between 0.6 and 1.35 of the
  /// mean, stretched 4–8 times for linear infrastructure, turned at random.
  Ring irregular(Rng& rng, double plots, bool linear, double width, double height) {
    const double pi = std::numbers::pi;
    const int n = static_cast<int>(rng.integer(16, 48));
    const double stretch = std::sqrt(linear ? rng.uniform(4, 8) : rng.uniform(1, 1.8));
    const double turn = rng.uniform(0, pi);
    // The mean of the squared radius factor is about 0.95: close enough to aim the area.
    const double mean_r = std::sqrt(plots * kCellW * kCellH / (pi * 0.95));
    const double reach = mean_r * 1.35 * stretch;
    const double cx = rng.uniform(reach, std::max(reach, width - reach));
    const double cy = rng.uniform(reach, std::max(reach, height - reach));
    Ring r;
    double f = rng.uniform(0.8, 1.2);
    for (int k = 0; k < n; ++k) {
      f = std::clamp(f + rng.uniform(-0.15, 0.15), 0.6, 1.35);
      const double t = 2 * pi * (k + rng.uniform(-0.3, 0.3)) / n;
      const double u = std::cos(t) * mean_r * f * stretch, v = std::sin(t) * mean_r * f / stretch;
      r.push_back(snap(XY{cx + u * std::cos(turn) - v * std::sin(turn),
                          cy + u * std::sin(turn) + v * std::cos(turn)}));
    }
    return r;
  }

  void projects(std::int64_t count) {
    Rng rng = rng_.fork(0x9A0);
    std::string csv = make_projects_csv();
    csv.erase(csv.find("\r\n") + 2);  // keep the header
    const auto inds = industries();
    for (std::int64_t k = 0; k < count; ++k) {
      const Industry& ind = inds[static_cast<std::size_t>(rng.integer(0, static_cast<std::int64_t>(inds.size()) - 1))];
      const double lo = static_cast<double>(rng.integer(20, 120));
      const double hi = lo + static_cast<double>(rng.integer(10, 40));
      const double mid = (lo + hi) / 2;
      // Draws first, in a fixed order (argument evaluation order is unspecified).
      const double investment = mid * rng.uniform(150, 450);
      const double tax = mid * rng.uniform(5, 30);
      const double far = rng.uniform(0.8, 2.2);
      const double energy = rng.uniform(0.1, 0.8);
      const std::string zone =
          rng.chance(0.3) ? "第" + std::to_string(rng.integer(1, plain_.blocks())) + "号产业集聚区" : "";
      const std::string infra = rng.chance(0.1) ? "燃气" : "";
      char row[512];
      std::snprintf(row, sizeof row, "ZS%06lld,%s项目%lld,%s,%s,%d,%.0f,%.0f,%.0f,%.0f,%.1f,%.2f,,%s,%s,\r\n",
                    static_cast<long long>(k + 1), std::string(ind.product).c_str(),
                    static_cast<long long>(k + 1), std::string(ind.code).c_str(),
                    std::string(ind.name).c_str(), ind.pollution, investment, tax, lo, hi, far,
                    energy, zone.c_str(), infra.c_str());
      csv += row;
    }
    write(dir_ / "projects.csv", csv);
    done_.push_back({dir_ / "projects.csv", "", count});
  }

  void project_file() {
    std::string t = "# Benchmark-scale synthetic data, made by `tudi synth` (seed " +
                    std::to_string(opt_.seed) + ").\n\n[analysis]\ncrs = \"EPSG:4526\"\nas_of = \"" +
                    kAsOf + "\"\n";
    auto layer = [&](const char* role, const char* stem) {
      // Written this run (outputs are staged until the command ends: not yet at their names).
      if (std::any_of(done_.begin(), done_.end(), [&](const Written& w) { return w.path == file(stem); }))
        t += std::string("\n[layers.") + role + "]\nsource = \"" + file(stem).filename().string() + "\"\n";
    };
    layer("urban", "urban");
    layer("zones", "zones");
    layer("redline", "redline");
    if (opt_.farmland) layer("farmland", "farmland");
    if (opt_.parcels) layer("parcels", "parcels");
    if (opt_.proposals) layer("proposals", "proposals");
    write(dir_ / "tudi.toml", t);
    done_.push_back({dir_ / "tudi.toml", "", 0});
  }

  void write(const fs::path& path, const std::string& text) {
    io::write_file(path, text, opt_.overwrite);
  }

  const ScaleOptions& opt_;
  fs::path dir_;
  Plain plain_;
  Rng rng_;
  // About the meridian convergence between neighbouring GK zones: enough that no coordinate
  // stays on any decimal grid.
  static constexpr double kTurn = 0.00613;
  const double cos_ = std::cos(kTurn), sin_ = std::sin(kTurn);
  io::WriteOptions write_opt_;
  std::vector<Written> done_;
};

}  // namespace

std::vector<Written> write_scaled(const ScaleOptions& opt, const fs::path& dir) {
  const std::pair<const char*, std::optional<std::int64_t>> counts[] = {
      {"--farmland", opt.farmland}, {"--proposals", opt.proposals}, {"--parcels", opt.parcels},
      {"--projects", opt.projects}};
  for (const auto& [name, n] : counts)
    if (n && *n < 0) throw UsageError(name, "must not be negative");
  if (opt.proposal_plots && !(*opt.proposal_plots > 0 && *opt.proposal_plots < 1e5))
    throw UsageError("--proposal-plots", "must be a number of plots between 0 and 100000");
  return Run(opt, dir).go();
}

}  // namespace tudi::synth
