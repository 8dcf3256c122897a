// The flow of git migrate-replace: settings from flags and configuration,
// refusals, then the merge commit, the backup ref, the compare-and-swap ref
// update and the checkout, or --undo.
#pragma once

#include <string>

#include "cmd/replace/options.h"

namespace migrate::cmd::replace {

// Runs the command in the repository containing the current directory.
// Returns the exit code; GitError and ConfigError propagate to main.
int run(const Options& opts);

}  // namespace migrate::cmd::replace
