// `git migrate-fresh --abort <product>`: back to the branch the run started
// on, the fresh branch deleted, everything (the worktree included) kept in
// backup refs, the state removed.
#pragma once

#include <string>

#include "cmd/fresh/run_output.h"
#include "cmd/fresh/state.h"
#include "gitops/repository.h"

namespace migrate::cmd {

// Returns the exit code (a refusal when HEAD is on neither branch, the
// starting branch is gone or an operation is in progress).
int do_abort(gitops::Repository& repo, const State& st, const std::string& state_file, const Output& out);

}  // namespace migrate::cmd
