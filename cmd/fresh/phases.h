// The phases of `git migrate-fresh <product>`, each idempotent: running one
// again after it completed, failed or was interrupted (Ctrl-C, kill -9)
// finishes the job without doing anything twice.
//
//   branch     pin the base; create the fresh branch at the baseline, check
//              it out, soft-reset it to the base (index and worktree keep the
//              baseline's content, the tooling folder among it)
//   configure  the JSON config's migrations list: product "todo", others "skip"
//   prepare    target package folders with __init__.py, apps.py, settings list
//   move       the moves file's file moves, git mv semantics
//   rewrite    the rewrite core over the worktree's Python files
//   run        (instead of move and rewrite, with --run) the team's script
//   validate   configured commands
//   generate   configured commands
//   commit     everything except the excluded paths, on the fresh branch
#pragma once

#include "rewrite/modules.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/fresh/settings.h"
#include "cmd/fresh/state.h"
#include "common/color.h"
#include "common/progress.h"
#include "gitops/repository.h"

namespace migrate::cmd {

// The phase names in order, without and with --run.
const std::vector<std::string>& builtin_phases();
const std::vector<std::string>& run_phases();
// Every name a state file or --phase may use.
const std::vector<std::string>& all_phase_names();
// "init" is accepted for "branch".
std::string canonical_phase(std::string_view name);

// A phase that could not finish: recorded as failed with this message (and
// a command's last output lines), exit 1.
class PhaseFailure : public std::runtime_error {
 public:
  explicit PhaseFailure(const std::string& what, std::vector<std::string> output = {})
      : std::runtime_error(what), output_(std::move(output)) {}
  const std::vector<std::string>& output() const { return output_; }

 private:
  std::vector<std::string> output_;
};

// Thrown at a safe point after SIGINT/SIGTERM.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int sig) : std::runtime_error("interrupted by signal " + std::to_string(sig)), sig_(sig) {}
  int signal() const { return sig_; }

 private:
  int sig_;
};

struct Context {
  gitops::Repository& repo;
  Settings settings;
  State state;
  std::string state_file;
  Palette out;
  // Prints a phase's progress line ("move       moved 3 files").
  std::function<void(std::string_view phase, std::string_view text)> say;
  // Where the move and rewrite phases show their progress (nullptr: none).
  ProgressDisplay* progress;
  std::int64_t now() const;
  void save() const { save_state(state_file, state); }
  std::string worktree_path(std::string_view rel) const { return repo.workdir() + std::string(rel); }
};

// Runs one phase; returns its note (what it did, or why it was skipped).
// Throws PhaseFailure, Interrupted, gitops::GitError.
std::string run_phase(Context& ctx, const std::string& phase);

// What a phase will do, for --dry-run and the plan.
std::string describe_phase(const Context& ctx, const std::string& phase);

// The worktree's import roots (settings.import_roots, else detected).
rewrite::ImportRoots worktree_roots(const Context& ctx);
// The module of the target folder below its import root
// ("products/x/backend" -> "products.x.backend"); nullopt when it cannot be
// imported (a segment is a keyword or not an identifier, or it is a root).
std::optional<std::string> target_module(const Context& ctx, std::string* why = nullptr);

// Throws Interrupted when a signal arrived.
void check_interrupt();

}  // namespace migrate::cmd
