// Alembic revision graphs, read statically, and their audit (rules al-*).
//
// The environments come from `script_location` (with `version_locations`,
// `path_separator`/`version_path_separator` and `recursive_version_locations`)
// in every section of each alembic.ini and in [tool.alembic] of
// pyproject.toml, relative to the file's folder (`%(here)s` is that folder).
// A `versions/` folder that no configuration names (Flask-Migrate keeps its
// configuration in code) is an environment of its own when one of its files
// assigns both `revision` and `down_revision`, and so is an env.py that uses
// Alembic outside every configured script location (its versions/ folder).
// Below a (non-recursive) version location, every folder that holds revision
// files of its own is a further environment: env.py may choose one by
// dialect (versions/sqlite, versions/postgresql). Each environment is one
// graph. Folders next to versions/ (an archive such as versions_old_backup/)
// are not environments: Alembic does not run them.
//
// Folders found below one version location that have no base revision of
// their own (none, or only the labelled roots of branches) and whose
// revisions continue revisions of another of those folders (or of the
// location itself) are one graph with it: a project that
// lists them all in version_locations from code (versions/<release>/expand,
// versions/<release>/contract, each release continuing the one before) runs
// them as one history. Folders that each start from a base of their own
// (versions/sqlite, versions/postgresql) stay apart, so a reference from one
// into the other is still dangling.
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
  bool labels_computed = false;         // branch_labels assigned something we cannot read
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
  // The configured version location a folder below it was found under
  // (versions/ for versions/sqlite); "" for a configured one. Such folders
  // and their location may turn out to be one graph (audit_alembic).
  std::string below;
};
struct AlembicLayout {
  std::vector<AlembicEnv> envs;
  // al-no-version-tree: one warning per configuration file (alembic.ini,
  // pyproject.toml, an env.py that uses Alembic) for which no folder was found.
  std::vector<Finding> no_tree;
};
// Every environment in `files`. Reads the configuration files, env.py files,
// and the text of candidate revision files.
AlembicLayout find_alembic_layout(const FileSource& files);
std::vector<AlembicEnv> find_alembic_envs(const FileSource& files);

// al-missing-revision, al-dangling-reference, al-multiple-heads,
// al-duplicate-revision, al-cycle, al-empty-upgrade, al-fk-no-ondelete.
GraphReport audit_alembic(const FileSource& files, const GraphOptions& options);

}  // namespace migrate::rewrite::migrations
