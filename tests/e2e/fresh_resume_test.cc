// git migrate-fresh: failed and interrupted phases, --status, --resume, a
// corrupt state file.
#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

constexpr const char* kRunScript =
    "git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved";

class FreshResume : public ::testing::Test {
 protected:
  void SetUp() override { make_django_repo(sb, "repo", ""); }
  RunResult fresh(const std::vector<std::string>& args) const { return sb.migrate("fresh", args, "repo"); }
  Sandbox sb;
};

TEST_F(FreshResume, AFailedValidateKeepsItsOutputAndResumesFromThere) {
  sb.git("repo", {"config", "migrate.fresh.validate", "echo checking; test -f .git/READY || { echo 'not ready: .git/READY is missing'; exit 3; }"});
  RunResult r = fresh({"--run", kRunScript, "--no-pause", "error_tracking"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "Migrating error_tracking on aa130e29c5 (master), pinned for the whole run.\n"
            "branch     on chore/models-migrations-error_tracking-fresh at aa130e29c5 (master), index and worktree hold chore/model-migration-baseline (abda578c45)\n"
            "configure  model_migration/migration_config.json: error_tracking is \"todo\", 2 others are \"skip\"\n"
            "prepare    created products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
            "run        $ git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved    (--run)\n"
            "moved\n"
            "run        1 command passed\n"
            "validate   $ echo checking; test -f .git/READY || { echo 'not ready: .git/READY is missing'; exit 3; }    (git config migrate.fresh.validate)\n"
            "checking\n"
            "not ready: .git/READY is missing\n");
  EXPECT_EQ(r.err,
            "error: phase validate failed: `echo checking; test -f .git/READY || { echo 'not ready: .git/READY is missing'; exit 3; }` exited with 3\n"
            "last lines of its output:\n"
            "  | checking\n"
            "  | not ready: .git/READY is missing\n"
            "fix the problem, then continue with:\n"
            "  git migrate-fresh --resume error_tracking\n");
  r = fresh({"--status"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "error_tracking: chore/models-migrations-error_tracking-fresh\n"
            "  base      aa130e29c5 (master)\n"
            "  baseline  chore/model-migration-baseline at abda578c45\n"
            "  started   on master at aa130e29c5\n"
            "  run       git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved\n"
            "\n"
            "  branch     completed    2005-04-07 22:15:13 UTC\n"
            "             on chore/models-migrations-error_tracking-fresh at aa130e29c5 (master), index and worktree hold chore/model-migration-baseline (abda578c45)\n"
            "  configure  completed    2005-04-07 22:15:13 UTC\n"
            "             model_migration/migration_config.json: error_tracking is \"todo\", 2 others are \"skip\"\n"
            "  prepare    completed    2005-04-07 22:15:13 UTC\n"
            "             created products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
            "  run        completed    2005-04-07 22:15:13 UTC\n"
            "             1 command passed\n"
            "  validate   failed       2005-04-07 22:15:13 UTC\n"
            "             `echo checking; test -f .git/READY || { echo 'not ready: .git/READY is missing'; exit 3; }` exited with 3\n"
            "             | checking\n"
            "             | not ready: .git/READY is missing\n"
            "  generate   pending\n"
            "  commit     pending\n"
            "\n"
            "Next: git migrate-fresh --resume error_tracking (from validate)\n");
  sb.write_file("repo/.git/READY", "");
  r = fresh({"--resume"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "validate   $ echo checking; test -f .git/READY || { echo 'not ready: .git/READY is missing'; exit 3; }    (git config migrate.fresh.validate)\n"
            "checking\n"
            "validate   1 command passed\n"
            "generate   skipped: no commands configured (fresh.generate)\n"
            "commit     committed 44fc627a56 (4 files): chore(models): migrate error_tracking models to products app\n"
            "           not committed, left in the worktree: model_migration/\n"
            "\n"
            "Done: chore/models-migrations-error_tracking-fresh holds the migration of error_tracking on aa130e29c5 (master).\n"
            "Next: review it, then adopt it on the review branch: git checkout chore/models-migrations-error_tracking"
            " && git migrate-replace chore/models-migrations-error_tracking-fresh\n"
            "Script changes under model_migration/ go back to the baseline with: git migrate-fresh save-scripts error_tracking\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(sb.git("repo", {"log", "--format=%s", "master..HEAD"}), "chore(models): migrate error_tracking models to products app\n");
}

TEST_F(FreshResume, ARunKilledMidPhaseResumes) {
  // The shell's parent is the guardian of its process group; the command is
  // the guardian's parent.
  sb.git("repo", {"config", "migrate.fresh.validate", "echo about to die; kill -9 $(cut -d' ' -f4 /proc/$PPID/stat); sleep 5"});
  RunResult r = fresh({"--run", kRunScript, "--no-pause", "error_tracking"});
  EXPECT_EQ(r.exit_code, 128 + 9);
  r = fresh({"--status"});
  EXPECT_EQ(r.out,
            "error_tracking: chore/models-migrations-error_tracking-fresh\n"
            "  base      aa130e29c5 (master)\n"
            "  baseline  chore/model-migration-baseline at abda578c45\n"
            "  started   on master at aa130e29c5\n"
            "  run       git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved\n"
            "\n"
            "  branch     completed    2005-04-07 22:15:13 UTC\n"
            "             on chore/models-migrations-error_tracking-fresh at aa130e29c5 (master), index and worktree hold chore/model-migration-baseline (abda578c45)\n"
            "  configure  completed    2005-04-07 22:15:13 UTC\n"
            "             model_migration/migration_config.json: error_tracking is \"todo\", 2 others are \"skip\"\n"
            "  prepare    completed    2005-04-07 22:15:13 UTC\n"
            "             created products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
            "  run        completed    2005-04-07 22:15:13 UTC\n"
            "             1 command passed\n"
            "  validate   in_progress  2005-04-07 22:15:13 UTC\n"
            "  generate   pending\n"
            "  commit     pending\n"
            "\n"
            "The phase validate was interrupted; run it again with: git migrate-fresh --resume error_tracking\n");
  sb.git("repo", {"config", "migrate.fresh.validate", "echo fine"});
  r = fresh({"--resume"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "validate   $ echo fine    (git config migrate.fresh.validate)\n"
            "fine\n"
            "validate   1 command passed\n"
            "generate   skipped: no commands configured (fresh.generate)\n"
            "commit     committed 44fc627a56 (4 files): chore(models): migrate error_tracking models to products app\n"
            "           not committed, left in the worktree: model_migration/\n"
            "\n"
            "Done: chore/models-migrations-error_tracking-fresh holds the migration of error_tracking on aa130e29c5 (master).\n"
            "Next: review it, then adopt it on the review branch: git checkout chore/models-migrations-error_tracking"
            " && git migrate-replace chore/models-migrations-error_tracking-fresh\n"
            "Script changes under model_migration/ go back to the baseline with: git migrate-fresh save-scripts error_tracking\n");
}

TEST_F(FreshResume, AnInterruptIsRecordedAndResumable) {
  sb.git("repo", {"config", "migrate.fresh.validate", "kill -INT $(cut -d' ' -f4 /proc/$PPID/stat); sleep 5; echo not reached"});
  RunResult r = fresh({"--run", kRunScript, "--no-pause", "error_tracking"});
  EXPECT_EQ(r.exit_code, 130);
  EXPECT_EQ(r.err,
            "error: interrupted during phase validate\n"
            "continue with:\n"
            "  git migrate-fresh --resume error_tracking\n");
  r = fresh({"--status"});
  EXPECT_EQ(r.out,
            "error_tracking: chore/models-migrations-error_tracking-fresh\n"
            "  base      aa130e29c5 (master)\n"
            "  baseline  chore/model-migration-baseline at abda578c45\n"
            "  started   on master at aa130e29c5\n"
            "  run       git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved\n"
            "\n"
            "  branch     completed    2005-04-07 22:15:13 UTC\n"
            "             on chore/models-migrations-error_tracking-fresh at aa130e29c5 (master), index and worktree hold chore/model-migration-baseline (abda578c45)\n"
            "  configure  completed    2005-04-07 22:15:13 UTC\n"
            "             model_migration/migration_config.json: error_tracking is \"todo\", 2 others are \"skip\"\n"
            "  prepare    completed    2005-04-07 22:15:13 UTC\n"
            "             created products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
            "  run        completed    2005-04-07 22:15:13 UTC\n"
            "             1 command passed\n"
            "  validate   failed       2005-04-07 22:15:13 UTC\n"
            "             interrupted (signal 2)\n"
            "  generate   pending\n"
            "  commit     pending\n"
            "\n"
            "Next: git migrate-fresh --resume error_tracking (from validate)\n");
}

TEST_F(FreshResume, ACorruptStateIsAnErrorWithTheRecoveryCommand) {
  ASSERT_EQ(fresh({"--run", kRunScript, "error_tracking"}).exit_code, 0);
  sb.write_file("repo/.git/migrate/error_tracking.toml", "version = 1\nproduct = \"error_tracking\"\nbase = [\n");
  RunResult r = fresh({"--resume"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "error: the state of error_tracking cannot be read: .git/migrate/error_tracking.toml:3: Error while parsing array: encountered end-of-file\n"
            "  inspect it, or forget it (branches and worktree stay as they are) with: git migrate-fresh --reset error_tracking\n");
  r = fresh({"--status", "error_tracking"});
  EXPECT_EQ(r.exit_code, 1);
  r = fresh({"--reset"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "Forgot the state of error_tracking (.git/migrate/error_tracking.toml); branches and worktree are unchanged.\n");
}

}  // namespace
}  // namespace migrate::testing
