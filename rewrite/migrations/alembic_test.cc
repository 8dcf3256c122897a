#include "rewrite/migrations/alembic.h"

#include <gtest/gtest.h>

#include "rewrite/migrations/file_sources.h"
#include "rewrite/migrations/test_support.h"

namespace migrate::rewrite::migrations {
namespace {

using testing::lines;
using Strings = std::vector<std::string>;

// A revision file as `alembic revision` writes it. `down` is Python source.
std::string rev(const std::string& id, const std::string& down, const std::string& extra = "",
                const std::string& upgrade = "    op.add_column('t', sa.Column('c', sa.Integer()))\n") {
  return "\"\"\"message\n\nRevision ID: " + id +
         "\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"  // lines 1-7
         "revision = '" + id + "'\n"                                       // line 8
         "down_revision = " + down + "\n"                                  // line 9
         "branch_labels = None\ndepends_on = None\n" + extra +             // lines 10-11
         "\n\ndef upgrade():\n" + upgrade + "\n\ndef downgrade():\n    pass\n";
}

MemoryFileSource env(std::map<std::string, std::string> revisions) {
  std::map<std::string, std::string> files = {
      {"alembic.ini", "[alembic]\nscript_location = migrations\nsqlalchemy.url = driver://user:pass@localhost/dbname\n"},
      {"migrations/env.py", "from alembic import context\n"},
      {"migrations/script.py.mako", "${up_revision}\n"},
  };
  for (auto& [name, text] : revisions) files["migrations/versions/" + name] = text;
  return MemoryFileSource(files);
}

Strings audit(const MemoryFileSource& files, GraphOptions options = {}) {
  return lines(audit_alembic(files, options).findings);
}

// --- parsing ---------------------------------------------------------------

TEST(AlembicParse, TypedTemplateWithTupleDownRevisionAndLabels) {
  ParsedFile f(
      "from typing import Sequence, Union\n\n"
      "revision: str = 'c3d4'\n"
      "down_revision: Union[str, Sequence[str], None] = ('a1b2', 'b2c3')\n"
      "branch_labels: Union[str, Sequence[str], None] = ('shop',)\n"
      "depends_on: Union[str, Sequence[str], None] = 'f00d'\n\n"
      "def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n    # ### commands auto generated ###\n    pass\n");
  const AlembicModule m = parse_alembic_revision(f);
  EXPECT_EQ(m.revision, std::optional<std::string>("c3d4"));
  EXPECT_EQ(m.revision_line, 3u);
  EXPECT_TRUE(m.down_assigned);
  ASSERT_EQ(m.down_revisions.size(), 2u);
  EXPECT_EQ(m.down_revisions[1].id, "b2c3");
  EXPECT_EQ(m.branch_labels, Strings{"shop"});
  ASSERT_EQ(m.depends_on.size(), 1u);
  EXPECT_EQ(m.depends_on[0].id, "f00d");
  EXPECT_EQ(m.upgrade_line, 8u);
  EXPECT_TRUE(m.upgrade_empty);
  EXPECT_EQ(m.computed, 0u);
}

TEST(AlembicParse, ForeignKeysWithoutOndeleteOutsideDowngrade) {
  ParsedFile f(
      "revision = 'a'\ndown_revision = None\n\n"
      "def upgrade():\n"
      "    op.create_table('o',\n"
      "        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id')),\n"
      "        sa.Column('shop_id', sa.Integer(), sa.ForeignKey('shops.id', ondelete='CASCADE')),\n"
      "        sa.ForeignKeyConstraint(['x'], ['y.id']),\n"
      "    )\n"
      "    op.create_foreign_key('fk', 'o', 'users', ['user_id'], ['id'], **FK_OPTS)\n"
      "    with op.batch_alter_table('o') as batch_op:\n"
      "        batch_op.create_foreign_key('fk2', 'users', ['u'], ['id'])\n\n"
      "def downgrade():\n"
      "    op.create_foreign_key('fk', 'o', 'users', ['user_id'], ['id'])\n");
  const AlembicModule m = parse_alembic_revision(f);
  ASSERT_EQ(m.fks_without_ondelete.size(), 3u);
  std::vector<std::pair<unsigned, std::string>> got;
  for (const auto& fk : m.fks_without_ondelete) got.push_back({fk.line, fk.callee});
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::pair<unsigned, std::string>>{
                     {6, "sa.ForeignKey"}, {8, "sa.ForeignKeyConstraint"}, {12, "batch_op.create_foreign_key"}}));
}

TEST(AlembicParse, ComputedDownRevisionIsCounted) {
  ParsedFile f("revision = 'a'\ndown_revision = PREVIOUS\n");
  const AlembicModule m = parse_alembic_revision(f);
  EXPECT_TRUE(m.down_assigned);
  EXPECT_TRUE(m.down_computed);
  EXPECT_EQ(m.computed, 1u);
}

// --- finding environments ---------------------------------------------------

TEST(AlembicEnvs, FromIniWithVersionLocationsAndHere) {
  MemoryFileSource files({
      {"db/alembic.ini",
       "[alembic]\n# comment\nscript_location = %(here)s/alembic\n"
       "version_locations = %(here)s/alembic/versions %(here)s/plugins/versions\n"},
      {"db/alembic/env.py", ""},
      {"db/alembic/versions/a.py", ""},
      {"db/plugins/versions/b.py", ""},
      {"db/plugins/versions/__init__.py", ""},
      {"db/plugins/versions/.#lock.py", ""},
      {"other/versions/c.py", "revision = 'c'\ndown_revision = None\n"},
      {"docs/versions/notes.py", "x = 1\n"},
  });
  const auto envs = find_alembic_envs(files);
  ASSERT_EQ(envs.size(), 2u);
  EXPECT_EQ(envs[0].config, "db/alembic.ini [alembic]");
  EXPECT_EQ(envs[0].dirs, (Strings{"db/alembic/versions", "db/plugins/versions"}));
  EXPECT_EQ(envs[0].files, (Strings{"db/alembic/versions/a.py", "db/plugins/versions/b.py"}));
  EXPECT_EQ(envs[1].config, "");
  EXPECT_EQ(envs[1].files, Strings{"other/versions/c.py"});
}

TEST(AlembicEnvs, SeparatorsRecursionAndPyproject) {
  MemoryFileSource files({
      {"alembic.ini",
       "[alembic]\nscript_location = app:migrations\nversion_path_separator = ;\n"
       "version_locations = app/migrations/versions;extra/versions\nrecursive_version_locations = true\n"
       "[reporting]\nscript_location = reporting/alembic\n"},
      {"app/migrations/versions/2024/a.py", ""},
      {"extra/versions/b.py", ""},
      {"reporting/alembic/versions/r.py", ""},
      {"svc/pyproject.toml", "[tool.alembic]\nscript_location = \"%(here)s/migrations\"\n"},
      {"svc/migrations/versions/s.py", ""},
  });
  const auto envs = find_alembic_envs(files);
  ASSERT_EQ(envs.size(), 3u);
  EXPECT_EQ(envs[0].dirs, (Strings{"app/migrations/versions", "extra/versions"}));
  EXPECT_TRUE(envs[0].recursive);
  EXPECT_EQ(envs[0].files, (Strings{"app/migrations/versions/2024/a.py", "extra/versions/b.py"}));
  EXPECT_EQ(envs[1].config, "alembic.ini [reporting]");
  EXPECT_EQ(envs[1].files, Strings{"reporting/alembic/versions/r.py"});
  EXPECT_EQ(envs[2].config, "svc/pyproject.toml");
  EXPECT_EQ(envs[2].files, Strings{"svc/migrations/versions/s.py"});
}

// --- healthy graphs ----------------------------------------------------------

TEST(AlembicAuditTest, LinearHistoryIsClean) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'")},
      {"3c_orders.py", rev("3c", "'2b'")},
  });
  const GraphReport r = audit_alembic(files, {});
  EXPECT_EQ(lines(r.findings), Strings{});
  EXPECT_EQ(r.alembic_revisions, 3u);
}

TEST(AlembicAuditTest, AMergeRevisionJoinsTwoHeadsAndMayBeEmpty) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'")},
      {"2c_orders.py", rev("2c", "'1a'")},
      {"3d_merge.py", rev("3d", "('2b', '2c')", "", "    pass\n")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

TEST(AlembicAuditTest, DependsOnAndBranchLabelReferences) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'")},
      {"3s_shop_root.py", rev("3s", "None", "branch_labels = ('shop',)\ndepends_on = '2b'\n", "    pass\n")},
      {"4s_shop.py", rev("4s", "'shop'", "depends_on = ['1a']\n")},
      {"5m_merge.py", rev("5m", "('2b', '4s')", "", "    pass\n")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

// --- al-multiple-heads --------------------------------------------------------

TEST(AlembicHeads, TwoHeadsWithoutAMerge) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'")},
      {"2c_orders.py", rev("2c", "'1a'")},
  });
  EXPECT_EQ(audit(files),
            (Strings{"al-multiple-heads error migrations/versions/2c_orders.py:8 multiple heads in migrations/versions: "
                     "2b (migrations/versions/2b_users.py), 2c (migrations/versions/2c_orders.py); merge them with "
                     "'alembic merge heads'"}));
}

TEST(AlembicHeads, DependsOnDoesNotMergeHeads) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'")},
      {"2c_orders.py", rev("2c", "'1a'", "depends_on = '2b'\n")},
  });
  EXPECT_EQ(audit(files).size(), 1u);
}

MemoryFileSource labelled_branches(const std::string& second_label) {
  return env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'")},
      {"3s_shop_root.py", rev("3s", "None", "branch_labels = ['shop']\n", "    pass\n")},
      {"4s_shop.py", rev("4s", "'3s'")},
      {"5n_net_root.py", rev("5n", "None", "branch_labels = " + second_label + "\n", "    pass\n")},
  });
}

TEST(AlembicHeads, DistinctLabelledHeadsWhenAllowed) {
  GraphOptions allow{true};
  // 2b carries no label: still a finding when labelled heads are allowed.
  EXPECT_EQ(audit(labelled_branches("'networking'"), allow).size(), 1u);
  auto files = labelled_branches("'networking'");
  files.set("migrations/versions/1a_init.py", rev("1a", "None", "branch_labels = 'default'\n"));
  EXPECT_EQ(audit(files, allow), Strings{});
  EXPECT_EQ(audit(files).size(), 1u);  // not allowed by default
  // Two heads inheriting the same label are not distinct.
  files.set("migrations/versions/5n_net_root.py", rev("5n", "'3s'"));
  EXPECT_EQ(audit(files, allow),
            (Strings{"al-multiple-heads error migrations/versions/5n_net_root.py:8 multiple heads in "
                     "migrations/versions: 2b (migrations/versions/2b_users.py), 4s "
                     "(migrations/versions/4s_shop.py), 5n (migrations/versions/5n_net_root.py); merge them with "
                     "'alembic merge heads'"}));
}

// Folders below versions/ that continue one another, each release's expand
// and contract branches starting from the release before (version_locations
// listed from code): one graph, as Alembic runs them. The branch labels are
// names from code, which cannot be read: the heads still count as labelled,
// and an empty branch root is not reported.
MemoryFileSource release_folders() {
  const std::string expand = "branch_labels = (cli.EXPAND_BRANCH,)\n", contract = "branch_labels = (cli.CONTRACT_BRANCH,)\n";
  return env({
      {"kilo_initial.py", rev("kilo", "None")},
      {"liberty/expand/11_expand_root.py", rev("11", "'kilo'", expand, "    pass\n")},
      {"liberty/contract/12_contract_root.py", rev("12", "'kilo'", contract, "    pass\n")},
      {"mitaka/expand/21_add_column.py", rev("21", "'11'")},
      {"mitaka/contract/22_drop_column.py", rev("22", "'12'", "", "    op.drop_column('t', 'c')\n")},
  });
}

TEST(AlembicEnvs, FoldersThatContinueOneAnotherAreOneGraph) {
  std::vector<Strings> dirs;
  for (const AlembicEnv& e : find_alembic_envs(release_folders())) dirs.push_back(e.dirs);
  // Found as folders of their own...
  EXPECT_EQ(dirs.size(), 5u);
  // ... and audited as one history.
  EXPECT_EQ(audit(release_folders(), GraphOptions{true}), Strings{});
  EXPECT_EQ(audit(release_folders()),
            (Strings{"al-multiple-heads error migrations/versions/mitaka/expand/21_add_column.py:8 multiple heads in "
                     "migrations/versions (and others): 22 (migrations/versions/mitaka/contract/22_drop_column.py), 21 "
                     "(migrations/versions/mitaka/expand/21_add_column.py); merge them with 'alembic merge heads' (or, "
                     "if they are branches meant to stay apart, each with its branch_labels, allow them: git config "
                     "migrate.check.alembicAllowLabelledHeads true)"}));
  // A labelled branch root (down_revision None) that depends on the history
  // before it is part of that history too.
  auto early = release_folders();
  early.set("migrations/versions/liberty/contract/12_contract_root.py",
            rev("12", "None", "branch_labels = ('liberty_contract',)\ndepends_on = 'kilo'\n", "    pass\n"));
  EXPECT_EQ(audit(early, GraphOptions{true}), Strings{});
  // A folder that does not continue the others is still a graph of its own:
  // its reference into nothing is dangling, not joined.
  auto files = release_folders();
  files.set("migrations/versions/newton/expand/31_lost.py", rev("31", "'nowhere'"));
  EXPECT_EQ(audit(files, GraphOptions{true}),
            (Strings{"al-dangling-reference error migrations/versions/newton/expand/31_lost.py:9 down_revision "
                     "'nowhere' of revision '31' names no revision or branch label in "
                     "migrations/versions/newton/expand"}));
}

// --- al-missing-revision ------------------------------------------------------

TEST(AlembicMissing, NoRevisionNoDownRevisionComputedAndSyntaxError) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", "\"\"\"users\"\"\"\nrevision = '2b'\n\ndef upgrade():\n    op.drop_table('x')\n"},
      {"3c_orders.py", "down_revision = '2b'\n\ndef upgrade():\n    op.drop_table('y')\n"},
      {"4d_computed.py", "revision = REV\ndown_revision = '3c'\n"},
      {"5e_broken.py", "revision = '5e'\ndown_revision = '2b'\ndef upgrade(:\n    pass\n"},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "al-missing-revision error migrations/versions/2b_users.py:0 revision file assigns no down_revision "
                "(None for a base revision)",
                "al-missing-revision error migrations/versions/3c_orders.py:0 revision file assigns no revision id "
                "('revision = \"...\"')",
                "al-missing-revision error migrations/versions/4d_computed.py:1 revision is not a literal string, so "
                "Alembic's revision id cannot be read",
                "al-missing-revision error migrations/versions/5e_broken.py:3 revision file has a syntax error at "
                "line 3, so Alembic cannot read its revision",
            }));
}

// --- al-dangling-reference ----------------------------------------------------

TEST(AlembicDangling, DownRevisionAndDependsOnNamingNothing) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'", "depends_on = ('1a', 'nope')\n")},
      {"3c_orders.py", rev("3c", "('2b', 'zzz')", "", "    pass\n")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "al-dangling-reference error migrations/versions/2b_users.py:12 depends_on 'nope' of revision '2b' "
                "names no revision or branch label in migrations/versions",
                "al-dangling-reference error migrations/versions/3c_orders.py:9 down_revision 'zzz' of revision '3c' "
                "names no revision or branch label in migrations/versions",
            }));
}

TEST(AlembicBases, EmptyStringAndEmptyTupleAreBasesAsInAlembic) {
  // Alembic turns a falsy down_revision into None (tuple_rev_as_scalar);
  // ("",) is not falsy and names a revision "" that does not exist.
  auto files = env({
      {"1a_init.py", rev("1a", "''", "", "    op.create_table('a')\n")},
      {"2b_users.py", rev("2b", "'1a'", "depends_on = ''\n")},
      {"3c_tags.py", rev("3c", "('2b',)", "depends_on = ('',)\n")},
      {"4d_other.py", rev("4d", "()", "branch_labels = 'other'\n")},
      {"5e_merge.py", rev("5e", "('3c', '4d')", "", "    pass\n")},
  });
  EXPECT_EQ(audit(files), Strings{});
  auto odd = env({{"5e_odd.py", rev("5e", "('',)")}});
  EXPECT_EQ(audit(odd),
            (Strings{
                "al-dangling-reference error migrations/versions/5e_odd.py:9 down_revision '' of revision '5e' names "
                "no revision or branch label in migrations/versions",
            }));
  ParsedFile typed("revision: str = 'x1'\ndown_revision: Union[str, None] = \"\"\n");
  const AlembicModule m = parse_alembic_revision(typed);
  EXPECT_TRUE(m.down_assigned);
  EXPECT_FALSE(m.down_computed);
  EXPECT_TRUE(m.down_revisions.empty());
}

// --- al-multiple-bases ---------------------------------------------------------

TEST(AlembicMultipleBases, UnlabelledRootsAreReportedLabelledOnesAreBranches) {
  // Three root revisions after a reset (docs/workflow.md). A merge joins them
  // into one head, so only the bases are wrong.
  auto files = env({
      {"1a_users.py", rev("1a", "None")},
      {"1b_billing.py", rev("1b", "''")},
      {"1c_shop.py", rev("1c", "None", "branch_labels = ('shop',)\n")},
      {"2m_merge.py", rev("2m", "('1a', '1b', '1c')", "", "    pass\n")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "al-multiple-bases warning migrations/versions/1a_users.py:9 revision '1a' is one of 3 base revisions "
                "in migrations/versions (1a (migrations/versions/1a_users.py), 1b (migrations/versions/1b_billing.py), "
                "1c (migrations/versions/1c_shop.py)) and has no branch_labels; give each base its own branch label "
                "or join them under one down_revision",
                "al-multiple-bases warning migrations/versions/1b_billing.py:9 revision '1b' is one of 3 base "
                "revisions in migrations/versions (1a (migrations/versions/1a_users.py), 1b "
                "(migrations/versions/1b_billing.py), 1c (migrations/versions/1c_shop.py)) and has no branch_labels; "
                "give each base its own branch label or join them under one down_revision",
            }));
  // One unlabelled base beside labelled branches is the usual layout.
  files.set("migrations/versions/1b_billing.py", rev("1b", "''", "branch_labels = 'billing'\n"));
  EXPECT_EQ(audit(files), Strings{});
}

// --- al-duplicate-revision ----------------------------------------------------

TEST(AlembicDuplicate, OneIdInTwoFiles) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_users.py", rev("2b", "'1a'")},
      {"2b_users_copy.py", rev("2b", "'1a'")},
  });
  EXPECT_EQ(audit(files), (Strings{"al-duplicate-revision error migrations/versions/2b_users_copy.py:8 revision '2b' "
                                   "is also defined in migrations/versions/2b_users.py"}));
}

// --- al-cycle ---------------------------------------------------------------

TEST(AlembicCycle, SelfReferenceAndALongerCycle) {
  auto files = env({
      {"1a_init.py", rev("1a", "'1a'")},
      {"2b_x.py", rev("2b", "'3c'")},
      {"3c_y.py", rev("3c", "'4d'")},
      {"4d_z.py", rev("4d", "None", "depends_on = '2b'\n")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "al-cycle error migrations/versions/1a_init.py:9 revision '1a' names itself as its down_revision or "
                "depends_on",
                "al-cycle error migrations/versions/2b_x.py:9 revision cycle: 2b -> 3c -> 4d -> 2b (each revision's "
                "down_revision or depends_on names the next)",
            }));
}

// --- al-empty-upgrade ---------------------------------------------------------

TEST(AlembicEmpty, EmptyUpgradeOutsideMergesAndBranchRoots) {
  auto files = env({
      {"1a_init.py", rev("1a", "None")},
      {"2b_noop.py", rev("2b", "'1a'", "", "    \"\"\"Nothing yet.\"\"\"\n    # ### commands auto generated ###\n    pass\n")},
      {"3c_ellipsis.py", rev("3c", "'2b'", "", "    ...\n")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "al-empty-upgrade warning migrations/versions/2b_noop.py:14 upgrade() of revision '2b' does nothing "
                "(only pass or a docstring)",
                "al-empty-upgrade warning migrations/versions/3c_ellipsis.py:14 upgrade() of revision '3c' does "
                "nothing (only pass or a docstring)",
            }));
}

// --- al-fk-no-ondelete --------------------------------------------------------

TEST(AlembicForeignKey, ReportedWithTheirLines) {
  auto files = env({
      {"1a_init.py",
       rev("1a", "None", "",
           "    op.create_table('orders',\n"
           "        sa.Column('id', sa.Integer(), primary_key=True),\n"
           "        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id')),\n"
           "        sa.Column('shop_id', sa.Integer(), sa.ForeignKey('shops.id', ondelete='SET NULL')),\n"
           "    )\n"
           "    op.create_foreign_key('fk_o_u', 'orders', 'users', ['user_id'], ['id'])\n")},
  });
  EXPECT_EQ(audit(files),
            (Strings{
                "al-fk-no-ondelete warning migrations/versions/1a_init.py:17 sa.ForeignKey(...) has no ondelete=; "
                "state what deleting the referenced row does (CASCADE, SET NULL, RESTRICT)",
                "al-fk-no-ondelete warning migrations/versions/1a_init.py:20 op.create_foreign_key(...) has no "
                "ondelete=; state what deleting the referenced row does (CASCADE, SET NULL, RESTRICT)",
            }));
}

TEST(AlembicForeignKey, AllWithOndeleteAreClean) {
  auto files = env({
      {"1a_init.py", rev("1a", "None", "",
                         "    op.create_table('o', sa.Column('u', sa.Integer(), sa.ForeignKey('users.id', "
                         "ondelete='CASCADE')))\n")},
  });
  EXPECT_EQ(audit(files), Strings{});
}

}  // namespace
}  // namespace migrate::rewrite::migrations
