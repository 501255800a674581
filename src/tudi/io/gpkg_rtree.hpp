#pragma once
// A GeoPackage's spatial index built once, after the features are written: straight into
// SQLite's rtree virtual table with the extension's standard triggers, instead of GDAL
// updating the index on every insert (the layer is created with SPATIAL_INDEX=NO).

#include <filesystem>
#include <string>

namespace tudi::io {

/// Builds "rtree_<table>_<geom_column>" of the GeoPackage at `file` from the envelopes in its
/// geometry blobs (NULL and empty geometries are left out, as the extension says), adds the
/// triggers that keep it right under later edits and the gpkg_extensions row, all in one
/// transaction. The file must be closed by GDAL. Throws tudi::Error naming `where`.
void build_gpkg_rtree(const std::filesystem::path& file, const std::string& table,
                      const std::string& fid_column, const std::string& geom_column,
                      const std::string& where);

}  // namespace tudi::io
