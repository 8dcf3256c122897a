// Backup refs written before a branch is moved or deleted:
// refs/migrate/backup/<branch>/<n>, n counting up from 1, so every backup of
// a branch is kept and `git branch <name> <ref>` restores one.
#pragma once

#include <string_view>

#include "gitops/repository.h"

namespace migrate::cmd {

gitops::RefName write_backup(gitops::Repository& repo, std::string_view branch, const gitops::Oid& value,
                             std::string_view why);

}  // namespace migrate::cmd
