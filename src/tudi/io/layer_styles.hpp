#pragma once
// QGIS layer styles stored inside a GeoPackage: the `layer_styles` table QGIS reads when a
// layer is opened (and writes itself with "Save as default"), so the next office sees the
// layers styled as tudi drew them.

#include <filesystem>
#include <string>
#include <vector>

namespace tudi::io {

/// One row of `layer_styles`: the style QGIS applies to `table` by default.
struct LayerStyle {
  std::string table;                  // the GeoPackage layer (f_table_name)
  std::string geometry_column = "geom";
  std::string name;                   // styleName
  std::string qml;                    // styleQML: render::to_qml()
  std::string description;
};

/// Adds (or replaces) the `layer_styles` table of an existing GeoPackage with the columns QGIS
/// expects: id, f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,
/// styleQML, styleSLD, useAsDefault, description, owner, ui, update_time. Call it on the
/// temporary file of an io::AtomicOutput before commit(). Throws tudi::Error naming the file.
void write_layer_styles(const std::filesystem::path& gpkg, const std::vector<LayerStyle>& styles);

/// "GDAL 3.6.2", "GEOS 3.11.1", "PROJ 9.1.1": the libraries that read and wrote the data, for
/// manifests (留痕).
std::vector<std::pair<std::string, std::string>> library_versions();

}  // namespace tudi::io
