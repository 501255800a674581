// Writing the demo county to disk, with the messiness of real data on purpose: each layer in
// the format, CRS and encoding bureaus actually hand over (gis-data/README.md has the table).

#include <cstdlib>
#include <fstream>
#include <optional>

#include "tudi/core/error.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/jzd.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/output/table.hpp"
#include "tudi/synth/parts.hpp"
#include "tudi/synth/synth.hpp"

namespace fs = std::filesystem;

namespace tudi::synth {
namespace {

constexpr std::int64_t kAsOfUnix = 1795305600;  // kAsOf, 00:00 UTC

/// Rewrites a .dbf header in place: the last-update date (bytes 1–3) becomes the as-of date so
/// that the same seed gives the same bytes, and optionally the language-driver byte (29).
void fix_dbf_header(const fs::path& dbf, std::optional<unsigned char> ldid) {
  std::fstream f(dbf, std::ios::in | std::ios::out | std::ios::binary);
  if (!f) throw Error(dbf.string(), "cannot open to set its header");
  const Date d = parse_iso(kAsOf);
  const char date[3] = {static_cast<char>(d.y - 1900), static_cast<char>(d.m), static_cast<char>(d.d)};
  f.seekp(1);
  f.write(date, 3);
  if (ldid) {
    f.seekp(29);
    f.put(static_cast<char>(*ldid));
  }
  if (!f) throw Error(dbf.string(), "cannot write its header");
}

void write_text(const fs::path& path, const std::string& text, bool overwrite) {
  io::write_file(path, text, overwrite);
}

}  // namespace

void fix_timestamps() { ::setenv("OGR_CURRENT_DATE", "2026-11-22T00:00:00.000Z", 0); }

std::vector<Written> write_county(const County& county, const fs::path& dir, bool overwrite) {
  io::make_output_folder(dir / "proposals_txt");
  fix_timestamps();
  std::vector<Written> done;
  auto note = [&](const fs::path& p, const Layer& l) {
    done.push_back({p, l.name, static_cast<std::int64_t>(l.features.size())});
  };
  io::WriteOptions base;
  base.overwrite = overwrite;

  // GeoPackages in the working CRS: urban + land use, approvals + parcels.
  io::write_gpkg({&county.urban, &county.landuse}, dir / "county.gpkg", base);
  note(dir / "county.gpkg", county.urban);
  note(dir / "county.gpkg", county.landuse);
  io::write_gpkg({&county.approvals, &county.parcels}, dir / "supply.gpkg", base);
  note(dir / "supply.gpkg", county.approvals);
  note(dir / "supply.gpkg", county.parcels);

  // Zones in CGCS2000 longitude/latitude (EPSG:4490), as GeoJSON.
  {
    io::WriteOptions o = base;
    o.target = crs::Crs::from_epsg(4490);
    io::write_layer(county.zones, dir / "KFQ.geojson", o);
    note(dir / "KFQ.geojson", county.zones);
  }
  // Red line without the zone prefix (EPSG:4547), UTF-8 Shapefile with .cpg.
  {
    io::WriteOptions o = base;
    o.target = crs::Crs::from_epsg(4547);
    o.encoding = "UTF-8";
    io::write_layer(county.redline, dir / "STBHHX.shp", o);
    fix_dbf_header(io::OutputSet::current_path(dir / "STBHHX.dbf"), std::nullopt);
    note(dir / "STBHHX.shp", county.redline);
  }
  // Farmland as real YJJBNTTB come: GBK, no .cpg, language-driver byte 0, so only the
  // bytes themselves can tell the encoding.
  {
    io::WriteOptions o = base;
    o.encoding = "CP936";
    io::write_layer(county.farmland, dir / "YJJBNTTB.shp", o);
    fs::remove(io::OutputSet::current_path(dir / "YJJBNTTB.cpg"));
    fix_dbf_header(io::OutputSet::current_path(dir / "YJJBNTTB.dbf"), 0);
    note(dir / "YJJBNTTB.shp", county.farmland);
  }
  // Proposals: GBK Shapefile with .cpg ("936").
  {
    io::WriteOptions o = base;
    o.encoding = "CP936";
    io::write_layer(county.proposals, dir / "proposals.shp", o);
    fix_dbf_header(io::OutputSet::current_path(dir / "proposals.dbf"), std::nullopt);
    note(dir / "proposals.shp", county.proposals);
  }
  // The surveyor's 界址点 TXT files: GBK, CRLF, zone-prefixed eastings.
  for (const auto& [name, layer] : county.txt) {
    io::jzd::WriteOptions o;
    o.encoding = "CP936";
    o.producer = "河南豫北勘测规划设计有限公司";
    o.date = "2026-10-15";
    const fs::path p = dir / "proposals_txt" / name;
    io::jzd::write_file(layer, p, o, overwrite);
    note(p, layer);
  }

  write_text(dir / "tudi.toml", county.project_toml, overwrite);
  write_text(dir / "projects.csv", county.projects_csv, overwrite);
  write_text(dir / "scenario.toml", county.scenario_toml, overwrite);
  done.push_back({dir / "tudi.toml", "", 0});
  done.push_back({dir / "projects.csv", "", 12});
  done.push_back({dir / "scenario.toml", "", 0});
  // The workbook's creation time fixed at the as-of date, so the same seed gives the same bytes.
  output::write_xlsx({county.ledger}, dir / "ledger.xlsx", overwrite, kAsOfUnix);
  done.push_back({dir / "ledger.xlsx", "", static_cast<std::int64_t>(county.ledger.rows.size())});
  return done;
}

}  // namespace tudi::synth
