#include "cmd/replace/run.h"

#include <cstdio>
#include <filesystem>
#include <future>

#include "cmd/replace/plan.h"
#include "cmd/replace/report.h"
#include "common/config.h"
#include "common/settings.h"
#include "common/exit_codes.h"
#include "common/quote.h"
#include "gitops/replace_support.h"

namespace migrate::cmd::replace {
namespace {

using gitops::Oid;
using gitops::RepoPath;
using gitops::Repository;

struct Streams {
  Palette out, err;
};

void print_out(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }
void print_err(const std::string& s) {
  std::fflush(stdout);
  std::fwrite(s.data(), 1, s.size(), stderr);
}

// Flag > git -c > git config > .git-migrate.toml > default (common/settings.h).
Settings resolve_settings(const Options& opts, const Config& cfg) {
  const SettingResolver r(cfg);
  Settings s;
  s.excludes = r.excludes(opts.excludes);
  s.message = r.string("replace.message", opts.message);
  if (s.message.find_first_not_of(" \t\n") == std::string::npos) {
    throw ConfigError(r.origin("replace.message", opts.message.has_value(), "--message") + ": the merge message is empty");
  }
  s.deletion_threshold = r.deletion_threshold(opts.deletion_threshold);
  return s;
}

// git commit's message clean-up for -m: trailing whitespace off, one final
// newline.
std::string commit_message(std::string m) {
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ' || m.back() == '\t')) m.pop_back();
  return m + "\n";
}

int refuse(const Refusal& r, const Streams& s) {
  print_err(format_refusal(r, s.err));
  return kExitRefused;
}

// Moves the branch with compare-and-swap after saving its head in the
// backup ref; puts the backup back if the branch cannot be moved.
void move_branch(Repository& repo, const Plan& plan, const Oid& commit) {
  const gitops::RefName backup = backup_ref(plan.target.branch);
  const std::optional<Oid> old_backup = repo.ref_target(backup);
  gitops::keep_reflog(repo, backup);
  repo.update_ref(backup, plan.target.head, old_backup,
                  "migrate-replace: backup of " + plan.target.branch.shorthand() + " before adopting " +
                      plan.fresh_name);
  try {
    repo.update_ref(plan.target.branch, commit, plan.target.head,
                    "migrate-replace: adopt " + plan.fresh_name);
  } catch (const gitops::GitError&) {
    try {
      if (old_backup) {
        repo.update_ref(backup, *old_backup, plan.target.head, "migrate-replace: restore backup after failure");
      } else {
        repo.delete_ref(backup, plan.target.head, "migrate-replace: drop backup after failure");
      }
    } catch (const gitops::GitError&) {
      // The original failure is the one to report; a stale backup is harmless.
    }
    throw;
  }
}

// With the branch checked out, index and worktree follow the ref; if that
// fails the ref goes back so HEAD, index and worktree stay consistent.
void follow_in_worktree(Repository& repo, const Target& target, const Oid& moved_to, const Oid& to_tree,
                        const std::string& reflog) {
  if (!target.checked_out) return;
  try {
    repo.checkout_tree(target.head_tree, to_tree);
  } catch (const gitops::GitError&) {
    try {
      repo.update_ref(target.branch, target.head, moved_to, reflog);
    } catch (const gitops::GitError&) {
    }
    throw;
  }
}

int replace(Repository& repo, const Options& opts, const Settings& settings, const Streams& s) {
  auto target = find_target(repo, opts.branch);
  if (auto* r = std::get_if<Refusal>(&target)) return refuse(*r, s);
  const Target& t = std::get<Target>(target);
  bool spotless = false;
  if (auto r = check_state(repo, t, "replace", &spotless)) return refuse(*r, s);
  auto planned = make_plan(repo, t, *opts.fresh, settings);
  if (auto* r = std::get_if<Refusal>(&planned)) return refuse(*r, s);
  Plan& plan = std::get<Plan>(planned);

  if (opts.dry_run) {
    if (auto r = check_checkout(repo, plan.target, plan.new_tree, "replace")) return refuse(*r, s);
    plan.changes = repo.diff_trees(plan.target.head_tree, plan.new_tree, true);
    print_out(format_dry_run(plan, s.out));
    print_err(format_deletion_warnings(plan, s.err));
    return kExitOk;
  }
  // The diff stat reads nothing but objects, so it is worked out on a second
  // handle on another thread while this one checks out.
  const Repository diff_repo = repo.reopen();
  std::future<std::vector<gitops::FileStat>> changes = std::async(std::launch::async, [&diff_repo, &plan] {
    return diff_repo.diff_trees(plan.target.head_tree, plan.new_tree, true);
  });
  // Index and worktree first: checkout_tree refuses, writing nothing, when an
  // untracked file is in the way; only then are the paths listed. Having
  // just seen a spotless worktree, it need not look for them first.
  if (plan.target.checked_out) {
    try {
      repo.checkout_tree(plan.target.head_tree, plan.new_tree,
                         spotless ? Repository::CheckoutGuard::kSeenClean : Repository::CheckoutGuard::kCheck);
    } catch (const gitops::GitError&) {
      if (auto r = check_checkout(repo, plan.target, plan.new_tree, "replace")) return refuse(*r, s);
      throw;
    }
  }
  try {
    plan.changes = changes.get();
    const Oid commit =
        repo.create_commit(plan.new_tree, {plan.target.head, plan.fresh}, commit_message(plan.settings.message));
    move_branch(repo, plan, commit);
    print_out(format_done(plan, commit, s.out));
    print_err(format_deletion_warnings(plan, s.err));
    return kExitOk;
  } catch (const gitops::GitError&) {
    if (plan.target.checked_out && repo.ref_target(plan.target.branch) == plan.target.head) {
      try {
        repo.checkout_tree(plan.new_tree, plan.target.head_tree);  // back to where we were
      } catch (const gitops::GitError&) {
      }
    }
    throw;
  }
}

int undo(Repository& repo, const Options& opts, const Streams& s) {
  auto target = find_target(repo, opts.branch);
  if (auto* r = std::get_if<Refusal>(&target)) return refuse(*r, s);
  const Target& t = std::get<Target>(target);
  const gitops::RefName backup = backup_ref(t.branch);
  const std::string branch = "'" + t.branch.shorthand() + "'";
  const std::optional<Oid> saved = repo.ref_target(backup);
  if (!saved) {
    return refuse({"no backup of " + branch + " to restore: " + backup.full() + " does not exist", {},
                   "git migrate-replace writes it when it replaces the branch; nothing to undo"},
                  s);
  }
  if (*saved == t.head) {
    return refuse({branch + " already points at its backup " + saved->short_hex(), {}, "nothing to undo"}, s);
  }
  const gitops::CommitInfo head = repo.commit(t.head);
  if (head.parents.size() != 2 || head.parents[0] != *saved) {
    return refuse({branch + " has moved since git migrate-replace: its head " + t.head.short_hex() +
                       " is not the merge made on top of the backup " + saved->short_hex(),
                   {},
                   "to go back anyway, losing the newer commits: git reset --keep " + backup.full()},
                  s);
  }
  if (auto r = check_state(repo, t, "undo")) return refuse(*r, s);
  const gitops::CommitInfo restored = repo.commit(*saved);
  if (auto r = check_checkout(repo, t, restored.tree, "undo")) return refuse(*r, s);

  UndoReport report{t, *saved, restored.summary, repo.diff_trees(t.head_tree, restored.tree, false).size(),
                    opts.dry_run};
  if (!opts.dry_run) {
    const std::string reflog = "migrate-replace: undo, back to " + saved->short_hex();
    repo.update_ref(t.branch, *saved, t.head, reflog);
    follow_in_worktree(repo, t, *saved, restored.tree, "migrate-replace: roll back the undo");
  }
  print_out(format_undo(report, s.out));
  return kExitOk;
}

}  // namespace

int run(const Options& opts) {
  Repository repo = Repository::discover(std::filesystem::current_path().string());
  load_quote_path(repo);
  const Streams s{Palette{use_color(1, opts.color, &repo)}, Palette{use_color(2, opts.color, &repo)}};
  if (opts.undo) return undo(repo, opts, s);
  const Config cfg = Config::load(repo);
  return replace(repo, opts, resolve_settings(opts, cfg), s);
}

}  // namespace migrate::cmd::replace
