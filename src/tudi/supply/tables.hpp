#pragma once
// A supply Result as tables: the sheets of supply.xlsx and of the report's workbook.

#include <vector>

#include "tudi/report/table.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {

/// Sheets: 汇总, 地块准备情况, 闲置土地, 批而未供, 开发区汇总, 低效用地, 数据问题; units in
/// headers.
std::vector<report::Table> to_tables(const Result& result);

}  // namespace tudi::supply
