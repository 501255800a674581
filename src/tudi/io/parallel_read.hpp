#pragma once
// Reading big layers on every core: the layer is cut into feature-id ranges (or windows), each
// read through a dataset handle no other thread is using, with a cheap envelope test before any
// geometry is converted. The normalisation is reader.cpp's (decode, settle the CRS, reproject,
// repair); see stream_layer.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tudi/io/reader.hpp"

namespace tudi::io {

struct ParallelReadOptions {
  ReadOptions base;  // target CRS, assumed CRS, repair, envelope filter, progress
  /// Canonical fields to read (by the role's mapping); the others stay null and OGR skips
  /// them. Empty = every field.
  std::vector<std::string> fields;
  /// A cheap test on a feature's envelope (in the target CRS) before its geometry is
  /// converted; false skips the feature. Called from several threads at once.
  std::function<bool(const Envelope&)> keep;
  /// Envelopes (target CRS) the features of interest meet, e.g. one per proposal. A source with
  /// a spatial index (GeoPackage, PostGIS) is then queried window by window, each feature
  /// handed on once, instead of scanned whole; `keep` still applies.
  std::vector<Envelope> windows;
  /// Hand on features without a geometry (Feature::geometry null) instead of skipping them.
  bool keep_empty = false;
  int threads = 0;                      // 0 = every core
  std::int64_t chunk_features = 32768;  // features per id range
  std::size_t batch = 1024;             // features per call of `visit`
};

/// What a parallel read found besides the features.
struct SchemaInfo {
  Layer schema;               // name, source, role, CRS, fields, mapping, report (no features)
  Envelope extent;      // the layer's extent in the target CRS (empty if unknown)
  std::int64_t features = 0;  // features in the source (-1 if unknown)
};

/// Opens a source and settles its schema, CRS and extent without reading its features.
/// Throws tudi::Error when the source cannot be read, as read_layer does.
SchemaInfo read_schema(const LayerSource& src, const ReadOptions& opt = {});

/// Reads a layer in parallel: `visit` receives batches of normalised features and is called
/// from several threads at once (and in no particular order). Sources that cannot be read by
/// id ranges (界址点 TXT, databases, most non-file formats) are read by one thread, still in
/// batches. The schema's report collects the repairs of every thread.
void read_parallel(const LayerSource& src, const ParallelReadOptions& opt, SchemaInfo& info,
                   const std::function<void(std::vector<Feature>&&)>& visit);

/// Reads a whole (small) layer with read_parallel's options, in feature-id order.
Layer read_all(const LayerSource& src, const ParallelReadOptions& opt);

}  // namespace tudi::io
