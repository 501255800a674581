#pragma once
// Writing layers: GeoPackage, Shapefile (with .prj and .cpg), GeoJSON, 界址点 TXT. The format
// follows the extension; every output is written under a temporary name and renamed into place.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tudi/layer/layer.hpp"

namespace tudi::io {

struct WriteOptions {
  std::string encoding = "UTF-8";   // Shapefile and TXT: "UTF-8" or "CP936" (GBK)
  bool overwrite = false;
  std::string producer;  // 界址点 TXT: 数据产生单位 (the bureau); empty = "tudi"
  std::optional<crs::Crs> target;   // reproject on the way out
  std::string layer_name;           // GeoPackage layer name; default: the layer's own
  /// The layer is one of tudi's results (core/result_fields): Shapefile fields take the
  /// table's short names, and a <name>.shp.xml beside them carries the Chinese aliases.
  bool result_fields = false;
};

/// Output formats by extension: .gpkg, .shp, .geojson/.json, .txt (界址点). Throws
/// tudi::UsageError naming the path for any other extension.
enum class Format { GeoPackage, Shapefile, GeoJSON, Jzd };
Format format_for(const std::filesystem::path& path);

/// Streams features into one new layer of a GDAL vector file (GeoPackage, Shapefile, GeoJSON),
/// so a million features never sit in memory. `schema` gives the name, CRS and fields (its
/// features are ignored). Nothing appears at `path` until commit().
class LayerWriter {
 public:
  LayerWriter(const std::filesystem::path& path, const Layer& schema, const WriteOptions& opt);
  ~LayerWriter();
  /// Starts another layer in the same file (GeoPackage only); later features go to it.
  void next_layer(const Layer& schema);
  void add(const Feature& f);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  WriteOptions opt_;
};

/// Writes one layer to `path`; the driver follows the extension.
void write_layer(const Layer& layer, const std::filesystem::path& path, const WriteOptions& opt);

/// Writes several layers into one GeoPackage, atomically.
void write_gpkg(const std::vector<const Layer*>& layers, const std::filesystem::path& path,
                const WriteOptions& opt);

/// Shapefile field names are at most 10 bytes in the file's encoding. `preferred` (one per
/// field, empty = none) gives a field its name when that fits and is not taken yet; other
/// names are shortened to a unique prefix (…_1, …_2 on collision). Returns the names in
/// field order.
std::vector<std::string> shapefile_field_names(const std::vector<FieldDef>& fields,
                                               const std::string& encoding,
                                               const std::vector<std::string>& preferred = {});

/// The field names and aliases of a Shapefile as ArcGIS metadata (<name>.shp.xml, the file
/// ArcCatalog shows and edits as the layer's description): an entity `title` with one
/// <attr> per field, <attrlabl> the DBF name and <attalias> the alias. UTF-8.
struct ShapefileField {
  std::string name, alias;
  FieldType type = FieldType::String;
};
std::string shapefile_metadata(const std::string& title, const std::vector<ShapefileField>& fields);

}  // namespace tudi::io
