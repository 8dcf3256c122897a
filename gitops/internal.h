// Helpers shared by the gitops/*.cc files; not part of the core's interface.
#pragma once

#include <sys/stat.h>

#include <string>

#include "gitops/error.h"
#include "gitops/handles.h"
#include "gitops/types.h"

namespace migrate::gitops {

// Throws GitError(operation, subject, libgit2's last message, rc).
[[noreturn]] void throw_git(const char* operation, const std::string& subject, int rc);

inline void check_git(int rc, const char* operation, const std::string& subject) {
  if (rc < 0) throw_git(operation, subject, rc);
}

CommitHandle lookup_commit(git_repository* repo, const Oid& id);
TreeHandle lookup_tree(git_repository* repo, const Oid& id);
// The tree itself, or the tree of a commit.
TreeHandle lookup_tree_ish(git_repository* repo, const Oid& id);
IndexHandle repository_index(git_repository* repo);

// Whether the file `st` describes is, by its stat data, the one the index
// entry records (git's ie_match_stat for the fields it checks by default); a
// racily clean entry (mtime not older than the index file) never matches.
bool stat_matches(const git_index_entry& entry, const struct stat& st, const struct timespec& index_mtime);

}  // namespace migrate::gitops
