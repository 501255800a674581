// zones.json.
#include "tudi/zones/output.hpp"

#include "tudi/output/json.hpp"

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

}  // namespace tudi::zones
