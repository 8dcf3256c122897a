// Repository: opening, revisions and repository state.
// HEAD and refs live in repository_refs.cc, trees in repository_tree.cc,
// index and worktree in
// repository_worktree.cc, diffs in repository_diff.cc, config and identity in
// repository_config.cc.
#include "gitops/repository.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gitops/handles.h"
#include "gitops/internal.h"
#include "gitops/promisor.h"

namespace migrate::gitops {

namespace fs = std::filesystem;

const char* operation_name(Operation op) {
  switch (op) {
    case Operation::kNone: return "";
    case Operation::kMerge: return "merge";
    case Operation::kRebase: return "rebase";
    case Operation::kCherryPick: return "cherry-pick";
    case Operation::kRevert: return "revert";
    case Operation::kBisect: return "bisect";
    case Operation::kApplyMailbox: return "am";
  }
  return "";
}

const char* operation_abort_hint(Operation op) {
  switch (op) {
    case Operation::kNone: return "";
    case Operation::kMerge: return "git merge --abort";
    case Operation::kRebase: return "git rebase --abort";
    case Operation::kCherryPick: return "git cherry-pick --abort";
    case Operation::kRevert: return "git revert --abort";
    case Operation::kBisect: return "git bisect reset";
    case Operation::kApplyMailbox: return "git am --abort";
  }
  return "";
}

namespace {

std::string last_error_message() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

// Reads `key` ("extensions.objectformat") from a git config file without
// libgit2, which refuses to open repositories whose extensions it lacks.
std::string read_plain_config_value(const fs::path& config_file, const std::string& section,
                                    const std::string& name) {
  std::ifstream in(config_file);
  std::string line, current;
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  auto trim = [](std::string s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      const auto close = line.find(']');
      current = lower(trim(line.substr(1, close == std::string::npos ? std::string::npos : close - 1)));
      continue;
    }
    const auto eq = line.find('=');
    const std::string key = lower(trim(line.substr(0, eq)));
    if (current == section && key == name && eq != std::string::npos) {
      std::string value = trim(line.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return lower(value);
    }
  }
  return "";
}

// The git dir that `start` belongs to, found the way git finds it (a .git
// folder or a .git file pointing elsewhere), without libgit2.
std::optional<fs::path> find_git_dir(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  for (; !dir.empty(); dir = dir.parent_path()) {
    const fs::path dotgit = dir / ".git";
    if (fs::is_directory(dotgit, ec)) return dotgit;
    if (fs::is_regular_file(dotgit, ec)) {
      std::ifstream in(dotgit);
      std::string line;
      std::getline(in, line);
      if (line.rfind("gitdir:", 0) == 0) {
        std::string target = line.substr(7);
        target.erase(0, target.find_first_not_of(" \t"));
        fs::path p(target);
        return p.is_absolute() ? p : dir / p;
      }
    }
    if (fs::exists(dir / "HEAD", ec) && fs::is_directory(dir / "objects", ec)) return dir;
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

bool uses_sha256(const fs::path& git_dir) {
  std::error_code ec;
  fs::path common = git_dir;
  if (fs::is_regular_file(git_dir / "commondir", ec)) {
    std::ifstream in(git_dir / "commondir");
    std::string line;
    std::getline(in, line);
    fs::path p(line);
    common = p.is_absolute() ? p : git_dir / p;
  }
  return read_plain_config_value(common / "config", "extensions", "objectformat") == "sha256";
}

}  // namespace

[[noreturn]] void throw_git(const char* operation, const std::string& subject, int rc) {
  throw GitError(operation, subject, last_error_message(), rc);
}

Repository::Repository(git_repository* repo) : repo_(repo) {}
Repository::Repository(Repository&& other) noexcept : repo_(other.repo_) { other.repo_ = nullptr; }
Repository& Repository::operator=(Repository&& other) noexcept {
  if (this != &other) {
    if (repo_) git_repository_free(repo_);
    repo_ = other.repo_;
    other.repo_ = nullptr;
  }
  return *this;
}
Repository::~Repository() {
  if (repo_) git_repository_free(repo_);
}

namespace {

constexpr const char* kSha256Detail =
    "this repository uses SHA-256 object ids, which libgit2 1.5 cannot read";

// Opens (and, unless `no_search`, discovers) the repository for `start`;
// returns the owned handle or throws.
RepositoryHandle open_repository(const std::string& start, bool no_search, const char* operation) {
  RepositoryHandle repo;
  const char* git_dir_env = std::getenv("GIT_DIR");
  int rc;
  if (!no_search && start == "." && git_dir_env && *git_dir_env) {
    // Run from a hook or with GIT_DIR set: find the repository as git does.
    rc = git_repository_open_ext(out(repo), nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr);
  } else {
    rc = git_repository_open_ext(out(repo), start.c_str(), no_search ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0, nullptr);
  }
  if (rc < 0) {
    const std::string detail = last_error_message();
    const auto git_dir = no_search ? std::optional<fs::path>(fs::path(start) / ".git") : find_git_dir(start);
    if (git_dir && uses_sha256(*git_dir)) throw GitError(operation, start, kSha256Detail, rc);
    if (rc == GIT_ENOTFOUND)
      throw GitError(operation, start, "not a git repository (or any of the parent directories)", rc);
    throw GitError(operation, start, detail, rc);
  }
  if (git_repository_is_bare(repo.get())) {
    throw GitError(operation, git_repository_path(repo.get()),
                   "this is a bare repository; git-migrate needs a worktree (run it in a clone or a linked worktree)",
                   GIT_EBAREREPO);
  }
  if (uses_sha256(git_repository_commondir(repo.get()))) {
    throw GitError(operation, git_repository_workdir(repo.get()), kSha256Detail, GIT_ERROR);
  }
  install_promisor_backend(repo.get());
  return repo;
}

}  // namespace

Repository Repository::discover(const std::string& start_dir) {
  return Repository(open_repository(start_dir, false, "open repository").release());
}

Repository Repository::open(const std::string& path) {
  return Repository(open_repository(path, true, "open repository").release());
}

Repository Repository::reopen() const {
  RepositoryHandle repo;
  check_git(git_repository_open(out(repo), git_repository_path(repo_)), "open repository", git_dir());
  install_promisor_backend(repo.get());
  return Repository(repo.release());
}

std::string Repository::workdir() const {
  const char* w = git_repository_workdir(repo_);
  return w ? w : "";
}

std::string Repository::git_dir() const { return git_repository_path(repo_); }

std::string Repository::common_dir() const { return git_repository_commondir(repo_); }

std::string Repository::prefix() const {
  std::error_code ec;
  const fs::path cwd = fs::canonical(fs::current_path(ec), ec);
  if (ec) return "";
  const fs::path root = fs::canonical(workdir(), ec);
  if (ec) return "";
  const fs::path rel = cwd.lexically_relative(root);
  const std::string r = rel.generic_string();
  if (r.empty() || r == "." || r.rfind("..", 0) == 0) return "";
  if (r == ".git" || r.rfind(".git/", 0) == 0) return "";
  return r;
}

// --- lookups shared with the other files -----------------------------------

CommitHandle lookup_commit(git_repository* repo, const Oid& id) {
  CommitHandle c;
  const git_oid g = to_git(id);
  check_git(git_commit_lookup(out(c), repo, &g), "look up commit", id.hex());
  return c;
}

TreeHandle lookup_tree(git_repository* repo, const Oid& id) {
  TreeHandle t;
  const git_oid g = to_git(id);
  check_git(git_tree_lookup(out(t), repo, &g), "look up tree", id.hex());
  return t;
}

TreeHandle lookup_tree_ish(git_repository* repo, const Oid& id) {
  ObjectHandle obj;
  const git_oid g = to_git(id);
  check_git(git_object_lookup(out(obj), repo, &g, GIT_OBJECT_ANY), "look up object", id.hex());
  ObjectHandle tree;
  check_git(git_object_peel(out(tree), obj.get(), GIT_OBJECT_TREE), "peel to tree", id.hex());
  return TreeHandle(reinterpret_cast<git_tree*>(tree.release()));
}

IndexHandle repository_index(git_repository* repo) {
  IndexHandle index;
  check_git(git_repository_index(out(index), repo), "open index", git_repository_path(repo));
  return index;
}

// --- revisions -----------------------------------------------------------------

Oid Repository::resolve_commit(const std::string& rev) const {
  ObjectHandle obj;
  check_git(git_revparse_single(out(obj), repo_, rev.c_str()), "resolve revision", rev);
  ObjectHandle commit;
  if (git_object_peel(out(commit), obj.get(), GIT_OBJECT_COMMIT) < 0) {
    throw GitError("resolve revision", rev,
                   std::string("not a commit (it names a ") + git_object_type2string(git_object_type(obj.get())) + ")",
                   GIT_EINVALIDSPEC);
  }
  return from_git(*git_object_id(commit.get()));
}

std::optional<Oid> Repository::try_resolve_commit(const std::string& rev) const {
  ObjectHandle obj;
  if (git_revparse_single(out(obj), repo_, rev.c_str()) < 0) return std::nullopt;
  ObjectHandle commit;
  if (git_object_peel(out(commit), obj.get(), GIT_OBJECT_COMMIT) < 0) return std::nullopt;
  return from_git(*git_object_id(commit.get()));
}

Oid Repository::resolve_tree(const std::string& rev) const {
  ObjectHandle obj;
  check_git(git_revparse_single(out(obj), repo_, rev.c_str()), "resolve revision", rev);
  ObjectHandle tree;
  if (git_object_peel(out(tree), obj.get(), GIT_OBJECT_TREE) < 0) {
    throw GitError("resolve revision", rev,
                   std::string("not a tree-ish (it names a ") + git_object_type2string(git_object_type(obj.get())) + ")",
                   GIT_EINVALIDSPEC);
  }
  return from_git(*git_object_id(tree.get()));
}

namespace {
Signature to_signature(const git_signature* s) {
  Signature out;
  out.name = s->name ? s->name : "";
  out.email = s->email ? s->email : "";
  out.time = s->when.time;
  out.offset_minutes = s->when.offset;
  return out;
}
}  // namespace

CommitInfo Repository::commit(const Oid& id) const {
  CommitHandle c = lookup_commit(repo_, id);
  CommitInfo info;
  info.id = id;
  info.tree = from_git(*git_commit_tree_id(c.get()));
  const unsigned n = git_commit_parentcount(c.get());
  for (unsigned i = 0; i < n; ++i) info.parents.push_back(from_git(*git_commit_parent_id(c.get(), i)));
  const char* raw = git_commit_message_raw(c.get());
  info.message = raw ? raw : "";
  const char* summary = git_commit_summary(c.get());
  info.summary = summary ? summary : "";
  info.author = to_signature(git_commit_author(c.get()));
  info.committer = to_signature(git_commit_committer(c.get()));
  return info;
}

std::optional<Oid> Repository::merge_base(const Oid& a, const Oid& b) const {
  git_oid base;
  const git_oid ga = to_git(a), gb = to_git(b);
  const int rc = git_merge_base(&base, repo_, &ga, &gb);
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check_git(rc, "find merge base", a.hex() + " " + b.hex());
  return from_git(base);
}

bool Repository::is_ancestor(const Oid& ancestor, const Oid& descendant) const {
  if (ancestor == descendant) return true;
  const git_oid ga = to_git(ancestor), gd = to_git(descendant);
  const int rc = git_graph_descendant_of(repo_, &gd, &ga);
  check_git(rc, "check ancestry", ancestor.hex() + " " + descendant.hex());
  return rc == 1;
}

std::vector<Oid> Repository::rev_list(const std::vector<Oid>& include, const std::vector<Oid>& exclude) const {
  RevwalkHandle walk;
  check_git(git_revwalk_new(out(walk), repo_), "walk history", "");
  check_git(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE), "walk history", "");
  for (const Oid& id : include) {
    const git_oid g = to_git(id);
    check_git(git_revwalk_push(walk.get(), &g), "walk history from", id.hex());
  }
  for (const Oid& id : exclude) {
    const git_oid g = to_git(id);
    check_git(git_revwalk_hide(walk.get(), &g), "walk history excluding", id.hex());
  }
  std::vector<Oid> result;
  git_oid next;
  int rc;
  while ((rc = git_revwalk_next(&next, walk.get())) == 0) result.push_back(from_git(next));
  if (rc != GIT_ITEROVER) check_git(rc, "walk history", "");
  return result;
}

std::string Repository::short_id(const Oid& id) const {
  ObjectHandle obj;
  const git_oid g = to_git(id);
  if (git_object_lookup(out(obj), repo_, &g, GIT_OBJECT_ANY) < 0) {
    git_error_clear();
    return id.short_hex(7);
  }
  BufHandle buf;
  check_git(git_object_short_id(buf.get(), obj.get()), "abbreviate", id.hex());
  return buf.str();
}

// --- state ---------------------------------------------------------------------

Operation Repository::operation_in_progress() const {
  switch (git_repository_state(repo_)) {
    case GIT_REPOSITORY_STATE_NONE: return Operation::kNone;
    case GIT_REPOSITORY_STATE_MERGE: return Operation::kMerge;
    case GIT_REPOSITORY_STATE_REVERT:
    case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return Operation::kRevert;
    case GIT_REPOSITORY_STATE_CHERRYPICK:
    case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return Operation::kCherryPick;
    case GIT_REPOSITORY_STATE_BISECT: return Operation::kBisect;
    case GIT_REPOSITORY_STATE_REBASE:
    case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
    case GIT_REPOSITORY_STATE_REBASE_MERGE:
    // rebase-apply/ without "applying": git rebase --apply (modern git marks
    // it with "rebasing"; older ones with neither).
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return Operation::kRebase;
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX: return Operation::kApplyMailbox;
  }
  return Operation::kNone;
}

namespace {
std::optional<RepoPath> status_path(const git_status_entry* e) {
  const git_diff_delta* d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
  if (!d) return std::nullopt;
  const char* p = d->new_file.path ? d->new_file.path : d->old_file.path;
  return RepoPath::parse(p ? p : "");
}
}  // namespace

WorktreeStatus Repository::status() const {
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
  StatusListHandle list;
  check_git(git_status_list_new(out(list), repo_, &opts), "read status", workdir());
  WorktreeStatus st;
  const std::size_t n = git_status_list_entrycount(list.get());
  for (std::size_t i = 0; i < n; ++i) {
    const git_status_entry* e = git_status_byindex(list.get(), i);
    const auto path = status_path(e);
    if (!path) continue;
    const unsigned s = e->status;
    if (s & GIT_STATUS_CONFLICTED) {
      st.conflicted.push_back(*path);
      continue;
    }
    if (s & (GIT_STATUS_INDEX_NEW | GIT_STATUS_INDEX_MODIFIED | GIT_STATUS_INDEX_DELETED |
             GIT_STATUS_INDEX_RENAMED | GIT_STATUS_INDEX_TYPECHANGE)) {
      const git_diff_delta* d = e->head_to_index;
      const char* p = d->new_file.path ? d->new_file.path : d->old_file.path;
      if (auto staged = RepoPath::parse(p ? p : "")) st.staged.push_back(*staged);
    }
    if (s & (GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_DELETED | GIT_STATUS_WT_TYPECHANGE |
             GIT_STATUS_WT_RENAMED | GIT_STATUS_WT_UNREADABLE)) {
      st.unstaged.push_back(*path);
    }
    if (s & GIT_STATUS_WT_NEW) st.untracked.push_back(*path);
  }
  for (auto* v : {&st.staged, &st.unstaged, &st.untracked, &st.conflicted}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return st;
}

bool Repository::is_ignored(const RepoPath& path) const {
  int ignored = 0;
  check_git(git_ignore_path_is_ignored(&ignored, repo_, path.str().c_str()), "check ignore rules", path.str());
  return ignored != 0;
}

// --- library -------------------------------------------------------------------

Library::Library() {
  git_libgit2_init();
  // Re-read HOME and XDG_CONFIG_HOME (tests change them between runs) and
  // honour GIT_CONFIG_NOSYSTEM as git does.
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, nullptr);
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, nullptr);
  const char* nosystem = std::getenv("GIT_CONFIG_NOSYSTEM");
  const bool skip_system = nosystem && *nosystem && std::string(nosystem) != "0" &&
                           std::string(nosystem) != "false";
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, skip_system ? "" : nullptr);
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA, skip_system ? "" : nullptr);
  // Objects read from the object database are not hashed again to verify
  // their id, as git does not (git fsck does): hashing every blob read cost
  // as much as inflating it (a third of a pre-push audit's time).
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

Library::~Library() { git_libgit2_shutdown(); }

}  // namespace migrate::gitops
