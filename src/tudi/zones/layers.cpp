// The layers of zones.gpkg.
#include "tudi/zones/output.hpp"

namespace tudi::zones {

std::vector<Layer> to_layers(const Result& r) {
  using FT = FieldType;
  auto make = [&](std::string name, std::vector<FieldDef> fields) {
    return result_layer(std::move(name), r.crs, std::move(fields));
  };
  std::vector<FieldDef> zone_fields = {
      {"id", FT::String},        {"name", FT::String},  {"level", FT::String}, {"kind", FT::String},
      {"eval_type", FT::String}, {"area_ha", FT::Real}, {"area_mu", FT::Real}};
  for (const IndicatorDef& d : indicator_defs()) zone_fields.push_back({d.code, FT::Real});
  zone_fields.push_back({"composite", FT::Real});
  zone_fields.push_back({"comp_rank", FT::Integer});
  auto zone_values = [](const ZoneEval& z) {
    std::vector<Value> v = {z.id,
                            z.name,
                            z.level,
                            z.kind,
                            z.eval_type,
                            z.area.ellipsoidal_ha(),
                            z.area.ellipsoidal_mu()};
    for (const IndicatorDef& d : indicator_defs()) {
      const auto& x = z[d.ind].value;
      v.push_back(x ? Value{*x} : Value{});
    }
    v.push_back(z.composite ? Value{*z.composite} : Value{});
    v.push_back(z.composite_rank ? Value{std::int64_t{*z.composite_rank}} : Value{});
    return v;
  };
  auto add = [](Layer& l, const geom::Geometry& g, std::vector<Value> values) {
    Feature f;
    f.fid = static_cast<std::int64_t>(l.features.size() + 1);
    f.geometry = g ? geom::clone(g) : geom::empty_polygon();
    f.values = std::move(values);
    l.features.push_back(std::move(f));
  };

  Layer zones = make("zones", zone_fields);
  for (const ZoneEval& z : r.zones) add(zones, z.geometry, zone_values(z));

  std::vector<FieldDef> sz_fields = zone_fields;
  for (FieldDef f : std::vector<FieldDef>{{"status", FT::String},
                                          {"sources", FT::String},
                                          {"added_ha", FT::Real},
                                          {"blocking", FT::Integer},
                                          {"conclusion", FT::String}})
    sz_fields.push_back(f);
  Layer scenario = make("scenario_zones", sz_fields);
  Layer added = make("new_areas", {{"zone", FT::String},
                                   {"name", FT::String},
                                   {"area_m2", FT::Real},
                                   {"area_mu", FT::Real},
                                   {"blocking", FT::Integer},
                                   {"conclusion", FT::String}});
  Layer conflicts = make("conflicts", {{"zone", FT::String},
                                       {"kind", FT::String},
                                       {"kind_label", FT::String},
                                       {"severity", FT::String},
                                       {"source_id", FT::String},
                                       {"sliver", FT::Integer},
                                       {"area_m2", FT::Real},
                                       {"area_mu", FT::Real}});
  if (r.scenario) {
    for (const ScenarioZone& z : r.scenario->zones) {
      std::vector<Value> v = zone_values(z.eval);
      std::string sources;
      for (const auto& s : z.sources) sources += (sources.empty() ? "" : ",") + s;
      v.emplace_back(ops_text(z.ops));
      v.emplace_back(sources);
      v.emplace_back(z.check ? Value{z.check->area.ellipsoidal_ha()} : Value{0.0});
      v.emplace_back(std::int64_t{z.check && z.check->blocking});
      v.emplace_back(z.check ? z.check->conclusion : std::string());
      add(scenario, z.eval.geometry, std::move(v));
      if (!z.check) continue;
      add(added, z.added,
          {z.eval.id, z.eval.name, z.check->area.ellipsoidal_m2, z.check->area.ellipsoidal_mu(),
           std::int64_t{z.check->blocking}, z.check->conclusion});
      for (const Conflict& c : z.check->conflicts)
        add(conflicts, c.geometry,
            {c.zone, c.kind, std::string(kind_label(c.kind)), c.severity, c.source_id,
             std::int64_t{c.sliver}, c.area.ellipsoidal_m2, c.area.ellipsoidal_mu()});
    }
  }
  Layer candidates = make("candidates", {{"zone", FT::String},
                                         {"zone_name", FT::String},
                                         {"rank", FT::Integer},
                                         {"rank_area", FT::Integer},
                                         {"rank_compact", FT::Integer},
                                         {"area_m2", FT::Real},
                                         {"area_mu", FT::Real},
                                         {"perimeter_m", FT::Real},
                                         {"compactness", FT::Real},
                                         {"unsupplied_mu", FT::Real}});
  for (const Candidate& c : r.candidates)
    add(candidates, c.geometry,
        {c.zone, c.zone_name, std::int64_t{c.rank}, std::int64_t{c.rank_area},
         std::int64_t{c.rank_compactness}, c.area.ellipsoidal_m2, c.area.ellipsoidal_mu(),
         c.perimeter_m, c.compactness, c.unsupplied_approved.ellipsoidal_mu()});
  std::vector<Layer> out;  // (an initializer list would copy, and features cannot be copied)
  for (Layer* l : {&zones, &scenario, &added, &conflicts, &candidates})
    out.push_back(std::move(*l));
  return out;
}

}  // namespace tudi::zones
