// Command-line parsing for git migrate-replace with CLI11: options, the short
// usage of -h and the long help that running the executable with --help
// prints (git itself turns `git migrate-replace --help` into the man page).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cmd/replace/options.h"

namespace migrate::cmd::replace {

// What parsing decided: run with options, or exit at once with `exit_code`
// after `out` went to stdout and `err` to stderr (help, version, usage error).
struct ParseOutcome {
  std::optional<Options> options;
  int exit_code = 0;
  std::string out, err;
};

ParseOutcome parse_command_line(int argc, char** argv);

}  // namespace migrate::cmd::replace
