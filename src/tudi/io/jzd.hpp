#pragma once
// The 界址点 coordinate TXT (报盘/报备/预审/勘测定界 format), DOMAIN §5: reader and writer.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/crs/crs.hpp"

namespace tudi::io::jzd {

/// One boundary point as written: 点号, 圈号, and easting/northing already sorted out
/// (X = northing, Y = easting in the file; swapped files are recognised).
struct Point {
  std::string name;  // "J1"
  int ring = 1;      // 圈号: 1 = outer ring, 2.. = holes
  double easting = 0, northing = 0;
  int line = 0;  // 1-based line in the file
};

/// One plot (地块): its header fields and its rings.
struct Plot {
  int declared_points = 0;                 // 界址点数
  std::optional<double> declared_area_ha;  // 地块面积 (公顷)
  std::string id;                          // 地块编号
  std::string name;                        // 地块名称
  std::string shape;                       // 记录图形属性: 面/线/点
  std::string sheet;                       // 图幅号
  std::string use;                         // 地块用途
  std::string land_class;                  // 地类编码
  std::vector<std::string> extra;  // fields after the 8th (图斑类型, 地类, 等别, 备注...)
  std::vector<std::vector<Point>> rings;  // rings[0] outer (圈号 1), then holes
  int line = 0;                           // line of the header
};

/// A parsed file. Problems that do not stop reading are warnings, each "file:line: text".
struct File {
  std::string path;
  std::string encoding, encoding_how;
  std::vector<std::pair<std::string, std::string>> attributes;  // [属性描述] key=value, in order
  std::vector<std::pair<std::string, std::string>> extension;   // [扩展信息]
  std::vector<Plot> plots;
  std::optional<int> zone;         // 带号 from the header
  std::optional<int> width;        // 几度分带 (3 or 6)
  bool prefixed = false;           // eastings carry the zone number
  std::optional<int> prefix_zone;  // that number, floor(easting / 10⁶), when prefixed
  bool swapped = false;            // the file wrote (easting, northing) instead of (X=N, Y=E)
  std::vector<std::string> warnings;
};

struct ReadOptions {
  std::string encoding = "auto";  // or a name io::normalise_encoding knows ("GBK", "UTF-8")
  /// The user's --crs ("EPSG:4547"): used instead of 带号/zone prefix when not empty.
  std::string crs;
  /// Area check tolerance: declared vs computed differs by more than max(rel × area, abs_ha).
  double area_tolerance_rel = 0.001;
  double area_tolerance_ha = 0.01;
};

/// Parses one TXT file. Errors (one line, "file:line: what") throw tudi::Error: unclosed ring,
/// non-numeric or non-finite coordinate, point line before any header, header without '@',
/// a ring with fewer than 3 distinct vertices, no plots at all. Warnings (File::warnings, in
/// line order): 界址点数 mismatch, 带号 vs zone prefix, hole outside its shell, invalid polygon,
/// declared vs planar area, swapped axes.
/// A 界址点 file of a whole county is a few MiB; anything past this is not one.
inline constexpr std::uintmax_t kMaxJzdBytes = 64 * 1024 * 1024;
File read_file(const std::filesystem::path& path, const ReadOptions& opt = {});
File parse(std::string_view bytes, const std::string& path, const ReadOptions& opt = {});

/// The EPSG code of the CGCS2000 GK zone the file's coordinates are in, from 带号/几度分带 and
/// the zone prefix (the prefix wins over 带号); throws tudi::Error naming the file when it
/// cannot be told, or when 坐标系 names Xian 1980 / Beijing 1954 (not supported yet).
int epsg_of(const File& f);

/// The plots as a polygon layer, one feature per plot (fid = 1-based plot order), fields JZDS
/// (Integer), DKMJ (Real, 公顷 as declared), DKBH, DKMC, TXSX, TFH, DKYT, DLBM, then the extra
/// header fields as TBLX, DL, GZQDB, GZHDB, BZ, BZ2, ...; role "proposals", mapping
/// {id: DKBH, name: DKMC}. The CRS is `assigned` when given, else epsg_of(f) (Origin::Detected).
Layer to_layer(const File& f, const crs::Crs& assigned = {});

/// The *.txt files under `folder`, subfolders included (bureaus file 界址点 by batch or
/// township), sorted by their path below it; throws tudi::Error naming the folder when it
/// cannot be listed or holds none.
std::vector<std::filesystem::path> txt_files(const std::filesystem::path& folder);

/// Reads a TXT file, or every txt_files() of a folder (all must share one EPSG), into one
/// layer.
Layer read_layer(const std::filesystem::path& path, const ReadOptions& opt = {});

struct WriteOptions {
  std::string encoding = "CP936";  // GBK, as the receiving systems expect; or "UTF-8"
  bool prefixed = true;            // write eastings with the zone prefix
  std::string producer = "tudi";   // 数据产生单位
  std::string date;                // 数据产生日期; default today
};

/// Writes a polygon layer in a GK CRS as one TXT with a plot per feature; header fields come
/// from the layer's attributes (mapped names id/name/use/land_class, or DKBH/DKMC/...) and the
/// area is the planar area in 公顷. Rings are closed and numbered J1.. per plot. The format has
/// no parts, only 圈号 (1 = shell, 2.. = holes): a multipolygon feature becomes one plot per
/// part, its 地块编号 suffixed -1, -2, ... CRLF line endings, encoded per opt.encoding.
std::string format(const Layer& layer, const WriteOptions& opt = {});
void write_file(const Layer& layer, const std::filesystem::path& path, const WriteOptions& opt,
                bool overwrite);

}  // namespace tudi::io::jzd
