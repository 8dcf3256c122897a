// git migrate-fresh: the soft-reset trap, refusals that change nothing,
// --dry-run, --abort.
#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

constexpr const char* kToml =
    "[fresh]\n"
    "settings_file = \"posthog/settings/web.py\"\n"
    "settings_list = \"PRODUCTS_APPS\"\n";

// The team's own script in place of move and rewrite, so that these tests do
// not depend on the rewrite core.
constexpr const char* kRunScript =
    "git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved";

std::string without_backup_refs(const std::string& snapshot) {
  std::string out;
  std::size_t at = 0;
  while (at < snapshot.size()) {
    std::size_t nl = snapshot.find('\n', at);
    if (nl == std::string::npos) nl = snapshot.size();
    const std::string line = snapshot.substr(at, nl - at);
    if (line.rfind("refs/migrate/backup/", 0) != 0) out += line + "\n";
    at = nl + 1;
  }
  return out;
}

class FreshSafety : public ::testing::Test {
 protected:
  void SetUp() override { make_django_repo(sb, "repo", kToml); }
  RunResult fresh(const std::vector<std::string>& args) const { return sb.migrate("fresh", args, "repo"); }
  Sandbox sb;
};

TEST_F(FreshSafety, TheCommitNeverContainsTheToolingFolderAlthoughTheSoftResetStagedIt) {
  ASSERT_EQ(fresh({"--phase", "branch", "--run", kRunScript, "error_tracking"}).exit_code, 0);
  // Trap 1 of docs/workflow.md: after the soft reset model_migration/ is already in the
  // index, so the recipe's `git add -A ':(exclude)model_migration/'` keeps it.
  EXPECT_EQ(sb.git("repo", {"diff", "--cached", "--name-only"}),
            "model_migration/migrate_models.py\n"
            "model_migration/migration_config.json\n"
            "model_migration/moves.toml\n");
  sb.git("repo", {"add", "-A", ":(exclude)model_migration/"});
  EXPECT_EQ(sb.git("repo", {"diff", "--cached", "--name-only"}),
            "model_migration/migrate_models.py\n"
            "model_migration/migration_config.json\n"
            "model_migration/moves.toml\n");

  const RunResult r = fresh({"--resume", "--no-pause"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(sb.git("repo", {"ls-tree", "-r", "--name-only", "HEAD"}),
            ".git-migrate.toml\n"
            ".gitignore\n"
            "manage.py\n"
            "posthog/__init__.py\n"
            "posthog/api/__init__.py\n"
            "posthog/models/__init__.py\n"
            "posthog/models/error_tracking/__init__.py\n"
            "posthog/models/error_tracking/error_tracking.py\n"
            "posthog/models/team.py\n"
            "posthog/settings/__init__.py\n"
            "posthog/settings/base.py\n"
            "posthog/settings/web.py\n"
            "posthog/tasks/__init__.py\n"
            "posthog/tasks/email.py\n"
            "products/__init__.py\n"
            "products/error_tracking/__init__.py\n"
            "products/error_tracking/backend/__init__.py\n"
            "products/error_tracking/backend/api.py\n"
            "products/error_tracking/backend/apps.py\n"
            "products/tasks/__init__.py\n"
            "products/tasks/backend/__init__.py\n"
            "products/tasks/backend/apps.py\n");
  EXPECT_EQ(sb.git("repo", {"rev-parse", "HEAD~1"}), sb.git("repo", {"rev-parse", "master"}));
  // The folder stays in the worktree, untracked.
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}),
            "?? model_migration/migrate_models.py\n"
            "?? model_migration/migration_config.json\n"
            "?? model_migration/moves.toml\n");
}

// Each refusal exits 1, says what to do, and changes nothing.
struct RefusalCase {
  const char* name;
  void (*setup)(const Sandbox&);
  std::vector<std::string> args;
  const char* err;
};

TEST_F(FreshSafety, RefusalsChangeNothing) {
  const std::vector<RefusalCase> cases = {
      {"dirty worktree", [](const Sandbox& sb) { sb.write_file("repo/manage.py", "changed\n"); },
       {"error_tracking"},
       "error: the worktree has uncommitted changes:\n  manage.py\n"
       "  commit or stash them first (git stash push), then run again\n"},
      {"fresh branch exists", [](const Sandbox& sb) { sb.git("repo", {"branch", "chore/models-migrations-error_tracking-fresh"}); },
       {"error_tracking"},
       "error: the branch chore/models-migrations-error_tracking-fresh already exists\n"
       "  start over with --force (the old branch is kept as a backup ref)\n"
       "  or continue a run with `git migrate-fresh --resume error_tracking`\n"},
      {"no baseline", [](const Sandbox& sb) { sb.git("repo", {"branch", "-q", "-D", "chore/model-migration-baseline"}); },
       {"error_tracking"},
       "error: the baseline branch chore/model-migration-baseline does not exist\n"
       "  create it, or name yours with --baseline or `git config migrate.baseline <branch>`\n"},
      {"no tooling folder", [](const Sandbox&) {}, {"--baseline", "master", "error_tracking"},
       "error: the baseline master has no model_migration/ folder\n"
       "  commit the migration scripts there, or name the folder with `git config migrate.tooling <folder>`\n"},
      {"unknown base", [](const Sandbox&) {}, {"--base", "nope", "error_tracking"},
       "error: the base 'nope' is not a commit\n"
       "  fetch it, or name another with --base or `git config migrate.main <branch>`\n"},
      {"untracked file in the way", [](const Sandbox& sb) { sb.write_file("repo/model_migration/moves.toml", "mine\n"); },
       {"error_tracking"},
       "error: untracked files would be overwritten by the baseline's content:\n  model_migration/moves.toml\n"
       "  move or remove them, then run again\n"},
      {"merge in progress", [](const Sandbox& sb) {
         sb.write_file("repo/.git/MERGE_HEAD", sb.rev_parse("repo", "chore/model-migration-baseline") + "\n");
       },
       {"error_tracking"},
       "error: a merge is in progress\n  finish it, or stop it with `git merge --abort`, then run again\n"},
      {"no moves file", [](const Sandbox&) {}, {"--moves", "model_migration/none.toml", "error_tracking"},
       "error: the baseline has no moves file model_migration/none.toml\n"
       "  write one with `git migrate-fresh scan --from <folder> --to products/error_tracking/backend -o model_migration/none.toml` and commit it to the baseline\n"
       "  or run the team's own script instead of the move and rewrite phases: --run <command>\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Sandbox local;
    make_django_repo(local, "repo", kToml);
    c.setup(local);
    const std::string before = local.snapshot("repo");
    const RunResult r = local.migrate("fresh", c.args, "repo");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(local.snapshot("repo"), before);
    EXPECT_FALSE(local.exists("repo/.git/migrate/error_tracking.toml"));
  }
}

TEST_F(FreshSafety, UsageErrorsExitTwo) {
  RunResult r = fresh({"Error-Tracking"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: 'Error-Tracking' is not a product name (letters, digits and '_', as in a Python module)\n");
  r = fresh({"error\033[31m"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: 'error\\033[31m' is not a product name (letters, digits and '_', as in a Python module)\n");
  r = fresh({"--pause-after", "lunch", "error_tracking"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: no phase 'lunch' to pause after (phases: branch, configure, prepare, move, rewrite, run, validate, generate, commit; or none)\n");
  r = fresh({"--bogus"});
  EXPECT_EQ(r.exit_code, 2);
  r = fresh({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: name the product to migrate: git migrate-fresh [options] <product>\n");
}

TEST_F(FreshSafety, DryRunPrintsThePlanAndWritesNothing) {
  const std::string before = sb.snapshot("repo");
  const RunResult r = fresh({"-n", "error_tracking"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "Plan for error_tracking (dry run: nothing is written)\n"
            "  base      e5f7dc763d (master)\n"
            "  baseline  chore/model-migration-baseline at 48b0a8ef2d\n"
            "  branch    chore/models-migrations-error_tracking-fresh\n"
            "  start     master\n"
            "\n"
            "branch     create chore/models-migrations-error_tracking-fresh at chore/model-migration-baseline (48b0a8ef2d), check it out, soft reset it to e5f7dc763d (master)\n"
            "configure  set error_tracking to \"todo\" and every other entry to \"skip\" in model_migration/migration_config.json (if present)\n"
            "prepare    create products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
            "           add \"products.error_tracking.backend.apps.ErrorTrackingConfig\" to PRODUCTS_APPS in posthog/settings/web.py\n"
            "move       move the files of model_migration/moves.toml (git mv)\n"
            "rewrite    rewrite imports of the moved modules (model_migration/moves.toml)\n"
            "-- pause --\n"
            "validate   skipped: no commands configured (fresh.validate)\n"
            "generate   skipped: no commands configured (fresh.generate)\n"
            "commit     commit everything except model_migration/: \"chore(models): migrate error_tracking models to products app\"\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
  EXPECT_FALSE(sb.exists("repo/.git/migrate"));
}

TEST_F(FreshSafety, AbortRestoresTheStartingBranchAndWorktreeAndKeepsTheWork) {
  sb.write_file("repo/notes.txt", "my own untracked notes\n");
  const std::string before = sb.snapshot("repo");
  RunResult r = fresh({"--run", kRunScript, "error_tracking"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A hand edit during the pause.
  sb.write_file("repo/products/error_tracking/backend/api.py", "# fixed by hand\n");
  r = fresh({"--abort"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "Aborted the run of error_tracking: back on master.\n"
            "deleted chore/models-migrations-error_tracking-fresh; its last state, worktree included, is kept as "
            "refs/migrate/backup/chore/models-migrations-error_tracking-fresh/1\n"
            "restore it with: git branch chore/models-migrations-error_tracking-fresh "
            "refs/migrate/backup/chore/models-migrations-error_tracking-fresh/1\n");
  EXPECT_EQ(without_backup_refs(sb.snapshot("repo")), before);
  EXPECT_FALSE(sb.exists("repo/.git/migrate/error_tracking.toml"));
  // The backup holds the fresh branch's worktree, hand edit and tooling folder included.
  EXPECT_EQ(sb.git("repo", {"show", "refs/migrate/backup/chore/models-migrations-error_tracking-fresh/1:products/error_tracking/backend/api.py"}),
            "# fixed by hand\n");
  EXPECT_EQ(sb.git("repo", {"ls-tree", "--name-only", "refs/migrate/backup/chore/models-migrations-error_tracking-fresh/1", "model_migration/"}),
            "model_migration/migrate_models.py\nmodel_migration/migration_config.json\nmodel_migration/moves.toml\n");
}

}  // namespace
}  // namespace migrate::testing
