// git-migrate-check --pre-push: git's pre-push protocol on stdin
// (<local ref> <local oid> <remote ref> <remote oid>), and the installed hook
// driven by a real `git push`.
#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

const std::string kZero40(40, '0');
const std::string kZero64(64, '0');

class CheckPrePush : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.git("", {"init", "-q", "--bare", "remote.git"});
    sb.init_repo("r");
    sb.write_file("r/posthog/__init__.py", "");
    master = sb.commit_all("r", "master");
    sb.git("r", {"remote", "add", "origin", "../remote.git"});
    sb.git("r", {"push", "-q", "origin", "master"});
  }

  // A branch from master with one commit adding `path`.
  std::string branch_adding(const std::string& branch, const std::string& path) {
    sb.git("r", {"checkout", "-q", "-b", branch, "master"});
    sb.write_file("r/" + path, "x\n");
    return sb.commit_all("r", "add " + path);
  }

  RunResult pre_push(const std::string& input) const {
    return sb.migrate("check", {"--pre-push", "origin", "../remote.git"}, "r", input);
  }

  Sandbox sb;
  std::string master;
};

TEST_F(CheckPrePush, NewBranchAuditsWhatTheRemoteDoesNotHave) {
  const std::string c = branch_adding("chore/models-migrations-error_tracking", "model_migration/migrate_models.py");
  RunResult r = pre_push("refs/heads/chore/models-migrations-error_tracking " + c +
                         " refs/heads/chore/models-migrations-error_tracking " + kZero40 + "\n");
  EXPECT_EQ(r.out,
            "model_migration/migrate_models.py\n"
            "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (refs/heads/chore/models-migrations-error_tracking)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckPrePush, AllZeroIdOfSha256LengthIsANewRef) {
  const std::string c = branch_adding("feature", "model_migration/x.py");
  RunResult r = pre_push("refs/heads/feature " + c + " refs/heads/feature " + kZero64 + "\n");
  EXPECT_EQ(r.out,
            "model_migration/x.py\n"
            "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (refs/heads/feature)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckPrePush, PushToAUrlUsesEveryRemoteTrackingRef) {
  // `git push ../remote.git feature`: git passes the URL as the remote name.
  const std::string c = branch_adding("feature", "compare_ci_jobs.py");
  RunResult r = sb.migrate("check", {"--pre-push", "../remote.git", "../remote.git"}, "r",
                           "refs/heads/feature " + c + " refs/heads/feature " + kZero40 + "\n");
  EXPECT_EQ(r.out,
            "compare_ci_jobs.py\n"
            "  error: added file matches the artifact pattern (^|/)compare_ci_jobs\\.py$; remove it from the "
            "branch (git rm, then amend) [artifact] (" + short_id(c) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (refs/heads/feature)\n");
}

TEST_F(CheckPrePush, DeletedRefIsSkipped) {
  RunResult r = pre_push("(delete) " + kZero40 + " refs/heads/old " + master + "\n");
  EXPECT_EQ(r.out, "nothing to audit\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckPrePush, EmptyInputAuditsNothing) {
  RunResult r = pre_push("");
  EXPECT_EQ(r.out, "nothing to audit\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckPrePush, UpToDateRefHasNoCommits) {
  RunResult r = pre_push("refs/heads/master " + master + " refs/heads/master " + master + "\n");
  EXPECT_EQ(r.out, "no problems in 0 commits (refs/heads/master)\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckPrePush, TwoRefsInOnePushAreEachAudited) {
  const std::string a = branch_adding("a", "model_migration/a.py");
  const std::string b = branch_adding("b", "compare_ci_jobs.py");
  RunResult r = pre_push("refs/heads/a " + a + " refs/heads/a " + kZero40 + "\n" +
                         "refs/heads/b " + b + " refs/heads/b " + kZero40 + "\n");
  EXPECT_EQ(r.out,
            "model_migration/a.py\n"
            "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(a) + ")\n"
            "compare_ci_jobs.py\n"
            "  error: added file matches the artifact pattern (^|/)compare_ci_jobs\\.py$; remove it from the "
            "branch (git rm, then amend) [artifact] (" + short_id(b) + ")\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 2 commits (refs/heads/a, refs/heads/b)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckPrePush, JsonForTwoRefs) {
  const std::string a = branch_adding("a", "docs/a.md");
  const std::string b = branch_adding("b", "docs/b.md");
  RunResult r = sb.migrate("check", {"--pre-push", "origin", "../remote.git", "--format=json"}, "r",
                           "refs/heads/a " + a + " refs/heads/a " + kZero40 + "\n" +
                           "(delete) " + kZero40 + " refs/heads/gone " + master + "\n" +
                           "refs/heads/b " + b + " refs/heads/b " + kZero40 + "\n");
  EXPECT_EQ(r.out,
            "{\n"
            "  \"version\": 1,\n"
            "  \"range\": \"refs/heads/a, refs/heads/b\",\n"
            "  \"ranges\": [\n"
            "    {\"label\": \"refs/heads/a\", \"base\": \"" + master + "\", \"tip\": \"" + a + "\", \"commits\": 1},\n"
            "    {\"label\": \"refs/heads/b\", \"base\": \"" + master + "\", \"tip\": \"" + b + "\", \"commits\": 1}\n"
            "  ],\n"
            "  \"findings\": [],\n"
            "  \"summary\": {\"errors\": 0, \"warnings\": 0, \"infos\": 0, \"suppressed\": 0, \"commits\": 2, "
            "\"files_changed\": 2, \"migration_entries_skipped\": 0}\n"
            "}\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckPrePush, UpdatedRefAuditsOnlyTheNewCommits) {
  // The remote already has the first commit (with its problem); the push
  // adds a clean one.
  const std::string c1 = branch_adding("feature", "model_migration/old.py");
  sb.git("r", {"push", "-q", "origin", "feature"});
  sb.write_file("r/posthog/api.py", "x = 1\n");
  const std::string c2 = sb.commit_all("r", "clean");
  RunResult r = pre_push("refs/heads/feature " + c2 + " refs/heads/feature " + c1 + "\n");
  EXPECT_EQ(r.out,
            "model_migration/old.py\n"
            "  error: under the excluded folder model_migration/ and present at the end of the range [excluded-path]\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (refs/heads/feature)\n");
  // Once the folder is gone, the update is clean.
  sb.git("r", {"rm", "-q", "-r", "model_migration"});
  const std::string c3 = sb.commit_all("r", "remove tooling");
  RunResult clean = pre_push("refs/heads/feature " + c3 + " refs/heads/feature " + c1 + "\n");
  EXPECT_EQ(clean.out, "no problems in 2 commits (refs/heads/feature)\n");
  EXPECT_EQ(clean.exit_code, 0);
}

TEST_F(CheckPrePush, MalformedInputIsAUsageError) {
  RunResult r = pre_push("refs/heads/a deadbeef\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "git-migrate-check: error: pre-push input line 1 is not '<local ref> <local oid> <remote ref> <remote oid>': "
            "refs/heads/a deadbeef\n");
  EXPECT_EQ(r.exit_code, 2);
}

// A malformed line is not echoed back whole: its first 100 bytes, control
// characters escaped; a line longer than the protocol's is refused there,
// without reading the rest.
TEST_F(CheckPrePush, AMalformedLineIsShownBounded) {
  const std::string line = "refs/heads/a\033[31m " + std::string(1000, 'x');
  RunResult r = pre_push(line + "\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "git-migrate-check: error: pre-push input line 1 is not '<local ref> <local oid> <remote ref> <remote oid>': "
            "refs/heads/a\\033[31m " + std::string(100 - 18, 'x') + "...\n");
  EXPECT_EQ(r.exit_code, 2);

  RunResult huge = pre_push(std::string(5'000'000, 'r') + "\n");
  EXPECT_EQ(huge.out, "");
  EXPECT_EQ(huge.err, "git-migrate-check: error: pre-push input line 1 is longer than 65536 bytes: " +
                          std::string(100, 'r') + "...\n");
  EXPECT_EQ(huge.exit_code, 2);
}

// 100,000 refs pushed at two commits (a release tagging every branch, a
// mirror push): two ranges, each audited once; the output stays one short
// summary line. (Time is measured by hand, never asserted.)
TEST_F(CheckPrePush, HundredThousandRefsAtTwoCommitsAreTwoRanges) {
  const std::string a = branch_adding("a", "posthog/a.py");
  const std::string b = branch_adding("b", "model_migration/b.py");
  std::string input;
  for (int i = 0; i < 100'000; ++i) {
    const std::string ref = "refs/heads/r" + std::to_string(i);
    input += ref + " " + (i % 2 ? b : a) + " " + ref + " " + kZero40 + "\n";
  }
  RunResult r = pre_push(input);
  EXPECT_EQ(r.out,
            "model_migration/b.py\n"
            "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(b) + ")\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 2 commits (refs/heads/r0, refs/heads/r2, refs/heads/r4 and 49997 more refs, "
            "refs/heads/r1, refs/heads/r3, refs/heads/r5 and 49997 more refs)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 1);
}

// Many ranges at different commits: the text summary names ten.
TEST_F(CheckPrePush, TheSummaryNamesTenRanges) {
  std::string input;
  for (int i = 0; i < 12; ++i) {
    const std::string c = branch_adding("f" + std::to_string(i), "posthog/f" + std::to_string(i) + ".py");
    input += "refs/heads/f" + std::to_string(i) + " " + c + " refs/heads/f" + std::to_string(i) + " " + kZero40 + "\n";
  }
  RunResult r = pre_push(input);
  EXPECT_EQ(r.out,
            "no problems in 12 commits (refs/heads/f0, refs/heads/f1, refs/heads/f2, refs/heads/f3, refs/heads/f4, "
            "refs/heads/f5, refs/heads/f6, refs/heads/f7, refs/heads/f8, refs/heads/f9 and 2 more ranges)\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckPrePush, InstalledHookStopsARealPush) {
  RunResult inst = sb.migrate("check", {"--install-hook"}, "r");
  ASSERT_EQ(inst.exit_code, 0) << inst.err;
  const std::string c = branch_adding("feature", "model_migration/migrate_models.py");
  RunResult push = sb.git_result("r", {"push", "-q", "origin", "feature"});
  EXPECT_NE(push.exit_code, 0);
  const std::string report =
      "model_migration/migrate_models.py\n"
      "  error: added or changed under the excluded folder model_migration/ [excluded-path] (" + short_id(c) + ")\n"
      "\n"
      "1 error, 0 warnings, 0 infos in 1 commit (refs/heads/feature)\n";
  EXPECT_EQ(push.out + push.err, report + "error: failed to push some refs to '../remote.git'\n");
  EXPECT_EQ(sb.git_result("", {"--git-dir=remote.git", "rev-parse", "-q", "--verify", "refs/heads/feature"}).exit_code, 1);

  // Fixed: the tooling folder removed by amending, the push goes through.
  sb.git("r", {"rm", "-q", "-r", "--cached", "model_migration"});
  sb.git("r", {"commit", "-q", "--amend", "--no-edit", "--allow-empty"});
  RunResult ok = sb.git_result("r", {"push", "-q", "origin", "feature"});
  EXPECT_EQ(ok.out + ok.err, "no problems in 1 commit (refs/heads/feature)\n");
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(sb.git("", {"--git-dir=remote.git", "rev-parse", "refs/heads/feature"}),
            sb.rev_parse("r", "HEAD") + "\n");
}

}  // namespace
}  // namespace migrate::testing::check
