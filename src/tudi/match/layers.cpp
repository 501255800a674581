// The layers of match.gpkg.
#include "tudi/match/output.hpp"

#include <map>

#include "tudi/core/text.hpp"

namespace tudi::match {

std::vector<Layer> to_layers(const Result& r, const Layer& parcels) {
  using FT = FieldType;
  auto make = [&](std::string name, std::vector<FieldDef> fields) {
    return result_layer(std::move(name), parcels.crs, std::move(fields));
  };
  Layer cand = make("match_candidates", {{"parcel_id", FT::String},
                                         {"name", FT::String},
                                         {"area_mu", FT::Real},
                                         {"projects", FT::Integer},
                                         {"best_project", FT::String},
                                         {"best_score", FT::Real},
                                         {"project_ids", FT::String},
                                         {"assigned_to", FT::String}});
  Layer assigned = make("match_assigned", {{"parcel_id", FT::String},
                                           {"name", FT::String},
                                           {"area_mu", FT::Real},
                                           {"project_id", FT::String},
                                           {"project", FT::String},
                                           {"score", FT::Real},
                                           {"rank", FT::Integer},
                                           {"land", FT::String},
                                           {"land_area_mu", FT::Real}});
  struct Offer {
    std::vector<std::string> projects;
    std::string best;
    double best_score = -1e300;
    std::string assigned_to;
  };
  std::map<std::size_t, Offer> offers;
  for (const ProjectResult& p : r.projects) {
    for (const Candidate& c : p.candidates)
      for (std::size_t s : c.sites) {
        Offer& o = offers[s];
        o.projects.push_back(p.project.id);
        if (c.score > o.best_score) {
          o.best_score = c.score;
          o.best = p.project.id;
        }
      }
    if (p.assigned)
      for (std::size_t s : p.assigned->sites) offers[s].assigned_to = p.project.id;
  }
  auto feature = [&](std::size_t site, std::vector<Value> values) {
    const Feature& src = parcels.features[r.sites[site].feature];
    Feature f;
    f.fid = src.fid;
    if (src.geometry) f.geometry = geom::clone(src.geometry);
    f.values = std::move(values);
    return f;
  };
  for (const auto& [s, o] : offers) {
    const Site& site = r.sites[s];
    cand.features.push_back(
        feature(s, {site.id, site.name, site.area_mu, static_cast<std::int64_t>(o.projects.size()),
                    o.best, o.best_score, join(o.projects, ","), o.assigned_to}));
  }
  for (const ProjectResult& p : r.projects) {
    if (!p.assigned) continue;
    for (std::size_t s : p.assigned->sites) {
      const Site& site = r.sites[s];
      assigned.features.push_back(
          feature(s, {site.id, site.name, site.area_mu, p.project.id, p.project.name,
                      p.assigned->score, static_cast<std::int64_t>(p.assigned->rank),
                      join(p.assigned->parcel_ids, "+"), p.assigned->area_mu}));
    }
  }
  std::vector<Layer> out;
  out.push_back(std::move(cand));
  out.push_back(std::move(assigned));
  return out;
}

}  // namespace tudi::match
