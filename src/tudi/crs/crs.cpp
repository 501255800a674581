#include "tudi/crs/crs.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

#include "tudi/core/error.hpp"
#include "tudi/core/text.hpp"

namespace tudi::crs {
namespace {

// Identification by FindMatches below this confidence is a guess (PROJ: 90 = equivalent with a
// slightly different name, 70 = equivalent but differently named, 25 = only the name is alike).
constexpr int kMinMatchConfidence = 90;

std::shared_ptr<OGRSpatialReference> traditional(std::unique_ptr<OGRSpatialReference> srs) {
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return std::shared_ptr<OGRSpatialReference>(std::move(srs));
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  const auto* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return v;
}

/// "4528", "EPSG:4528", "epsg:4528" → 4528.
std::optional<int> parse_epsg_code(const std::string& text) {
  std::string_view s = text;
  if (s.size() > 5) {
    std::string head(s.substr(0, 5));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (head == "EPSG:") s.remove_prefix(5);
  }
  return to_int(s);
}

/// Errors name what the user typed; a pasted WKT is cut short so the message stays one line.
std::string quote_user_text(const std::string& text) {
  constexpr std::size_t kMax = 60;
  std::string one_line;
  for (char c : text) one_line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (one_line.size() > kMax) one_line = one_line.substr(0, kMax) + "...";
  return one_line;
}

bool icontains(std::string_view hay, std::string_view needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         }) != hay.end();
}

bool near(double a, double b, double tol) {
  return std::fabs(a - b) <= tol;
}

/// A CGCS2000 Gauss-Krüger definition recognised from its parameters, for .prj files whose
/// name PROJ does not know (renamed zones, PROJ strings with +ellps=GRS80). Only the GRS80 /
/// CGCS2000 ellipsoid qualifies: WGS84 differs in 1/f by 1.5e-6, which the tolerance excludes.
std::optional<int> gk_from_parameters(const OGRSpatialReference& srs) {
  if (!srs.IsProjected()) return std::nullopt;
  const char* method = srs.GetAttrValue("PROJECTION");
  if (!method || !EQUAL(method, SRS_PT_TRANSVERSE_MERCATOR)) return std::nullopt;
  OGRErr err = OGRERR_NONE;
  if (!near(srs.GetSemiMajor(&err), 6378137.0, 1e-3) || err != OGRERR_NONE) return std::nullopt;
  if (!near(srs.GetInvFlattening(&err), 298.257222101, 1e-8) || err != OGRERR_NONE)
    return std::nullopt;
  const char* datum = srs.GetAttrValue("DATUM");
  const std::string_view d = datum ? datum : "";
  if (!(icontains(d, "2000") || icontains(d, "China") || icontains(d, "CGCS") ||
        icontains(d, "unknown") || icontains(d, "not specified") || icontains(d, "GRS")))
    return std::nullopt;
  if (!near(srs.GetLinearUnits(), 1.0, 1e-12)) return std::nullopt;
  // Absent parameters take their PROJ defaults (k = 1, origin latitude 0, no false northing).
  if (!near(srs.GetNormProjParm(SRS_PP_SCALE_FACTOR, 1), 1.0, 1e-12)) return std::nullopt;
  if (!near(srs.GetNormProjParm(SRS_PP_LATITUDE_OF_ORIGIN, 0), 0.0, 1e-12)) return std::nullopt;
  if (!near(srs.GetNormProjParm(SRS_PP_FALSE_NORTHING, 0), 0.0, 1e-6)) return std::nullopt;
  const double cm = srs.GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, -1);
  const double fe = srs.GetNormProjParm(SRS_PP_FALSE_EASTING, -1);
  const double cm_round = std::round(cm);
  if (!near(cm, cm_round, 1e-9)) return std::nullopt;
  const int icm = static_cast<int>(cm_round);

  if (near(fe, 500000.0, 1e-6)) {
    // Unprefixed: a 3° CM (75..135, step 3) is preferred over the 6° zone with the same CM,
    // whose definition is identical; 6° CMs are all multiples of 3 as well.
    if (icm % 3 == 0 && icm / 3 >= 25 && icm / 3 <= 45) return epsg_3deg(icm / 3, false);
    return std::nullopt;
  }
  const double zone_d = std::floor(fe / 1e6);
  if (!near(fe, zone_d * 1e6 + 500000.0, 1e-6)) return std::nullopt;
  const int zone = static_cast<int>(zone_d);
  if (zone >= 25 && zone <= 45 && icm == 3 * zone) return epsg_3deg(zone, true);
  if (zone >= 13 && zone <= 23 && icm == 6 * zone - 3) return epsg_6deg(zone, true);
  return std::nullopt;
}

std::optional<int> epsg_authority(const OGRSpatialReference& srs) {
  const char* name = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (name && code && EQUAL(name, "EPSG")) return to_int(code);
  return std::nullopt;
}

/// The EPSG code of a spatial reference: its own authority code, else GDAL's AutoIdentifyEPSG,
/// else PROJ's identification (FindMatches, confident matches only; this is what recognises
/// ArcGIS names like "CGCS2000_3_Degree_GK_Zone_38"), else the GK parameters themselves.
std::optional<int> identify_epsg(const OGRSpatialReference& srs) {
  if (auto code = epsg_authority(srs)) return code;

  CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
  CPLErrorStateBackuper keep_error_state;
  {
    std::unique_ptr<OGRSpatialReference> copy(srs.Clone());
    if (copy->AutoIdentifyEPSG() == OGRERR_NONE)
      if (auto code = epsg_authority(*copy)) return code;
  }
  {
    int n = 0;
    int* confidence = nullptr;
    OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &n, &confidence);
    std::optional<int> best;
    int best_confidence = kMinMatchConfidence - 1;
    for (int i = 0; i < n; ++i) {
      const auto* m = OGRSpatialReference::FromHandle(matches[i]);
      if (confidence[i] <= best_confidence) continue;
      if (auto code = epsg_authority(*m)) {
        best = code;
        best_confidence = confidence[i];
      }
    }
    if (matches) OSRFreeSRSArray(matches);
    CPLFree(confidence);
    if (best) return best;
  }
  return gk_from_parameters(srs);
}

}  // namespace

const char* to_string(Origin o) {
  switch (o) {
    case Origin::Declared:
      return "declared";
    case Origin::Detected:
      return "detected";
    case Origin::Assigned:
      return "assigned";
  }
  return "unknown";
}

Crs Crs::from_epsg(int code, Origin origin) {
  auto srs = std::make_unique<OGRSpatialReference>();
  OGRErr err = OGRERR_NONE;
  {
    CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
    err = srs->importFromEPSG(code);
  }
  if (err != OGRERR_NONE) throw Error("EPSG:" + std::to_string(code), "unknown CRS");
  Crs crs;
  crs.srs_ = traditional(std::move(srs));
  crs.epsg_ = code;
  crs.origin_ = origin;
  return crs;
}

Crs Crs::from_user(const std::string& text, Origin origin) {
  const std::string t(trim(text));
  if (t.empty())
    throw Error("CRS", "empty CRS: give an EPSG code such as EPSG:4527, a WKT or a PROJ string");
  if (auto code = parse_epsg_code(t)) {
    try {
      return from_epsg(*code, origin);
    } catch (const Error&) {
      throw Error(quote_user_text(t), "unknown CRS (no such EPSG code)");
    }
  }
  auto srs = std::make_unique<OGRSpatialReference>();
  OGRErr err = OGRERR_NONE;
  {
    // A path to a .prj file is accepted too; the network is not consulted.
    const char* const options[] = {"ALLOW_NETWORK_ACCESS=NO", nullptr};
    CPLErrorHandlerPusher quiet(CPLQuietErrorHandler);
    err = srs->SetFromUserInput(t.c_str(), options);
  }
  if (err != OGRERR_NONE || srs->IsEmpty())
    throw Error(
        quote_user_text(t),
        "unknown CRS: give an EPSG code such as EPSG:4527, a WKT, a PROJ string or a .prj file");
  return from_srs(*srs, origin);
}

Crs Crs::from_srs(const OGRSpatialReference& srs, Origin origin) {
  Crs crs;
  crs.srs_ = traditional(std::unique_ptr<OGRSpatialReference>(srs.Clone()));
  crs.epsg_ = identify_epsg(*crs.srs_);
  crs.origin_ = origin;
  return crs;
}

Crs Crs::with_origin(Origin o) const {
  Crs copy = *this;
  copy.origin_ = o;
  return copy;
}

bool Crs::is_geographic() const {
  return srs_ && srs_->IsGeographic();
}

std::string Crs::label() const {
  if (epsg_) return "EPSG:" + std::to_string(*epsg_);
  return name();
}

std::string Crs::name() const {
  if (!srs_) return {};
  const char* n = srs_->GetName();
  return n ? n : "unnamed CRS";
}

std::string Crs::wkt() const {
  if (!srs_) return {};
  char* text = nullptr;
  const char* const options[] = {"FORMAT=WKT2_2019", nullptr};
  if (srs_->exportToWkt(&text, options) != OGRERR_NONE) {
    CPLFree(text);
    text = nullptr;
    srs_->exportToWkt(&text);  // WKT1 fallback for definitions WKT2 cannot express
  }
  std::string out = text ? text : "";
  CPLFree(text);
  return out;
}

bool Crs::same_as(const Crs& other) const {
  if (!srs_ || !other.srs_) return !srs_ && !other.srs_;
  if (srs_ == other.srs_) return true;
  // An ArcGIS .prj for EPSG:4526 has easting-first axes and so is not IsSame() with the EPSG
  // definition, yet it is the same CRS: identification found the same code.
  if (epsg_ && other.epsg_) return *epsg_ == *other.epsg_;
  return srs_->IsSame(other.srs_.get());
}

std::string unsuitable_for_areas(const Crs& c) {
  const OGRSpatialReference* srs = c.srs();
  if (!srs) return "is unknown";
  if (srs->IsGeographic())
    return "is geographic (degrees): areas and buffers need a projected CRS in metres, such as "
           "the layers' Gauss-Krüger zone (EPSG:4526 for zone 38)";
  if (!srs->IsProjected()) return "is not a projected CRS";
  if (!near(srs->GetLinearUnits(), 1.0, 1e-9))
    return "measures in " + std::string(srs->GetAttrValue("UNIT") ? srs->GetAttrValue("UNIT") : "?") +
           ", not metres";
  // Every normal-aspect Mercator (Web/Pseudo Mercator, Mercator_1SP/2SP, Auxiliary Sphere)
  // scales areas by 1/cos²(latitude): 1.49× at 35°N, nothing a land count may use.
  const char* method = srs->GetAttrValue("PROJECTION");
  if (method && icontains(method, "Mercator") && !icontains(method, "Transverse") &&
      !icontains(method, "Oblique"))
    return "is a Mercator projection: its areas grow with latitude (1.49× at 35°N); use the "
           "layers' Gauss-Krüger zone";
  return {};
}

std::optional<GkZone> gk_zone(int epsg) {
  GkZone z;
  z.epsg = epsg;
  if (epsg >= 4491 && epsg <= 4501) {
    z.width = 6;
    z.zone = epsg - 4478;
    z.prefixed = true;
  } else if (epsg >= 4502 && epsg <= 4512) {
    z.width = 6;
    z.zone = epsg - 4489;
    z.prefixed = false;
  } else if (epsg >= 4513 && epsg <= 4533) {
    z.width = 3;
    z.zone = epsg - 4488;
    z.prefixed = true;
  } else if (epsg >= 4534 && epsg <= 4554) {
    z.width = 3;
    z.zone = epsg - 4509;
    z.prefixed = false;
  } else {
    return std::nullopt;
  }
  z.central_meridian = z.width == 3 ? 3.0 * z.zone : 6.0 * z.zone - 3.0;
  return z;
}

int epsg_3deg(int zone, bool prefixed) {
  if (zone < 25 || zone > 45)
    throw Error("3-degree zone " + std::to_string(zone),
                "not a CGCS2000 3-degree zone (25-45, CM 75E-135E)");
  return prefixed ? 4488 + zone : 4509 + zone;
}

int epsg_6deg(int zone, bool prefixed) {
  if (zone < 13 || zone > 23)
    throw Error("6-degree zone " + std::to_string(zone),
                "not a CGCS2000 6-degree zone (13-23, CM 75E-135E)");
  return prefixed ? 4478 + zone : 4489 + zone;
}

int epsg_3deg_for_longitude(double lon, bool prefixed) {
  if (!std::isfinite(lon) || lon < 73.5 || lon > 136.5)
    throw Error("longitude " + std::to_string(lon),
                "outside the CGCS2000 3-degree zones (73.5E-136.5E)");
  const int zone = std::clamp(static_cast<int>(std::lround(lon / 3.0)), 25, 45);
  return epsg_3deg(zone, prefixed);
}

// --- detection from an extent -------------------------------------------------------------

namespace {

// Chinese northings run from about 2.0e6 (Sanya, 18°N) to 5.9e6 (Mohe, 53.5°N); the margins
// take in the Xisha islands (16°N, 1.8e6) and every zone's edge. The lower bound stays above
// the largest truncated easting (9e5) so the two can never be confused.
constexpr double kMinNorthing = 1.0e6;
constexpr double kMaxNorthing = 6.1e6;
// An easting without prefix: 500000 ± the half-width of a 6° zone at 18°N (about 318 km).
constexpr double kMinTruncated = 1.0e5;
constexpr double kMaxTruncated = 9.0e5;

bool northings(double lo, double hi) {
  return lo >= kMinNorthing && hi <= kMaxNorthing;
}
bool truncated_eastings(double lo, double hi) {
  return lo >= kMinTruncated && hi <= kMaxTruncated;
}
bool prefixed_eastings(double lo, double hi) {
  return lo >= 1.0e7 && hi < 1.0e8;
}
bool lon_in_china(double lo, double hi) {
  return lo >= 70 && hi <= 140;
}
bool lat_in_china(double lo, double hi) {
  return lo >= 0 && hi <= 60;
}

const char* kTruncatedReason =
    "eastings have no zone prefix: the zone must come from the .prj, a 带号 header or a given CRS "
    "(crs = \"EPSG:…\" on the layer in tudi.toml; tudi convert: --src-crs)";
const char* kNoFitReason = "coordinates fit no Chinese CRS";

/// Places prefixed eastings in a zone; fills `out` with the EPSG code or the refusal.
void detect_prefixed(double lo, double hi, bool swapped, Detection& out) {
  const int zone_lo = static_cast<int>(std::floor(lo / 1e6));
  const int zone_hi = static_cast<int>(std::floor(hi / 1e6));
  out.swapped_xy = swapped;
  const std::string axes = swapped ? "; X and Y are swapped (X holds the northings)" : "";
  if (zone_lo != zone_hi) {
    out.reason = "eastings carry two zone prefixes, " + std::to_string(zone_lo) + " and " +
                 std::to_string(zone_hi) +
                 ": the layer spans two zones; split it by zone or name the CRS with --crs";
    return;
  }
  const double offset_lo = lo - zone_lo * 1e6;
  const double offset_hi = hi - zone_lo * 1e6;
  if (!truncated_eastings(offset_lo, offset_hi)) {
    out.reason = kNoFitReason;
    return;
  }
  if (zone_lo >= 25 && zone_lo <= 45) {
    out.epsg = epsg_3deg(zone_lo, true);
    out.reason = "eastings carry zone prefix " + std::to_string(zone_lo) +
                 ": CGCS2000 3-degree Gauss-Kruger zone " + std::to_string(zone_lo) +
                 " (EPSG:" + std::to_string(*out.epsg) + ")" + axes;
  } else if (zone_lo >= 13 && zone_lo <= 23) {
    out.epsg = epsg_6deg(zone_lo, true);
    out.reason = "eastings carry zone prefix " + std::to_string(zone_lo) +
                 ": CGCS2000 6-degree Gauss-Kruger zone " + std::to_string(zone_lo) +
                 " (EPSG:" + std::to_string(*out.epsg) + ")" + axes;
  } else {
    out.reason = std::string(kNoFitReason) + " (zone prefix " + std::to_string(zone_lo) +
                 " is neither a 3-degree zone 25-45 nor a 6-degree zone 13-23)";
  }
}

}  // namespace

Detection detect(const Envelope& e) {
  Detection out;
  if (e.empty() || !std::isfinite(e.minx) || !std::isfinite(e.maxx) || !std::isfinite(e.miny) ||
      !std::isfinite(e.maxy)) {
    out.reason = "no coordinates to detect a CRS from";
    return out;
  }
  // Degrees: longitude/latitude, or latitude/longitude as some CSV files give them.
  if (std::fabs(e.minx) <= 180 && std::fabs(e.maxx) <= 180 && std::fabs(e.miny) <= 180 &&
      std::fabs(e.maxy) <= 180) {
    if (lon_in_china(e.minx, e.maxx) && lat_in_china(e.miny, e.maxy)) {
      out.epsg = kCgcs2000Geographic;
      out.reason = "coordinates are longitude/latitude degrees in China: CGCS2000 (EPSG:4490)";
    } else if (lat_in_china(e.minx, e.maxx) && lon_in_china(e.miny, e.maxy)) {
      out.epsg = kCgcs2000Geographic;
      out.swapped_xy = true;
      out.reason =
          "coordinates are latitude/longitude degrees in China (latitude first): CGCS2000 "
          "(EPSG:4490); X and Y are swapped";
    } else {
      out.reason = kNoFitReason;
    }
    return out;
  }
  // Projected: eastings with zone prefix, either in x (normal) or in y (surveyors' X/Y order
  // read as x/y, so the smaller northings come first).
  if (prefixed_eastings(e.minx, e.maxx) && northings(e.miny, e.maxy)) {
    detect_prefixed(e.minx, e.maxx, false, out);
  } else if (prefixed_eastings(e.miny, e.maxy) && northings(e.minx, e.maxx)) {
    detect_prefixed(e.miny, e.maxy, true, out);
  } else if (truncated_eastings(e.minx, e.maxx) && northings(e.miny, e.maxy)) {
    out.reason = kTruncatedReason;
  } else if (truncated_eastings(e.miny, e.maxy) && northings(e.minx, e.maxx)) {
    out.swapped_xy = true;
    out.reason = kTruncatedReason;
  } else {
    out.reason = kNoFitReason;
  }
  return out;
}

}  // namespace tudi::crs
