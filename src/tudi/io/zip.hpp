#pragma once
// Zip archives through GDAL's own minizip: Shapefile sets handed over as one download, and
// zipped Shapefiles uploaded to the server, unpacked without trusting a name inside them.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace tudi::io {

/// Writes `files` (path on disk, name inside the archive) into a new zip at `zip`, atomically.
/// Throws tudi::Error naming the file that could not be read or written.
void write_zip(const std::filesystem::path& zip,
               const std::vector<std::pair<std::filesystem::path, std::string>>& files);

/// Limits on what an uploaded archive may unpack to.
struct UnzipLimits {
  std::uintmax_t max_bytes = 200u << 20;  // total unpacked size
  int max_entries = 64;
};

/// Unpacks the one Shapefile of an uploaded zip into `dir` as `<stem>.shp`, `.shx`, `.dbf`,
/// `.prj`, `.cpg`: only those extensions are taken and only the entries' base names matter, so
/// no name inside the archive ever becomes a path. Returns the .shp path. Throws tudi::Error
/// naming `shown_name` for a broken archive, none or several Shapefiles, a missing .shx or .dbf,
/// or an archive over the limits.
std::filesystem::path unzip_shapefile(const std::filesystem::path& zip,
                                      const std::filesystem::path& dir, const std::string& stem,
                                      const std::string& shown_name, const UnzipLimits& limits = {});

}  // namespace tudi::io
