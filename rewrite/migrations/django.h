// The Django migration graph, read statically, and its audit (rules dj-*,
// except dj-edited-applied which is in edited_applied.h).
//
// A migrations package is a `migrations/` folder with `__init__.py` (one that
// is an Alembic environment, with env.py and a versions/ folder or
// script.py.mako, is not). Its migrations are the `.py` modules directly in
// it whose names do not start with `_` or `~`. The app label is the name of
// the folder holding `migrations/`, unless that folder's apps.py sets
// `label = "..."` on an AppConfig.
//
// The graph is built as Django's MigrationLoader builds it without a database
// (makemigrations): internal dependencies, then external ones with
// `__first__`/`__latest__` resolved against the unsquashed graph, then every
// squashed migration (`replaces = [...]`) takes the place of the migrations
// it replaces, which leave the graph, dependencies on them pointing at the
// squash instead.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rewrite/finding.h"
#include "rewrite/migrations/graph_rules.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite::migrations {

// (app label, migration name).
using MigrationKey = std::pair<std::string, std::string>;

struct DjangoRef {
  std::string app, name;
  unsigned line = 0;
};

// What one migration module says, read from its text.
struct DjangoModule {
  bool has_migration = false;   // defines or imports `Migration`
  bool class_found = false;     // `class Migration` is in the module: the lists are read from it
  unsigned class_line = 0;      // its line (0 when Migration is imported)
  unsigned syntax_error_line = 0;
  std::vector<DjangoRef> dependencies, run_before, replaces;
  std::optional<bool> initial;
  unsigned computed = 0;        // entries that are not literal (app, name) pairs, skipped
  std::vector<std::string> computed_entries;  // "dependencies: <source text>", for each of them
  unsigned swappable = 0;       // of which swappable_dependency(...) calls
};
DjangoModule parse_django_migration(const ParsedFile& file);

struct DjangoApp {
  std::string label;
  std::string app_dir;          // folder holding migrations/ ("shop/orders")
  std::string migrations_dir;   // "shop/orders/migrations"
  std::vector<std::string> modules;  // migration module paths, sorted
  bool has_max_migration = false;    // migrations/max_migration.txt exists
};
// Every migrations package in `files`, sorted by migrations_dir. Reads only
// the apps.py files of the packages found, and the modules of a package
// whose Django nature those and its module names do not show.
std::vector<DjangoApp> find_django_apps(const FileSource& files);

// path -> (app label, migration name) for every migration module.
std::vector<std::pair<std::string, MigrationKey>> django_migration_paths(const FileSource& files);

// dj-multiple-leaves, dj-missing-dependency, dj-cycle, dj-no-migration-class,
// dj-number-clash, dj-max-migration.
GraphReport audit_django(const FileSource& files);

// The migrations Django itself ships for django.contrib apps, so that a
// dependency on ("auth", "0012_alter_user_first_name_max_length") is known
// to exist although the app is not in the repository.
bool is_django_contrib_migration(const std::string& app, const std::string& name);
bool is_django_contrib_app(const std::string& app);

}  // namespace migrate::rewrite::migrations
