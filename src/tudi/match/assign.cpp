#include "tudi/match/assign.hpp"

// LEMON's graph and min-cost-flow code is header-only with LEMON_ONLY_TEMPLATES (the one
// non-template symbol it otherwise needs, lemon::INVALID, is then defined inline).
#define LEMON_ONLY_TEMPLATES
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace tudi::match {
namespace {

/// One independent part of the problem, with local numbering.
struct Part {
  std::vector<int> projects;  // global project ids
  std::vector<int> edges;     // global edge ids
};

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

std::vector<Part> split(const AssignProblem& pb) {
  int max_parcel = -1;
  for (const LandOption& o : pb.options)
    for (int q : o.parcels) max_parcel = std::max(max_parcel, q);
  const auto np = static_cast<std::size_t>(pb.projects);
  UnionFind uf(np + static_cast<std::size_t>(max_parcel + 1));
  for (const AssignEdge& e : pb.edges)
    for (int q : pb.options[static_cast<std::size_t>(e.option)].parcels)
      uf.unite(static_cast<std::size_t>(e.project), np + static_cast<std::size_t>(q));
  std::unordered_map<std::size_t, std::size_t> part_of_root;
  std::vector<Part> parts;
  std::vector<char> has_edge(np, 0);
  for (std::size_t i = 0; i < pb.edges.size(); ++i) {
    const auto p = static_cast<std::size_t>(pb.edges[i].project);
    const std::size_t root = uf.find(p);
    auto [it, fresh] = part_of_root.emplace(root, parts.size());
    if (fresh) parts.emplace_back();
    Part& part = parts[it->second];
    part.edges.push_back(static_cast<int>(i));
    if (!has_edge[p]) {
      has_edge[p] = 1;
      part.projects.push_back(static_cast<int>(p));
    }
  }
  return parts;
}

/// Branch and bound over one part.
class PartSolver {
 public:
  PartSolver(const AssignProblem& pb, const Part& part, long max_nodes)
      : pb_(pb), part_(part), max_nodes_(max_nodes) {
    // Local numbering of projects, options and parcels.
    for (std::size_t i = 0; i < part.projects.size(); ++i)
      local_project_[part.projects[i]] = static_cast<int>(i);
    for (int e : part.edges) {
      const int o = pb.edges[static_cast<std::size_t>(e)].option;
      if (local_option_.emplace(o, static_cast<int>(options_.size())).second) options_.push_back(o);
    }
    for (int o : options_)
      for (int q : pb.options[static_cast<std::size_t>(o)].parcels)
        if (local_parcel_.emplace(q, static_cast<int>(parcels_.size())).second)
          parcels_.push_back(q);
    members_.resize(options_.size());
    options_of_parcel_.resize(parcels_.size());
    for (std::size_t lo = 0; lo < options_.size(); ++lo) {
      for (int q : pb.options[static_cast<std::size_t>(options_[lo])].parcels) {
        const int lq = local_parcel_.at(q);
        members_[lo].push_back(lq);
        options_of_parcel_[static_cast<std::size_t>(lq)].push_back(static_cast<int>(lo));
      }
      std::sort(members_[lo].begin(), members_[lo].end());
    }
    // The bonus that makes a forced option's use worth more than every score together.
    std::vector<std::int64_t> best(part.projects.size(), 0);
    for (int e : part.edges) {
      const AssignEdge& ed = pb.edges[static_cast<std::size_t>(e)];
      auto& b = best[static_cast<std::size_t>(local_project_.at(ed.project))];
      b = std::max(b, ed.weight);
    }
    bonus_ = std::accumulate(best.begin(), best.end(), std::int64_t{0}) + 1;
  }

  /// Chosen global edge ids and whether optimality was proven.
  std::pair<std::vector<int>, bool> solve(long& nodes) {
    incumbent_ = greedy(part_.edges);
    incumbent_value_ = value(incumbent_);
    struct Node {
      std::vector<int> forced, forbidden;  // local option ids
    };
    std::vector<Node> stack{Node{}};
    bool complete = true;
    while (!stack.empty()) {
      if (nodes >= max_nodes_) {
        complete = false;
        break;
      }
      Node node = std::move(stack.back());
      stack.pop_back();
      ++nodes;
      std::vector<char> usable(options_.size(), 1), forced(options_.size(), 0);
      for (int o : node.forbidden) usable[static_cast<std::size_t>(o)] = 0;
      for (int o : node.forced) {
        forced[static_cast<std::size_t>(o)] = 1;
        for (int q : members_[static_cast<std::size_t>(o)])
          for (int other : options_of_parcel_[static_cast<std::size_t>(q)])
            if (other != o) usable[static_cast<std::size_t>(other)] = 0;
      }
      std::vector<int> chosen;
      if (!relax(usable, forced, node.forced.size(), chosen)) continue;  // forced cannot all fit
      const std::int64_t bound = value(chosen);
      if (bound <= incumbent_value_) continue;
      // Parcels taken twice by the relaxation's choice.
      std::vector<int> use(parcels_.size(), 0);
      for (int e : chosen)
        for (int q : members_[static_cast<std::size_t>(local_option(e))]) ++use[static_cast<std::size_t>(q)];
      int branch = -1;
      std::int64_t branch_weight = -1;
      for (int e : chosen) {
        const int lo = local_option(e);
        if (members_[static_cast<std::size_t>(lo)].size() < 2 || forced[static_cast<std::size_t>(lo)]) continue;
        const bool conflict = std::any_of(members_[static_cast<std::size_t>(lo)].begin(),
                                          members_[static_cast<std::size_t>(lo)].end(),
                                          [&](int q) { return use[static_cast<std::size_t>(q)] > 1; });
        const std::int64_t w = pb_.edges[static_cast<std::size_t>(e)].weight;
        if (conflict && w > branch_weight) {
          branch = lo;
          branch_weight = w;
        }
      }
      if (branch < 0) {  // feasible: the bound is reached
        incumbent_ = chosen;
        incumbent_value_ = bound;
        continue;
      }
      // A feasible solution near the relaxation's choice improves pruning early.
      std::vector<int> repaired = greedy(chosen, true);
      if (const std::int64_t v = value(repaired); v > incumbent_value_) {
        incumbent_ = std::move(repaired);
        incumbent_value_ = v;
      }
      Node forbid = node;
      forbid.forbidden.push_back(branch);
      Node force = std::move(node);
      force.forced.push_back(branch);
      stack.push_back(std::move(forbid));
      stack.push_back(std::move(force));  // explored first: the relaxation wanted it
    }
    return {incumbent_, complete};
  }

 private:
  int local_option(int edge) const {
    return local_option_.at(pb_.edges[static_cast<std::size_t>(edge)].option);
  }

  std::int64_t value(const std::vector<int>& edges) const {
    std::int64_t v = 0;
    for (int e : edges) v += pb_.edges[static_cast<std::size_t>(e)].weight;
    return v;
  }

  /// Best-first greedy over `edges`; with `fill`, then tops up from every edge of the part.
  std::vector<int> greedy(std::vector<int> edges, bool fill = false) const {
    auto by_weight = [&](int a, int b) {
      const auto& ea = pb_.edges[static_cast<std::size_t>(a)];
      const auto& eb = pb_.edges[static_cast<std::size_t>(b)];
      return ea.weight != eb.weight ? ea.weight > eb.weight : a < b;
    };
    std::vector<char> project_used(part_.projects.size(), 0), parcel_used(parcels_.size(), 0);
    std::vector<int> out;
    auto take = [&](int e) {
      const int lp = local_project_.at(pb_.edges[static_cast<std::size_t>(e)].project);
      if (project_used[static_cast<std::size_t>(lp)]) return;
      const auto& m = members_[static_cast<std::size_t>(local_option(e))];
      if (std::any_of(m.begin(), m.end(), [&](int q) { return parcel_used[static_cast<std::size_t>(q)] != 0; }))
        return;
      project_used[static_cast<std::size_t>(lp)] = 1;
      for (int q : m) parcel_used[static_cast<std::size_t>(q)] = 1;
      out.push_back(e);
    };
    std::sort(edges.begin(), edges.end(), by_weight);
    for (int e : edges) take(e);
    if (fill) {
      if (sorted_.empty()) {
        sorted_ = part_.edges;
        std::sort(sorted_.begin(), sorted_.end(), by_weight);
      }
      for (int e : sorted_) take(e);
    }
    return out;
  }

  /// The min-cost-flow relaxation: source → project → anchor parcel of the option → sink, each
  /// with capacity 1, plus a source → sink arc for projects left without land. False when the
  /// forced options cannot all be used together.
  bool relax(const std::vector<char>& usable, const std::vector<char>& forced,
             std::size_t forced_count, std::vector<int>& chosen) const {
    using Graph = lemon::SmartDigraph;
    Graph g;
    const Graph::Node s = g.addNode(), t = g.addNode();
    std::vector<Graph::Node> pn, qn;
    pn.reserve(part_.projects.size());
    qn.reserve(parcels_.size());
    for (std::size_t i = 0; i < part_.projects.size(); ++i) pn.push_back(g.addNode());
    for (std::size_t i = 0; i < parcels_.size(); ++i) qn.push_back(g.addNode());
    Graph::ArcMap<std::int64_t> upper(g), cost(g);
    auto arc = [&](Graph::Node a, Graph::Node b, std::int64_t cap, std::int64_t c) {
      const Graph::Arc x = g.addArc(a, b);
      upper[x] = cap;
      cost[x] = c;
      return x;
    };
    for (const Graph::Node& p : pn) arc(s, p, 1, 0);
    for (const Graph::Node& q : qn) arc(q, t, 1, 0);
    const auto n = static_cast<std::int64_t>(pn.size());
    arc(s, t, n, 0);
    std::vector<std::pair<Graph::Arc, int>> edge_arcs;
    for (int e : part_.edges) {
      const int lo = local_option(e);
      if (!usable[static_cast<std::size_t>(lo)]) continue;
      const AssignEdge& ed = pb_.edges[static_cast<std::size_t>(e)];
      const int anchor = members_[static_cast<std::size_t>(lo)].front();
      const std::int64_t bonus = forced[static_cast<std::size_t>(lo)] ? bonus_ : 0;
      edge_arcs.emplace_back(arc(pn[static_cast<std::size_t>(local_project_.at(ed.project))],
                                 qn[static_cast<std::size_t>(anchor)], 1, -(ed.weight + bonus)),
                             e);
    }
    lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> ns(g);
    ns.upperMap(upper).costMap(cost).stSupply(s, t, n);
    if (ns.run() != decltype(ns)::OPTIMAL) return false;
    chosen.clear();
    std::size_t forced_used = 0;
    for (const auto& [a, e] : edge_arcs)
      if (ns.flow(a) > 0) {
        chosen.push_back(e);
        if (forced[static_cast<std::size_t>(local_option(e))]) ++forced_used;
      }
    return forced_used == forced_count;
  }

  const AssignProblem& pb_;
  const Part& part_;
  long max_nodes_;
  std::unordered_map<int, int> local_project_, local_option_, local_parcel_;
  std::vector<int> options_, parcels_;            // local → global
  std::vector<std::vector<int>> members_;         // local option → local parcels (sorted)
  std::vector<std::vector<int>> options_of_parcel_;
  std::int64_t bonus_ = 1;
  std::vector<int> incumbent_;
  std::int64_t incumbent_value_ = 0;
  mutable std::vector<int> sorted_;
};

}  // namespace

AssignSolution solve_assignment(const AssignProblem& pb, long max_nodes) {
  AssignSolution sol;
  sol.edge_of_project.assign(static_cast<std::size_t>(pb.projects), -1);
  const std::vector<Part> parts = split(pb);
  sol.components = static_cast<int>(parts.size());
  for (const Part& part : parts) {
    sol.largest_component = std::max(sol.largest_component, static_cast<int>(part.projects.size()));
    PartSolver solver(pb, part, max_nodes);
    long nodes = 0;
    auto [edges, optimal] = solver.solve(nodes);
    sol.nodes += nodes;
    sol.optimal = sol.optimal && optimal;
    for (int e : edges) {
      sol.edge_of_project[static_cast<std::size_t>(pb.edges[static_cast<std::size_t>(e)].project)] = e;
      sol.total += pb.edges[static_cast<std::size_t>(e)].weight;
    }
  }
  return sol;
}

AssignSolution greedy_assignment(const AssignProblem& pb) {
  AssignSolution sol;
  sol.edge_of_project.assign(static_cast<std::size_t>(pb.projects), -1);
  std::vector<int> order(pb.edges.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& ea = pb.edges[static_cast<std::size_t>(a)];
    const auto& eb = pb.edges[static_cast<std::size_t>(b)];
    return ea.weight != eb.weight ? ea.weight > eb.weight : a < b;
  });
  std::unordered_map<int, char> parcel_used;
  for (int e : order) {
    const AssignEdge& ed = pb.edges[static_cast<std::size_t>(e)];
    if (sol.edge_of_project[static_cast<std::size_t>(ed.project)] >= 0) continue;
    const auto& m = pb.options[static_cast<std::size_t>(ed.option)].parcels;
    if (std::any_of(m.begin(), m.end(), [&](int q) { return parcel_used.count(q) != 0; })) continue;
    for (int q : m) parcel_used[q] = 1;
    sol.edge_of_project[static_cast<std::size_t>(ed.project)] = e;
    sol.total += ed.weight;
  }
  sol.optimal = false;
  return sol;
}

}  // namespace tudi::match
