// Joining the ledger to the land and judging each project: node dates, control lines (the
// check's conclusion), idle land (the supply inventory's state), 承诺制 commitments and 要素保障.
// Nothing here re-derives what check or supply decide; it reads their results.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "tudi/check/check.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/crs/area.hpp"
#include "tudi/ledger/ledger.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::ledger {
namespace {

std::string fmt_number(double v) {
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

/// The feature of each id in a layer (first one wins; ids are unique in a sane inventory).
std::map<std::string, std::size_t> index_ids(const Layer* l) {
  std::map<std::string, std::size_t> out;
  if (!l) return out;
  for (std::size_t i = 0; i < l->features.size(); ++i) out.emplace(l->id_of(l->features[i]), i);
  return out;
}

/// The rule of an idle state, "" for states that raise nothing.
std::string idle_rule(supply::IdleState s) {
  switch (s) {
    case supply::IdleState::idle_2y:
      return "idle_2y";
    case supply::IdleState::idle_1y:
      return "idle_1y";
    case supply::IdleState::idle_suspended:
      return "idle_suspended";
    case supply::IdleState::government_cause:
      return "government_cause";
    case supply::IdleState::warning:
      return "idle_warning";
    default:
      return "";
  }
}

std::string control_rule(check::Severity s) {
  switch (s) {
    case check::Severity::Blocking:
      return "control_blocking";
    case check::Severity::Approval:
      return "control_approval";
    case check::Severity::Justify:
      return "control_justify";
    default:
      return "";
  }
}

/// True when an 要素保障 value says the element is in place ("已落实", "是", "有", "满足").
bool in_place(const std::string& v) {
  if (v.empty()) return false;
  for (const char* no : {"未", "否", "无", "缺", "不足", "待", "没有"})
    if (v.find(no) != std::string::npos) return false;
  return true;
}

std::size_t rule_rank(const std::string& rule) {
  return static_cast<std::size_t>(std::find(kRules.begin(), kRules.end(), rule) - kRules.begin());
}

}  // namespace

Layer land_layer(const Ledger& ledger, const Layer* parcels, const Layer* proposals) {
  Layer out;
  out.name = "ledger_land";
  out.source = ledger.table.source;
  out.role = "proposals";
  // The entry's 项目级别 is the check's 重大项目级别 (国家 / 省级; 市级 and below are none).
  for (const char* f : {"id", "name", "category", "role", "project", "activity", "major"}) {
    out.fields.push_back({f, FieldType::String});
    out.mapping[f] = f;
  }
  const Layer* base = parcels ? parcels : proposals;
  if (base) {
    out.crs = base->crs;
    out.source_crs = base->crs;
  }
  const auto parcel_ids = index_ids(parcels);
  const auto proposal_ids = index_ids(proposals);
  std::set<std::string> added;
  for (const Entry& e : ledger.entries) {
    for (const std::string& id : e.land) {
      if (!added.insert(id).second) continue;
      const Layer* l = nullptr;
      std::size_t i = 0;
      if (auto it = parcel_ids.find(id); it != parcel_ids.end()) {
        l = parcels;
        i = it->second;
      } else if (auto jt = proposal_ids.find(id); jt != proposal_ids.end()) {
        l = proposals;
        i = jt->second;
      }
      if (!l) continue;
      const Feature& src = l->features[i];
      Feature f;
      f.fid = static_cast<std::int64_t>(out.features.size()) + 1;
      if (src.geometry) f.geometry = geom::clone(src.geometry);
      // A proposal's own category, 项目类型 and 重大项目级别 decide its check (as in `tudi
      // check`); a parcel has none, so the ledger's 项目类别 and 项目级别 stand in.
      auto own = [&](const char* field) {
        return l->has(field) ? l->text(src, field) : std::string();
      };
      const std::string category = own("category"), major = own("major");
      f.values = {Value(id),     Value(l->text(src, "name")),
                  Value(category.empty() ? e.category : category),
                  Value(l->role), Value(e.id),
                  Value(own("activity")), Value(major.empty() ? e.level : major)};
      out.features.push_back(std::move(f));
    }
  }
  return out;
}

check::Result check_land(const Project& project, const ProjectLayers& layers, const Layer& land) {
  const check::Settings rules = check::load_settings(load_rule_pack(project, "check"));
  check::Inputs input;
  input.crs = layers.crs;
  input.crs_why = layers.crs_why;
  Layer copy = land.clone();
  copy.report = {};
  input.proposals.push_back(std::move(copy));
  for (const std::string& role : check::kRoles) {
    if (const Layer* l = layers.find(role)) {
      check::Control c;
      c.layer = l;
      input.controls[role] = c;
    } else {
      input.unchecked[role] = "项目文件未配置该图层";
    }
  }
  return check::analyse(input, rules);
}

Result analyse(const Inputs& in, const Settings& s, const Options& options) {
  const Progress& progress = options.progress;
  if (!in.ledger) throw Error("ledger", "no ledger to analyse");
  const Ledger& ledger = *in.ledger;
  Result r;
  r.as_of = s.as_of;
  r.source = ledger.table.source;
  r.table = ledger.table;
  r.problems = ledger.problems;
  for (const Node& n : s.nodes) r.node_names.push_back(n.name);
  if (!in.parcels) r.not_checked.push_back("parcels");
  if (!in.supply) r.not_checked.push_back("supply");
  if (!in.check) r.not_checked.push_back("check");
  if (!in.approvals) r.not_checked.push_back("approvals");

  const auto parcel_ids = index_ids(in.parcels);
  const auto proposal_ids = index_ids(in.proposals);
  std::map<std::size_t, const supply::ParcelStatus*> status_of;
  if (in.supply)
    for (const supply::ParcelStatus& p : in.supply->parcels) status_of[p.feature] = &p;
  std::map<std::string, const check::ProposalResult*> check_of;
  if (in.check)
    for (const check::ProposalResult& p : in.check->proposals) check_of.emplace(p.id, &p);

  const Layer* base = in.parcels ? in.parcels : in.proposals;
  const crs::AreaMeter measure(base ? base->crs : crs::Crs{});
  r.crs = base && !base->crs.empty() ? base->crs.label() : std::string();
  r.crs_why = in.crs_why;
  for (const Layer* l : {in.parcels, in.proposals, in.approvals}) add_field_report(r.fields, l);
  if (in.supply) add_field_reports(r.fields, in.supply->fields);
  // The check's proposals are the ledger's own land (land_layer), not a layer read.
  if (in.check)
    for (const auto& [role, report] : in.check->fields)
      if (role != "proposals") r.fields[role].merge(report);

  for (std::size_t k = 0; k < ledger.entries.size(); ++k) {
    if (progress && k % 16 == 0)
      report_progress(progress, static_cast<double>(k) / static_cast<double>(ledger.entries.size()),
                      "项目台账");
    const Entry& e = ledger.entries[k];
    ProjectStatus p;
    p.row = e.row;
    p.where = e.where;
    p.id = e.id;
    p.name = e.name;
    p.level = e.level;
    p.category = e.category;
    p.department = e.department.empty() ? s.default_department : e.department;
    p.leader = e.leader;
    p.investment = e.investment;
    p.nodes = e.nodes;
    auto warn = [&](const std::string& rule, std::string node, std::string node_name,
                    std::optional<Date> due, int days_late, std::string text) {
      auto it = s.levels.find(rule);
      if (it == s.levels.end()) return;
      p.warnings.push_back({it->second, rule, std::move(node), std::move(node_name), due, days_late,
                            p.department, std::move(text)});
    };

    // --- the land
    if (e.land.empty()) r.problems.push_back({e.where, "项目 " + e.id + " 未填地块编号，未关联用地"});
    for (const std::string& id : e.land) {
      Land land;
      land.id = id;
      if (auto it = parcel_ids.find(id); it != parcel_ids.end()) {
        land.role = "parcels";
        land.feature = it->second;
      } else if (auto jt = proposal_ids.find(id); jt != proposal_ids.end()) {
        land.role = "proposals";
        land.feature = jt->second;
      } else {
        r.problems.push_back({e.where, "项目 " + e.id + " 的地块编号 " + id +
                                           " 不在供地地块（parcels）或拟建项目（proposals）图层中"});
        p.land.push_back(std::move(land));
        continue;
      }
      const Layer& layer = land.role == "parcels" ? *in.parcels : *in.proposals;
      const Feature& f = layer.features[land.feature];
      land.area = measure(f.geometry);
      if (land.role == "parcels") {
        if (auto st = status_of.find(land.feature); st != status_of.end()) {
          const supply::ParcelStatus& ps = *st->second;
          if (ps.readiness) land.supply_state = supply::code(ps.readiness->level);
          if (ps.idle) land.supply_state = supply::code(ps.idle->state);
          if (ps.supplied) land.contract = supply::parcel_dates(layer, f).supply_date.date;
          if (ps.idle) {
            const std::string rule = idle_rule(ps.idle->state);
            if (!rule.empty()) {
              const int days =
                  ps.idle->counted_from
                      ? static_cast<int>(s.as_of.days() - ps.idle->counted_from->days())
                      : 0;
              warn(rule, "idle", "闲置土地", ps.idle->counted_from, days,
                   "地块 " + id + " " + supply::label(ps.idle->state) + "：" + ps.idle->text);
            }
          }
        }
      }
      if (auto c = check_of.find(id); c != check_of.end()) {
        const check::ProposalResult& pr = *c->second;
        land.check_severity = check::to_string(pr.conclusion.severity);
        land.check_text = pr.conclusion.text;
        const std::string rule = control_rule(pr.conclusion.severity);
        // The warning names only the lines in conflict; the check's whole conclusion (clear
        // lines included) stays in the land's check_text.
        std::string conflicts;
        for (const std::string& line : check::kLines)
          if (auto lr = pr.lines.find(line);
              lr != pr.lines.end() && lr->second.conclusion.severity != check::Severity::Ok)
            conflicts += (conflicts.empty() ? "" : "；") + lr->second.conclusion.text;
        if (!rule.empty())
          warn(rule, "control", "三条控制线", std::nullopt, 0,
               "地块 " + id + " " + check::label(pr.conclusion.severity) + "：" +
                   (conflicts.empty() ? pr.conclusion.text : conflicts));
      }
      p.land.push_back(std::move(land));
    }

    // --- nodes
    for (const NodeDates& n : e.nodes) {
      if (!n.planned) continue;
      if (n.done) {
        const int late = static_cast<int>(n.done->days() - n.planned->days());
        if (late > s.late_tolerance_days)
          warn("node_done_late", n.code, n.name, n.planned, late,
               fmt::format("{}计划 {}，{} 完成，晚 {} 天", n.name, n.planned->iso(), n.done->iso(),
                           late));
        continue;
      }
      const int ahead = static_cast<int>(n.planned->days() - s.as_of.days());
      if (ahead < 0) {
        warn("node_overdue", n.code, n.name, n.planned, -ahead,
             fmt::format("{}计划 {}，逾期 {} 天未完成", n.name, n.planned->iso(), -ahead));
      } else if (ahead <= s.due_within_days) {
        warn("node_due_soon", n.code, n.name, n.planned, -ahead,
             ahead == 0 ? fmt::format("{}计划 {}，今日到期，尚未完成", n.name, n.planned->iso())
                        : fmt::format("{}计划 {}，{} 天后到期，尚未完成", n.name,
                                      n.planned->iso(), ahead));
      }
    }

    // --- 承诺制 commitments
    std::optional<Date> contract;
    for (const Land& l : p.land)
      if (l.contract && (!contract || *l.contract < *contract)) contract = l.contract;
    std::string contract_from = "供地日期";
    if (!contract) {
      for (const NodeDates& n : e.nodes)
        if (n.code == "supply" && n.done) contract = n.done;
      contract_from = "台账供地完成日期";
    }
    for (const Indicator& ind : s.indicators) {
      Commitment c;
      c.indicator = ind.code;
      c.name = ind.name;
      c.unit = ind.unit;
      c.review = ind.review;
      if (auto it = e.committed.find(ind.code); it != e.committed.end()) {
        c.committed = it->second;
        c.committed_from = "台账";
      } else if (!ind.published.empty() && in.parcels) {
        for (const Land& l : p.land) {
          if (l.role != "parcels") continue;
          if (auto v = in.parcels->number(in.parcels->features[l.feature], ind.published)) {
            c.committed = v;
            c.committed_from = "地块公布指标 " + l.id;
            break;
          }
        }
      }
      if (!c.committed) continue;
      if (auto it = e.measured.find(ind.code); it != e.measured.end()) {
        c.measured = it->second;
        c.measured_from = "台账";
      } else if (in.parcels) {
        // The parcel's own attributes over its official area (DOMAIN §8 formulas).
        const std::string field = ind.code == "investment" ? "investment"
                                  : ind.code == "tax"      ? "tax"
                                  : ind.code == "far"      ? "floor_area"
                                                           : "";
        double sum = 0, area_m2 = 0;
        std::string ids;
        for (const Land& l : p.land) {
          if (l.role != "parcels" || field.empty()) continue;
          if (auto v = in.parcels->number(in.parcels->features[l.feature], field)) {
            sum += *v;
            area_m2 += l.area.ellipsoidal_m2;
            ids += (ids.empty() ? "" : "、") + l.id;
          }
        }
        if (area_m2 > 0) {
          c.measured = ind.code == "far" ? sum / area_m2 : sum / units::m2_to_mu(area_m2);
          c.measured_from = "地块属性 " + ids;
        }
      }
      if (contract)
        c.due = add_years(*contract, ind.review == "completion" ? s.completion_review_years
                                                                : s.production_review_years);
      const std::string review_name = ind.review == "completion" ? "竣工复核" : "达产复核";
      const std::string review_node = ind.review == "completion" ? "completion_review" : "production_review";
      if (c.due && *c.due <= s.as_of) {
        const int late = static_cast<int>(s.as_of.days() - c.due->days());
        if (c.measured) {
          // 1e-9 absorbs floating-point noise only: a measured value equal to the commitment passes.
          c.pass = *c.measured + 1e-9 >= *c.committed;
          if (!*c.pass)
            warn("commitment_failed", review_node, review_name, c.due, late,
                 fmt::format("{}{}：承诺 {}{}，实测 {}{}，未达承诺（{} {} + {} 年）", review_name,
                             ind.name, fmt_number(*c.committed), ind.unit, fmt_number(*c.measured),
                             ind.unit, contract_from, contract->iso(),
                             ind.review == "completion" ? s.completion_review_years
                                                        : s.production_review_years));
        } else {
          warn("commitment_unmeasured", review_node, review_name, c.due, late,
               fmt::format("{}{}应于 {} 复核，台账和地块均无实测值", review_name, ind.name,
                           c.due->iso()));
        }
      }
      p.commitments.push_back(std::move(c));
    }

    // --- 要素保障
    Elements& el = p.elements;
    for (const NodeDates& n : e.nodes)
      if (n.code == "pre_review" && n.done) {
        el.pre_review_done = true;
        el.pre_review_date = n.done;
      }
    if (!el.pre_review_done) el.missing.push_back("用地预审未完成");
    bool any_land = false;
    units::Area land_area, approved_area, farmland, cultivated;
    bool farmland_checked = false;
    for (const Land& l : p.land) {
      if (l.role.empty()) continue;
      any_land = true;
      land_area.planar_m2 += l.area.planar_m2;
      land_area.ellipsoidal_m2 += l.area.ellipsoidal_m2;
      if (auto c = check_of.find(l.id); c != check_of.end()) {
        auto line = c->second->lines.find("farmland");
        if (line != c->second->lines.end() && line->second.checked) {
          farmland_checked = true;
          if (line->second.state == check::State::Conflict) {
            farmland.planar_m2 += line->second.overlap.planar_m2;
            farmland.ellipsoidal_m2 += line->second.overlap.ellipsoidal_m2;
            for (const auto& [cls, a] : line->second.by_class)
              if (cls.rfind("01", 0) == 0) {
                cultivated.planar_m2 += a.planar_m2;
                cultivated.ellipsoidal_m2 += a.ellipsoidal_m2;
              }
          }
        }
      }
      if (in.approvals) {
        const Layer& layer = l.role == "parcels" ? *in.parcels : *in.proposals;
        const geom::Geometry& g = layer.features[l.feature].geometry;
        if (!g) continue;
        std::vector<geom::Geometry> parts;
        for (const Feature& a : in.approvals->features)
          if (a.geometry && geom::intersects(a.geometry, g))
            parts.push_back(geom::intersection(a.geometry, g));
        if (!parts.empty()) {
          const units::Area a = measure(geom::unary_union(geom::collect(std::move(parts))));
          approved_area.planar_m2 += a.planar_m2;
          approved_area.ellipsoidal_m2 += a.ellipsoidal_m2;
        }
      }
    }
    if (any_land) el.land = land_area;
    if (farmland_checked) {
      el.farmland = farmland;
      el.farmland_cultivated = cultivated;
      if (farmland.ellipsoidal_m2 > 0)
        el.missing.push_back(fmt::format("占用永久基本农田 {:.2f} 亩（其中耕地 {:.2f} 亩），需依法报批并补划",
                                         farmland.ellipsoidal_mu(), cultivated.ellipsoidal_mu()));
    }
    if (any_land && in.approvals) {
      el.approved = approved_area;
      units::Area need{std::max(0.0, land_area.planar_m2 - approved_area.planar_m2),
                       std::max(0.0, land_area.ellipsoidal_m2 - approved_area.ellipsoidal_m2)};
      el.new_land = need;
      // Below 0.01 亩 the difference is the boundaries' digitising, not land to approve.
      if (need.ellipsoidal_mu() >= 0.01)
        el.missing.push_back(fmt::format("需新增建设用地计划指标 {:.2f} 亩（用地 {:.2f} 亩，已批 {:.2f} 亩）",
                                         need.ellipsoidal_mu(), land_area.ellipsoidal_mu(),
                                         approved_area.ellipsoidal_mu()));
    }
    el.energy_quota = e.energy_quota;
    el.environment_capacity = e.environment_capacity;
    if (e.has_energy_column && !in_place(e.energy_quota))
      el.missing.push_back(e.energy_quota.empty() ? "能耗指标未填" : "能耗指标：" + e.energy_quota);
    if (e.has_environment_column && !in_place(e.environment_capacity))
      el.missing.push_back(e.environment_capacity.empty() ? "环境容量未填"
                                                          : "环境容量：" + e.environment_capacity);

    // --- the light: the worst warning
    std::stable_sort(p.warnings.begin(), p.warnings.end(), [](const Warning& a, const Warning& b) {
      if (a.level != b.level) return a.level > b.level;
      return rule_rank(a.rule) < rule_rank(b.rule);
    });
    for (const Warning& w : p.warnings) p.light = std::max(p.light, w.level);
    r.projects.push_back(std::move(p));
  }
  report_progress(progress, 1.0, "");
  return r;
}

Result run(const Project& project, const ProjectLayers& layers, const supply::Result* supply,
           const Options& options) {
  const Settings settings = load_settings(project);
  const std::filesystem::path file = options.file.empty() ? settings.file : options.file;
  if (file.empty())
    throw UsageError("--ledger", "name the ledger (--ledger FILE, or file in the project's [ledger] section)");
  const Ledger ledger = read_ledger(io::read_table(file, settings.sheet), settings);
  Inputs in;
  in.ledger = &ledger;
  in.parcels = layers.find("parcels");
  in.proposals = layers.find("proposals");
  in.approvals = layers.find("approvals");
  in.supply = supply;
  in.crs_why = layers.crs_why;
  std::optional<check::Result> checked;
  if (in.parcels || in.proposals) {
    const Layer land = land_layer(ledger, in.parcels, in.proposals);
    if (!land.features.empty()) checked = check_land(project, layers, land);
  }
  if (checked) in.check = &*checked;
  return analyse(in, settings, options);
}

ProjectRun run_project(const Project& project, const Options& options) {
  ProjectRun out;
  out.layers = load_layers(project, kRoles, scaled(options.progress, 0, 0.5));
  if (out.layers.find("parcels"))
    out.supply = supply::analyse(supply::inputs_from(out.layers), supply::load_settings(project),
                                 {scaled(options.progress, 0.5, 0.8)});
  Options rest = options;
  rest.progress = scaled(options.progress, 0.8, 1.0);
  out.result = run(project, out.layers, out.supply ? &*out.supply : nullptr, rest);
  return out;
}

}  // namespace tudi::ledger
