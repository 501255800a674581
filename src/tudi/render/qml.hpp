#pragma once
// A style as a QGIS layer style (.qml XML), for the report's Shapefiles and the GeoPackage
// layer_styles table, so the next office's QGIS shows the layer as tudi does.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tudi/render/style.hpp"

namespace tudi::render {

struct QmlOptions {
  /// Field names as the written layer spells them, keyed by the style's field names
  /// (canonical "land_class" → "DLBM", or Shapefile short names); unmapped names stay as they are.
  std::map<std::string, std::string> field_names;
  /// "polygon", "line" or "point": the symbol type QGIS expects.
  std::string geometry = "polygon";
  std::string font_family = "Noto Sans CJK SC";
  /// The written layer's fields, each with an alias QGIS shows instead of a shortened
  /// Shapefile name ("industri_1" → "industrial_investment_mu"); empty = none listed.
  std::vector<std::pair<std::string, std::string>> fields;
};

/// The QGIS .qml document (UTF-8) for a style: a single-symbol renderer, a categorised one
/// (exact values) or a rule-based one (prefix classes become LIKE 'code%' rules), plus simple
/// labelling when the style has labels.
std::string to_qml(const Style& style, const QmlOptions& options = {});

}  // namespace tudi::render
