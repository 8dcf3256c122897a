// What the files of the import rewriter (rewrite/imports.h) share; not part
// of its interface:
//  - rewrite/import_syntax.cc: what they read of a parsed file (one pass
//    collecting imports, dotted strings, attribute chains and identifiers
//    outside syntax errors; import list items; chains) and its error
//    regions;
//  - rewrite/import_targets.cc: where imported names, names bound to a
//    package and dotted strings go after the moves;
//  - rewrite/import_rewriter.cc: the edits of one file (import_edits);
//  - rewrite/stale_references.cc: the references the moves left stale;
//  - rewrite/imports.cc: the public entry points and the edit list.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rewrite/imports.h"
#include "rewrite/moves.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite::imports_detail {

// --- syntax (import_syntax.cc) -----------------------------------------------

inline std::size_t start_of(TSNode n) { return ts_node_start_byte(n); }
inline std::size_t end_of(TSNode n) { return ts_node_end_byte(n); }

std::string first_segment(std::string_view dotted);

// What an item of an import list spells: the dotted_name and optional alias.
struct Item {
  TSNode node;  // dotted_name or aliased_import
  TSNode name;  // dotted_name
  std::optional<std::string> alias;
};

Item item_of(const ParsedFile& f, TSNode n);

// Identifiers of a pure chain, root first.
std::vector<TSNode> chain_segments(TSNode n);
// The dotted name the segments spell ("a.b.c", whatever blanks stand between).
std::string chain_name(const ParsedFile& f, const std::vector<TSNode>& segs);

// Everything of interest in one pass over the tree.
struct Collected {
  std::vector<TSNode> imports;      // import_statement, import_from_statement
  std::vector<TSNode> strings;      // candidate dotted strings
  std::vector<TSNode> chains;       // maximal pure attribute chains outside imports
  std::vector<TSNode> identifiers;  // bare identifiers outside imports and chains
};

// Collects below `n`, leaving out what in_error refuses; dotted strings only
// with `want_strings`.
void collect(const ParsedFile& f, TSNode n, bool want_strings, Collected* out);

// A plain string literal whose whole content is a dotted name. Parts of an
// implicit concatenation ("a." "b") are never dotted strings: the collector
// does not offer them.
bool is_dotted_string(const ParsedFile& f, TSNode s, TSNode* content);

// --- targets (import_targets.cc) -------------------------------------------

// Where one imported name comes from after the moves.
struct NameDest {
  std::string module;  // module to import from
  std::string name;    // name at that module
  bool changed = false;
  std::string old_ref;  // what referred to the old place: module, module.Name or module.sub
};

NameDest destination(const MoveSet& moves, const std::string& module, const std::string& name);

// Local names bound to an unmoved package with moved modules below it:
// `from posthog import models` (relative forms resolved against `package`) and
// `import posthog.models as m`. A name bound by two imports to different
// things, or also the root of a plain import, has no entry.
struct ParentBinding {
  TSNode stmt;
  std::string module;  // what the local name is bound to
};

struct ChainTarget {
  const ParentBinding* binding;
  TSNode first, last;      // the chain's segments that spell the moved module
  const ModuleMove* move;
};

struct ParentBindings {
  std::map<std::string, ParentBinding> by_name;
  std::set<std::string> plain_roots;  // roots bound by plain unaliased imports

  // The moved module a pure attribute chain reaches through a binding.
  std::optional<ChainTarget> resolve(const ParsedFile& f, TSNode chain, const MoveSet& moves) const;
};

ParentBindings parent_bindings(const ParsedFile& f, const Collected& c, const MoveSet& moves,
                               const std::optional<std::string>& package);

// The replacement for a dotted string's content, nullopt when it does not
// name a moved module or remapped symbol: (old name, new content).
std::optional<std::pair<std::string, std::string>> map_dotted_string(const MoveSet& moves, std::string_view text);

// --- rewriting (import_rewriter.cc) ----------------------------------------

// The edits that rewrite `f` (at `path` after the moves), sorted by offset.
std::vector<Edit> import_edits(const ParsedFile& f, const std::string& path, const MoveSet& moves,
                               const RewriteOptions& options);

}  // namespace migrate::rewrite::imports_detail
