#pragma once
// A zones Result as tables: the sheets of zones.xlsx and of the report's workbook.

#include <vector>

#include "tudi/output/table.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::zones {

/// Sheets: 开发区评价, 指标明细, 用地构成, 情景对比, 新增用地核查, 扩区前提条件, 冲突图斑,
/// 扩区候选用地, 说明; units in headers.
std::vector<output::Table> to_tables(const Result& result);

}  // namespace tudi::zones
