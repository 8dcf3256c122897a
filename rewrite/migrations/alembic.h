// Alembic revision graphs, read statically, and their audit (rules al-*).
//
// The environments come from `script_location` (with `version_locations`,
// `path_separator`/`version_path_separator` and `recursive_version_locations`)
// in every section of each alembic.ini and in [tool.alembic] of
// pyproject.toml, relative to the file's folder (`%(here)s` is that folder).
// A `versions/` folder that no configuration names (Flask-Migrate keeps its
// configuration in code) is an environment of its own when one of its files
// assigns both `revision` and `down_revision`. Each environment is one graph.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rewrite/finding.h"
#include "rewrite/migrations/graph_rules.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite::migrations {

struct AlembicRef {
  std::string id;
  unsigned line = 0;
};

// What one revision file says, read from its text.
struct AlembicModule {
  std::optional<std::string> revision;  // a literal string
  unsigned revision_line = 0;           // line of the assignment (0 when none)
  bool down_assigned = false;           // `down_revision = ...` exists
  bool down_computed = false;           // ... but is not a literal we can read
  unsigned down_line = 0;
  std::vector<AlembicRef> down_revisions;  // None -> empty
  std::vector<std::string> branch_labels;
  std::vector<AlembicRef> depends_on;
  unsigned computed = 0;                // entries skipped as not literal
  unsigned upgrade_line = 0;            // 0 when there is no upgrade()
  bool upgrade_empty = false;           // only pass, `...` or a docstring
  struct ForeignKey {
    unsigned line;
    std::string callee;                 // "sa.ForeignKey", "op.create_foreign_key", ...
  };
  std::vector<ForeignKey> fks_without_ondelete;  // outside downgrade()
  unsigned syntax_error_line = 0;
};
AlembicModule parse_alembic_revision(const ParsedFile& file);

struct AlembicEnv {
  std::string config;               // "alembic.ini [alembic]", "pyproject.toml", "" when found by its folder
  std::vector<std::string> dirs;    // version folders, repository-relative
  bool recursive = false;
  std::vector<std::string> files;   // revision files, sorted
};
// Every environment in `files`. Reads the configuration files, and for
// unconfigured versions/ folders the files' text.
std::vector<AlembicEnv> find_alembic_envs(const FileSource& files);

// al-missing-revision, al-dangling-reference, al-multiple-heads,
// al-duplicate-revision, al-cycle, al-empty-upgrade, al-fk-no-ondelete.
GraphReport audit_alembic(const FileSource& files, const GraphOptions& options);

}  // namespace migrate::rewrite::migrations
