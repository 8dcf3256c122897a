// `git migrate-fresh scan`: discovers a moves file from the tracked files
// (what the tooling's move scanner did, with its missing piece: re-export
// discovery).
//
//  - module names are relative to the request's import roots
//    (rewrite/modules.h), which the file records as `import_roots` when
//    there are roots other than the repository root;
//  - file_moves: every tracked `.py` file under `from_dir`, moved 1:1 with
//    its structure under `to_dir` (shims preserved: nothing is merged);
//  - module_moves: one per package folder holding moved files, `from_dir`
//    itself included (`posthog.warehouse` -> `products.data_warehouse.backend`);
//  - symbol_remap: for each `__init__.py` outside `from_dir` that re-exports
//    from a moved module (`from .error_tracking import *`, `from
//    posthog.models.error_tracking import ErrorTrackingIssue`), each name it
//    re-exports: `"<package>.<Name>" = "<new module>"`. A star import exports
//    the source module's `__all__` when it has one (string literals), else its
//    public top-level classes, functions and assignments, and, transitively,
//    what its own star imports of moved modules export. Aliased re-exports
//    (`import X as Y`) cannot be remapped by name and are reported in notes.
// Output is deterministic: entries sorted.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rewrite/moves.h"

namespace migrate::rewrite {

struct ScanRequest {
  std::string from_dir;  // repository-relative folder, no trailing '/'
  std::string to_dir;
  std::string product;   // "" : derived (products/<name>/... -> name, else the last folder of to_dir)
  ImportRoots roots;     // module names are relative to these
};

struct ScanResult {
  std::string product;
  std::vector<std::string> import_roots;  // written to the file when not only the repository root
  std::vector<std::string> root_origins;  // where detection found them (a comment in the file)
  std::vector<FileMove> file_moves;      // sorted by from
  std::vector<ModuleMove> module_moves;  // sorted by from
  std::vector<SymbolRemap> symbol_remaps;  // sorted by old_module.name
  std::vector<std::string> notes;        // what could not be expressed, one sentence each
};

class ScanError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `tracked` are repository-relative paths; `read` returns a file's content
// (nullopt when unreadable). Throws ScanError when from_dir holds no tracked
// Python file, a folder is not a Python identifier, or a destination is
// already a tracked file that does not move.
ScanResult scan_moves(const std::vector<std::string>& tracked,
                      const std::function<std::optional<std::string>(const std::string&)>& read,
                      const ScanRequest& request);

// The moves file text; `command` (may be empty) goes into a header comment.
std::string render_moves_toml(const ScanResult& result, const std::string& command);

// TOML basic string with quotes: "a\"b".
std::string toml_quote(const std::string& s);

}  // namespace migrate::rewrite
