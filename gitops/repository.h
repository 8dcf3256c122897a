// The Repository facade: every git operation the suite performs. Reads and
// in-memory object work use libgit2; the only git process is the promisor
// backend's `git cat-file --batch` (promisor.h), for objects a partial clone
// has not fetched. The methods are defined by git concept: repository.cc
// (opening, revisions, state), repository_refs.cc, repository_tree.cc,
// repository_worktree.cc (index and worktree), repository_diff.cc and
// repository_config.cc (config and identity).
// Handles are owned by RAII wrappers (gitops/handles.h); errors are GitError.
//
// Thread safety: one Repository per thread. Commands read blobs on one thread
// and hand the bytes to worker threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gitops/error.h"
#include "gitops/types.h"

struct git_repository;

namespace migrate::gitops {

struct TreeEntry {
  RepoPath path;
  Oid oid;
  FileMode mode;
};

enum class Operation { kNone, kMerge, kRebase, kCherryPick, kRevert, kBisect, kApplyMailbox };
// "merge", "rebase", "cherry-pick", "revert", "bisect", "am"; and the command
// that ends it ("git merge --abort", ...).
const char* operation_name(Operation op);
const char* operation_abort_hint(Operation op);

// Paths with changes, repository-relative. Ignored files are never listed.
struct WorktreeStatus {
  std::vector<RepoPath> staged;      // index differs from HEAD
  std::vector<RepoPath> unstaged;    // worktree differs from index (tracked files)
  std::vector<RepoPath> untracked;   // not ignored, not in the index
  std::vector<RepoPath> conflicted;  // unmerged index entries
  bool dirty() const { return !staged.empty() || !unstaged.empty() || !conflicted.empty(); }
};

// One file of a tree-to-tree diff with line counts (git diff --numstat).
struct FileStat {
  enum class Kind { kAdded, kDeleted, kModified, kRenamed, kTypeChanged };
  Kind kind;
  RepoPath path;                    // the new path (the old one for deletions)
  std::optional<RepoPath> old_path; // set for renames
  FileMode old_mode{}, new_mode{};
  Oid old_oid, new_oid;
  int added = 0;
  int removed = 0;
  bool binary = false;              // line counts are 0 then
  bool unreadable = false;          // a blob is missing from the object database: line counts unknown (0)
};

// What rename detection did in one diff_trees call.
struct RenameDetection {
  std::size_t exact = 0;            // renames of an unchanged blob (always found, no limit)
  std::size_t by_name = 0;          // renames of a file keeping its unique name, 75% similar (no limit, as in git)
  bool similarity_skipped = false;  // the similarity search did not run: too many candidates, or a missing blob
  std::size_t sources = 0, destinations = 0;  // its candidates: deleted and added files left after exact renames
  std::size_t limit = 0;            // diff.renameLimit (default 1000)
  std::string similarity_error;     // why it failed when a blob was missing, else ""
};

struct Signature {
  std::string name, email;
  std::int64_t time = 0;     // seconds since the epoch
  int offset_minutes = 0;
};

struct CommitInfo {
  Oid id;
  Oid tree;
  std::vector<Oid> parents;
  std::string message;   // full message
  std::string summary;   // first line
  Signature author, committer;
};

class Repository {
 public:
  // Finds the repository containing `start_dir` (any subdirectory, linked
  // worktrees included). Refuses a bare repository with a GitError whose
  // detail says so. A SHA-256 repository, which libgit2 1.5 cannot read, is
  // refused with a GitError that says exactly that.
  static Repository discover(const std::string& start_dir = ".");
  static Repository open(const std::string& path);
  // Another handle on the same repository. A Repository must not be used by
  // two threads at once; a second one can read objects on another thread.
  Repository reopen() const;

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();

  std::string workdir() const;     // absolute, with trailing '/'
  std::string git_dir() const;     // this worktree's git dir (.git/worktrees/<n> for linked ones)
  std::string common_dir() const;  // the shared .git
  // The current directory relative to the worktree root ("" at the root), for
  // turning command-line paths into RepoPaths.
  std::string prefix() const;

  // --- revisions -----------------------------------------------------------
  // Resolves a revision (any git_revparse_single syntax) and peels it to a
  // commit; GitError naming `rev` when it is not one.
  Oid resolve_commit(const std::string& rev) const;
  std::optional<Oid> try_resolve_commit(const std::string& rev) const;
  // The tree of `rev` (commit or tree-ish).
  Oid resolve_tree(const std::string& rev) const;
  CommitInfo commit(const Oid& id) const;
  std::optional<Oid> merge_base(const Oid& a, const Oid& b) const;
  bool is_ancestor(const Oid& ancestor, const Oid& descendant) const;
  // Commits reachable from `include` and not from `exclude`, oldest first
  // (topological, parents before children).
  std::vector<Oid> rev_list(const std::vector<Oid>& include, const std::vector<Oid>& exclude) const;

  // --- HEAD and refs -------------------------------------------------------
  std::optional<RefName> current_branch() const;  // nullopt when detached
  std::optional<Oid> head_commit() const;         // nullopt on an unborn branch
  std::optional<Oid> ref_target(const RefName& ref) const;  // peeled to the object id
  // The main branch when none is configured, in the order git users expect:
  // the remote's default branch (origin/HEAD, which `git clone` and `git
  // remote set-head origin --auto` point at origin/main or origin/master),
  // then origin/master, origin/main, then the local master, main (a local
  // branch is often behind a fetched remote one). Its short name
  // ("origin/main") and commit; nullopt when none exists.
  static constexpr const char* kMainBranchOrder = "origin/HEAD, origin/master, origin/main, master, main";
  std::optional<std::pair<std::string, Oid>> default_main_branch() const;
  // DWIM lookup of a short branch name ("main", "origin/main") to a full ref.
  std::optional<RefName> find_branch(const std::string& name) const;
  // All refs whose full name starts with `prefix`, sorted by name.
  std::vector<std::pair<RefName, Oid>> refs_with_prefix(const std::string& prefix) const;
  // Compare-and-swap: sets `ref` to `value` only if its current value is
  // `expected` (nullopt: the ref must not exist yet). The reflog gets
  // `reflog_message`. GitError (code GIT_EMODIFIED) when the ref moved.
  void update_ref(const RefName& ref, const Oid& value, const std::optional<Oid>& expected,
                  const std::string& reflog_message);
  // Deletes `ref` only if it still points at `expected`.
  void delete_ref(const RefName& ref, const Oid& expected, const std::string& reflog_message);
  // Makes `ref` keep a reflog even outside refs/heads (git logs only
  // branches, remote-tracking refs, notes and HEAD by default), so that every
  // value a backup ref had stays recoverable with `git reflog <ref>`.
  void keep_reflog(const RefName& ref);
  // Points HEAD at `branch` (symbolic) without touching index or worktree.
  void set_head(const RefName& branch, const std::string& reflog_message);
  // The root (absolute, trailing '/') of another worktree of this repository
  // (main or linked) that has `branch` checked out; nullopt when none does.
  // Moving such a branch would leave that worktree out of step, so commands
  // refuse as `git branch -f` does.
  std::optional<std::string> worktree_using_branch(const RefName& branch) const;
  // The shortest unambiguous abbreviation (at least core.abbrev, 7) of an
  // object id, as git prints it.
  std::string short_id(const Oid& id) const;

  // --- state ---------------------------------------------------------------
  Operation operation_in_progress() const;
  WorktreeStatus status() const;
  // Whether git would ignore `path` (.gitignore, info/exclude, core.excludesFile).
  bool is_ignored(const RepoPath& path) const;

  // --- objects and trees ---------------------------------------------------
  std::optional<TreeEntry> tree_entry(const Oid& tree, const RepoPath& path) const;
  // The content of the blob at `path` in `tree`; nullopt when there is none.
  std::optional<std::string> read_blob_at(const Oid& tree, const RepoPath& path) const;
  std::string read_blob(const Oid& blob) const;
  Oid write_blob(std::string_view data);
  // Every non-tree entry (blobs, links, gitlinks) of `tree`, recursively,
  // in git's path order. With `under`, only entries below that folder.
  std::vector<TreeEntry> list_files(const Oid& tree, const RepoPath& under = {}) const;

  // Edits a tree in the object database, never touching index or worktree.
  class TreeEditor {
   public:
    TreeEditor(Repository& repo, const Oid& base_tree);
    ~TreeEditor();
    TreeEditor(const TreeEditor&) = delete;
    // Removes a file or a whole folder; false when nothing was there.
    bool remove(const RepoPath& path);
    // Adds or replaces the entry at `path`, creating folders as needed.
    void upsert(const RepoPath& path, const Oid& oid, FileMode mode);
    Oid write();

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };

  // The user's identity as git would use it: GIT_AUTHOR_* / GIT_COMMITTER_*
  // environment (including *_DATE in git's formats), then user.name and
  // user.email from config. GitError when no identity is configured.
  Signature author_signature() const;
  Signature committer_signature() const;
  // Writes a commit object; does not move any ref.
  Oid create_commit(const Oid& tree, const std::vector<Oid>& parents, const std::string& message);

  // --- index and worktree --------------------------------------------------
  // Moves index and worktree from `from_tree` (what they hold now, normally
  // HEAD's tree) to `to_tree`, touching only paths that differ. Refuses
  // (GitError, nothing written) when a path to be touched has local changes
  // or an untracked file is in the way.
  //
  // With CheckoutGuard::kSeenClean the caller has just had status() report
  // nothing at all (no staged, unstaged, conflicted or untracked path), so
  // the scan of the worktree for what would be overwritten is skipped; if
  // something appeared since, libgit2's own safe checkout still refuses
  // before writing, and the files already unlinked are put back.
  //
  // `progress`, when set, is called on this thread as files are written:
  // (files done, files to write).
  enum class CheckoutGuard { kCheck, kSeenClean };
  using CheckoutProgress = std::function<void(std::size_t done, std::size_t total)>;
  void checkout_tree(const Oid& from_tree, const Oid& to_tree, CheckoutGuard guard = CheckoutGuard::kCheck,
                     const CheckoutProgress& progress = {});
  // Recovery after a checkout from `a_tree` to `b_tree` (either way) was
  // cut short: every path that differs between the two trees is made, in
  // index and worktree, what it is in `want_tree` (one of them), whatever
  // state the interruption left it in; files of the other tree there are
  // removed. Other paths are not touched.
  void restore_changed_paths(const Oid& a_tree, const Oid& b_tree, const Oid& want_tree);
  // The paths checkout_tree(from, to) would refuse on; empty when it is safe.
  std::vector<RepoPath> checkout_conflicts(const Oid& from_tree, const Oid& to_tree) const;
  // Writes the current index as a tree.
  Oid index_tree();
  // Replaces the index with `tree`, leaving the worktree alone (git read-tree).
  void read_tree_into_index(const Oid& tree);
  // git add -A for everything in the worktree (ignored files respected),
  // except paths under `exclude`, which are removed from the index instead
  // of being added. Returns the resulting index tree.
  Oid stage_all(const std::vector<RepoPath>& exclude);
  // git mv: renames in the worktree and the index; creates parent folders.
  void move_path(const RepoPath& from, const RepoPath& to);
  // git add of single paths (files that exist) / git rm --cached.
  void stage_paths(const std::vector<RepoPath>& paths);
  void unstage_remove(const std::vector<RepoPath>& paths);
  // Files of the index (tracked files), optionally below `under`.
  std::vector<RepoPath> tracked_files(const RepoPath& under = {}) const;

  // --- diffs ---------------------------------------------------------------
  // git diff --numstat -M old new: per file added/removed lines, binary
  // files marked, renames detected. Exact renames (the same blob) are found
  // first and without a limit; the similarity search then covers the rest,
  // skipped (as git skips it) when there are more candidates than
  // diff.renameLimit allows. `detection`, when given, says what happened.
  // A missing blob does not fail the diff: its entry is marked unreadable.
  // Without `count_lines` the entries' blobs are not diffed: added,
  // removed, binary and unreadable stay unset (with detect_renames=false no
  // blob is read at all; the cost is that of comparing the trees).
  std::vector<FileStat> diff_trees(const Oid& old_tree, const Oid& new_tree, bool detect_renames = true,
                                   RenameDetection* detection = nullptr, bool count_lines = true) const;

  // --- config --------------------------------------------------------------
  // Values from `git -c` (GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT: see
  // config_parameters.h), then the repository's config stack (local, global,
  // XDG; system unless GIT_CONFIG_NOSYSTEM). nullopt when unset. GitError on
  // a value of the wrong type, naming the key. A multi-valued key set with
  // `git -c` takes the command line's values only.
  std::optional<std::string> config_string(const std::string& key) const;
  std::vector<std::string> config_multi(const std::string& key) const;
  std::optional<bool> config_bool(const std::string& key) const;
  std::optional<std::int64_t> config_int(const std::string& key) const;
  // Every (key, value) whose name starts with `prefix` (lower-case keys as
  // git reports them), for validating a config section.
  std::vector<std::pair<std::string, std::string>> config_with_prefix(const std::string& prefix) const;
  // True when `git -c` (or GIT_CONFIG_COUNT) sets `key`, for messages.
  bool config_from_command_line(const std::string& key) const;
  // Where hooks live: core.hooksPath (relative to the worktree root when
  // relative) or $GIT_COMMON_DIR/hooks.
  std::string hooks_dir() const;

  git_repository* raw() const { return repo_; }

 private:
  explicit Repository(git_repository* repo);
  git_repository* repo_ = nullptr;
};

// libgit2 must be initialised once per process; commands create one of these
// in main().
class Library {
 public:
  Library();
  ~Library();
};

}  // namespace migrate::gitops
