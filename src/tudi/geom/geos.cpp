#include "tudi/geom/geos.hpp"

#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "tudi/core/error.hpp"

namespace tudi::geom {
namespace {

// The last error GEOS reported on this thread; checked() turns it into an exception.
thread_local std::string last_error;

void on_error(const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  last_error = buf;
}

void on_notice(const char*, ...) {}

struct ContextOwner {
  GEOSContextHandle_t handle = GEOS_init_r();
  ContextOwner() {
    GEOSContext_setErrorHandler_r(handle, on_error);
    GEOSContext_setNoticeHandler_r(handle, on_notice);
  }
  ~ContextOwner() { GEOS_finish_r(handle); }
};

[[noreturn]] void fail(const char* op) {
  std::string msg = last_error.empty() ? "unknown error" : last_error;
  last_error.clear();
  throw Error("GEOS " + std::string(op), msg);
}

Geometry checked(GEOSGeometry* g, const char* op) {
  if (!g) fail(op);
  return Geometry(g);
}

bool checked_bool(char r, const char* op) {
  if (r == 2) fail(op);
  return r == 1;
}

GEOSContextHandle_t ctx() { return context(); }

}  // namespace

GEOSContextHandle_t context() {
  thread_local ContextOwner owner;
  return owner.handle;
}

void GeometryDeleter::operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(ctx(), g); }

void PreparedDeleter::operator()(const GEOSPreparedGeometry* p) const noexcept {
  GEOSPreparedGeom_destroy_r(ctx(), p);
}


Geometry from_wkb(std::span<const std::uint8_t> wkb) {
  return checked(GEOSGeomFromWKB_buf_r(ctx(), wkb.data(), wkb.size()), "read WKB");
}

Geometry from_wkt(std::string_view wkt) {
  std::string s(wkt);
  return checked(GEOSGeomFromWKT_r(ctx(), s.c_str()), "read WKT");
}

std::vector<std::uint8_t> to_wkb(const Geometry& g) {
  GEOSWKBWriter* w = GEOSWKBWriter_create_r(ctx());
  std::size_t n = 0;
  unsigned char* buf = GEOSWKBWriter_write_r(ctx(), w, g.get(), &n);
  GEOSWKBWriter_destroy_r(ctx(), w);
  if (!buf) fail("write WKB");
  std::vector<std::uint8_t> out(buf, buf + n);
  GEOSFree_r(ctx(), buf);
  return out;
}

std::string to_wkt(const Geometry& g, int decimals) {
  GEOSWKTWriter* w = GEOSWKTWriter_create_r(ctx());
  GEOSWKTWriter_setRoundingPrecision_r(ctx(), w, decimals);
  GEOSWKTWriter_setTrim_r(ctx(), w, 1);
  char* s = GEOSWKTWriter_write_r(ctx(), w, g.get());
  GEOSWKTWriter_destroy_r(ctx(), w);
  if (!s) fail("write WKT");
  std::string out(s);
  GEOSFree_r(ctx(), s);
  return out;
}

Geometry clone(const Geometry& g) { return checked(GEOSGeom_clone_r(ctx(), g.get()), "clone"); }

Geometry empty_polygon() { return checked(GEOSGeom_createEmptyPolygon_r(ctx()), "empty"); }

Geometry polygon(const std::vector<std::vector<std::pair<double, double>>>& rings) {
  if (rings.empty()) return empty_polygon();
  std::vector<GEOSGeometry*> made;
  for (const auto& ring : rings) {
    const auto n = static_cast<unsigned>(ring.size());
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx(), n, 2);
    for (unsigned i = 0; i < n; ++i)
      GEOSCoordSeq_setXY_r(ctx(), seq, i, ring[i].first, ring[i].second);
    GEOSGeometry* r = GEOSGeom_createLinearRing_r(ctx(), seq);
    if (!r) {
      for (GEOSGeometry* m : made) GEOSGeom_destroy_r(ctx(), m);
      fail("make ring");
    }
    made.push_back(r);
  }
  return checked(GEOSGeom_createPolygon_r(ctx(), made[0], made.data() + 1,
                                          static_cast<unsigned>(made.size() - 1)),
                 "make polygon");
}

Geometry collect(std::vector<Geometry> parts) {
  bool all_polygons = !parts.empty();
  for (const Geometry& p : parts) all_polygons = all_polygons && type_id(p) == GEOS_POLYGON;
  std::vector<GEOSGeometry*> raw;
  for (Geometry& p : parts) raw.push_back(p.release());
  const int type = all_polygons ? GEOS_MULTIPOLYGON : GEOS_GEOMETRYCOLLECTION;
  return checked(GEOSGeom_createCollection_r(ctx(), type, raw.data(),
                                             static_cast<unsigned>(raw.size())),
                 "collect");
}

bool is_empty(const Geometry& g) { return checked_bool(GEOSisEmpty_r(ctx(), g.get()), "isEmpty"); }

int type_id(const Geometry& g) { return GEOSGeomTypeId_r(ctx(), g.get()); }

bool is_polygonal(const Geometry& g) {
  const int t = type_id(g);
  return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

std::string type_name(const Geometry& g) {
  char* s = GEOSGeomType_r(ctx(), g.get());
  std::string out = s ? s : "?";
  GEOSFree_r(ctx(), s);
  return out;
}

int num_parts(const Geometry& g) { return GEOSGetNumGeometries_r(ctx(), g.get()); }

Geometry part(const Geometry& g, int i) {
  const GEOSGeometry* p = GEOSGetGeometryN_r(ctx(), g.get(), i);
  if (!p) fail("part");
  return checked(GEOSGeom_clone_r(ctx(), p), "part");
}

int num_points(const Geometry& g) { return GEOSGetNumCoordinates_r(ctx(), g.get()); }

Envelope envelope(const Geometry& g) {
  Envelope e;
  if (is_empty(g)) return e;
  if (!GEOSGeom_getXMin_r(ctx(), g.get(), &e.minx) || !GEOSGeom_getYMin_r(ctx(), g.get(), &e.miny) ||
      !GEOSGeom_getXMax_r(ctx(), g.get(), &e.maxx) || !GEOSGeom_getYMax_r(ctx(), g.get(), &e.maxy))
    fail("envelope");
  return e;
}

double area(const Geometry& g) {
  double a = 0;
  if (!GEOSArea_r(ctx(), g.get(), &a)) fail("area");
  return a;
}

double length(const Geometry& g) {
  double l = 0;
  if (!GEOSLength_r(ctx(), g.get(), &l)) fail("length");
  return l;
}

namespace {
void visit_ring(const GEOSGeometry* ring, int p, int r, std::vector<double>& xy,
                const std::function<void(int, int, std::span<const double>)>& visit) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx(), ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx(), seq, &n);
  xy.resize(2 * std::size_t{n});
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(ctx(), seq, i, &xy[2 * i], &xy[2 * i + 1]);
  visit(p, r, xy);
}
}  // namespace

void for_each_ring(const Geometry& g,
                   const std::function<void(int, int, std::span<const double>)>& visit) {
  std::vector<double> xy;
  const int parts = GEOSGetNumGeometries_r(ctx(), g.get());
  for (int p = 0; p < parts; ++p) {
    const GEOSGeometry* poly = GEOSGetGeometryN_r(ctx(), g.get(), p);
    if (GEOSGeomTypeId_r(ctx(), poly) != GEOS_POLYGON || GEOSisEmpty_r(ctx(), poly)) continue;
    visit_ring(GEOSGetExteriorRing_r(ctx(), poly), p, 0, xy, visit);
    const int holes = GEOSGetNumInteriorRings_r(ctx(), poly);
    for (int h = 0; h < holes; ++h)
      visit_ring(GEOSGetInteriorRingN_r(ctx(), poly, h), p, h + 1, xy, visit);
  }
}

namespace {
bool non_finite(const GEOSGeometry* g) {
  const int t = GEOSGeomTypeId_r(ctx(), g);
  if (t == GEOS_POINT || t == GEOS_LINESTRING || t == GEOS_LINEARRING) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx(), g);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(ctx(), seq, &n);
    for (unsigned i = 0; i < n; ++i) {
      double x = 0, y = 0;
      GEOSCoordSeq_getXY_r(ctx(), seq, i, &x, &y);
      if (!std::isfinite(x) || !std::isfinite(y)) return true;
    }
    return false;
  }
  if (t == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx(), g)) return false;
    if (non_finite(GEOSGetExteriorRing_r(ctx(), g))) return true;
    for (int h = 0; h < GEOSGetNumInteriorRings_r(ctx(), g); ++h)
      if (non_finite(GEOSGetInteriorRingN_r(ctx(), g, h))) return true;
    return false;
  }
  for (int i = 0; i < GEOSGetNumGeometries_r(ctx(), g); ++i)
    if (non_finite(GEOSGetGeometryN_r(ctx(), g, i))) return true;
  return false;
}
}  // namespace

bool has_non_finite(const Geometry& g) { return non_finite(g.get()); }

namespace {
/// GEOS's validity reasons (IsValidOp::errMsg) in the words of a Chinese report.
std::string reason_in_chinese(const std::string& geos) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"Ring Self-intersection", "环自接触"},
      {"Self-intersection", "自相交"},
      {"Topology Validation Error", "拓扑错误"},
      {"Repeated Point", "重复点"},
      {"Hole lies outside shell", "内环（洞）在外环之外"},
      {"Holes are nested", "内环（洞）相互嵌套"},
      {"Interior is disconnected", "内部不连通"},
      {"Nested shells", "外环相互嵌套"},
      {"Duplicate Rings", "重复的环"},
      {"Too few distinct points in geometry component", "不同的顶点过少"},
      {"Too few points in geometry component", "顶点过少"},
      {"Invalid Coordinate", "坐标无效"},
      {"Ring is not closed", "环未闭合"},
  };
  for (const auto& [en, zh] : kWords)
    if (geos.rfind(en, 0) == 0) return zh + geos.substr(std::string(en).size());
  return "几何无效：" + geos;
}
}  // namespace

std::string invalid_reason(const Geometry& g) {
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(ctx(), g.get(), 0, &reason, &location);
  std::string out;
  if (valid == 0) {
    out = reason ? reason_in_chinese(reason) : "几何无效";
    if (location) {
      double x = 0, y = 0;
      GEOSGeomGetX_r(ctx(), location, &x);
      GEOSGeomGetY_r(ctx(), location, &y);
      char buf[96];
      std::snprintf(buf, sizeof buf, "，位置 (%.3f %.3f)", x, y);
      out += buf;
    }
  } else if (valid == 2) {
    out = "无法检查几何有效性";
  }
  if (reason) GEOSFree_r(ctx(), reason);
  if (location) GEOSGeom_destroy_r(ctx(), location);
  return out;
}

Geometry make_valid(const Geometry& g) {
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx());
  GEOSMakeValidParams_setMethod_r(ctx(), params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx(), params, 0);
  GEOSGeometry* r = GEOSMakeValidWithParams_r(ctx(), g.get(), params);
  GEOSMakeValidParams_destroy_r(ctx(), params);
  Geometry out = checked(r, "MakeValid");
  return is_polygonal(g) ? polygonal_part(std::move(out)) : std::move(out);
}

Geometry snap_to_grid(const Geometry& g, double grid) {
  return checked(GEOSGeom_setPrecision_r(ctx(), g.get(), grid, 0), "snap to grid");
}

bool intersects(const Geometry& a, const Geometry& b) {
  return checked_bool(GEOSIntersects_r(ctx(), a.get(), b.get()), "intersects");
}
bool covers(const Geometry& a, const Geometry& b) {
  return checked_bool(GEOSCovers_r(ctx(), a.get(), b.get()), "covers");
}
Prepared prepare(const Geometry& g) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx(), g.get());
  if (!p) fail("prepare");
  return Prepared(p);
}
bool intersects(const Prepared& a, const Geometry& b) {
  return checked_bool(GEOSPreparedIntersects_r(ctx(), a.get(), b.get()), "intersects");
}
bool covers(const Prepared& a, const Geometry& b) {
  return checked_bool(GEOSPreparedCovers_r(ctx(), a.get(), b.get()), "covers");
}
bool contains_properly(const Prepared& a, const Geometry& b) {
  return checked_bool(GEOSPreparedContainsProperly_r(ctx(), a.get(), b.get()), "containsProperly");
}

Geometry intersection(const Geometry& a, const Geometry& b, double grid) {
  return checked(grid > 0 ? GEOSIntersectionPrec_r(ctx(), a.get(), b.get(), grid)
                          : GEOSIntersection_r(ctx(), a.get(), b.get()),
                 "intersection");
}
Geometry difference(const Geometry& a, const Geometry& b, double grid) {
  return checked(grid > 0 ? GEOSDifferencePrec_r(ctx(), a.get(), b.get(), grid)
                          : GEOSDifference_r(ctx(), a.get(), b.get()),
                 "difference");
}
Geometry unite(const Geometry& a, const Geometry& b, double grid) {
  return checked(grid > 0 ? GEOSUnionPrec_r(ctx(), a.get(), b.get(), grid)
                          : GEOSUnion_r(ctx(), a.get(), b.get()),
                 "union");
}
Geometry unary_union(const Geometry& g, double grid) {
  return checked(grid > 0 ? GEOSUnaryUnionPrec_r(ctx(), g.get(), grid)
                          : GEOSUnaryUnion_r(ctx(), g.get()),
                 "union");
}
Geometry buffer(const Geometry& g, double distance, int quadrant_segments) {
  return checked(GEOSBuffer_r(ctx(), g.get(), distance, quadrant_segments), "buffer");
}

Geometry polygonal_part(Geometry g) {
  const int t = type_id(g);
  if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON) return g;
  if (t != GEOS_GEOMETRYCOLLECTION) return empty_polygon();
  std::vector<Geometry> polys;
  const int n = num_parts(g);
  for (int i = 0; i < n; ++i) {
    Geometry p = part(g, i);
    const int pt = type_id(p);
    if (pt == GEOS_POLYGON) {
      polys.push_back(std::move(p));
    } else if (pt == GEOS_MULTIPOLYGON) {
      for (int j = 0; j < num_parts(p); ++j) polys.push_back(part(p, j));
    }
  }
  if (polys.empty()) return empty_polygon();
  if (polys.size() == 1) return std::move(polys.front());
  return collect(std::move(polys));
}

}  // namespace tudi::geom
