// Small gitops helpers that git migrate-replace needs beyond the Repository
// facade: reflogs for backup refs. (Which worktree has a branch
// checked out: Repository::worktree_using_branch.)
#pragma once

#include <cstddef>

#include "gitops/repository.h"
#include "gitops/types.h"

namespace migrate::gitops {

// Makes `ref` keep a reflog even outside refs/heads (git logs only branches,
// remote-tracking refs, notes and HEAD by default), so that every value a
// backup ref had stays recoverable with `git reflog <ref>`.
void keep_reflog(Repository& repo, const RefName& ref);

}  // namespace migrate::gitops
