#pragma once
// Small OGR helpers the readers and writers share, so each is done one way.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "tudi/core/layer.hpp"

namespace tudi::io {

struct DatasetCloser {
  void operator()(GDALDataset* d) const noexcept { GDALClose(d); }
};
/// An open GDAL dataset, closed (and, when written, flushed) when it goes.
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

/// Field i of an OGR feature as tudi holds it: integers, reals, dates as "YYYY-MM-DD", text;
/// null when the field is unset or null.
Value field_value(OGRFeature& f, int i, FieldType t);

/// True when no side of the envelope is NaN or infinite.
bool finite(const OGREnvelope& e);

}  // namespace tudi::io
