#include "tudi/match/assign.hpp"

// LEMON's graph and min-cost-flow code is header-only with LEMON_ONLY_TEMPLATES (the one
// non-template symbol it otherwise needs, lemon::INVALID, is then defined inline).
#define LEMON_ONLY_TEMPLATES
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <unordered_map>

namespace tudi::match {
namespace {

using Edges = std::vector<int>;  // global edge ids: a subproblem is the set of its edges

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

 private:
  std::vector<std::size_t> parent_;
};

struct Solution {
  Edges edges;
  std::int64_t value = 0;
};

/// Exact set packing by branch and bound on min-cost-flow bounds (see assign.hpp). A subproblem
/// is a set of edges; each step either splits it into independent pieces, fixes edges out by
/// their reduced cost, or branches on one edge of a merged group: taken (its project and every
/// option meeting its parcels leave) or left out.
class Solver {
 public:
  /// `order`: every edge of `pb`, best first (weight descending, then index).
  Solver(const AssignProblem& pb, long max_nodes, const Edges& order)
      : pb_(pb), max_nodes_(max_nodes) {
    int max_parcel = -1;
    for (const LandOption& o : pb.options)
      for (int q : o.parcels) max_parcel = std::max(max_parcel, q);
    parcel_count_ = static_cast<std::size_t>(max_parcel + 1);
    project_mark_.assign(static_cast<std::size_t>(pb.projects), -1);
    parcel_mark_.assign(parcel_count_, -1);
    split_pmark_.assign(static_cast<std::size_t>(pb.projects), 0);
    split_qmark_.assign(parcel_count_, 0);
    split_pid_.assign(static_cast<std::size_t>(pb.projects), 0);
    split_qid_.assign(parcel_count_, 0);
    edge_mark_.assign(pb.edges.size(), 0);
    relax_pmark_.assign(static_cast<std::size_t>(pb.projects), 0);
    relax_pnode_.resize(static_cast<std::size_t>(pb.projects));
    relax_qmark_.assign(parcel_count_, 0);
    relax_qnode_.resize(parcel_count_);
    relax_qarc_.resize(parcel_count_);
    lambda_.assign(parcel_count_, 0);
    usage_.assign(parcel_count_, 0);
    tighten_mark_.assign(parcel_count_, 0);
    // Edges are kept in weight order (best first) in every subproblem.
    rank_.resize(pb.edges.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      rank_[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
  }

  long nodes = 0;
  bool complete = true;

  /// Independent pieces of a subproblem: projects linked through shared parcels. Costs in
  /// proportion to the edges, not to the whole problem: it runs at every node.
  std::vector<Edges> split(const Edges& edges) {
    ++split_stamp_;
    std::size_t count = 0;
    auto local = [&](std::vector<int>& mark, std::vector<std::size_t>& id, std::size_t k) {
      if (mark[k] != split_stamp_) {
        mark[k] = split_stamp_;
        id[k] = count++;
      }
      return id[k];
    };
    for (int e : edges) {
      local(split_pmark_, split_pid_, project(e));
      for (int q : option(e).parcels) local(split_qmark_, split_qid_, static_cast<std::size_t>(q));
    }
    UnionFind uf(count);
    for (int e : edges)
      for (int q : option(e).parcels)
        uf.unite(split_pid_[project(e)], split_qid_[static_cast<std::size_t>(q)]);
    std::vector<int> piece_of_root(count, -1);  // pieces numbered as first met
    std::vector<Edges> pieces;
    for (int e : edges) {
      int& piece = piece_of_root[uf.find(split_pid_[project(e)])];
      if (piece < 0) {
        piece = static_cast<int>(pieces.size());
        pieces.emplace_back();
      }
      pieces[static_cast<std::size_t>(piece)].push_back(e);
    }
    return pieces;
  }

  /// The best assignment within `edges` in which every option of `forced` is used; exact
  /// whenever it is worth more than `floor` (the caller already has that much), unless the node
  /// budget runs out. What it returns is always feasible for the caller (it may ignore `forced`
  /// when that is worth more). Forbidding a group and fixing edges out continue in this frame
  /// (a loop), so the recursion deepens only when a group is forced or the problem splits.
  Solution solve(Edges edges, std::vector<int> forced, std::int64_t floor) {
    Solution best;
    // The last relaxation's choice while it is still optimal for `edges` (fixing out edges it
    // did not choose keeps it optimal; forbidding a group does not).
    std::optional<Edges> last;
    while (!edges.empty()) {
      std::vector<Edges> pieces = split(edges);
      if (pieces.size() > 1) {
        // Independent pieces are solved on their own (each with the forced groups it holds):
        // branching in one never multiplies with branching in another. An optimal flow splits
        // into optimal flows of the pieces, so a piece where it clashes nowhere is done.
        Solution all;
        for (const Edges& piece : pieces) {
          std::vector<int> piece_forced;
          for (int g : forced)
            if (std::any_of(piece.begin(), piece.end(), [&](int e) { return option_of(e) == g; }))
              piece_forced.push_back(g);
          Solution s;
          if (last) {
            ++piece_stamp_;
            for (int e : piece) edge_mark_[static_cast<std::size_t>(e)] = piece_stamp_;
            for (int e : *last)
              if (edge_mark_[static_cast<std::size_t>(e)] == piece_stamp_) s.edges.push_back(e);
            s.value = value(s.edges);
          }
          if (!last || conflicting_group(s.edges, piece_forced) >= 0)
            s = solve(piece, std::move(piece_forced), std::numeric_limits<std::int64_t>::min());
          all.edges.insert(all.edges.end(), s.edges.begin(), s.edges.end());
          all.value += s.value;
        }
        return all.value > best.value ? all : best;
      }
      if (Solution g = greedy(edges, {}); g.value > best.value) best = std::move(g);
      if (nodes >= max_nodes_) {
        complete = false;
        return best;
      }
      ++nodes;
      std::vector<std::int64_t> reduced;
      Edges chosen;
      std::int64_t bound = 0;
      if (!relax(edges, forced, nullptr, chosen, reduced, bound))
        return best;  // forced cannot all fit
      if (bound <= std::max(floor, best.value)) return best;
      const int branch = conflicting_group(chosen, forced);
      if (branch < 0) return {chosen, bound};  // the relaxation's choice is feasible: optimal
      if (Solution r = greedy(edges, chosen); r.value > best.value) best = std::move(r);

      // Reduced-cost fixing: an assignment using edge e is worth at most bound − reduced(e)
      // (LP duality), so edges whose reduced cost reaches the gap cannot beat what is known.
      auto fix = [&](const std::vector<std::int64_t>& red) {
        const std::int64_t gap = bound - std::max(floor, best.value);
        Edges kept;
        for (std::size_t i = 0; i < edges.size(); ++i)
          if (red[i] < gap) kept.push_back(edges[i]);
        if (kept.size() == edges.size()) return false;
        edges = std::move(kept);
        floor = std::max(floor, best.value);
        return true;
      };
      if (fix(reduced)) {
        last = chosen;  // still optimal for the edges kept
        continue;
      }
      // Only then the (costlier) Lagrangian bound, on what fixing left.
      tighten(edges, forced, floor, bound, reduced, best);
      if (bound <= std::max(floor, best.value)) return best;
      if (fix(reduced)) {
        last.reset();
        continue;
      }

      // Branch on the merged group: forced (every other option meeting its parcels leaves, and
      // some project must take it), then forbidden (this loop goes on without it).
      for (int q : pb_.options[static_cast<std::size_t>(branch)].parcels)
        parcel_mark_[static_cast<std::size_t>(q)] = branch;
      Edges with;
      for (int e : edges) {
        const auto& m = option(e).parcels;
        const bool meets = std::any_of(m.begin(), m.end(), [&](int q) {
          return parcel_mark_[static_cast<std::size_t>(q)] == branch;
        });
        if (!meets || option_of(e) == branch) with.push_back(e);
      }
      for (int q : pb_.options[static_cast<std::size_t>(branch)].parcels)
        parcel_mark_[static_cast<std::size_t>(q)] = -1;
      std::vector<int> forced_with = forced;
      forced_with.push_back(branch);
      if (Solution sol =
              solve(std::move(with), std::move(forced_with), std::max(floor, best.value));
          sol.value > best.value)
        best = std::move(sol);
      edges.erase(
          std::remove_if(edges.begin(), edges.end(), [&](int e) { return option_of(e) == branch; }),
          edges.end());
      floor = std::max(floor, best.value);
      last.reset();
    }
    return best;
  }

 private:
  /// Lagrangian tightening of a node's bound. The flow relaxation ignores that a merged group
  /// also occupies its parcels other than the anchor; pricing each parcel's use at λ ≥ 0 and
  /// adding Σλ back keeps an upper bound on every assignment (each parcel used at most once),
  /// and a few subgradient steps on λ usually close most of the gap. The reduced costs at the
  /// best λ stay valid for fixing edges out. λ carries over between nodes as a warm start.
  void tighten(const Edges& edges, const std::vector<int>& forced, std::int64_t floor,
               std::int64_t& bound, std::vector<std::int64_t>& reduced, Solution& best) {
    ++tighten_stamp_;
    std::vector<std::size_t> parcels;
    for (int e : edges)
      for (int q : option(e).parcels)
        if (tighten_mark_[static_cast<std::size_t>(q)] != tighten_stamp_) {
          tighten_mark_[static_cast<std::size_t>(q)] = tighten_stamp_;
          parcels.push_back(static_cast<std::size_t>(q));
        }
    double theta = 1.0;
    int stale = 0;
    std::vector<std::int64_t> red;
    Edges chosen;
    for (int it = 0; it < kLagrangeSteps; ++it) {
      const std::int64_t target = std::max(floor, best.value);
      if (bound <= target) return;
      std::int64_t l = 0;
      if (!relax(edges, forced, &lambda_, chosen, red, l)) return;
      if (l < bound) {
        bound = l;
        reduced = red;
        stale = 0;
      } else if (++stale >= 2) {
        theta /= 2;
        stale = 0;
      }
      if (bound <= std::max(floor, best.value)) return;
      // The choice may be feasible (worth its true value) or repairable.
      if (Solution r = greedy(edges, chosen); r.value > best.value) best = std::move(r);
      // Subgradient: each parcel's use minus one, projected on λ ≥ 0.
      for (std::size_t q : parcels) usage_[q] = 0;
      for (int e : chosen)
        for (int q : option(e).parcels) ++usage_[static_cast<std::size_t>(q)];
      double norm = 0;
      for (std::size_t q : parcels) {
        const std::int64_t g = usage_[q] - 1;
        if (g < 0 && lambda_[q] == 0) continue;
        norm += static_cast<double>(g * g);
      }
      if (norm == 0 || theta < 0.02) return;
      const double step = theta * static_cast<double>(l - std::max(floor, best.value)) / norm;
      for (std::size_t q : parcels) {
        const auto delta =
            static_cast<std::int64_t>(std::llround(step * static_cast<double>(usage_[q] - 1)));
        lambda_[q] = std::max<std::int64_t>(0, lambda_[q] + delta);
      }
    }
  }

  int option_of(int e) const { return pb_.edges[static_cast<std::size_t>(e)].option; }
  const LandOption& option(int e) const {
    return pb_.options[static_cast<std::size_t>(pb_.edges[static_cast<std::size_t>(e)].option)];
  }
  std::size_t project(int e) const {
    return static_cast<std::size_t>(pb_.edges[static_cast<std::size_t>(e)].project);
  }
  std::int64_t value(const Edges& edges) const {
    std::int64_t v = 0;
    for (int e : edges) v += pb_.edges[static_cast<std::size_t>(e)].weight;
    return v;
  }

  /// Best pair first over `first`, then topped up from all of `edges` (kept in weight order
  /// throughout, so no sorting here): a feasible assignment.
  Solution greedy(const Edges& edges, const Edges& first) {
    ++stamp_;  // marks of earlier calls no longer count
    Solution out;
    auto take = [&](int e) {
      const std::size_t p = project(e);
      if (project_mark_[p] == stamp_) return;
      const auto& m = option(e).parcels;
      if (std::any_of(m.begin(), m.end(),
                      [&](int q) { return parcel_mark_[static_cast<std::size_t>(q)] == stamp_; }))
        return;
      project_mark_[p] = stamp_;
      for (int q : m) parcel_mark_[static_cast<std::size_t>(q)] = stamp_;
      out.edges.push_back(e);
      out.value += pb_.edges[static_cast<std::size_t>(e)].weight;
    };
    Edges a = first;
    std::sort(a.begin(), a.end(), [&](int x, int y) {
      return rank_[static_cast<std::size_t>(x)] < rank_[static_cast<std::size_t>(y)];
    });
    for (int e : a) take(e);
    for (int e : edges) take(e);
    return out;
  }

  /// A merged group of the relaxation's choice that shares a parcel with another chosen option
  /// (the one worth most), or -1 when the choice is feasible. Single parcels never clash with
  /// each other (their anchor carries one unit); forced groups own their parcels.
  int conflicting_group(const Edges& chosen, const std::vector<int>& forced) const {
    std::unordered_map<int, int> use;
    for (int e : chosen)
      for (int q : option(e).parcels) ++use[q];
    int branch = -1;
    std::int64_t branch_weight = -1;
    for (int e : chosen) {
      const auto& m = option(e).parcels;
      if (m.size() < 2 || std::find(forced.begin(), forced.end(), option_of(e)) != forced.end())
        continue;
      const bool clash = std::any_of(m.begin(), m.end(), [&](int q) { return use.at(q) > 1; });
      const std::int64_t w = pb_.edges[static_cast<std::size_t>(e)].weight;
      if (clash && w > branch_weight) {
        branch = option_of(e);
        branch_weight = w;
      }
    }
    return branch;
  }

  /// The min-cost-flow relaxation of a subproblem: source → project → the option's anchor
  /// parcel (its smallest) → sink, capacities 1, cost −score, and a source → sink arc for
  /// projects left without land. Every assignment is such a flow, so its optimum bounds the
  /// subproblem; it is exact when no merged group's other parcels are used twice. Returns the
  /// chosen edges and, in `reduced`, each edge's reduced cost (0 for those chosen). A forced
  /// group's anchor must carry its unit (lower bound 1 on its arc to the sink; only the group
  /// reaches that anchor, since every option meeting it was removed). False when infeasible.
  bool relax(const Edges& edges, const std::vector<int>& forced,
             const std::vector<std::int64_t>* lambda, Edges& chosen,
             std::vector<std::int64_t>& reduced, std::int64_t& bound) {
    using Graph = lemon::SmartDigraph;
    Graph g;
    const Graph::Node s = g.addNode(), t = g.addNode();
    Graph::ArcMap<std::int64_t> lower(g), upper(g), cost(g);
    auto arc = [&](Graph::Node a, Graph::Node b, std::int64_t cap, std::int64_t c) {
      const Graph::Arc x = g.addArc(a, b);
      lower[x] = 0;
      upper[x] = cap;
      cost[x] = c;
      return x;
    };
    // Nodes for the projects and anchors these edges reach (stamped arrays: no hashing).
    ++relax_stamp_;
    std::vector<Graph::Node> nodes_made;
    std::vector<Graph::Arc> sink_arcs;
    std::vector<Graph::Arc> arcs;
    arcs.reserve(edges.size());
    std::int64_t n = 0;
    for (int e : edges) {
      const std::size_t p = project(e);
      if (relax_pmark_[p] != relax_stamp_) {
        relax_pmark_[p] = relax_stamp_;
        relax_pnode_[p] = g.addNode();
        arc(s, relax_pnode_[p], 1, 0);
        ++n;
      }
      const auto& m = option(e).parcels;
      const auto anchor = static_cast<std::size_t>(*std::min_element(m.begin(), m.end()));
      if (relax_qmark_[anchor] != relax_stamp_) {
        relax_qmark_[anchor] = relax_stamp_;
        relax_qnode_[anchor] = g.addNode();
        relax_qarc_[anchor] = arc(relax_qnode_[anchor], t, 1, lambda ? (*lambda)[anchor] : 0);
      }
      // With λ, every member but the anchor is priced on the edge (the anchor on its sink arc).
      std::int64_t price = 0;
      if (lambda)
        for (int q : m)
          if (static_cast<std::size_t>(q) != anchor)
            price += (*lambda)[static_cast<std::size_t>(q)];
      arcs.push_back(arc(relax_pnode_[p], relax_qnode_[anchor], 1,
                         -pb_.edges[static_cast<std::size_t>(e)].weight + price));
    }
    for (int f : forced) {
      const auto& m = pb_.options[static_cast<std::size_t>(f)].parcels;
      const auto anchor = static_cast<std::size_t>(*std::min_element(m.begin(), m.end()));
      if (relax_qmark_[anchor] != relax_stamp_) return false;  // no project can take it any more
      lower[relax_qarc_[anchor]] = 1;
    }
    arc(s, t, n, 0);
    lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> ns(g);
    ns.lowerMap(lower).upperMap(upper).costMap(cost).stSupply(s, t, n);
    if (ns.run() != decltype(ns)::OPTIMAL) return false;
    chosen.clear();
    reduced.assign(edges.size(), 0);
    // The bound: minus the flow's cost, plus Σλ over the parcels the edges meet.
    bound = -ns.totalCost<std::int64_t>();
    if (lambda) {
      ++relax_stamp_;
      for (int e : edges)
        for (int q : option(e).parcels)
          if (relax_qmark_[static_cast<std::size_t>(q)] != relax_stamp_) {
            relax_qmark_[static_cast<std::size_t>(q)] = relax_stamp_;
            bound += (*lambda)[static_cast<std::size_t>(q)];
          }
    }
    for (std::size_t i = 0; i < edges.size(); ++i) {
      if (ns.flow(arcs[i]) > 0) {
        chosen.push_back(edges[i]);
      } else {
        reduced[i] =
            cost[arcs[i]] + ns.potential(g.source(arcs[i])) - ns.potential(g.target(arcs[i]));
      }
    }
    return true;
  }

  const AssignProblem& pb_;
  long max_nodes_;
  std::size_t parcel_count_ = 0;
  int stamp_ = 1 << 30;  // marks above every edge id, so they never clash with branch marks
  std::vector<int> project_mark_, parcel_mark_;
  int split_stamp_ = 0;
  int piece_stamp_ = 0;
  std::vector<int> edge_mark_;
  std::vector<int> rank_;  // position of each edge in weight order
  int relax_stamp_ = 0;
  static constexpr int kLagrangeSteps = 12;
  std::vector<std::int64_t> lambda_, usage_;
  int tighten_stamp_ = 0;
  std::vector<int> tighten_mark_;
  std::vector<int> relax_pmark_, relax_qmark_;
  std::vector<lemon::SmartDigraph::Node> relax_pnode_, relax_qnode_;
  std::vector<lemon::SmartDigraph::Arc> relax_qarc_;
  std::vector<int> split_pmark_, split_qmark_;
  std::vector<std::size_t> split_pid_, split_qid_;
};

/// The edges of one part that an optimal assignment needs. The other projects of the part
/// occupy at most B parcels together (B = the sum of their largest options' sizes); so when a
/// project has B + 1 single-parcel options at least as good as some option, one of those
/// singles is always free for it, and the option below them can be dropped: in an optimal
/// assignment using it, the project moves to that free single and loses nothing. `part` is in
/// weight order (best first); ties do not matter, as the switch never loses weight. This keeps
/// the flow graph at O(projects²) edges per part however many parcels pass the filters.
Edges prune(const AssignProblem& pb, const Edges& part) {
  // Per project (0 for the projects of other parts).
  std::vector<std::size_t> largest(static_cast<std::size_t>(pb.projects), 0);
  std::vector<std::size_t> singles(largest.size(), 0);
  std::size_t blocking = 0;
  for (int e : part) {
    const AssignEdge& ed = pb.edges[static_cast<std::size_t>(e)];
    std::size_t& l = largest[static_cast<std::size_t>(ed.project)];
    l = std::max(l, pb.options[static_cast<std::size_t>(ed.option)].parcels.size());
  }
  for (std::size_t l : largest) blocking += l;
  Edges kept;
  kept.reserve(part.size());
  for (int e : part) {
    const AssignEdge& ed = pb.edges[static_cast<std::size_t>(e)];
    const auto p = static_cast<std::size_t>(ed.project);
    std::size_t& n = singles[p];
    if (n > blocking - largest[p]) continue;  // B + 1 better singles already kept
    kept.push_back(e);
    if (pb.options[static_cast<std::size_t>(ed.option)].parcels.size() == 1) ++n;
  }
  return kept;
}

}  // namespace

AssignSolution solve_assignment(const AssignProblem& pb, long max_nodes) {
  AssignSolution sol;
  sol.edge_of_project.assign(static_cast<std::size_t>(pb.projects), -1);
  Edges all(pb.edges.size());
  std::iota(all.begin(), all.end(), 0);
  // Every subproblem keeps its edges best first (filtering preserves the order).
  std::sort(all.begin(), all.end(), [&](int a, int b) {
    const auto& ea = pb.edges[static_cast<std::size_t>(a)];
    const auto& eb = pb.edges[static_cast<std::size_t>(b)];
    return ea.weight != eb.weight ? ea.weight > eb.weight : a < b;
  });
  Solver solver(pb, max_nodes, all);
  const std::vector<Edges> parts = solver.split(all);
  sol.components = static_cast<int>(parts.size());
  std::vector<char> seen(static_cast<std::size_t>(pb.projects), 0);
  for (const Edges& part : parts) {
    int projects = 0;
    for (int e : part) {
      char& s = seen[static_cast<std::size_t>(pb.edges[static_cast<std::size_t>(e)].project)];
      if (!s) {
        s = 1;
        ++projects;
      }
    }
    sol.largest_component = std::max(sol.largest_component, projects);
    const Edges kept = prune(pb, part);
    sol.edges_solved += kept.size();
    // The budget is per part, so one hard part cannot starve the others.
    solver.nodes = 0;
    solver.complete = true;
    const Solution s = solver.solve(kept, {}, std::numeric_limits<std::int64_t>::min());
    sol.nodes += solver.nodes;
    sol.optimal = sol.optimal && solver.complete;
    for (int e : s.edges) {
      sol.edge_of_project[static_cast<std::size_t>(pb.edges[static_cast<std::size_t>(e)].project)] =
          e;
      sol.total += pb.edges[static_cast<std::size_t>(e)].weight;
    }
  }
  return sol;
}

AssignSolution greedy_assignment(const AssignProblem& pb) {
  // Best remaining pair first, over all edges in (weight desc, index asc) order. The same
  // sequence comes from each project's own edges in that order, merged lazily: a heap holds
  // every unassigned project's next edge; an edge whose parcels are taken stays taken, so the
  // project moves on to its next. Only the edges looked at are touched, never a global sort.
  AssignSolution sol;
  const auto np = static_cast<std::size_t>(pb.projects);
  sol.edge_of_project.assign(np, -1);
  auto before = [&](int a, int b) {
    const auto& ea = pb.edges[static_cast<std::size_t>(a)];
    const auto& eb = pb.edges[static_cast<std::size_t>(b)];
    return ea.weight != eb.weight ? ea.weight > eb.weight : a < b;
  };
  std::vector<std::size_t> start(np + 1, 0);
  for (const AssignEdge& e : pb.edges) ++start[static_cast<std::size_t>(e.project) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<int> order(pb.edges.size());
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t e = 0; e < pb.edges.size(); ++e)
      order[fill[static_cast<std::size_t>(pb.edges[e].project)]++] = static_cast<int>(e);
  }
  int max_parcel = -1;
  for (std::size_t p = 0; p < np; ++p) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(start[p]);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(start[p + 1]);
    if (!std::is_sorted(first, last, before)) std::sort(first, last, before);
  }
  for (const LandOption& o : pb.options)
    for (int q : o.parcels) max_parcel = std::max(max_parcel, q);
  std::vector<char> used(static_cast<std::size_t>(max_parcel + 1), 0);
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  // Heap of projects by their next edge, best on top.
  auto worse = [&](std::size_t p, std::size_t q) { return before(order[next[q]], order[next[p]]); };
  std::vector<std::size_t> heap;
  for (std::size_t p = 0; p < np; ++p)
    if (next[p] < start[p + 1]) heap.push_back(p);
  std::make_heap(heap.begin(), heap.end(), worse);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), worse);
    const std::size_t p = heap.back();
    heap.pop_back();
    const int e = order[next[p]];
    const AssignEdge& ed = pb.edges[static_cast<std::size_t>(e)];
    const auto& m = pb.options[static_cast<std::size_t>(ed.option)].parcels;
    if (std::none_of(m.begin(), m.end(),
                     [&](int q) { return used[static_cast<std::size_t>(q)] != 0; })) {
      for (int q : m) used[static_cast<std::size_t>(q)] = 1;
      sol.edge_of_project[p] = e;
      sol.total += ed.weight;
      continue;
    }
    if (++next[p] < start[p + 1]) {
      heap.push_back(p);
      std::push_heap(heap.begin(), heap.end(), worse);
    }
  }
  sol.optimal = false;
  return sol;
}

}  // namespace tudi::match
