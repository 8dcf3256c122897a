#include "rewrite/migrations/elide.h"

#include <gtest/gtest.h>

namespace migrate::rewrite::migrations {
namespace {

TEST(Elide, EmptiesTheOperationsListKeepingLines) {
  std::string s =
      "class Migration(migrations.Migration):\n"
      "    dependencies = [('a', '0001')]\n"
      "    operations = [\n"
      "        migrations.RunSQL(\"SELECT ']' -- [\", reverse_sql='''\n"
      "    ]\n"
      "'''),  # a ] in a comment\n"
      "        migrations.AddField('m', 'f', models.IntegerField(default=0)),\n"
      "    ]\n"
      "    run_before = [('b', '0002')]\n";
  EXPECT_TRUE(blank_assigned_brackets(s, "operations"));
  EXPECT_EQ(s,
            "class Migration(migrations.Migration):\n"
            "    dependencies = [('a', '0001')]\n"
            "    operations = [\n\n\n\n\n"
            "]\n"
            "    run_before = [('b', '0002')]\n");
}

TEST(Elide, LeavesTextAloneWhenTheScanIsUnsure) {
  // An unterminated string: the bracket never closes.
  std::string unterminated = "class M:\n    operations = [\n        'x,\n    ]\n    dependencies = []\n";
  const std::string before = unterminated;
  EXPECT_FALSE(blank_assigned_brackets(unterminated, "operations"));
  EXPECT_EQ(unterminated, before);
  // A closing bracket found only after a statement at the class's level.
  std::string past = "class M:\n    operations = [\n        f(')')\n    dependencies = [('a', 'b')]\n    ]\n";
  const std::string past_before = past;
  EXPECT_FALSE(blank_assigned_brackets(past, "operations"));
  EXPECT_EQ(past, past_before);
  // Not an assignment, or not at the start of an indented line.
  std::string other = "operations = [1]\nx = operations\n    operations_count = [2]\n    operations == [3]\n";
  EXPECT_FALSE(blank_assigned_brackets(other, "operations"));
}

TEST(Elide, StubsTheLastTopLevelFunctionKeepingLineCount) {
  std::string s =
      "revision = 'a'\n"
      "def upgrade():\n"
      "    pass\n"
      "\n"
      "def downgrade(\n"
      ") -> None:\n"
      "    op.execute(\"\"\"\n"
      "DROP TABLE x;\n"
      "\"\"\")\n"
      "    # done\n"
      "\n"
      "after = 1\n";
  EXPECT_TRUE(stub_top_level_function(s, "downgrade"));
  EXPECT_EQ(s,
            "revision = 'a'\n"
            "def upgrade():\n"
            "    pass\n"
            "\n"
            "def downgrade():\n"
            "    pass\n\n\n\n\n\n"
            "after = 1\n");
}

TEST(Elide, StubAtTheEndOfTheFileAndOneLineDefs) {
  std::string s = "def downgrade():\n    op.drop_table('x')";
  EXPECT_TRUE(stub_top_level_function(s, "downgrade"));
  EXPECT_EQ(s, "def downgrade():\n    pass");
  std::string one_line = "def downgrade(): pass\nx = 1\n";
  EXPECT_FALSE(stub_top_level_function(one_line, "downgrade"));
  std::string absent = "class A:\n    def downgrade(self):\n        pass\n";
  EXPECT_FALSE(stub_top_level_function(absent, "downgrade"));
}

}  // namespace
}  // namespace migrate::rewrite::migrations
