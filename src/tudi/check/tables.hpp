#pragma once
// The check's result as tables: the one shape it takes on its way to check.xlsx.

#include <vector>

#include "tudi/check/result.hpp"
#include "tudi/output/table.hpp"

namespace tudi::check {

/// Sheets: one row per proposal (units in every header), the overlap pieces, and what was and
/// was not checked (lines, rule pack, CRS, thresholds, layer notes).
std::vector<output::Table> to_tables(const Result& r);

}  // namespace tudi::check
