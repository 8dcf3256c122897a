// git-migrate-check --install-hook / --uninstall-hook: a marked block in the
// pre-push hook, core.hooksPath respected, other content kept, idempotent.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

const std::string kBlock =
    "# >>> git-migrate-check >>>\n"
    "# Added by 'git migrate-check --install-hook'; remove with --uninstall-hook.\n"
    "git_migrate_check_refs=$(cat)\n"
    "printf '%s\\n' \"$git_migrate_check_refs\" | git migrate-check --pre-push \"$@\" || exit $?\n"
    "if [ -n \"$git_migrate_check_refs\" ]; then\n"
    "exec <<GIT_MIGRATE_CHECK_REFS\n"
    "$git_migrate_check_refs\n"
    "GIT_MIGRATE_CHECK_REFS\n"
    "else\n"
    "exec </dev/null\n"
    "fi\n"
    "# <<< git-migrate-check <<<\n";

bool executable(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR);
}

class CheckHook : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.commit_all("r", "master");
  }
  RunResult check(const std::vector<std::string>& args, const std::string& cwd = "r") const {
    return sb.migrate("check", args, cwd);
  }
  Sandbox sb;
};

TEST_F(CheckHook, CreatesAnExecutableHookAndIsIdempotent) {
  const std::string hook = sb.path("r/.git/hooks/pre-push");
  RunResult r = check({"--install-hook"});
  EXPECT_EQ(r.out, "created the pre-push hook with the git-migrate-check block: " + hook + "\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.read_file("r/.git/hooks/pre-push"), "#!/bin/sh\n" + kBlock);
  EXPECT_TRUE(executable(hook));
  const std::string before = sb.snapshot("r");
  RunResult again = check({"--install-hook"});
  EXPECT_EQ(again.out, "the git-migrate-check block is already installed: " + hook + "\n");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(sb.read_file("r/.git/hooks/pre-push"), "#!/bin/sh\n" + kBlock);
  EXPECT_EQ(sb.snapshot("r"), before);
  // Uninstalling a hook that held only the block removes the file.
  RunResult un = check({"--uninstall-hook"});
  EXPECT_EQ(un.out, "removed the pre-push hook, which held only the git-migrate-check block: " + hook + "\n");
  EXPECT_FALSE(sb.exists("r/.git/hooks/pre-push"));
  RunResult un2 = check({"--uninstall-hook"});
  EXPECT_EQ(un2.out, "there is no pre-push hook: " + hook + "\n");
  EXPECT_EQ(un2.exit_code, 0);
}

TEST_F(CheckHook, KeepsExistingContentAndUninstallLeavesIt) {
  const std::string existing =
      "#!/usr/bin/env bash\n"
      "# team hook\n"
      "while read local_ref local_oid remote_ref remote_oid; do echo \"$local_ref\"; done\n"
      "exit 0\n";
  sb.write_file("r/.git/hooks/pre-push", existing);
  RunResult r = check({"--install-hook"});
  EXPECT_EQ(r.out, "added the git-migrate-check block to the pre-push hook: " + sb.path("r/.git/hooks/pre-push") + "\n");
  EXPECT_EQ(sb.read_file("r/.git/hooks/pre-push"),
            "#!/usr/bin/env bash\n" + kBlock +
                "# team hook\n"
                "while read local_ref local_oid remote_ref remote_oid; do echo \"$local_ref\"; done\n"
                "exit 0\n");
  EXPECT_TRUE(executable(sb.path("r/.git/hooks/pre-push")));
  check({"--install-hook"});
  EXPECT_EQ(sb.read_file("r/.git/hooks/pre-push").find(kBlock), sb.read_file("r/.git/hooks/pre-push").rfind(kBlock));
  RunResult un = check({"--uninstall-hook"});
  EXPECT_EQ(un.out, "removed the git-migrate-check block from the pre-push hook: " +
                        sb.path("r/.git/hooks/pre-push") + "\n");
  EXPECT_EQ(sb.read_file("r/.git/hooks/pre-push"), existing);
}

TEST_F(CheckHook, TheRestOfTheHookStillReadsThePushedRefs) {
  sb.write_file("r/.git/hooks/pre-push",
                "#!/bin/sh\nwhile read a b c d; do echo \"team hook saw $a $c\" >&2; done\nexit 0\n");
  check({"--install-hook"});
  sb.git("", {"init", "-q", "--bare", "remote.git"});
  sb.git("r", {"remote", "add", "origin", "../remote.git"});
  RunResult push = sb.git_result("r", {"push", "-q", "origin", "master"});
  EXPECT_EQ(push.exit_code, 0);
  EXPECT_EQ(push.out + push.err, "no problems in 1 commit (refs/heads/master)\n"
                                 "team hook saw refs/heads/master refs/heads/master\n");
}

// The rest of the hook reads exactly git's lines: none when no ref is pushed
// (git runs the hook with empty input for a push that sends nothing, e.g.
// `git push origin master` when the remote already has it).
TEST_F(CheckHook, TheRestOfTheHookGetsNothingWhenNoRefIsPushed) {
  sb.write_file("r/.git/hooks/pre-push", "#!/bin/sh\ncat > \"$GIT_DIR/../rest-of-hook-input\"\nexit 0\n");
  check({"--install-hook"});
  const std::string hook = sb.path("r/.git/hooks/pre-push");
  RunResult empty = sb.run({hook, "origin", "../remote.git"}, "r", "", {{"GIT_DIR", sb.path("r/.git")}});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(sb.read_file("r/rest-of-hook-input"), "");
  const std::string head = sb.rev_parse("r", "HEAD");
  const std::string lines = "refs/heads/master " + head + " refs/heads/master " + std::string(40, '0') + "\n" +
                            "refs/heads/x " + head + " refs/heads/x " + std::string(40, '0') + "\n";
  RunResult two = sb.run({hook, "origin", "../remote.git"}, "r", lines, {{"GIT_DIR", sb.path("r/.git")}});
  EXPECT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(sb.read_file("r/rest-of-hook-input"), lines);
}

TEST_F(CheckHook, RespectsCoreHooksPath) {
  sb.git("r", {"config", "core.hooksPath", "ci/hooks"});
  sb.write_file("r/sub/dir/keep.txt", "");
  RunResult r = check({"--install-hook"}, "r/sub/dir");
  // Run from a subdirectory: the relative hooksPath is relative to the root.
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.read_file("r/ci/hooks/pre-push"), "#!/bin/sh\n" + kBlock);
  EXPECT_FALSE(sb.exists("r/.git/hooks/pre-push"));
}

TEST_F(CheckHook, RefusesAHookInAnotherLanguage) {
  const std::string py = "#!/usr/bin/env python3\nprint('hi')\n";
  sb.write_file("r/.git/hooks/pre-push", py);
  RunResult r = check({"--install-hook"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "git-migrate-check: error: the pre-push hook is not a shell script (#!/usr/bin/env python3); call 'git migrate-check "
            "--pre-push \"$@\"' from it by hand: " + sb.path("r/.git/hooks/pre-push") + "\n");
  EXPECT_EQ(sb.read_file("r/.git/hooks/pre-push"), py);
}

}  // namespace
}  // namespace migrate::testing::check
