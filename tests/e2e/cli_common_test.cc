// What the three commands' command lines share: `-h` opens with the same
// "Usage: git migrate-<command>" line, and `--version` prints
// "git-migrate-<command> <version>" (the package test runs the installed
// executables the same way).
#include <gtest/gtest.h>

#include <string>

#include "tests/harness/sandbox.h"

namespace migrate::testing {
namespace {

std::string usage_line(const std::string& out) {
  const std::size_t at = out.find("Usage: ");
  if (at == std::string::npos) return "(no usage line in)\n" + out;
  return out.substr(at, out.find('\n', at) - at);
}

TEST(CliCommon, ShortUsageLineNamesTheGitCommand) {
  Sandbox sb;
  const std::pair<const char*, const char*> expected[] = {
      {"fresh", "Usage: git migrate-fresh [OPTIONS] [product] [SUBCOMMAND]"},
      {"replace", "Usage: git migrate-replace [options] <fresh> [<branch>]"},
      {"check", "Usage: git migrate-check [OPTIONS] [range]"},
  };
  for (const auto& [command, line] : expected) {
    RunResult r = sb.migrate(command, {"-h"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_EQ(r.err, "") << command;
    EXPECT_EQ(usage_line(r.out), line) << command;
  }
}

TEST(CliCommon, LongHelpOfCheckStartsWithTheUsage) {
  Sandbox sb;
  RunResult r = sb.migrate("check", {"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "Usage: git migrate-check [options] [<range> | <rev>]");
}

TEST(CliCommon, VersionNamesTheExecutable) {
  Sandbox sb;
  for (const char* command : {"fresh", "replace", "check"}) {
    RunResult r = sb.migrate(command, {"--version"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_EQ(r.err, "") << command;
    EXPECT_EQ(r.out, std::string("git-migrate-") + command + " " GIT_MIGRATE_VERSION "\n");
  }
}

}  // namespace
}  // namespace migrate::testing
