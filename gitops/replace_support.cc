#include "gitops/replace_support.h"

#include <git2.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace migrate::gitops {
namespace {

namespace fs = std::filesystem;

// The branch a worktree's HEAD file names ("ref: refs/heads/x"), or "".
std::string symbolic_head(const fs::path& gitdir) {
  std::ifstream in(gitdir / "HEAD");
  std::string line;
  std::getline(in, line);
  constexpr std::string_view kPrefix = "ref: ";
  if (line.rfind(kPrefix, 0) != 0) return "";
  return line.substr(kPrefix.size());
}

std::string normalized(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(dir, ec);
  std::string s = (ec ? fs::path(dir) : p).string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

struct WorktreeHead {
  std::string dir;     // worktree directory
  std::string branch;  // full ref name HEAD points at, "" when detached
};

std::vector<WorktreeHead> all_worktree_heads(const Repository& repo) {
  std::vector<WorktreeHead> out;
  const fs::path common = repo.common_dir();
  // The main worktree: the common dir's HEAD, its directory the parent of
  // the common dir unless the repository is bare.
  {
    git_repository* main = nullptr;
    check(git_repository_open(&main, common.c_str()), "open main worktree", common.string());
    const char* wd = git_repository_workdir(main);
    if (wd) out.push_back({normalized(wd), symbolic_head(common)});
    git_repository_free(main);
  }
  git_strarray names{};
  check(git_worktree_list(&names, repo.raw()), "list worktrees");
  for (size_t i = 0; i < names.count; ++i) {
    git_worktree* wt = nullptr;
    if (git_worktree_lookup(&wt, repo.raw(), names.strings[i]) < 0) continue;
    out.push_back({normalized(git_worktree_path(wt)),
                   symbolic_head(common / "worktrees" / names.strings[i])});
    git_worktree_free(wt);
  }
  git_strarray_dispose(&names);
  return out;
}

}  // namespace

std::optional<std::string> branch_checked_out_elsewhere(const Repository& repo, const RefName& branch) {
  const std::string self = normalized(repo.workdir());
  for (const WorktreeHead& wt : all_worktree_heads(repo)) {
    if (wt.branch == branch.full() && wt.dir != self) return wt.dir;
  }
  return std::nullopt;
}

void cache_blobs(std::size_t max_blob_bytes) {
  check(git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, max_blob_bytes), "set blob cache limit");
}

void keep_reflog(Repository& repo, const RefName& ref) {
  check(git_reference_ensure_log(repo.raw(), ref.full().c_str()), "create reflog", ref.full());
}

}  // namespace migrate::gitops
