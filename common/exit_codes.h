#pragma once
// Exit codes shared by every command (ARCHITECTURE.md), documented in each
// man page's EXIT STATUS section.
namespace migrate {
enum ExitCode : int {
  kExitOk = 0,          // success
  kExitRefused = 1,     // the command refused, or check found error-severity problems
  kExitUsage = 2,       // usage error (bad option, bad config)
  kExitGitFailed = 128, // a git operation failed
};
}  // namespace migrate
