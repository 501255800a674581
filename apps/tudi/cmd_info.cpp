// tudi info: what each layer is: features, geometry, CRS, encoding, role and field mapping.
#include <fmt/format.h>

#include <iostream>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/io/info.hpp"

namespace tudi::cli {
namespace {

class InfoCommand final : public Command {
 public:
  const char* name() const override { return "info"; }
  const char* description() const override {
    return "Describe layers: features, geometry type, CRS, encoding, role and field mapping";
  }
  void setup(CLI::App& app) override {
    app.add_option("sources", sources_, "Vector sources (Shapefile, GeoPackage, TXT, ...)");
    project_.add_to(app);
    app.add_option("--layer", layer_, "Only this layer of each source");
    app.add_option("--src-encoding", encoding_, "Encoding of the sources (default: detect)");
    app.add_flag("--json", json_, "One JSON object on stdout with a layers array");
  }
  int run() override {
    std::vector<io::LayerSource> todo;
    if (!project_.config.empty() || !project_.overrides.empty()) {
      const Project p = project_.load();
      if (p.layers.empty() && sources_.empty())
        throw Error(p.file.string(), "has no [layers.*] section: nothing to describe");
      for (const auto& [role, src] : p.layers) todo.push_back(src);
    }
    for (const std::string& s : sources_) {
      io::LayerSource src;
      src.source = s;
      src.layer = layer_;
      src.encoding = encoding_;
      todo.push_back(src);
    }
    if (todo.empty()) throw UsageError("", "name at least one source, or a project with -c");
    nlohmann::json layers = nlohmann::json::array();
    for (const io::LayerSource& src : todo) {
      for (const io::LayerInfo& info : io::describe(src)) {
        if (json_) {
          layers.push_back(io::to_json(info));
        } else {
          print(info);
        }
      }
    }
    if (json_) std::cout << nlohmann::json{{"layers", layers}}.dump(2) << '\n';
    return 0;
  }

 private:
  static void print(const io::LayerInfo& i) {
    fmt::print("{} [{}]\n", i.name, i.source);
    const Role* role = find_role(i.role);
    if (role)
      fmt::print("  role:       {} ({}){}\n", i.role, role->alias, i.role_guessed ? ", guessed" : "");
    fmt::print("  features:   {}{}\n", i.feature_count,
               i.empty_count ? fmt::format(" (+{} without geometry)", i.empty_count) : "");
    fmt::print("  geometry:   {}\n", i.geometry_type);
    fmt::print("  CRS:        {}{} — {} ({})\n", i.epsg ? fmt::format("EPSG:{} ", *i.epsg) : "",
               i.crs_name, i.crs_origin, i.crs_how);
    fmt::print("  encoding:   {} ({})\n", i.encoding, i.encoding_how);
    if (!i.extent.empty())
      fmt::print("  extent:     {:.3f} {:.3f}, {:.3f} {:.3f}\n", i.extent.minx, i.extent.miny,
                 i.extent.maxx, i.extent.maxy);
    fmt::print("  invalid:    {}\n", i.invalid_count);
    std::string fields;
    for (const FieldDef& f : i.fields) fields += (fields.empty() ? "" : ", ") + f.name;
    fmt::print("  fields:     {}\n", fields);
    if (!i.mapping.empty()) {
      std::string m;
      for (const auto& [canonical, source] : i.mapping)
        m += (m.empty() ? "" : ", ") + canonical + "←" + source;
      fmt::print("  mapping:    {}\n", m);
    }
    if (!i.mapping_error.empty()) fmt::print("  mapping:    {}\n", i.mapping_error);
  }

  ProjectOptions project_;
  std::vector<std::string> sources_;
  std::string layer_, encoding_ = "auto";
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_info() { return std::make_unique<InfoCommand>(); }

}  // namespace tudi::cli
