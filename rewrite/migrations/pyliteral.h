// Literal Python values read from tree-sitter nodes without running Python:
// strings, None, booleans and tuples/lists/sets of them. Anything else (names,
// calls, f-strings with interpolations, arithmetic) is "computed". Also the
// plain assignments of a module or class body, which is all the migration
// audits read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rewrite/pyparse.h"

namespace migrate::rewrite::migrations {

struct Literal {
  enum class Kind { kNone, kString, kBool, kSequence, kComputed };
  Kind kind = Kind::kComputed;
  std::string str;             // kString: the decoded value
  bool boolean = false;        // kBool
  std::vector<Literal> items;  // kSequence: tuple, list or set, in order
  unsigned line = 0;           // 1-based line where the value starts
  std::string text;            // kComputed: the source text (for messages)

  bool is_string() const { return kind == Kind::kString; }
  bool is_none() const { return kind == Kind::kNone; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_computed() const { return kind == Kind::kComputed; }
};

// The literal value of an expression node (parentheses are looked through).
Literal literal_of(const ParsedFile& file, TSNode expr);

// `name = value`, `name: T = value` and chained `a = b = value` in a block or
// module, in order. Augmented (`+=`) and annotation-only statements are listed
// with a null value, so callers can tell "assigned in a way we cannot read"
// from "not assigned".
struct Assignment {
  std::string name;
  TSNode value;  // null for `x += ...` and `x: T`
  unsigned line = 0;
  bool augmented = false;
};
std::vector<Assignment> assignments_in(const ParsedFile& file, TSNode block);

// The last statement `class <name>(...)` directly in `block` (null when none).
TSNode find_class(const ParsedFile& file, TSNode block, std::string_view name);
// The last `def <name>(...)` directly in `block`, decorated or not.
TSNode find_function(const ParsedFile& file, TSNode block, std::string_view name);

// Whether the statements of `block` bind `name` by a class or function
// definition, an assignment, or an import (`import x as name`,
// `from m import name`, `from m import x as name`); a star import counts
// as binding it (the module may export it).
bool binds_name(const ParsedFile& file, TSNode block, std::string_view name);

}  // namespace migrate::rewrite::migrations
