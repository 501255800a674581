#pragma once
// What `tudi info` reports about a source, computed in one streaming pass over its features.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tudi/io/reader.hpp"

namespace tudi::io {

struct LayerInfo {
  std::string source;
  std::string name;
  std::string role;           // configured role, or the guessed one (role_guessed = true)
  bool role_guessed = false;
  std::int64_t feature_count = 0;
  std::string geometry_type;  // "Polygon", "MultiPolygon", "Point", or "mixed: A, B"
  std::optional<int> epsg;
  std::string crs_name;
  std::string crs_origin;     // declared / detected / assigned
  std::string crs_how;
  std::string encoding, encoding_how;
  std::vector<FieldDef> fields;
  FieldMapping mapping;
  std::string mapping_error;  // when the role's mapping is ambiguous: the message
  Envelope extent;      // in the layer's own CRS
  int invalid_count = 0;
  int empty_count = 0;
};

/// Describes every layer of a source (a GeoPackage or OSM file has several), or only
/// `src.layer` when set. Geometries are checked for validity but not kept.
std::vector<LayerInfo> describe(const LayerSource& src);

nlohmann::json to_json(const LayerInfo& info);

}  // namespace tudi::io
