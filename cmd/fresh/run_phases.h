// Running the phases of git migrate-fresh one after another: each recorded
// in the state as in progress, then completed or failed (with its message
// and a command's last lines), the pauses, a signal's interruption, and
// what to do next.
#pragma once

#include <cstddef>

#include "cmd/fresh/phases.h"
#include "cmd/fresh/run_output.h"

namespace migrate::cmd {

// Runs ctx.state's phases from `first` (only that one when `single`);
// returns the exit code. A gitops::GitError is recorded, then rethrown.
int run_phases(Context& ctx, const Output& out, std::size_t first, bool single);

}  // namespace migrate::cmd
