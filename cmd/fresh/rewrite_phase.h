// The rewrite phase: the rewrite core (rewrite/engine.h) over the worktree's
// Python files, with the moves file's module moves and symbol remaps.
#pragma once

#include <string>

#include "cmd/fresh/phases.h"

namespace migrate::cmd {

// Returns the phase's note; throws PhaseFailure when a file could not be
// rewritten (it names the files and why).
std::string run_rewrite_phase(Context& ctx);

}  // namespace migrate::cmd
