// Definitions of a Python file by qualified name: what a rewrite must never
// lose (docs/workflow.md trap 4: a 48-line function, an enum member, a
// pytest hook) and what
// the vanished-definition audit and the scanner's export discovery compare.
//
// extract_definitions() lists, in document order:
//   - module-level functions and classes (`send_discussions_mentioned`,
//     `NotificationType`), decorated ones included (`@pytest.fixture`);
//   - methods and nested classes (`Serializer.validate`, `Outer.Meta`);
//   - class-body assignments, annotated ones included, and enum members
//     (`NotificationType.DISCUSSIONS_MENTIONED`, `Model.name: str`); every
//     plain name of a tuple target (`A, B = 1, 2`) and of a chained
//     assignment (`A = B = 1`) counts; attribute and subscript targets do not;
//   - all of the above inside `if`/`elif`/`else`, `try`/`except`/`else`/
//     `finally` and `with` blocks at module or class level (nested freely).
// It does NOT list functions or classes nested inside functions (they are not
// reachable by a qualified name) nor module-level assignments; those come
// from extract_module_assignments() (kind kAssignment, qualname = the name).
//
// Duplicates: a qualified name defined twice (if/else variants, a property
// setter `@x.setter def x`, a redefinition) appears once per definition, in
// document order. Compare definitions as a multiset of (qualname, kind):
// count_definitions() does that.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rewrite/pyparse.h"

namespace migrate::rewrite {

struct Definition {
  std::string qualname;  // "Serializer.validate", "NotificationType.DISCUSSIONS_MENTIONED"
  enum class Kind { kFunction, kClass, kAssignment } kind;
  unsigned line;      // 1-based first line; for decorated definitions the first decorator's line
  unsigned end_line;  // 1-based last line
  bool operator==(const Definition&) const = default;
};

// "function", "class", "assignment".
const char* definition_kind_name(Definition::Kind k);

std::vector<Definition> extract_definitions(const ParsedFile& file);

// Module-level assignments (`X = 1`, `X: int = 1`, `A, B = ...`, `A = B = 1`),
// including those inside module-level if/try/with blocks, in document order.
// Used by the scanner: a module's public names are its top-level classes,
// functions and assignments.
std::vector<Definition> extract_module_assignments(const ParsedFile& file);

// Multiset view: (qualname, kind) -> number of definitions.
std::map<std::pair<std::string, Definition::Kind>, int> count_definitions(
    const std::vector<Definition>& defs);

}  // namespace migrate::rewrite
