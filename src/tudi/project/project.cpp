#include "tudi/project/project.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "tudi/core/date.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/read_file.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/core/spelling.hpp"
#include "tudi/crs/crs.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/project/sources.hpp"

namespace fs = std::filesystem;

namespace tudi {
namespace {

std::string at(const fs::path& file, const toml::node& node) {
  return file.string() + ":" + std::to_string(node.source().begin.line);
}

std::string role_list() {
  std::string s;
  for (const Role& r : roles()) s += (s.empty() ? "" : ", ") + std::string(r.name);
  return s;
}

/// GDAL connection strings stay as they are; paths resolve against the project's folder.
std::string resolve_source(const fs::path& base, const std::string& source) {
  if (source.rfind("PG:", 0) == 0 || source.find("://") != std::string::npos) return source;
  const fs::path p(source);
  return (p.is_absolute() ? p : base / p).lexically_normal().string();
}

std::string required_string(const fs::path& file, const toml::table& t, std::string_view key,
                            const toml::node& owner) {
  const toml::node* n = t.get(key);
  if (!n) throw Error(at(file, owner), "'" + std::string(key) + "' is missing");
  if (!n->is_string()) throw Error(at(file, *n), "'" + std::string(key) + "' must be a string");
  return std::string(*n->value<std::string>());
}

std::string optional_string(const fs::path& file, const toml::table& t, std::string_view key,
                            std::string fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (n->is_date()) {
    const toml::date d = *n->value<toml::date>();
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
  }
  if (!n->is_string()) throw Error(at(file, *n), "'" + std::string(key) + "' must be a string");
  return std::string(*n->value<std::string>());
}

/// The sections a project file may hold besides [analysis] and [layers]: each is read by its
/// analysis. Anything else ("[chek]") is a slip that would silently drop the settings under it.
const std::vector<std::string>& known_sections() {
  static const std::vector<std::string> names{"analysis", "layers", "supply", "match",
                                              "zones",    "report", "ledger"};
  return names;
}

/// Sections a user may well write that nothing reads: their settings live elsewhere.
std::string elsewhere(const std::string& section) {
  if (section == "check")
    return "：三线核查的设置在其规则包 rules/check.toml 中（复制到 analysis.rules 指定的文件夹后修改）";
  if (section == "serve") return "：tudi serve 的设置是它的命令行选项（tudi serve --help）";
  return "";
}

/// A CRS named in the project file, checked where it is written: the error names file and line.
void check_crs(const fs::path& file, const toml::table& t, std::string_view key,
               bool for_areas) {
  const toml::node* n = t.get(key);
  if (!n || !n->is_string() || *n->value<std::string>() == "auto") return;
  const std::string text = *n->value<std::string>();
  if (text.empty()) return;
  crs::Crs c;
  try {
    c = crs::Crs::from_user(text);
  } catch (const Error& e) {
    throw Error(at(file, *n), std::string(key) + ": " + e.what());
  }
  if (for_areas)
    if (const std::string why = crs::unsuitable_for_areas(c); !why.empty())
      throw Error(at(file, *n), "analysis.crs = \"" + text + "\" " + why +
                                    ": tudi cannot count 亩 or buffer in it");
}

}  // namespace

const io::LayerSource& Project::need(const std::string& role, const std::string& command) const {
  auto it = layers.find(role);
  if (it == layers.end()) {
    const Role* r = find_role(role);
    throw UsageError(file.string(), "`tudi " + command + "` needs the " + role +
                                        (r ? " (" + std::string(r->alias) + ")" : "") +
                                        " layer: add [layers." + role + "] or pass --" + role);
  }
  return it->second;
}

Project load_project(const fs::path& file) {
  const std::string text = read_file(file, kMaxConfigBytes);
  toml::table doc;
  try {
    doc = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw Error(file.string() + ":" + std::to_string(e.source().begin.line),
                std::string(e.description()));
  }
  Project p;
  p.file = fs::absolute(file);
  const fs::path base = p.file.parent_path();

  for (auto& [key, node] : doc) {
    const std::string k(key.str());
    if (k == "analysis") {
      const toml::table* a = node.as_table();
      if (!a) throw Error(at(file, node), "[analysis] must be a table");
      p.analysis.crs = optional_string(file, *a, "crs", "auto");
      p.analysis.as_of = optional_string(file, *a, "as_of", "");
      if (!p.analysis.as_of.empty() && !parse_date(p.analysis.as_of))
        throw Error(at(file, *a->get("as_of")),
                    "analysis.as_of = \"" + p.analysis.as_of + "\" is not a date (YYYY-MM-DD)");
      check_crs(file, *a, "crs", true);
      const std::string rules = optional_string(file, *a, "rules", "");
      if (!rules.empty()) p.analysis.rules = resolve_source(base, rules);
      for (const auto& [ak, an] : *a)
        if (ak != "crs" && ak != "as_of" && ak != "rules")
          throw Error(at(file, an), "unknown setting analysis." + std::string(ak.str()) +
                                        " (expected crs, as_of, rules)");
    } else if (k == "layers") {
      const toml::table* layers = node.as_table();
      if (!layers) throw Error(at(file, node), "[layers] must be a table");
      for (const auto& [role, lnode] : *layers) {
        const std::string r(role.str());
        if (!find_role(r))
          throw Error(at(file, lnode),
                      "unknown layer role '" + r + "' (expected " + role_list() + ")");
        const toml::table* t = lnode.as_table();
        if (!t) throw Error(at(file, lnode), "[layers." + r + "] must be a table");
        io::LayerSource src;
        src.role = r;
        src.source = resolve_source(base, required_string(file, *t, "source", lnode));
        src.layer = optional_string(file, *t, "layer", "");
        src.encoding = optional_string(file, *t, "encoding", "auto");
        src.crs = optional_string(file, *t, "crs", "");
        src.version = optional_string(file, *t, "version", "");
        src.document = optional_string(file, *t, "document", "");
        src.date = optional_string(file, *t, "date", "");
        check_crs(file, *t, "crs", false);
        if (src.encoding != "auto") try {
            io::normalise_encoding(src.encoding);
          } catch (const Error& e) {
            throw Error(at(file, *t->get("encoding")), e.what());
          }
        if (const toml::node* fn = t->get("fields")) {
          const toml::table* ft = fn->as_table();
          if (!ft) throw Error(at(file, *fn), "[layers." + r + ".fields] must be a table");
          for (const auto& [canonical, source_name] : *ft) {
            if (!source_name.is_string())
              throw Error(at(file, source_name), "fields." + std::string(canonical.str()) +
                                                     " must name a field as a string");
            src.fields[std::string(canonical.str())] = *source_name.value<std::string>();
          }
        }
        for (const auto& [lk, ln] : *t)
          if (lk != "source" && lk != "layer" && lk != "encoding" && lk != "crs" &&
              lk != "fields" && lk != "version" && lk != "document" && lk != "date")
            throw Error(at(file, ln), "unknown key '" + std::string(lk.str()) + "' in [layers." +
                                          r +
                                          "] (expected source, layer, encoding, crs, fields, "
                                          "version, document, date)");
        p.layers[r] = std::move(src);
      }
    } else {
      const auto& known = known_sections();
      if (std::find(known.begin(), known.end(), k) == known.end())
        throw Error(at(file, node), "unknown section [" + k + "]" +
                                        (elsewhere(k).empty() ? did_you_mean(k, known) : elsewhere(k)));
      // Analysis sections ([check], [supply], ...) are kept for their analyses to read.
      toml::table* t = node.as_table();
      if (!t) throw Error(at(file, node), "'" + k + "' must be a section ([" + k + "])");
      p.sections[k] = std::make_shared<const RulePack>(RulePack{file, std::move(*t)});
    }
  }
  return p;
}

void Project::set_section(const std::string& name, std::string_view toml) {
  try {
    sections[name] = std::make_shared<const RulePack>(RulePack{file, toml::parse(toml, file.string())});
  } catch (const toml::parse_error& e) {
    throw Error(file.string() + ":" + std::to_string(e.source().begin.line), std::string(e.description()));
  }
}

Date as_of_date(const Project& project) {
  const std::string& text = project.analysis.as_of;
  if (text.empty()) return today();
  if (auto d = parse_date(text)) return *d;
  throw UsageError("", "as-of date '" + text + "' is not a date (expected YYYY-MM-DD)");
}

void override_source(Project& p, const std::string& role, const std::string& source) {
  if (!find_role(role)) throw UsageError("", "unknown layer role '" + role + "'");
  io::LayerSource& src = p.layers[role];
  src.role = role;
  // The project's `layer` stays: `--parcels other.gpkg` swaps the file, not which of its
  // layers holds the parcels (a source without that layer is refused by name). Fields,
  // encoding and CRS belong to the old file and are detected anew.
  src.source = source;
  src.fields.clear();
  src.encoding = "auto";
  src.crs.clear();
  // Another source: the configured layer's vintage does not describe it.
  src.version.clear();
  src.document.clear();
  src.date.clear();
}

const Layer* ProjectLayers::find(const std::string& role) const {
  auto it = layers.find(role);
  return it == layers.end() ? nullptr : &it->second;
}

ProjectLayers load_layers(const Project& p, const std::vector<std::string>& wanted,
                          const Progress& progress) {
  ProjectLayers out;
  out.crs = working_crs(p, &out.crs_why);
  std::vector<std::string> present;
  std::vector<io::LayerSource> sources;
  for (const std::string& role : wanted)
    if (p.has(role)) present.push_back(role), sources.push_back(p.layers.at(role));
  std::vector<Layer> read = read_into(sources, out.crs, progress);
  for (std::size_t i = 0; i < present.size(); ++i) out.layers.emplace(present[i], std::move(read[i]));
  return out;
}

crs::Crs working_crs(const Project& p, std::string* why) {
  if (p.analysis.crs != "auto" && !p.analysis.crs.empty()) {
    if (why) *why = "analysis.crs 指定";
    crs::Crs c = crs::Crs::from_user(p.analysis.crs, crs::Origin::Assigned);
    // Projects built in code (the viewer, tests) skip load_project's check.
    if (const std::string bad = crs::unsuitable_for_areas(c); !bad.empty())
      throw Error(p.file.string(), "analysis.crs = \"" + p.analysis.crs + "\" " + bad);
    return c;
  }
  // "auto": the choice loose sources get too (sources.hpp), over the layers in role order.
  std::vector<io::LayerSource> sources;
  for (const Role& r : roles()) {
    auto it = p.layers.find(std::string(r.name));
    if (it == p.layers.end()) continue;
    sources.push_back(it->second);
    sources.back().role = r.name;  // the why names each layer by its role
  }
  std::string chosen_why;
  const std::optional<crs::Crs> chosen = auto_working_crs(sources, &chosen_why);
  if (!chosen)
    throw Error(p.file.string(),
                "analysis.crs = \"auto\" but no layer is in a Gauss-Krüger zone, in degrees or "
                "in a projected CRS that areas can be counted in: set analysis.crs "
                "(e.g. \"EPSG:4526\")");
  if (why) *why = "analysis.crs = auto：" + chosen_why;
  return *chosen;
}

std::string crs_sentence(const std::string& label, const std::string& why) {
  return "工作坐标系 " + label + (why.empty() ? std::string() : "（" + why + "）");
}

}  // namespace tudi
