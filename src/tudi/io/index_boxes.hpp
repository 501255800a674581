#pragma once
// The bounding boxes a source's own spatial index already holds, read without touching a
// geometry: what a map can show at once while the layer itself is still being read.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tudi/core/progress.hpp"
#include "tudi/crs/crs.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/reader.hpp"

namespace tudi::io {

/// One box per feature that has a geometry (features without one are not in the index), in
/// the index's order. SQLite's R-tree keeps 32-bit floats rounded outwards, so a box may be
/// larger than the feature's envelope by one float step (4 m at 8-digit Gauss-Krüger
/// eastings, under a centimetre at county-local coordinates): good for a preview, not for
/// analysis.
struct IndexBoxes {
  std::string name;  // the layer's name
  crs::Crs crs;      // the boxes' CRS: the target when one was given, else the source's
  std::vector<std::int64_t> fids;
  std::vector<Envelope> boxes;
};

/// Reads the R-tree of a GeoPackage layer (`rtree_<table>_<geometry column>`). Returns nothing
/// when there is no such index to read: not a GeoPackage, no spatial index, or a source
/// that declares no CRS and names none in `src.crs` (its CRS, and maybe its axis order, would
/// have to be detected from the coordinates: the full read does that). With a `target` CRS
/// other than the source's, each box becomes the box of its four transformed corners.
/// Throws tudi::Error when the file cannot be opened, tudi::Cancelled when `progress` says so.
std::optional<IndexBoxes> read_index_boxes(const LayerSource& src,
                                           const std::optional<crs::Crs>& target = std::nullopt,
                                           const Progress& progress = {});

}  // namespace tudi::io
