// What every rule of git-migrate-check sees: the audited range, its commits,
// the trees at its start and end, the files it changed (net and per commit),
// the changed Python files (read and parsed on demand, cached by blob) and
// the settings.
//
// An AuditContext is built once per audited range (main.cc) and is
// read-only for rules, apart from its caches. It is used on one thread:
// blobs are read through the one Repository; parse_ahead() parses on the
// worker pool (rewrite/parallel.h) from sources read beforehand, and
// for_each_end_python() reads on the pool with a Repository per thread.
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <typeindex>
#include <vector>

#include "common/config.h"
#include "common/progress.h"
#include "gitops/repository.h"
#include "gitops/worktree_copies.h"
#include "rewrite/finding.h"
#include "rewrite/modules.h"
#include "rewrite/pyparse.h"

namespace migrate::cmd::check {

// One range to audit: the commits reachable from `tip` and not from the
// excluded commits, oldest first. `base` is the commit whose tree the range
// starts from (nullopt: the empty tree, e.g. a root commit).
struct AuditRange {
  std::string label;               // "refs/heads/feature", "origin/master..HEAD"
  std::optional<gitops::Oid> base;
  gitops::Oid tip;
  std::vector<gitops::Oid> commits;
};

// Settings resolved with the usual precedence (flag > git config >
// .git-migrate.toml > default); see settings.cc.
struct CheckSettings {
  std::vector<gitops::RepoPath> exclude;      // folders ("model_migration")
  std::int64_t deletion_threshold = 50;
  std::vector<std::string> artifact_patterns; // RE2, partial match on the path
  std::string moves_path;                     // "model_migration/moves.toml"
  std::string baseline;                       // "chore/model-migration-baseline"
  bool worktree = false;                      // --worktree: graph rules read the worktree (worktree.h)
};

// What one commit of the range changed. For a merge, only the paths whose
// result differs from every parent (git's combined-diff view): a merge that
// takes one side's version of a file did not itself change it. The files'
// paths, kinds, modes and blobs; their line counts are not computed (the net
// changes() have them).
struct CommitChanges {
  gitops::Oid commit;
  gitops::Oid tree;
  std::vector<gitops::FileStat> files;
};

// Blobs the audit needed and could not read: missing from the object
// database (a partial clone without them, a damaged repository). A read
// records the blob and goes on as if the file could not be read; the runner
// (audit.cc) reports each under the rule that needed it, and the other rules
// still run.
struct MissingBlob {
  std::string path;
  gitops::Oid blob;
};
// add() may be called from the worker pool (for_each_end_python); all() is
// read on the audit's thread between rules.
class MissingBlobs {
 public:
  void add(std::string path, const gitops::Oid& blob) const {
    std::lock_guard<std::mutex> lock(mutex_);
    missing_.push_back({std::move(path), blob});
  }
  const std::vector<MissingBlob>& all() const { return missing_; }

 private:
  mutable std::mutex mutex_;
  mutable std::vector<MissingBlob> missing_;
};

// A git tree as a rewrite::FileSource (paths listed on first use). Blobs
// missing from the object database read as no file, recorded in `missing`.
class TreeFileSource : public rewrite::FileSource {
 public:
  TreeFileSource(const gitops::Repository& repo, std::optional<gitops::Oid> tree,
                 const MissingBlobs* missing = nullptr);
  const std::vector<std::string>& paths() const override;
  std::optional<std::string> read(const std::string& path) const override;
  // The entry of `path` (blob id and mode); nullptr when the tree has none.
  const gitops::TreeEntry* entry(const std::string& path) const;

 private:
  const gitops::Repository& repo_;
  std::optional<gitops::Oid> tree_;
  const MissingBlobs* missing_;
  mutable std::optional<std::vector<std::string>> paths_;
  // Filled with paths_: the blob id of every path, so a read after paths()
  // is one object lookup instead of a walk from the root tree.
  mutable std::unordered_map<std::string, gitops::TreeEntry> entries_;
};

class AuditContext {
 public:
  AuditContext(const gitops::Repository& repo, const Config& config, const CheckSettings& settings,
               AuditRange range);
  AuditContext(const AuditContext&) = delete;

  const gitops::Repository& repo() const { return repo_; }
  const Config& config() const { return config_; }
  const CheckSettings& settings() const { return settings_; }
  const AuditRange& range() const { return range_; }

  // Trees at the start (nullopt: empty) and the end of the range.
  const std::optional<gitops::Oid>& start_tree() const { return start_tree_; }
  const gitops::Oid& end_tree() const { return end_tree_; }

  // Net changes from start to end (renames detected), in git's path order.
  const std::vector<gitops::FileStat>& changes() const { return changes_; }
  // What rename detection did for changes(): whether the similarity search
  // was skipped (diff.renameLimit, a missing blob).
  const gitops::RenameDetection& rename_detection() const { return rename_detection_; }
  // Per commit, in the order of range().commits.
  const std::vector<CommitChanges>& commit_changes() const { return commit_changes_; }

  // The files of the start and end trees.
  const rewrite::FileSource& start_files() const { return start_files_; }
  const rewrite::FileSource& end_files() const { return end_files_; }

  // Python files changed in the range: the version at the start (deleted,
  // modified, renamed-from) and at the end (added, modified, renamed-to).
  // Sources are read on first use; parsing happens on first use too, or
  // ahead of time in parallel with parse_ahead(). nullptr for any path the
  // range did not change (or that is not Python).
  enum class Side { kStart, kEnd };
  // nullptr also when the blob is missing (recorded in missing_blobs()).
  const std::string* source(Side side, const std::string& path) const;
  const rewrite::ParsedFile* parsed(Side side, const std::string& path) const;
  const rewrite::ParsedFile* parsed_start(const std::string& path) const { return parsed(Side::kStart, path); }
  const rewrite::ParsedFile* parsed_end(const std::string& path) const { return parsed(Side::kEnd, path); }
  // Parses these changed files now on a worker pool (the blobs are read on
  // this thread first); later parsed() calls find them.
  void parse_ahead(Side side, const std::vector<std::string>& paths) const;
  // Paths of the changed Python files on each side, sorted.
  std::vector<std::string> changed_python(Side side) const;
  std::vector<std::string> changed_python_end() const { return changed_python(Side::kEnd); }

  // The parse of a changed file if one was made already (parse_ahead,
  // parsed()); nullptr otherwise. Never parses, so it may be called from
  // several threads while no other member is.
  const rewrite::ParsedFile* parsed_if_done(Side side, const std::string& path) const;

  // Reads every Python file of the end tree (blobs, in path order of
  // end_files().paths()) on all cores, one Repository per thread, and calls
  // visit(path, content) on the reading thread: visit must only touch what
  // belongs to its path (or lock). Parsing what visit selects there too
  // spreads the parsing over the cores as well. `content` lives only for the
  // call. Files the worktree holds are read there on every call; blobs read
  // from the object database are kept (up to a memory budget) for the next.
  void for_each_end_python(const std::function<void(const std::string& path, const std::string& content)>& visit) const;

  // Parses `path` as it is in `tree` (cached by blob id); nullptr when the
  // tree has no such file.
  const rewrite::ParsedFile* parse_at(const gitops::Oid& tree, const std::string& path) const;
  // Calls visit(i, file) with each (tree, path) pair of `versions` parsed,
  // for the pairs the trees hold: read and parsed on all cores (a
  // Repository per thread, progress as "Reading history"), on the worker
  // thread, so visit must only touch what belongs to pair i. Nothing is
  // kept: for walking the many versions of files that a long range holds,
  // each needed once (parse trees take about ten times their source).
  struct Version {
    gitops::Oid tree;
    const std::string* path;
  };
  void visit_versions(const std::vector<Version>& versions,
                      const std::function<void(std::size_t, const rewrite::ParsedFile&)>& visit) const;

  // The first commit of the range that added or changed `path` (as its new
  // path), and the last one; nullopt when no commit did.
  std::optional<gitops::Oid> first_commit_touching(const std::string& path) const;
  std::optional<gitops::Oid> last_commit_touching(const std::string& path) const;

  // The import roots module names are relative to at the end of the range:
  // configured (git config migrate.importRoots, .git-migrate.toml
  // import_roots) or detected from the end tree (rewrite/modules.h).
  const rewrite::ImportRoots& import_roots() const;
  // Where parse_ahead and for_each_end_python show their progress (none
  // by default), and the rule they work for, named in it.
  void set_progress(ProgressDisplay* display) { progress_ = display; }
  void set_progress_rule(std::string rule) const { progress_rule_ = std::move(rule); }
  // Threads for parse_ahead and for_each_end_python (0, the default: one
  // per core, as the worker pool counts them).
  void set_threads(unsigned threads) { threads_ = threads; }

  // Blobs the rules could not read so far (see MissingBlobs).
  const MissingBlobs& missing_blobs() const { return missing_; }
  // Reads `blob` (the file at `path`): from the worktree when its file there
  // is known to be that blob (gitops/worktree_copies.h), else from the
  // object database; nullopt, recorded in missing_blobs(), when the object
  // database does not have it.
  std::optional<std::string> read_blob(const std::string& path, const gitops::Oid& blob) const;

  // Work shared by several rules, computed once per range and found by its
  // type: the first call for a T stores make()'s result (each shared piece
  // of work has a type of its own: GraphPass, DefinitionFates, ...).
  template <class T, class F>
  const T& memo(F make) const {
    auto it = memo_.find(std::type_index(typeid(T)));
    if (it == memo_.end()) it = memo_.emplace(std::type_index(typeid(T)), std::make_shared<const T>(make())).first;
    return *std::any_cast<const std::shared_ptr<const T>&>(it->second);
  }

 private:
  const gitops::Repository& repo_;
  const Config& config_;
  const CheckSettings& settings_;
  AuditRange range_;
  std::optional<gitops::Oid> start_tree_;
  gitops::Oid end_tree_;
  std::vector<gitops::FileStat> changes_;
  gitops::RenameDetection rename_detection_;
  std::vector<CommitChanges> commit_changes_;
  MissingBlobs missing_;
  TreeFileSource start_files_, end_files_;
  std::map<std::string, gitops::Oid> start_blobs_, end_blobs_;  // changed Python files
  unsigned threads_ = 0;
  ProgressDisplay* progress_ = nullptr;
  mutable std::string progress_rule_;
  std::string progress_title(const char* activity) const;
  mutable std::map<gitops::Oid, std::string> sources_;
  mutable std::map<gitops::Oid, std::unique_ptr<rewrite::ParsedFile>> by_blob_;
  mutable std::unordered_map<std::type_index, std::any> memo_;  // holds std::shared_ptr<const T>
  // The worktree's Python files that hold their index blob (built on first
  // read).
  const gitops::WorktreeCopies& worktree_copies() const;
  mutable std::optional<gitops::WorktreeCopies> copies_;
  // for_each_end_python's files: their blobs, and the content of those
  // read from the object database, kept while under the budget.
  struct EndPython {
    const std::string* path;
    gitops::Oid blob;
    std::string content;
    bool kept = false;
  };
  mutable std::optional<std::vector<EndPython>> end_python_;
};

bool is_python(const std::string& path);

}  // namespace migrate::cmd::check
