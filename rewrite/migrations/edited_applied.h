// dj-edited-applied: a Django migration that exists at the merge base with
// the main branch (so it may be applied somewhere) and is modified, deleted
// or renamed in the audited range. Never modify an applied migration; add a
// new one (docs/workflow.md, "Migration practice the audits enforce").
//
// What is not an edit: a change of layout, comments, quote style or trailing
// commas (the token stream is compared, not the bytes); a move of the file
// that keeps its app label and name (an app moved to another package with
// `label` kept in apps.py); and the documented end of a squash — deleting
// migrations a squash in the final tree replaces, dropping the squash's
// `replaces`, and pointing dependencies at the squash instead of the
// migrations it replaced; and, given the moves in effect, the import rewrite
// of a move: a migration whose new text is its old text with imports, their
// use sites and dotted strings mapped through the moves (what the rewriter
// makes of it, rewrite/imports.h) has the same meaning. Any other change of
// its operations is still an edit.
#pragma once

#include <string>
#include <vector>

#include "rewrite/finding.h"
#include "rewrite/moves.h"

namespace migrate::rewrite::migrations {

struct FileChange {
  enum class Status { kAdded, kModified, kDeleted, kRenamed };
  Status status = Status::kModified;
  std::string old_path;  // "" when added
  std::string new_path;  // "" when deleted
  std::string commit;    // the commit that made the change, "" when unknown (worktree)
};

// `changes` is the difference between `base` (the merge base's tree) and
// `head` (the final tree or the worktree), renames detected. `moves` (may be
// null or empty) are the moves in effect over the range. Findings are sorted
// and carry each change's commit.
std::vector<Finding> audit_edited_applied(const FileSource& base, const FileSource& head,
                                          const std::vector<FileChange>& changes, const MoveSet* moves = nullptr);

// The changes of Django migration files from `base` to `head` when no diff
// is at hand (the worktree): a base migration whose path is gone is renamed
// when `moves` (may be null) move it to a migration module new in `head`, or
// when such a module has exactly its content; deleted otherwise. One whose
// content differs is modified. Commits are "".
std::vector<FileChange> migration_changes(const FileSource& base, const FileSource& head,
                                          const MoveSet* moves = nullptr);

}  // namespace migrate::rewrite::migrations
