#pragma once
// Chinese area units. 1 亩 = 10000/15 m² exactly; 1 公顷 = 10000 m² = 15 亩.

namespace tudi::units {

inline constexpr double kMuPerM2 = 0.0015;
inline constexpr double kHaPerM2 = 1e-4;
inline constexpr double kMuPerHa = 15.0;

constexpr double m2_to_mu(double m2) { return m2 * kMuPerM2; }
constexpr double m2_to_ha(double m2) { return m2 * kHaPerM2; }
constexpr double mu_to_m2(double mu) { return mu / kMuPerM2; }
constexpr double ha_to_m2(double ha) { return ha / kHaPerM2; }

/// An area with both methods the bureau reports: planar (in the working GK projection) and
/// ellipsoidal (on the CGCS2000 ellipsoid; the official survey area).
struct Area {
  double planar_m2 = 0;
  double ellipsoidal_m2 = 0;
  double planar_mu() const { return m2_to_mu(planar_m2); }
  double planar_ha() const { return m2_to_ha(planar_m2); }
  double ellipsoidal_mu() const { return m2_to_mu(ellipsoidal_m2); }
  double ellipsoidal_ha() const { return m2_to_ha(ellipsoidal_m2); }
  Area& operator+=(const Area& o) {
    planar_m2 += o.planar_m2;
    ellipsoidal_m2 += o.ellipsoidal_m2;
    return *this;
  }
};

}  // namespace tudi::units
