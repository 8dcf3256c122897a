// git-migrate-check on moves: a pure move of thousands of files (the
// product's main job) is renames, not deletions, whatever diff.renameLimit
// says; only the similarity search for edited moves keeps git's limit, and
// hitting it is said once. Whole outputs are compared.
#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

class CheckRenames : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.write_file("r/README.md", "shop\n");
    sb.commit_all("r", "master");
    sb.git("r", {"checkout", "-q", "-b", "feature"});
  }
  RunResult check(const std::vector<std::string>& args = {}) const { return sb.migrate("check", args, "r"); }
  Sandbox sb;
};

TEST_F(CheckRenames, AThreeThousandFilePureMoveIsNoDeletion) {
  // 3,000 files of 60 lines, each above the deletion threshold (50) if it
  // were counted as deleted; moved unchanged to another package.
  for (int i = 0; i < 3000; ++i) {
    sb.write_file("r/web/styles/part" + std::to_string(i) + ".css",
                  numbered_lines(60, ".rule" + std::to_string(i)));
  }
  sb.commit_all("r", "styles");
  sb.git("r", {"checkout", "-q", "master"});
  sb.git("r", {"merge", "-q", "--ff-only", "feature"});
  sb.git("r", {"checkout", "-q", "feature"});
  sb.git("r", {"mv", "web", "frontend"});
  sb.git("r", {"commit", "-q", "-m", "move web to frontend"});
  RunResult r = check();
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CheckRenames, EditedMovesBeyondTheRenameLimitAreSaidOnce) {
  // Two files moved and edited under one shared name (so not paired by
  // name), one renamed unchanged; diff.renameLimit 1 stops the search.
  sb.write_file("r/a/models.py", numbered_lines(60, "a"));
  sb.write_file("r/b/models.py", numbered_lines(60, "b"));
  sb.write_file("r/c/views.py", numbered_lines(60, "c"));
  sb.commit_all("r", "code");
  sb.git("r", {"checkout", "-q", "master"});
  sb.git("r", {"merge", "-q", "--ff-only", "feature"});
  sb.git("r", {"checkout", "-q", "feature"});
  sb.remove("r/a/models.py");
  sb.remove("r/b/models.py");
  sb.write_file("r/x/models.py", numbered_lines(59, "a") + "edited\n");
  sb.write_file("r/y/models.py", numbered_lines(59, "b") + "edited\n");
  sb.remove("r/c/views.py");
  sb.write_file("r/d/views.py", numbered_lines(60, "c"));
  const std::string c = sb.commit_all("r", "move");
  sb.git("r", {"config", "diff.renameLimit", "1"});
  RunResult r = check();
  EXPECT_EQ(r.out,
            "a/models.py\n"
            "  warning: deleted with 60 lines; check that no code was lost [large-deletion]\n"
            "b/models.py\n"
            "  warning: deleted with 60 lines; check that no code was lost [large-deletion]\n"
            "\n"
            "0 errors, 2 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err,
            "git-migrate-check: note: 2 deleted and 2 added files are left after exact renames and renames by file "
            "name, more than diff.renameLimit (1) lets git compare; they count as deleted and added (raise it: git "
            "config diff.renameLimit 2)\n");
  EXPECT_EQ(r.exit_code, 0);

  sb.git("r", {"config", "diff.renameLimit", "2"});
  RunResult within = check();
  EXPECT_EQ(within.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(within.err, "");
  (void)c;
}

}  // namespace
}  // namespace migrate::testing::check
