#include "rewrite/pyparse.h"

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

unsigned grammar_abi_version() { return ts_language_version(tree_sitter_python()); }

}  // namespace migrate::rewrite
