#include "cmd/check/pysyntax.h"

#include <cctype>

namespace migrate::cmd::check {

using rewrite::ParsedFile;

void walk_named(TSNode root, const std::function<bool(TSNode)>& fn) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool descend = true;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    if (descend && ts_node_is_named(n)) descend = fn(n);
    if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
    descend = true;
    bool moved = false;
    while (!moved) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) { moved = true; break; }
      if (!ts_tree_cursor_goto_parent(&cursor)) { ts_tree_cursor_delete(&cursor); return; }
      if (ts_node_eq(ts_tree_cursor_current_node(&cursor), root)) { ts_tree_cursor_delete(&cursor); return; }
    }
  }
}

std::optional<std::string> string_value(const ParsedFile& f, TSNode node) {
  if (!rewrite::is_type(node, "string")) return std::nullopt;
  std::string_view t = f.text(node);
  std::size_t i = 0;
  bool raw = false;
  while (i < t.size() && std::isalpha(static_cast<unsigned char>(t[i]))) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
    if (c == 'r') raw = true;
    else if (c != 'u') return std::nullopt;  // f-strings, byte strings
    ++i;
  }
  t.remove_prefix(i);
  if (t.size() < 2) return std::nullopt;
  const char q = t[0];
  if (q != '"' && q != '\'') return std::nullopt;
  const std::size_t ql = (t.size() >= 6 && t[1] == q && t[2] == q) ? 3 : 1;
  if (t.size() < 2 * ql) return std::nullopt;
  std::string_view body = t.substr(ql, t.size() - 2 * ql);
  if (!raw && body.find('\\') != std::string_view::npos) return std::nullopt;
  return std::string(body);
}

}  // namespace migrate::cmd::check
