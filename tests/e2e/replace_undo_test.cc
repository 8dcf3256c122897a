// git migrate-replace --undo: the branch goes back to its backup ref.
#include "tests/e2e/replace_fixture.h"

namespace migrate::testing {
namespace {

class ReplaceUndoTest : public ReplaceTest {
 protected:
  std::string backup_ref() const { return std::string("refs/migrate/backup/") + kReview; }
};

TEST_F(ReplaceUndoTest, RestoresBranchIndexAndWorktree) {
  const std::string before = sb.snapshot("repo");
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  const std::string merge = rev("HEAD");
  RunResult r = sb.migrate("replace", {"--undo"}, "repo/docs");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[" + std::string(kReview) + " " + review.substr(0, 10) +
                       "] chore(models): migrate error_tracking models to products app\n"
                       "  restored from  " + backup_ref() + "\n" +
                       "  was            " + merge.substr(0, 10) + "  " + kMessage + "\n" +
                       "  checkout       index and worktree updated (9 files)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(sb.git("repo", {"reflog", "-1", "--format=%gs", kReview}),
            "migrate-replace: undo, back to " + review.substr(0, 10) + "\n");
  // The backup stays until the next replacement; all else is as before.
  EXPECT_EQ(rev(backup_ref()), review);
  sb.git("repo", {"update-ref", "-d", backup_ref()});
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(ReplaceUndoTest, DryRunWritesNothing) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  const std::string merge = rev("HEAD");
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {"--undo", "-n"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Dry run: would move " + std::string(kReview) + " back to its backup (nothing written)\n" +
                       "  backup         " + review.substr(0, 10) +
                       "  chore(models): migrate error_tracking models to products app\n"
                       "  restored from  " + backup_ref() + "\n" +
                       "  was            " + merge.substr(0, 10) + "  " + kMessage + "\n" +
                       "  checkout       index and worktree would be updated (9 files)\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(ReplaceUndoTest, BranchNotCheckedOut) {
  sb.git("repo", {"checkout", "-q", "master"});
  ASSERT_EQ(sb.migrate("replace", {kFresh, kReview}, "repo").exit_code, 0);
  const std::string merge = rev(kReview);
  RunResult r = sb.migrate("replace", {"--undo", kReview}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[" + std::string(kReview) + " " + review.substr(0, 10) +
                       "] chore(models): migrate error_tracking models to products app\n"
                       "  restored from  " + backup_ref() + "\n" +
                       "  was            " + merge.substr(0, 10) + "  " + kMessage + "\n" +
                       "  checkout       none: " + kReview + " is not checked out here, only the ref moved\n");
  EXPECT_EQ(rev(kReview), review);
  EXPECT_EQ(rev("HEAD"), master);
}

TEST_F(ReplaceUndoTest, RefusesWithoutBackup) {
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {"--undo"}, "repo");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: no backup of '" + std::string(kReview) + "' to restore: " + backup_ref() +
                       " does not exist\n"
                       "hint: git migrate-replace writes it when it replaces the branch; nothing to undo\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(ReplaceUndoTest, RefusesWhenTheBranchMovedSince) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  sb.write_file("repo/docs/Read me.md", "# after review\n");
  const std::string later = sb.commit_all("repo", "address review comments");
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {"--undo"}, "repo");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: '" + std::string(kReview) + "' has moved since git migrate-replace: its head " +
                       later.substr(0, 10) + " is not the merge made on top of the backup " +
                       review.substr(0, 10) + "\nhint: to go back anyway, losing the newer commits: git reset --keep " +
                       backup_ref() + "\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(ReplaceUndoTest, RefusesWhenAlreadyAtTheBackup) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {"--undo"}, "repo");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: '" + std::string(kReview) + "' already points at its backup " + review.substr(0, 10) +
                       "\nhint: nothing to undo\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(ReplaceUndoTest, RefusesOnLocalChanges) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  sb.write_file("repo/posthog/tasks/email.py", "# lost work would be bad\n");
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {"--undo"}, "repo");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: cannot undo '" + std::string(kReview) +
                       "': the index or worktree has uncommitted changes\n"
                       "  modified:  posthog/tasks/email.py\n"
                       "hint: commit or stash them (git stash), then run git migrate-replace again\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(ReplaceUndoTest, ASecondReplacementReplacesTheBackup) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  const std::string first = rev("HEAD");
  // The fresh branch is redone; adopting it again backs up the first merge.
  sb.git("repo", {"checkout", "-q", kFresh});
  sb.write_file("repo/docs/café.md", "# Café\n\nNoël, encore\n");
  const std::string fresh2 = sb.commit_all("repo", "chore(models): migrate again");
  sb.git("repo", {"checkout", "-q", kReview});
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  EXPECT_EQ(rev(backup_ref()), first);
  EXPECT_EQ(sb.git("repo", {"rev-parse", "HEAD^1", "HEAD^2"}), first + "\n" + fresh2 + "\n");
  EXPECT_EQ(sb.git("repo", {"reflog", "-1", "--format=%gs", backup_ref()}),
            "migrate-replace: backup of " + std::string(kReview) + " before adopting " + kFresh + "\n");
}

}  // namespace
}  // namespace migrate::testing
