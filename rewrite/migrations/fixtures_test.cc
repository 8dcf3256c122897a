// The realistic projects under tests/fixtures/migrations/: a healthy project
// reports nothing at all; each broken variant (an overlay directory
// `<project>.<variant>/` whose files replace or add to the project's) reports
// exactly the findings listed here.
#include <gtest/gtest.h>

#include "rewrite/migrations/alembic.h"
#include "rewrite/migrations/django.h"
#include "rewrite/migrations/edited_applied.h"
#include "rewrite/migrations/file_sources.h"
#include "rewrite/migrations/test_support.h"

namespace migrate::rewrite::migrations {
namespace {

using testing::lines;
using Strings = std::vector<std::string>;

std::string fixture_dir(const std::string& name) {
  return std::string(GIT_MIGRATE_SOURCE_DIR) + "/tests/fixtures/migrations/" + name;
}

// The project, with the variant's files laid over it (its README excluded).
MemoryFileSource fixture(const std::string& project, const std::string& variant = "") {
  std::map<std::string, std::string> files;
  DirectoryFileSource base(fixture_dir(project));
  for (const auto& p : base.paths()) files[p] = *base.read(p);
  if (!variant.empty()) {
    DirectoryFileSource overlay(fixture_dir(project + "." + variant));
    for (const auto& p : overlay.paths()) {
      if (p != "README") files[p] = *overlay.read(p);
    }
  }
  return MemoryFileSource(files);
}

Strings all_findings(const FileSource& files, GraphOptions options = {}) {
  GraphReport r = audit_django(files);
  r.merge(audit_alembic(files, options));
  return lines(r.findings);
}

TEST(Fixtures, DjangoShopIsHealthy) {
  const auto files = fixture("django_shop");
  const GraphReport r = audit_django(files);
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.django_migrations, 18u);
  EXPECT_EQ(r.computed_entries_skipped, 2u);  // the two swappable_dependency(settings.AUTH_USER_MODEL)
  EXPECT_EQ(all_findings(files), Strings{});
}

TEST(Fixtures, DjangoShopParallelBranches) {
  EXPECT_EQ(all_findings(fixture("django_shop", "parallel_branches")),
            (Strings{
                "dj-missing-dependency error shop/billing/migrations/0004_invoice_currency.py:10 Migration "
                "payments.0004_invoice_currency dependencies reference nonexistent parent node ('catalog', "
                "'0005_product_prise')",
                "dj-missing-dependency warning shop/catalog/migrations/0007_product_tags.py:11 Migration "
                "catalog.0007_product_tags dependencies reference nonexistent parent node ('taggit', "
                "'0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'): app 'taggit' has no "
                "migrations in this repository (third-party app?)",
                "dj-no-migration-class error shop/catalog/migrations/helpers.py:0 migration module defines or imports "
                "no Migration class; Django refuses to load it",
                "dj-multiple-leaves error shop/orders/migrations/0005_order_gift_wrap.py:6 Conflicting migrations "
                "detected; multiple leaf nodes in the migration graph: (0005_order_discount, 0005_order_gift_wrap in "
                "orders). To fix them run 'python manage.py makemigrations --merge'",
                "dj-number-clash warning shop/orders/migrations/0005_order_gift_wrap.py:6 orders.0005_order_discount "
                "and orders.0005_order_gift_wrap share the number 0005 and neither depends on the other",
            }));
}

TEST(Fixtures, DjangoShopCycle) {
  EXPECT_EQ(all_findings(fixture("django_shop", "cycle")),
            (Strings{"dj-cycle error shop/accounts/migrations/0004_user_default_invoice.py:11 Circular dependency: "
                     "accounts.0004_user_default_invoice -> payments.0001_initial -> "
                     "accounts.0004_user_default_invoice (each migration depends on the next)"}));
}

TEST(Fixtures, DjangoShopCycleEditsAnAppliedMigration) {
  const auto base = fixture("django_shop"), head = fixture("django_shop", "cycle");
  const std::vector<FileChange> changes = {
      {FileChange::Status::kAdded, "", "shop/accounts/migrations/0004_user_default_invoice.py", "1111"},
      {FileChange::Status::kModified, "shop/billing/migrations/0001_initial.py",
       "shop/billing/migrations/0001_initial.py", "2222"},
  };
  EXPECT_EQ(lines(audit_edited_applied(base, head, changes)),
            (Strings{"dj-edited-applied error shop/billing/migrations/0001_initial.py:16 migration payments.0001_initial "
                     "exists at the merge base and is modified; databases that applied it will not run it again: "
                     "revert and add a new migration @2222"}));
}

TEST(Fixtures, DjangoLinearIsHealthy) { EXPECT_EQ(all_findings(fixture("django_linear")), Strings{}); }

TEST(Fixtures, DjangoLinearMergeConflict) {
  EXPECT_EQ(all_findings(fixture("django_linear", "merge_conflict")),
            (Strings{
                "dj-max-migration error src/blog/migrations/max_migration.txt:1 max_migration.txt of app 'blog' names "
                "'0003_post_published', but the latest migration is '0004_post_summary'",
                "dj-multiple-leaves error src/comments/migrations/0003_comment_votes.py:6 Conflicting migrations "
                "detected; multiple leaf nodes in the migration graph: (0003_comment_flag, 0003_comment_votes in "
                "comments). To fix them run 'python manage.py makemigrations --merge'",
                "dj-number-clash warning src/comments/migrations/0003_comment_votes.py:6 comments.0003_comment_flag "
                "and comments.0003_comment_votes share the number 0003 and neither depends on the other",
                "dj-max-migration error src/comments/migrations/max_migration.txt:2 max_migration.txt of app "
                "'comments' has 2 lines; it must name only the app's latest migration",
                "dj-max-migration error src/tags/migrations/max_migration.txt:0 app 'tags' has no max_migration.txt "
                "while other apps use django-linear-migrations; run 'python manage.py create_max_migration_files'",
            }));
}

TEST(Fixtures, AlembicPlatformIsHealthy) {
  const auto files = fixture("alembic_platform");
  const GraphReport r = audit_alembic(files, {});
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.alembic_revisions, 12u);
  EXPECT_EQ(all_findings(files), Strings{});
}

TEST(Fixtures, AlembicPlatformBrokenHistory) {
  const std::string v = "alembic/versions/2024_";
  EXPECT_EQ(all_findings(fixture("alembic_platform", "broken_history")),
            (Strings{
                "al-duplicate-revision error " + v + "01_10_0930-4f1c2a9b7d01_create_users_v2.py:13 revision "
                "'4f1c2a9b7d01' is also defined in " + v + "01_10_0900-4f1c2a9b7d01_create_users.py",
                "al-fk-no-ondelete warning " + v + "03_10_0900-0c2e4a6b8d11_add_subscriptions.py:23 sa.ForeignKey(...) "
                "has no ondelete=; state what deleting the referenced row does (CASCADE, SET NULL, RESTRICT)",
                "al-fk-no-ondelete warning " + v + "03_10_0900-0c2e4a6b8d11_add_subscriptions.py:25 "
                "sa.ForeignKeyConstraint(...) has no ondelete=; state what deleting the referenced row does "
                "(CASCADE, SET NULL, RESTRICT)",
                // 7f9b1d3e5a13 hangs from a dangling down_revision: not a head to merge.
                "al-multiple-heads error " + v + "03_10_1000-5e7a9c1b3d12_placeholder.py:13 multiple heads in "
                "alembic/versions: 0c2e4a6b8d11 (" + v + "03_10_0900-0c2e4a6b8d11_add_subscriptions.py), "
                "5e7a9c1b3d12 (" + v + "03_10_1000-5e7a9c1b3d12_placeholder.py); merge them with 'alembic merge "
                "heads'",
                "al-empty-upgrade warning " + v + "03_10_1000-5e7a9c1b3d12_placeholder.py:19 upgrade() of revision "
                "'5e7a9c1b3d12' does nothing (only pass or a docstring)",
                "al-missing-revision error " + v + "03_11_0900_add_payment_methods.py:0 revision file assigns no "
                "revision id ('revision = \"...\"')",
                "al-dangling-reference error " + v + "03_12_0900-7f9b1d3e5a13_add_webhooks.py:14 down_revision "
                "'d41d8cd98f00' of revision '7f9b1d3e5a13' names no revision or branch label in alembic/versions",
                "al-fk-no-ondelete warning " + v + "03_12_0900-7f9b1d3e5a13_add_webhooks.py:26 "
                "op.create_foreign_key(...) has no ondelete=; state what deleting the referenced row does "
                "(CASCADE, SET NULL, RESTRICT)",
            }));
}

TEST(Fixtures, AlembicBranchesWithDistinctLabels) {
  const auto files = fixture("alembic_branches");
  EXPECT_EQ(all_findings(files, GraphOptions{true}), Strings{});
  EXPECT_EQ(all_findings(files),
            (Strings{"al-multiple-heads error migrations/versions/tenant/1f2e3d4c5b02_project_owner.py:13 multiple "
                     "heads in migrations/versions/shared (and others): 0a1b2c3d4e02 "
                     "(migrations/versions/shared/0a1b2c3d4e02_tenant_domains.py), 1f2e3d4c5b02 "
                     "(migrations/versions/tenant/1f2e3d4c5b02_project_owner.py); merge them with 'alembic merge "
                     "heads' (or, if they are branches meant to stay apart, each with its branch_labels, allow them: "
                     "git config migrate.check.alembicAllowLabelledHeads true)"}));
}

TEST(Fixtures, AlembicDialectTreesAreFoundBelowAPackageResourceLocation) {
  const auto files = fixture("alembic_dialects");
  const std::string m = "src/tracker/server/database/_migrations/versions";
  const auto envs = find_alembic_envs(files);
  std::vector<Strings> dirs;
  for (const auto& e : envs) dirs.push_back(e.dirs);
  // versions/ itself (empty), then one tree per dialect; versions_old/ beside
  // it is an archive Alembic does not run.
  EXPECT_EQ(dirs, (std::vector<Strings>{{m}, {m + "/postgresql"}, {m + "/sqlite"}}));
  EXPECT_EQ(envs[2].files.size(), 3u);
  const GraphReport r = audit_alembic(files, {});
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.alembic_revisions, 6u);
}

TEST(Fixtures, AlembicDialectTreesEachAudited) {
  const std::string m = "src/tracker/server/database/_migrations/versions/";
  EXPECT_EQ(all_findings(fixture("alembic_dialects", "broken")),
            (Strings{
                "al-multiple-heads error " + m + "postgresql/9a8b7c6d5e05_b.py:13 multiple heads in " + m +
                    "postgresql: 9a8b7c6d5e04 (" + m + "postgresql/9a8b7c6d5e04_a.py), 9a8b7c6d5e05 (" + m +
                    "postgresql/9a8b7c6d5e05_b.py); merge them with 'alembic merge heads'",
                "al-cycle error " + m + "sqlite/1d0c7e2a4b04_tags.py:14 revision '1d0c7e2a4b04' names itself as its "
                    "down_revision or depends_on",
                "al-dangling-reference error " + m + "sqlite/1d0c7e2a4b05_labels.py:14 down_revision '9a8b7c6d5e03' "
                    "of revision '1d0c7e2a4b05' names no revision or branch label in " + m + "sqlite",
            }));
}

TEST(Fixtures, AlembicPyprojectVersionLocationsAndFlaskMigrate) {
  const auto files = fixture("alembic_pyproject");
  const auto envs = find_alembic_envs(files);
  ASSERT_EQ(envs.size(), 2u);
  EXPECT_EQ(envs[0].config, "pyproject.toml");
  EXPECT_EQ(envs[0].dirs, (Strings{"ledger/migrations/versions", "plugins/audit/versions"}));
  EXPECT_EQ(envs[1].config, "services/mailer/migrations/alembic.ini");
  EXPECT_EQ(envs[1].dirs, Strings{"services/mailer/migrations/versions"});
  const GraphReport r = audit_alembic(files, {});
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.alembic_revisions, 5u);
}

TEST(Fixtures, AlembicConfigurationWithoutAnyTreeWarnsOnce) {
  EXPECT_EQ(all_findings(fixture("alembic_pyproject", "lost")),
            (Strings{
                "al-no-version-tree warning reports/alembic.ini:0 no folder of Alembic revision files found for this "
                "configuration (looked in reports/alembic/versions), so the al-* rules audit nothing here; set "
                "script_location or version_locations to the folder that holds the revisions",
                "al-no-version-tree warning tools/alembic/env.py:0 no folder of Alembic revision files found for this "
                "env.py (looked in tools/alembic/versions), so the al-* rules audit nothing here; set "
                "script_location or version_locations to the folder that holds the revisions",
            }));
}

}  // namespace
}  // namespace migrate::rewrite::migrations
