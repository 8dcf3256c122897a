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
#include <utility>
#include <vector>

#include "cmd/fresh/settings.h"
#include "cmd/fresh/state.h"
#include "common/color.h"
#include "common/json_edit.h"
#include "common/progress.h"
#include "gitops/repository.h"

namespace migrate::cmd {


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

// The phase table: one row per phase, in the order the phases run. Every
// list of phases (a new run's, the names --phase, --pause-after and a state
// file accept, the help) is read from it: a new phase is a new row.
struct PhaseDef {
  std::string_view name;
  // Which runs have the phase: every run, the built-in ones only (move and
  // rewrite), or only those with --run (the team's script in their place).
  enum class In { kEvery, kBuiltin, kScript };
  In in = In::kEvery;
  // Does the work; returns the phase's note (what it did, or why it was
  // skipped). Throws PhaseFailure, Interrupted, gitops::GitError.
  std::string (*run)(Context&) = nullptr;
  // What the phase will do, for --dry-run and the plan.
  std::string (*describe)(const Context&) = nullptr;
  // The pause point: the run pauses after this phase when --pause-after
  // (fresh.pause_after) names it or one of these (--run's script stands
  // for move and rewrite).
  std::vector<std::string_view> stands_for = {};
  // Other names --phase and --pause-after accept ("init" for "branch").
  std::vector<std::string_view> aliases = {};
  // The phase that starts a run: `--phase <it>` without a run starts one;
  // every other phase runs on the fresh branch, with HEAD on it.
  bool starts_run = false;
};

const std::vector<PhaseDef>& phase_table();
// The row of a phase name (canonical, not an alias); nullptr when none.
const PhaseDef* find_phase(std::string_view name);
// The phases of a new run, in order: the built-in ones, or those of --run.
std::vector<std::string> phases_of_run(bool with_script);
// Every name a state file or --phase may use, in the table's order.
const std::vector<std::string>& all_phase_names();
// The table's name for a name or alias ("init" -> "branch"); other names
// are returned as they are.
std::string canonical_phase(std::string_view name);
// "branch, configure, ..., commit": every phase, for messages.
std::string phase_name_list();
// The phases of a run as the help shows them: "..., rewrite (or run), ...".
std::string phase_overview();
// Whether a run with --pause-after `pause_after` ("none", a name or alias)
// pauses after `phase`.
bool pauses_after(std::string_view pause_after, std::string_view phase);

// Runs one phase through its row; returns its note.
// Throws PhaseFailure, Interrupted, gitops::GitError.
std::string run_phase(Context& ctx, const std::string& phase);

// What a phase will do, for --dry-run and the plan.
std::string describe_phase(const Context& ctx, const std::string& phase);

// The configure phase's refusal of a product that the JSON config's
// migrations list does not name (`where`: the file, and the branch when
// not the worktree's): what is wrong, and what to do. A new run checks it
// on the baseline before anything changes.
std::pair<std::string, std::string> product_missing(const MigrationsEdit& edit, const std::string& product,
                                                    const std::string& where);

// The worktree's import roots (settings.import_roots, else detected).
rewrite::ImportRoots worktree_roots(const Context& ctx);
// The module of the target folder below its import root
// ("products/x/backend" -> "products.x.backend"); nullopt when it cannot be
// imported (a segment is a keyword or not an identifier, or it is a root).
std::optional<std::string> target_module(const Context& ctx, std::string* why = nullptr);

// Throws Interrupted when a signal arrived.
void check_interrupt();

}  // namespace migrate::cmd
