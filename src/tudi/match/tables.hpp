#pragma once
// A match Result as tables: the sheets of match.xlsx and of the report's workbook.

#include <vector>

#include "tudi/match/match.hpp"
#include "tudi/output/table.hpp"

namespace tudi::match {

/// Sheets: 分配结果, 候选地块, 得分明细, 未通过原因, 筛选统计, 适用指标, 运行概况; units in
/// headers.
std::vector<output::Table> to_tables(const Result& result);

}  // namespace tudi::match
