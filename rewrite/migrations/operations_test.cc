#include "rewrite/migrations/operations.h"

#include <gtest/gtest.h>

#include "rewrite/migrations/file_sources.h"
#include "rewrite/migrations/operations_internal.h"
#include "rewrite/migrations/test_support.h"

namespace migrate::rewrite::migrations {
namespace {

using testing::lines;
using Strings = std::vector<std::string>;

// "<kind> <name> @<line>[ reverse][ elidable][ import=<module>:<name>]"
Strings summary(const std::vector<Operation>& ops) {
  Strings out;
  for (const Operation& op : ops) {
    const char* kind = op.kind == Operation::Kind::kRunPython ? "python"
                       : op.kind == Operation::Kind::kRunSQL  ? "sql"
                       : op.kind == Operation::Kind::kCustom  ? "custom"
                                                              : "data";
    std::string s = std::string(kind) + " " + op.name + " @" + std::to_string(op.line);
    if (op.reverse) s += " reverse";
    if (op.elidable) s += " elidable";
    if (!op.import_module.empty()) s += " import=" + op.import_module + ":" + op.import_name;
    out.push_back(s);
  }
  return out;
}

Strings django_ops(const std::string& source) { return summary(django_operations(ParsedFile(source))); }
Strings alembic_ops(const std::string& source) { return summary(alembic_operations(ParsedFile(source))); }

const char* kCheckpointer =  // custom work a squash must carry (docs/workflow.md), llmchat/0003
    "from django.db import migrations\n"
    "\n"
    "\n"
    "def setup_checkpointer(apps, schema_editor):\n"
    "    \"\"\"Set up the LangGraph checkpointer tables.\"\"\"\n"
    "    from langgraph.checkpoint.postgres import PostgresSaver\n"
    "    import environ\n"
    "\n"
    "    env = environ.Env()\n"
    "    conn_string = env.str(\"DATABASE_URL\")\n"
    "\n"
    "    with PostgresSaver.from_conn_string(conn_string) as checkpointer:\n"
    "        checkpointer.setup()\n"
    "\n"
    "\n"
    "def teardown_checkpointer(apps, schema_editor):\n"
    "    \"\"\"Remove the LangGraph checkpointer tables.\"\"\"\n"
    "    from django.db import connection\n"
    "\n"
    "    with connection.cursor() as cursor:\n"
    "        cursor.execute(\"DROP TABLE IF EXISTS checkpoints CASCADE;\")\n"
    "        cursor.execute(\"DROP TABLE IF EXISTS checkpoint_writes CASCADE;\")\n"
    "\n"
    "\n"
    "class Migration(migrations.Migration):\n"
    "    dependencies = [\n"
    "        (\"llmchat\", \"0002_thread\"),\n"
    "    ]\n"
    "\n"
    "    operations = [\n"
    "        migrations.RunPython(setup_checkpointer, teardown_checkpointer),\n"
    "    ]\n";

// The same two functions written again by hand in a new migration: other
// names, other docstrings and comments, other layout, other quotes.
const char* kCheckpointerCarried =
    "from django.db import migrations\n"
    "\n"
    "def forwards(apps, schema_editor):\n"
    "    '''Carried over from the old 0003.'''\n"
    "    from langgraph.checkpoint.postgres import PostgresSaver\n"
    "    import environ\n"
    "    env = environ.Env()  # the database URL\n"
    "    conn_string = env.str('DATABASE_URL')\n"
    "    with PostgresSaver.from_conn_string(conn_string) as checkpointer:\n"
    "        checkpointer.setup()\n"
    "\n"
    "def backwards(apps, schema_editor):\n"
    "    from django.db import connection\n"
    "    with connection.cursor() as cursor:\n"
    "        cursor.execute('DROP TABLE IF EXISTS checkpoints CASCADE;')\n"
    "        cursor.execute('DROP TABLE IF EXISTS checkpoint_writes CASCADE;',)\n"
    "\n"
    "class Migration(migrations.Migration):\n"
    "    dependencies = [(\"llmchat\", \"0001_initial\")]\n"
    "    operations = [migrations.RunPython(code=forwards, reverse_code=backwards)]\n";

// --- extraction ---------------------------------------------------------------

TEST(DjangoOperations, RunPythonFunctionsAtTheirDefinitions) {
  EXPECT_EQ(django_ops(kCheckpointer), (Strings{"python setup_checkpointer @4", "python teardown_checkpointer @16 reverse"}));
}

TEST(DjangoOperations, FingerprintIgnoresNamesDocstringsCommentsLayoutAndQuotes) {
  const auto old_ops = django_operations(ParsedFile(kCheckpointer));
  const auto new_ops = django_operations(ParsedFile(kCheckpointerCarried));
  ASSERT_EQ(old_ops.size(), 2u);
  ASSERT_EQ(new_ops.size(), 2u);
  EXPECT_EQ(old_ops[0].fingerprint, new_ops[0].fingerprint);
  EXPECT_EQ(old_ops[1].fingerprint, new_ops[1].fingerprint);
  EXPECT_NE(old_ops[0].fingerprint, old_ops[1].fingerprint);
}

TEST(DjangoOperations, AChangedBodyIsAnotherFingerprint) {
  std::string edited = kCheckpointerCarried;
  edited.replace(edited.find("checkpointer.setup()"), 20, "checkpointer.setup(True)");
  EXPECT_NE(django_operations(ParsedFile(kCheckpointer))[0].fingerprint,
            django_operations(ParsedFile(edited))[0].fingerprint);
}

TEST(DjangoOperations, SqlCustomNestedElidableLambdaImportedAndNoop) {
  const std::string source =
      "from django.contrib.postgres.operations import CreateExtension\n"       // 1
      "from django.db import migrations, models\n"                              // 2
      "from shop.data import fill_prices\n"                                      // 3
      "import shop.loaders as loaders\n"                                         // 4
      "\n"                                                                       // 5
      "VIEW = \"CREATE VIEW v AS SELECT 1\"\n"                                   // 6
      "\n"                                                                       // 7
      "class Migration(migrations.Migration):\n"                                 // 8
      "    operations = [\n"                                                     // 9
      "        CreateExtension(\"pg_trgm\"),\n"                                  // 10
      "        migrations.AddField(\"order\", \"note\", models.TextField()),\n"  // 11
      "        migrations.RunSQL(\n"                                             // 12
      "            [\"UPDATE shop_order SET note = ''\", (\"DELETE FROM t WHERE id = %s\", [1])],\n"  // 13
      "            migrations.RunSQL.noop,\n"                                    // 14
      "        ),\n"                                                             // 15
      "        migrations.RunSQL(VIEW, \"DROP VIEW v\", elidable=True),\n"       // 16
      "        migrations.SeparateDatabaseAndState(\n"                           // 17
      "            database_operations=[migrations.RunSQL(sql=\"ALTER TABLE a RENAME TO b\")],\n"  // 18
      "            state_operations=[migrations.RenameModel(\"A\", \"B\")],\n"   // 19
      "        ),\n"                                                             // 20
      "        migrations.RunPython(lambda apps, se: None, migrations.RunPython.noop),\n"  // 21
      "        migrations.RunPython(fill_prices, elidable=True),\n"              // 22
      "        migrations.RunPython(loaders.load_all),\n"                        // 23
      "    ]\n";
  EXPECT_EQ(django_ops(source), (Strings{
                                    "custom CreateExtension(\"pg_trgm\") @10",
                                    "sql UPDATE shop_order SET note = '' ; DELETE FROM t WHERE id = %s @13",
                                    "sql CREATE VIEW v AS SELECT 1 @16 elidable",
                                    "sql DROP VIEW v @16 reverse elidable",
                                    "sql ALTER TABLE a RENAME TO b @18",
                                    "python lambda apps, se: None @21",
                                    "python fill_prices @22 elidable import=shop.data:fill_prices",
                                    "python loaders.load_all @23 import=shop.loaders:load_all",
                                }));
}

TEST(DjangoOperations, NoopUnderItsFullPathAndMultiLineCustomOperations) {
  // Found in NetBox's history: a squash that spelled the noop in full, and a
  // project's own operation written over several lines.
  const std::string source =
      "from django.db import migrations\n"                                                       // 1
      "import django.db.migrations.operations.special\n"                                         // 2
      "def forwards(apps, se):\n"                                                                // 3
      "    pass\n"                                                                               // 4
      "class Migration(migrations.Migration):\n"                                                 // 5
      "    operations = [\n"                                                                     // 6
      "        migrations.RunPython(\n"                                                          // 7
      "            code=forwards,\n"                                                             // 8
      "            reverse_code=django.db.migrations.operations.special.RunPython.noop,\n"      // 9
      "        ),\n"                                                                             // 10
      "        AppTaggitAlterModelTable(\n"                                                      // 11
      "            'taggeditem', 'extras_taggeditem'),\n"                                        // 12
      "    ]\n";
  EXPECT_EQ(django_ops(source), (Strings{"python forwards @3", "custom AppTaggitAlterModelTable(...) @11"}));
}

TEST(DjangoOperations, NoMigrationClassNoOperations) {
  EXPECT_EQ(django_ops("def f(apps, se):\n    pass\n"), Strings{});
}

TEST(DjangoIrreversible, RunPythonWithoutReverseCodeAndRunSqlWithoutReverseSql) {
  const std::string source =
      "from django.db import migrations\n"                                           // 1
      "class Migration(migrations.Migration):\n"                                     // 2
      "    operations = [\n"                                                         // 3
      "        migrations.RunPython(load),\n"                                        // 4
      "        migrations.RunPython(load, migrations.RunPython.noop),\n"             // 5
      "        migrations.RunPython(code=load, reverse_code=None),\n"                // 6
      "        migrations.RunSQL(\"CREATE INDEX i ON t (c)\"),\n"                    // 7
      "        migrations.RunSQL(\"CREATE INDEX j ON t (c)\", reverse_sql=\"DROP INDEX j\"),\n"  // 8
      "    ]\n";
  Strings got;
  for (const auto& op : django_irreversible(ParsedFile(source))) {
    got.push_back(std::to_string(op.line) + " " + op.operation + " " + op.what);
  }
  EXPECT_EQ(got, (Strings{"4 RunPython load", "6 RunPython load", "7 RunSQL CREATE INDEX i ON t (c)"}));
}

TEST(NormaliseSql, TokensCaseCommentsAndTrailingSemicolon) {
  EXPECT_EQ(normalise_sql("  UPDATE  shop_Order\n   SET note='A b' -- why\n WHERE id=1;\n"),
            "update shop_order set note = 'A b' where id = 1");
  EXPECT_EQ(normalise_sql("update shop_order set note = 'A b' /* x */ where id = 1"),
            "update shop_order set note = 'A b' where id = 1");
  EXPECT_NE(normalise_sql("UPDATE t SET a = 'X'"), normalise_sql("UPDATE t SET a = 'x'"));
}

TEST(SqlSummary, OneLineCutWithDots) {
  EXPECT_EQ(sql_summary("\n    UPDATE alerts\n    SET options = jsonb_set(options, '{selector}', '\"first\"')\n"),
            "UPDATE alerts SET options = jsonb_set(options, '{selector}', '\"first\"')");
  EXPECT_EQ(sql_summary(std::string(40, 'a') + "\n  " + std::string(40, 'b'), 72),
            std::string(40, 'a') + " " + std::string(31, 'b') + "...");
  EXPECT_EQ(sql_summary("DELETE FROM t"), "DELETE FROM t");
}

TEST(AlembicOperations, DataWorkOfUpgradeAndItsHelpersOnly) {
  const std::string source =
      "from alembic import op\n"                                                  // 1
      "import sqlalchemy as sa\n"                                                 // 2
      "revision = 'b1'\n"                                                         // 3
      "down_revision = 'a1'\n"                                                    // 4
      "def _backfill(conn):\n"                                                    // 5
      "    conn.execute(sa.text(\"UPDATE users SET active = true\"))\n"           // 6
      "def upgrade():\n"                                                          // 7
      "    op.add_column('users', sa.Column('active', sa.Boolean()))\n"           // 8
      "    op.execute(\"INSERT INTO roles (name) VALUES ('admin')\")\n"          // 9
      "    roles = sa.table('roles', sa.column('name'))\n"                        // 10
      "    op.bulk_insert(roles, [{'name': 'staff'}])\n"                          // 11
      "    _backfill(op.get_bind())\n"                                            // 12
      "def downgrade():\n"                                                        // 13
      "    op.execute(\"DELETE FROM roles\")\n";                                  // 14
  EXPECT_EQ(alembic_ops(source), (Strings{
                                     "data UPDATE users SET active = true @6",
                                     "data INSERT INTO roles (name) VALUES ('admin') @9",
                                     "data op.bulk_insert(roles, [{'name': 'staff'}]) @11",
                                 }));
}

// Reads (SQL that starts with SELECT, SQLAlchemy's select()) change
// nothing: the writes that use their rows are the pieces.
TEST(AlembicOperations, ReadsAreNoWork) {
  const std::string source =
      "from alembic import op\n"                                                        // 1
      "import sqlalchemy as sa\n"                                                       // 2
      "def upgrade():\n"                                                                // 3
      "    conn = op.get_bind()\n"                                                      // 4
      "    rows = conn.execute(sa.text('SELECT id, layout FROM dashboards'))\n"         // 5
      "    ids = conn.execute(dashboards.select())\n"                                   // 6
      "    more = conn.execute(sa.select(dashboards.c.id))\n"                           // 7
      "    for r in rows:\n"                                                            // 8
      "        conn.execute(sa.text('UPDATE dashboards SET layout = :l'), {'l': r[1]})\n";  // 9
  EXPECT_EQ(alembic_ops(source), (Strings{"data UPDATE dashboards SET layout = :l @9"}));
}

TEST(AlembicOperations, SchemaOnlyUpgradeHasNone) {
  EXPECT_EQ(alembic_ops("from alembic import op\ndef upgrade():\n    op.create_table('t')\n"), Strings{});
}

// --- the audits ------------------------------------------------------------------

const char* kInit = "";
const char* kApps = "from django.apps import AppConfig\nclass LlmchatConfig(AppConfig):\n    name = 'llmchat'\n";

std::string schema_migration(const std::string& deps) {
  return "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n"
         "    initial = True\n    dependencies = [" + deps + "]\n"
         "    operations = [migrations.CreateModel(name='Thread', fields=[('id', models.AutoField(primary_key=True))])]\n";
}

const char* kLoadJourneys =
    "from django.db import migrations\n"               // 1
    "\n"                                               // 2
    "\n"                                               // 3
    "def load_journeys(apps, schema_editor):\n"        // 4
    "    from django.core.management import call_command\n"
    "    call_command(\"load_journeys\")\n"
    "\n"
    "\n"
    "def reverse_load_journeys(apps, schema_editor):\n"  // 9
    "    pass\n"
    "\n"
    "\n"
    "class Migration(migrations.Migration):\n"
    "    dependencies = [(\"journeys\", \"0003_step\")]\n"
    "    operations = [\n"
    "        migrations.RunPython(load_journeys, reverse_load_journeys),\n"
    "        migrations.RunSQL(\"CREATE INDEX journey_slug ON journeys_journey (slug)\", elidable=True),\n"  // 17
    "    ]\n";

MemoryFileSource before_squash() {
  return MemoryFileSource({
      {"llmchat/__init__.py", kInit},
      {"llmchat/apps.py", kApps},
      {"llmchat/migrations/__init__.py", kInit},
      {"llmchat/migrations/0001_initial.py", schema_migration("")},
      {"llmchat/migrations/0002_thread.py", schema_migration("('llmchat', '0001_initial')")},
      {"llmchat/migrations/0003_langgraph_checkpointer.py", kCheckpointer},
      {"journeys/migrations/__init__.py", kInit},
      {"journeys/migrations/0001_initial.py", schema_migration("")},
      {"journeys/migrations/0004_load_journeys.py", kLoadJourneys},
  });
}

// A squash (docs/workflow.md) whose custom work was not carried: every
// migration deleted, 0001_initial regenerated.
MemoryFileSource regenerated() {
  return MemoryFileSource({
      {"llmchat/__init__.py", kInit},
      {"llmchat/apps.py", kApps},
      {"llmchat/migrations/__init__.py", kInit},
      {"llmchat/migrations/0001_initial.py", schema_migration("('users', '0001_initial')")},
      {"journeys/migrations/__init__.py", kInit},
      {"journeys/migrations/0001_initial.py", schema_migration("('users', '0001_initial')")},
  });
}

Strings lost(const MemoryFileSource& start, const MemoryFileSource& end) {
  return lines(audit_lost_operations(start, end, nullptr).findings);
}

TEST(LostOperations, RegeneratedWithoutRunPythonReportsEveryFunctionAndSql) {
  EXPECT_EQ(lost(before_squash(), regenerated()),
            (Strings{
                "dj-lost-operation error journeys/migrations/0004_load_journeys.py:4 RunPython function load_journeys "
                "of deleted migration journeys.0004_load_journeys is in no migration at the end of the range; new "
                "databases will not run it: put it in a new migration",
                "dj-lost-operation error journeys/migrations/0004_load_journeys.py:9 RunPython reverse function "
                "reverse_load_journeys of deleted migration journeys.0004_load_journeys is in no migration at the end "
                "of the range; new databases will not run it: put it in a new migration",
                "dj-lost-operation info journeys/migrations/0004_load_journeys.py:17 RunSQL 'CREATE INDEX journey_slug "
                "ON journeys_journey (slug)' of deleted migration journeys.0004_load_journeys is in no migration at "
                "the end of the range (elidable=True: squashing may drop it)",
                "dj-lost-operation error llmchat/migrations/0003_langgraph_checkpointer.py:4 RunPython function "
                "setup_checkpointer of deleted migration llmchat.0003_langgraph_checkpointer is in no migration at "
                "the end of the range; new databases will not run it: put it in a new migration",
                "dj-lost-operation error llmchat/migrations/0003_langgraph_checkpointer.py:16 RunPython reverse "
                "function teardown_checkpointer of deleted migration llmchat.0003_langgraph_checkpointer is in no "
                "migration at the end of the range; new databases will not run it: put it in a new migration",
            }));
}

TEST(LostOperations, OneFunctionCarriedIntoANewMigrationOnlyTheOthersReported) {
  MemoryFileSource end = regenerated();
  end.set("llmchat/migrations/0002_setup_langgraph_checkpointer.py", kCheckpointerCarried);
  const LostOperations result = audit_lost_operations(before_squash(), end, nullptr);
  const Strings got = lines(result.findings);
  // Exactly the journeys findings of the test above: llmchat's are carried.
  Strings expected = lost(before_squash(), regenerated());
  expected.resize(3);
  EXPECT_EQ(got, expected);
  ASSERT_EQ(got.size(), 3u);
  for (const std::string& line : got) EXPECT_NE(line.find("journeys/"), std::string::npos) << line;
  EXPECT_EQ(result.causes, (Strings{"journeys/migrations/0004_load_journeys.py",
                                    "journeys/migrations/0004_load_journeys.py",
                                    "journeys/migrations/0004_load_journeys.py"}));
  // The deleted migrations are judged here, their work carried or not.
  EXPECT_EQ(result.judged_paths, (Strings{"journeys/migrations/0004_load_journeys.py",
                                          "llmchat/migrations/0002_thread.py",
                                          "llmchat/migrations/0003_langgraph_checkpointer.py"}));
}

TEST(LostOperations, FunctionMovedToAModuleAndImportedIsCarried) {
  MemoryFileSource end = regenerated();
  std::string module = kCheckpointer;
  module = module.substr(0, module.find("class Migration"));
  end.set("llmchat/checkpointer.py", module);
  end.set("llmchat/migrations/0002_checkpointer.py",
          "from django.db import migrations\n"
          "from llmchat.checkpointer import setup_checkpointer, teardown_checkpointer\n"
          "class Migration(migrations.Migration):\n"
          "    dependencies = [('llmchat', '0001_initial')]\n"
          "    operations = [migrations.RunPython(setup_checkpointer, teardown_checkpointer)]\n");
  const Strings got = lost(before_squash(), end);
  ASSERT_EQ(got.size(), 3u);  // journeys only
  for (const std::string& line : got) EXPECT_NE(line.find("journeys/"), std::string::npos) << line;
}

TEST(LostOperations, SameFunctionEditedInARenamedMigrationOfTheAppIsCarried) {
  // NetBox 1681dbfa3: 0044_jobresult renamed to 0043_jobresult and its
  // RunPython function given three more lines on the way.
  MemoryFileSource end = before_squash();
  end.erase("llmchat/migrations/0003_langgraph_checkpointer.py");
  std::string edited = kCheckpointer;
  edited.replace(edited.find("        checkpointer.setup()"), 28, "        checkpointer.setup()\n        checkpointer.verify()");
  end.set("llmchat/migrations/0002_langgraph_checkpointer.py", edited);
  EXPECT_EQ(lost(before_squash(), end), Strings{});
  // Another app's function of the same name does not carry it.
  end.erase("llmchat/migrations/0002_langgraph_checkpointer.py");
  end.set("journeys/migrations/0005_checkpointer.py", edited);
  EXPECT_EQ(lost(before_squash(), end).size(), 1u);  // setup_checkpointer; teardown is carried by its body
}

TEST(LostOperations, AnAppRemovedWithItsMigrationsIsNotReported) {
  // NetBox 744792452 removed the secrets app: its migrations run nowhere.
  MemoryFileSource end = before_squash();
  end.erase("journeys/migrations/__init__.py");
  end.erase("journeys/migrations/0001_initial.py");
  end.erase("journeys/migrations/0004_load_journeys.py");
  EXPECT_EQ(lost(before_squash(), end), Strings{});
}

TEST(LostOperations, SquashWithReplacesThatKeepsItsRunPythonIsNotReported) {
  MemoryFileSource start = before_squash();
  start.erase("journeys/migrations/0004_load_journeys.py");
  MemoryFileSource end = start;
  std::string squash = kCheckpointerCarried;
  squash.replace(squash.find("    dependencies"), std::string::npos,
                 "    replaces = [('llmchat', '0001_initial'), ('llmchat', '0002_thread'),\n"
                 "                ('llmchat', '0003_langgraph_checkpointer')]\n"
                 "    operations = [\n"
                 "        migrations.CreateModel(name='Thread', fields=[]),\n"
                 "        migrations.RunPython(forwards, backwards),\n"
                 "    ]\n");
  end.set("llmchat/migrations/0001_squashed_0003_langgraph_checkpointer.py", squash);
  EXPECT_EQ(lost(start, end), Strings{});  // the replaced migrations are still there
  end.erase("llmchat/migrations/0001_initial.py");
  end.erase("llmchat/migrations/0002_thread.py");
  end.erase("llmchat/migrations/0003_langgraph_checkpointer.py");
  EXPECT_EQ(lost(start, end), Strings{});  // and after they are deleted
}

TEST(LostOperations, SquashWithoutTheRunPythonReportsTheReplacedMigration) {
  MemoryFileSource start = before_squash();
  start.erase("journeys/migrations/0004_load_journeys.py");
  MemoryFileSource end = start;
  end.set("llmchat/migrations/0001_squashed_0003_langgraph_checkpointer.py",
          "from django.db import migrations\n"
          "class Migration(migrations.Migration):\n"
          "    replaces = [('llmchat', '0001_initial'), ('llmchat', '0002_thread'),\n"
          "                ('llmchat', '0003_langgraph_checkpointer')]\n"
          "    operations = [migrations.CreateModel(name='Thread', fields=[])]\n");
  const std::vector<std::string> changed{"llmchat/migrations/0001_squashed_0003_langgraph_checkpointer.py"};
  const LostOperations result = audit_lost_operations(start, end, &changed);
  EXPECT_EQ(lines(result.findings),
            (Strings{
                "dj-lost-operation error llmchat/migrations/0003_langgraph_checkpointer.py:4 RunPython function "
                "setup_checkpointer of migration llmchat.0003_langgraph_checkpointer, replaced by squashed migration "
                "llmchat.0001_squashed_0003_langgraph_checkpointer, is in no migration at the end of the range; new "
                "databases will not run it: put it in a new migration",
                "dj-lost-operation error llmchat/migrations/0003_langgraph_checkpointer.py:16 RunPython reverse "
                "function teardown_checkpointer of migration llmchat.0003_langgraph_checkpointer, replaced by "
                "squashed migration llmchat.0001_squashed_0003_langgraph_checkpointer, is in no migration at the end "
                "of the range; new databases will not run it: put it in a new migration",
            }));
  EXPECT_EQ(result.causes, (Strings{changed[0], changed[0]}));
}

TEST(LostOperations, UnchangedFilesAreNotLookedAt) {
  const std::vector<std::string> changed{"README.md"};
  EXPECT_EQ(lines(audit_lost_operations(before_squash(), regenerated(), &changed).findings), Strings{});
}

// An Alembic reset (docs/workflow.md): the revisions moved to
// versions_old_backup/, one baseline written.
std::string revision(const std::string& id, const std::string& down, const std::string& upgrade) {
  return "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '" + id + "'\ndown_revision = " + down +
         "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n" + upgrade +
         "\n\ndef downgrade():\n    pass\n";
}

MemoryFileSource alembic_tree(std::map<std::string, std::string> revisions) {
  std::map<std::string, std::string> files = {
      {"alembic.ini", "[alembic]\nscript_location = alembic\n"},
      {"alembic/env.py", "from alembic import context\n"},
  };
  for (auto& [path, text] : revisions) files[path] = text;
  return MemoryFileSource(files);
}

TEST(LostOperations, AlembicResetToOneBaseline) {
  const MemoryFileSource start = alembic_tree({
      {"alembic/versions/a1_users.py", revision("a1", "None", "    op.create_table('users')\n")},
      {"alembic/versions/b2_roles.py",
       revision("b2", "'a1'",
                "    op.create_table('roles')\n"  // line 11
                "    op.execute(\"INSERT INTO roles (name) VALUES ('admin')\")\n"
                "    conn = op.get_bind()\n"
                "    conn.execute(sa.text('UPDATE users SET role_id = 1'))\n")},
      {"alembic/versions/c3_tenants.py",
       revision("c3", "'b2'", "    op.execute('CREATE EXTENSION IF NOT EXISTS pgcrypto')\n")},
  });
  const MemoryFileSource end = alembic_tree({
      {"alembic/versions_old_backup/a1_users.py", start.read("alembic/versions/a1_users.py").value()},
      {"alembic/versions_old_backup/b2_roles.py", start.read("alembic/versions/b2_roles.py").value()},
      {"alembic/versions_old_backup/c3_tenants.py", start.read("alembic/versions/c3_tenants.py").value()},
      {"alembic/versions/0001_baseline.py",
       revision("0001", "None",
                "    op.create_table('users')\n    op.create_table('roles')\n"
                "    op.execute(\"create extension if not exists pgcrypto;\")\n")},
  });
  EXPECT_EQ(lost(start, end),
            (Strings{
                "al-lost-operation error alembic/versions/b2_roles.py:12 upgrade() of removed revision 'b2' ran "
                "'INSERT INTO roles (name) VALUES ('admin')', which no revision at the end of the range runs; "
                "databases built from the new history will not have it: put it in a new revision",
                "al-lost-operation error alembic/versions/b2_roles.py:14 upgrade() of removed revision 'b2' ran "
                "'UPDATE users SET role_id = 1', which no revision at the end of the range runs; databases built "
                "from the new history will not have it: put it in a new revision",
            }));
}

TEST(Irreversible, OnlyMigrationsAddedInTheRange) {
  MemoryFileSource start = regenerated();
  MemoryFileSource end = regenerated();
  end.set("llmchat/migrations/0001_initial.py", std::string(kCheckpointer));  // changed, not added
  end.set("journeys/migrations/0002_load_journeys.py", kLoadJourneys);
  EXPECT_EQ(lines(audit_irreversible(start, end, nullptr)),
            (Strings{
                "dj-irreversible warning journeys/migrations/0002_load_journeys.py:17 RunSQL 'CREATE INDEX "
                "journey_slug ON journeys_journey (slug)' of new migration journeys.0002_load_journeys has no "
                "reverse_sql, so the migration cannot be unapplied; give it one (migrations.RunSQL.noop when there "
                "is nothing to undo)",
            }));
  const std::vector<std::string> changed{"llmchat/migrations/0001_initial.py"};
  EXPECT_EQ(lines(audit_irreversible(start, end, &changed)), Strings{});
}

}  // namespace
}  // namespace migrate::rewrite::migrations
