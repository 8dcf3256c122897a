// git migrate-replace: command line (usage, help, version, usage errors),
// configuration precedence (flag > git config > .git-migrate.toml >
// default) and colour.
#include <regex>

#include "tests/e2e/replace_fixture.h"

namespace migrate::testing {
namespace {

constexpr const char* kShortUsage =
    "Usage: git migrate-replace [options] <fresh> [<branch>]\n"
    "   or: git migrate-replace --undo [options] [<branch>]\n"
    "\n"
    "    -m, --message <msg>     message of the merge commit\n"
    "        --exclude <path>    leave <path> out of the adopted tree (repeatable)\n"
    "        --deletion-threshold <n>\n"
    "                            warn about files that lose more than <n> lines\n"
    "    -n, --dry-run           show the planned commit, write nothing\n"
    "        --undo              put <branch> back to refs/migrate/backup/<branch>\n"
    "        --color <when>      colour output: always, never or auto\n"
    "        --progress          show progress on stderr, even when not a terminal\n"
    "        --no-progress       show no progress\n"
    "    -h                      show this usage\n"
    "        --help              show the full help\n"
    "        --version           print the version\n";

constexpr const char* kUsageTail =
    "Usage: git migrate-replace [options] <fresh> [<branch>]\n"
    "   or: git migrate-replace --undo [options] [<branch>]\n"
    "Run 'git migrate-replace -h' for the options.\n";

class ReplaceCliTest : public ReplaceTest {};

TEST_F(ReplaceCliTest, ShortUsage) {
  RunResult r = sb.migrate("replace", {"-h"}, "repo");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, kShortUsage);
  EXPECT_EQ(r.err, "");
}

TEST_F(ReplaceCliTest, LongHelpHasTheOptionsOfTheShortUsage) {
  RunResult r = sb.migrate("replace", {"--help"}, "repo");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("git-migrate-replace - adopt a fresh migration branch into a review branch\n\n", 0), 0u);
  const std::string table = std::string(kShortUsage).substr(std::string(kShortUsage).find("    -m"));
  EXPECT_NE(r.out.find("Options:\n" + table + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("See git-migrate-replace(1) and git-migrate(7).\n"), std::string::npos);
}

TEST_F(ReplaceCliTest, Version) {
  RunResult r = sb.migrate("replace", {"--version"}, "repo");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(std::regex_match(r.out, std::regex("git-migrate-replace [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r.out;
}

TEST_F(ReplaceCliTest, UsageErrorsExitTwoAndChangeNothing) {
  const std::string before = sb.snapshot("repo");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "missing <fresh>: the branch or commit to adopt"},
      {{"--bogus", kFresh}, "the following argument was not expected: --bogus"},
      {{"a", "b", "c"}, "too many arguments; expected <fresh> [<branch>]"},
      {{"--color=sometimes", kFresh}, "--color: expected always, never or auto, not 'sometimes'"},
      {{"--deletion-threshold", "many", kFresh},
       "--deletion-threshold: expected a number of lines (0 or more), not 'many'"},
      {{"-m", "", kFresh}, "--message: the message is empty"},
      {{"--exclude=", kFresh}, "--exclude: the value is empty"},
      {{"--undo", "-m", "x"}, "--undo does not take --message, --exclude or --deletion-threshold"},
      {{"--undo", "a", "b"}, "--undo takes at most one argument, the branch"},
  };
  for (const auto& [args, what] : cases) {
    RunResult r = sb.migrate("replace", args, "repo");
    EXPECT_EQ(r.exit_code, 2) << what;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "error: " + what + "\n" + kUsageTail);
  }
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(ReplaceCliTest, MessageFlagBeatsGitConfigBeatsToml) {
  sb.write_file("repo/.git-migrate.toml", "[replace]\nmessage = \"from toml\"\n");
  ASSERT_EQ(sb.migrate("replace", {"-n", kFresh}, "repo").exit_code, 0);
  RunResult r = sb.migrate("replace", {kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B"}), "from toml\n\n");
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "[" + std::string(kReview) + " " + short_rev("HEAD") + "] from toml");

  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  sb.git("repo", {"config", "migrate.replace.message", "from git config"});
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B"}), "from git config\n\n");

  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  ASSERT_EQ(sb.run({"git", "-c", "migrate.replace.message=from git -c", "migrate-replace", kFresh}, "repo").exit_code, 0);
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B"}), "from git -c\n\n");

  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  ASSERT_EQ(sb.run({"git", "-c", "migrate.replace.message=from git -c", "migrate-replace", "-m", "flag wins", kFresh},
                   "repo").exit_code, 0);
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B"}), "flag wins\n\n");

  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  ASSERT_EQ(sb.migrate("replace", {"--message", "from the flag\n\nWith a body.", kFresh}, "repo").exit_code, 0);
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B"}), "from the flag\n\nWith a body.\n\n");
}

TEST_F(ReplaceCliTest, ExcludeDefault) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  EXPECT_EQ(tree("HEAD"), tree_without(fresh, {"model_migration"}));
}

TEST_F(ReplaceCliTest, ExcludeFromToml) {
  sb.write_file("repo/.git-migrate.toml", "exclude = [\"model_migration/\", \"docs/café.md\"]\n");
  RunResult r = sb.migrate("replace", {kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tree("HEAD"), tree_without(fresh, {"model_migration", "docs/café.md"}));
  EXPECT_NE(r.out.find("\n  excluded       model_migration/ (2 files), \"docs/caf\\303\\251.md\"\n"), std::string::npos) << r.out;
}

TEST_F(ReplaceCliTest, ExcludeGitConfigReplacesTheTomlList) {
  sb.write_file("repo/.git-migrate.toml", "exclude = [\"model_migration/\", \"docs/café.md\"]\n");
  sb.git("repo", {"config", "--add", "migrate.exclude", "vendor"});
  sb.git("repo", {"config", "--add", "migrate.exclude", "bin/run.sh"});
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  EXPECT_EQ(tree("HEAD"), tree_without(fresh, {"vendor", "bin/run.sh"}));
}

TEST_F(ReplaceCliTest, ExcludeFlagReplacesTheConfiguredLists) {
  sb.write_file("repo/.git-migrate.toml", "exclude = [\"model_migration/\", \"docs/café.md\"]\n");
  sb.git("repo", {"config", "--add", "migrate.exclude", "vendor"});
  RunResult r = sb.migrate("replace", {"--exclude", "docs", "--exclude=model_migration/moves.toml", kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tree("HEAD"), tree_without(fresh, {"docs", "model_migration/moves.toml"}));
  EXPECT_NE(r.out.find("\n  excluded       docs/ (3 files), model_migration/moves.toml\n"), std::string::npos)
      << r.out;
}

TEST_F(ReplaceCliTest, ExcludedPathsAbsentFromFresh) {
  RunResult r = sb.migrate("replace", {"--exclude", "nowhere/", kFresh}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tree("HEAD"), tree_without(fresh, {}));
  EXPECT_NE(r.out.find("\n  excluded       nothing (nowhere not in " + std::string(kFresh) + ")\n"), std::string::npos)
      << r.out;
}

TEST_F(ReplaceCliTest, BadConfigurationIsAUsageError) {
  sb.write_file("repo/.git-migrate.toml", "exclude = [\"../outside\"]\n");
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("replace", {kFresh}, "repo");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "git-migrate-replace: error: .git-migrate.toml:1: excluded folder '../outside' is not a path "
                   "relative to the repository root\n");
  EXPECT_EQ(sb.snapshot("repo"), before);

  sb.write_file("repo/.git-migrate.toml", "exclude = 5\n");
  r = sb.migrate("replace", {kFresh}, "repo");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("git-migrate-replace: error: ", 0), 0u) << r.err;
  EXPECT_EQ(sb.git("repo", {"rev-parse", "HEAD"}), review + "\n");
}

TEST_F(ReplaceCliTest, DeletionThreshold) {
  // email.py loses exactly 64 lines: "more than 64" warns about nothing.
  RunResult r = sb.migrate("replace", {"-n", "--deletion-threshold", "64", kFresh}, "repo");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  sb.write_file("repo/.git-migrate.toml", "deletion_threshold = 0\n");
  r = sb.migrate("replace", {"-n", kFresh}, "repo");
  EXPECT_EQ(r.err,
            "warning: posthog/tasks/email.py loses 64 lines (more than 0); check that no code was removed by mistake\n"
            "warning: posthog/models/__init__.py loses 1 line (more than 0); check that no code was removed by mistake\n"
            "warning: products/error_tracking/backend/models.py loses 1 line (more than 0); check that no code was "
            "removed by mistake\n");
  sb.git("repo", {"config", "migrate.deletionThreshold", "1"});
  r = sb.migrate("replace", {"-n", kFresh}, "repo");
  EXPECT_EQ(r.err,
            "warning: posthog/tasks/email.py loses 64 lines (more than 1); check that no code was removed by mistake\n");
}

TEST_F(ReplaceCliTest, Colour) {
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  const std::string plain =
      "error: nothing to adopt: '" + std::string(kFresh) + "' without the excluded paths has the same tree as '" +
      kReview + "'\nhint: the branch already has the fresh content; there is nothing to do\n";
  const std::string coloured =
      "\033[31m\033[1merror:\033[m nothing to adopt: '" + std::string(kFresh) +
      "' without the excluded paths has the same tree as '" + kReview +
      "'\n\033[33mhint:\033[m the branch already has the fresh content; there is nothing to do\n";
  EXPECT_EQ(sb.migrate("replace", {kFresh}, "repo").err, plain);  // not a terminal
  EXPECT_EQ(sb.migrate("replace", {"--color=always", kFresh}, "repo").err, coloured);
  EXPECT_EQ(sb.run({"git", "-c", "color.ui=always", "migrate-replace", kFresh}, "repo").err, coloured);
  sb.git("repo", {"config", "color.migrate", "always"});
  EXPECT_EQ(sb.migrate("replace", {kFresh}, "repo").err, coloured);
  EXPECT_EQ(sb.migrate("replace", {"--color=never", kFresh}, "repo").err, plain);
  EXPECT_EQ(sb.run({"git", "-c", "color.migrate=never", "migrate-replace", kFresh}, "repo").err, plain);
}

}  // namespace
}  // namespace migrate::testing
