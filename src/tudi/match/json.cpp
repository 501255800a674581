// match.json.
#include "tudi/match/output.hpp"

#include "tudi/core/text.hpp"
#include "tudi/match/evaluate.hpp"
#include "tudi/output/json.hpp"

namespace tudi::match {
namespace {

using nlohmann::json;

json thresholds_json(const Thresholds& t) {
  json o = json::object();
  for (Indicator i : kAllIndicators)
    if (const auto& v = t[i])
      o[key(i)] = {
          {"value", v->value}, {"unit", unit(i)}, {"source", v->source}, {"from", v->from}};
  if (!t.emission.empty()) o["emission"] = t.emission;
  return o;
}

json candidate_json(const Candidate& c) {
  json terms = json::array();
  for (const Term& t : c.terms)
    terms.push_back({{"key", t.key},
                     {"label", t.label},
                     {"points", t.points},
                     {"max", t.max},
                     {"detail", t.detail}});
  return {{"parcel_id", join(c.parcel_ids, "+")},
          {"parcel_ids", c.parcel_ids},
          {"merged", c.parcel_ids.size() > 1},
          {"area_mu", c.area_mu},
          {"score", c.score},
          {"rank", c.rank},
          {"terms", terms},
          {"thresholds", thresholds_json(c.thresholds)}};
}

json reason_json(const Reason& r) {
  return {{"code", r.code},
          {"text", r.text},
          {"value", output::json_value(r.value)},
          {"threshold", output::json_value(r.threshold)},
          {"unit", r.unit}};
}

json project_json(const ProjectSpec& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"industry", p.industry},
          {"industry_text", p.industry_text},
          {"pollution_class", p.pollution},
          {"investment", p.investment},
          {"tax", output::json_or_null(p.tax)},
          {"demand_min_mu", p.demand_min},
          {"demand_max_mu", p.demand_max},
          {"far", output::json_or_null(p.far)},
          {"energy", output::json_or_null(p.energy)},
          {"output", output::json_or_null(p.output)},
          {"rd_share", output::json_or_null(p.rd_share)},
          {"preferred_zone", p.zone},
          {"infrastructure", p.infrastructure_text},
          {"source", p.where}};
}

}  // namespace

json to_json(const Result& r) {
  json projects = json::array();
  json pairs = json::array(), unassigned = json::array();
  for (const ProjectResult& p : r.projects) {
    json cands = json::array();
    for (const Candidate& c : p.candidates) cands.push_back(candidate_json(c));
    json rejected = json::array();
    for (const Rejection& rj : p.rejected) {
      json reasons = json::array();
      for (const Reason& x : rj.reasons) reasons.push_back(reason_json(x));
      rejected.push_back({{"parcel_id", rj.parcel_id},
                          {"area_mu", r.sites[rj.site].area_mu},
                          {"reasons", reasons}});
    }
    json counts = json::object();
    for (const auto& [code, n] : p.rejected_counts)
      if (n) counts[code] = n;
    projects.push_back({{"project", project_json(p.project)},
                        {"kind", p.kind},
                        {"library", thresholds_json(p.library)},
                        {"max_justified_mu", output::json_or_null(p.max_justified_mu)},
                        {"candidate_count", p.candidate_count},
                        {"merged_candidate_count", p.group_candidate_count},
                        {"candidates", cands},
                        {"rejected", rejected},
                        {"rejected_complete", p.rejected_complete},
                        {"rejected_counts", counts},
                        {"assigned", p.assigned ? candidate_json(*p.assigned) : json(nullptr)},
                        {"unassigned_code", p.unassigned_code},
                        {"unassigned_reason", p.unassigned_reason}});
    if (p.assigned)
      pairs.push_back({{"project_id", p.project.id},
                       {"parcel_id", join(p.assigned->parcel_ids, "+")},
                       {"parcel_ids", p.assigned->parcel_ids},
                       {"score", p.assigned->score},
                       {"rank", p.assigned->rank}});
    else if (r.assignment.run)
      unassigned.push_back({{"project_id", p.project.id},
                            {"code", p.unassigned_code},
                            {"reason", p.unassigned_reason}});
  }
  const Stats& s = r.stats;
  const AssignmentSummary& a = r.assignment;
  json doc = {
      {"region", r.region},
      {"rules", r.rules},
      {"crs", r.crs},
      {"assignment",
       {{"method",
         "exact: min-cost flow (LEMON network simplex) with branch and bound over merged parcels"},
        {"optimal", a.optimal},
        {"total_score", a.total_score},
        {"greedy_total_score", a.greedy_score},
        {"assigned", a.assigned},
        {"unassigned", a.unassigned},
        {"pairs", pairs},
        {"unassigned_projects", unassigned},
        {"branch_nodes", a.nodes},
        {"components", a.components}}},
      {"projects", projects},
      {"stats",
       {{"projects", s.projects},
        {"parcels", s.parcels},
        {"available_parcels", s.available},
        {"pairs", s.pairs},
        {"evaluated_pairs", s.evaluated},
        {"feasible_edges", s.edges},
        {"edges_solved", s.edges_solved},
        {"adjacent_pairs", s.adjacent_pairs},
        {"merged_groups", s.groups},
        {"prepare_s", s.prepare_s},
        {"filter_s", s.filter_s},
        {"assign_s", s.assign_s}}},
      {"warnings", r.warnings}};
  if (!r.crs_why.empty()) doc["crs_why"] = r.crs_why;
  doc["fields"] = output::fields_json(r.fields);
  return doc;
}

}  // namespace tudi::match
