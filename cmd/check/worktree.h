// --worktree: the migration-graph rules read the worktree as it is (tracked
// files that exist, and untracked files git does not ignore) instead of the
// final tree of the range, so a migration can be audited before it is
// committed. The range still gives the start (dj-edited-applied compares the
// worktree with it); the other rules still audit the range's commits.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gitops/repository.h"
#include "rewrite/finding.h"

namespace migrate::cmd::check {

class WorktreeFileSource : public rewrite::FileSource {
 public:
  explicit WorktreeFileSource(const gitops::Repository& repo);
  const std::vector<std::string>& paths() const override { return paths_; }
  std::optional<std::string> read(const std::string& path) const override;

 private:
  std::string root_;  // absolute, trailing '/'
  std::vector<std::string> paths_;
};

}  // namespace migrate::cmd::check
