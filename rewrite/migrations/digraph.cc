#include "rewrite/migrations/digraph.h"

#include <algorithm>
#include <deque>
#include <limits>

namespace migrate::rewrite::migrations {

void Digraph::add_edge(size_t from, size_t to) {
  auto& succ = out_[from];
  if (std::find(succ.begin(), succ.end(), to) == succ.end()) succ.push_back(to);
}

// Tarjan's algorithm, iterative so that chains of thousands of migrations do
// not exhaust the stack.
std::vector<std::vector<size_t>> Digraph::cyclic_components() const {
  constexpr size_t kUnset = std::numeric_limits<size_t>::max();
  const size_t n = out_.size();
  std::vector<size_t> index(n, kUnset), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  std::vector<std::pair<size_t, size_t>> work;  // node, next successor position
  std::vector<std::vector<size_t>> result;
  size_t counter = 0;
  for (size_t root = 0; root < n; ++root) {
    if (index[root] != kUnset) continue;
    work.push_back({root, 0});
    while (!work.empty()) {
      auto& [v, pos] = work.back();
      if (pos == 0 && index[v] == kUnset) {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (pos < out_[v].size()) {
        const size_t w = out_[v][pos++];
        if (index[w] == kUnset) {
          work.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const size_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
      if (low[done] != index[done]) continue;
      std::vector<size_t> component;
      size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != done);
      const bool self_loop = std::find(out_[done].begin(), out_[done].end(), done) != out_[done].end();
      if (component.size() > 1 || self_loop) {
        std::sort(component.begin(), component.end());
        result.push_back(std::move(component));
      }
    }
  }
  std::sort(result.begin(), result.end());
  return result;
}

std::vector<size_t> Digraph::cycle_through(size_t start, const std::vector<size_t>& component) const {
  auto inside = [&](size_t x) { return std::binary_search(component.begin(), component.end(), x); };
  constexpr size_t kUnset = std::numeric_limits<size_t>::max();
  std::vector<size_t> parent(out_.size(), kUnset);
  std::deque<size_t> queue{start};
  while (!queue.empty()) {
    const size_t v = queue.front();
    queue.pop_front();
    for (size_t w : out_[v]) {
      if (!inside(w)) continue;
      if (w == start) {
        std::vector<size_t> cycle{start};
        for (size_t x = v; x != start; x = parent[x]) cycle.push_back(x);
        std::reverse(cycle.begin() + 1, cycle.end());
        cycle.push_back(start);
        return cycle;
      }
      if (parent[w] != kUnset) continue;
      parent[w] = v;
      queue.push_back(w);
    }
  }
  return {};
}

std::vector<bool> Digraph::reachable_from(size_t from) const {
  std::vector<bool> seen(out_.size(), false);
  std::vector<size_t> todo(out_[from].begin(), out_[from].end());
  while (!todo.empty()) {
    const size_t v = todo.back();
    todo.pop_back();
    if (seen[v]) continue;
    seen[v] = true;
    for (size_t w : out_[v]) {
      if (!seen[w]) todo.push_back(w);
    }
  }
  return seen;
}

}  // namespace migrate::rewrite::migrations
