// Serialising a zones Result: JSON, map layers, and the three output files. Nothing is computed
// here beyond unit conversions of what the result holds.
#include "tudi/zones/report.hpp"

#include "tudi/core/error.hpp"
#include "tudi/io/writer.hpp"
#include "tudi/output/json.hpp"
#include "tudi/zones/tables.hpp"

namespace tudi::zones {
namespace {

using nlohmann::json;

json stock_json(const Stock& s) {
  json missing = json::object();
  for (const auto& [k, ids] : s.missing) missing[k] = ids;
  return {{"parcels", s.parcels},
          {"supplied", output::area_json(s.supplied)},
          {"built_unsupplied", output::area_json(s.built_unsupplied)},
          {"ready", output::area_json(s.ready)},
          {"developed", output::area_json(s.developed)},
          {"built", output::area_json(s.built)},
          {"built_industrial", output::area_json(s.built_industrial)},
          {"built_source", s.built_from_landuse ? "landuse" : "parcels"},
          {"built_parcels", output::area_json(s.built_parcels)},
          {"built_industrial_parcels", output::area_json(s.built_industrial_parcels)},
          {"idle", output::area_json(s.idle)},
          {"idle_unknown", output::area_json(s.idle_unknown)},
          {"unsupplied_approved", output::area_json(s.unsupplied_approved)},
          {"floor_area_m2", s.floor_area},
          {"industrial_floor_area_m2", s.industrial_floor_area},
          {"industrial_footprint_m2", s.industrial_footprint},
          {"industrial_investment", s.industrial_investment},
          {"industrial_tax", s.industrial_tax},
          {"tax", s.tax},
          {"missing", missing}};
}

json zone_json(const ZoneEval& z) {
  json inds = json::object();
  for (const IndicatorDef& d : indicator_defs()) {
    const Indicator& i = z[d.ind];
    inds[d.code] = {{"value", output::json_or_null(i.value)},
                    {"unit", d.unit},
                    {"national", output::json_or_null(i.national)},
                    {"rank", output::json_or_null(i.rank)},
                    {"rank_of", i.rank_of},
                    {"reason", i.reason.empty() ? json(nullptr) : json(i.reason)}};
  }
  return {{"id", z.id},
          {"name", z.name},
          {"level", z.level},
          {"kind", z.kind},
          {"eval_type", z.eval_type},
          {"approved_ha", output::json_or_null(z.approved_ha)},
          {"area", output::area_json(z.area)},
          {"denominator_ha", z.denominator_ha},
          {"area_basis", z.approved_denominator ? "approved" : "drawn"},
          {"stock", stock_json(z.stock)},
          {"indicators", inds},
          {"composite",
           {{"score", output::json_or_null(z.composite)},
            {"rank", output::json_or_null(z.composite_rank)},
            {"rank_of", z.composite_rank_of},
            {"reason", z.composite_reason.empty() ? json(nullptr) : json(z.composite_reason)}}},
          {"controls",
           {{"outside_urban", output::area_json(z.controls.outside_urban)},
            {"farmland", output::area_json(z.controls.farmland)},
            {"redline", output::area_json(z.controls.redline)}}}};
}

json check_json(const NewAreaCheck& c) {
  json conflicts = json::array();
  for (const Conflict& k : c.conflicts)
    conflicts.push_back({{"kind", k.kind},
                         {"label", kind_label(k.kind)},
                         {"severity", k.severity},
                         {"source_id", k.source_id},
                         {"sliver", k.sliver},
                         {"area", output::area_json(k.area)}});
  json pre = json::array();
  for (const PreconditionResult& p : c.preconditions)
    pre.push_back({{"indicator", p.rule.indicator},
                   {"min", p.rule.min},
                   {"suggested_default", p.rule.suggested_default},
                   {"source", p.rule.source},
                   {"value", output::json_or_null(p.value)},
                   {"pass", output::json_or_null(p.pass)},
                   {"text", p.text}});
  return {{"area", output::area_json(c.area)},
          {"outside_urban", output::area_json(c.outside_urban)},
          {"farmland", output::area_json(c.farmland)},
          {"redline", output::area_json(c.redline)},
          {"unsupplied_approved", output::area_json(c.unsupplied_approved)},
          {"idle", output::area_json(c.idle)},
          {"slivers", output::area_json(c.slivers)},
          {"blocking", c.blocking},
          {"preconditions_met", c.preconditions_met},
          {"preconditions", pre},
          {"conflicts", conflicts},
          {"conclusion", c.conclusion}};
}

json composite_json(const Composite& c) {
  json weights = json::object();
  for (const auto& [code, w] : c.weights) weights[code] = w;
  return {{"weights", weights},
          {"normalisation", "minmax_within_type"},
          {"method", kCompositeMethod},
          {"suggested_default", c.suggested_default},
          {"source", c.source}};
}

json scenario_zone_json(const ScenarioZone& z) {
  json j = zone_json(z.eval);
  json ops = json::array();
  for (Step::Op op : z.ops) ops.push_back(code(op));
  json changes = json::array();
  for (const Change& c : z.changes) {
    json delta = json::object();
    for (const IndicatorDef& d : indicator_defs())
      delta[d.code] = output::json_or_null(c.delta[static_cast<std::size_t>(d.ind)]);
    changes.push_back({{"from", c.from}, {"delta", delta}});
  }
  j["changed"] = z.changed();
  j["ops"] = ops;
  j["sources"] = z.sources;
  j["changes"] = changes;
  j["new_area"] = z.check ? check_json(*z.check) : json(nullptr);
  return j;
}

}  // namespace

const char* kind_label(std::string_view kind) {
  if (kind == "outside_urban") return "城镇开发边界外";
  if (kind == "farmland") return "永久基本农田";
  if (kind == "redline") return "生态保护红线";
  if (kind == "unsupplied_approved") return "批而未供";
  if (kind == "idle") return "闲置土地";
  return "其他";
}

const char* severity_label(std::string_view severity) {
  if (severity == "blocking") return "禁止";
  if (severity == "stock") return "存量优先";
  return "提示";
}

std::string ops_text(const std::vector<Step::Op>& ops) {
  std::string out;
  for (Step::Op op : ops) {
    const std::string l = label(op);
    if (out.find(l) == std::string::npos) out += (out.empty() ? "" : "、") + l;
  }
  return out.empty() ? "未调整" : out;
}

json to_json(const Result& r) {
  json dict = json::array();
  for (const IndicatorDef& d : indicator_defs())
    dict.push_back({{"code", d.code},
                    {"label", d.label},
                    {"unit", d.unit},
                    {"ranked", d.ranked},
                    {"higher_is_better", d.higher_is_better},
                    {"formula", d.formula}});
  json zones = json::array();
  for (const ZoneEval& z : r.zones) zones.push_back(zone_json(z));
  json scenario = nullptr;
  if (r.scenario) {
    json sz = json::array();
    for (const ScenarioZone& z : r.scenario->zones) sz.push_back(scenario_zone_json(z));
    scenario = {{"name", r.scenario->name},
                {"file", r.scenario->file},
                {"zones", sz},
                {"dropped", r.scenario->dropped}};
  }
  json candidates = nullptr;
  if (r.candidate_distance) {
    json items = json::array();
    for (const Candidate& c : r.candidates)
      items.push_back({{"zone", c.zone},
                       {"zone_name", c.zone_name},
                       {"rank", c.rank},
                       {"rank_area", c.rank_area},
                       {"rank_compactness", c.rank_compactness},
                       {"area", output::area_json(c.area)},
                       {"perimeter_m", c.perimeter_m},
                       {"compactness", c.compactness},
                       {"unsupplied_approved", output::area_json(c.unsupplied_approved)}});
    candidates = {{"distance_m", *r.candidate_distance}, {"items", items}};
  }
  nlohmann::json j = {{"as_of", r.as_of.iso()},
          {"crs", r.crs.empty() ? std::string() : r.crs.label()},
          {"national_source", r.national_source},
          {"indicators", dict},
          {"composite", composite_json(r.composite)},
          {"built_land",
           {{"source", r.built_source},
            {"codes", r.built.codes},
            {"industrial_codes", r.built.industrial},
            {"rule_source", r.built.source}}},
          {"zones", zones},
          {"scenario", scenario},
          {"candidates", candidates},
          {"not_checked", r.not_checked},
          {"warnings", r.warnings}};
  if (!r.crs_why.empty()) j["crs_why"] = r.crs_why;
  j["fields"] = output::fields_json(r.fields);
  return j;
}

std::vector<Layer> to_layers(const Result& r) {
  using FT = FieldType;
  auto make = [&](std::string name, std::vector<FieldDef> fields) {
    Layer l;
    l.name = std::move(name);
    l.crs = r.crs;
    l.source_crs = r.crs;
    l.fields = std::move(fields);
    return l;
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

std::vector<std::filesystem::path> write_outputs(const Result& r, const OutputOptions& o) {
  io::WriteOptions w;
  w.overwrite = o.overwrite;
  return output::write_outputs(o.dir, "zones", to_json(r).dump(2), to_tables(r), to_layers(r), w);
}

}  // namespace tudi::zones
