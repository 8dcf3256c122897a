// git migrate-replace refuses, exits 1 and changes nothing (refs, index,
// status, files) when it cannot replace safely; each message says what to do.
#include "tests/e2e/replace_fixture.h"

namespace migrate::testing {
namespace {

class ReplaceRefusalTest : public ReplaceTest {
 protected:
  // Runs the command and checks: exit 1, nothing on stdout, `err` on stderr,
  // the repository exactly as before.
  void expect_refusal(const std::vector<std::string>& args, const std::string& err,
                      const std::string& cwd = "repo", const std::string& repo = "repo") {
    const std::string before = sb.snapshot(repo);
    RunResult r = sb.migrate("replace", args, cwd);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, err);
    EXPECT_EQ(sb.snapshot(repo), before);
  }
  const std::string review_q = std::string("'") + kReview + "'";
};

TEST_F(ReplaceRefusalTest, ModifiedFile) {
  sb.write_file("repo/posthog/api/issues.py", "# local edit\n");
  const std::string err = "error: cannot replace " + review_q +
                          ": the index or worktree has uncommitted changes\n"
                          "  modified:  posthog/api/issues.py\n"
                          "hint: commit or stash them (git stash), then run git migrate-replace again\n";
  expect_refusal({kFresh}, err);
  expect_refusal({"--dry-run", kFresh}, err);
}

TEST_F(ReplaceRefusalTest, StagedFile) {
  sb.write_file("repo/new file.py", "x = 1\n");
  sb.git("repo", {"add", "new file.py"});
  expect_refusal({kFresh}, "error: cannot replace " + review_q +
                               ": the index or worktree has uncommitted changes\n"
                               "  staged:    new file.py\n"
                               "hint: commit or stash them (git stash), then run git migrate-replace again\n");
}

TEST_F(ReplaceRefusalTest, ManyChangesAreListedUpToTen) {
  for (int i = 0; i < 12; ++i) sb.write_file("repo/docs/n" + std::to_string(i) + ".md", "n\n");
  sb.git("repo", {"add", "docs"});
  std::string err = "error: cannot replace " + review_q + ": the index or worktree has uncommitted changes\n";
  for (const char* n : {"0", "1", "10", "11", "2", "3", "4", "5", "6", "7"}) {
    err += std::string("  staged:    docs/n") + n + ".md\n";
  }
  err += "  ... and 2 more\nhint: commit or stash them (git stash), then run git migrate-replace again\n";
  expect_refusal({kFresh}, err);
}

TEST_F(ReplaceRefusalTest, MergeInProgress) {
  // A real conflicted merge: master changed email.py, so did fresh.
  sb.git("repo", {"checkout", "-q", "master"});
  sb.write_file("repo/posthog/tasks/email.py", "# master\n");
  sb.commit_all("repo", "master edit");
  ASSERT_NE(sb.git_result("repo", {"merge", "-q", kFresh}).exit_code, 0);
  expect_refusal({kFresh, kReview}, "error: cannot replace " + review_q +
                                        ": a merge is in progress\n"
                                        "hint: finish it or abort it (git merge --abort), then run git "
                                        "migrate-replace again\n");
}

TEST_F(ReplaceRefusalTest, RebaseInProgress) {
  ASSERT_NE(sb.git_result("repo", {"rebase", "-q", "--exec", "false", "HEAD~1"}).exit_code, 0);
  expect_refusal({kFresh, kReview}, "error: cannot replace " + review_q +
                                        ": a rebase is in progress\n"
                                        "hint: finish it or abort it (git rebase --abort), then run git "
                                        "migrate-replace again\n");
}

TEST_F(ReplaceRefusalTest, UntrackedFileWouldBeOverwritten) {
  sb.write_file("repo/products/error_tracking/backend/__init__.py", "# mine\n");
  sb.write_file("repo/unrelated.txt", "untracked files elsewhere are fine\n");
  const std::string err = "error: cannot replace " + review_q +
                          ": untracked files would be overwritten\n"
                          "  products/error_tracking/backend/__init__.py\n"
                          "hint: move or remove them, then run git migrate-replace again\n";
  expect_refusal({kFresh}, err);
  expect_refusal({"-n", kFresh}, err);
}

TEST_F(ReplaceRefusalTest, FreshIsNotACommit) {
  const std::string hint =
      "hint: name the fresh branch or a commit, e.g. git migrate-replace chore/models-migrations-<product>-fresh\n";
  expect_refusal({"no-such-branch"}, "error: 'no-such-branch' is not a commit\n" + hint);
  expect_refusal({std::string(kFresh) + "^{tree}"},
                 "error: '" + std::string(kFresh) + "^{tree}' is not a commit\n" + hint);
}

TEST_F(ReplaceRefusalTest, NothingToAdopt) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  expect_refusal({kFresh}, "error: nothing to adopt: '" + std::string(kFresh) +
                               "' without the excluded paths has the same tree as " + review_q +
                               "\nhint: the branch already has the fresh content; there is nothing to do\n");
}

TEST_F(ReplaceRefusalTest, FreshAlreadyMerged) {
  expect_refusal({"master"}, "error: 'master' is already in the history of " + review_q +
                                 "\nhint: a merge would record nothing new; name the fresh branch's new commit\n");
}

TEST_F(ReplaceRefusalTest, DetachedHead) {
  sb.git("repo", {"checkout", "-q", "--detach"});
  expect_refusal({kFresh}, "error: HEAD is detached: there is no current branch to replace\n"
                           "hint: check out the review branch, or name it: git migrate-replace <fresh> <branch>\n");
}

TEST_F(ReplaceRefusalTest, NoSuchBranch) {
  expect_refusal({kFresh, "nope"}, "error: no branch named 'nope'\n"
                                   "hint: name a local branch (git branch --list shows them)\n");
}

TEST_F(ReplaceRefusalTest, BranchCheckedOutInAnotherWorktree) {
  sb.git("repo", {"checkout", "-q", "master"});
  sb.git("repo", {"worktree", "add", "-q", sb.path("other wt"), kReview});
  expect_refusal({kFresh, kReview}, "error: branch " + review_q + " is checked out in the worktree at '" +
                                        sb.path("other wt") + "'\n"
                                        "hint: run git migrate-replace in that worktree\n");
}

TEST_F(ReplaceRefusalTest, DirtyWorktreeOfAnotherBranchDoesNotMatter) {
  // Only the ref of a branch that is not checked out moves; local changes
  // on the current branch are not touched, so they do not block.
  sb.git("repo", {"checkout", "-q", "master"});
  sb.write_file("repo/docs/Read me.md", "# local edit\n");
  RunResult r = sb.migrate("replace", {kFresh, kReview}, "repo");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.read_file("repo/docs/Read me.md"), "# local edit\n");
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain"}), " M \"docs/Read me.md\"\n");
}

TEST_F(ReplaceRefusalTest, NotARepositoryIsAGitFailure) {
  sb.write_file("plain/file.txt", "x\n");
  RunResult r = sb.migrate("replace", {kFresh}, "plain");
  EXPECT_EQ(r.exit_code, 128);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "git-migrate-replace: fatal: open repository '" + sb.path("plain") +
                      "': not a git repository (or any of the parent directories)\n");
}

// A locked branch ref makes the compare-and-swap fail: exit 128, and the
// backup ref, index and worktree are put back.
TEST_F(ReplaceRefusalTest, RefUpdateFailureLeavesNothingBehind) {
  const std::string before = sb.snapshot("repo");
  const std::string lock = "repo/.git/refs/heads/" + std::string(kReview) + ".lock";
  sb.write_file(lock, "");
  RunResult r = sb.migrate("replace", {kFresh}, "repo");
  sb.remove(lock);
  EXPECT_EQ(r.exit_code, 128);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "git-migrate-replace: fatal: update ref 'refs/heads/" + std::string(kReview) +
                      "': failed to lock file '" + sb.path(lock) + "' for writing: \n") << r.err;
  EXPECT_EQ(sb.snapshot("repo"), before);
}

}  // namespace
}  // namespace migrate::testing
