#include "tudi/io/ogr.hpp"

#include <cmath>
#include <cstdio>

#include "tudi/core/error.hpp"

namespace tudi::io {

OGRLayer& choose_layer(GDALDataset& ds, const LayerSource& src) {
  std::string names;
  std::vector<OGRLayer*> spatial;
  for (OGRLayer* l : ds.GetLayers()) {
    names += (names.empty() ? "" : ", ") + std::string(l->GetName());
    if (l->GetGeomType() != wkbNone) spatial.push_back(l);
  }
  if (!src.layer.empty()) {
    if (OGRLayer* l = ds.GetLayerByName(src.layer.c_str())) return *l;
    throw Error(src.source, "has no layer '" + src.layer + "' (layers: " + names + ")");
  }
  if (ds.GetLayerCount() == 0) throw Error(src.source, "contains no layer");
  if (ds.GetLayerCount() == 1) return *ds.GetLayer(0);
  if (spatial.size() == 1) return *spatial.front();
  const std::string how = src.role.empty() ? "--layer NAME"
                                           : "layer = \"NAME\" under [layers." + src.role + "]";
  throw Error(src.source, "has several layers (" + names + "): name one with " + how);
}

Value field_value(OGRFeature& f, int i, FieldType t) {
  if (!f.IsFieldSetAndNotNull(i)) return {};
  switch (t) {
    case FieldType::Integer:
      return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
    case FieldType::Real:
      return f.GetFieldAsDouble(i);
    case FieldType::Date: {
      int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
      float ss = 0;
      f.GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      return std::string(buf);
    }
    case FieldType::String:
      return std::string(f.GetFieldAsString(i));
  }
  return {};
}

bool finite(const OGREnvelope& e) {
  return std::isfinite(e.MinX) && std::isfinite(e.MinY) && std::isfinite(e.MaxX) &&
         std::isfinite(e.MaxY);
}

OGRGeometry* linearised(OGRGeometry* g, std::unique_ptr<OGRGeometry>& holder) {
  if (!g || !g->hasCurveGeometry()) return g;
  holder.reset(g->getLinearGeometry());
  return holder.get();
}

geom::Geometry to_geos(const OGRGeometry& g, std::vector<std::uint8_t>& wkb) {
  wkb.resize(g.WkbSize());
  g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  return geom::from_wkb(wkb);
}

void settle_geometry(geom::Geometry& g, const std::string& where, bool repair, ReadReport& report) {
  if (geom::has_non_finite(g)) throw Error(where, kNonFinite);
  if (std::string reason = geom::invalid_reason(g); !reason.empty()) {
    ++report.invalid;
    if (repair) {
      g = geom::make_valid(g);
      ++report.repaired;
      report.repairs.push_back(where + ": " + reason + "; repaired with MakeValid");
    }
  }
}

}  // namespace tudi::io
