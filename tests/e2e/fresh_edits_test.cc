// git migrate-fresh: the configure and prepare phases' edits, whole files,
// and the configuration precedence (flag > git config > .git-migrate.toml >
// default).
#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

constexpr const char* kToml =
    "[fresh]\n"
    "settings_file = \"posthog/settings/web.py\"\n"
    "settings_list = \"PRODUCTS_APPS\"\n";

class FreshEdits : public ::testing::Test {
 protected:
  void SetUp() override { make_django_repo(sb, "repo", kToml); }
  RunResult fresh(const std::vector<std::string>& args) const { return sb.migrate("fresh", args, "repo"); }
  Sandbox sb;
};

TEST_F(FreshEdits, ConfigurePrepareEditFilesInTheirOwnLayout) {
  const RunResult r = fresh({"--pause-after", "prepare", "error_tracking"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.read_file("repo/model_migration/migration_config.json"),
            "{\n"
            "    \"migrations\": [\n"
            "        {\n"
            "            \"name\": \"experiments\",\n"
            "            \"status\": \"skip\",\n"
            "            \"models\": [\"Experiment\", \"ExperimentHoldout\"]\n"
            "        },\n"
            "        {\n"
            "            \"name\": \"error_tracking\",\n"
            "            \"status\": \"todo\",\n"
            "            \"models\": [\"ErrorTrackingIssue\", \"ErrorTrackingGroup\"]\n"
            "        },\n"
            "        {\"name\": \"surveys\", \"no-merge-models\": true, \"status\": \"skip\"}\n"
            "    ]\n"
            "}\n");
  EXPECT_EQ(sb.read_file("repo/posthog/settings/web.py"),
            "# Django settings for the web process.\n"
            "from posthog.settings.base import *  # noqa: F403\n"
            "\n"
            "PRODUCTS_APPS = [\n"
            "    \"products.tasks.backend.apps.TasksConfig\",\n"
            "    # keep sorted\n"
            "    \"products.web_analytics.backend.apps.WebAnalyticsConfig\",  # the last one\n"
            "    \"products.error_tracking.backend.apps.ErrorTrackingConfig\",\n"
            "]\n"
            "\n"
            "INSTALLED_APPS = [\"django.contrib.admin\", *PRODUCTS_APPS]\n");
  EXPECT_EQ(sb.read_file("repo/products/error_tracking/backend/apps.py"),
            "from django.apps import AppConfig\n"
            "\n"
            "\n"
            "class ErrorTrackingConfig(AppConfig):\n"
            "    name = \"products.error_tracking.backend\"\n"
            "    label = \"error_tracking\"\n");
  EXPECT_EQ(sb.read_file("repo/products/error_tracking/__init__.py"), "");
  EXPECT_EQ(sb.read_file("repo/products/error_tracking/backend/__init__.py"), "");
  // Running the phases again changes nothing.
  const std::string before = sb.snapshot("repo");
  ASSERT_EQ(fresh({"--phase", "configure"}).exit_code, 0);
  const RunResult again = fresh({"--phase", "prepare"});
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out,
            "prepare    PRODUCTS_APPS in posthog/settings/web.py already lists \"products.error_tracking.backend.apps.ErrorTrackingConfig\"\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
  // A run whose settings list holds trap 2's Error_TrackingConfig gets it corrected.
  sb.write_file("repo/posthog/settings/web.py", "PRODUCTS_APPS = [\n    'products.error_tracking.backend.apps.Error_TrackingConfig',\n]\n");
  const RunResult fix = fresh({"--phase", "prepare"});
  EXPECT_EQ(fix.out,
            "prepare    corrected \"products.error_tracking.backend.apps.Error_TrackingConfig\" to \"products.error_tracking.backend.apps.ErrorTrackingConfig\" in PRODUCTS_APPS in posthog/settings/web.py\n");
  EXPECT_EQ(sb.read_file("repo/posthog/settings/web.py"),
            "PRODUCTS_APPS = [\n"
            "    'products.error_tracking.backend.apps.ErrorTrackingConfig',\n"
            "]\n");
}

TEST_F(FreshEdits, AProductMissingFromTheJsonConfigIsRefused) {
  const std::string before = sb.snapshot("repo");
  const RunResult r = fresh({"surveys_v2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "error: surveys_v2 is not in the migrations list of model_migration/migration_config.json on chore/model-migration-baseline (listed: experiments, error_tracking, surveys)\n"
            "  add an entry {\"name\": \"surveys_v2\", ...} to it on the baseline, or check the product name\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(FreshEdits, ConfigPrecedenceFlagOverGitConfigOverFileOverDefault) {
  auto branch_line = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"-n"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("error_tracking");
    const RunResult r = fresh(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto at = r.out.find("  branch    ");
    return r.out.substr(at, r.out.find('\n', at) - at);
  };
  EXPECT_EQ(branch_line({}), "  branch    chore/models-migrations-error_tracking-fresh");
  sb.write_file("repo/.git-migrate.toml", std::string(kToml) + "branch = \"team/{product}\"\n");
  sb.commit_all("repo", "team config");
  EXPECT_EQ(branch_line({}), "  branch    team/error_tracking");
  sb.git("repo", {"config", "migrate.fresh.branch", "mine/{product}"});
  EXPECT_EQ(branch_line({}), "  branch    mine/error_tracking");
  EXPECT_EQ(branch_line({"--branch", "flag/{product}"}), "  branch    flag/error_tracking");
  // git -c (GIT_CONFIG_PARAMETERS) sits between the flag and git config.
  auto dash_c = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git", "-c", "migrate.fresh.branch=cli/{product}", "migrate-fresh", "-n"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("error_tracking");
    const RunResult r = sb.run(argv, "repo");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto at = r.out.find("  branch    ");
    return r.out.substr(at, r.out.find('\n', at) - at);
  };
  EXPECT_EQ(dash_c({}), "  branch    cli/error_tracking");
  EXPECT_EQ(dash_c({"--branch", "flag/{product}"}), "  branch    flag/error_tracking");
}

TEST_F(FreshEdits, ColourFromGitDashC) {
  const RunResult plain = fresh({"-n", "error_tracking"});
  const RunResult coloured = fresh({"--color=always", "-n", "error_tracking"});
  ASSERT_NE(plain.out, coloured.out);
  EXPECT_EQ(sb.run({"git", "-c", "color.ui=always", "migrate-fresh", "-n", "error_tracking"}, "repo").out, coloured.out);
  sb.git("repo", {"config", "color.ui", "always"});
  EXPECT_EQ(sb.run({"git", "-c", "color.migrate=false", "migrate-fresh", "-n", "error_tracking"}, "repo").out, plain.out);
}

TEST_F(FreshEdits, AnUnknownConfigKeyIsAUsageErrorWithFileAndLine) {
  sb.write_file("repo/.git-migrate.toml", std::string(kToml) + "brunch = \"x\"\n");
  const RunResult r = fresh({"-n", "error_tracking"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "git-migrate-fresh: error: .git-migrate.toml:4: unknown key 'fresh.brunch'\n");
}

}  // namespace
}  // namespace migrate::testing
