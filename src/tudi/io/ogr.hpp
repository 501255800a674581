#pragma once
// Small OGR helpers the readers share, so each is done one way (datasets are held in GDAL's
// own GDALDatasetUniquePtr).

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/io/reader.hpp"

namespace tudi::io {

/// Field i of an OGR feature as tudi holds it: integers, reals, dates as "YYYY-MM-DD", text;
/// null when the field is unset or null.
Value field_value(OGRFeature& f, int i, FieldType t);

/// The layer of `ds` that `src` names; without a name, its only layer (or its only layer with
/// geometry). A source of several layers and no name is refused with the names to choose from:
/// reading the first would analyse approval batches as parcels without a word.
OGRLayer& choose_layer(GDALDataset& ds, const LayerSource& src);

/// True when no side of the envelope is NaN or infinite.
bool finite(const OGREnvelope& e);

// The geometry steps of every reader (read_layer/stream_layer, read_parallel, 界址点 TXT), one
// way: linearise → check finite → swap axes → transform → GEOS → settle_geometry.

inline constexpr const char* kNonFinite = "has NaN or infinite coordinates";

/// `g` without curves: itself, or a linearised copy kept in `holder`.
OGRGeometry* linearised(OGRGeometry* g, std::unique_ptr<OGRGeometry>& holder);
/// `g` as a GEOS geometry, through ISO WKB (`wkb` is scratch space the caller may reuse).
geom::Geometry to_geos(const OGRGeometry& g, std::vector<std::uint8_t>& wkb);
/// The last step for every geometry read, in the target CRS: a NaN or infinite coordinate (one a
/// transformation sent out of range) throws tudi::Error at `where`; an invalid geometry is
/// counted and, with `repair`, made valid with MakeValid and the repair reported at `where`.
void settle_geometry(geom::Geometry& g, const std::string& where, bool repair, ReadReport& report);

}  // namespace tudi::io
