// The layers of overlaps.gpkg (or the Shapefiles), built or streamed one feature at a time.
#include "tudi/check/output.hpp"

#include <functional>

#include "tudi/core/text.hpp"
#include "tudi/io/writer.hpp"

namespace fs = std::filesystem;

namespace tudi::check {
namespace {

/// The output layers one feature at a time: `begin` receives each layer's schema (no features),
/// then `add` each of its features, so the writers need not hold a copy of every piece.
void emit_layers(const Result& r, const std::function<void(const Layer&)>& begin,
                 const std::function<void(Feature&&)>& add) {
  Layer overlaps;
  overlaps.name = "overlaps";
  overlaps.crs = r.crs;
  overlaps.fields = {{"PROP_ID", FieldType::String},  {"PROP_NAME", FieldType::String},
                     {"LINE", FieldType::String},     {"LINE_NAME", FieldType::String},
                     {"SRC_FID", FieldType::Integer}, {"SRC_ID", FieldType::String},
                     {"DLBM", FieldType::String},     {"CONTROL", FieldType::String},
                     {"AREA_M2", FieldType::Real},    {"ELL_M2", FieldType::Real},
                     {"AREA_MU", FieldType::Real},    {"SLIVER", FieldType::Integer}};
  begin(overlaps);
  std::int64_t fid = 0;
  for (const Piece& pc : r.pieces) {
    Feature f;
    f.fid = ++fid;
    f.geometry = geom::clone(pc.geometry);
    f.values = {r.proposals[pc.proposal].id,
                r.proposals[pc.proposal].name,
                pc.line,
                piece_line_name(pc.line),
                pc.source_fid >= 0 ? Value(pc.source_fid) : Value(),
                pc.source_id,
                pc.land_class,
                pc.control,
                pc.area.planar_m2,
                pc.area.ellipsoidal_m2,
                pc.area.ellipsoidal_mu(),  // the 亩 people quote: ellipsoidal (official)
                std::int64_t{pc.sliver ? 1 : 0}};
    add(std::move(f));
  }

  Layer proposals;
  proposals.name = "proposals";
  proposals.crs = r.crs;
  proposals.fields = {{"PROP_ID", FieldType::String},  {"PROP_NAME", FieldType::String},
                      {"CATEGORY", FieldType::String}, {"STATUS", FieldType::String},
                      {"SEVERITY", FieldType::String}, {"AREA_M2", FieldType::Real},
                      {"RED_M2", FieldType::Real},     {"FARM_M2", FieldType::Real},
                      {"OUT_M2", FieldType::Real},     {"ZONE", FieldType::String},
                      {"TEXT", FieldType::String}};
  begin(proposals);
  fid = 0;
  for (const ProposalResult& p : r.proposals) {
    Feature f;
    f.fid = ++fid;
    if (p.geometry && geom::is_polygonal(p.geometry)) f.geometry = geom::clone(p.geometry);
    auto line_m2 = [&](const std::string& line) -> Value {
      if (!p.checked || !p.lines.at(line).checked) return {};
      return p.lines.at(line).overlap.planar_m2;
    };
    const ZoneHit* z = p.checked ? p.zone() : nullptr;
    f.values = {p.id,
                p.name,
                p.category,
                std::string(p.checked ? "已核查" : "未核查"),
                p.checked ? Value(std::string(to_string(p.conclusion.severity))) : Value(),
                p.checked ? Value(p.area.planar_m2) : Value(),
                line_m2("redline"),
                line_m2("farmland"),
                line_m2("urban"),
                z ? Value(z->name) : Value(),
                p.checked ? p.conclusion.text : p.reason};
    add(std::move(f));
  }

  Layer lines;
  lines.name = "check_lines";
  lines.crs = r.crs;
  lines.fields = {{"LINE", FieldType::String},    {"LINE_NAME", FieldType::String},
                  {"CHECKED", FieldType::Integer}, {"REASON", FieldType::String},
                  {"COMPARED", FieldType::Integer}, {"VERSION", FieldType::String},
                  {"DOCUMENT", FieldType::String}, {"DATE", FieldType::String}};
  begin(lines);
  fid = 0;
  for (const LineStatus& s : line_statuses(r)) {
    Feature f;
    f.fid = ++fid;
    const auto v = r.vintage.find(s.role);
    const Vintage vintage = v == r.vintage.end() ? Vintage{} : v->second;
    f.values = {s.role,     s.name,           std::int64_t{s.checked ? 1 : 0},
                s.reason,   s.compared,       vintage.version,
                vintage.document, vintage.date};
    add(std::move(f));
  }
}

}  // namespace

/// The layers into one GeoPackage, or a Shapefile each, streamed.
std::vector<fs::path> write_layers(const Result& r, const OutputOptions& opt) {
  io::WriteOptions wo;
  wo.overwrite = opt.overwrite;
  wo.encoding = opt.encoding;
  wo.result_fields = true;
  std::vector<fs::path> written;
  std::unique_ptr<io::LayerWriter> w;
  emit_layers(
      r,
      [&](const Layer& schema) {
        if (opt.format == "gpkg") {
          if (w) {
            w->next_layer(schema);
          } else {
            written.push_back(opt.dir / "overlaps.gpkg");
            w = std::make_unique<io::LayerWriter>(written.back(), schema, wo);
          }
        } else {
          if (w) w->commit();
          written.push_back(opt.dir / (schema.name + ".shp"));
          w = std::make_unique<io::LayerWriter>(written.back(), schema, wo);
        }
      },
      [&](Feature&& f) { w->add(f); });
  w->commit();
  return written;
}

std::vector<Layer> to_layers(const Result& r) {
  std::vector<Layer> out;
  emit_layers(
      r,
      [&](const Layer& schema) {
        Layer& l = out.emplace_back();
        l.name = schema.name;
        l.crs = schema.crs;
        l.fields = schema.fields;
      },
      [&](Feature&& f) { out.back().features.push_back(std::move(f)); });
  return out;
}

}  // namespace tudi::check
