// git migrate-fresh save-scripts: one linear commit on the baseline, built in
// memory, refused when the baseline moved.
#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

constexpr const char* kRunScript =
    "git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved";

class FreshSaveScripts : public ::testing::Test {
 protected:
  void SetUp() override {
    make_django_repo(sb, "repo", "");
    const RunResult r = sb.migrate("fresh", {"--run", kRunScript, "--no-pause", "error_tracking"}, "repo");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult fresh(const std::vector<std::string>& args) const { return sb.migrate("fresh", args, "repo"); }
  Sandbox sb;
};

TEST_F(FreshSaveScripts, RefusalsEscapeControlCharacters) {
  // A refusal that names a path holding ESC (here the repository's folder,
  // in the state file's path) prints it escaped, never as the raw byte that
  // would drive the terminal.
  const std::string repo = "r\033[31mepo";
  sb.init_repo(repo);
  sb.write_file(repo + "/app.py", "x = 1\n");
  sb.commit_all(repo, "master");
  sb.write_file(repo + "/.git/migrate/error_tracking.toml", "product = = 1\n");
  const RunResult r = sb.migrate("fresh", {"save-scripts", "error_tracking"}, repo);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: the state of error_tracking cannot be read: " + sb.root() +
                "/r\\033[31mepo/.git/migrate/error_tracking.toml:1: Error while parsing value: could not determine value type\n"
                "  forget it with `git migrate-fresh --reset error_tracking`, then save with --baseline <branch>\n");
}

TEST_F(FreshSaveScripts, CommitsTheToolingFolderOnTopOfTheBaseline) {
  const std::string baseline = sb.rev_parse("repo", "chore/model-migration-baseline");
  const std::string head = sb.rev_parse("repo", "HEAD");
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"migrating, better\")\n");
  sb.write_file("repo/model_migration/phase_tracker.py", "PHASES = []\n");
  const std::string before_worktree = sb.git("repo", {"status", "--porcelain", "--untracked-files=all"});
  const RunResult r = fresh({"save-scripts"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Saved 2 files on chore/model-migration-baseline: abda578c45 -> f1217adcff (backup: refs/migrate/backup/chore/model-migration-baseline/1)\n"
            "- update model_migration/migrate_models.py\n"
            "- add model_migration/phase_tracker.py\n");
  // One new commit whose parent is the old baseline; only the scripts changed.
  EXPECT_EQ(sb.rev_parse("repo", "chore/model-migration-baseline~1"), baseline);
  EXPECT_EQ(sb.git("repo", {"diff", "--name-status", baseline, "chore/model-migration-baseline"}),
            "M\tmodel_migration/migrate_models.py\n"
            "A\tmodel_migration/phase_tracker.py\n");
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B", "chore/model-migration-baseline"}),
            "chore(migration-scripts): save script changes from chore/models-migrations-error_tracking-fresh\n"
            "\n"
            "- update model_migration/migrate_models.py\n"
            "- add model_migration/phase_tracker.py\n"
            "\n");
  EXPECT_EQ(sb.git("repo", {"reflog", "-1", "--format=%gs", "chore/model-migration-baseline"}),
            "migrate-fresh save-scripts: 2 file(s) under model_migration/\n");
  // The fresh branch, index and worktree are untouched.
  EXPECT_EQ(sb.rev_parse("repo", "HEAD"), head);
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}), before_worktree);
  // Saving again has nothing to do.
  EXPECT_EQ(fresh({"save-scripts"}).out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Nothing to save: model_migration/ is the same as on chore/model-migration-baseline.\n");
}

TEST_F(FreshSaveScripts, RefusesWhenTheBaselineMovedUnlessForced) {
  // A colleague commits on the baseline meanwhile (in another worktree).
  sb.git("repo", {"worktree", "add", "-q", "../colleague", "chore/model-migration-baseline"});
  sb.write_file("colleague/model_migration/README.md", "colleague's change\n");
  sb.write_file("colleague/model_migration/moves.toml", std::string(kMoves) + "# reviewed\n");
  sb.git("colleague", {"add", "model_migration"});
  sb.git("colleague", {"commit", "-q", "-m", "docs"});
  const std::string moved = sb.rev_parse("colleague", "HEAD");
  sb.git("repo", {"worktree", "remove", "../colleague"});
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"mine\")\n");
  const std::string before = sb.snapshot("repo");
  RunResult r = fresh({"save-scripts"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: chore/model-migration-baseline moved since chore/models-migrations-error_tracking-fresh was created (was abda578c45, now 332397e94e)\n"
            "  look at its new commits: git log abda578c45..chore/model-migration-baseline\n"
            "  then save on top of them with --force (a file changed on both sides gets your version)\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
  r = fresh({"save-scripts", "--force", "-m", "feat(migration): better messages"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.rev_parse("repo", "chore/model-migration-baseline~1"), moved);
  EXPECT_EQ(sb.git("repo", {"diff", "--name-status", moved, "chore/model-migration-baseline"}),
            "M\tmodel_migration/migrate_models.py\n");
  EXPECT_EQ(r.out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Saved 1 file on chore/model-migration-baseline: 332397e94e -> 0431953fcf (backup: refs/migrate/backup/chore/model-migration-baseline/1)\n"
            "- update model_migration/migrate_models.py\n");
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B", "chore/model-migration-baseline"}),
            "feat(migration): better messages\n"
            "\n"
            "- update model_migration/migrate_models.py\n"
            "\n");
}

}  // namespace
}  // namespace migrate::testing
