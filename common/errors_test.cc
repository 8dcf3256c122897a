#include "common/errors.h"

#include <gtest/gtest.h>

#include "common/config.h"
#include "gitops/error.h"
#include "gitops/repository.h"

namespace migrate {
namespace {

TEST(GuardedMainTest, MapsExceptionsToExitCodes) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(guarded_main("git-migrate-x", [] { return 0; }), 0);
  EXPECT_EQ(guarded_main("git-migrate-x", [] { return 1; }), 1);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(guarded_main("git-migrate-x",
                         []() -> int { throw gitops::GitError("update ref", "refs/heads/main", "it moved"); }),
            128);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "git-migrate-x: fatal: update ref 'refs/heads/main': it moved\n");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(guarded_main("git-migrate-x", []() -> int { throw ConfigError(".git-migrate.toml:3: unknown key 'x'"); }),
            2);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "git-migrate-x: error: .git-migrate.toml:3: unknown key 'x'\n");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(guarded_main("git-migrate-x", []() -> int { throw std::runtime_error("boom"); }), 128);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "git-migrate-x: fatal: boom\n");
}

// A message carries user input (a revision, a path, a configuration value):
// its control characters are escaped as git escapes paths, so that no input
// can drive the terminal; a message's own line breaks stay.
TEST(GuardedMainTest, MessagesEscapeControlCharacters) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(guarded_main("git-migrate-x",
                         []() -> int { throw gitops::GitError("resolve", "x\x1b[31m", "not a commit"); }),
            128);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "git-migrate-x: fatal: resolve 'x\\033[31m': not a commit\n");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(guarded_main("git-migrate-x",
                         []() -> int { throw ConfigError("migrate.tooling: bad value 'a\rb'\nsee git-migrate(7)"); }),
            2);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "git-migrate-x: error: migrate.tooling: bad value 'a\\rb'\nsee git-migrate(7)\n");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(guarded_main("git-migrate-x", []() -> int { throw std::runtime_error("read \x07" "bell"); }), 128);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "git-migrate-x: fatal: read \\abell\n");
}

TEST(GuardedMainTest, InitialisesLibgit2) {
  ::testing::internal::CaptureStderr();
  // Opening a repository needs libgit2 initialised; outside any repository the
  // error is the ordinary "not a git repository" GitError.
  const int rc = guarded_main("git-migrate-x", [] {
    gitops::Repository::discover("/");
    return 0;
  });
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 128);
  EXPECT_EQ(err, "git-migrate-x: fatal: open repository '/': not a git repository (or any of the parent directories)\n");
}

}  // namespace
}  // namespace migrate
