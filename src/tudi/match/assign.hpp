#pragma once
// The exact assignment of projects to land options (a parcel, or a group of adjacent parcels)
// maximising the total score, with every parcel used at most once.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tudi::match {

/// A land option: the parcels it takes (one, or several merged).
struct LandOption {
  std::vector<int> parcels;
};

/// A feasible pairing of a project with an option and its score (scaled to an integer, > 0).
struct AssignEdge {
  int project = 0;
  int option = 0;
  std::int64_t weight = 0;
};

struct AssignProblem {
  int projects = 0;
  std::vector<LandOption> options;
  std::vector<AssignEdge> edges;  // only feasible pairs: never a dense n×m matrix
};

struct AssignSolution {
  std::vector<int> edge_of_project;  // index into AssignProblem::edges, -1 = no land
  std::int64_t total = 0;
  bool optimal = true;           // false only when the branch-and-bound budget ran out
  long nodes = 0;                // branch-and-bound nodes solved (one min-cost flow each)
  int components = 0;            // independent parts the problem split into
  int largest_component = 0;     // projects in the largest part
  std::size_t edges_solved = 0;  // edges left after dropping those no optimum needs
};

/// Solves the assignment exactly. Method: the problem splits into independent parts (projects
/// linked through shared parcels); each part is solved as a min-cost flow (LEMON's network
/// simplex) in which every option routes through one of its parcels, a relaxation that is
/// exact when options are single parcels. When the flow's choice uses one parcel twice (a
/// merged group against another option), branch and bound on that group — forced in (every
/// option meeting it removed) or forbidden — restores feasibility, pruning with the flow bound.
/// Before that, each project keeps only its options down to the one where it has more
/// single-parcel options than the other projects of its part can occupy (exact: see prune()).
/// `max_nodes` bounds the work per part; when reached, the best solution found is returned with
/// optimal = false.
AssignSolution solve_assignment(const AssignProblem& problem, long max_nodes = 200000);

/// The greedy assignment (best remaining pair first), for comparison in tests and benchmarks.
AssignSolution greedy_assignment(const AssignProblem& problem);

}  // namespace tudi::match
