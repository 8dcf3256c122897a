// Starting a run of git migrate-fresh: every refusal a new run can meet
// (an operation in progress, a dirty worktree, no base, no baseline or
// tooling folder, an existing fresh branch, a product the JSON config does
// not list, a bad moves file, untracked files in the way), checked before
// anything is written, and the new run's state.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "cmd/fresh/run_output.h"
#include "cmd/fresh/settings.h"
#include "cmd/fresh/state.h"
#include "gitops/repository.h"

namespace migrate::cmd {

// Checks everything a new run needs and builds its state; a Refusal when it
// cannot start. `force`: an existing fresh branch is replaced. Warnings
// (the baseline differs from the base) are added to `warnings`. Writes
// nothing.
std::variant<State, Refusal> plan_new_run(gitops::Repository& repo, const Settings& s, const FreshFlags& flags, bool force,
                                          std::vector<std::string>& warnings);

}  // namespace migrate::cmd
