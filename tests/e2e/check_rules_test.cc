// git-migrate-check: each rule, positive and negative, on the stories of docs/workflow.md
// (Step 3, "LibCST Script Bugs", "Accidentally Committed Files", "Common
// Mistakes to Avoid", "Debugging Checklist"). Whole outputs are compared.
#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

class CheckRules : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.write_file("r/README.md", "posthog\n");
    sb.write_file("r/posthog/__init__.py", "");
    sb.write_file("r/posthog/tasks/__init__.py", "");
    sb.write_file("r/posthog/tasks/email.py", email_py(true, false));
    base = sb.commit_all("r", "master");
    sb.git("r", {"checkout", "-q", "-b", "chore/models-migrations-error_tracking"});
  }

  RunResult check(const std::vector<std::string>& args = {}) const { return sb.migrate("check", args, "r"); }

  Sandbox sb;
  std::string base;
};

// --- 1. excluded-path ------------------------------------------------------

TEST_F(CheckRules, ExcludedPathSoftResetTrapCommitsTheToolingFolder) {
  sb.write_file("r/model_migration/migrate_models.py", "print('migrate')\n");
  sb.write_file("r/model_migration/migration_config.json", "{\"migrations\": []}\n");
  sb.write_file("r/products/error_tracking/backend/__init__.py", "");
  const std::string c = sb.commit_all("r", "chore(models): migrate error_tracking models to products app");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "model_migration/migrate_models.py\n"
            "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(c) + ")\n"
            "model_migration/migration_config.json\n"
            "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(c) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckRules, ExcludedPathRemovedLaterStillInThePushedHistory) {
  sb.write_file("r/model_migration/migrate_models.py", "print('migrate')\n");
  const std::string c1 = sb.commit_all("r", "migrate");
  sb.git("r", {"rm", "-q", "-r", "model_migration"});
  sb.commit_all("r", "remove model_migration");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "model_migration/migrate_models.py\n"
            "  error: added or changed under the excluded folder model_migration/ (removed again later, but it "
            "stays in the pushed history) [excluded-path] (" + short_id(c1) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 2 commits (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckRules, ExcludedPathPresentInFinalTreeAndConfiguredFolders) {
  // A folder that is excluded by configuration only; the default one is not.
  sb.write_file("r/tools/run.sh", "echo\n");
  sb.write_file("r/model_migration/notes.md", "notes\n");
  const std::string c = sb.commit_all("r", "tools");
  RunResult r = check({"--exclude", "tools/"});
  EXPECT_EQ(r.out,
            "tools/run.sh\n"
            "  error: added or changed under the excluded folder tools/ [excluded-path] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckRules, CleanBranchHasNoProblems) {
  sb.write_file("r/products/error_tracking/backend/__init__.py", "");
  sb.write_file("r/posthog/tasks/email.py", email_py(true, true));
  sb.commit_all("r", "chore(models): migrate error_tracking");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

// --- 2. artifact -----------------------------------------------------------

class CheckArtifacts : public CheckRules {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.write_file("r/products/error_tracking/backend/migrations/__init__.py", "");
    sb.write_file("r/products/error_tracking/backend/migrations/0001_initial.py", "class Migration:\n    pass\n");
    sb.write_file("r/products/error_tracking/backend/migrations/max_migration.txt", "0001_initial\n");
    base = sb.commit_all("r", "master");
    sb.git("r", {"checkout", "-q", "-b", "feature"});
  }
  const std::string dir = "r/products/error_tracking/backend/migrations/";
  // A second migration as makemigrations writes it: after 0001 (the
  // migration-graph rules would otherwise see two leaves).
  const std::string second = "class Migration:\n    dependencies = [(\"backend\", \"0001_initial\")]\n";
};

TEST_F(CheckArtifacts, TestMigrationAndStrayFileCommitted) {
  sb.write_file(dir + "0002_test_migration_field.py", second);
  sb.write_file(dir + "max_migration.txt", "0002_test_migration_field\n");
  sb.write_file("r/compare_ci_jobs.py", "print(1)\n");
  const std::string c = sb.commit_all("r", "validate");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "compare_ci_jobs.py\n"
            "  error: added file matches the artifact pattern (^|/)compare_ci_jobs\\.py$; remove it from the "
            "branch (git rm, then amend) [artifact] (" + short_id(c) + ")\n"
            "products/error_tracking/backend/migrations/0002_test_migration_field.py\n"
            "  error: added file matches the artifact pattern (^|/)migrations/0[^/]*_test[^/]*\\.py$; remove it "
            "from the branch (git rm, then amend) [artifact] (" + short_id(c) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckArtifacts, NewMigrationUpdatingMaxMigrationIsLegitimate) {
  sb.write_file(dir + "0002_add_assignee.py", second);
  sb.write_file(dir + "max_migration.txt", "0002_add_assignee\n");
  sb.commit_all("r", "add assignee");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckArtifacts, MaxMigrationLeftNamingARevertedTestMigration) {
  sb.write_file(dir + "0002_test_migration_field.py", second);
  sb.write_file(dir + "max_migration.txt", "0002_test_migration_field\n");
  const std::string c1 = sb.commit_all("r", "test migration");
  sb.remove(dir + "0002_test_migration_field.py");
  sb.commit_all("r", "revert the test migration, forget max_migration.txt");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "products/error_tracking/backend/migrations/max_migration.txt\n"
            "  1: error: names 0002_test_migration_field, which is not a migration of this app, but the latest "
            "migration is 0001_initial; restore it (git checkout <base> -- "
            "products/error_tracking/backend/migrations/max_migration.txt) [artifact] (" + short_id(c1) + ")\n"
            // The migration-graph rule reports the file's content too (both can be configured apart).
            "  1: error: max_migration.txt of app 'backend' names '0002_test_migration_field', which is not a "
            "migration of the app [dj-max-migration] (" + short_id(c1) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 2 commits (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckArtifacts, PatternsFromConfigReplaceTheDefaults) {
  sb.write_file(dir + "0002_test_migration_field.py", second);
  sb.write_file(dir + "max_migration.txt", "0002_test_migration_field\n");
  sb.write_file("r/scratch.txt", "x\n");
  const std::string c = sb.commit_all("r", "scratch");
  sb.git("r", {"config", "--add", "migrate.check.artifactPatterns", "^scratch\\.txt$"});
  RunResult r = check();
  EXPECT_EQ(r.out,
            "scratch.txt\n"
            "  error: added file matches the artifact pattern ^scratch\\.txt$; remove it from the branch "
            "(git rm, then amend) [artifact] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

// --- 3. large-deletion -----------------------------------------------------

TEST_F(CheckRules, LargeDeletionsLargestFirstAndThreshold) {
  sb.write_file("r/docs/a.txt", numbered_lines(100));
  sb.write_file("r/docs/b.txt", numbered_lines(100));
  sb.write_file("r/docs/c.txt", numbered_lines(100));
  sb.git("r", {"checkout", "-q", "master"});
  sb.commit_all("r", "docs");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"reset", "-q", "--hard", "master"});
  sb.write_file("r/docs/a.txt", numbered_lines(40));                       // loses 60
  sb.write_file("r/docs/b.txt", numbered_lines(20));                       // loses 80
  sb.write_file("r/docs/c.txt", numbered_lines(50));                       // loses 50: not more than 50
  sb.commit_all("r", "shrink");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "docs/b.txt\n"
            "  warning: loses 80 lines (80 removed, 0 added); check that no code was removed by mistake "
            "[large-deletion]\n"
            "docs/a.txt\n"
            "  warning: loses 60 lines (60 removed, 0 added); check that no code was removed by mistake "
            "[large-deletion]\n"
            "\n"
            "0 errors, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
  RunResult t = check({"--deletion-threshold", "70"});
  EXPECT_EQ(t.out,
            "docs/b.txt\n"
            "  warning: loses 80 lines (80 removed, 0 added); check that no code was removed by mistake "
            "[large-deletion]\n"
            "\n"
            "0 errors, 1 warning, 0 infos in 1 commit (master..HEAD)\n");
}

// --- 4. vanished-definition ------------------------------------------------

TEST_F(CheckRules, FunctionRemovedByABadImportRewrite) {
  sb.write_file("r/posthog/tasks/email.py", email_py(true, true));
  sb.commit_all("r", "rewrite imports");
  sb.write_file("r/posthog/tasks/email.py", email_py(false, true));  // LibCST ate 48 lines
  const std::string bad = sb.commit_all("r", "Merge fresh");
  sb.write_file("r/products/error_tracking/backend/__init__.py", "");
  sb.commit_all("r", "later work");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/tasks/email.py\n"
            "  10: error: function send_discussions_mentioned (was at posthog/tasks/email.py:10) is defined "
            "nowhere at the end of the range [vanished-definition] (" + short_id(bad) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 3 commits (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckRules, Step3MergeOfTheFreshBranchBlamesTheFreshCommit) {
  // Step 3: the fresh branch (script output with the LibCST bug and the
  // tooling folder) is merged into the review branch, and the merge is
  // amended to drop model_migration/. The merge takes the fresh side's
  // files, so the commits that introduced the problems are the fresh one.
  sb.write_file("r/products/error_tracking/backend/__init__.py", "");
  sb.commit_all("r", "review work");
  sb.git("r", {"checkout", "-q", "-b", "chore/models-migrations-error_tracking-fresh", "master"});
  sb.write_file("r/posthog/tasks/email.py", email_py(false, true));
  sb.write_file("r/model_migration/migrate_models.py", "print('migrate')\n");
  const std::string fresh = sb.commit_all("r", "chore(models): migrate error_tracking models to products app");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"merge", "-q", "--no-edit", "chore/models-migrations-error_tracking-fresh"});
  sb.git("r", {"rm", "-q", "-r", "model_migration"});
  sb.git("r", {"commit", "-q", "--amend", "--no-edit"});
  RunResult r = check();
  EXPECT_EQ(r.out,
            "model_migration/migrate_models.py\n"
            "  error: added or changed under the excluded folder model_migration/ (removed again later, but it "
            "stays in the pushed history) [excluded-path] (" + short_id(fresh) + ")\n"
            "posthog/tasks/email.py\n"
            "  10: error: function send_discussions_mentioned (was at posthog/tasks/email.py:10) is defined "
            "nowhere at the end of the range [vanished-definition] (" + short_id(fresh) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 3 commits (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckRules, FixtureAndEnumMemberRemoved) {
  sb.git("r", {"checkout", "-q", "master"});
  sb.write_file("r/posthog/conftest.py",
                "import pytest\n\n\ndef pytest_sessionstart(session):\n    session.config.cache.set(\"x\", 1)\n"
                "\n\n@pytest.fixture\ndef team():\n    return 1\n");
  sb.write_file("r/posthog/models/notification_type.py",
                "from enum import Enum\n\n\nclass NotificationType(str, Enum):\n"
                "    ISSUE_ASSIGNED = \"issue_assigned\"\n"
                "    DISCUSSIONS_MENTIONED = \"discussions_mentioned\"\n"
                "    WEEKLY_DIGEST = \"weekly_digest\"\n");
  sb.commit_all("r", "master work");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"reset", "-q", "--hard", "master"});
  sb.write_file("r/posthog/conftest.py", "import pytest\n\n\n@pytest.fixture\ndef team():\n    return 1\n");
  sb.write_file("r/posthog/models/notification_type.py",
                "from enum import Enum\n\n\nclass NotificationType(str, Enum):\n"
                "    ISSUE_ASSIGNED = \"issue_assigned\"\n"
                "    WEEKLY_DIGEST = \"weekly_digest\"\n");
  const std::string c = sb.commit_all("r", "migrate");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/conftest.py\n"
            "  4: error: function pytest_sessionstart (was at posthog/conftest.py:4) is defined nowhere at the "
            "end of the range [vanished-definition] (" + short_id(c) + ")\n"
            "posthog/models/notification_type.py\n"
            "  6: error: assignment NotificationType.DISCUSSIONS_MENTIONED (was at "
            "posthog/models/notification_type.py:6) is defined nowhere at the end of the range "
            "[vanished-definition] (" + short_id(c) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckRules, MovedDefinitionsAreNotReported) {
  sb.git("r", {"checkout", "-q", "master"});
  sb.write_file("r/posthog/api/error_tracking.py",
                "class ErrorTrackingIssueViewSet:\n    def assign(self):\n        return 1\n\n\n"
                "def serialize_issue(issue):\n    return issue\n");
  sb.write_file("r/posthog/api/insight.py",
                "def list_insights():\n    return []\n\n\ndef keep():\n    return 1\n\n\nclass Query:\n    pass\n");
  // Already defined in a file the range leaves unchanged.
  sb.write_file("r/posthog/api/dashboards.py", "def list_insights():\n    return []\n");
  sb.commit_all("r", "api");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"reset", "-q", "--hard", "master"});
  // A file moved whole (a rename), a class moved to a new file, and a
  // function whose other definition stays in an unchanged file.
  sb.write_file("r/products/error_tracking/backend/api/__init__.py", "");
  sb.git("r", {"mv", "posthog/api/error_tracking.py", "products/error_tracking/backend/api/error_tracking.py"});
  sb.write_file("r/posthog/api/insight.py", "def keep():\n    return 1\n");
  sb.write_file("r/products/insights/backend/query.py", "class Query:\n    pass\n");
  sb.commit_all("r", "move api");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckRules, SameNamedMemberOfAnotherClassIsNotAMove) {
  sb.git("r", {"checkout", "-q", "master"});
  sb.write_file("r/posthog/models/alert.py",
                "class Alert:\n    THRESHOLD = 1\n    name = \"alert\"\n");
  sb.write_file("r/posthog/models/notification_type.py",
                "class NotificationType:\n    ISSUE_ASSIGNED = 1\n    DISCUSSIONS_MENTIONED = 2\n");
  sb.commit_all("r", "models");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"reset", "-q", "--hard", "master"});
  sb.write_file("r/posthog/models/alert.py", "class Alert:\n    name = \"alert\"\n");
  sb.write_file("r/products/alerts/backend/models.py", "class Insight:\n    THRESHOLD = 1\n");
  // The enum moved to another file but lost a member on the way.
  sb.remove("r/posthog/models/notification_type.py");
  sb.write_file("r/products/error_tracking/backend/notification_type.py",
                "import enum\n\n\nclass NotificationType:\n    ISSUE_ASSIGNED = 1\n");
  const std::string c = sb.commit_all("r", "migrate");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/models/alert.py\n"
            "  2: error: assignment Alert.THRESHOLD (was at posthog/models/alert.py:2) is defined nowhere at the "
            "end of the range [vanished-definition] (" + short_id(c) + ")\n"
            "posthog/models/notification_type.py\n"
            "  3: error: assignment NotificationType.DISCUSSIONS_MENTIONED (was at "
            "posthog/models/notification_type.py:3) is defined nowhere at the end of the range "
            "[vanished-definition] (" + short_id(c) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckRules, MemberReNestedByAnInsertedClassLine) {
  sb.git("r", {"checkout", "-q", "master"});
  sb.write_file("r/posthog/models/alert.py", "class Alert:\n    THRESHOLD = 1\n    LIMIT = 2\n");
  sb.commit_all("r", "models");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"reset", "-q", "--hard", "master"});
  // Nothing deleted, one line inserted: LIMIT now belongs to another class.
  sb.write_file("r/posthog/models/alert.py", "class Alert:\n    THRESHOLD = 1\nclass Limits:\n    LIMIT = 2\n");
  const std::string c = sb.commit_all("r", "oops");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/models/alert.py\n"
            "  3: error: assignment Alert.LIMIT (was at posthog/models/alert.py:3) is defined nowhere at the end of "
            "the range [vanished-definition] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

TEST_F(CheckRules, RemovedClassIsReportedOnceNotPerMember) {
  sb.git("r", {"checkout", "-q", "master"});
  sb.write_file("r/posthog/models/alert.py",
                "class Alert:\n    THRESHOLD = 1\n\n    def check(self):\n        return 1\n\n\nclass Keep:\n    pass\n");
  sb.commit_all("r", "models");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"reset", "-q", "--hard", "master"});
  sb.write_file("r/posthog/models/alert.py", "class Keep:\n    pass\n");
  const std::string c = sb.commit_all("r", "oops");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/models/alert.py\n"
            "  1: error: class Alert (was at posthog/models/alert.py:1) is defined nowhere at the end of the "
            "range [vanished-definition] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

// --- 6. django-appconfig-name ----------------------------------------------

TEST_F(CheckRules, AppConfigNamedByTitle) {
  sb.write_file("r/products/error_tracking/backend/apps.py",
                "from django.apps import AppConfig\n\n\nclass Error_TrackingConfig(AppConfig):\n"
                "    name = \"products.error_tracking.backend\"\n    label = \"error_tracking\"\n");
  sb.write_file("r/posthog/settings/web.py",
                "PRODUCTS_APPS = [\n    \"products.error_tracking.backend.apps.Error_TrackingConfig\",\n]\n");
  sb.commit_all("r", "apps");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/settings/web.py\n"
            "  2: warning: names the AppConfig class Error_TrackingConfig; the class should be "
            "ErrorTrackingConfig (PascalCase, no underscores) [django-appconfig-name]\n"
            "products/error_tracking/backend/apps.py\n"
            "  4: warning: AppConfig class Error_TrackingConfig of app error_tracking should be named "
            "ErrorTrackingConfig (PascalCase, no underscores) [django-appconfig-name]\n"
            "\n"
            "0 errors, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckRules, AppConfigNamesThatAreFine) {
  sb.write_file("r/products/error_tracking/backend/apps.py",
                "from django.apps import AppConfig\n\n\nclass ErrorTrackingConfig(AppConfig):\n"
                "    name = \"products.error_tracking.backend\"\n");
  sb.write_file("r/posthog/apps.py",
                "from django import apps\n\n\nclass PostHogConfig(apps.AppConfig):\n    name = \"posthog\"\n");
  sb.write_file("r/posthog/settings/web.py",
                "PRODUCTS_APPS = [\"products.error_tracking.backend.apps.ErrorTrackingConfig\"]\n");
  sb.commit_all("r", "apps");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
}

// --- 7. django-fk-unqualified ----------------------------------------------

TEST_F(CheckRules, ForeignKeysWithoutAppLabel) {
  sb.write_file("r/products/error_tracking/backend/models.py",
                "from django.db import models\n"
                "\n"
                "\n"
                "class ErrorTrackingIssueAssignment(models.Model):\n"
                "    user = models.ForeignKey(\n"
                "        \"User\",\n"
                "        on_delete=models.CASCADE,\n"
                "    )\n"
                "    role = models.ForeignKey(\"ee.Role\", on_delete=models.CASCADE)\n"
                "    parent = models.ForeignKey(\"self\", null=True, on_delete=models.CASCADE)\n"
                "    teams = models.ManyToManyField(to=\"Team\")\n"
                "    team = models.OneToOneField(\"posthog.Team\", on_delete=models.CASCADE)\n");
  sb.write_file("r/posthog/tasks/other.py", "x = ForeignKey(\"User\")\n");  // not a models file
  sb.commit_all("r", "models");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "products/error_tracking/backend/models.py\n"
            "  6: warning: ForeignKey target \"User\" has no app label; Django resolves it against the declaring "
            "app, which breaks when models move: write \"<app_label>.User\" [django-fk-unqualified]\n"
            "  11: warning: ManyToManyField target \"Team\" has no app label; Django resolves it against the "
            "declaring app, which breaks when models move: write \"<app_label>.Team\" [django-fk-unqualified]\n"
            "\n"
            "0 errors, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

// --- 8. django-stale-export ------------------------------------------------

class CheckStaleExport : public CheckRules {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.write_file("r/posthog/__init__.py", "");
    sb.write_file("r/posthog/models/__init__.py",
                  "from .error_tracking import ErrorTrackingIssue\nfrom .team import Team\n\n"
                  "__all__ = [\"ErrorTrackingIssue\", \"Team\"]\n");
    sb.write_file("r/posthog/models/error_tracking.py",
                  "from django.db import models\n\n\nclass ErrorTrackingIssue(models.Model):\n    pass\n");
    sb.write_file("r/posthog/models/team.py",
                  "from django.db import models\n\n\nclass Team(models.Model):\n    pass\n");
    base = sb.commit_all("r", "master");
    sb.git("r", {"checkout", "-q", "-b", "feature"});
    sb.write_file("r/products/error_tracking/backend/__init__.py", "");
    sb.git("r", {"mv", "posthog/models/error_tracking.py", "products/error_tracking/backend/models.py"});
  }
};

TEST_F(CheckStaleExport, MovedModelStillExported) {
  sb.commit_all("r", "move");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/models/__init__.py\n"
            "  1: warning: imports ErrorTrackingIssue from posthog.models.error_tracking, but the model moved to "
            "products/error_tracking/backend/models.py:4; remove the export from posthog/models/__init__.py "
            "[django-stale-export]\n"
            "  4: warning: lists ErrorTrackingIssue in __all__, but the model moved to "
            "products/error_tracking/backend/models.py:4; remove the export from posthog/models/__init__.py "
            "[django-stale-export]\n"
            "\n"
            "0 errors, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

// The moved file also gained lines above the model (its imports rewritten):
// the new line is the model's line in the new file.
TEST_F(CheckStaleExport, MovedAndEditedModelNamesItsNewLine) {
  const std::string body =
      "class ErrorTrackingIssue(models.Model):\n"
      "    name = models.CharField(max_length=400, blank=True)\n"
      "    created_at = models.DateTimeField(auto_now_add=True)\n"
      "    description = models.TextField(blank=True, default=\"\")\n";
  sb.git("r", {"reset", "-q", "--hard"});
  sb.git("r", {"checkout", "-q", "master"});
  sb.write_file("r/posthog/models/error_tracking.py", "from django.db import models\n\n\n" + body);
  sb.commit_all("r", "longer model");
  sb.git("r", {"checkout", "-q", "-B", "feature"});
  sb.write_file("r/products/error_tracking/backend/__init__.py", "");
  sb.git("r", {"mv", "posthog/models/error_tracking.py", "products/error_tracking/backend/models.py"});
  sb.write_file("r/products/error_tracking/backend/models.py",
                "from django.db import models\nfrom products.error_tracking.backend import signals\n"
                "from products.error_tracking.backend import tasks\n\n\n" + body);
  sb.commit_all("r", "move");
  ASSERT_EQ(sb.git("r", {"diff", "--name-status", "-M", "master", "HEAD"}),
            "R070\tposthog/models/error_tracking.py\tproducts/error_tracking/backend/models.py\n");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/models/__init__.py\n"
            "  1: warning: imports ErrorTrackingIssue from posthog.models.error_tracking, but the model moved to "
            "products/error_tracking/backend/models.py:6; remove the export from posthog/models/__init__.py "
            "[django-stale-export]\n"
            "  4: warning: lists ErrorTrackingIssue in __all__, but the model moved to "
            "products/error_tracking/backend/models.py:6; remove the export from posthog/models/__init__.py "
            "[django-stale-export]\n"
            "\n"
            "0 errors, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

TEST_F(CheckStaleExport, ReExportFromTheNewPlaceIsFine) {
  sb.write_file("r/posthog/models/__init__.py",
                "from products.error_tracking.backend.models import ErrorTrackingIssue\nfrom .team import Team\n\n"
                "__all__ = [\"ErrorTrackingIssue\", \"Team\"]\n");
  sb.commit_all("r", "move");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
}

}  // namespace
}  // namespace migrate::testing::check
