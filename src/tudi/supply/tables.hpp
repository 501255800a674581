#pragma once
// A supply Result as tables: the sheets of supply.xlsx. Kept apart from report.hpp so that
// the command line, which includes core/progress.hpp, never meets the report:: namespace.

#include <vector>

#include "tudi/report/table.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {

/// Sheets: 汇总, 地块准备情况, 闲置土地, 批而未供, 开发区汇总, 低效用地, 数据问题; units in
/// headers.
std::vector<report::Table> to_tables(const Result& result);

}  // namespace tudi::supply
