// The exact assignment: better than greedy, right with merged groups, and equal to exhaustive
// search on random small problems.
#include "tudi/match/assign.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>

namespace tudi::match {
namespace {

AssignProblem singles(int projects, int parcels) {
  AssignProblem pb;
  pb.projects = projects;
  for (int q = 0; q < parcels; ++q) pb.options.push_back({{q}});
  return pb;
}

/// Every feasible assignment tried: the reference optimum.
std::int64_t exhaustive(const AssignProblem& pb) {
  std::vector<std::vector<int>> by_project(static_cast<std::size_t>(pb.projects));
  for (std::size_t e = 0; e < pb.edges.size(); ++e)
    by_project[static_cast<std::size_t>(pb.edges[e].project)].push_back(static_cast<int>(e));
  std::vector<char> used(64, 0);
  std::int64_t best = 0;
  std::function<void(int, std::int64_t)> go = [&](int p, std::int64_t total) {
    if (p == pb.projects) {
      best = std::max(best, total);
      return;
    }
    go(p + 1, total);
    for (int e : by_project[static_cast<std::size_t>(p)]) {
      const auto& m =
          pb.options[static_cast<std::size_t>(pb.edges[static_cast<std::size_t>(e)].option)]
              .parcels;
      if (std::any_of(m.begin(), m.end(),
                      [&](int q) { return used[static_cast<std::size_t>(q)] != 0; }))
        continue;
      for (int q : m) used[static_cast<std::size_t>(q)] = 1;
      go(p + 1, total + pb.edges[static_cast<std::size_t>(e)].weight);
      for (int q : m) used[static_cast<std::size_t>(q)] = 0;
    }
  };
  go(0, 0);
  return best;
}

/// A solution is feasible: each project once, each parcel once.
void expect_feasible(const AssignProblem& pb, const AssignSolution& s) {
  std::vector<int> use(64, 0);
  std::int64_t total = 0;
  for (int p = 0; p < pb.projects; ++p) {
    const int e = s.edge_of_project[static_cast<std::size_t>(p)];
    if (e < 0) continue;
    ASSERT_EQ(pb.edges[static_cast<std::size_t>(e)].project, p);
    total += pb.edges[static_cast<std::size_t>(e)].weight;
    for (int q :
         pb.options[static_cast<std::size_t>(pb.edges[static_cast<std::size_t>(e)].option)].parcels)
      EXPECT_EQ(++use[static_cast<std::size_t>(q)], 1) << "parcel " << q << " used twice";
  }
  EXPECT_EQ(total, s.total);
}

TEST(Assign, BeatsGreedy) {
  // P0 likes A most (90) but also takes B (80); P1 can only take A (85). Greedy gives A to P0
  // and nothing to P1 (90); the optimum is P0→B, P1→A (165).
  AssignProblem pb = singles(2, 2);
  pb.edges = {{0, 0, 90}, {0, 1, 80}, {1, 0, 85}};
  const AssignSolution g = greedy_assignment(pb);
  EXPECT_EQ(g.total, 90);
  const AssignSolution s = solve_assignment(pb);
  EXPECT_TRUE(s.optimal);
  EXPECT_EQ(s.total, 165);
  EXPECT_EQ(s.edge_of_project, (std::vector<int>{1, 2}));
}

TEST(Assign, MergedGroupBlocksEveryMember) {
  // Options: {0}, {1}, {0,1}. P0 wants the group (100); P1 wants parcel 0 (60), P2 parcel 1
  // (60). The flow relaxation alone would give the group and parcel 1 together (160); the
  // best feasible choice is P1 + P2 (120).
  AssignProblem pb = singles(3, 2);
  pb.options.push_back({{0, 1}});
  pb.edges = {{0, 2, 100}, {1, 0, 60}, {2, 1, 60}};
  const AssignSolution s = solve_assignment(pb);
  expect_feasible(pb, s);
  EXPECT_TRUE(s.optimal);
  EXPECT_EQ(s.total, 120);
  EXPECT_EQ(s.edge_of_project[0], -1);
}

TEST(Assign, MergedGroupWinsWhenWorthMore) {
  AssignProblem pb = singles(3, 2);
  pb.options.push_back({{0, 1}});
  pb.edges = {{0, 2, 130}, {1, 0, 60}, {2, 1, 60}};
  const AssignSolution s = solve_assignment(pb);
  expect_feasible(pb, s);
  EXPECT_EQ(s.total, 130);
  EXPECT_EQ(s.edge_of_project, (std::vector<int>{0, -1, -1}));
}

TEST(Assign, SplitsIntoIndependentParts) {
  AssignProblem pb = singles(4, 4);
  pb.edges = {{0, 0, 5}, {1, 0, 4}, {1, 1, 3}, {2, 2, 7}, {3, 3, 1}};
  const AssignSolution s = solve_assignment(pb);
  EXPECT_EQ(s.components, 3);
  EXPECT_EQ(s.total, 5 + 3 + 7 + 1);
}

TEST(Assign, EqualsExhaustiveSearchOnRandomProblems) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const int projects = 2 + static_cast<int>(rng() % 5);
    const int parcels = 3 + static_cast<int>(rng() % 6);
    AssignProblem pb = singles(projects, parcels);
    // Groups of "adjacent" parcels along a row: pairs and triples.
    for (int q = 0; q + 1 < parcels; ++q) {
      if (rng() % 2) pb.options.push_back({{q, q + 1}});
      if (q + 2 < parcels && rng() % 3 == 0) pb.options.push_back({{q, q + 1, q + 2}});
    }
    for (int p = 0; p < projects; ++p)
      for (int o = 0; o < static_cast<int>(pb.options.size()); ++o)
        if (rng() % 3 == 0) pb.edges.push_back({p, o, 1 + static_cast<std::int64_t>(rng() % 100)});
    const AssignSolution s = solve_assignment(pb);
    expect_feasible(pb, s);
    ASSERT_TRUE(s.optimal);
    ASSERT_EQ(s.total, exhaustive(pb)) << "trial " << trial;
    EXPECT_GE(s.total, greedy_assignment(pb).total);
  }
}

TEST(Assign, EqualsExhaustiveSearchWhenGroupsAreWorthMost) {
  // Merged groups scored above singles make the flow relaxation conflict often: the branch and
  // bound and the reduced-cost fixing do real work here.
  std::mt19937 rng(11);
  long branched = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int projects = 3 + static_cast<int>(rng() % 5);
    const int parcels = 4 + static_cast<int>(rng() % 6);
    AssignProblem pb = singles(projects, parcels);
    for (int q = 0; q + 1 < parcels; ++q) {
      pb.options.push_back({{q, q + 1}});
      if (q + 2 < parcels && rng() % 2) pb.options.push_back({{q, q + 1, q + 2}});
    }
    for (int p = 0; p < projects; ++p)
      for (int o = 0; o < static_cast<int>(pb.options.size()); ++o)
        if (rng() % 2) {
          const bool group = pb.options[static_cast<std::size_t>(o)].parcels.size() > 1;
          pb.edges.push_back({p, o, (group ? 60 : 1) + static_cast<std::int64_t>(rng() % 60)});
        }
    const AssignSolution s = solve_assignment(pb);
    expect_feasible(pb, s);
    ASSERT_TRUE(s.optimal);
    ASSERT_EQ(s.total, exhaustive(pb)) << "trial " << trial;
    branched += s.nodes > 2;
  }
  EXPECT_GT(branched, 40);
}

TEST(Assign, DroppingOptionsNoOptimumNeedsKeepsTheOptimum) {
  // Few projects with many options each: every project keeps its options only down to the
  // point where it has more singles than its rivals can occupy. The optimum must not change.
  std::mt19937 rng(23);
  std::size_t dropped = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int projects = 2 + static_cast<int>(rng() % 3);
    const int parcels = 8 + static_cast<int>(rng() % 8);
    AssignProblem pb = singles(projects, parcels);
    for (int q = 0; q + 1 < parcels; ++q)
      if (rng() % 3 == 0) pb.options.push_back({{q, q + 1}});
    for (int p = 0; p < projects; ++p)
      for (int o = 0; o < static_cast<int>(pb.options.size()); ++o)
        if (rng() % 4 != 0) pb.edges.push_back({p, o, 1 + static_cast<std::int64_t>(rng() % 50)});
    const AssignSolution s = solve_assignment(pb);
    expect_feasible(pb, s);
    ASSERT_TRUE(s.optimal);
    ASSERT_EQ(s.total, exhaustive(pb)) << "trial " << trial;
    dropped += pb.edges.size() - s.edges_solved;
  }
  EXPECT_GT(dropped, 1000u);  // the cut does real work here
}

TEST(Assign, ReportsWhenTheBudgetRunsOut) {
  AssignProblem pb = singles(3, 2);
  pb.options.push_back({{0, 1}});
  pb.edges = {{0, 2, 100}, {1, 0, 60}, {2, 1, 60}};
  const AssignSolution s = solve_assignment(pb, 0);  // no bound computed: greedy only
  expect_feasible(pb, s);
  EXPECT_EQ(s.total, 100);
  EXPECT_FALSE(s.optimal);
}

}  // namespace
}  // namespace tudi::match
