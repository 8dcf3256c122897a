// Small helpers shared by the migration audits: '/'-separated path pieces,
// dotted names, and the parallel loop (rewrite/parallel.h) for parsing many
// small files.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "rewrite/parallel.h"

namespace migrate::rewrite::migrations {

// "a/b/c.py" -> "a/b"; "c.py" -> "".
inline std::string_view dir_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}
// "a/b/c.py" -> "c.py".
inline std::string_view base_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}
inline std::string join_path(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  std::string out(dir);
  out += '/';
  out += name;
  return out;
}

// "a.b.c" -> "c": a callee's own name, however it is reached.
inline std::string_view last_segment(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

// A Django migration key (app label, migration name) as messages name it:
// "app.name".
inline std::string dotted(const std::pair<std::string, std::string>& key) { return key.first + "." + key.second; }

// The shared worker pool (rewrite/parallel.h): fn(i) for every i in [0, n),
// inline when n is small. fn must only touch its own slot.
using rewrite::parallel_for;

}  // namespace migrate::rewrite::migrations
