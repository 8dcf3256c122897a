// git-migrate-check: the migration-graph rules (dj-*, al-*) end to end, on
// repositories shaped like the seeds' (002: regenerated migrations, 003: an
// Alembic history with missing revisions, foreign keys without ondelete and
// several heads, 004: parallel branches, edited applied migrations). Whole
// outputs are compared.
#include <gtest/gtest.h>

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

TEST_F(CheckGraph, ParallelBranchesLeaveTwoLeavesAndTwoHeads) {
  // Seed 004: two branches each added a migration after 0002 and were merged
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
  // Seed 004, rule 1 (never modify applied migrations) and seed 002
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

TEST_F(CheckGraph, Seed003BrokenChainAndMissingRevision) {
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
            "  5: error: multiple heads in alembic/versions: d4 (alembic/versions/d4_placeholder.py), e5 "
            "(alembic/versions/e5_webhooks.py); merge them with 'alembic merge heads' [al-multiple-heads] (" +
                short_id(c) + ")\n"
            "alembic/versions/d4_placeholder.py\n"
            "  11: warning: upgrade() of revision 'd4' does nothing (only pass or a docstring) [al-empty-upgrade] (" +
                short_id(c) + ")\n"
            "\n"
            "3 errors, 1 warning, 0 infos in 1 commit (master..HEAD)\n");
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
            "(alembic/versions/c3_shop.py); merge them with 'alembic merge heads' [al-multiple-heads] (" +
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
            "(alembic/versions/c3_shop.py); merge them with 'alembic merge heads' [al-multiple-heads] (" +
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

}  // namespace
}  // namespace migrate::testing::check
