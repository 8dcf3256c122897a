// Progress lines of the three commands (common/progress.h): shown on a
// terminal (a pseudo-terminal here), cleared before the output, never in a
// pipe or with --format json unless --progress asks for them, never with
// --no-progress. GIT_MIGRATE_PROGRESS_DELAY=0 shows them from the start, so
// that every meter draws at least its final count: the outputs are compared
// whole once each meter's run of updates is reduced to that last draw.
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/e2e/fresh_fixture.h"
#include "tests/e2e/replace_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing {
namespace {

const std::map<std::string, std::string> kNoDelay = {{"GIT_MIGRATE_PROGRESS_DELAY", "0"}};

// Each run of draws of one meter ("\rParsing: 1/7 files\rParsing: 4/7
// files") reduced to its last draw: how many updates come before it depends
// on the machine's speed.
std::string last_draws(const std::string& s) {
  static const std::regex earlier(R"(\r([^\r\n:]+): \d+/\d+ [a-z]+(?=\r\1: ))");
  return std::regex_replace(s, earlier, "");
}

// A meter's final line, then the line cleared.
std::string meter(const std::string& line) { return "\r" + line + "\r" + std::string(line.size(), ' ') + "\r"; }

// What a terminal shows after `s`: '\r' goes back to the line's start and
// later characters overwrite; blanks at the end of a line are not seen.
std::string screen(const std::string& s) {
  std::vector<std::string> lines(1);
  std::size_t col = 0;
  for (char c : s) {
    if (c == '\r') {
      col = 0;
    } else if (c == '\n') {
      lines.emplace_back();
      col = 0;
    } else {
      std::string& l = lines.back();
      if (col < l.size()) l[col] = c; else l += c;
      ++col;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string l = lines[i];
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + (i + 1 < lines.size() ? "\n" : "");
  }
  return out;
}

TEST(ProgressHelpers, LastDrawsAndScreen) {
  EXPECT_EQ(last_draws("\rA: 1/3 files\rA: 3/3 files\r    \r\rB (x): 0/2 files\rB (x): 2/2 files\rC: 1/1 paths"),
            "\rA: 3/3 files\r    \r\rB (x): 2/2 files\rC: 1/1 paths");
  EXPECT_EQ(screen("\rA: 3/3 files\r            \rok\nab\rc\n"), "ok\ncb\n");
}

// --- git migrate-check ------------------------------------------------------

class CheckProgress : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.write_file("r/posthog/__init__.py", "");
    sb.write_file("r/posthog/models/__init__.py", "");
    sb.write_file("r/posthog/models/error_tracking.py",
                  "from django.db import models\n\n\nclass ErrorTrackingIssue(models.Model):\n    pass\n");
    sb.write_file("r/posthog/tasks/email.py", "from posthog.models.error_tracking import ErrorTrackingIssue\n");
    sb.write_file("r/posthog/api/issues.py", "from posthog.models.error_tracking import ErrorTrackingIssue\n");
    sb.commit_all("r", "master");
    sb.git("r", {"checkout", "-q", "-b", "feature"});
    sb.write_file("r/model_migration/moves.toml",
                  "product = \"error_tracking\"\n\n[[file_moves]]\n"
                  "from = \"posthog/models/error_tracking.py\"\nto = \"products/error_tracking/backend/models.py\"\n");
    sb.write_file("r/products/__init__.py", "");
    sb.write_file("r/products/error_tracking/__init__.py", "");
    sb.write_file("r/products/error_tracking/backend/__init__.py", "");
    sb.git("r", {"mv", "posthog/models/error_tracking.py", "products/error_tracking/backend/models.py"});
    sb.write_file("r/posthog/api/issues.py", "from products.error_tracking.backend.models import ErrorTrackingIssue\n");
    sb.git("r", {"add", "products", "posthog"});
    sb.git("r", {"commit", "-q", "-m", "move"});
  }

  Sandbox sb;
  // The moved file parsed for its definitions, then the 8 Python files of
  // the final tree read for stale imports.
  const std::string progress = meter("Parsing (vanished-definition): 1/1 files") +
                               meter("Reading (stale-import): 8/8 files");
  const std::string report =
      "posthog/tasks/email.py\n"
      "  1: error: imports posthog.models.error_tracking, which moved: use products.error_tracking.backend.models "
      "(moves file model_migration/moves.toml) [stale-import]\n"
      "\n"
      "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n";
};

// A definition removed in the range: the versions of its file are read
// for the commit that removed it, with a meter of their own.
TEST_F(CheckProgress, TheHistoryOfARemovedDefinitionIsReadWithAMeter) {
  sb.write_file("r/posthog/tasks/digest.py", "def weekly():\n    return 1\n\n\ndef monthly():\n    return 2\n");
  sb.git("r", {"add", "posthog"});
  sb.git("r", {"commit", "-q", "-m", "digest"});
  sb.write_file("r/posthog/tasks/digest.py", "def weekly():\n    return 1\n");
  sb.git("r", {"commit", "-q", "-am", "monthly goes"});
  const std::string c = sb.rev_parse("r", "HEAD");
  RunResult r = sb.migrate_pty("check", {"HEAD~1..HEAD"}, "r", kNoDelay);
  // The file at the start and at the end parsed, the final tree searched
  // for importers, then the history read.
  EXPECT_EQ(last_draws(r.out),
            meter("Parsing (vanished-definition): 1/1 files") + meter("Parsing (vanished-definition): 1/1 files") +
                meter("Reading (vanished-definition): 9/9 files") +
                meter("Reading history (vanished-definition): 1/1 files") +
                meter("Reading (stale-import): 9/9 files") +
                "posthog/tasks/digest.py\n"
                "  5: error: function monthly (was at posthog/tasks/digest.py:5) is defined nowhere at the end of the "
                "range [vanished-definition] (" + check::short_id(c) + ")\n"
                "posthog/tasks/email.py\n"
                "  1: error: imports posthog.models.error_tracking, which moved: use "
                "products.error_tracking.backend.models (moves file model_migration/moves.toml) [stale-import]\n"
                "\n"
                "2 errors, 0 warnings, 0 infos in 1 commit (HEAD~1..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckProgress, OnATerminalShownThenCleared) {
  RunResult r = sb.migrate_pty("check", {}, "r", kNoDelay);
  EXPECT_EQ(last_draws(r.out), progress + report);
  EXPECT_EQ(screen(r.out), report);
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckProgress, NotInAPipeUnlessAskedFor) {
  RunResult piped = sb.migrate("check", {}, "r", "", kNoDelay);
  EXPECT_EQ(piped.err, "");
  EXPECT_EQ(piped.out, report);
  EXPECT_EQ(piped.exit_code, 1);
  RunResult forced = sb.migrate("check", {"--progress"}, "r", "", kNoDelay);
  EXPECT_EQ(last_draws(forced.err), progress);
  EXPECT_EQ(forced.out, report);
  EXPECT_EQ(forced.exit_code, 1);
  // The last of --progress / --no-progress wins.
  EXPECT_EQ(sb.migrate("check", {"--progress", "--no-progress"}, "r", "", kNoDelay).err, "");
}

TEST_F(CheckProgress, NoProgressOnATerminal) {
  RunResult r = sb.migrate_pty("check", {"--no-progress"}, "r", kNoDelay);
  EXPECT_EQ(r.out, report);
  EXPECT_EQ(last_draws(sb.migrate_pty("check", {"--no-progress", "--progress"}, "r", kNoDelay).out), progress + report)
      << "the last flag wins";
}

TEST_F(CheckProgress, MachineFormatsOnlyWhenAskedFor) {
  const std::string json = sb.migrate("check", {"--format=json"}, "r").out;
  ASSERT_EQ(json.substr(0, 2), "{\n");
  EXPECT_EQ(sb.migrate_pty("check", {"--format=json"}, "r", kNoDelay).out, json);
  const std::string sarif = sb.migrate("check", {"--format=sarif"}, "r").out;
  EXPECT_EQ(sb.migrate_pty("check", {"--format=sarif"}, "r", kNoDelay).out, sarif);
  // Asked for: on standard error, the JSON on standard output as it was.
  RunResult forced = sb.migrate("check", {"--format=json", "--progress"}, "r", "", kNoDelay);
  EXPECT_EQ(last_draws(forced.err), progress);
  EXPECT_EQ(forced.out, json);
}

// --- git migrate-fresh --------------------------------------------------------

// As in fresh_pipeline_test.cc, so the commits are the same.
constexpr const char* kFreshToml =
    "main = \"master\"\n"
    "\n"
    "[fresh]\n"
    "settings_file = \"posthog/settings/web.py\"\n"
    "settings_list = \"PRODUCTS_APPS\"\n"
    "validate = [\"python3 manage.py migrate --plan\"]\n"
    "generate = [\"python3 manage.py makemigrations {product}\"]\n";

// The pipeline up to its pause after rewrite: the baseline checked out (its
// 3 tooling files), 2 files moved, the 20 Python files rewritten, each
// meter cleared before its phase's line.
TEST(FreshProgress, PipelinePhasesOnATerminal) {
  const std::string head = "Migrating error_tracking on 976fa269f0 (master), pinned for the whole run.\n";
  const std::string branch =
      "branch     on chore/models-migrations-error_tracking-fresh at 976fa269f0 (master), index and worktree hold "
      "chore/model-migration-baseline (384be75048)\n"
      "configure  model_migration/migration_config.json: error_tracking is \"todo\", 2 others are \"skip\"\n"
      "prepare    created products/error_tracking/__init__.py, products/error_tracking/backend/__init__.py, "
      "products/error_tracking/backend/apps.py (ErrorTrackingConfig)\n"
      "           added \"products.error_tracking.backend.apps.ErrorTrackingConfig\" to PRODUCTS_APPS in "
      "posthog/settings/web.py\n";
  const std::string move = "move       moved 2 files\n";
  const std::string rewrite =
      "rewrite    rewrote 3 of 20 Python files (5 parsed)\n"
      "\n"
      "Paused after rewrite. Review the changes (git status, git diff), fix what needs fixing, then continue with:\n"
      "  git migrate-fresh --resume error_tracking\n";
  {
    Sandbox sb;
    make_django_repo(sb, "repo", kFreshToml);
    RunResult r = sb.migrate_pty("fresh", {"error_tracking"}, "repo", kNoDelay);
    EXPECT_EQ(last_draws(r.out), head + meter("Updating: 3/3 files") + branch + meter("Moving: 2/2 files") + move +
                                     meter("Rewriting: 20/20 files") + rewrite);
    EXPECT_EQ(screen(r.out), head + branch + move + rewrite);
    EXPECT_EQ(r.exit_code, 0);
  }
  {
    Sandbox sb;
    make_django_repo(sb, "repo", kFreshToml);
    RunResult r = sb.migrate_pty("fresh", {"--no-progress", "error_tracking"}, "repo", kNoDelay);
    EXPECT_EQ(r.out, head + branch + move + rewrite);
  }
  {
    Sandbox sb;
    make_django_repo(sb, "repo", kFreshToml);
    RunResult piped = sb.migrate("fresh", {"error_tracking"}, "repo", "", kNoDelay);
    EXPECT_EQ(piped.out, head + branch + move + rewrite);
    EXPECT_EQ(piped.err, "");
  }
  {
    Sandbox sb;
    make_django_repo(sb, "repo", kFreshToml);
    RunResult forced = sb.migrate("fresh", {"error_tracking", "--progress"}, "repo", "", kNoDelay);
    EXPECT_EQ(forced.out, head + branch + move + rewrite);
    EXPECT_EQ(last_draws(forced.err),
              meter("Updating: 3/3 files") + meter("Moving: 2/2 files") + meter("Rewriting: 20/20 files"));
  }
}

class RewriteProgress : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("repo");
    sb.write_file("repo/posthog/__init__.py", "");
    sb.write_file("repo/posthog/models/__init__.py", "from .error_tracking import ErrorTrackingIssue\n");
    sb.write_file("repo/posthog/models/error_tracking.py", "class ErrorTrackingIssue:\n    pass\n");
    sb.write_file("repo/posthog/tasks/email.py", "from posthog.models.error_tracking import ErrorTrackingIssue\n");
    sb.write_file("repo/posthog/tasks/other.py", "import os\n");
    sb.write_file("repo/model_migration/moves.toml",
                  "product = \"error_tracking\"\n\n[[file_moves]]\nfrom = \"posthog/models/error_tracking.py\"\n"
                  "to = \"products/error_tracking/backend/models.py\"\n");
    sb.commit_all("repo", "initial");
    sb.run({"mkdir", "-p", "products/error_tracking/backend"}, "repo");
    sb.git("repo", {"mv", "posthog/models/error_tracking.py", "products/error_tracking/backend/models.py"});
  }

  Sandbox sb;
  const std::string summary = "5 Python files considered, 2 parsed, 2 would change, 0 left untouched\n";
  const std::string report = "would change: posthog/models/__init__.py\nwould change: posthog/tasks/email.py\n" + summary;
};

TEST_F(RewriteProgress, OnATerminalOnlyWhenWanted) {
  RunResult r = sb.migrate_pty("fresh", {"rewrite", "-n"}, "repo", kNoDelay);
  EXPECT_EQ(last_draws(r.out), meter("Rewriting: 5/5 files") + report);
  EXPECT_EQ(screen(r.out), report);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.migrate_pty("fresh", {"rewrite", "-n", "--no-progress"}, "repo", kNoDelay).out, report);
  RunResult piped = sb.migrate("fresh", {"rewrite", "-n"}, "repo", "", kNoDelay);
  EXPECT_EQ(piped.out, report);
  EXPECT_EQ(piped.err, "");
  // --diff: the patch alone on stdout, the summary and the progress on stderr.
  RunResult diff = sb.migrate("fresh", {"rewrite", "--diff", "--progress"}, "repo", "", kNoDelay);
  EXPECT_EQ(diff.out.substr(0, 11), "diff --git ");
  EXPECT_EQ(last_draws(diff.err), meter("Rewriting: 5/5 files") + summary);
}

// --- git migrate-replace -------------------------------------------------------

class ReplaceProgress : public ReplaceTest {};

// The same run three times (undone in between, so the merge is the same
// commit): the output in a pipe, then on a terminal with and without
// progress.
TEST_F(ReplaceProgress, CheckoutOnATerminal) {
  RunResult piped = sb.migrate("replace", {kFresh}, "repo", "", kNoDelay);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err,
            "warning: posthog/tasks/email.py loses 64 lines (more than 50); check that no code was removed by "
            "mistake\n");
  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  RunResult r = sb.migrate_pty("replace", {kFresh}, "repo", kNoDelay);
  EXPECT_EQ(last_draws(r.out), meter("Updating: 9/9 files") + piped.out + piped.err);
  EXPECT_EQ(screen(r.out), piped.out + piped.err);
  EXPECT_EQ(r.exit_code, 0);
  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  EXPECT_EQ(sb.migrate_pty("replace", {kFresh, "--no-progress"}, "repo", kNoDelay).out, piped.out + piped.err);
  ASSERT_EQ(sb.migrate("replace", {"--undo"}, "repo").exit_code, 0);
  RunResult forced = sb.migrate("replace", {"--progress", kFresh}, "repo", "", kNoDelay);
  EXPECT_EQ(forced.out, piped.out);
  EXPECT_EQ(last_draws(forced.err), meter("Updating: 9/9 files") + piped.err);
}

}  // namespace
}  // namespace migrate::testing
