// git-migrate-check: the migration-graph rules (dj-*, al-*) end to end, on
// repositories shaped like the stories of docs/workflow.md (a squash:
// regenerated migrations; a reset: an Alembic history with missing
// revisions, foreign keys without ondelete and several heads; parallel
// branches, edited applied migrations). Whole
// outputs are compared.
#include <gtest/gtest.h>

#include <map>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

std::string django_migration(const std::string& deps, const std::string& ops = "") {
  return "from django.db import migrations, models\n"
         "\n"
         "\n"
         "class Migration(migrations.Migration):\n"
         "    dependencies = [" + deps + "]\n"
         "\n"
         "    operations = [" + ops + "]\n";
}

std::string alembic_revision(const std::string& id, const std::string& down, const std::string& upgrade) {
  return "\"\"\"" + id + "\"\"\"\n"
         "from alembic import op\n"
         "import sqlalchemy as sa\n"
         "\n"
         "revision = \"" + id + "\"\n"
         "down_revision = " + down + "\n"
         "branch_labels = None\n"
         "depends_on = None\n"
         "\n"
         "\n"
         "def upgrade():\n" + upgrade +
         "\n"
         "\n"
         "def downgrade():\n"
         "    pass\n";
}

class CheckGraph : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    const std::string m = "r/shop/orders/migrations/";
    sb.write_file("r/shop/orders/__init__.py", "");
    sb.write_file(m + "__init__.py", "");
    sb.write_file(m + "0001_initial.py",
                  django_migration("", "migrations.CreateModel(\"Order\", [(\"id\", models.AutoField(primary_key=True))])"));
    sb.write_file(m + "0002_order_total.py",
                  django_migration("(\"orders\", \"0001_initial\")",
                                   "migrations.AddField(\"order\", \"total\", models.IntegerField(default=0))"));
    sb.write_file("r/alembic.ini", "[alembic]\nscript_location = alembic\n");
    sb.write_file("r/alembic/env.py", "from alembic import context\n");
    sb.write_file("r/alembic/versions/a1_users.py",
                  alembic_revision("a1", "None",
                                   "    op.create_table(\"users\", sa.Column(\"id\", sa.Integer(), primary_key=True))\n"));
    // An old foreign key without ondelete: accepted history, not reported.
    sb.write_file("r/alembic/versions/b2_orders.py",
                  alembic_revision("b2", "\"a1\"",
                                   "    op.create_table(\"orders\", sa.Column(\"user_id\", sa.Integer(), "
                                   "sa.ForeignKey(\"users.id\")))\n"));
    base = sb.commit_all("r", "master");
    sb.git("r", {"checkout", "-q", "-b", "feature"});
  }

  RunResult check(const std::vector<std::string>& args = {}) const { return sb.migrate("check", args, "r"); }

  Sandbox sb;
  std::string base;
  const std::string m = "r/shop/orders/migrations/";
  const std::string v = "r/alembic/versions/";
};

TEST_F(CheckGraph, HealthyMigrationsReportNothing) {
  sb.write_file(m + "0003_order_notes.py", django_migration("(\"orders\", \"0002_order_total\")"));
  sb.write_file(v + "c3_invoices.py",
                alembic_revision("c3", "\"b2\"",
                                 "    op.create_table(\"invoices\", sa.Column(\"user_id\", sa.Integer(), "
                                 "sa.ForeignKey(\"users.id\", ondelete=\"CASCADE\")))\n"));
  sb.commit_all("r", "notes and invoices");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

// A revision file renamed without a change (git reports it 100% renamed)
// is neither added nor changed: its old foreign key without ondelete is
// accepted history, as before the rename. It used to be reported.
TEST_F(CheckGraph, PerFileWarningsSkipFilesRenamedUnchanged) {
  sb.git("r", {"mv", "alembic/versions/b2_orders.py", "alembic/versions/b2_create_orders.py"});
  sb.git("r", {"commit", "-q", "-m", "rename"});
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckGraph, ParallelBranchesLeaveTwoLeavesAndTwoHeads) {
  // Migration practice (docs/workflow.md): two branches each added a migration after 0002 and were merged
  // without `makemigrations --merge`; the same happened to the Alembic head.
  sb.write_file(m + "0003_order_notes.py", django_migration("(\"orders\", \"0002_order_total\")"));
  sb.write_file(v + "c3_invoices.py", alembic_revision("c3", "\"b2\"", "    op.drop_table(\"legacy\")\n"));
  const std::string c1 = sb.commit_all("r", "notes");
  sb.write_file(m + "0003_order_status.py", django_migration("(\"orders\", \"0002_order_total\")"));
  sb.write_file(v + "d4_payments.py",
                alembic_revision("d4", "\"b2\"",
                                 "    op.create_table(\"payments\", sa.Column(\"user_id\", sa.Integer(), "
                                 "sa.ForeignKey(\"users.id\")))\n"));
  const std::string c2 = sb.commit_all("r", "status");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "shop/orders/migrations/0003_order_status.py\n"
            "  4: error: Conflicting migrations detected; multiple leaf nodes in the migration graph: "
            "(0003_order_notes, 0003_order_status in orders). To fix them run 'python manage.py makemigrations "
            "--merge' [dj-multiple-leaves] (" + short_id(c2) + ")\n"
            "  4: warning: orders.0003_order_notes and orders.0003_order_status share the number 0003 and neither "
            "depends on the other [dj-number-clash] (" + short_id(c2) + ")\n"
            "alembic/versions/d4_payments.py\n"
            "  5: error: multiple heads in alembic/versions: c3 (alembic/versions/c3_invoices.py), d4 "
            "(alembic/versions/d4_payments.py); merge them with 'alembic merge heads' [al-multiple-heads] (" +
                short_id(c2) + ")\n"
            "  12: warning: sa.ForeignKey(...) has no ondelete=; state what deleting the referenced row does "
            "(CASCADE, SET NULL, RESTRICT) [al-fk-no-ondelete] (" + short_id(c2) + ")\n"
            "\n"
            "2 errors, 2 warnings, 0 infos in 2 commits (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
  (void)c1;

  // A merge migration and a merge revision resolve both.
  sb.write_file(m + "0004_merge_20240312_1015.py",
                django_migration("(\"orders\", \"0003_order_notes\"), (\"orders\", \"0003_order_status\")"));
  sb.write_file(v + "e5_merge.py", alembic_revision("e5", "(\"c3\", \"d4\")", "    pass\n"));
  sb.write_file(v + "d4_payments.py",
                alembic_revision("d4", "\"b2\"",
                                 "    op.create_table(\"payments\", sa.Column(\"user_id\", sa.Integer(), "
                                 "sa.ForeignKey(\"users.id\", ondelete=\"SET NULL\")))\n"));
  sb.commit_all("r", "merge");
  RunResult merged = check();
  EXPECT_EQ(merged.out, "no problems in 3 commits (master..HEAD)\n");
  EXPECT_EQ(merged.exit_code, 0);
}

TEST_F(CheckGraph, EditedAndDeletedAppliedMigrations) {
  // Never modify an applied migration (docs/workflow.md), and a squash
  // (delete the migrations and regenerate them).
  sb.write_file(m + "0002_order_total.py",
                django_migration("(\"orders\", \"0001_initial\")",
                                 "migrations.AddField(\"order\", \"total\", models.IntegerField(default=1))"));
  const std::string c1 = sb.commit_all("r", "fix the default");
  sb.remove(m + "0001_initial.py");
  const std::string c2 = sb.commit_all("r", "regenerate");
  RunResult r = check({"--format=json"});
  EXPECT_EQ(r.out,
            "{\n"
            "  \"version\": 1,\n"
            "  \"range\": \"master..HEAD\",\n"
            "  \"ranges\": [\n"
            "    {\"label\": \"master..HEAD\", \"base\": \"" + base + "\", \"tip\": \"" + c2 + "\", \"commits\": 2}\n"
            "  ],\n"
            "  \"findings\": [\n"
            "    {\"rule\": \"dj-missing-dependency\", \"severity\": \"error\", \"path\": "
            "\"shop/orders/migrations/0002_order_total.py\", \"line\": 5, \"message\": \"Migration "
            "orders.0002_order_total dependencies reference nonexistent parent node ('orders', '0001_initial')\", "
            "\"commit\": \"" + c1 + "\"},\n"
            "    {\"rule\": \"dj-edited-applied\", \"severity\": \"error\", \"path\": "
            "\"shop/orders/migrations/0001_initial.py\", \"line\": 0, \"message\": \"migration orders.0001_initial "
            "exists at the merge base and is deleted; databases that applied it still record it: keep it, or squash "
            "it first\", \"commit\": \"" + c2 + "\"},\n"
            "    {\"rule\": \"dj-edited-applied\", \"severity\": \"error\", \"path\": "
            "\"shop/orders/migrations/0002_order_total.py\", \"line\": 7, \"message\": \"migration "
            "orders.0002_order_total exists at the merge base and is modified; databases that applied it will not "
            "run it again: revert and add a new migration\", \"commit\": \"" + c1 + "\"}\n"
            "  ],\n"
            "  \"summary\": {\"errors\": 3, \"warnings\": 0, \"infos\": 0, \"suppressed\": 0, \"commits\": 2, "
            "\"files_changed\": 2, \"migration_entries_skipped\": 0}\n"
            "}\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckGraph, ReformattingAnAppliedMigrationIsNoEdit) {
  sb.write_file(m + "0002_order_total.py",
                "# Generated by Django 5.0 on 2024-01-01 12:00\n"
                "from django.db import migrations, models\n\n\n"
                "class Migration(migrations.Migration):\n"
                "    dependencies = [\n        ('orders', '0001_initial'),\n    ]\n\n"
                "    operations = [\n"
                "        migrations.AddField('order', 'total', models.IntegerField(default=0)),\n"
                "    ]\n");
  sb.commit_all("r", "black");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

// A dangling down_revision stops Alembic before it can list heads: no
// al-multiple-heads advice to run 'alembic merge heads' beside it.
TEST_F(CheckGraph, AlembicResetBrokenChainAndMissingRevision) {
  sb.write_file(v + "c3_subscriptions.py",
                "\"\"\"subscriptions\n\nRevision ID: c3\n\"\"\"\nfrom alembic import op\n\n"
                "down_revision = \"b2\"\n\n\ndef upgrade():\n    op.drop_table(\"x\")\n");
  sb.write_file(v + "d4_placeholder.py", alembic_revision("d4", "\"b2\"", "    pass\n"));
  sb.write_file(v + "e5_webhooks.py", alembic_revision("e5", "\"d41d8cd98f00\"", "    op.drop_table(\"y\")\n"));
  const std::string c = sb.commit_all("r", "migrations");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "alembic/versions/c3_subscriptions.py\n"
            "  error: revision file assigns no revision id ('revision = \"...\"') [al-missing-revision] (" +
                short_id(c) + ")\n"
            "alembic/versions/e5_webhooks.py\n"
            "  6: error: down_revision 'd41d8cd98f00' of revision 'e5' names no revision or branch label in "
            "alembic/versions [al-dangling-reference] (" + short_id(c) + ")\n"
            "alembic/versions/d4_placeholder.py\n"
            "  11: warning: upgrade() of revision 'd4' does nothing (only pass or a docstring) [al-empty-upgrade] (" +
                short_id(c) + ")\n"
            "\n"
            "2 errors, 1 warning, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckGraph, RulesConfiguredInTheTomlFileAndGitConfig) {
  // Two labelled branches: a finding unless labelled heads are allowed.
  sb.write_file(v + "c3_shop.py",
                "revision = \"c3\"\ndown_revision = None\nbranch_labels = (\"shop\",)\ndepends_on = \"b2\"\n\n"
                "def upgrade():\n    op.drop_table(\"x\")\n");
  sb.write_file(v + "a1_users.py",
                "revision = \"a1\"\ndown_revision = None\nbranch_labels = (\"core\",)\ndepends_on = None\n\n"
                "def upgrade():\n    op.drop_table(\"y\")\n");
  sb.write_file(m + "0003_a.py", django_migration("(\"orders\", \"0002_order_total\")"));
  sb.write_file(m + "0003_b.py", django_migration("(\"orders\", \"0002_order_total\")"));
  const std::string c = sb.commit_all("r", "branches");
  RunResult before = check();
  EXPECT_EQ(before.out,
            "shop/orders/migrations/0003_b.py\n"
            "  4: error: Conflicting migrations detected; multiple leaf nodes in the migration graph: (0003_a, 0003_b "
            "in orders). To fix them run 'python manage.py makemigrations --merge' [dj-multiple-leaves] (" +
                short_id(c) + ")\n"
            "  4: warning: orders.0003_a and orders.0003_b share the number 0003 and neither depends on the other "
            "[dj-number-clash] (" + short_id(c) + ")\n"
            "alembic/versions/c3_shop.py\n"
            "  1: error: multiple heads in alembic/versions: b2 (alembic/versions/b2_orders.py), c3 "
            "(alembic/versions/c3_shop.py); merge them with 'alembic merge heads' (or, if they are branches meant to "
            "stay apart, each with its branch_labels, allow them: git config migrate.check.alembicAllowLabelledHeads "
            "true) [al-multiple-heads] (" +
                short_id(c) + ")\n"
            "\n"
            "2 errors, 1 warning, 0 infos in 1 commit (master..HEAD)\n");
  sb.write_file("r/.git-migrate.toml",
                "[check]\nalembic_allow_labelled_heads = true\n\n"
                "[check.rules.dj-multiple-leaves]\nenabled = false\n\n"
                "[check.rules.dj-number-clash]\nseverity = \"error\"\n");
  RunResult configured = check();
  EXPECT_EQ(configured.out,
            "shop/orders/migrations/0003_b.py\n"
            "  4: error: orders.0003_a and orders.0003_b share the number 0003 and neither depends on the other "
            "[dj-number-clash] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  // Personal git config overrides the file; a rule switched off.
  sb.git("r", {"config", "migrate.check.alembicAllowLabelledHeads", "false"});
  sb.write_file("r/.git-migrate.toml",
                "[check]\nalembic_allow_labelled_heads = true\n\n"
                "[check.rules.dj-multiple-leaves]\nenabled = false\n\n"
                "[check.rules.dj-number-clash]\nenabled = false\n");
  RunResult personal = check();
  EXPECT_EQ(personal.out,
            "alembic/versions/c3_shop.py\n"
            "  1: error: multiple heads in alembic/versions: b2 (alembic/versions/b2_orders.py), c3 "
            "(alembic/versions/c3_shop.py); merge them with 'alembic merge heads' (or, if they are branches meant to "
            "stay apart, each with its branch_labels, allow them: git config migrate.check.alembicAllowLabelledHeads "
            "true) [al-multiple-heads] (" +
                short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

TEST_F(CheckGraph, SuppressionCommentAndComputedEntriesInTheSummary) {
  sb.write_file(v + "c3_invoices.py",
                alembic_revision("c3", "\"b2\"",
                                 "    op.create_foreign_key(\"fk\", \"invoices\", \"users\", [\"user_id\"], [\"id\"])"
                                 "  # migrate-check: ignore[al-fk-no-ondelete]\n"));
  sb.write_file(m + "0003_owner.py",
                "from django.conf import settings\nfrom django.db import migrations\n\n\n"
                "class Migration(migrations.Migration):\n"
                "    dependencies = [\n"
                "        migrations.swappable_dependency(settings.AUTH_USER_MODEL),\n"
                "        (\"orders\", \"0002_order_total\"),\n"
                "    ]\n"
                "    operations = []\n");
  sb.commit_all("r", "owner");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD), 1 suppressed, 1 computed migration entry skipped\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckGraph, WorktreeAuditsUncommittedMigrations) {
  // Nothing committed on the branch yet: two new migrations in the worktree.
  sb.write_file(m + "0003_a.py", django_migration("(\"orders\", \"0002_order_total\")"));
  sb.write_file(m + "0003_b.py", django_migration("(\"orders\", \"0002_order_total\")"));
  RunResult committed_view = check();
  EXPECT_EQ(committed_view.out, "no problems in 0 commits (master..HEAD)\n");
  RunResult r = check({"--worktree"});
  EXPECT_EQ(r.out,
            "shop/orders/migrations/0003_b.py\n"
            "  4: error: Conflicting migrations detected; multiple leaf nodes in the migration graph: (0003_a, 0003_b "
            "in orders). To fix them run 'python manage.py makemigrations --merge' [dj-multiple-leaves]\n"
            "  4: warning: orders.0003_a and orders.0003_b share the number 0003 and neither depends on the other "
            "[dj-number-clash]\n"
            "\n"
            "1 error, 1 warning, 0 infos in 0 commits (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
  // An edit of a committed migration, not staged: compared with the start.
  sb.remove(m + "0003_b.py");
  sb.write_file(m + "0001_initial.py", django_migration("", "migrations.DeleteModel(\"Order\")"));
  RunResult edited = check({"--worktree"});
  EXPECT_EQ(edited.out,
            "shop/orders/migrations/0001_initial.py\n"
            "  7: error: migration orders.0001_initial exists at the merge base and is modified; databases that "
            "applied it will not run it again: revert and add a new migration [dj-edited-applied]\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 0 commits (master..HEAD)\n");
}

// --- the squash and reset audits (docs/workflow.md) --------------------------------

// A squash, llmchat/0003 and journeys/0004: custom work saved by hand before
// every migration is deleted.
const char* kBackfill =
    "from django.db import migrations\n"                                        // 1
    "\n"                                                                        // 2
    "\n"                                                                        // 3
    "def backfill_totals(apps, schema_editor):\n"                               // 4
    "    \"\"\"Sum the lines of every order.\"\"\"\n"                           // 5
    "    Order = apps.get_model(\"orders\", \"Order\")\n"                       // 6
    "    for order in Order.objects.all():\n"                                   // 7
    "        order.total = sum(line.price for line in order.lines.all())\n"     // 8
    "        order.save(update_fields=[\"total\"])\n"                           // 9
    "\n"                                                                        // 10
    "\n"                                                                        // 11
    "def reset_totals(apps, schema_editor):\n"                                  // 12
    "    apps.get_model(\"orders\", \"Order\").objects.update(total=0)\n"       // 13
    "\n"                                                                        // 14
    "\n"                                                                        // 15
    "class Migration(migrations.Migration):\n"                                  // 16
    "    dependencies = [(\"orders\", \"0002_order_total\")]\n"                 // 17
    "\n"                                                                        // 18
    "    operations = [\n"                                                      // 19
    "        migrations.RunPython(backfill_totals, reset_totals),\n"            // 20
    "        migrations.RunSQL(\n"                                              // 21
    "            \"CREATE INDEX orders_total_idx ON orders_order (total)\",\n"  // 22
    "            \"DROP INDEX orders_total_idx\",\n"                            // 23
    "        ),\n"                                                              // 24
    "    ]\n";

class CheckSquash : public CheckGraph {
 protected:
  // Puts `files` on master (the merge base) and starts feature from there.
  void on_master(const std::map<std::string, std::string>& files) {
    sb.git("r", {"checkout", "-q", "master"});
    for (const auto& [path, text] : files) sb.write_file(path, text);
    base = sb.commit_all("r", "before the squash");
    sb.git("r", {"checkout", "-q", "-B", "feature"});
  }
  // A squash: every migration of the app deleted,
  // 0001_initial regenerated (schema only).
  void regenerate() {
    sb.remove(m + "0002_order_total.py");
    sb.remove(m + "0003_backfill_totals.py");
    sb.write_file(m + "0001_initial.py",
                  django_migration("", "migrations.CreateModel(\"Order\", [(\"id\", models.AutoField(primary_key=True)), "
                                       "(\"total\", models.IntegerField(default=0))])"));
  }
};

TEST_F(CheckSquash, RegeneratedWithoutTheRunPythonReportsItsFunctionsAndSql) {
  on_master({{m + "0003_backfill_totals.py", kBackfill}});
  regenerate();
  const std::string c = sb.commit_all("r", "squash migrations");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "shop/orders/migrations/0001_initial.py\n"
            "  7: error: migration orders.0001_initial exists at the merge base and is modified; databases that "
            "applied it will not run it again: revert and add a new migration [dj-edited-applied] (" + short_id(c) + ")\n"
            "shop/orders/migrations/0002_order_total.py\n"
            "  error: migration orders.0002_order_total exists at the merge base and is deleted; databases that "
            "applied it still record it: keep it, or squash it first [dj-edited-applied] (" + short_id(c) + ")\n"
            "shop/orders/migrations/0003_backfill_totals.py\n"
            "  error: migration orders.0003_backfill_totals exists at the merge base and is deleted; databases that "
            "applied it still record it: keep it, or squash it first [dj-edited-applied] (" + short_id(c) + ")\n"
            "  4: error: RunPython function backfill_totals of deleted migration orders.0003_backfill_totals"
            " is in no migration at the end of the range; new databases will not run it: put it in a new migration [dj-lost-operation] (" + short_id(c) + ")\n"
            "  12: error: RunPython reverse function reset_totals of deleted migration orders.0003_backfill_totals"
            " is in no migration at the end of the range; new databases will not run it: put it in a new migration [dj-lost-operation] (" + short_id(c) + ")\n"
            "  22: error: RunSQL 'CREATE INDEX orders_total_idx ON orders_order (total)' of deleted migration orders.0003_backfill_totals"
            " is in no migration at the end of the range; new databases will not run it: put it in a new migration [dj-lost-operation] (" + short_id(c) + ")\n"
            "  23: error: RunSQL reverse_sql 'DROP INDEX orders_total_idx' of deleted migration orders.0003_backfill_totals"
            " is in no migration at the end of the range; new databases will not run it: put it in a new migration [dj-lost-operation] (" + short_id(c) + ")\n"
            "\n"
            "7 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckSquash, OneFunctionCarriedIntoANewMigrationOnlyTheOthersReported) {
  on_master({{m + "0003_backfill_totals.py", kBackfill}});
  regenerate();
  // Phase 4: the forward function copied into a new migration under another
  // name, with its own docstring; the reverse function and the SQL forgotten.
  sb.write_file(m + "0002_backfill.py",
                "from django.db import migrations\n"
                "\n"
                "def forwards(apps, schema_editor):\n"
                "    '''Carried over from 0003_backfill_totals.'''\n"
                "    Order = apps.get_model('orders', 'Order')\n"
                "    for order in Order.objects.all():\n"
                "        order.total = sum(line.price for line in order.lines.all())\n"
                "        order.save(update_fields=['total'])\n"
                "\n"
                "class Migration(migrations.Migration):\n"
                "    dependencies = [('orders', '0001_initial')]\n"
                "    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]\n");
  const std::string c = sb.commit_all("r", "squash migrations, keep the backfill");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "shop/orders/migrations/0001_initial.py\n"
            "  7: error: migration orders.0001_initial exists at the merge base and is modified; databases that "
            "applied it will not run it again: revert and add a new migration [dj-edited-applied] (" + short_id(c) + ")\n"
            "shop/orders/migrations/0002_order_total.py\n"
            "  error: migration orders.0002_order_total exists at the merge base and is deleted; databases that "
            "applied it still record it: keep it, or squash it first [dj-edited-applied] (" + short_id(c) + ")\n"
            "shop/orders/migrations/0003_backfill_totals.py\n"
            "  error: migration orders.0003_backfill_totals exists at the merge base and is deleted; databases that "
            "applied it still record it: keep it, or squash it first [dj-edited-applied] (" + short_id(c) + ")\n"
            "  12: error: RunPython reverse function reset_totals of deleted migration orders.0003_backfill_totals"
            " is in no migration at the end of the range; new databases will not run it: put it in a new migration [dj-lost-operation] (" + short_id(c) + ")\n"
            "  22: error: RunSQL 'CREATE INDEX orders_total_idx ON orders_order (total)' of deleted migration orders.0003_backfill_totals"
            " is in no migration at the end of the range; new databases will not run it: put it in a new migration [dj-lost-operation] (" + short_id(c) + ")\n"
            "  23: error: RunSQL reverse_sql 'DROP INDEX orders_total_idx' of deleted migration orders.0003_backfill_totals"
            " is in no migration at the end of the range; new databases will not run it: put it in a new migration [dj-lost-operation] (" + short_id(c) + ")\n"
            "\n"
            "6 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckSquash, SquashedMigrationWithReplacesThatKeepsItsRunPython) {
  on_master({{m + "0003_backfill_totals.py", kBackfill}});
  // squashmigrations, with the functions copied in by hand; the replaced
  // migrations deleted afterwards as Django documents.
  std::string squash = kBackfill;
  squash.replace(squash.find("    dependencies"), std::string::npos,
                 "    replaces = [(\"orders\", \"0001_initial\"), (\"orders\", \"0002_order_total\"), "
                 "(\"orders\", \"0003_backfill_totals\")]\n"
                 "\n"
                 "    operations = [\n"
                 "        migrations.CreateModel(\"Order\", [(\"id\", models.AutoField(primary_key=True)), "
                 "(\"total\", models.IntegerField(default=0))]),\n"
                 "        migrations.RunPython(backfill_totals, reset_totals),\n"
                 "        migrations.RunSQL(\"CREATE INDEX orders_total_idx ON orders_order (total);\", "
                 "\"DROP INDEX orders_total_idx;\"),\n"
                 "    ]\n");
  squash.replace(0, std::string("from django.db import migrations\n").size(),
                 "from django.db import migrations, models\n");
  sb.write_file(m + "0001_squashed_0003_backfill_totals.py", squash);
  sb.commit_all("r", "squash");
  sb.remove(m + "0001_initial.py");
  sb.remove(m + "0002_order_total.py");
  sb.remove(m + "0003_backfill_totals.py");
  sb.commit_all("r", "remove the replaced migrations");
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 2 commits (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

// The one revision a reset leaves: autogenerated from the models, it has
// the tables but not the data.
void write_alembic_baseline(Sandbox& sb, const std::string& v) {
  sb.write_file(v + "0001_baseline.py",
                alembic_revision("0001", "None",
                                 "    op.create_table(\"users\", sa.Column(\"id\", sa.Integer(), primary_key=True))\n"
                                 "    op.create_table(\"orders\", sa.Column(\"user_id\", sa.Integer(), "
                                 "sa.ForeignKey(\"users.id\", ondelete=\"CASCADE\")))\n"
                                 "    op.create_table(\"roles\", sa.Column(\"name\", sa.String()))\n"));
}

TEST_F(CheckSquash, AlembicResetToOneBaseline) {
  // An Alembic reset: the revisions moved to versions_old_backup/, one baseline
  // autogenerated from the models, which has the tables but not the data.
  on_master({{v + "c3_roles.py",
              alembic_revision("c3", "\"b2\"",
                               "    op.create_table(\"roles\", sa.Column(\"name\", sa.String()))\n"
                               "    op.execute(\"INSERT INTO roles (name) VALUES ('admin'), ('staff')\")\n"
                               "    conn = op.get_bind()\n"
                               "    conn.execute(sa.text(\"UPDATE users SET role = 'staff'\"))\n")}});
  sb.git("r", {"mv", "alembic/versions", "alembic/versions_old_backup"});
  write_alembic_baseline(sb, v);
  const std::string c = sb.commit_all("r", "reset migrations to one baseline");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "alembic/versions/c3_roles.py\n"
            "  13: error: upgrade() of removed revision 'c3' ran 'INSERT INTO roles (name) VALUES ('admin'), ('staff')'"
            ", which no revision at the end of the range runs; databases built from the new history "
            "will not have it: put it in a new revision [al-lost-operation] (" + short_id(c) + ")\n"
            "  15: error: upgrade() of removed revision 'c3' ran 'UPDATE users SET role = 'staff''"
            ", which no revision at the end of the range runs; databases built from the new history "
            "will not have it: put it in a new revision [al-lost-operation] (" + short_id(c) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

// The same reset with the old revisions deleted: the helper a removed
// revision's upgrade() called goes with it by design. al-lost-operation
// judges its work (the read it made is no work); vanished-definition does
// not report the helper, as it does not for a squash's deleted migrations.
TEST_F(CheckSquash, AlembicResetDeletingRevisionsReportsTheirWorkOnce) {
  on_master({{v + "c3_roles.py",
              alembic_revision("c3", "\"b2\"",
                               "    op.create_table(\"roles\", sa.Column(\"name\", sa.String()))\n"
                               "    _seed(op.get_bind())\n") +
                  "\n\ndef _seed(conn):\n"
                  "    rows = conn.execute(sa.text(\"SELECT id FROM users\"))\n"
                  "    conn.execute(sa.text(\"INSERT INTO roles (name) VALUES ('admin')\"))\n"}});
  sb.remove(v + "a1_users.py");
  sb.remove(v + "b2_orders.py");
  sb.remove(v + "c3_roles.py");
  write_alembic_baseline(sb, v);
  const std::string c = sb.commit_all("r", "reset migrations to one baseline");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "alembic/versions/c3_roles.py\n"
            "  22: error: upgrade() of removed revision 'c3' ran 'INSERT INTO roles (name) VALUES ('admin')', which no "
            "revision at the end of the range runs; databases built from the new history will not have it: put it in "
            "a new revision [al-lost-operation] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckSquash, IrreversibleOperationsInNewMigrations) {
  sb.write_file(m + "0003_backfill.py",
                django_migration("(\"orders\", \"0002_order_total\")",
                                 "\n        migrations.RunPython(backfill),\n"
                                 "        migrations.RunSQL(\"CREATE INDEX orders_total_idx ON orders_order (total)\"),\n"
                                 "        migrations.RunPython(backfill, migrations.RunPython.noop),\n    "));
  const std::string c = sb.commit_all("r", "backfill");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "shop/orders/migrations/0003_backfill.py\n"
            "  8: warning: RunPython backfill of new migration orders.0003_backfill has no reverse_code, so the "
            "migration cannot be unapplied; give it one (migrations.RunPython.noop when there is nothing to undo) "
            "[dj-irreversible] (" + short_id(c) + ")\n"
            "  9: warning: RunSQL 'CREATE INDEX orders_total_idx ON orders_order (total)' of new migration "
            "orders.0003_backfill has no reverse_sql, so the migration cannot be unapplied; give it one "
            "(migrations.RunSQL.noop when there is nothing to undo) [dj-irreversible] (" + short_id(c) + ")\n"
            "\n"
            "0 errors, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckSquash, SeveralUnlabelledAlembicBases) {
  // "3 root migrations" after a reset: a second history started beside the
  // first and merged into it, so there is one head but two roots.
  sb.write_file(v + "x1_billing.py", alembic_revision("x1", "None", "    op.create_table(\"invoices\")\n"));
  sb.write_file(v + "m1_merge.py", alembic_revision("m1", "(\"b2\", \"x1\")", "    pass\n"));
  const std::string c = sb.commit_all("r", "billing");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "alembic/versions/x1_billing.py\n"
            "  6: warning: revision 'x1' is one of 2 base revisions in alembic/versions (a1 "
            "(alembic/versions/a1_users.py), x1 (alembic/versions/x1_billing.py)) and has no branch_labels; give "
            "each base its own branch label or join them under one down_revision [al-multiple-bases] (" +
                short_id(c) + ")\n"
            "\n"
            "0 errors, 1 warning, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 0);
}

}  // namespace
}  // namespace migrate::testing::check
