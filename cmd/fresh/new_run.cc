// Starting a run of git migrate-fresh (cmd/fresh/new_run.h).
#include "cmd/fresh/new_run.h"

#include <algorithm>
#include <optional>

#include "cmd/fresh/phases.h"
#include "cmd/fresh/subcommands.h"
#include "common/json_edit.h"
#include "rewrite/moves.h"

namespace migrate::cmd {

using gitops::Oid;
using gitops::RefName;
using gitops::RepoPath;
using gitops::Repository;

namespace {

struct Resolved {
  Oid base;
  std::string base_spec;
};

std::optional<Resolved> resolve_base(const Repository& repo, const Settings& s) {
  if (s.main) {
    if (auto id = repo.try_resolve_commit(*s.main)) return Resolved{*id, *s.main};
    return std::nullopt;
  }
  if (auto found = repo.default_main_branch()) return Resolved{found->second, found->first};
  return std::nullopt;
}

}  // namespace

std::variant<State, Refusal> plan_new_run(Repository& repo, const Settings& s, const FreshFlags& flags, bool force,
                                          std::vector<std::string>& warnings) {
  const std::string product = s.product;
  if (const auto op = repo.operation_in_progress(); op != gitops::Operation::kNone)
    return Refusal{std::string("a ") + gitops::operation_name(op) + " is in progress",
                   {std::string("finish it, or stop it with `") + gitops::operation_abort_hint(op) + "`, then run again"}};
  const auto start = repo.current_branch();
  const auto head = repo.head_commit();
  if (!start || !start->is_branch() || !head)
    return Refusal{"HEAD is not on a branch with a commit; the run needs a branch to come back to",
                   {"switch to one first: git switch <branch>"}};
  const auto status = repo.status();
  if (status.dirty()) {
    std::vector<RepoPath> paths = status.conflicted;
    paths.insert(paths.end(), status.staged.begin(), status.staged.end());
    paths.insert(paths.end(), status.unstaged.begin(), status.unstaged.end());
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    return Refusal{"the worktree has uncommitted changes:" + short_list(paths),
                   {"commit or stash them first (git stash push), then run again"}};
  }
  const auto base = resolve_base(repo, s);
  if (!base) {
    if (s.main) return Refusal{"the base '" + *s.main + "' is not a commit", {"fetch it, or name another with --base or `git config migrate.main <branch>`"}};
    return Refusal{std::string("none of ") + Repository::kMainBranchOrder + " exists to pin the base to", {"name the main branch with --base <rev> or `git config migrate.main <branch>`"}};
  }
  const RefName baseline_ref = RefName::branch(s.baseline);
  const auto baseline = repo.ref_target(baseline_ref);
  if (!baseline) {
    std::vector<std::string> hints = {"create it, or name yours with --baseline or `git config migrate.baseline <branch>`"};
    if (repo.try_resolve_commit("origin/" + s.baseline))
      hints.insert(hints.begin(), "it exists on origin: git branch " + s.baseline + " origin/" + s.baseline);
    return Refusal{"the baseline branch " + s.baseline + " does not exist", hints};
  }
  const Oid baseline_tree = repo.commit(*baseline).tree;
  const auto tooling = RepoPath::parse(s.tooling);
  if (!tooling || tooling->empty()) return Refusal{"the tooling folder '" + s.tooling + "' is not a path inside the repository", {}};
  const auto tooling_entry = repo.tree_entry(baseline_tree, *tooling);
  if (!tooling_entry || tooling_entry->mode != gitops::FileMode::kTree)
    return Refusal{"the baseline " + s.baseline + " has no " + s.tooling + "/ folder",
                   {"commit the migration scripts there, or name the folder with `git config migrate.tooling <folder>`"}};
  const RefName fresh = RefName::branch(s.branch);
  const auto existing = repo.ref_target(fresh);
  if (existing && *start == fresh)
    return Refusal{"you are on " + s.branch + ", the branch a new run would replace",
                   {"continue its run with `" + resume_command(product) + "`, or switch away and use --force to start over"}};
  if (existing && !force)
    return Refusal{"the branch " + s.branch + " already exists",
                   {"start over with --force (the old branch is kept as a backup ref)", "or continue a run with `" + resume_command(product) + "`"}};
  // Running the migration of a product the team did not configure
  // (docs/workflow.md, step 3): a product the JSON config does not list is
  // refused before anything changes.
  if (const auto json_path = RepoPath::parse(s.config_json)) {
    if (const auto json = repo.read_blob_at(baseline_tree, *json_path)) {
      try {
        const auto edit = edit_migration_statuses(*json, product);
        if (edit.outcome == MigrationsEdit::Outcome::kProductMissing) {
          auto [what, hint] = product_missing(edit, product, s.config_json + " on " + s.baseline);
          return Refusal{std::move(what), {std::move(hint)}};
        }
      } catch (const JsonError& e) {
        return Refusal{s.config_json + " on " + s.baseline + " is not valid JSON: " + e.what(), {"fix it on the baseline, then run again"}};
      }
    }
  }
  if (s.run.empty()) {
    const auto moves_path = RepoPath::parse(s.moves);
    const auto blob = moves_path ? repo.read_blob_at(baseline_tree, *moves_path) : std::nullopt;
    if (!blob)
      return Refusal{"the baseline has no moves file " + s.moves,
                     {"write one with `git migrate-fresh scan --from <folder> --to " + s.target + " -o " + s.moves + "` and commit it to the baseline",
                      "or run the team's own script instead of the move and rewrite phases: --run <command>"}};
    rewrite::MovesCheck check;
    check.exists = [&](const std::string& p) {
      const auto rp = RepoPath::parse(p);
      return rp && repo.tree_entry(baseline_tree, *rp).has_value();
    };
    try {
      std::vector<std::string> tracked;
      for (const RepoPath& p : repo.tracked_files()) tracked.push_back(p.str());
      rewrite::MoveSet::parse(*blob, s.moves, check, worktree_import_roots(repo.workdir(), tracked, s.import_roots));
    } catch (const rewrite::MovesError& e) {
      std::string all;
      for (const auto& p : e.problems()) all += "\n  " + p;
      return Refusal{"the moves file on the baseline is not valid:" + all, {"fix it on the baseline, then run again"}};
    }
  }
  const Oid head_tree = repo.commit(*head).tree;
  const auto conflicts = repo.checkout_conflicts(head_tree, baseline_tree);
  if (!conflicts.empty())
    return Refusal{"untracked files would be overwritten by the baseline's content:" + short_list(conflicts),
                   {"move or remove them, then run again"}};
  // The fresh commit holds the baseline's content outside the excluded
  // paths: say so when that differs from the base.
  std::vector<RepoPath> extra;
  for (const auto& f : repo.diff_trees(repo.commit(base->base).tree, baseline_tree, false)) {
    bool excluded = false;
    for (const auto& e : s.exclude)
      if (auto ep = RepoPath::parse(e); ep && f.path.is_under(*ep)) excluded = true;
    if (!excluded) extra.push_back(f.path);
  }
  if (!extra.empty())
    warnings.push_back(s.baseline + " differs from " + base->base.short_hex() + " (" + base->base_spec + ") outside " + s.tooling +
                       "/ in " + std::to_string(extra.size()) + (extra.size() == 1 ? " file" : " files") +
                       "; they will be part of the fresh commit:" + short_list(extra, 5) +
                       "\nrebase the baseline onto the base first if that is not intended: git rebase " + base->base.short_hex() + " " + s.baseline);

  State st;
  st.product = product;
  st.base = base->base.hex();
  st.base_spec = base->base_spec;
  st.baseline = s.baseline;
  st.baseline_id = baseline->hex();
  st.branch = s.branch;
  st.start_branch = start->shorthand();
  st.start_id = head->hex();
  if (existing) st.replaced = existing->hex();
  st.run = s.run;
  if (flags.no_pause || flags.pause_after) st.pause_after = s.pause_after;
  for (const auto& u : status.untracked) st.untracked.push_back(u.str());
  for (const auto& name : phases_of_run(!s.run.empty())) { PhaseRecord r; r.name = name; st.phases.push_back(std::move(r)); }
  return st;
}

}  // namespace migrate::cmd
