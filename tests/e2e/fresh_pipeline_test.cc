// git migrate-fresh: the whole pipeline with the built-in move and rewrite
// phases on a generated Django-like repository, paused after rewrite as by
// default, then resumed to the commit.
#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

constexpr const char* kToml =
    "main = \"master\"\n"
    "\n"
    "[fresh]\n"
    "settings_file = \"posthog/settings/web.py\"\n"
    "settings_list = \"PRODUCTS_APPS\"\n"
    "validate = [\"python3 manage.py migrate --plan\"]\n"
    "generate = [\"python3 manage.py makemigrations {product}\"]\n";

TEST(FreshPipeline, RunsEveryPhasePausesAfterRewriteAndCommitsTheMigration) {
  Sandbox sb;
  make_django_repo(sb, "repo", kToml);
  RunResult r = sb.migrate("fresh", {"error_tracking"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "Migrating error_tracking on 976fa269f0 (master), pinned for the whole run.\n"
            "branch     on chore/models-migrations-error_tracking-fresh at 976fa269f0 (master), index and worktree hold chore/model-migration-baseline (384be75048)\n"
            "configure  model_migration/migration_config.json: error_tracking is \"todo\", 2 others are \"skip\"\n"
            "prepare    created products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
            "           added \"products.error_tracking.backend.apps.ErrorTrackingConfig\" to PRODUCTS_APPS in posthog/settings/web.py\n"
            "move       moved 2 files\n"
            "rewrite    rewrote 3 of 20 Python files (5 parsed)\n"
            "\n"
            "Paused after rewrite. Review the changes (git status, git diff), fix what needs fixing, then continue with:\n"
            "  git migrate-fresh --resume error_tracking\n");
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}),
            "A  model_migration/migrate_models.py\n"
            "AM model_migration/migration_config.json\n"
            "A  model_migration/moves.toml\n"
            " M posthog/api/error_tracking.py\n"
            " M posthog/models/__init__.py\n"
            " M posthog/settings/web.py\n"
            " M posthog/tasks/email.py\n"
            "R  posthog/models/error_tracking/__init__.py -> products/error_tracking/backend/models/__init__.py\n"
            "R  posthog/models/error_tracking/error_tracking.py -> products/error_tracking/backend/models/error_tracking.py\n"
            "?? products/error_tracking/__init__.py\n"
            "?? products/error_tracking/backend/__init__.py\n"
            "?? products/error_tracking/backend/apps.py\n");
  EXPECT_EQ(sb.read_file("repo/posthog/api/error_tracking.py"),
            "from products.error_tracking.backend.models.error_tracking import (\n"
            "    ErrorTrackingGroup,\n"
            "    ErrorTrackingIssue,  # the issue\n"
            ")\n"
            "\n"
            "\n"
            "def issues():\n"
            "    return ErrorTrackingIssue.objects.all()\n");
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/email.py"),
            "import products.error_tracking.backend.models.error_tracking\n"
            "\n"
            "\n"
            "def send_discussions_mentioned(issue_id):\n"
            "    return products.error_tracking.backend.models.error_tracking.ErrorTrackingIssue.objects.get(id=issue_id)\n");
  EXPECT_EQ(sb.read_file("repo/posthog/models/__init__.py"),
            "from products.error_tracking.backend.models import ErrorTrackingGroup, ErrorTrackingIssue\n"
            "from posthog.models.team import Team\n"
            "\n"
            "__all__ = [\"ErrorTrackingGroup\", \"ErrorTrackingIssue\", \"Team\"]\n");

  r = sb.migrate("fresh", {"--resume"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "validate   $ python3 manage.py migrate --plan    (.git-migrate.toml:6)\n"
            "manage migrate --plan\n"
            "validate   1 command passed\n"
            "generate   $ python3 manage.py makemigrations error_tracking    (.git-migrate.toml:7)\n"
            "manage makemigrations error_tracking\n"
            "generate   1 command passed\n"
            "commit     committed 9078840632 (9 files): chore(models): migrate error_tracking models to products app\n"
            "           not committed, left in the worktree: model_migration/\n"
            "\n"
            "Done: chore/models-migrations-error_tracking-fresh holds the migration of error_tracking on 976fa269f0 (master).\n"
            "Next: review it, then adopt it on the review branch: git checkout chore/models-migrations-error_tracking"
            " && git migrate-replace chore/models-migrations-error_tracking-fresh\n"
            "Script changes under model_migration/ go back to the baseline with: git migrate-fresh save-scripts error_tracking\n");
  EXPECT_EQ(sb.git("repo", {"show", "--stat", "--format=%s%n%P", "HEAD"}),
            "chore(models): migrate error_tracking models to products app\n"
            "976fa269f08f14277670fc542f3876fc64301914\n"
            "\n"
            " posthog/api/error_tracking.py                                       | 2 +-\n"
            " posthog/models/__init__.py                                          | 2 +-\n"
            " posthog/settings/web.py                                             | 1 +\n"
            " posthog/tasks/email.py                                              | 4 ++--\n"
            " products/error_tracking/__init__.py                                 | 0\n"
            " products/error_tracking/backend/__init__.py                         | 0\n"
            " products/error_tracking/backend/apps.py                             | 6 ++++++\n"
            " .../error_tracking/backend/models}/__init__.py                      | 0\n"
            " .../error_tracking/backend/models}/error_tracking.py                | 0\n"
            " 9 files changed, 11 insertions(+), 4 deletions(-)\n");
  EXPECT_EQ(sb.rev_parse("repo", "HEAD~1"), sb.rev_parse("repo", "master"));
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}),
            "?? model_migration/migrate_models.py\n"
            "?? model_migration/migration_config.json\n"
            "?? model_migration/moves.toml\n");
}

// A package moved whole into the target folder brings its own __init__.py:
// prepare leaves that file to the move.
TEST(FreshPipeline, APackageMovedIntoTheTargetKeepsItsOwnInit) {
  Sandbox sb;
  make_django_repo(sb, "repo", "");
  sb.git("repo", {"checkout", "-q", "chore/model-migration-baseline"});
  sb.write_file("repo/model_migration/moves.toml",
                "product = \"error_tracking\"\n"
                "[[file_moves]]\n"
                "from = \"posthog/models/error_tracking/__init__.py\"\n"
                "to = \"products/error_tracking/backend/__init__.py\"\n"
                "[[file_moves]]\n"
                "from = \"posthog/models/error_tracking/error_tracking.py\"\n"
                "to = \"products/error_tracking/backend/error_tracking.py\"\n");
  sb.commit_all("repo", "moves into the target");
  sb.git("repo", {"checkout", "-q", "master"});
  const RunResult r = sb.migrate("fresh", {"--no-pause", "error_tracking"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:products/error_tracking/backend/__init__.py"}),
            "from .error_tracking import ErrorTrackingGroup, ErrorTrackingIssue\n");
  EXPECT_EQ(sb.git("repo", {"ls-tree", "-r", "--name-only", "HEAD", "products/error_tracking"}),
            "products/error_tracking/__init__.py\n"
            "products/error_tracking/backend/__init__.py\n"
            "products/error_tracking/backend/apps.py\n"
            "products/error_tracking/backend/error_tracking.py\n");
  EXPECT_EQ(sb.read_file("repo/posthog/models/__init__.py"),
            "from products.error_tracking.backend import ErrorTrackingGroup, ErrorTrackingIssue\n"
            "from posthog.models.team import Team\n"
            "\n"
            "__all__ = [\"ErrorTrackingGroup\", \"ErrorTrackingIssue\", \"Team\"]\n");
}

// Issue 10: module moves imply file moves. The moves file has only a module
// move; the package is moved by hand (git mv) while the run pauses after the
// move phase; the rewrite phase takes its files as moved from the old
// package, so its relative import reaching outside it is rewritten too.
TEST(FreshPipeline, ModuleOnlyMovesFileWithThePackageMovedByHand) {
  Sandbox sb;
  make_django_repo(sb, "repo", "");
  sb.git("repo", {"checkout", "-q", "master"});
  sb.write_file("repo/posthog/models/error_tracking/error_tracking.py",
                "from django.db import models\n"
                "\n"
                "from ..team import Team\n"
                "\n"
                "\n"
                "class ErrorTrackingGroup(models.Model):\n"
                "    team = models.ForeignKey(Team, on_delete=models.CASCADE)\n"
                "\n"
                "\n"
                "class ErrorTrackingIssue(models.Model):\n"
                "    group = models.ForeignKey(\"posthog.ErrorTrackingGroup\", on_delete=models.CASCADE)\n");
  sb.commit_all("repo", "a relative import");
  sb.git("repo", {"checkout", "-q", "chore/model-migration-baseline"});
  sb.git("repo", {"merge", "-q", "master"});
  sb.write_file("repo/model_migration/moves.toml",
                "product = \"error_tracking\"\n"
                "\n"
                "[module_moves]\n"
                "\"posthog.models.error_tracking\" = \"products.error_tracking.backend.models\"\n");
  sb.commit_all("repo", "module moves only");
  sb.git("repo", {"checkout", "-q", "master"});
  RunResult r = sb.migrate("fresh", {"error_tracking", "--pause-after", "move"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("move       moved 0 files\n"), std::string::npos) << r.out;
  sb.git("repo", {"mv", "posthog/models/error_tracking", "products/error_tracking/backend/models"});
  r = sb.migrate("fresh", {"--resume", "--no-pause"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1), "rewrite    rewrote 4 of 20 Python files (6 parsed)\n");
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:products/error_tracking/backend/models/error_tracking.py"}),
            "from django.db import models\n"
            "\n"
            "from posthog.models.team import Team\n"
            "\n"
            "\n"
            "class ErrorTrackingGroup(models.Model):\n"
            "    team = models.ForeignKey(Team, on_delete=models.CASCADE)\n"
            "\n"
            "\n"
            "class ErrorTrackingIssue(models.Model):\n"
            "    group = models.ForeignKey(\"posthog.ErrorTrackingGroup\", on_delete=models.CASCADE)\n");
  // The package's own relative import still resolves: byte for byte.
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:products/error_tracking/backend/models/__init__.py"}),
            "from .error_tracking import ErrorTrackingGroup, ErrorTrackingIssue\n");
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:posthog/api/error_tracking.py"}).substr(0, 67),
            "from products.error_tracking.backend.models.error_tracking import (");
  EXPECT_EQ(sb.git("repo", {"show", "--no-renames", "--name-status", "--format=", "HEAD", "--", "posthog/models/error_tracking",
                            "products/error_tracking/backend/models"}),
            "D\tposthog/models/error_tracking/__init__.py\n"
            "D\tposthog/models/error_tracking/error_tracking.py\n"
            "A\tproducts/error_tracking/backend/models/__init__.py\n"
            "A\tproducts/error_tracking/backend/models/error_tracking.py\n");
}

// Issue 10: a file left with a stale reference (here an import the grammar
// cannot parse) stops the pipeline at rewrite, before validate and commit,
// even with --no-pause; after a fix, --resume finishes the run.
TEST(FreshPipeline, StaleLeftoversStopBeforeCommitEvenWithoutPause) {
  Sandbox sb;
  make_django_repo(sb, "repo", kToml);
  for (const char* branch : {"chore/model-migration-baseline", "master"}) {
    sb.git("repo", {"checkout", "-q", branch});
    sb.write_file("repo/posthog/tasks/legacy.py", "from posthog.models.error_tracking import (ErrorTrackingIssue,\n");
    sb.commit_all("repo", "a file the grammar cannot parse");
  }
  const std::string master = sb.rev_parse("repo", "master");
  RunResult r = sb.migrate("fresh", {"error_tracking", "--no-pause"}, "repo");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "Migrating error_tracking on " + master.substr(0, 10) + " (master), pinned for the whole run.\n"
            "branch     on chore/models-migrations-error_tracking-fresh at " + master.substr(0, 10) +
            " (master), index and worktree hold chore/model-migration-baseline (" +
            sb.rev_parse("repo", "chore/model-migration-baseline").substr(0, 10) + ")\n"
            "configure  model_migration/migration_config.json: error_tracking is \"todo\", 2 others are \"skip\"\n"
            "prepare    created products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
            "           added \"products.error_tracking.backend.apps.ErrorTrackingConfig\" to PRODUCTS_APPS in posthog/settings/web.py\n"
            "move       moved 2 files\n");
  EXPECT_EQ(r.err,
            "error: phase rewrite failed: rewrote 3 of 21 Python files (6 parsed)\n"
            "1 file(s) may still refer to a moved module:\n"
            "  posthog/tasks/legacy.py:1: the grammar cannot parse this statement and it names a moved module\n"
            "rewrite them by hand (the other files are rewritten; rewriting again changes nothing)\n"
            "fix the problem, then continue with:\n"
            "  git migrate-fresh --resume error_tracking\n");
  // Nothing committed: the fresh branch is still at the pinned commit.
  EXPECT_EQ(sb.rev_parse("repo", "HEAD"), master);
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/legacy.py"),
            "from posthog.models.error_tracking import (ErrorTrackingIssue,\n");

  sb.write_file("repo/posthog/tasks/legacy.py", "from posthog.models.error_tracking import (ErrorTrackingIssue,)\n");
  r = sb.migrate("fresh", {"--resume", "--no-pause"}, "repo");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1), "rewrite    rewrote 1 of 21 Python files (5 parsed)\n");
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/legacy.py"),
            "from products.error_tracking.backend.models import (ErrorTrackingIssue,)\n");
  EXPECT_NE(sb.rev_parse("repo", "HEAD"), master);
}

}  // namespace
}  // namespace migrate::testing
