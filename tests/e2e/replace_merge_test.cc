// git migrate-replace: the merge commit, its tree against the manual recipe,
// the backup ref, the output, and the places it must work from.
#include "tests/e2e/replace_fixture.h"

namespace migrate::testing {
namespace {

// Removes the backup ref's line from a snapshot, to compare states of which
// only one has run the command.
std::string without_backup(std::string snap) {
  const std::string key = std::string("refs/migrate/backup/") + kReview + " ";
  const auto at = snap.find(key);
  if (at != std::string::npos) snap.erase(at, snap.find('\n', at) - at + 1);
  return snap;
}

class ReplaceMergeTest : public ReplaceTest {
 protected:
  // The stdout of a successful run on the fixture (new commit `merge`).
  std::string expected_out(const std::string& merge, const std::string& checkout_row) const {
    return "[" + std::string(kReview) + " " + merge.substr(0, 10) + "] " + kMessage + "\n" +
           "  first parent   " + review.substr(0, 10) + "  " + kReview +
           ": chore(models): migrate error_tracking models to products app\n"
           "  second parent  " + fresh.substr(0, 10) + "  " + kFresh +
           ": chore(models): migrate error_tracking models to products app\n"
           "  excluded       model_migration/ (2 files)\n"
           "  backup         refs/migrate/backup/" + kReview + "\n" +
           "  checkout       " + checkout_row + "\n"
           "\n"
           "Changes against the previous head, most lines removed first:\n"
           "  -64  +1  posthog/tasks/email.py\n"
           "   -1  +0  posthog/models/__init__.py\n"
           "   -1  +1  products/error_tracking/backend/models.py\n"
           "   -0  +0  bin/run.sh (mode 100644 => 100755)\n"
           "   -0  +2  docs/Read me.md\n"
           "   -0  +2  \"docs/caf\\303\\251.md\"\n"
           "   -0  +1  products/error_tracking/README.md (new)\n"
           "   -0  +1  products/error_tracking/backend/__init__.py (new)\n"
           "   -0  +1  vendor/sdk (new submodule)\n"
           "  9 files changed, 9 insertions(+), 66 deletions(-)\n"
           "\n"
           "Undo with: git migrate-replace --undo " + kReview + "\n";
  }
  static constexpr const char* kWarning =
      "warning: posthog/tasks/email.py loses 64 lines (more than 50); check that no code was removed by mistake\n";
};

TEST_F(ReplaceMergeTest, MergesFreshIntoTheCheckedOutBranch) {
  RunResult r = sb.migrate("replace", {kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string merge = rev("HEAD");
  EXPECT_EQ(r.out, expected_out(merge, "index and worktree updated (9 files)"));
  EXPECT_EQ(r.err, kWarning);
  EXPECT_EQ(rev(kReview), merge);
  EXPECT_EQ(sb.git("repo", {"symbolic-ref", "HEAD"}), std::string("refs/heads/") + kReview + "\n");
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%P%n%B"}), review + " " + fresh + "\n" + kMessage + "\n\n");
  EXPECT_EQ(rev(std::string("refs/migrate/backup/") + kReview), review);
  EXPECT_EQ(sb.git("repo", {"reflog", "-1", "--format=%gs", kReview}),
            std::string("migrate-replace: adopt ") + kFresh + "\n");
  // Index and worktree hold the new tree: clean, model_migration/ gone,
  // fresh's files, modes and links in place.
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}), "");
  EXPECT_FALSE(sb.exists("repo/model_migration"));
  EXPECT_FALSE(sb.exists("repo/posthog/models/error_tracking"));
  EXPECT_EQ(sb.read_file("repo/docs/café.md"), "# Café\n\nNoël\n");
  EXPECT_EQ(sb.run({"test", "-x", sb.path("repo/bin/run.sh")}).exit_code, 0);
  EXPECT_EQ(sb.run({"readlink", sb.path("repo/products/error_tracking/README.md")}).out, "../../docs/Read me.md\n");
  EXPECT_EQ(sb.git("repo", {"ls-tree", "HEAD", "vendor/sdk"}),
            std::string("160000 commit ") + kSubmoduleCommit + "\tvendor/sdk\n");
}

TEST_F(ReplaceMergeTest, SameTreeIndexAndWorktreeAsTheRecipe) {
  const std::string before = sb.snapshot("repo");
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  const std::string ours_tree = tree("HEAD");
  const std::string ours = without_backup(sb.snapshot("repo"));

  sb.git("repo", {"reset", "-q", "--hard", review});
  sb.git("repo", {"update-ref", "-d", std::string("refs/migrate/backup/") + kReview});
  ASSERT_EQ(sb.snapshot("repo"), before);
  run_recipe(kFresh);
  EXPECT_EQ(tree("HEAD"), ours_tree);
  EXPECT_EQ(sb.git("repo", {"rev-parse", "HEAD^1", "HEAD^2"}), review + "\n" + fresh + "\n");
  // Same author, committer, dates, parents, tree and message: same commit,
  // so the whole state (refs, index, status, files) is the same.
  EXPECT_EQ(sb.snapshot("repo"), ours);
}

TEST_F(ReplaceMergeTest, BranchNotCheckedOutOnlyMovesTheRef) {
  sb.git("repo", {"checkout", "-q", "master"});
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {kFresh, kReview}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string merge = rev(kReview);
  EXPECT_EQ(r.out, expected_out(merge, std::string("none: ") + kReview +
                                           " is not checked out here, only the ref moved"));
  EXPECT_EQ(r.err, kWarning);
  EXPECT_EQ(rev("HEAD"), master);
  EXPECT_EQ(sb.git("repo", {"rev-parse", merge + "^1", merge + "^2"}), review + "\n" + fresh + "\n");
  // Everything but the two refs is as before.
  std::string after = sb.snapshot("repo");
  std::string expected = before;
  const std::string old_line = "refs/heads/" + std::string(kReview) + " " + review + "\n";
  expected.replace(expected.find(old_line), old_line.size(),
                   "refs/heads/" + std::string(kReview) + " " + merge + "\n");
  expected.insert(expected.find("refs/tags/") == std::string::npos ? expected.find("== HEAD")
                                                                   : expected.find("refs/tags/"),
                  "refs/migrate/backup/" + std::string(kReview) + " " + review + "\n");
  EXPECT_EQ(after, expected);
}

TEST_F(ReplaceMergeTest, FullRefNameOfTheBranch) {
  sb.git("repo", {"checkout", "-q", "master"});
  RunResult r = sb.migrate("replace", {kFresh, std::string("refs/heads/") + kReview}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected_out(rev(kReview), std::string("none: ") + kReview +
                                                  " is not checked out here, only the ref moved"));
  EXPECT_EQ(sb.git("repo", {"rev-parse", std::string(kReview) + "^1", std::string(kReview) + "^2"}),
            review + "\n" + fresh + "\n");
}

TEST_F(ReplaceMergeTest, WorksFromASubdirectory) {
  RunResult r = sb.migrate("replace", {kFresh}, "repo/posthog/api");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected_out(rev("HEAD"), "index and worktree updated (9 files)"));
  const std::string ours = tree("HEAD");
  sb.git("repo", {"reset", "-q", "--hard", review});
  run_recipe(kFresh);
  EXPECT_EQ(tree("HEAD"), ours);
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}), "");
}

TEST_F(ReplaceMergeTest, WorksInALinkedWorktree) {
  sb.git("repo", {"checkout", "-q", "master"});
  sb.git("repo", {"worktree", "add", "-q", sb.path("linked"), kReview});
  const std::string main_before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {kFresh}, "linked/posthog");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected_out(rev(kReview), "index and worktree updated (9 files)"));
  EXPECT_EQ(sb.git("linked", {"status", "--porcelain", "--untracked-files=all"}), "");
  EXPECT_FALSE(sb.exists("linked/model_migration"));
  EXPECT_EQ(sb.read_file("linked/posthog/tasks/email.py"),
            "from products.error_tracking.backend.models import ErrorTrackingIssue\n\n\n"
            "def send_invite():\n    return 1\n");
  EXPECT_EQ(sb.git("linked", {"rev-parse", "HEAD^1", "HEAD^2"}), review + "\n" + fresh + "\n");
  // The main worktree's HEAD, index and files did not move.
  EXPECT_EQ(rev("HEAD"), master);
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}), "");
  const std::string main_after = sb.snapshot("repo");
  EXPECT_EQ(main_after.substr(main_after.find("== HEAD")), main_before.substr(main_before.find("== HEAD")));
}

TEST_F(ReplaceMergeTest, DryRunPrintsThePlanAndWritesNothing) {
  const std::string before = sb.snapshot("repo");
  const std::string objects_before = sb.run({"find", sb.path("repo/.git/objects"), "-type", "f"}).out;
  RunResult r = sb.migrate("replace", {"-n", kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The tree the merge would have, as the recipe makes it.
  sb.run({"git", "read-tree", fresh}, "repo", "", {{"GIT_INDEX_FILE", sb.path("idx")}});
  sb.run({"git", "rm", "-rq", "--cached", "model_migration"}, "repo", "", {{"GIT_INDEX_FILE", sb.path("idx")}});
  const std::string planned_tree =
      sb.run({"git", "write-tree"}, "repo", "", {{"GIT_INDEX_FILE", sb.path("idx")}}).out;
  sb.remove("idx");
  sb.remove("repo/.git/objects/" + planned_tree.substr(0, 2) + "/" + planned_tree.substr(2, 38));
  EXPECT_EQ(r.out,
            "Dry run: would commit on " + std::string(kReview) + " (nothing written)\n" +
            "  first parent   " + review.substr(0, 10) + "  " + kReview +
            ": chore(models): migrate error_tracking models to products app\n"
            "  second parent  " + fresh.substr(0, 10) + "  " + kFresh +
            ": chore(models): migrate error_tracking models to products app\n"
            "  tree           " + planned_tree +
            "  message        " + kMessage + "\n" +
            "  excluded       model_migration/ (2 files)\n"
            "  checkout       index and worktree would be updated (9 files)\n"
            "\n"
            "Files added (3):\n"
            "   -0  +1  products/error_tracking/README.md (new)\n"
            "   -0  +1  products/error_tracking/backend/__init__.py (new)\n"
            "   -0  +1  vendor/sdk (new submodule)\n"
            "\n"
            "Files modified (6):\n"
            "  -64  +1  posthog/tasks/email.py\n"
            "   -1  +0  posthog/models/__init__.py\n"
            "   -1  +1  products/error_tracking/backend/models.py\n"
            "   -0  +0  bin/run.sh (mode 100644 => 100755)\n"
            "   -0  +2  docs/Read me.md\n"
            "   -0  +2  \"docs/caf\\303\\251.md\"\n"
            "\n"
            "  9 files changed, 9 insertions(+), 66 deletions(-)\n");
  EXPECT_EQ(r.err, kWarning);
  EXPECT_EQ(sb.snapshot("repo"), before);
  EXPECT_EQ(sb.run({"find", sb.path("repo/.git/objects"), "-type", "f"}).out, objects_before);
}

TEST_F(ReplaceMergeTest, RenamesAndDeletionsInTheDryRun) {
  // Against master (plus a file the fresh branch does not have), the
  // package moved: renames, a deletion, additions.
  sb.git("repo", {"checkout", "-q", "master"});
  sb.git("repo", {"checkout", "-q", "-b", "old-review"});
  sb.write_file("repo/legacy.py", "a = 1\nb = 2\nc = 3\n");
  sb.commit_all("repo", "legacy");
  RunResult r = sb.migrate("replace", {"-n", "--exclude", "model_migration", "--exclude", "vendor", kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string out = r.out.substr(r.out.find("\nFiles"));
  EXPECT_EQ(out,
            "\nFiles added (1):\n"
            "   -0  +1  products/error_tracking/README.md (new)\n"
            "\n"
            "Files removed (1):\n"
            "   -3  +0  legacy.py (deleted)\n"
            "\n"
            "Files renamed (2):\n"
            "   -0  +0  posthog/models/error_tracking/__init__.py => products/error_tracking/backend/__init__.py\n"
            "   -0  +0  posthog/models/error_tracking/models.py => products/error_tracking/backend/models.py\n"
            "\n"
            "Files modified (6):\n"
            "  -64  +1  posthog/tasks/email.py\n"
            "   -1  +1  posthog/api/issues.py\n"
            "   -1  +0  posthog/models/__init__.py\n"
            "   -0  +0  bin/run.sh (mode 100644 => 100755)\n"
            "   -0  +2  docs/Read me.md\n"
            "   -0  +2  \"docs/caf\\303\\251.md\"\n"
            "\n"
            "  10 files changed, 7 insertions(+), 69 deletions(-)\n");
}

}  // namespace
}  // namespace migrate::testing
