// 永久基本农田 (YJJBNTTB): each block of the layout tiled into irregular plots whose shared
// vertices are jittered together, so the plots tile without gaps or overlaps.

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "tudi/core/error.hpp"
#include "tudi/synth/layout.hpp"
#include "tudi/synth/parts.hpp"

namespace tudi::synth {
namespace {

std::string_view class_name(std::string_view dlbm) {
  if (dlbm == "0101") return "水田";
  if (dlbm == "0102") return "水浇地";
  return "旱地";
}

/// Cells that designed cases depend on: never dropped as villages, land classes pinned.
struct Pinned {
  int block, i, j;
  const char* dlbm;  // nullptr: keep the drawn class
};
const Pinned kPinned[] = {
    {layout::kFbNorth, 3, 0, nullptr},     // shares an edge with proposal XM2026-004
    {layout::kFbSouth, 5, 10, "0102"},     // sliver with proposal XM2026-005
    {layout::kFbWest, 2, 4, "0102"},       // proposal XM2026-002 overlaps these three classes
    {layout::kFbWest, 2, 5, "0102"},
    {layout::kFbWest, 2, 6, "0103"},
    {layout::kFbWest, 2, 7, "0101"},
    {layout::kFbWest, 2, 9, "0103"},       // batch TXT plot PC2026-03-3
    {layout::kFbWest, 2, 10, "0102"},
};
/// Blocks where one plot is drawn as a bow-tie (two vertices swapped), like real digitising
/// errors: the first plain quadrilateral at or after the given cell.
const Pinned kBowTies[] = {{layout::kFbEast, 2, 6, nullptr}, {0, 4, 2, nullptr}};

const Pinned* pinned(int b, int i, int j) {
  for (const Pinned& p : kPinned)
    if (p.block == b && p.i == i && p.j == j) return &p;
  return nullptr;
}

}  // namespace

Layer make_farmland(Ctx& ctx) {
  LayerBuilder out("YJJBNTTB", "farmland", kWorkingEpsg,
                   {{"BSM", FieldType::Integer}, {"JBNTTBBH", FieldType::String},
                    {"TBBH", FieldType::String},  {"DLBM", FieldType::String},
                    {"DLMC", FieldType::String},  {"QSXZ", FieldType::String},
                    {"QSDWDM", FieldType::String}, {"QSDWMC", FieldType::String},
                    {"ZLDWDM", FieldType::String}, {"ZLDWMC", FieldType::String},
                    {"GDPDJB", FieldType::String}, {"KCXS", FieldType::Real},
                    {"KCMJ", FieldType::Real},    {"TBMJ", FieldType::Real},
                    {"TBDLMJ", FieldType::Real},  {"JBNTMJ", FieldType::Real}});
  std::map<std::string, int> per_village;  // running plot number within a village
  std::map<std::string, int> tbbh_base;
  Rng attr = ctx.root.fork(0xFA);

  for (int b = 0; b < static_cast<int>(layout::kFarmBlocks.size()); ++b) {
    const layout::FarmBlock& blk = layout::kFarmBlocks[static_cast<std::size_t>(b)];
    Rng rng = ctx.root.fork(0x100 + static_cast<std::uint64_t>(b));
    const int nx = blk.nx, ny = blk.ny;
    const double w = (blk.x1 - blk.x0) / nx, h = (blk.y1 - blk.y0) / ny;
    // Vertex grid: interior vertices move freely, boundary ones mostly along the boundary.
    std::vector<std::vector<XY>> v(static_cast<std::size_t>(nx + 1),
                                   std::vector<XY>(static_cast<std::size_t>(ny + 1)));
    for (int i = 0; i <= nx; ++i)
      for (int j = 0; j <= ny; ++j) {
        const bool edge_x = i == 0 || i == nx, edge_y = j == 0 || j == ny;
        const double jx = edge_x ? rng.uniform(-6, 6) : rng.uniform(-0.18, 0.18) * w;
        const double jy = edge_y ? rng.uniform(-6, 6) : rng.uniform(-0.18, 0.18) * h;
        v[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] =
            mm(XY{blk.x0 + i * w + jx, blk.y0 + j * h + jy});
      }
    auto V = [&](int i, int j) { return v[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]; };
    // Extra vertices on some interior edges (shared by both plots): pentagons and hexagons.
    std::map<std::pair<int, int>, XY> mid_v, mid_h;  // vertical edge (i, j)→(i, j+1); horizontal (i, j)→(i+1, j)
    for (int i = 1; i < nx; ++i)
      for (int j = 0; j < ny; ++j)
        if (rng.chance(0.2)) {
          const XY m = (V(i, j) + V(i, j + 1)) * 0.5;
          mid_v[{i, j}] = mm(XY{m.x + rng.uniform(-0.08, 0.08) * w, m.y});
        }
    for (int i = 0; i < nx; ++i)
      for (int j = 1; j < ny; ++j)
        if (rng.chance(0.2)) {
          const XY m = (V(i, j) + V(i + 1, j)) * 0.5;
          mid_h[{i, j}] = mm(XY{m.x, m.y + rng.uniform(-0.08, 0.08) * h});
        }
    auto maybe = [](const std::map<std::pair<int, int>, XY>& m, int i, int j) -> std::optional<XY> {
      auto it = m.find({i, j});
      return it == m.end() ? std::nullopt : std::optional<XY>(it->second);
    };

    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        const Pinned* pin = pinned(b, i, j);
        // Villages and farm roads leave holes in the blocks; the enclave is kept whole.
        const bool village = rng.chance(0.05);
        const double class_draw = rng.uniform();
        if (village && !pin && b != layout::kFbEnclave) continue;
        Ring r;
        auto push = [&](std::optional<XY> p) {
          if (p) r.push_back(*p);
        };
        r.push_back(V(i, j));
        push(maybe(mid_h, i, j));
        r.push_back(V(i + 1, j));
        push(maybe(mid_v, i + 1, j));
        r.push_back(V(i + 1, j + 1));
        push(maybe(mid_h, i, j + 1));
        r.push_back(V(i, j + 1));
        push(maybe(mid_v, i, j));

        FarmCell c;
        c.block = b;
        c.i = i;
        c.j = j;
        c.dlbm = class_draw < blk.paddy                          ? "0101"
                 : class_draw < blk.paddy + (1 - blk.paddy) * 0.55 ? "0102"
                                                                 : "0103";
        if (pin && pin->dlbm) c.dlbm = pin->dlbm;
        c.ring = r;
        geom::Geometry g = polygon(r);
        const double tbmj = ctx.official_area(g);

        const XY at = centroid(c.ring);
        const Village& vil = ctx.gazetteer.at(at);
        const int n = ++per_village[vil.code];
        if (!tbbh_base.count(vil.code)) tbbh_base[vil.code] = static_cast<int>(attr.integer(40, 400));
        char jbnttbbh[32], tbbh[16];
        std::snprintf(jbnttbbh, sizeof jbnttbbh, "%s%04d", vil.code.c_str(), n);
        std::snprintf(tbbh, sizeof tbbh, "%d", tbbh_base[vil.code] + 3 * n + static_cast<int>(attr.integer(0, 2)));
        const double kcxs = round_to(attr.uniform(0.008, 0.045), 4);
        const double kcmj = round_to(tbmj * kcxs, 2);
        const double tbdlmj = round_to(tbmj - kcmj, 2);
        const double jbntmj = attr.chance(0.04) ? round_to(tbdlmj * attr.uniform(0.6, 0.95), 2) : tbdlmj;
        std::string owner = vil.name;
        if (attr.chance(0.4)) {
          static const char* kGroups[] = {"第一村民小组", "第二村民小组", "第三村民小组",
                                          "第四村民小组", "第五村民小组"};
          owner += kGroups[attr.integer(0, 4)];
        }
        const std::string zldwdm = vil.code + "0000000";
        c.feature = out.add(std::move(g), {{"BSM", std::int64_t(out.layer().features.size() + 1)},
                                           {"JBNTTBBH", std::string(jbnttbbh)},
                                           {"TBBH", std::string(tbbh)},
                                           {"DLBM", c.dlbm},
                                           {"DLMC", std::string(class_name(c.dlbm))},
                                           {"QSXZ", std::string("30")},
                                           {"QSDWDM", zldwdm},
                                           {"QSDWMC", owner},
                                           {"ZLDWDM", zldwdm},
                                           {"ZLDWMC", vil.full()},
                                           {"GDPDJB", std::string("1")},
                                           {"KCXS", kcxs},
                                           {"KCMJ", kcmj},
                                           {"TBMJ", tbmj},
                                           {"TBDLMJ", tbdlmj},
                                           {"JBNTMJ", jbntmj}});
        ctx.cells.push_back(std::move(c));
      }
  }
  for (const Pinned& p : kBowTies) {
    for (FarmCell& c : ctx.cells) {
      if (c.block != p.block || c.j * 1000 + c.i < p.j * 1000 + p.i || c.ring.size() != 4 ||
          pinned(c.block, c.i, c.j))
        continue;
      Ring r = c.ring;
      std::swap(r[2], r[3]);  // the ring now crosses itself
      out.layer().features[c.feature].geometry = polygon(r);
      c.invalid = true;
      break;
    }
  }
  // The layer has both JBNTTBBH and TBBH, as real YJJBNTTB do: the id must be named.
  return out.take({{"id", "JBNTTBBH"}});
}

}  // namespace tudi::synth
