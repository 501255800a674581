#pragma once
// Loose sources (files opened without a tudi.toml): the working CRS chosen for them as for a
// project's "auto", read into it, and their roles assigned by hand, never guessed.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tudi/core/progress.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/layer/layer.hpp"

namespace tudi {

/// The working CRS of a set of sources, the one choice behind a project's analysis.crs = "auto"
/// too: the Gauss-Krüger zone of the sources (after detection) in their order, a zone with the
/// prefix in the eastings first; failing that, for a source in degrees, the 3° zone (prefixed)
/// nearest its centre's longitude; failing that, the first source's own projected CRS when
/// areas can be counted in it. `why` (if given) says which source's and why, naming each
/// source by its role, or else its file name. Throws tudi::Error when none of these applies.
crs::Crs working_crs(const std::vector<io::LayerSource>& sources, std::string* why = nullptr);
/// working_crs' choice, or nullopt when none of its rules applies, for a caller that words that
/// failure its own way (a project names its analysis.crs). Unreadable sources still throw.
std::optional<crs::Crs> auto_working_crs(const std::vector<io::LayerSource>& sources,
                                         std::string* why = nullptr);

/// Reads each source into `crs`, normalised and repaired, progress shared out evenly: how a
/// project's layers and loose files are read alike.
std::vector<Layer> read_into(const std::vector<io::LayerSource>& sources, const crs::Crs& crs,
                             const Progress& progress = {});

/// A loose source read: the layer with no role (nor field mapping) and the role its name or
/// fields suggest (guess_role), which only picks a style and is shown as a suggestion.
struct LoadedSource {
  Layer layer;
  std::string suggested_role;  // "farmland", ... or empty
};

/// Loose sources read into one working CRS.
struct LoadedSources {
  crs::Crs crs;
  std::string crs_why;  // how the working CRS was chosen (working_crs); empty when given
  std::vector<LoadedSource> layers;  // in the order of the paths
};

/// Reads each path (Shapefile, GeoPackage, GeoJSON, 界址点 TXT or a folder of them) into
/// `into`, the working CRS already in use (files added to an open map), or when it is empty
/// into the one working_crs chooses for them. Normalised and repaired as a project's layers.
LoadedSources load_sources(const std::vector<std::filesystem::path>& paths,
                           const crs::Crs& into = {}, const Progress& progress = {});

/// The role's canonical fields a layer could take from two or more of its fields (canonical →
/// those fields, in the role's order of candidates): assign_role refuses such a layer until
/// `named` says which, as a project's [layers.<role>.fields] does. Throws on an unknown role.
std::map<std::string, std::vector<std::string>> field_choices(const Layer& layer,
                                                              const std::string& role);

/// Gives a layer a role: its field mapping is resolved for the role (resolve_fields, with
/// `named` as the fields chosen by hand) and its field report set. Throws tudi::Error naming
/// the layer when the role is unknown, when a field could be either of two (field_choices)
/// and `named` does not say which, or when the layer lacks a field the role requires
/// (CanonicalField::required); the layer is then unchanged.
void assign_role(Layer& layer, const std::string& role, const FieldMapping& named = {});
/// Takes a layer's role away: no role, no mapping, no field report.
void clear_role(Layer& layer);

}  // namespace tudi
