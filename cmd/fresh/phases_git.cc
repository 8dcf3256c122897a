// The phases that work on git itself: branch (pin the base, make the fresh
// branch, check the baseline out into it, soft-reset it to the base) and
// commit (everything but the excluded paths, on the fresh branch).
#include <filesystem>
#include <optional>

#include "cmd/fresh/backup.h"
#include "cmd/fresh/phase_steps.h"
#include "common/progress.h"
#include "common/test_hook.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

namespace {

// "model_migration/, docs/": the paths never committed.
std::string excluded_list(const Settings& s) {
  std::vector<std::string> folders;
  for (const auto& e : s.exclude) folders.push_back(e + "/");
  return join(folders, ", ");
}

}  // namespace

// --- branch ------------------------------------------------------------------

std::string phase_branch(Context& ctx) {
  auto& repo = ctx.repo;
  const State& st = ctx.state;
  const Oid base = oid_of(st.base), baseline = oid_of(st.baseline_id);
  const RefName fresh = RefName::branch(st.branch);
  const std::string done = "on " + st.branch + " at " + base.short_hex() + " (" + st.base_spec +
                           "), index and worktree hold " + st.baseline + " (" + baseline.short_hex() + ")";
  const auto head_branch = repo.current_branch();
  auto current = repo.ref_target(fresh);
  if (head_branch && *head_branch == fresh) {
    if (current && *current == base) return done;
    if (current && *current == baseline) {
      repo.update_ref(fresh, base, baseline, "migrate-fresh: soft reset " + st.branch + " to " + base.short_hex());
      return done;
    }
    throw PhaseFailure(st.branch + " is checked out but points at " + (current ? current->short_hex() : std::string("nothing")) +
                       ", neither the baseline nor the base; start over with `git migrate-fresh --abort " + st.product + "`");
  }
  if (!current) {
    repo.update_ref(fresh, baseline, std::nullopt, "migrate-fresh: create " + st.branch + " from " + st.baseline);
    test_stop_point("branch:created");
  } else if (*current != baseline) {
    if (st.replaced.empty() || current->hex() != st.replaced)
      throw PhaseFailure("branch " + st.branch + " exists at " + current->short_hex() +
                         "; replace it with --force (a backup ref is kept) or pick another name with --branch");
    const RefName backup = write_backup(repo, st.branch, *current, "replaced by --force");
    repo.update_ref(fresh, baseline, *current, "migrate-fresh: replace " + st.branch + " (--force, backup " + backup.full() + ")");
    ctx.say("branch", "replaced the old " + st.branch + " (backup: " + backup.full() + ")");
  }
  const auto head = repo.head_commit();
  if (!head) throw PhaseFailure("HEAD has no commit");
  const Oid head_tree = repo.commit(*head).tree, baseline_tree = repo.commit(baseline).tree;
  // Resuming after a crash: an index that already holds the baseline means
  // the checkout finished (libgit2 writes the index last). A checkout cut
  // short left some of the baseline's files in the worktree; a file whose
  // content is exactly the baseline's is ours, not the user's: it goes, and
  // the checkout writes it again.
  if (repo.index_tree() != baseline_tree) {
    for (const auto& p : repo.checkout_conflicts(head_tree, baseline_tree)) {
      const auto blob = repo.read_blob_at(baseline_tree, p);
      std::error_code ec;
      if (blob && fs::is_regular_file(fs::symlink_status(ctx.worktree_path(p.str()), ec)) &&
          read_text(ctx.worktree_path(p.str())) == *blob)
        fs::remove(ctx.worktree_path(p.str()), ec);
    }
    std::optional<Progress> updating;  // "Updating: 812/4338 files" as the baseline is checked out
    repo.checkout_tree(head_tree, baseline_tree, gitops::Repository::CheckoutGuard::kCheck,
                       [&](std::size_t done, std::size_t total) {
                         if (!updating) updating.emplace(ctx.progress, "Updating", total);
                         updating->set(done);
                       });
  }
  test_stop_point("branch:checked-out");
  repo.set_head(fresh, "migrate-fresh: checkout " + st.branch);
  test_stop_point("branch:head-set");
  repo.update_ref(fresh, base, baseline, "migrate-fresh: soft reset " + st.branch + " to " + base.short_hex());
  return done;
}

std::string describe_branch(const Context& ctx) {
  const State& st = ctx.state;
  return "create " + st.branch + " at " + st.baseline + " (" + st.baseline_id.substr(0, 10) +
         "), check it out, soft reset it to " + st.base.substr(0, 10) + " (" + st.base_spec + ")";
}

// --- commit ------------------------------------------------------------------

std::string phase_commit(Context& ctx) {
  auto& repo = ctx.repo;
  const RefName fresh = RefName::branch(ctx.state.branch);
  const auto head_branch = repo.current_branch();
  if (!head_branch || *head_branch != fresh)
    throw PhaseFailure("HEAD is not " + ctx.state.branch + "; switch back to it (git switch " + ctx.state.branch + ") and resume");
  std::vector<RepoPath> exclude;
  for (const auto& e : ctx.settings.exclude) exclude.push_back(repo_path(e, "excluded path"));
  for (const auto& u : ctx.state.untracked)
    if (auto p = RepoPath::parse(u)) exclude.push_back(*p);
  const Oid tree = repo.stage_all(exclude);
  test_stop_point("commit:staged");
  for (const auto& e : ctx.settings.exclude) {
    // docs/workflow.md, trap 1: after the soft reset the tooling folder is
    // staged, so `git add -A ':(exclude)model_migration/'` commits it anyway.
    if (repo.tree_entry(tree, repo_path(e, "excluded path")))
      throw PhaseFailure("internal error: " + e + " is still in the tree to commit");
  }
  const Oid head = *repo.head_commit();
  const auto head_info = repo.commit(head);
  if (head_info.tree == tree) {
    if (head.hex() != ctx.state.base) return "committed " + head.short_hex() + ": " + head_info.summary;
    return "nothing to commit: the worktree equals the base outside the excluded paths";
  }
  const Oid c = repo.create_commit(tree, {head}, ctx.settings.message);
  test_stop_point("commit:created");
  repo.update_ref(fresh, c, head, "migrate-fresh: commit " + ctx.state.product + " migration");
  const auto stats = repo.diff_trees(head_info.tree, tree, true);
  return "committed " + c.short_hex() + " (" + std::to_string(stats.size()) + (stats.size() == 1 ? " file" : " files") +
         "): " + ctx.settings.message + "\nnot committed, left in the worktree: " + excluded_list(ctx.settings);
}

std::string describe_commit(const Context& ctx) {
  return "commit everything except " + excluded_list(ctx.settings) + ": \"" + ctx.settings.message + "\"";
}

}  // namespace migrate::cmd
