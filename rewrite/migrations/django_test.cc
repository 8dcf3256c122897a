#include "rewrite/migrations/django.h"

#include <gtest/gtest.h>

#include "rewrite/migrations/file_sources.h"
#include "rewrite/migrations/test_support.h"

namespace migrate::rewrite::migrations {
namespace {

using testing::lines;
using Strings = std::vector<std::string>;

// A migration module with the given dependency entries (Python source of the
// list items) and optional extra class attributes.
std::string mig(const std::string& deps, const std::string& extra = "") {
  return "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n" + extra +
         "    dependencies = [" + deps + "]\n\n    operations = []\n";
}

MemoryFileSource app_files(std::map<std::string, std::string> files) {
  std::map<std::string, std::string> out;
  for (auto& [path, content] : files) {
    out[path] = content;
    const auto slash = path.rfind('/');
    const std::string dir = path.substr(0, slash);
    if (dir.size() >= 10 && dir.substr(dir.size() - 10) == "migrations") out.emplace(dir + "/__init__.py", "");
  }
  return MemoryFileSource(out);
}

Strings audit(const MemoryFileSource& files) { return lines(audit_django(files).findings); }

// --- parsing ---------------------------------------------------------------

TEST(DjangoParse, ReadsTheMigrationClassLists) {
  ParsedFile f(
      "from django.conf import settings\nfrom django.db import migrations\n\n"
      "class Migration(migrations.Migration):\n"
      "    initial = True\n"
      "    replaces = [('shop', '0001_initial'), (\"shop\", '0002_x')]\n"
      "    dependencies: list = [\n"
      "        migrations.swappable_dependency(settings.AUTH_USER_MODEL),\n"
      "        ('auth', '0012_' 'alter_user_first_name_max_length'),\n"
      "        ['catalog', '__first__'],\n"
      "        BASE,\n"
      "    ]\n"
      "    run_before = [('billing', '0003_invoice')]\n");
  const DjangoModule m = parse_django_migration(f);
  EXPECT_TRUE(m.has_migration);
  EXPECT_TRUE(m.class_found);
  EXPECT_EQ(m.class_line, 4u);
  EXPECT_EQ(m.initial, std::optional<bool>(true));
  ASSERT_EQ(m.replaces.size(), 2u);
  EXPECT_EQ(m.replaces[1].name, "0002_x");
  ASSERT_EQ(m.dependencies.size(), 2u);
  EXPECT_EQ(m.dependencies[0].app, "auth");
  EXPECT_EQ(m.dependencies[0].name, "0012_alter_user_first_name_max_length");
  EXPECT_EQ(m.dependencies[0].line, 9u);
  EXPECT_EQ(m.dependencies[1].app, "catalog");
  EXPECT_EQ(m.dependencies[1].name, "__first__");
  ASSERT_EQ(m.run_before.size(), 1u);
  EXPECT_EQ(m.run_before[0].line, 13u);
  EXPECT_EQ(m.computed, 2u);
  EXPECT_EQ(m.swappable, 1u);
}

TEST(DjangoParse, ImportedMigrationCountsAsDefinedButUnreadable) {
  ParsedFile f("from .base import Migration\n");
  const DjangoModule m = parse_django_migration(f);
  EXPECT_TRUE(m.has_migration);
  EXPECT_FALSE(m.class_found);
  EXPECT_EQ(m.computed, 1u);
}

TEST(DjangoParse, AugmentedAndComputedListsAreCounted) {
  ParsedFile f("class Migration(M):\n    dependencies = BASE\n    dependencies += [('a', 'b')]\n");
  const DjangoModule m = parse_django_migration(f);
  EXPECT_TRUE(m.dependencies.empty());
  EXPECT_EQ(m.computed, 2u);
}

TEST(DjangoParse, NoMigrationAndASyntaxError) {
  ParsedFile f("from django.db import migrations\n\nclass Migraton(migrations.Migration:\n    pass\n");
  const DjangoModule m = parse_django_migration(f);
  EXPECT_FALSE(m.has_migration);
  EXPECT_EQ(m.syntax_error_line, 3u);
}

TEST(DjangoParse, MigrationDefinedInsideAGuard) {
  ParsedFile f("try:\n    from x import Migration\nexcept ImportError:\n    Migration = None\n");
  EXPECT_TRUE(parse_django_migration(f).has_migration);
}

// --- finding apps -----------------------------------------------------------

TEST(DjangoApps, FindsPackagesModulesAndLabels) {
  MemoryFileSource files({
      {"shop/orders/migrations/__init__.py", ""},
      {"shop/orders/migrations/0001_initial.py", ""},
      {"shop/orders/migrations/0002_b.py", ""},
      {"shop/orders/migrations/_helpers.py", ""},
      {"shop/orders/migrations/~0003_tmp.py", ""},
      {"shop/orders/migrations/max_migration.txt", "0002_b\n"},
      {"shop/orders/migrations/sub/__init__.py", ""},
      {"shop/orders/migrations/sub/0009_x.py", ""},
      {"shop/orders/apps.py",
       "from django.apps import AppConfig\n\nclass OrdersConfig(AppConfig):\n    name = 'shop.orders'\n"
       "    label = 'shop_orders'\n"},
      {"blog/migrations/0001_initial.py", ""},  // no __init__.py: a namespace package, unmigrated
      {"flaskapp/migrations/__init__.py", ""},   // a Flask-Migrate environment
      {"flaskapp/migrations/env.py", ""},
      {"flaskapp/migrations/script.py.mako", ""},
      {"flaskapp/migrations/versions/abc_x.py", ""},
      {"migrations/__init__.py", ""},  // at the root: no app
      {"migrations/0001_initial.py", ""},
  });
  const auto apps = find_django_apps(files);
  ASSERT_EQ(apps.size(), 1u);
  EXPECT_EQ(apps[0].label, "shop_orders");
  EXPECT_EQ(apps[0].app_dir, "shop/orders");
  EXPECT_EQ(apps[0].migrations_dir, "shop/orders/migrations");
  EXPECT_EQ(apps[0].modules, (Strings{"shop/orders/migrations/0001_initial.py", "shop/orders/migrations/0002_b.py"}));
  EXPECT_TRUE(apps[0].has_max_migration);
}

TEST(DjangoApps, DefaultAppConfigLabelWins) {
  MemoryFileSource files({
      {"core/migrations/__init__.py", ""},
      {"core/apps.py",
       "class A(AppConfig):\n    label = 'first'\n\nclass B(AppConfig):\n    default = True\n    label = 'chosen'\n"},
  });
  EXPECT_EQ(find_django_apps(files).at(0).label, "chosen");
}

// A package called migrations/ that Django has nothing to do with: the
// tests of an Alembic project's revisions (test_<revision>.py), with no
// apps.py, no numbered module and no mention of Django or Migration. It used
// to be taken for an app, and every module reported as dj-no-migration-class.
TEST(DjangoApps, APackageWithoutDjangoEvidenceIsNoApp) {
  MemoryFileSource files({
      {"net/tests/functional/db/migrations/__init__.py", ""},
      {"net/tests/functional/db/migrations/test_b1bc_add_range.py",
       "from net.tests.functional.db import test_migrations\n\n\nclass TestAddRange(test_migrations.TestWalkMigrations):\n"
       "    def _check_b1bc(self, engine, data):\n        pass\n"},
      // Each of these shows Django: a numbered module, an apps.py, a module naming Migration.
      {"shop/migrations/__init__.py", ""},
      {"shop/migrations/0001_initial.py", ""},
      {"blog/migrations/__init__.py", ""},
      {"blog/migrations/initial.py", ""},
      {"blog/apps.py", "from django.apps import AppConfig\n"},
      {"wiki/migrations/__init__.py", ""},
      {"wiki/migrations/first.py", "from somewhere import Migration\n"},
  });
  Strings dirs;
  for (const DjangoApp& app : find_django_apps(files)) dirs.push_back(app.migrations_dir);
  EXPECT_EQ(dirs, (Strings{"blog/migrations", "shop/migrations", "wiki/migrations"}));
  EXPECT_EQ(audit(files), (Strings{"dj-no-migration-class error blog/migrations/initial.py:0 migration module defines "
                                   "or imports no Migration class; Django refuses to load it",
                                   "dj-no-migration-class error shop/migrations/0001_initial.py:0 migration module "
                                   "defines or imports no Migration class; Django refuses to load it"}));
}

// --- dj-multiple-leaves -----------------------------------------------------

TEST(DjangoLeaves, TwoLeavesAreAConflictWithDjangosMessage) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0002_b.py", mig("('shop', '0001_initial')")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "dj-multiple-leaves error shop/migrations/0002_b.py:4 Conflicting migrations detected; multiple leaf "
                "nodes in the migration graph: (0002_a, 0002_b in shop). To fix them run 'python manage.py "
                "makemigrations --merge'",
                "dj-number-clash warning shop/migrations/0002_b.py:4 shop.0002_a and shop.0002_b share the number "
                "0002 and neither depends on the other",
            }));
}

TEST(DjangoLeaves, ALinearChainHasOneLeaf) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("", "    initial = True\n")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0003_b.py", mig("('shop', '0002_a')")},
  });
  const GraphReport r = audit_django(files);
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.django_migrations, 3u);
}

TEST(DjangoLeaves, AMergeMigrationLeavesOneLeaf) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0002_b.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0003_merge_20240101_1200.py", mig("('shop', '0002_a'), ('shop', '0002_b')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoLeaves, ReplacedMigrationsAreNotLeaves) {
  // The squash sits beside the migrations it replaces; 0004 depends on a
  // replaced one and is remapped onto the squash.
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0003_b.py", mig("('shop', '0002_a')")},
      {"shop/migrations/0001_squashed_0003_b.py",
       mig("", "    replaces = [('shop', '0001_initial'), ('shop', '0002_a'), ('shop', '0003_b')]\n")},
      {"shop/migrations/0004_c.py", mig("('shop', '0003_b')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoLeaves, ASquashWhoseReplacedFilesAreGoneStillCarriesTheirDependents) {
  auto files = app_files({
      {"shop/migrations/0001_squashed_0003_b.py",
       mig("", "    replaces = [('shop', '0001_initial'), ('shop', '0002_a'), ('shop', '0003_b')]\n")},
      {"shop/migrations/0004_c.py", mig("('shop', '0003_b')")},
      {"billing/migrations/0001_initial.py", mig("('shop', '0002_a')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoLeaves, AMigrationBesideASquashThatNothingMergesIsASecondLeaf) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0001_squashed_0002_a.py",
       mig("", "    replaces = [('shop', '0001_initial'), ('shop', '0002_a')]\n")},
      {"shop/migrations/0003_b.py", mig("('shop', '0002_a')")},
      {"shop/migrations/0003_c.py", mig("('shop', '0001_squashed_0002_a')")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "dj-multiple-leaves error shop/migrations/0003_c.py:4 Conflicting migrations detected; multiple leaf "
                "nodes in the migration graph: (0003_b, 0003_c in shop). To fix them run 'python manage.py "
                "makemigrations --merge'",
                "dj-number-clash warning shop/migrations/0003_c.py:4 shop.0003_b and shop.0003_c share the number "
                "0003 and neither depends on the other",
            }));
}

TEST(DjangoLeaves, NestedSquashes) {
  auto files = app_files({
      {"shop/migrations/0001_squashed_0002.py", mig("", "    replaces = [('shop', '0001_a'), ('shop', '0002_b')]\n")},
      {"shop/migrations/0003_c.py", mig("('shop', '0002_b')")},
      {"shop/migrations/0001_squashed_0003.py",
       mig("", "    replaces = [('shop', '0001_squashed_0002'), ('shop', '0003_c')]\n")},
      {"shop/migrations/0004_d.py", mig("('shop', '0003_c')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoLeaves, RunBeforeOrdersTwoMigrations) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')", "    run_before = [('shop', '0002_b')]\n")},
      {"shop/migrations/0002_b.py", mig("('shop', '0001_initial')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoLeaves, RunBeforeIntoAnotherAppDoesNotMergeThisOne) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("", "    run_before = [('billing', '0001_initial')]\n")},
      {"billing/migrations/0001_initial.py", mig("")},
      {"billing/migrations/0002_a.py", mig("('billing', '0001_initial')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoLeaves, ComputedInAppEntriesMakeTheLeavesUnknown) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0003_b.py", mig("PREVIOUS")},
  });
  const GraphReport r = audit_django(files);
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.computed_entries_skipped, 1u);
}

// --- dj-missing-dependency --------------------------------------------------

TEST(DjangoMissing, InternalAndCrossAppReferencesToNothing) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial'),\n        ('shop', '0001_inital')")},
      {"billing/migrations/0001_initial.py",
       mig("('shop', '0009_nope')", "    run_before = [('shop', '0007_gone')]\n")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "dj-missing-dependency error billing/migrations/0001_initial.py:5 Migration billing.0001_initial "
                "dependencies reference nonexistent child node ('shop', '0007_gone')",
                "dj-missing-dependency error billing/migrations/0001_initial.py:6 Migration billing.0001_initial "
                "dependencies reference nonexistent parent node ('shop', '0009_nope')",
                "dj-missing-dependency error shop/migrations/0002_a.py:6 Migration shop.0002_a dependencies "
                "reference nonexistent parent node ('shop', '0001_inital')",
            }));
}

TEST(DjangoMissing, ThirdPartyAppsWarnAndDjangoContribIsKnown) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py",
       mig("('auth', '0012_alter_user_first_name_max_length'),\n"
           "        ('contenttypes', '__first__'),\n"
           "        ('taggit', '0003_taggeditem_add_unique_index'),\n"
           "        ('sites', '0099_future'),\n"
           "        ('allauth', '__first__')")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "dj-missing-dependency warning shop/migrations/0001_initial.py:7 Migration shop.0001_initial "
                "dependencies reference nonexistent parent node ('taggit', '0003_taggeditem_add_unique_index'): app "
                "'taggit' has no migrations in this repository (third-party app?)",
                "dj-missing-dependency warning shop/migrations/0001_initial.py:8 Migration shop.0001_initial "
                "dependencies reference nonexistent parent node ('sites', '0099_future'): app 'sites' has no "
                "migrations in this repository (third-party app?)",
                "dj-missing-dependency warning shop/migrations/0001_initial.py:9 dependency ('allauth', '__first__') "
                "of shop.0001_initial: app 'allauth' has no migrations in this repository (third-party app?)",
            }));
}

TEST(DjangoMissing, FirstAndLatestResolveAcrossApps) {
  auto files = app_files({
      {"users/migrations/0001_initial.py", mig("")},
      {"users/migrations/0002_a.py", mig("('users', '0001_initial')")},
      {"shop/migrations/0001_initial.py", mig("('users', '__first__')")},
      {"shop/migrations/0002_b.py", mig("('shop', '0001_initial'), ('users', '__latest__')")},
      {"shop/migrations/0003_c.py", mig("('shop', '__first__'), ('shop', '0002_b')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoMissing, FirstOfARepositoryAppWithoutMigrations) {
  auto files = app_files({
      {"users/migrations/__init__.py", ""},
      {"shop/migrations/0001_initial.py", mig("('users', '__first__')")},
  });
  EXPECT_EQ(audit(files), (Strings{"dj-missing-dependency error shop/migrations/0001_initial.py:5 dependency "
                                   "('users', '__first__') of shop.0001_initial: app 'users' has no migrations"}));
}

TEST(DjangoMissing, SwappableDependenciesAreSkippedAndCounted) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py",
       "from django.conf import settings\nfrom django.db import migrations\n\n"
       "class Migration(migrations.Migration):\n"
       "    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]\n"},
  });
  const GraphReport r = audit_django(files);
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.computed_entries_skipped, 1u);
}

// --- dj-cycle ---------------------------------------------------------------

TEST(DjangoCycle, TwoMigrationsDependingOnEachOther) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial'), ('billing', '0001_initial')")},
      {"billing/migrations/0001_initial.py", mig("('shop', '0002_a')")},
  });
  EXPECT_EQ(audit(files),
            (Strings{"dj-cycle error billing/migrations/0001_initial.py:5 Circular dependency: billing.0001_initial "
                     "-> shop.0002_a -> billing.0001_initial (each migration depends on the next)"}));
}

TEST(DjangoCycle, ASelfDependency) {
  auto files = app_files({{"shop/migrations/0001_initial.py", mig("('shop', '0001_initial')")}});
  EXPECT_EQ(audit(files),
            (Strings{"dj-cycle error shop/migrations/0001_initial.py:5 Circular dependency: shop.0001_initial -> "
                     "shop.0001_initial (each migration depends on the next)"}));
}

TEST(DjangoCycle, ADiamondIsNoCycle) {
  auto files = app_files({
      {"a/migrations/0001_initial.py", mig("")},
      {"b/migrations/0001_initial.py", mig("('a', '0001_initial')")},
      {"c/migrations/0001_initial.py", mig("('a', '0001_initial')")},
      {"d/migrations/0001_initial.py", mig("('b', '0001_initial'), ('c', '0001_initial')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

// --- dj-no-migration-class --------------------------------------------------

TEST(DjangoNoClass, AModuleWithoutMigration) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/utils.py", "def helper():\n    pass\n"},
      {"shop/migrations/_private.py", "def helper():\n    pass\n"},
      {"shop/migrations/0002_broken.py", "class Migration(migrations.Migration:\n    pass\n"},
      {"shop/migrations/0003_after.py", mig("('shop', '0002_broken')")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "dj-no-migration-class error shop/migrations/0002_broken.py:1 migration module has a syntax error at "
                "line 1, so Django cannot import its Migration class",
                "dj-no-migration-class error shop/migrations/utils.py:0 migration module defines or imports no "
                "Migration class; Django refuses to load it",
            }));
}

// --- dj-number-clash --------------------------------------------------------

TEST(DjangoNumberClash, OrderedSameNumbersAreFine) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0002_b.py", mig("('shop', '0002_a')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoNumberClash, UnorderedButJoinedByALaterMigration) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0002_b.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0003_c.py", mig("('shop', '0002_a')")},
      {"shop/migrations/0004_merge.py", mig("('shop', '0003_c'), ('shop', '0002_b')")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoNumberClash, ThreeWayClashIsReportedPerPair) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0002_b.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0002_c.py", mig("('shop', '0002_a')")},
      {"shop/migrations/0003_merge.py", mig("('shop', '0002_c'), ('shop', '0002_b')")},
      {"shop/migrations/0003_d.py", mig("('shop', '0002_b')")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "dj-multiple-leaves error shop/migrations/0003_merge.py:4 Conflicting migrations detected; multiple "
                "leaf nodes in the migration graph: (0003_d, 0003_merge in shop). To fix them run 'python manage.py "
                "makemigrations --merge'",
                "dj-number-clash warning shop/migrations/0003_merge.py:4 shop.0003_d and shop.0003_merge share the "
                "number 0003 and neither depends on the other",
            }));
}

// --- dj-max-migration -------------------------------------------------------

MemoryFileSource linear_apps(const std::string& shop_max, bool billing_max = true) {
  std::map<std::string, std::string> files = {
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"billing/migrations/0001_initial.py", mig("")},
      {"shop/migrations/max_migration.txt", shop_max},
  };
  if (billing_max) files["billing/migrations/max_migration.txt"] = "0001_initial\n";
  return app_files(files);
}

TEST(DjangoMaxMigration, NamesTheLatest) { EXPECT_EQ(audit(linear_apps("0002_a\n")), Strings{}); }

TEST(DjangoMaxMigration, NotTheLatest) {
  EXPECT_EQ(audit(linear_apps("0001_initial\n")),
            (Strings{"dj-max-migration error shop/migrations/max_migration.txt:1 max_migration.txt of app 'shop' "
                     "names '0001_initial', but the latest migration is '0002_a'"}));
}

TEST(DjangoMaxMigration, NotAMigration) {
  EXPECT_EQ(audit(linear_apps("0003_b\n")),
            (Strings{"dj-max-migration error shop/migrations/max_migration.txt:1 max_migration.txt of app 'shop' "
                     "names '0003_b', which is not a migration of the app"}));
}

TEST(DjangoMaxMigration, SeveralLines) {
  EXPECT_EQ(audit(linear_apps("0002_a\n0001_initial\n")),
            (Strings{"dj-max-migration error shop/migrations/max_migration.txt:2 max_migration.txt of app 'shop' has "
                     "2 lines; it must name only the app's latest migration"}));
}

TEST(DjangoMaxMigration, MissingWhereOtherAppsHaveOne) {
  EXPECT_EQ(audit(linear_apps("0002_a\n", false)),
            (Strings{"dj-max-migration error billing/migrations/max_migration.txt:0 app 'billing' has no "
                     "max_migration.txt while other apps use django-linear-migrations; run 'python manage.py "
                     "create_max_migration_files'"}));
}

TEST(DjangoMaxMigration, NotUsedAtAll) {
  auto files = app_files({{"shop/migrations/0001_initial.py", mig("")}});
  EXPECT_EQ(audit(files), Strings{});
}

TEST(DjangoMaxMigration, WithASquashTheSquashIsTheLatest) {
  auto files = app_files({
      {"shop/migrations/0001_initial.py", mig("")},
      {"shop/migrations/0002_a.py", mig("('shop', '0001_initial')")},
      {"shop/migrations/0001_squashed_0002_a.py",
       mig("", "    replaces = [('shop', '0001_initial'), ('shop', '0002_a')]\n")},
      {"shop/migrations/max_migration.txt", "0001_squashed_0002_a\n"},
  });
  EXPECT_EQ(audit(files), Strings{});
}

}  // namespace
}  // namespace migrate::rewrite::migrations
