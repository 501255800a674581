#pragma once
// Writing layers: GeoPackage, Shapefile (with .prj and .cpg), GeoJSON, 界址点 TXT. The format
// follows the extension; every output is written under a temporary name and renamed into place.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tudi/core/layer.hpp"

namespace tudi::io {

struct WriteOptions {
  std::string encoding = "UTF-8";   // Shapefile and TXT: "UTF-8" or "CP936" (GBK)
  bool overwrite = false;
  std::optional<crs::Crs> target;   // reproject on the way out
  std::string layer_name;           // GeoPackage layer name; default: the layer's own
};

/// Writes one layer to `path`; the driver follows the extension (.gpkg .shp .geojson .json .txt).
void write_layer(const Layer& layer, const std::filesystem::path& path, const WriteOptions& opt);

/// Writes several layers into one GeoPackage, atomically.
void write_gpkg(const std::vector<const Layer*>& layers, const std::filesystem::path& path,
                const WriteOptions& opt);

}  // namespace tudi::io
