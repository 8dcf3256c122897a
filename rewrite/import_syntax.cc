// What the import rewriter reads of a parsed Python file: one pass over the
// tree collecting import statements, dotted strings, pure attribute chains
// and bare identifiers outside statements with syntax errors, the import
// items and chains those are made of (rewrite/imports_internal.h), and the
// error regions it leaves alone (error_regions, rewrite/imports.h).
#include <algorithm>
#include <functional>

#include "rewrite/imports_internal.h"
#include "rewrite/modules.h"
#include "rewrite/segments.h"

namespace migrate::rewrite::imports_detail {
namespace {

// ERROR or MISSING (ts_node_is_error is newer than Debian's runtime).
bool is_error_node(TSNode n) { return ts_node_is_missing(n) || node_type(n) == "ERROR"; }

// Statements that hold other statements: an error inside one of them leaves
// its other statements usable.
bool is_compound(std::string_view t) {
  return t == "module" || t == "block" || t == "if_statement" || t == "for_statement" || t == "while_statement" ||
         t == "try_statement" || t == "with_statement" || t == "match_statement" || t == "function_definition" ||
         t == "class_definition" || t == "decorated_definition" || t == "elif_clause" || t == "else_clause" ||
         t == "except_clause" || t == "except_group_clause" || t == "finally_clause" || t == "case_clause";
}

bool is_pure_chain(TSNode n) {
  while (is_type(n, "attribute")) {
    if (!is_type(field(n, "attribute"), "identifier")) return false;
    n = field(n, "object");
  }
  return is_type(n, "identifier");
}

// A node the rewriter must not look into: an ERROR or MISSING node, or a
// statement whose subtree holds one (its reading is unreliable).
bool in_error(TSNode n) {
  if (is_error_node(n)) return true;
  if (!ts_node_has_error(n)) return false;
  const std::string_view t = node_type(n);
  return t.size() > 10 && t.substr(t.size() - 10) == "_statement" && !is_compound(t);
}

// Visits the named children of the cursor's node with a tree cursor: O(1)
// per step, where ts_node_named_child(n, i) walks from the first child.
void collect_children(const ParsedFile& f, TSTreeCursor* c, bool want_strings, Collected* out) {
  if (!ts_tree_cursor_goto_first_child(c)) return;
  do {
    TSNode child = ts_tree_cursor_current_node(c);
    if (!ts_node_is_named(child) || in_error(child)) continue;
    const std::string_view t = node_type(child);
    if (t == "import_statement" || t == "import_from_statement") { out->imports.push_back(child); continue; }
    if (t == "future_import_statement" || t == "comment") continue;
    if (t == "identifier") { out->identifiers.push_back(child); continue; }
    if (t == "string" || t == "concatenated_string" || t == "attribute" || t == "keyword_argument") {
      collect(f, child, want_strings, out);
      continue;
    }
    collect_children(f, c, want_strings, out);
  } while (ts_tree_cursor_goto_next_sibling(c));
  ts_tree_cursor_goto_parent(c);
}

}  // namespace

std::string first_segment(std::string_view dotted) { return std::string(dotted.substr(0, dotted.find('.'))); }

Item item_of(const ParsedFile& f, TSNode n) {
  if (is_type(n, "aliased_import")) {
    return {n, field(n, "name"), std::string(f.text(field(n, "alias")))};
  }
  return {n, n, std::nullopt};
}

std::vector<TSNode> chain_segments(TSNode n) {
  std::vector<TSNode> out;
  while (is_type(n, "attribute")) {
    out.push_back(field(n, "attribute"));
    n = field(n, "object");
  }
  out.push_back(n);
  std::reverse(out.begin(), out.end());
  return out;
}

std::string chain_name(const ParsedFile& f, const std::vector<TSNode>& segs) {
  std::vector<std::string_view> names;
  for (TSNode seg : segs) names.push_back(f.text(seg));
  return join_dotted(names, 0, names.size());
}

bool is_dotted_string(const ParsedFile& f, TSNode s, TSNode* content) {
  // Most strings are prose or have no dot: rejected without visiting children.
  const std::string_view whole = f.text(s);
  if (whole.find('.') == std::string_view::npos ||
      whole.find_first_of(" \t\n\\{") != std::string_view::npos) {
    return false;
  }
  int contents = 0;
  for (TSNode c : named_children(s)) {
    const std::string_view t = node_type(c);
    if (t == "string_content") { *content = c; ++contents; }
    else if (t == "string_start") {
      for (char ch : f.text(c)) {
        if (ch == '\'' || ch == '"') break;
        if (ch == 'b' || ch == 'B' || ch == 'f' || ch == 'F') return false;
      }
    } else if (t != "string_end") {
      return false;  // interpolation, escape_sequence
    }
  }
  if (contents != 1) return false;
  std::string_view text = f.text(*content);
  return text.find('.') != std::string_view::npos && is_dotted_name(text);
}

void collect(const ParsedFile& f, TSNode n, bool want_strings, Collected* out) {
  if (in_error(n)) return;
  const std::string_view t = node_type(n);
  if (t == "import_statement" || t == "import_from_statement") { out->imports.push_back(n); return; }
  if (t == "future_import_statement" || t == "comment") return;
  if (t == "string" || t == "concatenated_string") {
    // Only f-strings have children to look into: their interpolations.
    const bool may_interpolate = f.text(n).find('{') != std::string_view::npos;
    if (t == "concatenated_string") {
      if (may_interpolate) {
        for (TSNode part : named_children(n)) collect(f, part, false, out);
      }
      return;
    }
    TSNode content;
    if (want_strings && is_dotted_string(f, n, &content)) out->strings.push_back(n);
    if (may_interpolate) {
      for (TSNode c : named_children(n)) {
        if (is_type(c, "interpolation")) collect(f, c, want_strings, out);
      }
    }
    return;
  }
  if (t == "attribute") {
    if (is_pure_chain(n)) { out->chains.push_back(n); return; }
    collect(f, field(n, "object"), want_strings, out);
    return;
  }
  if (t == "identifier") { out->identifiers.push_back(n); return; }
  if (t == "keyword_argument") { collect(f, field(n, "value"), want_strings, out); return; }
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  collect_children(f, &cursor, want_strings, out);
  ts_tree_cursor_delete(&cursor);
}

}  // namespace migrate::rewrite::imports_detail

namespace migrate::rewrite {

std::vector<ErrorRegion> error_regions(const ParsedFile& file) {
  std::vector<ErrorRegion> out;
  if (!file.has_error()) return out;
  // The nearest ancestor that is a statement (a child of module or block).
  auto statement_of = [](TSNode n) {
    TSNode s = n;
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); s = p, p = ts_node_parent(p)) {
      if (is_type(p, "module") || is_type(p, "block")) return imports_detail::is_compound(node_type(s)) ? n : s;
    }
    return n;
  };
  std::function<void(TSNode)> walk = [&](TSNode n) {
    if (imports_detail::is_error_node(n)) {
      const TSNode region = statement_of(n);
      const ErrorRegion e{line_of(n), ts_node_start_byte(region), ts_node_end_byte(region)};
      if (out.empty() || out.back().begin != e.begin || out.back().end != e.end) out.push_back(e);
      return;
    }
    if (!ts_node_has_error(n)) return;
    const uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) walk(ts_node_child(n, i));
  };
  walk(file.root());
  return out;
}

}  // namespace migrate::rewrite
