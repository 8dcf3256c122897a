// What git migrate-replace decided to do, before anything is written: the
// branch it works on, the tree it builds from <fresh>, and the changes that
// tree brings. Refusals are ordinary values (ARCHITECTURE.md, safety), printed by
// report.cc, and mean exit 1 with nothing changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "gitops/repository.h"
#include "gitops/types.h"

namespace migrate::cmd::replace {

struct Refusal {
  std::string error;                 // what is wrong, one line
  std::vector<std::string> details;  // e.g. the paths in the way
  std::string hint;                  // what the user can do
};

// The branch the command works on.
struct Target {
  gitops::RefName branch;
  bool checked_out = false;  // HEAD of this worktree points at it
  gitops::Oid head;
  gitops::Oid head_tree;
  std::string head_summary;
};

// An excluded path that <fresh> has: a folder (with its file count) or a file.
struct ExcludedPath {
  gitops::RepoPath path;
  bool folder = false;
  std::size_t files = 0;
};

struct Settings {
  std::vector<gitops::RepoPath> excludes;
  std::string message;
  std::int64_t deletion_threshold = 50;
};

struct Plan {
  Target target;
  std::string fresh_name;  // as the user wrote it
  gitops::Oid fresh, fresh_tree, new_tree;
  std::string fresh_summary;
  std::vector<ExcludedPath> excluded;
  std::vector<gitops::FileStat> changes;  // head tree -> new tree
  Settings settings;
};

gitops::RefName backup_ref(const gitops::RefName& branch);

// The branch named on the command line (a short name or refs/heads/...), or
// the current branch.
std::variant<Target, Refusal> find_target(const gitops::Repository& repo,
                                          const std::optional<std::string>& branch_arg);

// Operation in progress; with the branch checked out, a dirty index or
// worktree. `verb` names the action in messages ("replace", "undo").
// `spotless`, when given, is set when the branch is checked out and the
// worktree has no change at all, untracked files included.
std::optional<Refusal> check_state(const gitops::Repository& repo, const Target& target,
                                   const std::string& verb, bool* spotless = nullptr);

// Resolves <fresh> and builds its tree minus the excluded paths in the
// object database (written, but unreferenced until a commit uses it).
// Refuses when <fresh> is not a commit or there is nothing to adopt.
// Plan::changes is left empty: the caller diffs when the blobs are at hand.
std::variant<Plan, Refusal> make_plan(gitops::Repository& repo, Target target,
                                      const std::string& fresh_name, Settings settings);

// With the branch checked out: refuses when moving index and worktree from
// `from` to `to` would overwrite untracked files.
std::optional<Refusal> check_checkout(const gitops::Repository& repo, const Target& target,
                                      const gitops::Oid& to_tree, const std::string& verb);

}  // namespace migrate::cmd::replace
