// Repository: HEAD, branches and refs -- reading them, the main branch
// lookup, and moving them by compare-and-swap with a reflog message.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gitops/handles.h"
#include "gitops/internal.h"
#include "gitops/repository.h"

namespace migrate::gitops {

namespace fs = std::filesystem;

namespace {

bool git_reference_name_is_valid_check(const std::string& name) {
  int valid = 0;
  return git_reference_name_is_valid(&valid, name.c_str()) == 0 && valid;
}

}  // namespace

std::optional<RefName> Repository::current_branch() const {
  ReferenceHandle head;
  const int rc = git_reference_lookup(out(head), repo_, "HEAD");
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check_git(rc, "read HEAD", "HEAD");
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  const std::string target = git_reference_symbolic_target(head.get());
  if (target.rfind("refs/heads/", 0) != 0) return std::nullopt;
  return RefName(target);
}

std::optional<Oid> Repository::head_commit() const {
  ReferenceHandle head;
  const int rc = git_repository_head(out(head), repo_);
  if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) return std::nullopt;
  check_git(rc, "read HEAD", "HEAD");
  ObjectHandle commit;
  check_git(git_reference_peel(out(commit), head.get(), GIT_OBJECT_COMMIT), "read HEAD", "HEAD");
  return from_git(*git_object_id(commit.get()));
}

std::optional<Oid> Repository::ref_target(const RefName& ref) const {
  ReferenceHandle r;
  int rc = git_reference_lookup(out(r), repo_, ref.full().c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check_git(rc, "read ref", ref.full());
  ReferenceHandle resolved;
  rc = git_reference_resolve(out(resolved), r.get());
  if (rc == GIT_ENOTFOUND) return std::nullopt;  // a symbolic ref to nowhere
  check_git(rc, "read ref", ref.full());
  return from_git(*git_reference_target(resolved.get()));
}

std::optional<std::pair<std::string, Oid>> Repository::default_main_branch() const {
  std::vector<std::string> candidates;
  ReferenceHandle origin_head;
  // (out() fills the handle at the end of the full expression: test it after.)
  const int rc = git_reference_lookup(out(origin_head), repo_, "refs/remotes/origin/HEAD");
  if (rc == 0 && git_reference_type(origin_head.get()) == GIT_REFERENCE_SYMBOLIC) {
    const std::string target = git_reference_symbolic_target(origin_head.get());
    if (target.rfind("refs/remotes/", 0) == 0) candidates.push_back(target.substr(std::string("refs/remotes/").size()));
  }
  for (const char* name : {"origin/master", "origin/main"}) candidates.push_back(name);
  for (const auto& name : candidates) {
    if (auto id = ref_target(RefName("refs/remotes/" + name))) {
      if (auto commit = try_resolve_commit(id->hex())) return std::make_pair(name, *commit);
    }
  }
  for (const char* name : {"master", "main"}) {
    if (auto id = ref_target(RefName::branch(name))) {
      if (auto commit = try_resolve_commit(id->hex())) return std::make_pair(std::string(name), *commit);
    }
  }
  return std::nullopt;
}

std::optional<RefName> Repository::find_branch(const std::string& name) const {
  std::vector<std::string> candidates;
  if (name.rfind("refs/", 0) == 0) candidates.push_back(name);
  candidates.push_back("refs/heads/" + name);
  candidates.push_back("refs/remotes/" + name);
  for (const auto& c : candidates) {
    if (git_reference_name_is_valid_check(c)) {
      ReferenceHandle r;
      const int rc = git_reference_lookup(out(r), repo_, c.c_str());
      if (rc == 0) return RefName(c);
      if (rc != GIT_ENOTFOUND && rc != GIT_EINVALIDSPEC) check_git(rc, "look up branch", name);
    }
  }
  return std::nullopt;
}

std::vector<std::pair<RefName, Oid>> Repository::refs_with_prefix(const std::string& prefix) const {
  ReferenceIteratorHandle it;
  check_git(git_reference_iterator_new(out(it), repo_), "list refs", prefix);
  std::vector<std::pair<RefName, Oid>> result;
  for (;;) {
    git_reference* raw = nullptr;
    const int rc = git_reference_next(&raw, it.get());
    if (rc == GIT_ITEROVER) break;
    check_git(rc, "list refs", prefix);
    ReferenceHandle ref(raw);
    const std::string name = git_reference_name(ref.get());
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    ReferenceHandle resolved;
    if (git_reference_resolve(out(resolved), ref.get()) < 0) continue;  // dangling symbolic ref
    result.emplace_back(RefName(name), from_git(*git_reference_target(resolved.get())));
  }
  std::sort(result.begin(), result.end());
  return result;
}

namespace {
// Reflog entries carry the committer identity, as git's do (libgit2 would
// take user.name/user.email and ignore GIT_COMMITTER_NAME/EMAIL). Without an
// identity libgit2's default stays.
void set_reflog_identity(const Repository& repo) {
  try {
    const Signature who = repo.committer_signature();
    git_repository_set_ident(repo.raw(), who.name.c_str(), who.email.c_str());
  } catch (const GitError&) {
    git_repository_set_ident(repo.raw(), nullptr, nullptr);
  }
}
}  // namespace

void Repository::update_ref(const RefName& ref, const Oid& value, const std::optional<Oid>& expected,
                            const std::string& reflog_message) {
  set_reflog_identity(*this);
  ReferenceHandle out_ref;
  const git_oid gv = to_git(value);
  int rc;
  if (expected) {
    const git_oid ge = to_git(*expected);
    rc = git_reference_create_matching(out(out_ref), repo_, ref.full().c_str(), &gv, 1, &ge,
                                       reflog_message.c_str());
    if (rc == GIT_EMODIFIED || rc == GIT_ENOTFOUND) {
      const auto now = ref_target(ref);
      throw GitError("update ref", ref.full(),
                     "it moved: expected " + expected->hex() + ", found " + (now ? now->hex() : "no ref"),
                     GIT_EMODIFIED);
    }
  } else {
    rc = git_reference_create_matching(out(out_ref), repo_, ref.full().c_str(), &gv, 0, nullptr,
                                       reflog_message.c_str());
    if (rc == GIT_EEXISTS || rc == GIT_EMODIFIED) {
      const auto now = ref_target(ref);
      throw GitError("create ref", ref.full(),
                     "it already exists (at " + (now ? now->hex() : std::string("?")) + ")", GIT_EMODIFIED);
    }
  }
  check_git(rc, "update ref", ref.full());
}

void Repository::keep_reflog(const RefName& ref) {
  check(git_reference_ensure_log(raw(), ref.full().c_str()), "create reflog", ref.full());
}

void Repository::delete_ref(const RefName& ref, const Oid& expected, const std::string& reflog_message) {
  // git_reference_delete checks, under the ref's lock, that the ref still
  // has the value of the git_reference it is given: a compare-and-swap.
  // Deleting a ref removes its reflog, so `reflog_message` has nowhere to go.
  (void)reflog_message;
  ReferenceHandle r;
  int rc = git_reference_lookup(out(r), repo_, ref.full().c_str());
  if (rc == GIT_ENOTFOUND) {
    throw GitError("delete ref", ref.full(), "it does not exist (expected " + expected.hex() + ")", GIT_EMODIFIED);
  }
  check_git(rc, "delete ref", ref.full());
  if (git_reference_type(r.get()) != GIT_REFERENCE_DIRECT ||
      from_git(*git_reference_target(r.get())) != expected) {
    const auto now = ref_target(ref);
    throw GitError("delete ref", ref.full(),
                   "it moved: expected " + expected.hex() + ", found " + (now ? now->hex() : "no value"),
                   GIT_EMODIFIED);
  }
  rc = git_reference_delete(r.get());
  if (rc == GIT_EMODIFIED) {
    throw GitError("delete ref", ref.full(), "it moved: expected " + expected.hex(), GIT_EMODIFIED);
  }
  check_git(rc, "delete ref", ref.full());
}

void Repository::set_head(const RefName& branch, const std::string& reflog_message) {
  set_reflog_identity(*this);
  ReferenceHandle head;
  check_git(git_reference_symbolic_create(out(head), repo_, "HEAD", branch.full().c_str(), 1,
                                          reflog_message.c_str()),
            "set HEAD to", branch.full());
}

std::optional<std::string> Repository::worktree_using_branch(const RefName& branch) const {
  auto own_root = [](const std::string& p) {
    std::error_code ec;
    const auto c = fs::weakly_canonical(p, ec);
    return ec ? p : c.string();
  };
  const std::string mine = own_root(workdir());
  auto head_is = [&](git_reference* head) {
    return head && git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
           branch.full() == git_reference_symbolic_target(head);
  };
  // The main worktree: HEAD of the common dir.
  if (git_repository_is_worktree(repo_)) {
    RepositoryHandle main;
    const int opened = git_repository_open_ext(out(main), common_dir().c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    if (opened == 0 && !git_repository_is_bare(main.get())) {
      ReferenceHandle head;
      const int rc = git_reference_lookup(out(head), main.get(), "HEAD");
      if (rc == 0 && head_is(head.get())) return std::string(git_repository_workdir(main.get()));
    }
    git_error_clear();
  }
  // Linked worktrees.
  StrArrayHandle names;
  check_git(git_worktree_list(names.get(), repo_), "list worktrees", common_dir());
  for (std::size_t i = 0; i < names.size(); ++i) {
    WorktreeHandle wt;
    if (git_worktree_lookup(out(wt), repo_, names[i]) < 0) {
      git_error_clear();
      continue;
    }
    std::string root = git_worktree_path(wt.get());
    if (!root.empty() && root.back() != '/') root += '/';
    if (own_root(root) == mine) continue;
    ReferenceHandle head;
    if (git_repository_head_for_worktree(out(head), repo_, names[i]) < 0) {
      git_error_clear();
      // An unborn branch: read HEAD's symbolic target from the worktree's git dir.
      std::ifstream in(fs::path(common_dir()) / "worktrees" / names[i] / "HEAD");
      std::string line;
      std::getline(in, line);
      if (line == "ref: " + branch.full()) return root;
      continue;
    }
    // head_for_worktree resolves HEAD; compare the branch it names.
    if (std::string(git_reference_name(head.get())) == branch.full()) return root;
  }
  return std::nullopt;
}

}  // namespace migrate::gitops
