#include "rewrite/pyparse.h"

#include <cctype>

#include <stdexcept>
#include <string_view>

namespace migrate::rewrite {
namespace {

// One parser per thread: TSParser is not thread-safe, and creating one per
// file costs an allocation we do not need.
TSParser* thread_parser() {
  struct Holder {
    TSParser* parser;
    Holder() : parser(ts_parser_new()) {
      if (!ts_parser_set_language(parser, tree_sitter_python())) {
        throw std::runtime_error("tree-sitter-python grammar ABI is not accepted by the tree-sitter runtime");
      }
    }
    ~Holder() { ts_parser_delete(parser); }
  };
  thread_local Holder holder;
  return holder.parser;
}

bool find_error(TSNode n, TSNode* out) {
  if (!ts_node_has_error(n)) return false;
  if (ts_node_is_missing(n) || std::string_view(ts_node_type(n)) == "ERROR") { *out = n; return true; }
  const uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    if (find_error(ts_node_child(n, i), out)) return true;
  }
  *out = n;  // has_error but no specific child found
  return true;
}

}  // namespace

ParsedFile::ParsedFile(std::string source) : source_(std::move(source)) {
  tree_ = ts_parser_parse_string(thread_parser(), nullptr, source_.data(),
                                 static_cast<uint32_t>(source_.size()));
  if (!tree_) throw std::runtime_error("tree-sitter failed to parse");
}

ParsedFile::~ParsedFile() {
  if (tree_) ts_tree_delete(tree_);
}

ParsedFile::ParsedFile(ParsedFile&& o) noexcept : source_(std::move(o.source_)), tree_(o.tree_) {
  o.tree_ = nullptr;
}

ParsedFile& ParsedFile::operator=(ParsedFile&& o) noexcept {
  if (this != &o) {
    if (tree_) ts_tree_delete(tree_);
    source_ = std::move(o.source_);
    tree_ = o.tree_;
    o.tree_ = nullptr;
  }
  return *this;
}

TSNode ParsedFile::root() const { return ts_tree_root_node(tree_); }

std::string_view ParsedFile::text(TSNode node) const {
  const uint32_t b = ts_node_start_byte(node), e = ts_node_end_byte(node);
  return std::string_view(source_).substr(b, e - b);
}

bool ParsedFile::has_error() const { return ts_node_has_error(root()); }

unsigned ParsedFile::first_error_line() const {
  TSNode err;
  if (!find_error(root(), &err)) return 0;
  return line_of(err);
}

TSNode field(TSNode n, std::string_view name) {
  return ts_node_child_by_field_name(n, name.data(), static_cast<uint32_t>(name.size()));
}

std::vector<TSNode> named_children(TSNode n) {
  // A cursor steps in O(1); ts_node_named_child(n, i) walks from the first
  // child, which made this quadratic in wide nodes (a module's statements).
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(c)) out.push_back(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

std::vector<TSNode> children_by_field(TSNode n, std::string_view name) {
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const char* f = ts_tree_cursor_current_field_name(&cursor);
      if (f && name == f) out.push_back(ts_tree_cursor_current_node(&cursor));
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

std::string dotted_text(const ParsedFile& f, TSNode dotted) {
  if (is_type(dotted, "identifier")) return std::string(f.text(dotted));
  std::string out;
  for (TSNode c : named_children(dotted)) {
    if (!is_type(c, "identifier")) continue;
    if (!out.empty()) out += '.';
    out += f.text(c);
  }
  return out;
}

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
  if (!is_type(node, "string")) return std::nullopt;
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

unsigned grammar_abi_version() { return ts_language_version(tree_sitter_python()); }

}  // namespace migrate::rewrite
