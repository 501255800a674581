#pragma once
// The report's first step: run every configured analysis once, through each module's own
// entry point, and keep the results and the layers they were computed on.

#include <optional>
#include <string>
#include <vector>

#include "tudi/check/result.hpp"
#include "tudi/project/project.hpp"
#include "tudi/ledger/ledger.hpp"
#include "tudi/match/match.hpp"
#include "tudi/report/report.hpp"
#include "tudi/supply/supply.hpp"
#include "tudi/zones/zones.hpp"

namespace tudi::report {

struct Analyses {
  ProjectLayers layers;  // every configured role in the working CRS (the figures' base map)
  std::optional<check::Result> check;
  std::optional<supply::Result> supply;
  std::optional<match::Result> match;
  std::optional<zones::Result> zones;
  std::optional<zones::Scenario> scenario;
  std::optional<ledger::Result> ledger;  // with a ledger (--ledger or [ledger] file)
  std::vector<std::string> skipped;  // analyses not run, with why (Chinese)
};

/// The roles the report reads for its base maps and manifest.
const std::vector<std::string>& report_roles();

/// Runs the analyses the project configures. Throws tudi::UsageError when none can run.
Analyses run_analyses(const Project& project, const Options& options);

}  // namespace tudi::report
