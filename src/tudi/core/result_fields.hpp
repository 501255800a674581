#pragma once
// The fields of tudi's result layers as other offices read them: each English field name with
// its Shapefile name (the bureau's pinyin-initial abbreviations, DKBH 地块编号, ZDMJ 占地面积 …,
// never more than 10 bytes, so nothing is cut into industri_1…5) and its Chinese alias (the
// .qml, the .shp.xml ArcGIS reads, the workbook's field table). The one table is result_fields.cpp.

#include <string>
#include <string_view>
#include <vector>

#include "tudi/core/value.hpp"

namespace tudi {

/// One result field: `layer` empty = the field of that name in any result layer.
struct ResultField {
  std::string_view layer;
  std::string_view field;
  std::string_view short_name;  // ASCII, ≤ 10 bytes
  std::string_view alias;       // Chinese, with its unit ("面积（亩，椭球）")
};

/// Every entry, layer-specific ones first (for the docs and the tests).
const std::vector<ResultField>& result_fields();

/// The entry for `field` of result layer `layer` (its own entry, else the generic one), or
/// nullptr for a field the table does not know.
const ResultField* result_field(std::string_view layer, std::string_view field);

/// The Shapefile names and aliases of a result layer's fields, in field order; a field the
/// table does not know gets empty strings (the writer then shortens its own name).
struct FieldLabel {
  std::string short_name, alias;
};
std::vector<FieldLabel> result_field_labels(std::string_view layer, const std::vector<FieldDef>& fields);

}  // namespace tudi
