#include "cmd/check/worktree.h"

#include <algorithm>
#include <filesystem>

#include "common/fs.h"

namespace migrate::cmd::check {

WorktreeFileSource::WorktreeFileSource(const gitops::Repository& repo) : root_(repo.workdir()) {
  namespace fs = std::filesystem;
  std::vector<gitops::RepoPath> candidates = repo.tracked_files();
  for (auto& p : repo.status().untracked) candidates.push_back(std::move(p));
  for (const auto& p : candidates) {
    std::error_code ec;
    // Deleted tracked files are not in the worktree; folders (submodules) are
    // not files.
    if (fs::is_regular_file(fs::path(root_ + p.str()), ec)) paths_.push_back(p.str());
  }
  std::sort(paths_.begin(), paths_.end());
  paths_.erase(std::unique(paths_.begin(), paths_.end()), paths_.end());
}

std::optional<std::string> WorktreeFileSource::read(const std::string& path) const {
  if (!std::binary_search(paths_.begin(), paths_.end(), path)) return std::nullopt;
  return read_file(root_ + path);
}

}  // namespace migrate::cmd::check
