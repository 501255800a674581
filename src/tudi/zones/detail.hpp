#pragma once
// Internal to src/tudi/zones: area measurement, overlay with a fixed-precision retry, indexed
// layers, and the Ledger of parcel states every zone (current or scenario) is evaluated from.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tudi/crs/area.hpp"
#include "tudi/geom/exact_overlay.hpp"
#include "tudi/geom/index.hpp"
#include "tudi/layer/indexed.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones::detail {

// Overlays are geom::exact_* (exact_overlay.hpp): floating precision keeps the inputs'
// boundaries, so a candidate never overlaps farmland by even 0.01 m².
using geom::exact_difference;
using geom::exact_intersection;
using geom::exact_union;

/// The union of the features of `layer` meeting `g` (their whole geometries).
geom::Geometry union_near(const IndexedLayer& layer, const geom::Geometry& g);

/// What the evaluation needs to know about one parcel, read once per run.
struct ParcelFacts {
  std::string id;
  bool supplied = false, built = false, completed = false, ready = false, industrial = false;
  bool idle = false, idle_unknown = false;
  std::optional<double> floor_area, footprint, investment, tax;
  units::Area area;  // the whole parcel, as the supply analysis measured it
};

/// Parcel states from the supply analysis plus the control layers, indexed once, so that any
/// zone geometry is evaluated the same way.
class Ledger {
 public:
  /// `supply` (supply::analyse on in.parcels) must outlive the ledger.
  Ledger(const Inputs& in, const Settings& settings, const supply::Result& supply);

  /// The stock of a zone and its whole-zone control-line overlaps.
  Stock stock(const geom::Geometry& zone) const;
  Controls controls(const geom::Geometry& zone) const;
  /// The constraint check of new land (without preconditions, which need evaluations).
  NewAreaCheck check_new_area(const std::string& zone_id, const geom::Geometry& added) const;
  /// Built land near `g`: built parcels and land-use features of built classes, united.
  geom::Geometry built_near(const geom::Geometry& g) const;
  units::Area unsupplied_in(const geom::Geometry& g) const;
  /// Whether built land comes from the landuse layer (configured, with [built] codes).
  bool built_from_landuse() const;

  const crs::AreaMeter& meter() const { return meter_; }
  const IndexedLayer& urban() const { return urban_; }
  const IndexedLayer& farmland() const { return farmland_; }
  const IndexedLayer& redline() const { return redline_; }
  const supply::Result& supply() const { return supply_; }
  /// Names of parcels fields the formulas need but the layer does not map.
  const std::vector<std::string>& unmapped() const { return unmapped_; }
  const Settings& settings() const { return settings_; }

 private:
  const Inputs in_;
  const Settings& settings_;
  const supply::Result& supply_;
  crs::AreaMeter meter_;
  std::vector<ParcelFacts> facts_;
  IndexedLayer parcels_, farmland_, redline_, urban_, landuse_;
  geom::EnvelopeIndex unsupplied_index_;  // over supply_.batches' 批而未供 polygons
  std::vector<std::string> unmapped_;
};

/// The indicators of a stock; ranks are filled in later by rank().
std::array<Indicator, kIndicators> indicators(const Stock& s, const units::Area& zone_area,
                                              const Ledger& ledger);

/// Evaluates one zone geometry.
ZoneEval evaluate(const Ledger& ledger, geom::Geometry geometry, const ZoneInfo& info,
                  bool approved_denominator = false);

/// The national values of the settings put on each indicator.
void put_national(ZoneEval& z, const Settings& s);

}  // namespace tudi::zones::detail
