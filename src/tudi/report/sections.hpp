#pragma once
// What the report says: the title page, one section per analysis (a summary, map figures with
// the analysed features highlighted, the tables that matter) and the provenance page, built
// from the analyses' results and tables. Nothing is computed here that a module computes.

#include <utility>
#include <vector>

#include "tudi/report/analyses.hpp"
#include "tudi/report/document.hpp"
#include "tudi/project/title.hpp"  // title_and_organisation
#include "tudi/report/layers.hpp"

namespace tudi::report {

/// The document of a run. `results` and `a` must outlive it: its figures borrow their layers.
Document build_document(const Project& project, const Analyses& a,
                        const std::vector<ResultLayer>& results, output::Table provenance);

/// The columns of `t` whose headers (title with unit, "用地面积(亩)") are listed, in that order;
/// headers `t` lacks are left out.
output::Table pick(const output::Table& t, const std::vector<std::string>& headers);

/// Rows become columns: the first column of `t` heads the new columns, its other headers
/// become the first column ("指标").
output::Table transpose(const output::Table& t, const std::string& first_header);

}  // namespace tudi::report
