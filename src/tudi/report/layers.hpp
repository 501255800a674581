#pragma once
// The report's result layers: each analysis's layers, named once, styled from styles/, and
// written as one GeoPackage with QGIS styles (layer_styles) and as Shapefiles with .prj, .cpg,
// short field names and a .qml beside each; plus a 界址点 TXT per checked proposal.

#include <filesystem>
#include <string>
#include <vector>

#include "tudi/layer/layer.hpp"
#include "tudi/report/analyses.hpp"
#include "tudi/output/table.hpp"

namespace tudi::report {

/// One result layer on its way out.
struct ResultLayer {
  Layer layer;           // named as written (results.gpkg layer, Shapefile stem)
  std::string style;     // styles/<style>.toml
  std::string analysis;  // "三线核查", "土地供应", ...
};

/// Every analysis's layers, in report order: 三线核查 (check_proposals, overlaps, check_lines),
/// 土地供应 (ready_parcels, idle_parcels, unsupplied_approved, inefficient_land), 项目匹配
/// (match_candidates, match_assigned), 开发区评价 (zones, scenario_zones, new_areas, conflicts).
std::vector<ResultLayer> result_layers(const Analyses& a);

/// The ledger's one layer (项目台账, styles/ledger_projects.toml), its projects placed on their
/// parcels or proposals: for the report, `tudi ledger` and the server alike.
ResultLayer ledger_result_layer(const ledger::Result& r, const Layer* parcels, const Layer* proposals);

/// "polygon", "line" or "point" (what the .qml symbol must be), from the first geometry.
std::string geometry_kind(const Layer& layer);

/// Each layer's QGIS style from styles/<style>.toml, for write_gpkg's layer_styles table.
std::vector<io::LayerStyle> layer_styles(const std::vector<ResultLayer>& layers);
/// The layers themselves, for write_gpkg and write_outputs.
std::vector<const Layer*> layer_pointers(const std::vector<ResultLayer>& layers);

/// Writes dir/<name>.json, dir/<name>.xlsx and dir/<name>.gpkg, the layers with their QGIS
/// styles (output::write_outputs): what `tudi ledger` and the server write for the ledger.
std::vector<std::filesystem::path> write_styled_outputs(const std::filesystem::path& dir,
                                                        const std::string& name,
                                                        const std::string& json_text,
                                                        const std::vector<output::Table>& tables,
                                                        const std::vector<ResultLayer>& layers,
                                                        bool overwrite);

/// What writing the layers produced, for the workbook and the manifest.
struct LayerFiles {
  std::vector<std::filesystem::path> written;
  /// The Shapefile field names: 图层, 字段, Shapefile 字段名 (≤ 10 bytes in the encoding).
  output::Table field_names;
};

/// Writes dir/results.gpkg (every layer, styles in layer_styles), dir/shp/<layer>.shp with
/// .prj/.cpg/.qml (layers with geometry) and dir/界址点/<proposal id>.txt, each atomically.
/// `encoding` is "UTF-8" or "GBK" (Shapefiles and TXT; the GeoPackage is always UTF-8);
/// `organisation` is the TXT's 数据产生单位 (empty: "tudi").
LayerFiles write_layers(const std::vector<ResultLayer>& layers, const std::filesystem::path& dir,
                        const std::string& encoding, bool overwrite,
                        const std::string& organisation = {});

}  // namespace tudi::report
