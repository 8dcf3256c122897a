// Lossless import rewriting of one Python file from a MoveSet.
//
// The rewriter never regenerates code: it parses with tree-sitter-python and
// produces an edit list (byte offset, length, replacement) touching only the
// import constructs, the use-site attribute chains of plain imports and the
// dotted string literals that must change. Everything outside those spans is
// kept byte for byte (comments, parentheses, trailing commas, backslash
// continuations, `;`, BOM, CRLF, tabs).
//
// What is rewritten (issue 3, section 3):
//  - `from a.b import X` / `from a.b import X as Y` / `from a.b import *`:
//    the module; `from a import b` where `a.b` is a moved submodule becomes
//    `from new.parent import newname as b` (or `import newname as b`'s
//    from-form; the bound name never changes).
//  - `import a.b.c as m`: the module, alias kept, use sites untouched.
//  - `import a.b.c` (no alias) and `import a` used as `a.b.c.X`: the import
//    and every attribute chain rooted at the bound name that falls under a
//    moved module are rewritten consistently; when a rewritten chain's new
//    module is not imported yet, `, new.mod` is appended to the import that
//    bound the root; when an import's root name is still used for something
//    that did not move and nothing else binds it, the longest unmoved prefix
//    stays imported (`import a.b, new.mod`). Scopes are not analysed: a local
//    variable shadowing an imported root is treated as the import.
//  - Module names are relative to the MoveSet's import roots
//    (rewrite/modules.h). Relative imports resolve against the package of
//    the file's OLD location (MoveSet::old_path_of); one that still resolves
//    to the same module from the new location stays byte for byte; one that
//    does not becomes the relative import that does when its target lies in
//    the same top-level package as the file, else absolute (root-relative).
//  - symbol_remap: a name imported from the old module goes to its new
//    module; an import naming symbols with different destinations is split
//    into one import per destination (aliases kept): the first name's group
//    keeps the original statement, the others follow it on new lines at the
//    same indentation (or after `; ` when the statement shares its line).
//  - Dotted strings (RewriteOptions::strings): a plain string literal whose
//    whole content is a dotted path under a moved module (or a remapped
//    symbol), optionally followed by attribute names. Byte strings, f-strings
//    and literals with escapes are never touched.
//  - `from __future__` imports are never touched.
//  - A file with ERROR or MISSING nodes (syntax the pinned grammar does not
//    know, or a real error) is still rewritten outside its error regions:
//    import statements, chains and strings are taken only from statements
//    whose subtree has no error, and nothing inside an ERROR node is touched.
//    Each error region is reported (FileRewrite::errors) so the caller can
//    warn and check whether it still names a moved module. A file that is
//    not UTF-8 is skipped with the line of the problem.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rewrite/moves.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite {

struct Edit {
  std::size_t offset = 0;  // byte offset in the input
  std::size_t length = 0;  // bytes replaced (0: insertion)
  std::string replacement;
  bool operator==(const Edit&) const = default;
};

// Applies sorted, non-overlapping edits.
std::string apply_edits(std::string_view source, const std::vector<Edit>& edits);

struct RewriteOptions {
  bool strings = true;  // rewrite dotted strings (config rewrite.strings, --no-strings)
  // The modules that exist after the move (every Python file's module below
  // its root, their packages, and the moves' destinations); null: unknown.
  // With it, a moved file's relative import that resolves from the new place
  // to an existing module while its old reading names nothing that exists is
  // taken as already written for the new place and left alone, so that
  // rewriting twice changes nothing.
  std::shared_ptr<const std::set<std::string>> modules;
};

// The `modules` of RewriteOptions for these repository paths.
std::shared_ptr<const std::set<std::string>> existing_modules(const std::vector<std::string>& paths,
                                                              const MoveSet& moves);

// A part of a file the grammar could not parse: the statement holding an
// ERROR or MISSING node (the node itself when it stands between statements).
struct ErrorRegion {
  unsigned line = 0;  // 1-based, where the error node starts
  std::size_t begin = 0, end = 0;  // byte range of the region in the input
  bool operator==(const ErrorRegion&) const = default;
};

// The error regions of a parsed file, in document order (empty without errors).
std::vector<ErrorRegion> error_regions(const ParsedFile& file);

struct FileRewrite {
  enum class Status { kUnchanged, kChanged, kSkipped };
  Status status = Status::kUnchanged;
  std::vector<Edit> edits;  // sorted by offset, non-overlapping
  std::string output;       // the new content when kChanged
  std::string reason;       // kSkipped: "syntax error", "not UTF-8"
  unsigned line = 0;        // kSkipped: 1-based line of the problem
  std::vector<ErrorRegion> errors;  // left as they are (see error_regions)
};

// Offset of the first invalid UTF-8 sequence, npos when `s` is valid.
std::size_t first_invalid_utf8(std::string_view s);

// Rewrites one file. `path` is its current repository-relative path (after
// the move); its old location comes from `moves`.
FileRewrite rewrite_source(const std::string& source, const std::string& path, const MoveSet& moves,
                           const RewriteOptions& options = {});
// The same on an already parsed file.
FileRewrite rewrite_parsed(const ParsedFile& file, const std::string& path, const MoveSet& moves,
                           const RewriteOptions& options = {});

struct StaleReference {
  // kRelative: a relative import of a moved file that named `old_name`
  // from the file's old place and now names `reads`, which does not exist.
  enum class Kind { kImport, kAttribute, kString, kRelative };
  Kind kind;
  unsigned line;         // 1-based
  std::string old_name;  // the old module (or old.module.Name for a remapped symbol)
  std::string new_name;  // where it is now
  std::string spelled = {};  // kRelative: the import's module as written (".team")
  std::string reads = {};    // kRelative: what that spelling names from the new place
  bool operator==(const StaleReference&) const = default;
};

// Every import (relative ones resolved against the file's current package),
// every use of an imported name as an attribute chain (`posthog.models.X.Y`
// after `import posthog`, `models.X.Y` after `from posthog import models`)
// and, with `strings`, every dotted string of `file` that still refers to an
// old module or a remapped symbol, in document order. With `modules` (the
// modules that exist after the move, existing_modules) also each relative
// import of a moved file (`moves.old_path_of(path)`) that named an existing
// module from the file's old place and names a missing one from its new
// place: the move broke it (kRelative).
std::vector<StaleReference> find_stale_references(const ParsedFile& file, const std::string& path,
                                                  const MoveSet& moves, bool strings = true,
                                                  const std::set<std::string>* modules = nullptr);

}  // namespace migrate::rewrite
