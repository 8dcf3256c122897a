// git-migrate-replace: adopt a fresh migration branch into a review branch
// with one merge commit (seed: "Replacement Merge Strategy").
#include <cstdio>
#include <iostream>

#include "cmd/replace/cli.h"
#include "cmd/replace/run.h"
#include "common/config.h"
#include "common/exit_codes.h"
#include "gitops/error.h"

int main(int argc, char** argv) {
  using namespace migrate;
  cmd::replace::ParseOutcome parsed = cmd::replace::parse_command_line(argc, argv);
  std::fputs(parsed.out.c_str(), stdout);
  std::fputs(parsed.err.c_str(), stderr);
  if (!parsed.options) return parsed.exit_code;
  try {
    return cmd::replace::run(*parsed.options);
  } catch (const gitops::GitError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "fatal: %s\n", e.what());
    return kExitGitFailed;
  } catch (const ConfigError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", e.what());
    return kExitUsage;
  }
}
