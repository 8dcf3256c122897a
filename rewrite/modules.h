// Repository paths <-> dotted module names, relative to import roots: the one
// place the suite maps a file to the module Python imports it as, and
// resolves and spells relative imports.
//
// An import root is a folder Python puts on sys.path: `src` in a src layout,
// `apps/api` for a Django project whose manage.py lives there. A path belongs
// to the deepest root that holds it, and its module is its path below that
// root ("src/pkg/a/mod.py" -> "pkg.a.mod" with root "src"); a path under no
// root is named from the repository root, which is always the last root.
//
// Where roots come from (ImportRoots::choose), first match wins:
//   1. `import_roots` in the moves file (MoveSet::parse);
//   2. git config `migrate.importRoots`, then `import_roots` in
//      .git-migrate.toml (the caller passes the configured list);
//   3. detection over the tracked files (detect_import_roots), the union of:
//      pyproject.toml (setuptools `package-dir` and
//      `[tool.setuptools.packages.find] where`, hatch wheel `packages` and
//      `sources`, poetry `packages = [{include, from}]`, pytest
//      `pythonpath`), setup.cfg `[options] package_dir`, a `src/` folder
//      holding a package next to such a project file or at the repository
//      root, and every folder holding a `manage.py`. Project files are read
//      wherever they are; their folders are relative to the file.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rewrite/pyparse.h"

namespace migrate::rewrite {

// True for a Python identifier that is not a keyword (soft keywords such as
// `match` and `type` are identifiers).
bool is_identifier(std::string_view s);
bool is_python_keyword(std::string_view s);
// True when `name` is one or more identifiers joined by dots.
bool is_dotted_name(std::string_view name);
// Why `name` cannot be imported: "" when it can, else e.g.
// "'class' is a Python keyword" or "'my-backend' is not a Python identifier".
std::string unimportable_reason(std::string_view dotted_or_path, char separator = '.');

class ImportRoots {
 public:
  // The repository root only.
  ImportRoots() = default;
  // `folders` are repository-relative ('/'-separated; "" or "." is the
  // repository root), normalized and deduplicated; the repository root is
  // always added last.
  explicit ImportRoots(std::vector<std::string> folders);

  // First match of the documented order: the moves file's list, then the
  // configured list, then detection from the tracked files.
  static ImportRoots choose(const std::optional<std::vector<std::string>>& configured,
                            const std::vector<std::string>& tracked,
                            const std::function<std::optional<std::string>(const std::string&)>& read);

  // The roots, deepest first, repository root ("") last.
  const std::vector<std::string>& folders() const { return folders_; }
  // Where the roots came from, one line each ("src (pyproject.toml:
  // [tool.hatch.build.targets.wheel] packages)"); empty when set explicitly.
  const std::vector<std::string>& origins() const { return origins_; }
  // The roots other than the repository root, as written in a moves file.
  std::vector<std::string> explicit_folders() const;
  bool operator==(const ImportRoots& o) const { return folders_ == o.folders_; }

  // The root holding `path` (its deepest).
  const std::string& root_of(std::string_view path) const;
  // "src/a/b/c.py" -> "a.b.c", "src/a/b/__init__.py" -> "a.b"; nullopt for
  // non-Python files, a root's own __init__.py and paths whose segments are
  // not identifiers.
  std::optional<std::string> module_of(std::string_view path) const;
  // The package a file's relative imports resolve against: the dotted name
  // of its folder below its root ("" at a root); nullopt when a folder name
  // is not an identifier.
  std::optional<std::string> package_of(std::string_view path) const;
  // The module a folder is ("src/a/b" -> "a.b"), nullopt as for package_of.
  std::optional<std::string> module_of_folder(std::string_view folder) const;
  // The folder of package `module` below `root` ("src", "a.b" -> "src/a/b").
  static std::string folder_in(std::string_view root, std::string_view module);

 private:
  friend ImportRoots detect_import_roots(const std::vector<std::string>&,
                                         const std::function<std::optional<std::string>(const std::string&)>&);
  std::vector<std::string> folders_{""};
  std::vector<std::string> origins_;
};

// Detection over the tracked files (see the header comment). `read` returns
// a file's content, nullopt when unreadable.
ImportRoots detect_import_roots(const std::vector<std::string>& tracked,
                                const std::function<std::optional<std::string>(const std::string&)>& read);

// `from <dots><rest> import` against `package` (the importer's package):
// one dot is the package itself, each further dot its parent. nullopt when
// it climbs to or above the top (Python: "attempted relative import beyond
// top-level package").
std::optional<std::string> resolve_relative(std::string_view package, std::size_t dots, std::string_view rest);
// The module a `from X import` statement's module_name node names, relative
// forms resolved against `package` (nullopt: unknown package or too many
// dots).
std::optional<std::string> from_import_module(const ParsedFile& f, TSNode module_name,
                                              const std::optional<std::string>& package);
// The relative spelling of `target` from `package` ("..util",
// ".b.a.mod", "."), when both lie in the same top-level package; nullopt
// otherwise.
std::optional<std::string> relative_spelling(std::string_view package, std::string_view target);

}  // namespace migrate::rewrite
