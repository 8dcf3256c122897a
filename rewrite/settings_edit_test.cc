#include "rewrite/settings_edit.h"

#include <gtest/gtest.h>

namespace migrate::rewrite {
namespace {

constexpr std::string_view kValue = "products.error_tracking.backend.apps.ErrorTrackingConfig";
constexpr std::string_view kPrefix = "products.error_tracking.backend.apps.";

TEST(SettingsEdit, PascalCaseJoinsWordsWithoutUnderscores) {
  EXPECT_EQ(pascal_case("error_tracking"), "ErrorTracking");
  EXPECT_EQ(pascal_case("llm_analytics"), "LlmAnalytics");
  EXPECT_EQ(pascal_case("surveys"), "Surveys");
  EXPECT_EQ(pascal_case("web-analytics_v2"), "WebAnalyticsV2");
}

TEST(SettingsEdit, AppConfigSource) {
  EXPECT_EQ(app_config_source("ErrorTrackingConfig", "products.error_tracking.backend", "error_tracking"),
            "from django.apps import AppConfig\n"
            "\n"
            "\n"
            "class ErrorTrackingConfig(AppConfig):\n"
            "    name = \"products.error_tracking.backend\"\n"
            "    label = \"error_tracking\"\n");
}

TEST(SettingsEdit, InsertsAfterTheLastElementOfAMultiLineList) {
  const std::string in =
      "from .base import *  # noqa\n"
      "\n"
      "INSTALLED_APPS = [\"django.contrib.admin\"]\n"
      "\n"
      "PRODUCTS_APPS = [\n"
      "    \"products.early_access_features.backend.apps.EarlyAccessFeaturesConfig\",\n"
      "    # the tasks app\n"
      "    \"products.tasks.backend.apps.TasksConfig\",  # keep last?\n"
      "    # \"products.old.backend.apps.OldConfig\",\n"
      "]\n"
      "\n"
      "INSTALLED_APPS += PRODUCTS_APPS\n";
  const auto r = insert_into_list(in, "PRODUCTS_APPS", kValue, kPrefix);
  EXPECT_EQ(r.outcome, ListInsertion::Outcome::kInserted);
  EXPECT_EQ(r.line, 5u);
  EXPECT_EQ(r.text,
            "from .base import *  # noqa\n"
            "\n"
            "INSTALLED_APPS = [\"django.contrib.admin\"]\n"
            "\n"
            "PRODUCTS_APPS = [\n"
            "    \"products.early_access_features.backend.apps.EarlyAccessFeaturesConfig\",\n"
            "    # the tasks app\n"
            "    \"products.tasks.backend.apps.TasksConfig\",  # keep last?\n"
            "    \"products.error_tracking.backend.apps.ErrorTrackingConfig\",\n"
            "    # \"products.old.backend.apps.OldConfig\",\n"
            "]\n"
            "\n"
            "INSTALLED_APPS += PRODUCTS_APPS\n");
  // Idempotent.
  const auto again = insert_into_list(r.text, "PRODUCTS_APPS", kValue, kPrefix);
  EXPECT_EQ(again.outcome, ListInsertion::Outcome::kAlreadyPresent);
  EXPECT_EQ(again.text, r.text);
}

TEST(SettingsEdit, KeepsNoTrailingCommaQuotesTabsAndCrlf) {
  const std::string in = "APPS: list[str] = [\r\n\t'a.apps.AConfig'\r\n]\r\n";
  const auto r = insert_into_list(in, "APPS", kValue);
  EXPECT_EQ(r.text, "APPS: list[str] = [\r\n\t'a.apps.AConfig',\r\n\t'products.error_tracking.backend.apps.ErrorTrackingConfig'\r\n]\r\n");
}

TEST(SettingsEdit, OneLineListsStayOnOneLine) {
  EXPECT_EQ(insert_into_list("X = [\"a\", \"b\"]\n", "X", "c").text, "X = [\"a\", \"b\", \"c\"]\n");
  EXPECT_EQ(insert_into_list("X = [\"a\",]\n", "X", "c").text, "X = [\"a\", \"c\",]\n");
  EXPECT_EQ(insert_into_list("X = []\n", "X", "c").text, "X = [\"c\"]\n");
  EXPECT_EQ(insert_into_list("  \nX = [\n]\n", "X", "c").text, "  \nX = [\n    \"c\",\n]\n");
}

TEST(SettingsEdit, ClosingBracketOnTheLastLineStaysThere) {
  EXPECT_EQ(insert_into_list("X = [\n    \"a\",\n    \"b\"]\n", "X", "c").text,
            "X = [\n    \"a\",\n    \"b\",\n    \"c\"]\n");
}

TEST(SettingsEdit, CorrectsAWronglyNamedAppConfigInPlace) {
  const std::string in = "PRODUCTS_APPS = [\n    \"products.error_tracking.backend.apps.Error_TrackingConfig\",\n]\n";
  const auto r = insert_into_list(in, "PRODUCTS_APPS", kValue, kPrefix);
  EXPECT_EQ(r.outcome, ListInsertion::Outcome::kReplaced);
  EXPECT_EQ(r.replaced, "products.error_tracking.backend.apps.Error_TrackingConfig");
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.text, "PRODUCTS_APPS = [\n    \"products.error_tracking.backend.apps.ErrorTrackingConfig\",\n]\n");
}

TEST(SettingsEdit, ReportsWhatItCannotEdit) {
  EXPECT_EQ(insert_into_list("Y = [1]\n", "X", "c").outcome, ListInsertion::Outcome::kNotFound);
  const auto tuple = insert_into_list("\nX = (\"a\",)\n", "X", "c");
  EXPECT_EQ(tuple.outcome, ListInsertion::Outcome::kNotAList);
  EXPECT_EQ(tuple.line, 2u);
  const auto broken = insert_into_list("X = [\n\"a\",\ndef (:\n", "X", "c");
  EXPECT_EQ(broken.outcome, ListInsertion::Outcome::kSyntaxError);
  EXPECT_EQ(broken.text, "X = [\n\"a\",\ndef (:\n");
}

TEST(SettingsEdit, OnlyTopLevelAssignmentsCount) {
  const std::string in = "def f():\n    X = []\n\nX = [\"a\"]\n";
  EXPECT_EQ(insert_into_list(in, "X", "b").text, "def f():\n    X = []\n\nX = [\"a\", \"b\"]\n");
}

}  // namespace
}  // namespace migrate::rewrite
