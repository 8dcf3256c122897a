// Settings every command resolves the same way (common/settings.h): a team
// that renames its tooling folder (`tooling`) gets it excluded by all three
// commands, not only by git migrate-fresh.
#include <gtest/gtest.h>

#include "tests/e2e/replace_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing {
namespace {

TEST(SharedSettings, CheckExcludesTheConfiguredToolingFolder) {
  Sandbox sb;
  sb.init_repo("r");
  sb.write_file("r/README.md", "app\n");
  sb.write_file("r/.git-migrate.toml", "tooling = \"migration_tools\"\n");
  sb.commit_all("r", "master");
  sb.git("r", {"checkout", "-q", "-b", "chore/models-migrations-billing"});
  sb.write_file("r/migration_tools/migrate_models.py", "print('migrate')\n");
  const std::string c = sb.commit_all("r", "chore(models): migrate billing");
  RunResult r = sb.migrate("check", {}, "r");
  EXPECT_EQ(r.out,
            "migration_tools/migrate_models.py\n"
            "  error: added or changed under the excluded folder migration_tools/ [excluded-path] (" +
                c.substr(0, 10) + ")\n"
                "\n"
                "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

class SharedSettingsReplace : public ReplaceTest {};

TEST_F(SharedSettingsReplace, ReplaceLeavesOutTheConfiguredToolingFolder) {
  // The team keeps its tooling in docs/ (git config, personal layer): the
  // adopted tree is fresh's without docs/, and model_migration/ is then an
  // ordinary folder that is adopted.
  sb.git("repo", {"config", "migrate.tooling", "docs/"});
  RunResult r = sb.migrate("replace", {kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tree("HEAD"), tree_without(fresh, {"docs"}));
}

TEST_F(SharedSettingsReplace, BadValuesAreReportedWithTheirOrigin) {
  sb.git("repo", {"config", "migrate.deletionThreshold", "-1"});
  RunResult r = sb.migrate("replace", {kFresh}, "repo");
  EXPECT_EQ(r.err, "git-migrate-replace: error: git config migrate.deletionThreshold: "
                   "deletion_threshold must not be negative\n");
  EXPECT_EQ(r.exit_code, 2);
  r = sb.migrate("check", {}, "repo");
  EXPECT_EQ(r.err, "git-migrate-check: error: git config migrate.deletionThreshold: "
                   "deletion_threshold must not be negative\n");
  EXPECT_EQ(r.exit_code, 2);
  sb.git("repo", {"config", "--unset", "migrate.deletionThreshold"});
  r = sb.migrate("replace", {"--exclude", "../outside", kFresh}, "repo");
  EXPECT_EQ(r.err, "git-migrate-replace: error: --exclude: excluded folder '../outside' is not a path relative "
                   "to the repository root\n");
  EXPECT_EQ(r.exit_code, 2);
  // The default exclude is the tooling folder: a bad tooling folder is
  // reported as the tooling setting's, not as a default.
  r = sb.run({"git", "-c", "migrate.tooling=../tools", "migrate-check"}, "repo");
  EXPECT_EQ(r.err, "git-migrate-check: error: git -c migrate.tooling: excluded folder '../tools/' is not a path "
                   "relative to the repository root\n");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace migrate::testing
