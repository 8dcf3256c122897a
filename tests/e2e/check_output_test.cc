// git-migrate-check: output formats (text, colour, JSON, SARIF), exit
// codes, suppressions and per-rule configuration, --rules, range selection
// and the refusals.
#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

class CheckOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.write_file("r/posthog/__init__.py", "");
    sb.write_file("r/docs/guide.txt", numbered_lines(80));
    base = sb.commit_all("r", "master");
    sb.git("r", {"checkout", "-q", "-b", "feature"});
    // One error (excluded-path), one warning (large-deletion) and one
    // warning with a line (django-fk-unqualified).
    sb.write_file("r/model_migration/migrate_models.py", "print('migrate')\n");
    sb.write_file("r/docs/guide.txt", numbered_lines(10));
    sb.write_file("r/products/x/backend/models.py",
                  "from django.db import models\n\n\nclass A(models.Model):\n"
                  "    user = models.ForeignKey(\"User\", on_delete=models.CASCADE)\n");
    tip = sb.commit_all("r", "migrate \"x\"");
  }

  RunResult check(const std::vector<std::string>& args = {}) const { return sb.migrate("check", args, "r"); }

  Sandbox sb;
  std::string base, tip;
};

TEST_F(CheckOutput, TextGroupedByFile) {
  RunResult r = check();
  EXPECT_EQ(r.out,
            "model_migration/migrate_models.py\n"
            "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(tip) + ")\n"
            "docs/guide.txt\n"
            "  warning: loses 70 lines (70 removed, 0 added); check that no code was removed by mistake "
            "[large-deletion]\n"
            "products/x/backend/models.py\n"
            "  5: warning: ForeignKey target \"User\" has no app label; Django resolves it against the declaring "
            "app, which breaks when models move: write \"<app_label>.User\" [django-fk-unqualified]\n"
            "\n"
            "1 error, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckOutput, ColourOnRequest) {
  RunResult r = check({"--color=always"});
  EXPECT_EQ(r.out,
            "\033[1mmodel_migration/migrate_models.py\033[m\n"
            "  \033[31merror\033[m: added or changed under the excluded folder model_migration/ "
            "\033[2m[excluded-path]\033[m \033[33m(" + short_id(tip) + ")\033[m\n"
            "\033[1mdocs/guide.txt\033[m\n"
            "  \033[33mwarning\033[m: loses 70 lines (70 removed, 0 added); check that no code was removed by "
            "mistake \033[2m[large-deletion]\033[m\n"
            "\033[1mproducts/x/backend/models.py\033[m\n"
            "  5: \033[33mwarning\033[m: ForeignKey target \"User\" has no app label; Django resolves it against "
            "the declaring app, which breaks when models move: write \"<app_label>.User\" "
            "\033[2m[django-fk-unqualified]\033[m\n"
            "\n"
            "\033[31m1 error, 2 warnings, 0 infos\033[m in 1 commit (master..HEAD)\n");
  // git's color.migrate (then color.ui) when no flag is given; the flag wins.
  sb.git("r", {"config", "color.migrate", "always"});
  EXPECT_EQ(check().out, r.out);
  EXPECT_EQ(check({"--color=never"}).out.find('\033'), std::string::npos);
}

TEST_F(CheckOutput, WarnOnlyExitsZero) {
  RunResult r = check({"--warn-only"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.substr(r.out.rfind("\n\n") + 2), "1 error, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

TEST_F(CheckOutput, JsonWholeOutput) {
  RunResult r = check({"--format", "json"});
  EXPECT_EQ(r.out,
            "{\n"
            "  \"version\": 1,\n"
            "  \"range\": \"master..HEAD\",\n"
            "  \"ranges\": [\n"
            "    {\"label\": \"master..HEAD\", \"base\": \"" + base + "\", \"tip\": \"" + tip + "\", \"commits\": 1}\n"
            "  ],\n"
            "  \"findings\": [\n"
            "    {\"rule\": \"excluded-path\", \"severity\": \"error\", \"path\": \"model_migration/migrate_models.py\", "
            "\"line\": 0, \"message\": \"added or changed under the excluded folder model_migration/\", "
            "\"commit\": \"" + tip + "\"},\n"
            "    {\"rule\": \"large-deletion\", \"severity\": \"warning\", \"path\": \"docs/guide.txt\", \"line\": 0, "
            "\"message\": \"loses 70 lines (70 removed, 0 added); check that no code was removed by mistake\"},\n"
            "    {\"rule\": \"django-fk-unqualified\", \"severity\": \"warning\", \"path\": "
            "\"products/x/backend/models.py\", \"line\": 5, \"message\": \"ForeignKey target \\\"User\\\" has no "
            "app label; Django resolves it against the declaring app, which breaks when models move: write "
            "\\\"<app_label>.User\\\"\"}\n"
            "  ],\n"
            "  \"summary\": {\"errors\": 1, \"warnings\": 2, \"infos\": 0, \"suppressed\": 0, \"commits\": 1, "
            "\"files_changed\": 3, \"migration_entries_skipped\": 0}\n"
            "}\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckOutput, JsonWithoutFindings) {
  RunResult r = check({"--format=json", base + ".." + base});
  EXPECT_EQ(r.out,
            "{\n"
            "  \"version\": 1,\n"
            "  \"range\": \"" + base + ".." + base + "\",\n"
            "  \"ranges\": [\n"
            "    {\"label\": \"" + base + ".." + base + "\", \"base\": \"" + base + "\", \"tip\": \"" + base +
                "\", \"commits\": 0}\n"
            "  ],\n"
            "  \"findings\": [],\n"
            "  \"summary\": {\"errors\": 0, \"warnings\": 0, \"infos\": 0, \"suppressed\": 0, \"commits\": 0, "
            "\"files_changed\": 0, \"migration_entries_skipped\": 0}\n"
            "}\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckOutput, SarifWholeOutput) {
  sb.write_file("r/.git-migrate.toml", "[check.rules.large-deletion]\nseverity = \"info\"\n");
  RunResult r = check({"--format", "sarif"});
  const std::string expected_prefix =
      "{\n"
      "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      "  \"version\": \"2.1.0\",\n"
      "  \"runs\": [\n"
      "    {\n"
      "      \"tool\": {\n"
      "        \"driver\": {\n"
      "          \"name\": \"git-migrate-check\",\n"
      "          \"version\": \"0.1.0\",\n"
      "          \"semanticVersion\": \"0.1.0\",\n"
      "          \"rules\": [\n";
  ASSERT_EQ(r.out.substr(0, expected_prefix.size()), expected_prefix);
  // The rules array lists every rule (--rules order; tests/sarif checks each
  // one's metadata against the schema); compare the rest whole. The sandbox
  // root has only unreserved characters, so its file:// uri is the path.
  const std::string results = r.out.substr(r.out.find("        }\n      },\n      \"originalUriBaseIds\""));
  EXPECT_EQ(results,
            "        }\n      },\n"
            "      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": \"file://" + sb.path("r") +
                "/\", \"description\": {\"text\": \"the root of the repository's worktree\"}}},\n"
            "      \"results\": [\n"
            "        {\"ruleId\": \"excluded-path\", \"ruleIndex\": 0, \"level\": \"error\", \"message\": {\"text\": "
            "\"added or changed under the excluded folder model_migration/\"}, \"locations\": [{\"physicalLocation\": "
            "{\"artifactLocation\": {\"uri\": \"model_migration/migrate_models.py\", \"uriBaseId\": \"%SRCROOT%\"}}}], "
            "\"properties\": {\"commit\": \"" + tip + "\"}},\n"
            "        {\"ruleId\": \"large-deletion\", \"ruleIndex\": 2, \"level\": \"note\", \"message\": {\"text\": "
            "\"loses 70 lines (70 removed, 0 added); check that no code was removed by mistake\"}, \"locations\": "
            "[{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"docs/guide.txt\", \"uriBaseId\": "
            "\"%SRCROOT%\"}}}]},\n"
            "        {\"ruleId\": \"django-fk-unqualified\", \"ruleIndex\": 6, \"level\": \"warning\", \"message\": "
            "{\"text\": \"ForeignKey target \\\"User\\\" has no app label; Django resolves it against the declaring "
            "app, which breaks when models move: write \\\"<app_label>.User\\\"\"}, \"locations\": "
            "[{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"products/x/backend/models.py\", "
            "\"uriBaseId\": \"%SRCROOT%\"}, \"region\": {\"startLine\": 5}}}]}\n"
            "      ]\n"
            "    }\n"
            "  ]\n"
            "}\n");
  EXPECT_NE(r.out.find("            {\"id\": \"large-deletion\", \"name\": \"LargeDeletion\", \"shortDescription\": "
                       "{\"text\": \"a file loses more lines than the deletion threshold (default 50), largest "
                       "first\"}, \"help\": {\"text\": \"Documented in git-migrate-check(1), section RULES. Suppress "
                       "one finding with '# migrate-check: ignore[large-deletion]' on its line, or with a "
                       "[[check.ignore]] entry (rule = \\\"large-deletion\\\", path = glob) in .git-migrate.toml; "
                       "change the severity or switch the rule off under [check.rules.large-deletion].\"}, "
                       "\"defaultConfiguration\": {\"level\": \"note\", \"enabled\": true}},\n"),
            std::string::npos)
      << r.out;
}

TEST_F(CheckOutput, SuppressionCommentOnTheLine) {
  sb.write_file("r/products/x/backend/models.py",
                "from django.db import models\n\n\nclass A(models.Model):\n"
                "    user = models.ForeignKey(\"User\", on_delete=models.CASCADE)  "
                "# migrate-check: ignore[large-deletion, django-fk-unqualified]\n");
  sb.write_file("r/docs/guide.txt", numbered_lines(80));
  sb.commit_all("r", "fix");
  // model_migration/ is not excluded here: only the suppressed finding is left.
  RunResult r = check({"--exclude", "tools"});
  EXPECT_EQ(r.out, "no problems in 2 commits (master..HEAD), 1 suppressed\n");
  EXPECT_EQ(r.exit_code, 0);
  // Another rule's id on the line suppresses nothing.
  sb.write_file("r/products/x/backend/models.py",
                "from django.db import models\n\n\nclass A(models.Model):\n"
                "    user = models.ForeignKey(\"User\", on_delete=models.CASCADE)  # migrate-check: ignore[artifact]\n");
  sb.commit_all("r", "other id");
  RunResult other = check({"--exclude", "tools", "--format=json"});
  EXPECT_NE(other.out.find("\"rule\": \"django-fk-unqualified\""), std::string::npos);
}

TEST_F(CheckOutput, IgnoreEntriesAndRuleSettingsFromTheTomlFile) {
  sb.write_file("r/.git-migrate.toml",
                "[[check.ignore]]\n"
                "rule = \"excluded-path\"\n"
                "path = \"model_migration/*\"\n"
                "\n"
                "[check.rules.large-deletion]\n"
                "severity = \"error\"\n"
                "\n"
                "[check.rules.django-fk-unqualified]\n"
                "enabled = false\n");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "docs/guide.txt\n"
            "  error: loses 70 lines (70 removed, 0 added); check that no code was removed by mistake "
            "[large-deletion]\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD), 1 suppressed\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckOutput, FlagBeatsGitConfigBeatsTomlFile) {
  sb.write_file("r/.git-migrate.toml", "deletion_threshold = 100\n");
  RunResult toml = check({"--format=json"});
  EXPECT_EQ(toml.out.find("large-deletion"), std::string::npos);
  sb.git("r", {"config", "migrate.deletionThreshold", "60"});
  RunResult git = check({"--format=json"});
  EXPECT_NE(git.out.find("\"loses 70 lines"), std::string::npos);
  RunResult flag = check({"--format=json", "--deletion-threshold", "75"});
  EXPECT_EQ(flag.out.find("large-deletion"), std::string::npos);
}

TEST_F(CheckOutput, UnknownRuleInConfigIsAConfigError) {
  sb.write_file("r/.git-migrate.toml", "\n[check.rules.no-such-rule]\nenabled = false\n");
  RunResult r = check();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "git-migrate-check: error: .git-migrate.toml:2: [check.rules.no-such-rule]: no such rule (git migrate-check --rules "
            "lists them)\n");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CheckOutput, ExplicitRangeAndSingleRevision) {
  sb.write_file("r/compare_ci_jobs.py", "x\n");
  const std::string second = sb.commit_all("r", "stray");
  RunResult one = check({second});
  EXPECT_EQ(one.out,
            "model_migration/migrate_models.py\n"
            "  error: under the excluded folder model_migration/ and present at the end of the range "
            "[excluded-path]\n"
            "compare_ci_jobs.py\n"
            "  error: added file matches the artifact pattern (^|/)compare_ci_jobs\\.py$; remove it from the "
            "branch (git rm, then amend) [artifact] (" + short_id(second) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (" + second + ")\n");
  RunResult range = check({"HEAD~1..HEAD"});
  EXPECT_EQ(range.out,
            "model_migration/migrate_models.py\n"
            "  error: under the excluded folder model_migration/ and present at the end of the range "
            "[excluded-path]\n"
            "compare_ci_jobs.py\n"
            "  error: added file matches the artifact pattern (^|/)compare_ci_jobs\\.py$; remove it from the "
            "branch (git rm, then amend) [artifact] (" + short_id(second) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (HEAD~1..HEAD)\n");
}

TEST_F(CheckOutput, MainBranchFromConfig) {
  sb.git("r", {"branch", "trunk", tip});
  sb.git("r", {"config", "migrate.main", "trunk"});
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 0 commits (trunk..HEAD)\n");
  sb.git("r", {"config", "migrate.main", "nope"});
  RunResult bad = check();
  EXPECT_EQ(bad.err,
            "git-migrate-check: error: the main branch 'nope' (git config migrate.main) does not name a commit; fetch it or set "
            "migrate.main\n");
  EXPECT_EQ(bad.exit_code, 2);
}

// command line > git -c (then GIT_CONFIG_COUNT) > git config > .git-migrate.toml.
TEST_F(CheckOutput, MainBranchPrecedenceWithGitDashC) {
  for (const char* b : {"flag", "dash-c", "env-pair", "git-config", "toml"}) sb.git("r", {"branch", b, tip});
  auto label = [&](const std::vector<std::string>& git_args, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), git_args.begin(), git_args.end());
    argv.push_back("migrate-check");
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = sb.run(argv, "r", "", env);
    EXPECT_EQ(r.err, "");
    return r.out;
  };
  sb.write_file("r/.git-migrate.toml", "main = \"toml\"\n");
  EXPECT_EQ(label({}, {}), "no problems in 0 commits (toml..HEAD)\n");
  sb.git("r", {"config", "migrate.main", "git-config"});
  EXPECT_EQ(label({}, {}), "no problems in 0 commits (git-config..HEAD)\n");
  const std::map<std::string, std::string> pair = {
      {"GIT_CONFIG_COUNT", "1"}, {"GIT_CONFIG_KEY_0", "migrate.main"}, {"GIT_CONFIG_VALUE_0", "env-pair"}};
  EXPECT_EQ(label({}, {}, pair), "no problems in 0 commits (env-pair..HEAD)\n");
  EXPECT_EQ(label({"-c", "migrate.main=dash-c"}, {}, pair), "no problems in 0 commits (dash-c..HEAD)\n");
  EXPECT_EQ(label({"-c", "Migrate.Main=dash-c"}, {}), "no problems in 0 commits (dash-c..HEAD)\n");
  EXPECT_EQ(label({"-c", "migrate.main=dash-c"}, {"--main", "flag"}), "no problems in 0 commits (flag..HEAD)\n");
  // Messages name the layer the value came from.
  const RunResult bad = sb.run({"git", "-c", "migrate.main=nope", "migrate-check"}, "r");
  EXPECT_EQ(bad.err,
            "git-migrate-check: error: the main branch 'nope' (git -c migrate.main) does not name a commit; fetch it or "
            "set migrate.main\n");
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(CheckOutput, ColourFromGitDashC) {
  const std::string plain = check().out;
  const std::string coloured = check({"--color=always"}).out;
  ASSERT_NE(plain, coloured);
  EXPECT_EQ(sb.run({"git", "-c", "color.ui=always", "migrate-check"}, "r").out, coloured);
  EXPECT_EQ(sb.run({"git", "-c", "color.migrate=always", "migrate-check"}, "r").out, coloured);
  sb.git("r", {"config", "color.migrate", "always"});
  EXPECT_EQ(sb.run({"git", "-c", "color.migrate=never", "migrate-check"}, "r").out, plain);
  EXPECT_EQ(sb.run({"git", "-c", "color.migrate=always", "migrate-check", "--color=never"}, "r").out, plain);
}

TEST_F(CheckOutput, NoMainBranch) {
  sb.git("r", {"branch", "-q", "-m", "master", "trunk"});
  RunResult r = check();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "git-migrate-check: error: no main branch: none of origin/HEAD, origin/master, origin/main, master, main exists; set one with 'git config "
            "migrate.main <branch>' or name a range (git migrate-check <base>..<tip>)\n");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CheckOutput, UsageErrors) {
  RunResult r = check({"--format", "xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "git-migrate-check: error: --format: xml not in {text,json,sarif}");
  RunResult both = check({"A..B", "--pre-push", "origin"});
  EXPECT_EQ(both.err, "git-migrate-check: error: --pre-push takes its ranges from stdin; do not name a range as well\n");
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(CheckOutput, RulesListing) {
  RunResult r = check({"--rules"});
  EXPECT_EQ(r.out,
            "excluded-path          error    a commit adds or changes a path under an excluded folder "
            "(model_migration/), or the final tree has one\n"
            "artifact               error    an added path matches an artifact pattern (test migrations, stray "
            "files), or max_migration.txt no longer names the latest migration\n"
            "large-deletion         warning  a file loses more lines than the deletion threshold (default 50), "
            "largest first\n"
            "vanished-definition    error    a function, class, method or class attribute of a changed file is "
            "defined nowhere at the end (moved definitions are fine)\n"
            "stale-import           error    an import or dotted string in the final tree still names a module "
            "the moves file moved\n"
            "django-appconfig-name  warning  an AppConfig class (or a reference to one) is not the PascalCase "
            "form of its app (Error_TrackingConfig)\n"
            "django-fk-unqualified  warning  a ForeignKey, OneToOneField or ManyToManyField in a changed models "
            "file names its target without an app label (\"User\" instead of \"posthog.User\")\n"
            "django-stale-export    warning  a moved model is still exported from its old package's __init__.py\n"
            "dj-multiple-leaves     error    a Django app has several leaf migrations (after squashes are applied): "
            "makemigrations --merge\n"
            "dj-missing-dependency  error    a Django dependency or run_before entry names no migration (warning for "
            "apps outside the repository)\n"
            "dj-cycle               error    the Django migration graph has a cycle\n"
            "dj-no-migration-class  error    a Django migration module defines or imports no Migration\n"
            "dj-number-clash        warning  two migrations of one Django app share a number and no migration orders "
            "or merges them\n"
            "dj-edited-applied      error    a Django migration that exists at the merge base is modified, deleted or "
            "renamed\n"
            "dj-lost-operation      error    a deleted or squashed-away Django migration held a RunPython function, "
            "RunSQL or custom operation that no migration at the end carries (info when elidable=True)\n"
            "dj-irreversible        warning  a Django migration added in the range has a RunPython without "
            "reverse_code or a RunSQL without reverse_sql\n"
            "dj-max-migration       error    max_migration.txt (django-linear-migrations) is missing or does not name "
            "the app's latest migration\n"
            "al-missing-revision    error    an Alembic revision file has no literal revision or no down_revision\n"
            "al-dangling-reference  error    an Alembic down_revision or depends_on entry names no revision or branch "
            "label\n"
            "al-multiple-heads      error    an Alembic history has several heads: alembic merge heads\n"
            "al-duplicate-revision  error    one Alembic revision id is defined in two files\n"
            "al-cycle               error    the Alembic revision graph has a cycle or a self-reference\n"
            "al-empty-upgrade       warning  an Alembic upgrade() does nothing (only pass or a docstring) outside a "
            "merge revision\n"
            "al-fk-no-ondelete      warning  an Alembic foreign key (ForeignKey, ForeignKeyConstraint, "
            "create_foreign_key) has no ondelete=\n"
            "al-multiple-bases      warning  an Alembic tree has several base revisions (down_revision None) of "
            "which two or more have no branch_labels\n"
            "al-lost-operation      error    an Alembic revision removed in the range did data work in upgrade() "
            "(op.execute, op.bulk_insert, connection.execute) that no revision at the end does\n"
            "al-no-version-tree     warning  an alembic.ini, [tool.alembic] or Alembic env.py leads to no folder of "
            "revision files, so no al-* rule audits it\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckOutput, NeverRunsCommandsFromTheConfiguration) {
  // check runs in hooks: commands configured for fresh must not run.
  sb.write_file("r/.git-migrate.toml",
                "[fresh]\n"
                "validate = [\"touch ran-validate\"]\n"
                "generate = [\"touch ran-generate\"]\n"
                "run = \"touch ran-run\"\n");
  sb.git("r", {"config", "--add", "migrate.fresh.validate", "touch ran-git-config"});
  RunResult r = check({"--format=json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(sb.exists("r/ran-validate"));
  EXPECT_FALSE(sb.exists("r/ran-generate"));
  EXPECT_FALSE(sb.exists("r/ran-run"));
  EXPECT_FALSE(sb.exists("r/ran-git-config"));
  EXPECT_EQ(sb.git("r", {"status", "--porcelain", "--untracked-files=all"}), "?? .git-migrate.toml\n");
}

TEST_F(CheckOutput, NotARepository) {
  sb.write_file("plain/file.txt", "x\n");
  RunResult r = sb.migrate("check", {}, "plain");
  EXPECT_EQ(r.exit_code, 128);
  EXPECT_EQ(r.out, "");
}

TEST_F(CheckOutput, Sha256RepositoryIsRefusedClearly) {
  sb.init_repo("s", "master", {"--object-format=sha256"});
  sb.write_file("s/a.txt", "a\n");
  sb.commit_all("s", "one");
  RunResult r = sb.migrate("check", {}, "s");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "git-migrate-check: fatal: open repository '.': this repository uses SHA-256 object ids, which "
            "libgit2 1.5 cannot read\n");
  EXPECT_EQ(r.exit_code, 128);
}

}  // namespace
}  // namespace migrate::testing::check
