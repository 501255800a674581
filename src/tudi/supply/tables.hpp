#pragma once
// A supply Result as tables: the sheets of supply.xlsx and of the report's workbook.

#include <string>
#include <vector>

#include "tudi/output/table.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::supply {

/// Sheets: 汇总, 地块准备情况, 闲置土地, 批而未供, 开发区汇总, 低效用地, 数据问题; units in
/// headers.
std::vector<output::Table> to_tables(const Result& result);

/// The 供地率 window as stated in every output: "近5年平均供地率（评价年之前的完整年度，
/// 2021-01-01 至 2025-12-31 批准的批次，扣除撤回/核减）".
std::string window_text(const SupplyRate& rate);

}  // namespace tudi::supply
