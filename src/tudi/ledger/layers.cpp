// The layer ledger_projects, and the warnings as one line of text.
#include "tudi/ledger/output.hpp"

#include "tudi/core/text.hpp"

namespace tudi::ledger {

std::string warning_text(const ProjectStatus& p) {
  std::vector<std::string> texts;
  for (const Warning& w : p.warnings) texts.push_back(std::string(label(w.level)) + "：" + w.text);
  return join(texts, "；");
}

Layer to_layer(const Result& r, const Layer* parcels, const Layer* proposals) {
  Layer l;
  l.name = "ledger_projects";
  const Layer* base = parcels ? parcels : proposals;
  if (base) {
    l.crs = base->crs;
    l.source_crs = base->crs;
  }
  using FT = FieldType;
  l.fields = {{"project_id", FT::String}, {"project_name", FT::String}, {"land_id", FT::String},
              {"light", FT::String},      {"light_label", FT::String},  {"department", FT::String},
              {"level", FT::String},      {"warnings", FT::Integer},    {"warning_text", FT::String},
              {"missing", FT::String}};
  for (const ProjectStatus& p : r.projects) {
    for (const Land& land : p.land) {
      const Layer* src = land.role == "parcels" ? parcels : land.role == "proposals" ? proposals : nullptr;
      if (!src || land.feature >= src->features.size()) continue;
      Feature f;
      f.fid = static_cast<std::int64_t>(l.features.size()) + 1;
      const geom::Geometry& g = src->features[land.feature].geometry;
      if (g) f.geometry = geom::clone(g);
      f.values = {Value(p.id),
                  Value(p.name),
                  Value(land.id),
                  Value(code(p.light)),
                  Value(label(p.light)),
                  Value(p.department),
                  Value(p.level),
                  Value(static_cast<std::int64_t>(p.warnings.size())),
                  Value(warning_text(p)),
                  Value(join(p.elements.missing, "；"))};
      l.features.push_back(std::move(f));
    }
  }
  return l;
}

}  // namespace tudi::ledger
