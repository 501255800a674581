// Writing a polygon layer as a 界址点 coordinate TXT (DOMAIN §5), the way the receiving land
// systems expect it: GBK, CRLF, X = northing, Y = easting with the zone prefix, 3 decimals.

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <initializer_list>

#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/jzd.hpp"

namespace tudi::io::jzd {
namespace {

using Ring = std::vector<std::pair<double, double>>;

/// The layer's field mapping, completed from its role's typical names when the layer comes
/// without one (`tudi convert proposals.shp x.txt`: XMBH/XMMC/XMLB are the id, name and use).
FieldMapping mapping_of(const Layer& layer) {
  FieldMapping m = layer.mapping;
  const std::string role = guess_role(layer.name, layer.fields);
  if (const Role* r = role.empty() ? nullptr : find_role(role)) {
    try {
      for (const auto& [canonical, source] : resolve_mapping(*r, layer.fields, {}, layer.name))
        m.emplace(canonical, source);
    } catch (const Error&) {  // two candidates for one field: that field stays unnamed
    }
  }
  return m;
}

/// The first field found: a canonical name through the mapping, else a source name.
int find_field(const Layer& layer, const FieldMapping& mapping,
               std::initializer_list<std::string_view> canonical,
               std::initializer_list<std::string_view> names) {
  for (auto c : canonical)
    if (auto it = mapping.find(std::string(c)); it != mapping.end())
      if (const int i = layer.field_index(it->second); i >= 0) return i;
  for (auto n : names)
    if (const int i = layer.field_index(n); i >= 0) return i;
  return -1;
}

/// A header value as one field: ',' would split it, so it becomes '，' (the reader keeps
/// full-width commas inside a header that has its 7 ASCII-separated fields); line breaks become
/// spaces.
std::string field_text(const Feature& f, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= f.values.size()) return {};
  std::string out;
  for (char c : to_text(f.values[index])) {
    if (c == ',') {
      out += "\xEF\xBC\x8C";
    } else if (c == '\r' || c == '\n' || c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  const auto from = out.find_first_not_of(' ');
  if (from == std::string::npos) return {};
  return out.substr(from, out.find_last_not_of(' ') - from + 1);
}

/// Shoelace area relative to the first vertex, so prefixed eastings (3.8 × 10⁷) lose no digits.
double ring_area(const Ring& r) {
  if (r.size() < 3) return 0;
  const auto [x0, y0] = r.front();
  double twice = 0;
  for (std::size_t i = 1; i + 1 < r.size(); ++i)
    twice +=
        (r[i].first - x0) * (r[i + 1].second - y0) - (r[i + 1].first - x0) * (r[i].second - y0);
  return std::fabs(twice) / 2;
}

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return fmt::format("{}-{}-{}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

struct Columns {
  int id, name, shape, sheet, use, land_class;
  std::vector<int> extras;  // TBLX, DL, GZQDB, GZHDB, BZ, BZ2, ... up to the last present

  Columns(const Layer& l, const FieldMapping& m)
      : id(find_field(l, m, {"id"}, {"DKBH", "id"})),
        name(find_field(l, m, {"name"}, {"DKMC", "name"})),
        shape(find_field(l, m, {}, {"TXSX"})),
        sheet(find_field(l, m, {}, {"TFH"})),
        use(find_field(l, m, {"use", "planned_use", "category"}, {"DKYT", "use", "GHYT"})),
        land_class(find_field(l, m, {"land_class"}, {"DLBM", "land_class"})) {
    static const char* const kNames[] = {"TBLX", "DL", "GZQDB", "GZHDB", "BZ"};
    std::size_t last = 0;
    for (const char* n : kNames) {
      extras.push_back(l.field_index(n));
      if (extras.back() >= 0) last = extras.size();
    }
    for (int k = 2; l.field_index(fmt::format("BZ{}", k)) >= 0; ++k) {
      extras.push_back(l.field_index(fmt::format("BZ{}", k)));
      last = extras.size();
    }
    extras.resize(last);
  }
};

}  // namespace

std::string format(const Layer& layer, const WriteOptions& opt) {
  const std::string where = layer.source.empty() ? layer.name : layer.source;
  const auto epsg = layer.crs.epsg();
  const auto zone = epsg ? crs::gk_zone(*epsg) : std::nullopt;
  if (!zone)
    throw Error(where, fmt::format("a 界址点 TXT needs a CGCS2000 Gauss-Krüger CRS "
                                   "(EPSG:4491–4554) but the layer is in {}; reproject it first",
                                   layer.crs.empty() ? "no CRS" : layer.crs.label()));
  if (layer.features.empty()) throw Error(where, "the layer has no features: no plot to write");
  // Eastings as the file should carry them: add or remove zone × 10⁶.
  const double prefix = zone->zone * 1e6;
  const double shift = zone->prefixed == opt.prefixed ? 0 : (opt.prefixed ? prefix : -prefix);

  std::string out;
  const auto line = [&out](std::string_view s) {
    out += s;
    out += "\r\n";
  };
  line("[属性描述]");
  line("格式版本号=1.01");
  line("数据产生单位=" + opt.producer);
  line("数据产生日期=" + (opt.date.empty() ? today() : opt.date));
  line("坐标系=2000国家大地坐标系");
  line(fmt::format("几度分带={}", zone->width));
  line("投影类型=高斯克吕格");
  line("计量单位=米");
  line(fmt::format("带号={}", zone->zone));
  line("精度=0.001");
  line("转换参数=,,,,,,");
  line("[地块坐标]");

  const Columns col(layer, mapping_of(layer));
  for (const auto& feature : layer.features) {
    if (!feature.geometry || geom::is_empty(feature.geometry))
      throw Error(layer.where(feature), "has no geometry; every plot needs a boundary");
    if (!geom::is_polygonal(feature.geometry))
      throw Error(layer.where(feature), fmt::format("is a {}; a 界址点 TXT holds polygons only",
                                                    geom::type_name(feature.geometry)));
    std::vector<std::vector<Ring>> parts;
    geom::for_each_ring(feature.geometry, [&](int part, int, std::span<const double> xy) {
      if (xy.size() < 2) return;
      while (parts.size() <= static_cast<std::size_t>(part)) parts.emplace_back();
      Ring& ring = parts[part].emplace_back();
      for (std::size_t i = 0; i + 1 < xy.size(); i += 2) ring.emplace_back(xy[i], xy[i + 1]);
      if (ring.front() != ring.back()) ring.push_back(ring.front());
    });
    std::erase_if(parts, [](const auto& rings) { return rings.empty(); });

    std::string id = field_text(feature, col.id);
    if (parts.size() > 1 && id.empty()) id = std::to_string(feature.fid);
    const std::string shape = field_text(feature, col.shape);
    // 地块名称 onward; the header line ends with ",@" as in DOMAIN §5's example.
    std::string tail =
        fmt::format("{},{},{},{},{}", field_text(feature, col.name), shape.empty() ? "面" : shape,
                    field_text(feature, col.sheet), field_text(feature, col.use),
                    field_text(feature, col.land_class));
    for (int e : col.extras) tail += "," + field_text(feature, e);

    for (std::size_t k = 0; k < parts.size(); ++k) {
      const auto& rings = parts[k];
      std::size_t count = 0;
      double area = 0;
      for (std::size_t r = 0; r < rings.size(); ++r) {
        count += rings[r].size();
        area += r == 0 ? ring_area(rings[r]) : -ring_area(rings[r]);
      }
      // A bow-tie's lobes cancel in the shoelace sum: its area is that of the repaired polygon.
      if (const geom::Geometry poly = geom::polygon(rings); !geom::invalid_reason(poly).empty())
        area = geom::area(geom::make_valid(poly));
      const std::string plot_id = parts.size() > 1 ? fmt::format("{}-{}", id, k + 1) : id;
      line(fmt::format("{},{:.4f},{},{},@", count, area / 1e4, plot_id, tail));
      int n = 0;
      for (std::size_t r = 0; r < rings.size(); ++r) {
        const int first = n + 1;
        for (std::size_t i = 0; i < rings[r].size(); ++i) {
          const bool closing = i + 1 == rings[r].size();
          const auto [x, y] = rings[r][i];
          line(fmt::format("J{},{},{:.3f},{:.3f}", closing ? first : ++n, r + 1, y, x + shift));
        }
      }
    }
  }

  const std::string encoding = normalise_encoding(opt.encoding);
  if (encoding == "UTF-8") return out;
  std::string bytes;
  try {
    bytes = recode(out, "UTF-8", encoding);
  } catch (const Error& e) {
    throw Error(
        where, fmt::format("cannot be written in {}: {}; write UTF-8 instead", encoding, e.what()));
  }
  // Whatever iconv does with a character GBK lacks (fail, drop, transliterate), a name must not
  // change silently on its way to the land system.
  if (to_utf8(bytes, encoding) != out)
    throw Error(where, fmt::format("cannot be written in {}: some attribute text has characters "
                                   "{} cannot hold; write UTF-8 instead",
                                   encoding, encoding));
  return bytes;
}

void write_file(const Layer& layer, const std::filesystem::path& path, const WriteOptions& opt,
                bool overwrite) {
  const std::string bytes = format(layer, opt);  // fails before anything touches the disk
  io::write_file(path, bytes, overwrite);
}

}  // namespace tudi::io::jzd
