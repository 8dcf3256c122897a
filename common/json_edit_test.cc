#include "common/json_edit.h"

#include <gtest/gtest.h>

namespace migrate {
namespace {

TEST(JsonConfig, SetsTheProductToTodoAndEveryOtherEntryToSkipKeepingLayout) {
  const std::string in =
      "{\n"
      "    \"version\": 2,\n"
      "    \"migrations\": [\n"
      "        {\n"
      "            \"name\": \"experiments\",\n"
      "            \"status\":   \"todo\",\n"
      "            \"models\": [\"Experiment\", \"ExperimentHoldout\"]\n"
      "        },\n"
      "        {\"name\": \"error_tracking\", \"status\": \"skip\", \"models\": [\"ErrorTrackingIssue\"]},\n"
      "        {\n"
      "          \"status\" : \"done\",\n"
      "          \"name\" : \"surveys\"\n"
      "        }\n"
      "    ],\n"
      "    \"note\": \"status \\\"todo\\\" here is not an entry\"\n"
      "}\n";
  const auto r = edit_migration_statuses(in, "error_tracking");
  EXPECT_EQ(r.outcome, MigrationsEdit::Outcome::kEdited);
  EXPECT_EQ(r.changed, 3u);
  EXPECT_EQ(r.names, (std::vector<std::string>{"experiments", "error_tracking", "surveys"}));
  EXPECT_EQ(r.text,
            "{\n"
            "    \"version\": 2,\n"
            "    \"migrations\": [\n"
            "        {\n"
            "            \"name\": \"experiments\",\n"
            "            \"status\":   \"skip\",\n"
            "            \"models\": [\"Experiment\", \"ExperimentHoldout\"]\n"
            "        },\n"
            "        {\"name\": \"error_tracking\", \"status\": \"todo\", \"models\": [\"ErrorTrackingIssue\"]},\n"
            "        {\n"
            "          \"status\" : \"skip\",\n"
            "          \"name\" : \"surveys\"\n"
            "        }\n"
            "    ],\n"
            "    \"note\": \"status \\\"todo\\\" here is not an entry\"\n"
            "}\n");
}

TEST(JsonConfig, EditingTwiceChangesNothing) {
  const std::string in = "{\"migrations\": [{\"name\": \"a\", \"status\": \"todo\"}, {\"name\": \"b\", \"status\": \"todo\"}]}";
  const auto once = edit_migration_statuses(in, "b");
  EXPECT_EQ(once.text, "{\"migrations\": [{\"name\": \"a\", \"status\": \"skip\"}, {\"name\": \"b\", \"status\": \"todo\"}]}");
  const auto twice = edit_migration_statuses(once.text, "b");
  EXPECT_EQ(twice.changed, 0u);
  EXPECT_EQ(twice.text, once.text);
}

TEST(JsonConfig, InsertsAMissingStatusInTheEntrysLayout) {
  const std::string in =
      "{\r\n"
      "\t\"migrations\": [\r\n"
      "\t\t{\r\n"
      "\t\t\t\"name\": \"a\",\r\n"
      "\t\t\t\"models\": []\r\n"
      "\t\t},\r\n"
      "\t\t{\r\n"
      "\t\t\t\"name\": \"b\"\r\n"
      "\t\t},\r\n"
      "\t\t{\"name\":\"c\"}\r\n"
      "\t]\r\n"
      "}";
  const auto r = edit_migration_statuses(in, "a");
  EXPECT_EQ(r.text,
            "{\r\n"
            "\t\"migrations\": [\r\n"
            "\t\t{\r\n"
            "\t\t\t\"name\": \"a\",\r\n"
            "\t\t\t\"models\": [],\r\n"
            "\t\t\t\"status\": \"todo\"\r\n"
            "\t\t},\r\n"
            "\t\t{\r\n"
            "\t\t\t\"name\": \"b\",\r\n"
            "\t\t\t\"status\": \"skip\"\r\n"
            "\t\t},\r\n"
            "\t\t{\"name\":\"c\",\"status\":\"skip\"}\r\n"
            "\t]\r\n"
            "}");
}

TEST(JsonConfig, ReportsAProductThatIsNotListed) {
  const std::string in = "{\"migrations\": [{\"name\": \"a\", \"status\": \"todo\"}]}";
  const auto r = edit_migration_statuses(in, "zzz");
  EXPECT_EQ(r.outcome, MigrationsEdit::Outcome::kProductMissing);
  EXPECT_EQ(r.names, std::vector<std::string>{"a"});
  EXPECT_EQ(r.text, in);
}

TEST(JsonConfig, WithoutAMigrationsListThereIsNothingToDo) {
  EXPECT_EQ(edit_migration_statuses("{\"other\": []}", "a").outcome, MigrationsEdit::Outcome::kNoMigrationsList);
  EXPECT_EQ(edit_migration_statuses("[1, 2]", "a").outcome, MigrationsEdit::Outcome::kNoMigrationsList);
}

TEST(JsonConfig, NamesWithEscapesAreDecoded) {
  const auto r = edit_migration_statuses("{\"migrations\": [{\"name\": \"caf\\u00e9\", \"status\": \"skip\"}]}", "caf\xC3\xA9");
  EXPECT_EQ(r.text, "{\"migrations\": [{\"name\": \"caf\\u00e9\", \"status\": \"todo\"}]}");
}

TEST(JsonConfig, InvalidJsonIsAnErrorWithItsLine) {
  try {
    edit_migration_statuses("{\n  \"migrations\": [\n    {\"name\": \"a\",}\n  ]\n}\n", "a");
    FAIL() << "no error";
  } catch (const JsonError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_STREQ(e.what(), "line 3: expected a member name");
  }
}

}  // namespace
}  // namespace migrate
