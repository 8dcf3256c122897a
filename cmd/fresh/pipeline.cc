// `git migrate-fresh [options] <product>`: the flow around the phases —
// starting a run (with its refusals), resuming, one phase, pausing, status,
// dry-run plan, reset and abort.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <variant>

#include "cmd/fresh/backup.h"
#include "cmd/fresh/command.h"
#include "cmd/fresh/phases.h"
#include "cmd/fresh/settings.h"
#include "cmd/fresh/state.h"
#include "cmd/fresh/subcommands.h"
#include "common/color.h"
#include "common/config.h"
#include "common/exit_codes.h"
#include "common/json_edit.h"
#include "common/process.h"
#include "common/quote.h"
#include "common/test_hook.h"
#include "gitops/repository.h"
#include "rewrite/moves.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

using gitops::Oid;
using gitops::RefName;
using gitops::RepoPath;
using gitops::Repository;

namespace {

struct Options {
  std::string product;
  FreshFlags flags;
  std::string phase;
  std::string color;
  std::optional<bool> progress;  // --progress / --no-progress
  bool status = false, resume = false, reset = false, abort = false, dry_run = false, force = false;
};

// A refusal: printed as "error: <what>" plus hints; exit 1, nothing changed.
struct Refusal {
  std::string what;
  std::vector<std::string> hints;
};

class Output {
 public:
  Output(Palette out, Palette err) : out_(out), err_(err) {}
  void line(const std::string& s) const { std::cout << s << '\n' << std::flush; }
  void phase(std::string_view name, std::string_view text) const {
    std::string pad(name.size() < 10 ? 10 - name.size() : 1, ' ');
    std::istringstream lines{std::string(text)};
    std::string l;
    bool first = true;
    while (std::getline(lines, l)) {
      if (first) std::cout << out_.bold() << name << out_.reset() << pad << ' ' << escape_controls(l) << '\n';
      else std::cout << std::string(11, ' ') << escape_controls(l) << '\n';
      first = false;
    }
    if (first) std::cout << out_.bold() << name << out_.reset() << '\n';
    std::cout << std::flush;
  }
  int refuse(const Refusal& r) const {
    std::cerr << err_.red() << "error: " << err_.reset() << escape_controls(r.what, true) << '\n';
    for (const auto& h : r.hints) std::cerr << "  " << escape_controls(h, true) << '\n';
    return kExitRefused;
  }
  // Messages may quote file contents or command output: no control
  // character of theirs reaches the terminal (paths in them are quoted).
  void error(const std::string& what) const {
    std::cerr << err_.red() << "error: " << err_.reset() << escape_controls(what, true) << '\n';
  }
  void warning(const std::string& what) const {
    std::cerr << err_.yellow() << "warning: " << err_.reset() << escape_controls(what, true) << '\n';
  }
  const Palette& out() const { return out_; }

 private:
  Palette out_, err_;
};

std::string short_list(const std::vector<RepoPath>& paths, std::size_t max = 10) {
  std::string s;
  for (std::size_t i = 0; i < paths.size() && i < max; ++i) s += "\n  " + quote_path(paths[i].str());
  if (paths.size() > max) s += "\n  ... and " + std::to_string(paths.size() - max) + " more";
  return s;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// An exclusive lock on the product's run, held while phases run: a second
// `git migrate-fresh` for the same product refuses instead of interleaving.
// flock() is released by the kernel when the process dies, even by kill -9.
// The lock file is removed when the lock is released and no state remains
// (a refused or finished run leaves no .lock behind); a process that opened
// a file since removed from its name takes the lock again on the new file.
class RunLock {
 public:
  explicit RunLock(const std::string& state_file) : state_file_(state_file), path_(state_file + ".lock") {
    fs::create_directories(fs::path(state_file).parent_path());
    for (int attempt = 0; attempt < 10; ++attempt) {
      fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd_ < 0) return;
      if (flock(fd_, LOCK_EX | LOCK_NB) != 0) return;
      struct stat held {}, named {};
      if (fstat(fd_, &held) == 0 && stat(path_.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
          held.st_dev == named.st_dev) {
        locked_ = true;
        return;
      }
      close(fd_);  // removed by the previous holder: take the new file
      fd_ = -1;
    }
  }
  ~RunLock() {
    if (fd_ < 0) return;
    std::error_code ec;
    if (locked_ && !fs::exists(state_file_, ec)) unlink(path_.c_str());
    close(fd_);
  }
  bool locked() const { return locked_; }
  // Whether a live process holds the lock (without taking it).
  static bool held_by_other(const std::string& state_file) {
    const int fd = open((state_file + ".lock").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool busy = flock(fd, LOCK_SH | LOCK_NB) != 0;
    close(fd);
    return busy;
  }

 private:
  std::string state_file_, path_;
  int fd_ = -1;
  bool locked_ = false;
};

// After a crash (kill -9, a power cut) of the process that ran the phases:
// stops a command group it left running and removes the lock files it left,
// each with a line saying so. Runs with the run lock held, so no other
// git migrate-fresh is at work; a lock file counts as left by the crash when
// the recorded process is gone, the file is no older than the state's last
// write (the interrupted phase's start) and no process has it open.
std::vector<std::string> recover_after_crash(const Repository& repo, State& st, const std::string& state_file) {
  std::vector<std::string> said;
  const bool owner_gone = st.pid != 0 && st.pid != getpid() && !process_alive(static_cast<int>(st.pid));
  if (st.child != 0 && (st.pid == 0 || owner_gone) && process_group_alive(static_cast<int>(st.child))) {
    kill_process_group(static_cast<int>(st.child));
    said.push_back("stopped the command the interrupted run left running (process group " + std::to_string(st.child) + ")");
  }
  st.child = 0;
  if (!owner_gone) return said;
  std::error_code ec;
  const auto since = fs::last_write_time(state_file, ec);
  if (ec) return said;
  std::vector<fs::path> candidates;
  const fs::path git_dir(repo.git_dir()), common(repo.common_dir());
  for (const char* f : {"index.lock", "HEAD.lock", "ORIG_HEAD.lock"}) candidates.push_back(git_dir / f);
  for (const char* f : {"packed-refs.lock", "config.lock"}) candidates.push_back(common / f);
  for (const fs::path& dir : {common / "refs", common / "logs", git_dir / "logs"}) {
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".lock") candidates.push_back(it->path());
    ec.clear();
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (const auto& lock : candidates) {
    const auto when = fs::last_write_time(lock, ec);
    if (ec) { ec.clear(); continue; }
    if (when + std::chrono::seconds(2) < since || file_open_by_any_process(lock.string())) continue;
    if (!fs::remove(lock, ec)) continue;
    const std::string shown = lock.string().rfind(repo.workdir(), 0) == 0 ? lock.string().substr(repo.workdir().size()) : lock.string();
    said.push_back("removed " + quote_path(shown) + ", left by the interrupted run (its process " + std::to_string(st.pid) + " is gone)");
  }
  return said;
}

std::string resume_command(const std::string& product) { return "git migrate-fresh --resume " + product; }

// --- starting a run ------------------------------------------------------------

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

// Checks everything a new run needs and builds its state; a Refusal when it
// cannot start. Writes nothing.
std::variant<State, Refusal> plan_new_run(Repository& repo, const Settings& s, const Options& o,
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
  if (existing && !o.force)
    return Refusal{"the branch " + s.branch + " already exists",
                   {"start over with --force (the old branch is kept as a backup ref)", "or continue a run with `" + resume_command(product) + "`"}};
  // The seed's "running the wrong product migration": a product the JSON
  // config does not list is refused before anything changes.
  if (const auto json_path = RepoPath::parse(s.config_json)) {
    if (const auto json = repo.read_blob_at(baseline_tree, *json_path)) {
      try {
        const auto edit = edit_migration_statuses(*json, product);
        if (edit.outcome == MigrationsEdit::Outcome::kProductMissing) {
          std::string listed;
          for (const auto& n : edit.names) listed += (listed.empty() ? "" : ", ") + n;
          return Refusal{product + " is not in the migrations list of " + s.config_json + " on " + s.baseline +
                             " (listed: " + (listed.empty() ? std::string("none") : listed) + ")",
                         {"add an entry {\"name\": \"" + product + "\", ...} to it on the baseline, or check the product name"}};
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
  if (o.flags.no_pause || o.flags.pause_after) st.pause_after = s.pause_after;
  for (const auto& u : status.untracked) st.untracked.push_back(u.str());
  for (const auto& name : phases_of_run(!s.run.empty())) { PhaseRecord r; r.name = name; st.phases.push_back(std::move(r)); }
  return st;
}

// --- running phases ------------------------------------------------------------

int run_phases(Context& ctx, const Output& out, std::size_t first, bool single) {
  State& st = ctx.state;
  for (std::size_t i = first; i < st.phases.size(); ++i) {
    const std::string name = st.phases[i].name;
    {
      PhaseRecord& rec = st.phases[i];
      rec.status = PhaseStatus::kInProgress;
      rec.time = ctx.now();
      rec.message.clear();
      rec.output.clear();
      rec.note.clear();
      st.pid = getpid();
      ctx.save();
    }
    test_stop_point(name + ":start");
    auto fail = [&](const std::string& message, std::vector<std::string> output) {
      PhaseRecord& rec = *st.find(name);
      rec.status = PhaseStatus::kFailed;
      rec.time = ctx.now();
      rec.message = message;
      rec.output = std::move(output);
      ctx.save();
    };
    std::string note;
    try {
      note = run_phase(ctx, name);
    } catch (const PhaseFailure& e) {
      fail(e.what(), e.output());
      out.error("phase " + name + " failed: " + e.what());
      if (!e.output().empty()) {
        std::cerr << "last lines of its output:\n";
        for (const auto& l : e.output()) std::cerr << "  | " << l << '\n';
      }
      std::cerr << "fix the problem, then continue with:\n  " << resume_command(st.product) << '\n';
      return kExitRefused;
    } catch (const Interrupted& e) {
      fail(std::string("interrupted (signal ") + std::to_string(e.signal()) + ")", {});
      out.error("interrupted during phase " + name);
      std::cerr << "continue with:\n  " << resume_command(st.product) << '\n';
      return 128 + e.signal();
    } catch (const gitops::GitError& e) {
      fail(e.what(), {});
      std::cerr << "the phase " << name << " was recorded as failed; after fixing the cause, continue with:\n  "
                << resume_command(st.product) << '\n';
      throw;
    } catch (const std::exception& e) {
      fail(e.what(), {});
      out.error("phase " + name + " failed: " + e.what());
      std::cerr << "fix the problem, then continue with:\n  " << resume_command(st.product) << '\n';
      return kExitRefused;
    }
    {
      PhaseRecord& rec = *st.find(name);
      rec.status = PhaseStatus::kCompleted;
      rec.time = ctx.now();
      rec.note = note;
      ctx.save();
    }
    test_stop_point(name + ":done");
    out.phase(name, note);
    if (const int sig = interrupt_signal()) {
      out.error("interrupted after phase " + name);
      std::cerr << "continue with:\n  " << resume_command(st.product) << '\n';
      return 128 + sig;
    }
    if (single) return kExitOk;
    if (i + 1 < st.phases.size() && pauses_after(ctx.settings.pause_after, name)) {
      out.line("");
      out.line("Paused after " + name + ". Review the changes (git status, git diff), fix what needs fixing, then continue with:");
      out.line("  " + resume_command(st.product));
      return kExitOk;
    }
  }
  out.line("");
  out.line("Done: " + st.branch + " holds the migration of " + st.product + " on " + st.base.substr(0, 10) + " (" + st.base_spec + ").");
  out.line("Next: review it, then adopt it on the review branch: git checkout " + ctx.settings.review_branch +
           " && git migrate-replace " + st.branch);
  out.line("Script changes under " + ctx.settings.tooling + "/ go back to the baseline with: git migrate-fresh save-scripts " + st.product);
  return kExitOk;
}

// --- status --------------------------------------------------------------------

void print_status(const State& st, const Output& out, bool running) {
  const Palette& p = out.out();
  out.line(st.product + ": " + st.branch);
  out.line("  base      " + st.base.substr(0, 10) + " (" + st.base_spec + ")");
  out.line("  baseline  " + st.baseline + " at " + st.baseline_id.substr(0, 10));
  out.line("  started   on " + st.start_branch + " at " + st.start_id.substr(0, 10));
  if (!st.run.empty()) out.line("  run       " + st.run);
  out.line("");
  for (const auto& ph : st.phases) {
    std::string status(status_name(ph.status));
    std::string_view colour = ph.status == PhaseStatus::kCompleted ? p.green()
                              : ph.status == PhaseStatus::kFailed  ? p.red()
                              : ph.status == PhaseStatus::kInProgress ? p.yellow() : std::string_view();
    std::string line = "  " + ph.name + std::string(11 - std::min<std::size_t>(ph.name.size(), 10), ' ') +
                       std::string(colour) + status + std::string(colour.empty() ? "" : p.reset()) +
                       std::string(13 - std::min<std::size_t>(status.size(), 12), ' ') +
                       (ph.time ? format_time(ph.time) : std::string());
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.line(line);
    const std::string text = ph.status == PhaseStatus::kFailed ? ph.message : ph.note;
    std::istringstream lines(text);
    for (std::string l; std::getline(lines, l);) out.line(std::string(13, ' ') + l);
    for (const auto& l : ph.output) out.line(std::string(13, ' ') + "| " + l);
  }
  out.line("");
  const PhaseRecord* next = st.next();
  if (!next) out.line("All phases completed.");
  else if (next->status == PhaseStatus::kInProgress && running)
    out.line("The phase " + next->name + " is running (process " + std::to_string(st.pid) + "); wait for it to finish.");
  else if (next->status == PhaseStatus::kInProgress)
    out.line("The phase " + next->name + " was interrupted; run it again with: " + resume_command(st.product));
  else out.line("Next: " + resume_command(st.product) + " (from " + next->name + ")");
}

// --- abort ---------------------------------------------------------------------

int do_abort(Repository& repo, const State& st, const std::string& state_file, const Output& out) {
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

// --- the command ---------------------------------------------------------------

int print_plan(Context& ctx, const Output& out, std::size_t first, bool single, const std::vector<std::string>& warnings) {
  const State& st = ctx.state;
  out.line("Plan for " + st.product + " (dry run: nothing is written)");
  out.line("  base      " + st.base.substr(0, 10) + " (" + st.base_spec + ")");
  out.line("  baseline  " + st.baseline + " at " + st.baseline_id.substr(0, 10));
  out.line("  branch    " + st.branch + (st.replaced.empty() ? "" : " (replacing the existing one, backup kept)"));
  out.line("  start     " + st.start_branch);
  for (const auto& w : warnings) out.warning(w);
  out.line("");
  for (std::size_t i = first; i < st.phases.size(); ++i) {
    const std::string& name = st.phases[i].name;
    out.phase(name, describe_phase(ctx, name));
    if (single) break;
    if (i + 1 < st.phases.size() && pauses_after(ctx.settings.pause_after, name)) out.line("-- pause --");
  }
  return kExitOk;
}

int run_command(const Options& o) {
  install_interrupt_handlers();
  Repository repo = Repository::discover();
  load_quote_path(repo);
  const Output out(Palette{use_color(1, o.color.empty() ? std::nullopt : parse_color_when(o.color), &repo)},
                   Palette{use_color(2, o.color.empty() ? std::nullopt : parse_color_when(o.color), &repo)});
  std::string product = o.product;
  if (product.empty()) {
    const auto known = products_with_state(repo.git_dir());
    if (known.size() == 1 && (o.status || o.resume || o.abort || o.reset || !o.phase.empty())) {
      product = known.front();
    } else if (known.empty() && (o.status || o.resume || o.abort)) {
      return out.refuse({std::string("there is no git migrate-fresh run to ") + (o.abort ? "abort" : o.resume ? "resume" : "show"),
                         {"start one with: git migrate-fresh <product>"}});
    } else {
      std::cerr << "error: name the product to migrate: git migrate-fresh [options] <product>\n";
      if (!known.empty()) {
        std::cerr << "runs in progress:";
        for (const auto& k : known) std::cerr << ' ' << k;
        std::cerr << '\n';
      }
      return kExitUsage;
    }
  }
  if (!is_identifier(product) || rewrite::is_python_keyword(product)) {
    std::cerr << "error: '" << product << "' is not a product name (letters, digits and '_', as in a Python module"
              << (rewrite::is_python_keyword(product) ? "; it is a Python keyword" : "") << ")\n";
    return kExitUsage;
  }
  const Config cfg = Config::load(repo);
  Settings settings = resolve_settings(cfg, o.flags, product);
  {
    const std::string p = canonical_phase(settings.pause_after);
    const auto& names = all_phase_names();
    if (p != "none" && std::find(names.begin(), names.end(), p) == names.end()) {
      std::cerr << "error: no phase '" << settings.pause_after << "' to pause after (phases: " << phase_name_list() << "; or none)\n";
      return kExitUsage;
    }
  }
  std::string phase;
  if (!o.phase.empty()) {
    phase = canonical_phase(o.phase);
    const auto& names = all_phase_names();
    if (std::find(names.begin(), names.end(), phase) == names.end()) {
      std::cerr << "error: no phase '" << o.phase << "' (phases: " << phase_name_list() << ")\n";
      return kExitUsage;
    }
  }

  const std::string state_file = state_path(repo.git_dir(), product);
  // Messages name the state file relative to the worktree when it is inside.
  const std::string state_label = state_file.rfind(repo.workdir(), 0) == 0 ? state_file.substr(repo.workdir().size()) : state_file;
  if (o.reset) {
    if (!fs::exists(state_file)) {
      out.line("No state to forget for " + product + ".");
      return kExitOk;
    }
    fs::remove(state_file);
    out.line("Forgot the state of " + product + " (" + state_label + "); branches and worktree are unchanged.");
    return kExitOk;
  }
  std::optional<State> state;
  try {
    state = load_state(state_file, all_phase_names());
  } catch (const StateError& e) {
    std::string what = e.what();
    if (what.rfind(state_file, 0) == 0) what = state_label + what.substr(state_file.size());
    return out.refuse({"the state of " + product + " cannot be read: " + what,
                       {"inspect it, or forget it (branches and worktree stay as they are) with: git migrate-fresh --reset " + product}});
  }
  if (o.status) {
    if (!state) return out.refuse({"no git migrate-fresh run for " + product, {"start one with: git migrate-fresh " + product}});
    print_status(*state, out, RunLock::held_by_other(state_file));
    return kExitOk;
  }
  std::unique_ptr<RunLock> lock;
  if (!o.dry_run) {
    lock = std::make_unique<RunLock>(state_file);
    if (!lock->locked())
      return out.refuse({"another git migrate-fresh is running for " + product, {"wait for it to finish"}});
  }
  if (state && (o.abort || o.resume || !phase.empty())) {
    for (const auto& l : recover_after_crash(repo, *state, state_file)) out.warning(l);
  }
  if (o.abort) {
    if (!state) return out.refuse({"no git migrate-fresh run for " + product + " to abort", {}});
    if (o.dry_run) {
      out.line("Would return to " + state->start_branch + " and delete " + state->branch + " (keeping a backup ref); nothing is written.");
      return kExitOk;
    }
    return do_abort(repo, *state, state_file, out);
  }

  const bool continuing = o.resume || (!phase.empty() && (!find_phase(phase)->starts_run || state));
  std::vector<std::string> warnings;
  if (continuing) {
    if (!state) return out.refuse({"no git migrate-fresh run for " + product, {"start one with: git migrate-fresh " + product}});
    // Pinned values come from the state, never from the flags of today.
    settings.branch = state->branch;
    settings.baseline = state->baseline;
    if (o.flags.run && *o.flags.run != state->run)
      return out.refuse({"this run's command is pinned in its state: " + (state->run.empty() ? std::string("none (move and rewrite)") : state->run),
                         {"change the script itself, or start over with --abort"}});
    if (!state->run.empty()) settings.origin["run"] = "pinned in the run's state";
    // The run's --no-pause / --pause-after hold for its --resume too.
    if (!o.flags.no_pause && !o.flags.pause_after && !state->pause_after.empty()) settings.pause_after = state->pause_after;
  } else if (state) {
    const PhaseRecord* next = state->next();
    return out.refuse({"a run for " + product + " exists" + (next ? " (next phase: " + next->name + ")" : " (all phases completed)"),
                       {"continue it: " + resume_command(product), "see it: git migrate-fresh --status " + product,
                        "or give it up: git migrate-fresh --abort " + product + " (or --reset to only forget the state)"}});
  }

  ProgressDisplay progress = ProgressDisplay::for_stderr(progress_wanted(o.progress));
  Context ctx{repo, settings, State{}, state_file, out.out(),
              [&out](std::string_view p, std::string_view t) { out.phase(p, t); }, &progress};
  std::size_t first = 0;
  if (continuing) {
    ctx.state = *state;
    ctx.settings.run = state->run;
    if (!phase.empty()) {
      auto it = std::find_if(state->phases.begin(), state->phases.end(), [&](const PhaseRecord& p) { return p.name == phase; });
      if (it == state->phases.end())
        return out.refuse({"this run has no phase " + phase + (state->run.empty() ? " (it uses move and rewrite)" : " (it uses --run)"), {}});
      first = static_cast<std::size_t>(it - state->phases.begin());
    } else {
      const PhaseRecord* next = state->next();
      if (!next) {
        out.line("Nothing to resume: every phase of " + product + " is completed.");
        return kExitOk;
      }
      first = static_cast<std::size_t>(next - state->phases.data());
    }
    if (const PhaseDef* d = find_phase(state->phases[first].name); !d || !d->starts_run) {
      const auto head_branch = repo.current_branch();
      if (!head_branch || *head_branch != RefName::branch(state->branch))
        return out.refuse({"HEAD is not on " + state->branch + ", the branch of this run",
                           {"switch back to it: git switch " + state->branch}});
      if (const auto op = repo.operation_in_progress(); op != gitops::Operation::kNone)
        return out.refuse({std::string("a ") + gitops::operation_name(op) + " is in progress",
                           {std::string("finish it or stop it with `") + gitops::operation_abort_hint(op) + "`"}});
    }
  } else {
    auto planned = plan_new_run(repo, settings, o, warnings);
    if (auto* r = std::get_if<Refusal>(&planned)) return out.refuse(*r);
    ctx.state = std::get<State>(std::move(planned));
    if (!phase.empty()) first = 0;  // --phase branch on a new run
  }
  if (o.dry_run) return print_plan(ctx, out, first, !phase.empty(), warnings);
  for (const auto& w : warnings) out.warning(w);
  if (!continuing)
    out.line("Migrating " + product + " on " + ctx.state.base.substr(0, 10) + " (" + ctx.state.base_spec + "), pinned for the whole run.");
  return run_phases(ctx, out, first, !phase.empty());
}

}  // namespace

FreshCommand add_pipeline_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("product", o->product, "the product to migrate (e.g. error_tracking)");
  app.add_flag("--status", o->status, "show the phases of the product's run");
  app.add_flag("--resume", o->resume, "continue from the first phase not completed, with the pinned base");
  app.add_option("--phase", o->phase, "run only this phase (again)")->type_name("NAME");
  app.add_option("--pause-after", o->flags.pause_after, "pause after this phase (default rewrite; none never pauses)")->type_name("NAME");
  app.add_flag("--no-pause", o->flags.no_pause, "do not pause");
  app.add_flag("--reset", o->reset, "forget the run's state (branches and worktree stay)");
  app.add_flag("--abort", o->abort, "return to the starting branch and delete the fresh branch (backup ref kept)");
  app.add_option("--run", o->flags.run, "run this command in place of the move and rewrite phases")->type_name("CMD");
  app.add_flag("-n,--dry-run", o->dry_run, "print the plan and write nothing");
  app.add_flag("-f,--force", o->force, "replace an existing fresh branch (backup ref kept)");
  app.add_option("--base", o->flags.base, "the commit to pin the fresh branch to (config: main)")->type_name("REV");
  app.add_option("--baseline", o->flags.baseline, "the baseline branch (config: baseline)")->type_name("BRANCH");
  app.add_option("--branch", o->flags.branch, "the fresh branch name template (config: fresh.branch)")->type_name("NAME");
  app.add_option("--moves", o->flags.moves, "the moves file (config: moves)")->type_name("FILE");
  app.add_option("-m,--message", o->flags.message, "the commit message template (config: fresh.message)")->type_name("MSG");
  app.add_option("--exclude", o->flags.exclude, "a path never committed (repeatable; config: exclude)")->type_name("PATH");
  app.add_option("--color", o->color, "colour: always, never, auto")->type_name("WHEN")->check(CLI::IsMember({"always", "never", "auto"}));
  // Called as each is read, so that the last of the two wins.
  app.add_flag_callback("--progress", [o] { o->progress = true; }, "show progress on stderr, even when not a terminal")
      ->trigger_on_parse();
  app.add_flag_callback("--no-progress", [o] { o->progress = false; }, "show no progress")->trigger_on_parse();
  app.footer("Phases: " + phase_overview() + ".\nSee git-migrate-fresh(1).");
  return {&app, [o] {
            if (int(o->status) + int(o->resume) + int(o->reset) + int(o->abort) > 1) {
              std::cerr << "error: --status, --resume, --reset and --abort exclude each other\n";
              return int(kExitUsage);
            }
            return run_command(*o);
          }};
}

}  // namespace migrate::cmd
