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

TEST(SettingsEdit, ReadsTheAppConfigDjangoTakes) {
  const AppConfigInfo plain = read_app_config(
      "from django.apps import AppConfig\n\n\nclass Helper:\n    name = \"no\"\n\n\n"
      "class BillingConfig(AppConfig):\n    name = \"app.billing\"\n");
  EXPECT_TRUE(plain.found);
  EXPECT_EQ(plain.class_name, "BillingConfig");
  EXPECT_EQ(plain.name, std::optional<std::string>("app.billing"));
  EXPECT_EQ(plain.label, std::nullopt);
  EXPECT_EQ(plain.line, 8u);
  const AppConfigInfo preferred = read_app_config(
      "import django.apps\n\nclass A(django.apps.AppConfig):\n    name = \"a\"\n    label = \"first\"\n\n"
      "class B(django.apps.AppConfig):\n    default = True\n    name = \"b\"\n    label = \"chosen\"\n");
  EXPECT_EQ(preferred.class_name, "B");
  EXPECT_EQ(preferred.label, std::optional<std::string>("chosen"));
  EXPECT_FALSE(read_app_config("class Plain:\n    name = \"x\"\n").found);
}

TEST(SettingsEdit, DjangoAppLabelIsTheLabelElseTheNamesLastSegmentElseTheFolder) {
  EXPECT_EQ(django_app_label("app/billing", std::nullopt), "billing");
  EXPECT_EQ(django_app_label("products/billing/backend",
                             std::string("class C(AppConfig):\n    name = \"products.billing.backend\"\n")),
            "backend");
  EXPECT_EQ(django_app_label("products/billing/backend",
                             std::string("class C(AppConfig):\n    name = \"app.billing\"\n")),
            "billing");
  EXPECT_EQ(django_app_label("x/backend",
                             std::string("class C(AppConfig):\n    name = \"x.backend\"\n    label = \"kept\"\n")),
            "kept");
}

TEST(SettingsEdit, AddsTheLabelAfterTheNameInTheFilesOwnLayout) {
  EXPECT_EQ(add_app_label("from django.apps import AppConfig\n"
                          "\n"
                          "\n"
                          "class BillingConfig(AppConfig):\n"
                          "    default_auto_field = \"django.db.models.BigAutoField\"\n"
                          "    name = \"app.billing\"  # the module\n"
                          "\n"
                          "    def ready(self):\n"
                          "        pass\n",
                          "billing"),
            std::optional<std::string>("from django.apps import AppConfig\n"
                                       "\n"
                                       "\n"
                                       "class BillingConfig(AppConfig):\n"
                                       "    default_auto_field = \"django.db.models.BigAutoField\"\n"
                                       "    name = \"app.billing\"  # the module\n"
                                       "    label = \"billing\"\n"
                                       "\n"
                                       "    def ready(self):\n"
                                       "        pass\n"));
  // Tabs and CRLF kept; no `name`: after the docstring, else first in the body.
  EXPECT_EQ(add_app_label("class C(AppConfig):\r\n\t\"\"\"Doc.\"\"\"\r\n", "old"),
            std::optional<std::string>("class C(AppConfig):\r\n\t\"\"\"Doc.\"\"\"\r\n\tlabel = \"old\"\r\n"));
  EXPECT_EQ(add_app_label("class C(AppConfig):\n    verbose_name = \"B\"\n", "old"),
            std::optional<std::string>("class C(AppConfig):\n    label = \"old\"\n    verbose_name = \"B\"\n"));
  EXPECT_EQ(add_app_label("class C(AppConfig):\n    name = \"a\"\n    label = \"a\"\n", "b"), std::nullopt);
  EXPECT_EQ(add_app_label("class C:\n    name = \"a\"\n", "b"), std::nullopt);
  EXPECT_EQ(add_app_label("class C(AppConfig):\n    name = (\n", "b"), std::nullopt);
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
