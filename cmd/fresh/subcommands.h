// What the subcommands that expose the rewrite core (`git migrate-fresh
// scan` and `rewrite`, in scan_cmd.cc and rewrite_cmd.cc) share with each
// other and with the pipeline: paths given on the command line, and the
// worktree's import roots.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rewrite/modules.h"

namespace migrate::cmd {

// A command-line path (relative to the current directory, which is `prefix`
// below the worktree root) as a repository-relative path without "." or ".."
// segments and without a trailing '/'; "" for the root itself; nullopt when
// it leaves the repository.
std::optional<std::string> repo_relative_path(const std::string& prefix, const std::string& arg);

// The import roots of a worktree: `configured` (git config
// migrate.importRoots, .git-migrate.toml import_roots) when set, else
// detected from the tracked files, read from the worktree at `root`.
rewrite::ImportRoots worktree_import_roots(const std::string& root, const std::vector<std::string>& tracked,
                                           const std::optional<std::vector<std::string>>& configured);

}  // namespace migrate::cmd
