// Repository: index and worktree (checkout, staging, moves).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "gitops/handles.h"
#include "gitops/internal.h"
#include "gitops/repository.h"

namespace migrate::gitops {

namespace fs = std::filesystem;

// Whether the file `st` describes is, by its stat data, the one `entry`
// records: git's test (ie_match_stat) for the fields it checks by default.
// An entry whose mtime is not older than the index file is "racily clean"
// (the file may have changed within the same second) and never matches.
bool stat_matches(const git_index_entry& entry, const struct stat& st, const struct timespec& index_mtime) {
  const auto sec = static_cast<std::int32_t>(st.st_mtim.tv_sec);
  const auto nsec = static_cast<std::uint32_t>(st.st_mtim.tv_nsec);
  const bool same = entry.mtime.seconds == sec && entry.mtime.nanoseconds == nsec &&
                    entry.ctime.seconds == static_cast<std::int32_t>(st.st_ctim.tv_sec) &&
                    entry.file_size == static_cast<std::uint32_t>(st.st_size) &&
                    entry.ino == static_cast<std::uint32_t>(st.st_ino) &&
                    entry.uid == static_cast<std::uint32_t>(st.st_uid) &&
                    entry.gid == static_cast<std::uint32_t>(st.st_gid) &&
                    ((entry.mode & 0100) != 0) == ((st.st_mode & 0100) != 0);
  if (!same) return false;
  return sec < index_mtime.tv_sec || (sec == index_mtime.tv_sec && nsec < static_cast<std::uint32_t>(index_mtime.tv_nsec));
}

namespace {

struct ConflictCollector {
  std::vector<RepoPath> paths;
};

int collect_conflict(git_checkout_notify_t why, const char* path, const git_diff_file*, const git_diff_file*,
                     const git_diff_file*, void* payload) {
  if (why & GIT_CHECKOUT_NOTIFY_CONFLICT) {
    auto* c = static_cast<ConflictCollector*>(payload);
    if (auto p = RepoPath::parse(path ? path : "")) c->paths.push_back(*p);
  }
  return 0;  // keep going: collect every conflict
}

// Runs git_checkout_tree from `from` to `to`; with `dry_run`, writes nothing
// and returns the conflicting paths. `paths`, when given, limits the
// checkout to exactly those paths.
std::vector<RepoPath> run_checkout(git_repository* repo, const Oid& from_tree, const Oid& to_tree, bool dry_run,
                                   const std::vector<std::string>* paths = nullptr,
                                   unsigned extra_strategy = 0,
                                   const Repository::CheckoutProgress* progress = nullptr) {
  TreeHandle baseline = lookup_tree_ish(repo, from_tree);
  TreeHandle target = lookup_tree_ish(repo, to_tree);
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  opts.checkout_strategy = GIT_CHECKOUT_SAFE | (dry_run ? GIT_CHECKOUT_DRY_RUN : 0) | extra_strategy;
  opts.baseline = baseline.get();
  ConflictCollector conflicts;
  opts.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
  opts.notify_cb = collect_conflict;
  opts.notify_payload = &conflicts;
  if (progress && *progress) {
    opts.progress_cb = [](const char*, size_t done, size_t total, void* payload) {
      (*static_cast<const Repository::CheckoutProgress*>(payload))(done, total);
    };
    opts.progress_payload = const_cast<Repository::CheckoutProgress*>(progress);
  }
  std::vector<char*> path_ptrs;
  if (paths) {
    for (const auto& p : *paths) path_ptrs.push_back(const_cast<char*>(p.c_str()));
    opts.paths.strings = path_ptrs.data();
    opts.paths.count = path_ptrs.size();
    opts.checkout_strategy |= GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
  }
  const int rc = git_checkout_tree(repo, reinterpret_cast<const git_object*>(target.get()), &opts);
  if (rc == GIT_ECONFLICT && dry_run) {
    git_error_clear();
  } else if (rc < 0) {
    throw_git("check out tree", to_tree.hex(), rc);
  }
  std::sort(conflicts.paths.begin(), conflicts.paths.end());
  conflicts.paths.erase(std::unique(conflicts.paths.begin(), conflicts.paths.end()), conflicts.paths.end());
  return conflicts.paths;
}

bool is_regular_mode(std::uint16_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

// The paths that differ between the two trees (both sides of every change),
// and the regular files whose content changes.
struct TreeChange {
  std::vector<std::string> paths;
  std::vector<std::pair<std::string, git_oid>> rewritten;  // path, old blob id
};

TreeChange tree_change(git_repository* repo, const Oid& from_tree, const Oid& to_tree) {
  TreeHandle a = lookup_tree_ish(repo, from_tree);
  TreeHandle b = lookup_tree_ish(repo, to_tree);
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
  DiffHandle diff;
  check_git(git_diff_tree_to_tree(out(diff), repo, a.get(), b.get(), &opts), "diff trees",
            from_tree.hex() + ".." + to_tree.hex());
  TreeChange change;
  const std::size_t n = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    change.paths.emplace_back(d->old_file.path);
    if (std::string_view(d->old_file.path) != d->new_file.path) change.paths.emplace_back(d->new_file.path);
    if (d->status == GIT_DELTA_MODIFIED && is_regular_mode(d->old_file.mode) && is_regular_mode(d->new_file.mode)) {
      change.rewritten.emplace_back(d->old_file.path, d->old_file.id);
    }
  }
  return change;
}

// git replaces a file by unlinking it and writing a new one; libgit2 truncates
// and rewrites it in place, which on ext4 (auto_da_alloc) waits for the old
// data to reach the disk and made checkouts several times slower than git's.
// So files about to be rewritten are unlinked first, once their content is
// confirmed to be exactly the baseline's (nothing of the user's is lost), and
// the checkout recreates them. The content is confirmed as git does: by the
// index's stat data when the index records this blob and the file's stat
// matches it, otherwise by hashing the file. Returns the unlinked paths.
std::vector<std::string> unlink_unmodified(git_repository* repo, const std::string& workdir,
                                           const std::vector<std::pair<std::string, git_oid>>& files) {
  IndexHandle index = repository_index(repo);
  struct stat index_st {};
  const char* index_path = git_index_path(index.get());
  const bool have_index_time = index_path && ::stat(index_path, &index_st) == 0;
  std::vector<std::string> unlinked;
  for (const auto& [path, old_id] : files) {
    const std::string full = workdir + path;
    struct stat st;
    if (lstat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const git_index_entry* entry = git_index_get_bypath(index.get(), path.c_str(), 0);
    bool unmodified = entry && git_oid_equal(&entry->id, &old_id) && have_index_time &&
                      stat_matches(*entry, st, index_st.st_mtim);
    if (!unmodified) {
      git_oid now;
      if (git_repository_hashfile(&now, repo, full.c_str(), GIT_OBJECT_BLOB, path.c_str()) < 0) {
        git_error_clear();
        continue;
      }
      unmodified = git_oid_equal(&now, &old_id);
    }
    if (unmodified && ::unlink(full.c_str()) == 0) unlinked.push_back(path);
  }
  return unlinked;
}

void write_index(git_index* index, const std::string& what) {
  check_git(git_index_write(index), "write index", what);
}

}  // namespace

namespace {

// Changed paths whose index entry is not the baseline's: a staged change (or
// an unmerged entry) that the checkout would overwrite. git refuses those
// too ("Your local changes ... would be overwritten").
std::vector<RepoPath> index_conflicts(git_repository* repo, const Oid& from_tree, const TreeChange& change) {
  IndexHandle index = repository_index(repo);
  TreeHandle from = lookup_tree_ish(repo, from_tree);
  std::vector<RepoPath> result;
  for (const std::string& path : change.paths) {
    const git_index_entry* staged = git_index_get_bypath(index.get(), path.c_str(), 0);
    bool unmerged = false;
    for (int stage = 1; stage <= 3 && !unmerged; ++stage) {
      unmerged = git_index_get_bypath(index.get(), path.c_str(), stage) != nullptr;
    }
    TreeEntryHandle base;
    const int rc = git_tree_entry_bypath(out(base), from.get(), path.c_str());
    if (rc < 0 && rc != GIT_ENOTFOUND) throw_git("read tree entry", path, rc);
    if (rc == GIT_ENOTFOUND) git_error_clear();
    const bool in_base = rc == 0 && git_tree_entry_type(base.get()) != GIT_OBJECT_TREE;
    bool differs = unmerged || (staged != nullptr) != in_base;
    if (!differs && staged && in_base) {
      differs = !git_oid_equal(&staged->id, git_tree_entry_id(base.get())) ||
                staged->mode != static_cast<std::uint32_t>(git_tree_entry_filemode_raw(base.get()));
    }
    if (differs) {
      if (auto p = RepoPath::parse(path)) result.push_back(*p);
    }
  }
  return result;
}

std::vector<RepoPath> all_conflicts(git_repository* repo, const Oid& from_tree, const Oid& to_tree,
                                    const TreeChange& change) {
  std::vector<RepoPath> conflicts = run_checkout(repo, from_tree, to_tree, true);
  for (auto& p : index_conflicts(repo, from_tree, change)) conflicts.push_back(std::move(p));
  std::sort(conflicts.begin(), conflicts.end());
  conflicts.erase(std::unique(conflicts.begin(), conflicts.end()), conflicts.end());
  return conflicts;
}

}  // namespace

std::vector<RepoPath> Repository::checkout_conflicts(const Oid& from_tree, const Oid& to_tree) const {
  return all_conflicts(repo_, from_tree, to_tree, tree_change(repo_, from_tree, to_tree));
}

void Repository::checkout_tree(const Oid& from_tree, const Oid& to_tree, CheckoutGuard guard,
                               const CheckoutProgress& progress) {
  TreeChange change = tree_change(repo_, from_tree, to_tree);
  const auto conflicts =
      guard == CheckoutGuard::kCheck ? all_conflicts(repo_, from_tree, to_tree, change) : std::vector<RepoPath>{};
  if (!conflicts.empty()) {
    std::string list;
    for (std::size_t i = 0; i < conflicts.size() && i < 20; ++i) list += (i ? ", " : "") + conflicts[i].str();
    if (conflicts.size() > 20) list += ", ... (" + std::to_string(conflicts.size()) + " paths)";
    throw GitError("check out tree", to_tree.hex(),
                   "local changes or untracked files would be overwritten: " + list, GIT_ECONFLICT);
  }
  if (change.paths.empty()) return;
  const std::vector<std::string> unlinked = unlink_unmodified(repo_, workdir(), change.rewritten);
  // Only the changed paths: the rest of the worktree and index is not looked
  // at again. RECREATE_MISSING brings back the files unlinked above.
  try {
    run_checkout(repo_, from_tree, to_tree, false, &change.paths, GIT_CHECKOUT_RECREATE_MISSING, &progress);
  } catch (const GitError&) {
    // Refused before writing (something appeared in the way since the
    // check): the unlinked files, unmodified, come back from the old tree.
    if (!unlinked.empty()) {
      try {
        run_checkout(repo_, from_tree, from_tree, false, &unlinked, GIT_CHECKOUT_RECREATE_MISSING);
      } catch (const GitError&) {
      }
    }
    throw;
  }
}

void Repository::restore_changed_paths(const Oid& a_tree, const Oid& b_tree, const Oid& want_tree) {
  const TreeChange change = tree_change(repo_, a_tree, b_tree);
  if (change.paths.empty()) return;
  const Oid& other = want_tree == a_tree ? b_tree : a_tree;
  // The worktree: forced, limited to the changed paths; a file the other
  // tree brought (tracked or not yet in the index) goes.
  run_checkout(repo_, other, want_tree, false, &change.paths,
               GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED | GIT_CHECKOUT_RECREATE_MISSING);
  // The index: exactly `want_tree`'s entries for those paths, whatever the
  // interrupted checkout had written.
  IndexHandle index = repository_index(repo_);
  TreeHandle want = lookup_tree_ish(repo_, want_tree);
  for (const std::string& path : change.paths) {
    for (int stage = 0; stage <= 3; ++stage) {
      const int rc = git_index_remove(index.get(), path.c_str(), stage);
      if (rc < 0 && rc != GIT_ENOTFOUND) throw_git("restore index entry", path, rc);
      if (rc == GIT_ENOTFOUND) git_error_clear();
    }
    TreeEntryHandle entry;
    const int rc = git_tree_entry_bypath(out(entry), want.get(), path.c_str());
    if (rc == GIT_ENOTFOUND) {
      git_error_clear();
      continue;
    }
    if (rc < 0) throw_git("read tree entry", path, rc);
    if (git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE) continue;
    git_index_entry e{};
    e.path = path.c_str();
    e.mode = static_cast<std::uint32_t>(git_tree_entry_filemode_raw(entry.get()));
    git_oid_cpy(&e.id, git_tree_entry_id(entry.get()));
    // The stat data of the file just written, so status does not rehash it.
    struct stat st {};
    const std::string full = workdir() + path;
    if (lstat(full.c_str(), &st) == 0) {
      e.ctime.seconds = static_cast<std::int32_t>(st.st_ctim.tv_sec);
      e.ctime.nanoseconds = static_cast<std::uint32_t>(st.st_ctim.tv_nsec);
      e.mtime.seconds = static_cast<std::int32_t>(st.st_mtim.tv_sec);
      e.mtime.nanoseconds = static_cast<std::uint32_t>(st.st_mtim.tv_nsec);
      e.dev = static_cast<std::uint32_t>(st.st_dev);
      e.ino = static_cast<std::uint32_t>(st.st_ino);
      e.uid = static_cast<std::uint32_t>(st.st_uid);
      e.gid = static_cast<std::uint32_t>(st.st_gid);
      e.file_size = static_cast<std::uint32_t>(st.st_size);
    }
    check_git(git_index_add(index.get(), &e), "restore index entry", path);
  }
  write_index(index.get(), "restore " + want_tree.hex());
}

Oid Repository::index_tree() {
  IndexHandle index = repository_index(repo_);
  git_oid tree;
  check_git(git_index_write_tree(&tree, index.get()), "write index tree", "");
  return from_git(tree);
}

void Repository::read_tree_into_index(const Oid& tree) {
  IndexHandle index = repository_index(repo_);
  TreeHandle t = lookup_tree_ish(repo_, tree);
  check_git(git_index_read_tree(index.get(), t.get()), "read tree into index", tree.hex());
  write_index(index.get(), tree.hex());
}

namespace {

struct ExcludePayload {
  const std::vector<RepoPath>* exclude;
};

bool is_excluded(const char* path, const std::vector<RepoPath>& exclude) {
  const auto p = RepoPath::parse(path ? path : "");
  if (!p) return false;
  for (const auto& ex : exclude) {
    if (p->is_under(ex)) return true;
  }
  return false;
}

int skip_excluded(const char* path, const char*, void* payload) {
  const auto* ex = static_cast<ExcludePayload*>(payload);
  return is_excluded(path, *ex->exclude) ? 1 : 0;
}

void remove_excluded(git_index* index, const std::vector<RepoPath>& exclude) {
  std::vector<std::string> doomed;
  const std::size_t n = git_index_entrycount(index);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index, i);
    if (is_excluded(e->path, exclude)) doomed.emplace_back(e->path);
  }
  for (const auto& path : doomed) {
    // All stages (a conflicted excluded path goes too).
    for (int stage = 0; stage <= 3; ++stage) {
      const int rc = git_index_remove(index, path.c_str(), stage);
      if (rc < 0 && rc != GIT_ENOTFOUND) throw_git("unstage", path, rc);
    }
  }
}

}  // namespace

Oid Repository::stage_all(const std::vector<RepoPath>& exclude) {
  IndexHandle index = repository_index(repo_);
  ExcludePayload payload{&exclude};
  // New and modified files (ignored ones are skipped by libgit2 as by git).
  check_git(git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, skip_excluded, &payload),
            "stage all", workdir());
  // Deleted files, and modified tracked ones add_all left alone.
  check_git(git_index_update_all(index.get(), nullptr, skip_excluded, &payload), "stage all", workdir());
  // Excluded paths end up absent from the index, even when staged earlier.
  remove_excluded(index.get(), exclude);
  write_index(index.get(), "stage all");
  git_oid tree;
  check_git(git_index_write_tree(&tree, index.get()), "write index tree", "");
  return from_git(tree);
}

void Repository::move_path(const RepoPath& from, const RepoPath& to) {
  if (from.empty() || to.empty()) throw GitError("move", from.str(), "cannot move the repository root", GIT_EINVALID);
  if (to.is_under(from)) throw GitError("move", from.str(), "cannot move a folder into itself ('" + to.str() + "')", GIT_EINVALID);
  IndexHandle index = repository_index(repo_);
  // The index entries to move: the file itself, or every file below the folder.
  std::vector<git_index_entry> moved;
  std::vector<std::string> new_paths;
  const std::size_t n = git_index_entrycount(index.get());
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index.get(), i);
    const auto p = RepoPath::parse(e->path);
    if (!p || !p->is_under(from)) continue;
    if (GIT_INDEX_ENTRY_STAGE(e) != 0) {
      throw GitError("move", from.str(), "'" + p->str() + "' has unresolved conflicts", GIT_ECONFLICT);
    }
    moved.push_back(*e);
    new_paths.push_back(to.str() + p->str().substr(from.str().size()));
  }
  if (moved.empty()) throw GitError("move", from.str(), "not under version control", GIT_ENOTFOUND);
  const fs::path root = fs::path(workdir()).parent_path();  // without the trailing '/'
  const fs::path src = root / from.str(), dst = root / to.str();
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dst, ec))) {
    throw GitError("move", from.str(), "destination '" + to.str() + "' already exists", GIT_EEXISTS);
  }
  fs::create_directories(dst.parent_path(), ec);
  if (ec) throw GitError("move", from.str(), "cannot create '" + dst.parent_path().string() + "': " + ec.message(), GIT_ERROR);
  if (fs::exists(fs::symlink_status(src, ec))) {
    fs::rename(src, dst, ec);
    if (ec) throw GitError("move", from.str(), "cannot rename to '" + to.str() + "': " + ec.message(), GIT_ERROR);
    // Leave no empty folders behind (an empty folder is a namespace package
    // to Python).
    for (fs::path dir = src.parent_path(); dir.string().size() > root.string().size(); dir = dir.parent_path()) {
      if (!fs::is_empty(dir, ec) || ec) break;
      fs::remove(dir, ec);
    }
  }
  for (std::size_t i = 0; i < moved.size(); ++i) {
    git_index_entry e = moved[i];
    const std::string old_path = e.path;
    e.path = new_paths[i].c_str();
    check_git(git_index_add(index.get(), &e), "move in index", new_paths[i]);
    check_git(git_index_remove(index.get(), old_path.c_str(), 0), "move in index", old_path);
  }
  write_index(index.get(), "move " + from.str());
}

void Repository::stage_paths(const std::vector<RepoPath>& paths) {
  IndexHandle index = repository_index(repo_);
  const fs::path root = workdir();
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(root / p.str(), ec))) {
      check_git(git_index_add_bypath(index.get(), p.str().c_str()), "stage", p.str());
    } else {
      const int rc = git_index_remove_bypath(index.get(), p.str().c_str());
      if (rc < 0 && rc != GIT_ENOTFOUND) throw_git("stage removal of", p.str(), rc);
    }
  }
  write_index(index.get(), "stage paths");
}

void Repository::unstage_remove(const std::vector<RepoPath>& paths) {
  IndexHandle index = repository_index(repo_);
  for (const auto& p : paths) {
    int rc = git_index_remove_bypath(index.get(), p.str().c_str());
    if (rc < 0 && rc != GIT_ENOTFOUND) throw_git("remove from index", p.str(), rc);
    rc = git_index_remove_directory(index.get(), p.str().c_str(), 0);
    if (rc < 0 && rc != GIT_ENOTFOUND) throw_git("remove from index", p.str(), rc);
    for (int stage = 1; stage <= 3; ++stage) git_index_remove_directory(index.get(), p.str().c_str(), stage);
  }
  write_index(index.get(), "remove from index");
}

std::vector<RepoPath> Repository::tracked_files(const RepoPath& under) const {
  IndexHandle index = repository_index(repo_);
  std::vector<RepoPath> result;
  const std::size_t n = git_index_entrycount(index.get());
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index.get(), i);
    auto p = RepoPath::parse(e->path);
    if (!p || !p->is_under(under)) continue;
    if (!result.empty() && result.back() == *p) continue;  // conflict stages
    result.push_back(std::move(*p));
  }
  return result;
}

}  // namespace migrate::gitops
