// Small gitops helpers that git migrate-replace needs beyond the Repository
// facade: which worktree, if any, has a branch checked out.
#pragma once

#include <optional>
#include <string>

#include "gitops/repository.h"
#include "gitops/types.h"

namespace migrate::gitops {

// The worktree directory (no trailing '/') of a worktree *other than*
// `repo`'s own that has `branch` checked out (its HEAD is a symbolic ref to
// it); nullopt when no other worktree does. Considers the main worktree and
// every linked one.
std::optional<std::string> branch_checked_out_elsewhere(const Repository& repo, const RefName& branch);

}  // namespace migrate::gitops
