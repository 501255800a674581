#pragma once
// Reading any OGR source (and 界址点 TXT) into a normalised in-memory Layer:
// read → decode text → settle the CRS → reproject → repair validity.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/core/progress.hpp"
#include "tudi/io/encoding.hpp"

namespace tudi::io {

/// Where a layer comes from, as a project file names it.
struct LayerSource {
  std::string source;             // path or GDAL connection ("PG:..."); TXT file or folder
  std::string layer;              // layer within the source; empty = the first/only one
  std::string encoding = "auto";  // "auto" or a name normalise_encoding() knows
  std::string role;               // role name for field mapping; empty = none
  FieldMapping fields;            // explicit canonical → source names
  /// The source's CRS from the project file's per-layer `crs`, for a source that declares none
  /// (no .prj; a TXT without 带号 or zone prefix) or declares a wrong one (it wins over the
  /// .prj); empty = declared or detected. ReadOptions::assume wins over it.
  std::string crs;
  /// The data's vintage as the project file records it (e.g. the 三区三线 启用文号): carried
  /// into every output of an analysis, never used to read.
  std::string version, document, date;
};

struct ReadOptions;
/// The CRS the user gave for `src`: ReadOptions::assume, else LayerSource::crs.
std::optional<crs::Crs> assumed_crs(const LayerSource& src, const ReadOptions& opt);

struct ReadOptions {
  std::optional<crs::Crs> target;  // reproject into this CRS (the analysis' working CRS)
  std::optional<crs::Crs> assume;  // the source's CRS, over any it declares (ogr2ogr -s_srs)
  bool repair = true;              // MakeValid invalid geometries (always reported)
  /// Keep only features whose envelope meets this one (in the target CRS); empty = all.
  Envelope filter;
  Progress progress;
  /// Scan a Shapefile's .dbf for text not valid in its encoding (kept with U+FFFD, reported).
  /// read_parallel turns it off for its schema pass and scans once itself.
  bool scan_text = true;
};

/// The text cells of `src` (a Shapefile; none for other formats) not valid in `encoding`.
InvalidText invalid_text(const LayerSource& src, const std::string& encoding);

/// Reads a whole layer into memory, normalised. Throws tudi::Error naming the source (and the
/// feature) for anything it cannot read: missing files, broken Shapefiles, unknown or
/// undetectable CRS, NaN coordinates, an empty layer.
Layer read_layer(const LayerSource& src, const ReadOptions& opt = {});

/// Layer names inside a multi-layer source (GeoPackage, FileGDB, OSM); one name for a file
/// with a single layer. Throws tudi::Error when the source cannot be opened.
std::vector<std::string> list_layers(const std::string& source);

/// Streams features one at a time, each already decoded, reprojected and repaired, so huge
/// layers never sit in memory whole. `layer` receives the schema (fields, mapping, CRS) and
/// the report before the first feature; the callback returns false to stop early.
void stream_layer(const LayerSource& src, const ReadOptions& opt, Layer& layer,
                  const std::function<bool(Feature&&)>& visit);

/// The CRS a source declares or implies, without reading its features (for the working CRS).
crs::Crs peek_crs(const LayerSource& src);

/// Registers GDAL's drivers once and routes GDAL's messages away from stderr; every function
/// here calls it, and so must any other user of GDAL.
void gdal_init();

/// True when a source is a 界址点 TXT file or a folder of them.
bool is_jzd_source(const std::string& source);

}  // namespace tudi::io
