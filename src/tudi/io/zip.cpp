#include "tudi/io/zip.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "tudi/core/error.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/reader.hpp"

namespace tudi::io {
namespace fs = std::filesystem;

void write_zip(const fs::path& zip, const std::vector<std::pair<fs::path, std::string>>& files) {
  gdal_init();
  AtomicOutput out(zip, true);
  void* h = CPLCreateZip(out.temp().c_str(), nullptr);
  if (!h) throw Error(zip.string(), "cannot create the archive");
  bool ok = true;
  std::string bad;
  std::vector<char> buf(1 << 16);
  for (const auto& [path, name] : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in || CPLCreateFileInZip(h, name.c_str(), nullptr) != CE_None) {
      ok = false;
      bad = path.string();
      break;
    }
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      const auto n = static_cast<int>(in.gcount());
      if (n > 0 && CPLWriteFileInZip(h, buf.data(), n) != CE_None) ok = false;
    }
    CPLCloseFileInZip(h);
    if (!ok) {
      bad = zip.string();
      break;
    }
  }
  if (CPLCloseZip(h) != CE_None && ok) {
    ok = false;
    bad = zip.string();
  }
  if (!ok) throw Error(bad, "cannot write the archive");
  out.commit();
}

fs::path unzip_shapefile(const fs::path& zip, const fs::path& dir, const std::string& stem,
                         const std::string& shown_name, const UnzipLimits& limits) {
  gdal_init();
  const std::string root = "/vsizip/" + zip.string();
  char** list = VSIReadDirRecursive(root.c_str());
  // GDAL lists nothing for an archive with an entry named "../x" or "/x": refused whole.
  if (!list) throw Error(shown_name, "不是有效的 zip 压缩包（或为空，或含 ../、/ 开头的不安全路径）");
  std::vector<std::string> entries;
  for (char** p = list; *p; ++p) entries.emplace_back(*p);
  CSLDestroy(list);
  if (static_cast<int>(entries.size()) > limits.max_entries)
    throw Error(shown_name, "压缩包内文件过多（最多 " + std::to_string(limits.max_entries) + " 个）");
  // extension → entry, by lower-case extension; several .shp files are refused.
  static const std::vector<std::string> wanted = {".shp", ".shx", ".dbf", ".prj", ".cpg"};
  std::map<std::string, std::string> found;
  int shps = 0;
  for (const std::string& e : entries) {
    if (!e.empty() && e.back() == '/') continue;
    std::string ext = fs::path(e).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (std::find(wanted.begin(), wanted.end(), ext) == wanted.end()) continue;
    if (ext == ".shp") ++shps;
    found.emplace(ext, e);
  }
  if (shps == 0) throw Error(shown_name, "压缩包内没有 Shapefile（.shp）");
  if (shps > 1) throw Error(shown_name, "压缩包内有多个 Shapefile，请每次上传一个");
  for (const char* need : {".shx", ".dbf"})
    if (!found.count(need)) throw Error(shown_name, std::string("压缩包内缺少 ") + need + " 文件");
  const std::string shp_stem = fs::path(found.at(".shp")).stem().string();
  for (const auto& [ext, entry] : found)
    if (fs::path(entry).stem().string() != shp_stem)
      throw Error(shown_name, "压缩包内 " + fs::path(entry).filename().string() + " 与 .shp 文件名不一致");
  fs::create_directories(dir);
  std::uintmax_t total = 0;
  std::vector<char> buf(1 << 16);
  for (const auto& [ext, entry] : found) {
    const std::string src = root + "/" + entry;
    VSILFILE* in = VSIFOpenL(src.c_str(), "rb");
    if (!in) throw Error(shown_name, "无法读取压缩包内的 " + fs::path(entry).filename().string());
    const fs::path target = dir / (stem + ext);
    std::ofstream out(target, std::ios::binary);
    std::size_t n = 0;
    while ((n = VSIFReadL(buf.data(), 1, buf.size(), in)) > 0) {
      total += n;
      if (total > limits.max_bytes) {
        VSIFCloseL(in);
        throw Error(shown_name, "压缩包解压后超过 " + std::to_string(limits.max_bytes >> 20) + " MB");
      }
      out.write(buf.data(), static_cast<std::streamsize>(n));
    }
    VSIFCloseL(in);
    if (!out) throw Error(target.string(), "cannot write");
  }
  return dir / (stem + ".shp");
}

}  // namespace tudi::io
