#pragma once
// The demo county's parts, built one after another by make_county (county.cpp). Internal to
// src/tudi/synth.

#include <cstdint>
#include <string>
#include <vector>

#include "tudi/crs/area.hpp"
#include "tudi/synth/build.hpp"
#include "tudi/synth/names.hpp"
#include "tudi/synth/random.hpp"
#include "tudi/synth/synth.hpp"

namespace tudi::synth {

/// A generated farmland plot, kept so later parts can be placed against it.
struct FarmCell {
  int block = 0, i = 0, j = 0;
  Ring ring;            // local, counter-clockwise, as valid as drawn (see `invalid`)
  std::string dlbm;
  std::size_t feature = 0;  // index in County::farmland.features
  bool invalid = false;     // drawn as a bow-tie on purpose
};

/// What the parts share while the county is being built.
struct Ctx {
  explicit Ctx(std::uint64_t s);
  std::uint64_t seed;
  Rng root;
  Gazetteer gazetteer;
  crs::EllipsoidalArea ellipsoidal;
  std::vector<FarmCell> cells;
  /// The cell of a farmland block at (i, j); throws if it was not generated.
  const FarmCell& cell(int block, int i, int j) const;
  /// Ellipsoidal area of a geometry in EPSG:4526, m² to 2 decimals.
  double official_area(const geom::Geometry& g) const;
};

Layer make_urban(Ctx& ctx);
Layer make_zones(Ctx& ctx);
Layer make_redline(Ctx& ctx);
Layer make_farmland(Ctx& ctx);
Layer make_landuse(Ctx& ctx);
/// Parcels (GDDK) and the approval batches (PZWJSTD) they were approved in.
void make_supply(Ctx& ctx, County& county);
/// Proposals (XMYD) and their 界址点 TXT layers.
void make_proposals(Ctx& ctx, County& county);
std::string make_project_toml();
/// Schemas shared by the demo and the benchmark-scale generator.
std::vector<FieldDef> parcel_fields();
std::vector<FieldDef> zone_fields();
std::vector<FieldDef> urban_fields();
std::string make_projects_csv();
std::string make_scenario_toml();
output::Table make_ledger();  // ledger.cpp

}  // namespace tudi::synth
