// Scenario files (gis-data/README.md): steps that merge, expand, drop and redraw zones.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "tudi/core/error.hpp"
#include "tudi/core/read_file.hpp"
#include "tudi/crs/transform.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones {
namespace {

struct Reader {
  std::string file;
  std::string where(const toml::node& n) const {
    return fmt::format("{}:{}", file, n.source().begin.line);
  }
  std::string text(const toml::node& n, std::string_view key) const {
    const auto v = n.value<std::string>();
    if (!v || v->empty()) throw Error(where(n), std::string(key) + " must be a non-empty string");
    return *v;
  }
};

std::optional<Step::Op> op_from(std::string_view s) {
  if (s == "merge") return Step::Op::merge;
  if (s == "expand") return Step::Op::expand;
  if (s == "drop") return Step::Op::drop;
  if (s == "redraw") return Step::Op::redraw;
  return std::nullopt;
}

}  // namespace

const char* code(Step::Op op) {
  switch (op) {
    case Step::Op::merge:
      return "merge";
    case Step::Op::expand:
      return "expand";
    case Step::Op::drop:
      return "drop";
    case Step::Op::redraw:
      return "redraw";
  }
  return "?";
}

const char* label(Step::Op op) {
  switch (op) {
    case Step::Op::merge:
      return "合并";
    case Step::Op::expand:
      return "扩区";
    case Step::Op::drop:
      return "调出";
    case Step::Op::redraw:
      return "重划";
  }
  return "?";
}

Scenario parse_scenario(const std::string& text, const std::string& file) {
  Reader r{file};
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("{}:{}", file, e.source().begin.line), std::string(e.description()));
  }
  Scenario sc;
  sc.file = file;
  for (const auto& [k, n] : doc) {
    const std::string key(k.str());
    if (key == "name") {
      sc.name = r.text(n, key);
    } else if (key == "crs") {
      sc.crs = crs::Crs::from_user(r.text(n, key));
    } else if (key == "description" || key == "step") {
    } else {
      throw Error(r.where(n),
                  "unknown key '" + key + "' (expected name, crs, description, [[step]])");
    }
  }
  const toml::node* steps = doc.get("step");
  if (!steps) throw Error(file, "no [[step]] in the scenario");
  const toml::array* arr = steps->as_array();
  if (!arr) throw Error(r.where(*steps), "step must be written as [[step]] tables");

  for (const toml::node& node : *arr) {
    const toml::table* t = node.as_table();
    if (!t) throw Error(r.where(node), "step must be written as [[step]] tables");
    Step st;
    st.where = r.where(node);
    const toml::node* op = t->get("op");
    if (!op) throw Error(st.where, "step without op (merge, expand, drop, redraw)");
    const auto parsed = op_from(op->value<std::string>().value_or(""));
    if (!parsed) throw Error(r.where(*op), "op must be merge, expand, drop or redraw");
    st.op = *parsed;
    for (const auto& [k, n] : *t) {
      const std::string key(k.str());
      if (key == "op") continue;
      if (key == "zones") {
        const toml::array* zs = n.as_array();
        if (!zs) throw Error(r.where(n), "zones must be a list of zone ids or names");
        for (const toml::node& z : *zs) st.zones.push_back(r.text(z, "zones"));
      } else if (key == "zone") {
        st.zone = r.text(n, key);
      } else if (key == "polygon") {
        geom::Geometry g;
        try {
          g = geom::from_wkt(r.text(n, key));
        } catch (const Error& e) {
          throw Error(r.where(n), std::string("polygon is not WKT: ") + e.what());
        }
        if (!geom::is_polygonal(g) || geom::is_empty(g))
          throw Error(r.where(n),
                      "polygon must be a POLYGON or MULTIPOLYGON, got " + geom::type_name(g));
        if (geom::has_non_finite(g))
          throw Error(r.where(n), "polygon has NaN or infinite coordinates");
        st.polygon = std::move(g);
      } else if (key == "buffer") {
        const auto v = finite_number(n);
        if (!v || *v <= 0) throw Error(r.where(n), "buffer must be a distance in metres above 0");
        st.buffer = *v;
      } else if (key == "id") {
        st.id = r.text(n, key);
      } else if (key == "name") {
        st.name = r.text(n, key);
      } else if (key == "level") {
        st.level = r.text(n, key);
      } else if (key == "kind") {
        st.kind = r.text(n, key);
      } else if (key == "eval_type") {
        st.eval_type = r.text(n, key);
      } else {
        throw Error(r.where(n), "unknown key '" + key + "' in a step");
      }
    }
    auto refuse = [&](bool bad, const char* what) {
      if (bad) throw Error(st.where, fmt::format("{} step: {}", code(st.op), what));
    };
    switch (st.op) {
      case Step::Op::merge:
        refuse(st.zones.size() < 2, "zones must name at least two zones");
        refuse(!st.zone.empty() || st.polygon || st.buffer,
               "takes zones = [...], not zone, polygon or buffer");
        break;
      case Step::Op::expand:
        refuse(st.zone.empty(), "zone is required");
        refuse(st.polygon.has_value() == st.buffer.has_value(), "give either polygon or buffer");
        break;
      case Step::Op::drop:
        refuse(st.zone.empty(), "zone is required");
        refuse(st.buffer.has_value(), "takes polygon (the part taken out), not buffer");
        break;
      case Step::Op::redraw:
        refuse(st.zone.empty(), "zone is required");
        refuse(!st.polygon, "polygon (the new boundary) is required");
        refuse(st.buffer.has_value(), "takes polygon, not buffer");
        break;
    }
    if (st.op != Step::Op::merge)
      refuse(!st.zones.empty(), "zones = [...] is for merge; name one zone");
    sc.steps.push_back(std::move(st));
  }
  if (sc.name.empty()) sc.name = std::filesystem::path(file).stem().string();
  return sc;
}

Scenario load_scenario(const std::filesystem::path& file) {
  return parse_scenario(read_file(file, kMaxConfigBytes), file.string());
}

Scenario in_working_crs(const Scenario& scenario, const crs::Crs& working) {
  std::optional<crs::Transformer> to_working;
  if (!scenario.crs.empty() && !working.empty() && !scenario.crs.same_as(working))
    to_working.emplace(scenario.crs, working);
  Scenario out;
  out.name = scenario.name;
  out.file = scenario.file;
  out.crs = working.empty() ? scenario.crs : working;
  out.warnings = scenario.warnings;
  for (const Step& from : scenario.steps) {
    Step st{.op = from.op, .zones = from.zones, .zone = from.zone, .polygon = std::nullopt,
            .buffer = from.buffer, .id = from.id, .name = from.name, .level = from.level,
            .kind = from.kind, .eval_type = from.eval_type, .where = from.where};
    if (from.polygon) {
      geom::Geometry g =
          to_working ? to_working->transform(*from.polygon) : geom::clone(*from.polygon);
      // Checked after reprojecting: that is the polygon the zones are cut with.
      if (const std::string why = geom::invalid_reason(g); !why.empty()) {
        g = geom::make_valid(g);
        out.warnings.push_back(st.where + ": polygon invalid (" + why + "), repaired");
      }
      st.polygon = std::move(g);
    }
    out.steps.push_back(std::move(st));
  }
  return out;
}

}  // namespace tudi::zones
