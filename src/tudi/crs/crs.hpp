#pragma once
// Coordinate reference systems for Chinese land data: CGCS2000 and its Gauss-Krüger zones.
// Every OGRSpatialReference made here uses the traditional GIS axis order (x = easting,
// y = northing; x = longitude, y = latitude), whatever the EPSG definition says.

#include <memory>
#include <optional>
#include <string>

#include "tudi/core/envelope.hpp"

class OGRSpatialReference;

namespace tudi::crs {

/// How a layer's CRS came to be known; `info` and every report say it.
enum class Origin { Declared, Detected, Assigned };
const char* to_string(Origin o);

/// A CRS as a value: cheap to copy, never null once constructed from something.
class Crs {
 public:
  Crs() = default;
  static Crs from_epsg(int code, Origin origin = Origin::Assigned);
  /// "EPSG:4528", "4528", a WKT or a PROJ string; throws tudi::Error naming `text` if unknown.
  static Crs from_user(const std::string& text, Origin origin = Origin::Assigned);
  /// Takes a copy of a spatial reference read from a file (Origin::Declared).
  static Crs from_srs(const OGRSpatialReference& srs, Origin origin = Origin::Declared);

  bool empty() const { return !srs_; }
  std::optional<int> epsg() const { return epsg_; }
  Origin origin() const { return origin_; }
  Crs with_origin(Origin o) const;
  bool is_geographic() const;
  /// "EPSG:4528" when it has a code, else the CRS name.
  std::string label() const;
  std::string name() const;
  std::string wkt() const;
  /// The underlying spatial reference, axis order already set to traditional GIS order.
  const OGRSpatialReference* srs() const { return srs_.get(); }
  bool same_as(const Crs& other) const;

 private:
  std::shared_ptr<const OGRSpatialReference> srs_;
  std::optional<int> epsg_;
  Origin origin_ = Origin::Assigned;
};

inline constexpr int kCgcs2000Geographic = 4490;

/// Why `c` cannot be an analysis's working CRS, "" when it can: areas, buffers and 亩 need a
/// projected CRS in metres whose scale stays near 1 over a county — not degrees (EPSG:4326
/// gives planar areas of 1e-8), not a Mercator (EPSG:3857 counts 亩 1.49× too large at 35°N).
std::string unsuitable_for_areas(const Crs& c);

/// A CGCS2000 Gauss-Krüger zone as DOMAIN §2 defines them.
struct GkZone {
  int epsg = 0;
  int width = 3;            // 3 or 6 degrees
  int zone = 0;             // zone number (3°: 25–45, 6°: 13–23)
  double central_meridian = 0;
  bool prefixed = false;    // false easting carries the zone number (zone × 10⁶ + 500000)
};
/// The zone an EPSG code stands for, when it is one of EPSG:4491–4554.
std::optional<GkZone> gk_zone(int epsg);
int epsg_3deg(int zone, bool prefixed);         // zone 25–45
int epsg_6deg(int zone, bool prefixed);         // zone 13–23
/// The 3° zone whose central meridian is nearest to a longitude (prefixed or not).
int epsg_3deg_for_longitude(double lon, bool prefixed);

/// The result of looking at raw coordinates to find their CRS.
struct Detection {
  std::optional<int> epsg;  // found
  bool swapped_xy = false;  // coordinates look like (northing, easting): caller swaps them
  std::string reason;       // how it was found, or why it could not be
};
/// Detects a CGCS2000 CRS from a layer's extent (DOMAIN §2): lon/lat degrees → EPSG:4490;
/// a zone prefix in the easting → its GK zone; swapped axes are recognised. Truncated eastings
/// without a prefix cannot be placed in a zone: no epsg, and the reason says to name the zone.
Detection detect(const Envelope& extent);

}  // namespace tudi::crs
