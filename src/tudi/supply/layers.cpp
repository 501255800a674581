// The layers of supply.gpkg.
#include "tudi/supply/output.hpp"

#include "tudi/core/text.hpp"

namespace tudi::supply {

std::vector<Layer> to_layers(const Result& r, const Layer& parcels) {
  auto make = [&](std::string name, std::vector<FieldDef> fields) {
    return result_layer(std::move(name), parcels.crs, std::move(fields));
  };
  using FT = FieldType;
  const std::vector<FieldDef> base = {{"id", FT::String},
                                      {"name", FT::String},
                                      {"zone", FT::String},
                                      {"area_m2", FT::Real},
                                      {"area_mu", FT::Real}};
  auto with = [&](std::vector<FieldDef> more) {
    std::vector<FieldDef> f = base;
    f.insert(f.end(), more.begin(), more.end());
    return f;
  };
  Layer ready = make("ready_parcels", with({{"readiness", FT::String},
                                            {"label", FT::String},
                                            {"infra_grade", FT::String},
                                            {"missing_indicators", FT::String}}));
  Layer idle = make("idle_parcels", with({{"status", FT::String},
                                          {"label", FT::String},
                                          {"idle_years", FT::Integer},
                                          {"counted_from", FT::String},
                                          {"consequence", FT::String},
                                          {"fee", FT::Real},
                                          {"unused", FT::Integer},
                                          {"text", FT::String}}));
  Layer ineff = make("inefficient_land", with({{"flags", FT::String}, {"text", FT::String}}));
  Layer unsupplied = make("unsupplied_approved", {{"batch_id", FT::String},
                                                  {"name", FT::String},
                                                  {"approval_no", FT::String},
                                                  {"approval_date", FT::String},
                                                  {"area_m2", FT::Real},
                                                  {"area_mu", FT::Real},
                                                  {"supply_rate", FT::Real}});
  auto add = [&](Layer& l, const ParcelStatus& p, std::vector<Value> more) {
    const Feature& src = parcels.features[p.feature];
    if (!src.geometry) return;
    Feature f;
    f.fid = src.fid;
    f.geometry = geom::clone(src.geometry);
    f.values = {p.id, p.name, p.zone, p.area.ellipsoidal_m2, p.area.ellipsoidal_mu()};
    f.values.insert(f.values.end(), more.begin(), more.end());
    l.features.push_back(std::move(f));
  };
  for (const ParcelStatus& p : r.parcels) {
    if (p.readiness && p.readiness->level != ReadinessLevel::not_ready)
      add(ready, p,
          {std::string(code(p.readiness->level)), std::string(label(p.readiness->level)),
           std::string(label(p.readiness->infrastructure.grade)),
           join(p.readiness->missing_indicators, ",")});
    if (p.idle && (p.idle->state != IdleState::in_use || p.unused))
      add(idle, p,
          {std::string(code(p.idle->state)), std::string(label(p.idle->state)),
           static_cast<std::int64_t>(p.idle->idle_years),
           p.idle->counted_from ? Value{p.idle->counted_from->iso()} : Value{},
           std::string(code(p.idle->consequence)), optional_value(p.idle->fee),
           std::int64_t{p.unused ? 1 : 0}, p.idle->text});
    if (!p.inefficient.empty()) {
      std::vector<std::string> codes, texts;
      for (const InefficiencyFlag& f : p.inefficient) {
        codes.push_back(f.code);
        texts.push_back(f.text);
      }
      add(ineff, p, {join(codes, ","), join(texts, "；")});
    }
  }
  std::int64_t fid = 0;
  for (const BatchSummary& b : r.batches) {
    if (!b.unsupplied_geometry || geom::is_empty(b.unsupplied_geometry)) continue;
    Feature f;
    f.fid = ++fid;
    f.geometry = geom::clone(b.unsupplied_geometry);
    f.values = {
        b.id,
        b.name,
        b.approval_no,
        b.approval_date.date ? Value{b.approval_date.date->iso()} : Value{b.approval_date.raw},
        b.unsupplied.ellipsoidal_m2,
        b.unsupplied.ellipsoidal_mu(),
        b.supply_rate * 100};
    unsupplied.features.push_back(std::move(f));
  }
  std::vector<Layer> out;
  out.push_back(std::move(ready));
  out.push_back(std::move(idle));
  out.push_back(std::move(unsupplied));
  out.push_back(std::move(ineff));
  return out;
}

}  // namespace tudi::supply
