// `git migrate-fresh [options] <product>`: its options and the flow around
// the phases: which run (new, --resume, --phase, --status, --dry-run,
// --reset, --abort), the checks before it, the lock. The parts are
// new_run.cc (starting a run), run_phases.cc (running the phases),
// run_output.cc (what it prints: status, plan, refusals), run_lock.cc (the
// lock, the recovery after a crash) and abort.cc.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <variant>

#include "cmd/fresh/abort.h"
#include "cmd/fresh/command.h"
#include "cmd/fresh/new_run.h"
#include "cmd/fresh/phases.h"
#include "cmd/fresh/run_lock.h"
#include "cmd/fresh/run_output.h"
#include "cmd/fresh/run_phases.h"
#include "cmd/fresh/settings.h"
#include "cmd/fresh/state.h"
#include "common/color.h"
#include "common/config.h"
#include "common/exit_codes.h"
#include "common/process.h"
#include "common/quote.h"
#include "gitops/repository.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

using gitops::RefName;
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
  if (!check_product_name(product)) return kExitUsage;
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
  const std::string label = state_label(state_file, repo.workdir());
  if (o.reset) {
    if (!fs::exists(state_file)) {
      out.line("No state to forget for " + product + ".");
      return kExitOk;
    }
    fs::remove(state_file);
    out.line("Forgot the state of " + product + " (" + label + "); branches and worktree are unchanged.");
    return kExitOk;
  }
  std::optional<State> state;
  try {
    state = load_state(state_file, all_phase_names(), label);
  } catch (const StateError& e) {
    return out.refuse({"the state of " + product + " cannot be read: " + e.what(),
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
    auto planned = plan_new_run(repo, settings, o.flags, o.force, warnings);
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
