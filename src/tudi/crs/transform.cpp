#include "tudi/crs/transform.hpp"

#include <cpl_error.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <vector>

#include "tudi/core/error.hpp"

namespace tudi::crs {
namespace {

std::string last_gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return (msg && *msg) ? std::string(" (") + msg + ")" : std::string();
}

/// Runs OGR's batch transform in chunks its int count can hold; per-point success in `ok`
/// (n entries). True when every point transformed: OGR's own return value has meant "some"
/// in some GDAL versions and "all" in others, so the flags decide.
bool transform_batch(OGRCoordinateTransformation& ct, std::size_t n, double* x, double* y,
                     std::vector<int>& ok) {
  ok.assign(n, 0);
  for (std::size_t done = 0; done < n;) {
    const int chunk = static_cast<int>(std::min<std::size_t>(n - done, INT_MAX));
    ct.Transform(chunk, x + done, y + done, nullptr, nullptr, ok.data() + done);
    done += static_cast<std::size_t>(chunk);
  }
  return std::all_of(ok.begin(), ok.end(), [](int v) { return v != 0; });
}

}  // namespace

Transformer::Transformer(const Crs& from, const Crs& to) {
  if (from.empty() || to.empty())
    throw Error(from.empty() ? "source CRS" : "target CRS", "cannot reproject: the CRS is unknown");
  where_ = from.label() + " -> " + to.label();
  if (from.same_as(to)) return;
  // Crs copies share one OGRSpatialReference, whose const methods may still update PROJ
  // caches: threads building their own transformers take turns here (it happens once each).
  static std::mutex shared_srs;
  const std::lock_guard lock(shared_srs);
  CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
  CPLErrorReset();
  ct_.reset(OGRCreateCoordinateTransformation(from.srs(), to.srs()));
  if (!ct_)
    throw Error(where_, "no coordinate transformation between these CRSs" + last_gdal_error());
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

void Transformer::transform(OGRGeometry& g) const {
  if (!ct_) return;
  CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
  CPLErrorReset();
  if (g.transform(ct_.get()) != OGRERR_NONE)
    throw Error(where_, "a point could not be transformed" + last_gdal_error());
}

bool Transformer::transform(std::size_t n, double* x, double* y) const {
  if (!ct_ || n == 0) return true;
  CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
  std::vector<int> ok;
  return transform_batch(*ct_, n, x, y, ok);
}

geom::Geometry Transformer::transform(const geom::Geometry& g) const {
  if (!ct_) return geom::clone(g);
  std::vector<int> ok;
  std::vector<double> x0, y0;
  return geom::transform_coords(g, [&](std::size_t n, double* x, double* y) {
    if (n == 0) return;
    // Keep the input so an error can name the point that failed.
    x0.assign(x, x + n);
    y0.assign(y, y + n);
    CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
    CPLErrorReset();
    if (transform_batch(*ct_, n, x, y, ok)) return;
    const auto bad = static_cast<std::size_t>(std::find(ok.begin(), ok.end(), 0) - ok.begin());
    char point[96] = "";
    if (bad < n) std::snprintf(point, sizeof point, " (%.3f %.3f)", x0[bad], y0[bad]);
    throw Error(where_,
                std::string("point") + point + " could not be transformed" + last_gdal_error());
  });
}

}  // namespace tudi::crs

namespace tudi::crs {

std::string extent_misfit(const Crs& c, const Envelope& e) {
  if (c.empty() || e.empty()) return {};
  // The four corners and the centre, as longitude and latitude of the CRS's own datum.
  std::vector<double> x{e.minx, e.maxx, e.maxx, e.minx, (e.minx + e.maxx) / 2};
  std::vector<double> y{e.miny, e.miny, e.maxy, e.maxy, (e.miny + e.maxy) / 2};
  if (!c.is_geographic()) {
    std::unique_ptr<OGRSpatialReference> geog(c.srs()->CloneGeogCS());
    if (!geog) return {};
    const Crs lonlat = Crs::from_srs(*geog, Origin::Assigned);
    if (!Transformer(c, lonlat).transform(x.size(), x.data(), y.data()))
      return "its coordinates cannot be transformed to longitude and latitude";
  }
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || std::fabs(x[i]) > 180 ||
        std::fabs(y[i]) > 90)
      return "its coordinates are not on the globe in this CRS";
  double west = 0, south = 0, east = 0, north = 0;
  const char* name = nullptr;
  if (!c.srs()->GetAreaOfUse(&west, &south, &east, &north, &name) || west > east) return {};
  // A county often reaches past its zone's edge; a zone's width (3°) is the margin.
  constexpr double kMargin = 3.0;
  const auto [lon_lo, lon_hi] = std::minmax_element(x.begin(), x.end());
  const auto [lat_lo, lat_hi] = std::minmax_element(y.begin(), y.end());
  if (*lon_lo < west - kMargin || *lon_hi > east + kMargin || *lat_lo < south - kMargin ||
      *lat_hi > north + kMargin) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "its coordinates fall at %.1f–%.1f°E, %.1f–%.1f°N, outside where it applies "
                  "(%s: %.1f–%.1f°E, %.1f–%.1f°N)",
                  *lon_lo, *lon_hi, *lat_lo, *lat_hi, name ? name : "area of use", west, east,
                  south, north);
    return buf;
  }
  return {};
}

}  // namespace tudi::crs
