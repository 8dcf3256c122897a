// Thin RAII layer over tree-sitter with the pinned tree-sitter-python grammar.
// A ParsedFile owns its source bytes and its tree; nodes are plain TSNode
// values valid while the ParsedFile lives.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

extern "C" const TSLanguage* tree_sitter_python(void);

namespace migrate::rewrite {

class ParsedFile {
 public:
  // Parses `source` (UTF-8 Python). Never fails: syntax errors become ERROR
  // and MISSING nodes (see first_error()).
  explicit ParsedFile(std::string source);
  ~ParsedFile();
  ParsedFile(ParsedFile&&) noexcept;
  ParsedFile& operator=(ParsedFile&&) noexcept;
  ParsedFile(const ParsedFile&) = delete;

  const std::string& source() const { return source_; }
  TSNode root() const;
  // The text a node spans.
  std::string_view text(TSNode node) const;
  // The first ERROR or MISSING node in document order, if any.
  bool has_error() const;
  // 1-based line of the first ERROR or MISSING node (0 when none).
  unsigned first_error_line() const;

 private:
  std::string source_;
  TSTree* tree_ = nullptr;
};

// Node helpers.
inline std::string_view node_type(TSNode n) { return ts_node_type(n); }
inline bool is_type(TSNode n, std::string_view type) { return !ts_node_is_null(n) && node_type(n) == type; }
inline unsigned line_of(TSNode n) { return ts_node_start_point(n).row + 1; }  // 1-based
TSNode field(TSNode n, std::string_view name);
std::vector<TSNode> named_children(TSNode n);
std::vector<TSNode> children_by_field(TSNode n, std::string_view name);
// The dotted name an identifier or dotted_name node spells, whitespace and
// comments between its parts dropped ("a . b" -> "a.b").
std::string dotted_text(const ParsedFile& f, TSNode dotted);

// Calls fn on every named node below `root` in document order; fn returns
// false to skip the node's children.
void walk_named(TSNode root, const std::function<bool(TSNode)>& fn);

// The value of a plain string literal ('x', "x", '''x''', r"x"); nullopt for
// f-strings, byte strings, concatenations and escapes it does not handle.
std::optional<std::string> string_value(const ParsedFile& f, TSNode string_node);

// The ABI version of the linked grammar (14 for tree-sitter-python 0.23.6).
unsigned grammar_abi_version();

}  // namespace migrate::rewrite
