#pragma once
// The one path from a ledger Result to what users get: ledger.json, the workbook (the county's
// own ledger back with a coloured light column, warnings by department, 要素保障, 承诺制 reviews,
// data problems) and the map layer of the projects' land with their lights: json.cpp,
// tables.cpp and layers.cpp. Nothing is computed there except joins and sorts of the result.

#include <nlohmann/json.hpp>
#include <vector>

#include "tudi/ledger/ledger.hpp"
#include "tudi/output/table.hpp"

namespace tudi::ledger {

/// ledger.json: as_of, source, counts, projects (id, name, light, warnings, parcels, elements,
/// commitments, nodes), problems, not_checked.
nlohmann::json to_json(const Result& result);

/// Sheets: 项目台账 (every row as read, 预警 and 预警说明 first, the light cell coloured), 预警清单
/// (by department, red first), 要素保障, 承诺制复核, 数据问题.
std::vector<output::Table> to_tables(const Result& result);

/// The layer ledger_projects: one feature per project and parcel (or proposal) found, with
/// the project's light (field light: red/yellow/green), department and warnings. Geometries
/// come from the layers the result was computed on.
Layer to_layer(const Result& result, const Layer* parcels, const Layer* proposals);

/// "JK-12 ……；……": a project's warnings as one line of text.
std::string warning_text(const ProjectStatus& p);

}  // namespace tudi::ledger
