// A small directed graph over dense integer ids, with what the migration
// audits need: strongly connected components (cycles), one concrete cycle
// through a component, and reachability.
#pragma once

#include <cstddef>
#include <vector>

namespace migrate::rewrite::migrations {

class Digraph {
 public:
  explicit Digraph(size_t nodes = 0) : out_(nodes) {}
  size_t size() const { return out_.size(); }
  size_t add_node() { out_.emplace_back(); return out_.size() - 1; }
  // Parallel edges are kept once.
  void add_edge(size_t from, size_t to);
  const std::vector<size_t>& successors(size_t n) const { return out_[n]; }

  // Components that contain a cycle (several nodes, or one node with an edge
  // to itself), each sorted ascending, in ascending order of their first id.
  std::vector<std::vector<size_t>> cyclic_components() const;
  // A shortest cycle through `start` that stays inside `component` (sorted):
  // start, ..., start. Empty when there is none.
  std::vector<size_t> cycle_through(size_t start, const std::vector<size_t>& component) const;
  // Every node reachable from `from` by one or more edges.
  std::vector<bool> reachable_from(size_t from) const;

 private:
  std::vector<std::vector<size_t>> out_;
};

}  // namespace migrate::rewrite::migrations
