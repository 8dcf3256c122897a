// Paths holding control characters, quotes, backslashes and non-ASCII bytes
// in the text output of all three commands: quoted as git quotes them
// (core.quotePath, on by default; off keeps UTF-8 as is), never a raw escape
// sequence on the terminal. JSON carries the raw path, escaped by JSON's
// rules. Whole outputs compared.
#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing {
namespace {

// ESC[31m (the terminal would turn red), a newline, a tab, a double quote, a
// backslash and UTF-8 "é". In git's byte order.
const std::vector<std::string> kNasty = {"back\\slash.py", "caf\xc3\xa9.py", "esc\033[31mred.py",
                                         "new\nline.py",   "q\"uote.py",     "tab\tx.py"};
// As git prints them under a folder `dir`, core.quotePath true / false.
std::vector<std::string> quoted(const std::string& dir, bool fully) {
  return {"\"" + dir + "back\\\\slash.py\"",
          fully ? "\"" + dir + "caf\\303\\251.py\"" : dir + "caf\xc3\xa9.py",
          "\"" + dir + "esc\\033[31mred.py\"",
          "\"" + dir + "new\\nline.py\"",
          "\"" + dir + "q\\\"uote.py\"",
          "\"" + dir + "tab\\tx.py\""};
}

class QuotePaths : public ::testing::Test {
 protected:
  Sandbox sb;
};

TEST_F(QuotePaths, CheckTextAndJson) {
  sb.init_repo("r");
  sb.write_file("r/app/__init__.py", "");
  sb.commit_all("r", "master");
  sb.git("r", {"checkout", "-q", "-b", "feature"});
  for (const auto& n : kNasty) sb.write_file("r/model_migration/" + n, "x = 1\n");
  const std::string tip = sb.commit_all("r", "scripts").substr(0, 10);
  // git itself lists them so.
  std::string listed;
  for (const auto& q : quoted("model_migration/", true)) listed += q + "\n";
  ASSERT_EQ(sb.git("r", {"ls-files", "model_migration"}), listed);

  for (bool fully : {true, false}) {
    sb.git("r", {"config", "core.quotePath", fully ? "true" : "false"});
    std::string expected;
    for (const auto& q : quoted("model_migration/", fully))
      expected += q + "\n  error: added or changed under the excluded folder model_migration/ [excluded-path] (" +
                  tip + ")\n";
    expected += "\n6 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n";
    const RunResult r = sb.migrate("check", {}, "r");
    EXPECT_EQ(r.out, expected) << "core.quotePath=" << fully;
    EXPECT_EQ(r.exit_code, 1);
  }
  // git -c beats the repository's config.
  sb.git("r", {"config", "core.quotePath", "false"});
  const RunResult c = sb.run({"git", "-c", "core.quotePath=true", "migrate-check"}, "r");
  EXPECT_EQ(c.out.substr(0, c.out.find('\n')), quoted("model_migration/", true)[0]);
  EXPECT_NE(c.out.find(quoted("model_migration/", true)[1] + "\n"), std::string::npos) << c.out;

  // JSON: the raw path, control characters as \u escapes or JSON's short ones.
  const RunResult j = sb.migrate("check", {"--format", "json"}, "r");
  const std::vector<std::string> json_paths = {"model_migration/back\\\\slash.py", "model_migration/caf\xc3\xa9.py",
                                               "model_migration/esc\\u001b[31mred.py", "model_migration/new\\nline.py",
                                               "model_migration/q\\\"uote.py", "model_migration/tab\\tx.py"};
  std::string findings;
  for (std::size_t i = 0; i < json_paths.size(); ++i)
    findings += std::string(i ? ",\n" : "\n") +
                "    {\"rule\": \"excluded-path\", \"severity\": \"error\", \"path\": \"" + json_paths[i] +
                "\", \"line\": 0, \"message\": \"added or changed under the excluded folder model_migration/\", "
                "\"commit\": \"" + sb.rev_parse("r", "HEAD") + "\"}";
  EXPECT_EQ(j.out.substr(j.out.find("\"findings\": [")),
            "\"findings\": [" + findings + "\n  ],\n"
            "  \"summary\": {\"errors\": 6, \"warnings\": 0, \"infos\": 0, \"suppressed\": 0, \"commits\": 1, "
            "\"files_changed\": 6, \"migration_entries_skipped\": 0}\n}\n");
  EXPECT_EQ(j.out.find('\033'), std::string::npos);
}

TEST_F(QuotePaths, FreshRewriteAndRefusal) {
  sb.init_repo("repo");
  sb.write_file("repo/posthog/__init__.py", "");
  sb.write_file("repo/posthog/old.py", "X = 1\n");
  for (const auto& n : kNasty) sb.write_file("repo/posthog/tasks/" + n, "from posthog.old import X\n");
  sb.write_file("repo/model_migration/moves.toml",
                "product = \"p\"\n\n[[file_moves]]\nfrom = \"posthog/old.py\"\nto = \"products/p/backend/old.py\"\n");
  sb.commit_all("repo", "initial");
  sb.run({"mkdir", "-p", "products/p/backend"}, "repo");
  sb.git("repo", {"mv", "posthog/old.py", "products/p/backend/old.py"});

  const RunResult n = sb.migrate("fresh", {"rewrite", "-n"}, "repo");
  std::string expected;
  for (const auto& q : quoted("posthog/tasks/", true)) expected += "would change: " + q + "\n";
  EXPECT_EQ(n.out, expected + "8 Python files considered, 6 parsed, 6 would change, 0 left untouched\n");
  EXPECT_EQ(n.err, "");

  // --diff: the headers as git writes them, "a/<path>" quoted as a whole.
  const RunResult d = sb.migrate("fresh", {"rewrite", "--diff", "posthog/tasks/esc\033[31mred.py"}, "repo");
  EXPECT_EQ(d.out,
            "diff --git \"a/posthog/tasks/esc\\033[31mred.py\" \"b/posthog/tasks/esc\\033[31mred.py\"\n"
            "--- \"a/posthog/tasks/esc\\033[31mred.py\"\n"
            "+++ \"b/posthog/tasks/esc\\033[31mred.py\"\n"
            "@@ -1 +1 @@\n"
            "-from posthog.old import X\n"
            "+from products.p.backend.old import X\n");
  // git applies it.
  sb.write_file("patch", d.out);
  EXPECT_EQ(sb.run({"git", "apply", "--check", sb.path("patch")}, "repo").exit_code, 0);

  sb.git("repo", {"config", "core.quotePath", "false"});
  const RunResult w = sb.migrate("fresh", {"rewrite"}, "repo");
  expected.clear();
  for (const auto& q : quoted("posthog/tasks/", false)) expected += "changed: " + q + "\n";
  EXPECT_EQ(w.out, expected + "8 Python files considered, 6 parsed, 6 changed, 0 left untouched\n");

  // The refusal on a dirty worktree lists the paths.
  const RunResult f = sb.migrate("fresh", {"p"}, "repo");
  EXPECT_EQ(f.exit_code, 1);
  std::string listed;
  for (const auto& q : quoted("posthog/tasks/", false)) listed += "\n  " + q;
  EXPECT_EQ(f.err, "error: the worktree has uncommitted changes:\n  posthog/old.py" + listed +
                       "\n  products/p/backend/old.py\n  commit or stash them first (git stash push), then run again\n");
  EXPECT_EQ(f.err.find('\033'), std::string::npos);
}

TEST_F(QuotePaths, FreshSaveScripts) {
  make_django_repo(sb, "repo", "");
  ASSERT_EQ(sb.migrate("fresh", {"--run", "git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py",
                                 "--no-pause", "error_tracking"},
                       "repo")
                .exit_code,
            0);
  for (const auto& n : kNasty) sb.write_file("repo/model_migration/" + n, "pass\n");
  const RunResult r = sb.migrate("fresh", {"save-scripts", "-n"}, "repo");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string body;
  for (const auto& q : quoted("model_migration/", true)) body += "- add " + q + "\n";
  const std::string tip = sb.rev_parse("repo", "chore/model-migration-baseline").substr(0, 10);
  EXPECT_EQ(r.out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Would commit on chore/model-migration-baseline (" + tip + "), nothing is written:\n" + body);
}

TEST_F(QuotePaths, ReplaceDryRunAndDone) {
  sb.init_repo("repo");
  sb.write_file("repo/app.py", "x = 1\n");
  sb.commit_all("repo", "master");
  sb.git("repo", {"checkout", "-q", "-b", "fresh"});
  for (const auto& n : kNasty) sb.write_file("repo/docs/" + n, "line\n");
  sb.write_file("repo/model_migration/esc\033[31m.py", "pass\n");
  sb.commit_all("repo", "fresh");
  sb.git("repo", {"checkout", "-q", "-b", "review", "master"});

  const RunResult n = sb.migrate("replace", {"-n", "fresh"}, "repo");
  EXPECT_EQ(n.exit_code, 0) << n.err;
  std::string added;
  for (const auto& q : quoted("docs/", true)) added += "  -0  +1  " + q + " (new)\n";
  const std::string listing = n.out.substr(n.out.find("  excluded"));
  EXPECT_EQ(listing,
            "  excluded       model_migration/ (1 file)\n"
            "  checkout       index and worktree would be updated (6 files)\n"
            "\n"
            "Files added (6):\n" + added +
            "\n"
            "  6 files changed, 6 insertions(+)\n");
  EXPECT_EQ(n.out.find('\033'), std::string::npos);

  const RunResult done = sb.migrate("replace", {"fresh"}, "repo");
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_EQ(done.out.substr(done.out.find("\nChanges")),
            "\nChanges against the previous head, most lines removed first:\n" + added +
            "  6 files changed, 6 insertions(+)\n"
            "\n"
            "Undo with: git migrate-replace --undo review\n");
}

}  // namespace
}  // namespace migrate::testing
