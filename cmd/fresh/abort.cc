// `git migrate-fresh --abort` (cmd/fresh/abort.h).
#include "cmd/fresh/abort.h"

#include <filesystem>

#include "cmd/fresh/backup.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

using gitops::Oid;
using gitops::RefName;
using gitops::RepoPath;

int do_abort(gitops::Repository& repo, const State& st, const std::string& state_file, const Output& out) {
  const RefName fresh = RefName::branch(st.branch), start = RefName::branch(st.start_branch);
  const auto head_branch = repo.current_branch();
  const bool on_fresh = head_branch && *head_branch == fresh;
  const bool on_start = head_branch && *head_branch == start;
  if (!on_fresh && !on_start)
    return out.refuse({"HEAD is on " + (head_branch ? head_branch->shorthand() : std::string("no branch")) + ", neither " + st.branch + " nor " + st.start_branch,
                       {"switch to one of them first (git switch " + st.start_branch + "), then abort again"}});
  const auto start_id = repo.ref_target(start);
  if (!start_id)
    return out.refuse({"the branch you started on, " + st.start_branch + ", no longer exists", {"recreate it, then abort again"}});
  if (const auto op = repo.operation_in_progress(); op != gitops::Operation::kNone)
    return out.refuse({std::string("a ") + gitops::operation_name(op) + " is in progress",
                       {std::string("stop it with `") + gitops::operation_abort_hint(op) + "`, then abort again"}});
  const auto fresh_id = repo.ref_target(fresh);
  const Oid head = *repo.head_commit();
  // Everything in the worktree (the tooling folder, the pause's hand edits)
  // goes into the backup, so aborting loses nothing.
  std::vector<RepoPath> keep_out;
  for (const auto& u : st.untracked)
    if (auto p = RepoPath::parse(u)) keep_out.push_back(*p);
  const Oid work = repo.stage_all(keep_out);
  const Oid start_tree = repo.commit(*start_id).tree;
  std::vector<std::string> said;
  if (on_fresh) {
    Oid backup_value = *fresh_id;
    if (work != repo.commit(head).tree)
      backup_value = repo.create_commit(work, {head}, "migrate-fresh: worktree of " + st.branch + " at --abort");
    const RefName backup = write_backup(repo, st.branch, backup_value, "--abort");
    said.push_back("deleted " + st.branch + "; its last state, worktree included, is kept as " + backup.full());
    said.push_back("restore it with: git branch " + st.branch + " " + backup.full());
  } else {
    if (work != start_tree) {
      const Oid saved = repo.create_commit(work, {*start_id}, "migrate-fresh: worktree of " + st.start_branch + " at --abort");
      const RefName backup = write_backup(repo, st.start_branch, saved, "--abort");
      said.push_back("the worktree's changes are kept as " + backup.full());
    }
    if (fresh_id) {
      const RefName backup = write_backup(repo, st.branch, *fresh_id, "--abort");
      said.push_back("deleted " + st.branch + " (backup: " + backup.full() + ")");
    }
  }
  repo.checkout_tree(work, start_tree);
  if (on_fresh) repo.set_head(start, "migrate-fresh: --abort, back to " + st.start_branch);
  if (fresh_id) repo.delete_ref(fresh, *fresh_id, "migrate-fresh: --abort");
  std::error_code ec;
  fs::remove(state_file, ec);
  out.line("Aborted the run of " + st.product + ": back on " + st.start_branch + ".");
  for (const auto& l : said) out.line(l);
  return kExitOk;
}

}  // namespace migrate::cmd
