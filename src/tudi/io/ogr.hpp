#pragma once
// Small OGR helpers the readers share, so each is done one way (datasets are held in GDAL's
// own GDALDatasetUniquePtr).

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

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

}  // namespace tudi::io
