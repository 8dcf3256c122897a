#include "cmd/replace/run.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <system_error>

#include "cmd/replace/plan.h"
#include "cmd/replace/report.h"
#include "common/config.h"
#include "common/settings.h"
#include "common/exit_codes.h"
#include "common/fs.h"
#include "common/quote.h"
#include "common/test_hook.h"
#include "common/progress.h"

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

// The journal of a replacement or an undo under way: written before index,
// worktree or ref change, removed once all three agree. While it exists the
// branch is either still at `head` (index and worktree belong to `from`,
// however far the checkout got) or at the new commit (they belong to `to`).
// A run killed in between (kill -9, a crash) is recovered from it by the next
// git migrate-replace, --undo included.
struct Journal {
  std::string op;  // "replace" or "undo"
  gitops::RefName branch;
  Oid head, from, to;
};

std::string journal_path(const Repository& repo) { return repo.git_dir() + "migrate/replace-in-progress"; }

void write_journal(const Repository& repo, const Journal& j) {
  const std::string path = journal_path(repo);
  try {
    write_file_atomic(path, "op " + j.op + "\nbranch " + j.branch.full() + "\nhead " + j.head.hex() + "\nfrom " + j.from.hex() +
                                "\nto " + j.to.hex() + "\n");
  } catch (const std::system_error& e) {
    throw gitops::GitError("write", path, std::string("cannot write the journal: ") + e.what(), -1);
  }
}

std::optional<Journal> read_journal(const Repository& repo) {
  std::ifstream in(journal_path(repo));
  if (!in) return std::nullopt;
  std::map<std::string, std::string> v;
  std::string key, value;
  while (in >> key >> value) v[key] = value;
  auto head = Oid::from_hex(v["head"]), from = Oid::from_hex(v["from"]), to = Oid::from_hex(v["to"]);
  if (v["branch"].rfind("refs/heads/", 0) != 0 || !head || !from || !to) return std::nullopt;
  return Journal{v["op"], gitops::RefName(v["branch"]), *head, *from, *to};
}

void remove_journal(const Repository& repo) {
  std::error_code ec;
  std::filesystem::remove(journal_path(repo), ec);
}

// Brings ref, index and worktree back into agreement after an interrupted
// run: rolled back when the branch was not moved, finished when it was.
// nullopt when there was nothing to recover or the command `op` is still to
// run; an exit code when the state cannot be recovered safely, or when the
// interrupted run was `op` itself and is now finished (running it again
// completes it, as an uninterrupted run would have).
std::optional<int> recover(Repository& repo, const Streams& s, const std::string& op, bool dry_run) {
  if (dry_run && std::filesystem::exists(journal_path(repo))) {
    return refuse({"an interrupted git migrate-replace left " + journal_path(repo), {},
                   "run git migrate-replace (or --undo) without --dry-run: it recovers that run first"},
                  s);
  }
  const std::optional<Journal> j = read_journal(repo);
  if (!j) {
    if (std::filesystem::exists(journal_path(repo))) {
      return refuse({"the journal of an interrupted git migrate-replace, " + journal_path(repo) + ", cannot be read",
                     {}, "look at the branch, index and worktree, then delete it"},
                    s);
    }
    return std::nullopt;
  }
  const std::optional<Oid> now = repo.ref_target(j->branch);
  const bool moved = now && *now != j->head;
  if (moved && repo.commit(*now).tree != j->to) {
    return refuse({"an interrupted git migrate-replace left " + journal_path(repo) + ", and " + j->branch.shorthand() +
                       " has moved since to " + now->short_hex(),
                   {"before: " + j->head.short_hex()},
                   "check the branch, index and worktree (git status), then delete the journal"},
                  s);
  }
  const auto current = repo.current_branch();
  const bool checked_out = current && *current == j->branch;
  if (checked_out) repo.restore_changed_paths(j->from, j->to, moved ? j->to : j->from);
  remove_journal(repo);
  print_err("note: recovered from an interrupted git migrate-replace: " + j->branch.shorthand() +
            (moved ? " had moved to " + now->short_hex() + "; its index and worktree now match it\n"
                   : " is still at " + j->head.short_hex() + "; its index and worktree are back to it\n"));
  if (moved && j->op == op) return kExitOk;
  return std::nullopt;
}

// Moves the branch with compare-and-swap after saving its head in the
// backup ref; puts the backup back if the branch cannot be moved.
void move_branch(Repository& repo, const Plan& plan, const Oid& commit) {
  const gitops::RefName backup = backup_ref(plan.target.branch);
  const std::optional<Oid> old_backup = repo.ref_target(backup);
  repo.keep_reflog(backup);
  repo.update_ref(backup, plan.target.head, old_backup,
                  "migrate-replace: backup of " + plan.target.branch.shorthand() + " before adopting " +
                      plan.fresh_name);
  test_stop_point("replace:backup");
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

int replace(Repository& repo, const Options& opts, const Settings& settings, const Streams& s,
            ProgressDisplay& progress) {
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
  write_journal(repo, {"replace", plan.target.branch, plan.target.head, plan.target.head_tree, plan.new_tree});
  test_stop_point("replace:journal");
  if (plan.target.checked_out) {
    try {
      // "Updating: 812/1287 files" as the worktree is written.
      std::optional<Progress> updating;
      repo.checkout_tree(plan.target.head_tree, plan.new_tree,
                         spotless ? Repository::CheckoutGuard::kSeenClean : Repository::CheckoutGuard::kCheck,
                         [&](std::size_t done, std::size_t total) {
                           if (!updating) updating.emplace(&progress, "Updating", total);
                           updating->set(done);
                         });
    } catch (const gitops::GitError&) {
      remove_journal(repo);
      if (auto r = check_checkout(repo, plan.target, plan.new_tree, "replace")) return refuse(*r, s);
      throw;
    }
  }
  test_stop_point("replace:checked-out");
  try {
    plan.changes = changes.get();
    const Oid commit =
        repo.create_commit(plan.new_tree, {plan.target.head, plan.fresh}, commit_message(plan.settings.message));
    test_stop_point("replace:committed");
    move_branch(repo, plan, commit);
    test_stop_point("replace:moved");
    remove_journal(repo);
    print_out(format_done(plan, commit, s.out));
    print_err(format_deletion_warnings(plan, s.err));
    return kExitOk;
  } catch (const gitops::GitError&) {
    if (plan.target.checked_out && repo.ref_target(plan.target.branch) == plan.target.head) {
      try {
        repo.checkout_tree(plan.new_tree, plan.target.head_tree);  // back to where we were
        remove_journal(repo);
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
    write_journal(repo, {"undo", t.branch, t.head, t.head_tree, restored.tree});
    test_stop_point("undo:journal");
    repo.update_ref(t.branch, *saved, t.head, reflog);
    test_stop_point("undo:moved");
    follow_in_worktree(repo, t, *saved, restored.tree, "migrate-replace: roll back the undo");
    remove_journal(repo);
  }
  print_out(format_undo(report, s.out));
  return kExitOk;
}

}  // namespace

int run(const Options& opts) {
  Repository repo = Repository::discover(std::filesystem::current_path().string());
  load_quote_path(repo);
  const Streams s{Palette{use_color(1, opts.color, &repo)}, Palette{use_color(2, opts.color, &repo)}};
  if (auto code = recover(repo, s, opts.undo ? "undo" : "replace", opts.dry_run)) return *code;
  if (opts.undo) return undo(repo, opts, s);
  const Config cfg = Config::load(repo);
  ProgressDisplay progress = ProgressDisplay::for_stderr(progress_wanted(opts.progress));
  return replace(repo, opts, resolve_settings(opts, cfg), s, progress);
}

}  // namespace migrate::cmd::replace
