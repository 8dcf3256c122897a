// Issue 13, item 3: the fresh pipeline's own result passes git migrate-check.
// A Django app moved whole (apps.py without `label`, migrations importing the
// app's models) keeps its app label, so its applied migrations are not
// renamed; and a migration whose only change is the import rewrite of the
// move is not an edited applied migration, while a real edit still is.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/e2e/fresh_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing {
namespace {

constexpr const char* kAppsPy =
    "from django.apps import AppConfig\n"
    "\n"
    "\n"
    "class BillingConfig(AppConfig):\n"
    "    default_auto_field = \"django.db.models.BigAutoField\"\n"
    "    name = \"app.billing\"\n";

constexpr const char* kInitial =
    "import app.billing.models\n"
    "from django.db import migrations, models\n"
    "\n"
    "\n"
    "class Migration(migrations.Migration):\n"
    "    initial = True\n"
    "\n"
    "    dependencies = []\n"
    "\n"
    "    operations = [\n"
    "        migrations.CreateModel(\n"
    "            name=\"Invoice\",\n"
    "            fields=[\n"
    "                (\"id\", models.AutoField(primary_key=True)),\n"
    "                (\"amount\", models.IntegerField(default=app.billing.models.default_amount)),\n"
    "            ],\n"
    "        ),\n"
    "    ]\n";

constexpr const char* kSecond =
    "from django.db import migrations, models\n"
    "\n"
    "\n"
    "class Migration(migrations.Migration):\n"
    "    dependencies = [(\"billing\", \"0001_initial\")]\n"
    "\n"
    "    operations = [\n"
    "        migrations.AddField(model_name=\"invoice\", name=\"note\", field=models.TextField(default=\"\")),\n"
    "    ]\n";

constexpr const char* kShopMigration =
    "from django.db import migrations\n"
    "\n"
    "\n"
    "class Migration(migrations.Migration):\n"
    "    dependencies = [(\"billing\", \"0002_invoice_note\")]\n"
    "\n"
    "    operations = []\n";

constexpr const char* kSettings =
    "INSTALLED_APPS = [\n"
    "    \"django.contrib.auth\",\n"
    "    \"app.shop\",\n"
    "    \"app.billing.apps.BillingConfig\",\n"
    "]\n"
    "\n"
    "PRODUCTS_APPS = [\n"
    "    \"products.tasks.backend.apps.TasksConfig\",\n"
    "]\n";

const std::vector<std::string> kAppFiles = {"__init__.py",           "apps.py",
                                            "models.py",             "migrations/__init__.py",
                                            "migrations/0001_initial.py", "migrations/0002_invoice_note.py"};

// master: the billing app under app/ with its migrations and a shop app
// depending on them; the baseline adds model_migration/ with a moves file
// moving the whole app to products/billing/backend.
void make_app_repo(const Sandbox& sb, const std::string& repo) {
  sb.init_repo(repo, "master");
  auto w = [&](const std::string& rel, const std::string& content) { sb.write_file(repo + "/" + rel, content); };
  w(".git-migrate.toml",
    "main = \"master\"\n\n[fresh]\nsettings_file = \"settings/web.py\"\nsettings_list = \"PRODUCTS_APPS\"\n");
  w("app/__init__.py", "");
  w("app/billing/__init__.py", "");
  w("app/billing/apps.py", kAppsPy);
  w("app/billing/models.py",
    "from django.db import models\n\n\ndef default_amount():\n    return 0\n\n\n"
    "class Invoice(models.Model):\n    amount = models.IntegerField(default=default_amount)\n");
  w("app/billing/migrations/__init__.py", "");
  w("app/billing/migrations/0001_initial.py", kInitial);
  w("app/billing/migrations/0002_invoice_note.py", kSecond);
  w("app/shop/__init__.py", "");
  w("app/shop/migrations/__init__.py", "");
  w("app/shop/migrations/0001_initial.py", kShopMigration);
  w("settings/__init__.py", "");
  w("settings/web.py", kSettings);
  sb.commit_all(repo, "initial");
  sb.git(repo, {"checkout", "-q", "-b", "chore/model-migration-baseline"});
  std::string moves = "product = \"billing\"\n";
  for (const auto& f : kAppFiles)
    moves += "\n[[file_moves]]\nfrom = \"app/billing/" + f + "\"\nto = \"products/billing/backend/" + f + "\"\n";
  w("model_migration/moves.toml", moves);
  sb.commit_all(repo, "feat(migration): add the scripts");
  sb.git(repo, {"checkout", "-q", "master"});
}

TEST(FreshOwnCheck, TheDryRunPlanSaysWhatTheRunWrites) {
  Sandbox sb;
  make_app_repo(sb, "repo");
  const RunResult r = sb.migrate("fresh", {"-n", "--no-pause", "billing"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string base = sb.rev_parse("repo", "master").substr(0, 10);
  const std::string baseline = sb.rev_parse("repo", "chore/model-migration-baseline").substr(0, 10);
  EXPECT_EQ(r.out,
            "Plan for billing (dry run: nothing is written)\n"
            "  base      " + base + " (master)\n"
            "  baseline  chore/model-migration-baseline at " + baseline + "\n"
            "  branch    chore/models-migrations-billing-fresh\n"
            "  start     master\n"
            "\n"
            "branch     create chore/models-migrations-billing-fresh at chore/model-migration-baseline (" + baseline +
            "), check it out, soft reset it to " + base + " (master)\n"
            "configure  set billing to \"todo\" and every other entry to \"skip\" in model_migration/migration_config.json (if present)\n"
            "prepare    create products/__init__.py, products/billing/__init__.py\n"
            "           products/billing/backend/apps.py (BillingConfig) comes with the move from app/billing/apps.py\n"
            "           settings/web.py already lists \"app.billing.apps.BillingConfig\", which the rewrite carries to products.billing.backend: not added to PRODUCTS_APPS\n"
            "move       move the files of model_migration/moves.toml (git mv)\n"
            "           keep the app label \"billing\" in products/billing/backend/apps.py (Django would take \"backend\" from the new package): add label = \"billing\"\n"
            "rewrite    rewrite imports of the moved modules (model_migration/moves.toml)\n"
            "validate   skipped: no commands configured (fresh.validate)\n"
            "generate   skipped: no commands configured (fresh.generate)\n"
            "commit     commit everything except model_migration/: \"chore(models): migrate billing models to products app\"\n");
  EXPECT_EQ(r.err, "");
}

TEST(FreshOwnCheck, AMovedAppKeepsItsLabelAndTheResultPassesCheck) {
  Sandbox sb;
  make_app_repo(sb, "repo");
  RunResult r = sb.migrate("fresh", {"--no-pause", "billing"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string out = r.out.substr(r.out.find("\nprepare"));
  EXPECT_EQ(out.substr(0, out.find("\ncommit")),
            "\nprepare    created products/__init__.py, products/billing/__init__.py\n"
            "           products/billing/backend/apps.py (BillingConfig) comes with the move from app/billing/apps.py\n"
            "           settings/web.py already lists \"app.billing.apps.BillingConfig\", which the rewrite carries to products.billing.backend: not added to PRODUCTS_APPS\n"
            "move       moved 6 files\n"
            "           kept the app label \"billing\" in products/billing/backend/apps.py (label added)\n"
            "rewrite    rewrote 3 of 14 Python files (5 parsed)\n"
            "validate   skipped: no commands configured (fresh.validate)\n"
            "generate   skipped: no commands configured (fresh.generate)");
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:products/billing/backend/apps.py"}),
            "from django.apps import AppConfig\n"
            "\n"
            "\n"
            "class BillingConfig(AppConfig):\n"
            "    default_auto_field = \"django.db.models.BigAutoField\"\n"
            "    name = \"products.billing.backend\"\n"
            "    label = \"billing\"\n");
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:settings/web.py"}),
            "INSTALLED_APPS = [\n"
            "    \"django.contrib.auth\",\n"
            "    \"app.shop\",\n"
            "    \"products.billing.backend.apps.BillingConfig\",\n"
            "]\n"
            "\n"
            "PRODUCTS_APPS = [\n"
            "    \"products.tasks.backend.apps.TasksConfig\",\n"
            "]\n");
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:products/billing/backend/migrations/0001_initial.py"}).substr(0, 50),
            "import products.billing.backend.models\nfrom django");
  // The pipeline's result passes its own check, as the pre-push hook runs it.
  r = sb.migrate("check", {}, "repo");
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

// Paused after rewrite, the review of the uncommitted result
// (git migrate-check --worktree) sees the migrations moved, not deleted.
TEST(FreshOwnCheck, ThePausedWorktreePassesCheck) {
  Sandbox sb;
  make_app_repo(sb, "repo");
  RunResult r = sb.migrate("fresh", {"billing"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_NE(r.out.find("Paused after rewrite."), std::string::npos) << r.out;
  r = sb.migrate("check", {"--worktree"}, "repo");
  EXPECT_EQ(r.out, "no problems in 0 commits (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

// An app without apps.py whose migrations move into the target under another
// product name: the apps.py prepare creates keeps the app's label, and the
// settings entry of the old module (carried by the rewrite) is not doubled.
TEST(FreshOwnCheck, MigrationsMovedIntoANewAppKeepTheirLabel) {
  Sandbox sb;
  make_app_repo(sb, "repo");
  sb.git("repo", {"checkout", "-q", "chore/model-migration-baseline"});
  std::string moves = "product = \"invoicing\"\n";
  for (const auto& f : kAppFiles) {
    if (f == "apps.py") continue;
    moves += "\n[[file_moves]]\nfrom = \"app/billing/" + f + "\"\nto = \"products/invoicing/backend/" + f + "\"\n";
  }
  sb.write_file("repo/model_migration/moves.toml", moves);
  sb.commit_all("repo", "invoicing");
  sb.git("repo", {"checkout", "-q", "master"});
  sb.remove("repo/app/billing/apps.py");
  std::string settings = kSettings;
  settings.replace(settings.find("app.billing.apps.BillingConfig"), 30, "app.billing");
  sb.write_file("repo/settings/web.py", settings);
  sb.commit_all("repo", "an app without apps.py");
  sb.git("repo", {"checkout", "-q", "chore/model-migration-baseline"});
  sb.git("repo", {"merge", "-q", "master"});
  sb.git("repo", {"checkout", "-q", "master"});
  RunResult r = sb.migrate("fresh", {"--no-pause", "invoicing"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string out = r.out.substr(r.out.find("\nprepare"));
  EXPECT_EQ(out.substr(0, out.find("\nrewrite")),
            "\nprepare    created products/__init__.py, products/invoicing/__init__.py, products/invoicing/backend/apps.py "
            "(BillingConfig, label \"billing\")\n"
            "           settings/web.py already lists \"app.billing\", which the rewrite carries to products.invoicing.backend: "
            "not added to PRODUCTS_APPS\n"
            "move       moved 5 files");
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:products/invoicing/backend/apps.py"}),
            "from django.apps import AppConfig\n"
            "\n"
            "\n"
            "class BillingConfig(AppConfig):\n"
            "    name = \"products.invoicing.backend\"\n"
            "    label = \"billing\"\n");
  EXPECT_EQ(sb.git("repo", {"show", "HEAD:settings/web.py"}), [] {
    std::string s = kSettings;
    return s.replace(s.find("app.billing.apps.BillingConfig"), 30, "products.invoicing.backend");
  }());
  r = sb.migrate("check", {}, "repo");
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

// The pipeline's fixture of the other fresh tests (models package moved into
// a new app) passes too.
TEST(FreshOwnCheck, ThePipelineFixturePassesCheck) {
  Sandbox sb;
  make_django_repo(sb, "repo",
                   "main = \"master\"\n\n[fresh]\nsettings_file = \"posthog/settings/web.py\"\n"
                   "settings_list = \"PRODUCTS_APPS\"\n");
  RunResult r = sb.migrate("fresh", {"--no-pause", "error_tracking"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = sb.migrate("check", {}, "repo");
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

// Cause (b) on its own: a branch that moved the app with its label kept and
// rewrote the migration's import (by hand, or with another tool) passes; with
// a changed operation beside the rewritten import it does not. Once with the
// baseline's moves file, once with only the renames of the range.
class CheckMappedImports : public ::testing::TestWithParam<bool> {};

TEST_P(CheckMappedImports, AMappedImportIsNoEditARealEditIs) {
  const bool with_moves_file = GetParam();
  Sandbox sb;
  make_app_repo(sb, "repo");
  if (!with_moves_file) sb.git("repo", {"branch", "-q", "-D", "chore/model-migration-baseline"});
  sb.git("repo", {"checkout", "-q", "-b", "feature"});
  for (const char* init : {"products/__init__.py", "products/billing/__init__.py"}) sb.write_file(std::string("repo/") + init, "");
  sb.git("repo", {"mv", "app/billing", "products/billing/backend"});
  sb.write_file("repo/products/billing/backend/apps.py",
                std::string(kAppsPy).replace(std::string(kAppsPy).find("\"app.billing\""), 13,
                                             "\"products.billing.backend\"\n    label = \"billing\""));
  std::string initial = kInitial;
  for (std::size_t at; (at = initial.find("app.billing.models")) != std::string::npos;)
    initial.replace(at, 18, "products.billing.backend.models");
  sb.write_file("repo/products/billing/backend/migrations/0001_initial.py", initial);
  std::string settings = kSettings;
  settings.replace(settings.find("app.billing"), 11, "products.billing.backend");
  sb.write_file("repo/settings/web.py", settings);
  const std::string moved = sb.commit_all("repo", "move billing");
  RunResult r = sb.migrate("check", {}, "repo");
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);

  initial.replace(initial.find("name=\"Invoice\""), 14, "name=\"Receipt\"");
  sb.write_file("repo/products/billing/backend/migrations/0001_initial.py", initial);
  sb.commit_all("repo", "rename the model in place");
  r = sb.migrate("check", {}, "repo");
  EXPECT_EQ(r.out,
            "products/billing/backend/migrations/0001_initial.py\n"
            "  12: error: migration billing.0001_initial exists at the merge base and is modified; databases that "
            "applied it will not run it again: revert and add a new migration [dj-edited-applied] (" +
                moved.substr(0, 10) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 2 commits (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 1);
}

INSTANTIATE_TEST_SUITE_P(MovesFileOrRenames, CheckMappedImports, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "MovesFile" : "Renames"; });

}  // namespace
}  // namespace migrate::testing
