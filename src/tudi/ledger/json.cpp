// ledger.json.
#include "tudi/ledger/output.hpp"

#include "tudi/output/json.hpp"

namespace tudi::ledger {

using nlohmann::json;

json to_json(const Result& r) {
  json projects = json::array();
  for (const ProjectStatus& p : r.projects) {
    json warnings = json::array();
    for (const Warning& w : p.warnings)
      warnings.push_back({{"level", code(w.level)},
                          {"node", w.node},
                          {"node_name", w.node_name},
                          {"due", output::json_date(w.due)},
                          {"days_late", w.days_late},
                          {"department", w.department},
                          {"rule", w.rule},
                          {"text", w.text}});
    json parcels = json::array();
    for (const Land& l : p.land)
      parcels.push_back({{"id", l.id},
                         {"role", l.role.empty() ? json(nullptr) : json(l.role)},
                         {"found", !l.role.empty()},
                         {"area", l.role.empty() ? json(nullptr) : output::area_json(l.area)},
                         {"supply_state", l.supply_state.empty() ? json(nullptr) : json(l.supply_state)},
                         {"contract", output::json_date(l.contract)},
                         {"check", l.check_severity.empty() ? json(nullptr) : json(l.check_severity)},
                         {"check_text", l.check_text}});
    const Elements& e = p.elements;
    json elements = {{"pre_review_done", e.pre_review_done},
                     {"pre_review_date", output::json_date(e.pre_review_date)},
                     {"land", output::area_json(e.land)},
                     {"farmland", output::area_json(e.farmland)},
                     {"farmland_cultivated", output::area_json(e.farmland_cultivated)},
                     {"approved", output::area_json(e.approved)},
                     {"new_land", output::area_json(e.new_land)},
                     {"energy_quota", e.energy_quota},
                     {"environment_capacity", e.environment_capacity},
                     {"missing", e.missing}};
    json commitments = json::array();
    for (const Commitment& c : p.commitments)
      commitments.push_back({{"indicator", c.indicator},
                             {"name", c.name},
                             {"unit", c.unit},
                             {"review", c.review},
                             {"committed", output::json_or_null(c.committed)},
                             {"committed_from", c.committed_from},
                             {"measured", output::json_or_null(c.measured)},
                             {"measured_from", c.measured_from},
                             {"due", output::json_date(c.due)},
                             {"pass", output::json_or_null(c.pass)}});
    json nodes = json::array();
    for (const NodeDates& n : p.nodes)
      nodes.push_back({{"node", n.code},
                       {"name", n.name},
                       {"planned", output::json_date(n.planned)},
                       {"done", output::json_date(n.done)}});
    projects.push_back({{"id", p.id},
                        {"name", p.name},
                        {"where", p.where},
                        {"level", p.level},
                        {"category", p.category},
                        {"department", p.department},
                        {"leader", p.leader},
                        {"investment", output::json_or_null(p.investment)},
                        {"light", code(p.light)},
                        {"warnings", warnings},
                        {"parcels", parcels},
                        {"elements", elements},
                        {"commitments", commitments},
                        {"nodes", nodes}});
  }
  json problems = json::array();
  for (const Problem& pr : r.problems) problems.push_back({{"where", pr.where}, {"text", pr.text}});
  json doc = {{"as_of", r.as_of.iso()},
          {"source", r.source},
          {"crs", r.crs},
          {"counts",
           {{"red", r.count(Light::red)},
            {"yellow", r.count(Light::yellow)},
            {"green", r.count(Light::green)}}},
          {"projects", projects},
          {"problems", problems},
          {"not_checked", r.not_checked}};
  if (!r.crs_why.empty()) doc["crs_why"] = r.crs_why;
  doc["fields"] = output::fields_json(r.fields);
  return doc;
}

}  // namespace tudi::ledger
