// git-migrate-replace: adopt a fresh migration branch into a review branch
// with one merge commit (docs/workflow.md, step 5).
#include <cstdio>

#include "cmd/replace/cli.h"
#include "cmd/replace/run.h"
#include "common/errors.h"

int main(int argc, char** argv) {
  using namespace migrate;
  cmd::replace::ParseOutcome parsed = cmd::replace::parse_command_line(argc, argv);
  std::fputs(parsed.out.c_str(), stdout);
  std::fputs(parsed.err.c_str(), stderr);
  if (!parsed.options) return parsed.exit_code;
  return guarded_main("git-migrate-replace", [&] { return cmd::replace::run(*parsed.options); });
}
