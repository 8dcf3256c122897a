#include "cmd/replace/plan.h"

#include "common/quote.h"
#include "gitops/repository.h"

namespace migrate::cmd::replace {
namespace {

using gitops::Oid;
using gitops::RefName;
using gitops::RepoPath;

constexpr std::size_t kMaxListed = 10;

void list_paths(std::vector<std::string>& out, const std::string& label,
                const std::vector<RepoPath>& paths) {
  for (const RepoPath& p : paths) out.push_back(label + quote_path(p.str()));
}

// At most kMaxListed lines, then a count of the rest.
void truncate_list(std::vector<std::string>& lines) {
  if (lines.size() <= kMaxListed) return;
  const std::size_t rest = lines.size() - kMaxListed;
  lines.resize(kMaxListed);
  lines.push_back("... and " + std::to_string(rest) + " more");
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

RefName backup_ref(const RefName& branch) {
  return RefName("refs/migrate/backup/" + branch.shorthand());
}

std::variant<Target, Refusal> find_target(const gitops::Repository& repo,
                                          const std::optional<std::string>& branch_arg) {
  const std::optional<RefName> current = repo.current_branch();
  std::optional<RefName> branch;
  if (!branch_arg) {
    if (!current) {
      return Refusal{"HEAD is detached: there is no current branch to replace",
                     {},
                     "check out the review branch, or name it: git migrate-replace <fresh> <branch>"};
    }
    branch = current;
  } else {
    const std::string& name = *branch_arg;
    branch = name.rfind("refs/heads/", 0) == 0 ? RefName(name) : RefName::branch(name);
  }
  const std::optional<Oid> head = repo.ref_target(*branch);
  if (!head) {
    if (!branch_arg) {
      return Refusal{"branch " + quoted(branch->shorthand()) + " has no commit yet", {},
                     "commit on it first, or name another branch"};
    }
    return Refusal{"no branch named " + quoted(*branch_arg), {},
                   "name a local branch (git branch --list shows them)"};
  }
  Target t{*branch, current && *current == *branch, *head, {}, {}};
  if (!t.checked_out) {
    if (auto where = repo.worktree_using_branch(*branch)) {
      if (where->size() > 1 && where->back() == '/') where->pop_back();
      return Refusal{"branch " + quoted(branch->shorthand()) + " is checked out in the worktree at " +
                         quoted(*where),
                     {},
                     "run git migrate-replace in that worktree"};
    }
  }
  const gitops::CommitInfo info = repo.commit(*head);
  t.head_tree = info.tree;
  t.head_summary = info.summary;
  return t;
}

std::optional<Refusal> check_state(const gitops::Repository& repo, const Target& target,
                                   const std::string& verb, bool* spotless) {
  const std::string what = "cannot " + verb + " " + quoted(target.branch.shorthand()) + ": ";
  const gitops::Operation op = repo.operation_in_progress();
  if (op != gitops::Operation::kNone) {
    return Refusal{what + "a " + gitops::operation_name(op) + " is in progress", {},
                   std::string("finish it or abort it (") + gitops::operation_abort_hint(op) +
                       "), then run git migrate-replace again"};
  }
  if (!target.checked_out) return std::nullopt;
  const gitops::WorktreeStatus st = repo.status();
  if (spotless) *spotless = !st.dirty() && st.untracked.empty();
  if (!st.dirty()) return std::nullopt;
  Refusal r{what + "the index or worktree has uncommitted changes", {},
            "commit or stash them (git stash), then run git migrate-replace again"};
  list_paths(r.details, "conflict:  ", st.conflicted);
  list_paths(r.details, "staged:    ", st.staged);
  list_paths(r.details, "modified:  ", st.unstaged);
  truncate_list(r.details);
  return r;
}

std::variant<Plan, Refusal> make_plan(gitops::Repository& repo, Target target,
                                      const std::string& fresh_name, Settings settings) {
  const std::optional<Oid> fresh = repo.try_resolve_commit(fresh_name);
  if (!fresh) {
    return Refusal{quoted(fresh_name) + " is not a commit", {},
                   "name the fresh branch or a commit, e.g. git migrate-replace "
                   "chore/models-migrations-<product>-fresh"};
  }
  const gitops::CommitInfo info = repo.commit(*fresh);
  Plan plan{std::move(target), fresh_name, *fresh, info.tree, info.tree, info.summary, {}, {},
            std::move(settings)};

  gitops::Repository::TreeEditor editor(repo, plan.fresh_tree);
  for (const RepoPath& path : plan.settings.excludes) {
    const std::optional<gitops::TreeEntry> entry = repo.tree_entry(plan.fresh_tree, path);
    if (!entry) continue;
    ExcludedPath ex{path, entry->mode == gitops::FileMode::kTree, 1};
    if (ex.folder) ex.files = repo.list_files(plan.fresh_tree, path).size();
    plan.excluded.push_back(ex);
    editor.remove(path);
  }
  if (!plan.excluded.empty()) plan.new_tree = editor.write();

  if (plan.new_tree == plan.target.head_tree) {
    return Refusal{"nothing to adopt: " + quoted(fresh_name) + " without the excluded paths has " +
                       "the same tree as " + quoted(plan.target.branch.shorthand()),
                   {},
                   "the branch already has the fresh content; there is nothing to do"};
  }
  if (repo.is_ancestor(plan.fresh, plan.target.head)) {
    return Refusal{quoted(fresh_name) + " is already in the history of " + quoted(plan.target.branch.shorthand()),
                   {},
                   "a merge would record nothing new; name the fresh branch's new commit"};
  }
  return plan;
}

std::optional<Refusal> check_checkout(const gitops::Repository& repo, const Target& target,
                                      const Oid& to_tree, const std::string& verb) {
  if (!target.checked_out) return std::nullopt;
  const std::vector<RepoPath> in_the_way = repo.checkout_conflicts(target.head_tree, to_tree);
  if (in_the_way.empty()) return std::nullopt;
  Refusal r{"cannot " + verb + " " + quoted(target.branch.shorthand()) +
                ": untracked files would be overwritten",
            {},
            "move or remove them, then run git migrate-replace again"};
  list_paths(r.details, "", in_the_way);
  truncate_list(r.details);
  return r;
}

}  // namespace migrate::cmd::replace
