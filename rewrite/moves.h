// The moves file (TOML), the single source of truth of a migration, and the
// MoveSet it is read into:
//
//   product = "error_tracking"
//   import_roots = ["src"]            # optional: see rewrite/modules.h
//   [[file_moves]]
//   from = "posthog/models/error_tracking/error_tracking.py"
//   to = "products/error_tracking/backend/models.py"
//   [module_moves]
//   "posthog.api.error_tracking" = "products.error_tracking.backend.api.error_tracking"
//   [symbol_remap]
//   "posthog.models.ErrorTrackingIssue" = "products.error_tracking.backend.models"
//
// Each file move of a Python file implies its module move (path to dotted
// name below its import root, `pkg/__init__.py` is `pkg`; a move that keeps
// the dotted name, such as `a/b.py` -> `a/b/__init__.py`, implies none).
// Module names are relative to the import roots (rewrite/modules.h): the
// moves file's `import_roots` when it has that key, else those the caller
// passes (configured or detected). Modules match by dotted
// segments, longest prefix first: `a.b` matches `a.b` and `a.b.c`, never
// `a.bc`.
//
// Validation reports every problem at once, each as "<file>:<line>: <what>":
// unknown keys and wrong types; a path outside the repository (absolute,
// `..`, `.`, empty segments); a move whose source does not exist (when a
// MovesCheck::exists callback is given); two moves from one source or to one
// destination (files, or modules after implication); a module mapped into
// itself (`a.b` -> `a.b.c`), in a cycle, or in a chain (a destination that
// is itself moved): a single rewrite pass must put every name in its final
// place, so that rewriting twice changes nothing. Names must be importable:
// a module destination, the destination of a Python file move whose source
// is a module, and the product name are refused when a segment is a Python
// keyword or not an identifier (non-Python files may move anywhere).
//
// Module moves imply file moves (MoveSet::imply_file_moves): when an
// explicit module move's source is gone from the worktree (no Python file is
// that module or lies below it) and its destination is there (moved with
// `git mv`), each Python file of the destination is taken as moved from the
// same place below the source, under the same import root:
// `products/billing/sub/x.py` from `core/billing/sub/x.py` for
// "core.billing" = "products.billing", `products/x.py` from `core/x.py` for
// "core.x" = "products.x". A file is taken by the move with the longest
// destination that holds it; an explicit file move wins (to the file, or
// from its derived old place: then the file is new). A source that is still
// there implies nothing.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rewrite/modules.h"

namespace migrate::rewrite {

struct FileMove {
  std::string from, to;  // repository-relative, '/'-separated
  unsigned line = 0;     // line in the moves file, 0 when built in code
  bool implied = false;  // derived from a module move (imply_file_moves)
};

// A file under a moved module's destination whose old location cannot be
// derived (MoveSet::imply_file_moves).
struct UnderivedMove {
  std::string path;     // the file, repository-relative
  std::string from, to;  // the module move
  unsigned line = 0;    // its line in the moves file
  std::string why;      // "core/billing/x.py would lie in the import root apps/api, ..."
};

struct ModuleMove {
  std::string from, to;  // dotted
  unsigned line = 0;
  bool implied = false;  // derived from a file move
};

struct SymbolRemap {
  std::string old_module;  // "posthog.models"
  std::string name;        // "ErrorTrackingIssue"
  std::string new_module;  // "products.error_tracking.backend.models"
  unsigned line = 0;
};

class MovesError : public std::runtime_error {
 public:
  explicit MovesError(std::vector<std::string> problems);
  // One "<file>:<line>: <problem>" per entry, in file order.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

struct MovesCheck {
  // When set, each file move's source must exist: exists(from).
  std::function<bool(const std::string&)> exists;
  // With `exists`: a move whose source is gone but whose destination exists
  // has already been applied (git mv) and passes.
  bool allow_applied = false;
};

class MoveSet {
 public:
  MoveSet() = default;

  // Parses and validates a moves file; `file_label` names it in messages.
  // Throws MovesError.
  // `roots` apply unless the file has `import_roots`.
  static MoveSet parse(std::string_view toml_text, const std::string& file_label,
                       const MovesCheck& check = {}, ImportRoots roots = {});
  // Builds and validates from parts (lines are taken from the parts).
  static MoveSet build(std::string product, std::vector<FileMove> file_moves,
                       std::vector<ModuleMove> module_moves, std::vector<SymbolRemap> symbol_remap,
                       const std::string& file_label = "<moves>", const MovesCheck& check = {},
                       ImportRoots roots = {});

  const std::string& product() const { return product_; }
  // The import roots module names are relative to.
  const ImportRoots& roots() const { return roots_; }
  // True when the moves file set them (`import_roots`).
  bool roots_from_file() const { return roots_from_file_; }
  const std::vector<FileMove>& file_moves() const { return file_moves_; }
  // Explicit and implied, sorted by `from`.
  const std::vector<ModuleMove>& module_moves() const { return module_moves_; }
  const std::vector<SymbolRemap>& symbol_remaps() const { return symbol_remaps_; }
  bool empty() const { return module_moves_.empty() && symbol_remaps_.empty(); }

  // The move whose `from` is the longest dotted-segment prefix of `dotted`.
  const ModuleMove* match_module(std::string_view dotted) const;
  // The new name of `dotted` (its matched prefix replaced), nullopt when no
  // move matches.
  std::optional<std::string> map_module(std::string_view dotted) const;
  // The module `name` is now imported from when it used to be imported from
  // `old_module` (symbol_remap), nullopt otherwise.
  std::optional<std::string> remap_symbol(std::string_view old_module, std::string_view name) const;
  // Module moves imply file moves (see the header comment): adds a file move
  // for each Python file of `files` (the worktree's files, repository-
  // relative) that lies under the destination of an applied module move.
  // Returns the files whose old location cannot be derived, in path order:
  // it would lie in another, deeper import root, where it would not be the
  // source's module (`apps.api.billing` moved while `apps/api` is a root).
  // Those files are taken as not moved.
  std::vector<UnderivedMove> imply_file_moves(const std::vector<std::string>& files);
  // "<path>: where it was before the move of <from> (<label>:<line>) cannot be derived: <why>; ..."
  static std::string describe(const UnderivedMove& u, const std::string& moves_label);

  // Where a moved file used to be (`to` -> `from`), and the reverse.
  std::optional<std::string> old_path_of(std::string_view new_path) const;
  std::optional<std::string> new_path_of(std::string_view old_path) const;

 private:
  // Derives, validates and indexes; `earlier` are problems found while
  // parsing, reported together with these.
  void finish(const std::string& file_label, const MovesCheck& check,
              std::vector<std::pair<unsigned, std::string>> earlier);

  std::string product_;
  unsigned product_line_ = 0;
  ImportRoots roots_;
  bool roots_from_file_ = false;
  std::vector<FileMove> file_moves_;
  std::vector<ModuleMove> module_moves_;
  std::vector<SymbolRemap> symbol_remaps_;
  std::unordered_map<std::string, std::size_t> module_index_;          // from -> index
  std::unordered_map<std::string, std::string> remap_index_;           // "mod\nName" -> new
  std::unordered_map<std::string, std::string> old_by_new_, new_by_old_;
};

}  // namespace migrate::rewrite
