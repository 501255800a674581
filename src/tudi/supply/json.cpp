// supply.json.
#include "tudi/supply/output.hpp"

#include "tudi/output/json.hpp"

namespace tudi::supply {
namespace {

using nlohmann::json;

json finding_json(const Finding& f) {
  json values = json::object();
  for (const auto& [k, v] : f.values) values[k] = output::json_value(v);
  return {{"code", f.code}, {"text", f.text}, {"values", values}};
}

json zone_json(const ZoneSummary& z) {
  json readiness = json::object(), idle = json::object();
  for (ReadinessLevel l : kReadinessLevels) {
    const auto i = static_cast<std::size_t>(l);
    readiness[code(l)] = {{"count", z.readiness_count[i]},
                          {"area", output::area_json(z.readiness_area[i])}};
  }
  for (IdleState s : kIdleStateOrder) {
    const auto i = static_cast<std::size_t>(s);
    idle[code(s)] = {{"count", z.idle_count[i]}, {"area", output::area_json(z.idle_area[i])}};
  }
  return {
      {"id", z.id},
      {"name", z.name},
      {"zone_area", output::area_json(z.zone_area)},
      {"parcels", z.parcels},
      {"parcel_area", output::area_json(z.parcel_area)},
      {"readiness", readiness},
      {"supplied", {{"count", z.supplied_count}, {"area", output::area_json(z.supplied_area)}}},
      {"unused", {{"count", z.unused_count}, {"area", output::area_json(z.unused_area)}}},
      {"idle", idle},
      {"idle_fee", z.idle_fee},
      {"inefficient", {{"count", z.inefficient_count}, {"area", output::area_json(z.inefficient_area)}}},
      {"approved", output::area_json(z.approved)},
      {"approved_supplied", output::area_json(z.approved_supplied)},
      {"approved_unsupplied", output::area_json(z.approved_unsupplied)}};
}

}  // namespace

json to_json(const Result& r) {
  json parcels = json::array();
  for (const ParcelStatus& p : r.parcels) {
    json j = {{"id", p.id},
              {"name", p.name},
              {"zone", p.zone},
              {"supplied", p.supplied},
              {"area", output::area_json(p.area)},
              {"readiness", nullptr},
              {"missing", json::array()},
              {"idle_status", nullptr},
              {"idle_years", nullptr},
              {"fee", nullptr}};
    if (p.readiness) {
      j["readiness"] = code(p.readiness->level);
      for (const Finding& f : p.readiness->missing) j["missing"].push_back(finding_json(f));
      j["infrastructure_grade"] = label(p.readiness->infrastructure.grade);
      j["missing_indicators"] = p.readiness->missing_indicators;
    }
    if (p.idle) {
      j["idle_status"] = code(p.idle->state);
      j["idle_years"] = p.idle->idle_years;
      j["fee"] = output::json_or_null(p.idle->fee);
      j["counted_from"] = output::json_date(p.idle->counted_from);
      j["consequence"] = code(p.idle->consequence);
      j["idle_missing"] = p.idle->missing;
      j["idle_text"] = p.idle->text;
    }
    j["built"] = p.built;
    j["unused"] = p.unused;
    j["unused_since"] = output::json_date(p.unused_since);
    json ineff = json::array();
    for (const InefficiencyFlag& f : p.inefficient)
      ineff.push_back({{"code", f.code},
                       {"text", f.text},
                       {"value", f.value},
                       {"threshold", f.threshold},
                       {"unit", f.unit}});
    j["inefficient"] = ineff;
    json bad = json::array();
    for (const Finding& f : p.inconsistent) bad.push_back(finding_json(f));
    j["inconsistent"] = bad;
    parcels.push_back(std::move(j));
  }
  json batches = json::array();
  for (const BatchSummary& b : r.batches)
    batches.push_back({{"id", b.id},
                       {"name", b.name},
                       {"approval_no", b.approval_no},
                       {"kind", b.kind},
                       {"approval_date",
                        b.approval_date.date ? json(b.approval_date.date->iso()) : json(nullptr)},
                       {"approval_date_raw", b.approval_date.raw},
                       {"declared_ha", output::json_or_null(b.declared_ha)},
                       {"withdrawn_ha", output::json_or_null(b.withdrawn_ha)},
                       {"approved", output::area_json(b.approved)},
                       {"withdrawn", output::area_json(b.withdrawn)},
                       {"counted", output::area_json(b.counted)},
                       {"supplied", output::area_json(b.supplied)},
                       {"unsupplied", output::area_json(b.unsupplied)},
                       {"supply_rate", b.supply_rate},
                       {"in_window", b.in_window},
                       {"parcels", b.parcels}});
  json rate = nullptr;
  if (r.supply_rate) {
    const SupplyRate& s = *r.supply_rate;
    rate = {{"window_start", s.window_start.iso()},
            {"window_end", s.window_end.iso()},
            {"window", s.rolling ? "rolling" : "calendar"},
            {"as_of", s.as_of.iso()},
            {"batches", s.batches},
            {"approved", output::area_json(s.approved)},
            {"supplied", output::area_json(s.supplied)},
            {"withdrawn", output::area_json(s.withdrawn)},
            {"basis", window_text(s)},
            {"rate", s.rate},
            {"line", s.line},
            {"meets", s.meets},
            {"undated", s.undated}};
  }
  json zones = json::array();
  for (const ZoneSummary& z : r.zones) zones.push_back(zone_json(z));
  json totals = zone_json(grand_total(r));
  totals.erase("id");
  totals.erase("name");
  totals.erase("zone_area");
  const BatchSummary all = batch_total(r);
  totals["approved"] = output::area_json(all.approved);
  totals["approved_supplied"] = output::area_json(all.supplied);
  totals["approved_unsupplied"] = output::area_json(all.unsupplied);
  totals["approved_withdrawn"] = output::area_json(all.withdrawn);
  json j = {{"as_of", r.as_of.iso()}, {"crs", r.crs},        {"not_checked", r.not_checked},
            {"warnings", r.warnings}, {"totals", totals},    {"parcels", parcels},
            {"batches", batches},     {"supply_rate", rate}, {"zones", zones}};
  if (!r.crs_why.empty()) j["crs_why"] = r.crs_why;
  j["fields"] = output::fields_json(r.fields);
  return j;
}

}  // namespace tudi::supply
