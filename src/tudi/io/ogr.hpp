#pragma once
// Small OGR helpers the readers share, so each is done one way (datasets are held in GDAL's
// own GDALDatasetUniquePtr).

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "tudi/core/layer.hpp"

namespace tudi::io {

/// Field i of an OGR feature as tudi holds it: integers, reals, dates as "YYYY-MM-DD", text;
/// null when the field is unset or null.
Value field_value(OGRFeature& f, int i, FieldType t);

/// True when no side of the envelope is NaN or infinite.
bool finite(const OGREnvelope& e);

}  // namespace tudi::io
