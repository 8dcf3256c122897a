// Fault injection for git migrate-replace: killed with SIGKILL at every step
// (GIT_MIGRATE_TEST_STOP_AT, a test-only hook) of a replacement and of an
// undo. The next git migrate-replace recovers from the journal it left:
// running the command again ends exactly as an uninterrupted run (ref,
// index, worktree), and --undo from the killed state gives back the start.
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "tests/e2e/replace_fixture.h"

namespace migrate::testing {
namespace {

namespace fs = std::filesystem;

std::string without_backups(const std::string& snapshot) {
  return std::regex_replace(snapshot, std::regex("refs/migrate/backup/[^\n]*\n"), "");
}

std::string renamed(const std::string& snapshot, const std::string& from, const std::string& to) {
  return std::regex_replace(snapshot, std::regex("/" + from + "\\b"), "/" + to);
}

class ReplaceFault : public ReplaceTest, public ::testing::WithParamInterface<std::string> {
 protected:
  void copy_repo(const std::string& to) const {
    fs::copy(sb.path("repo"), sb.path(to), fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
};

TEST_P(ReplaceFault, RunningAgainFinishesAndUndoRestoresTheStart) {
  const std::string start = sb.snapshot("repo");
  copy_repo("reference");
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "reference").exit_code, 0);
  const std::string expected = sb.snapshot("reference");

  const RunResult killed = sb.migrate("replace", {kFresh}, "repo", "", {{"GIT_MIGRATE_TEST_STOP_AT", GetParam()}});
  ASSERT_EQ(killed.exit_code, 128 + 9) << "the stop point was not reached\n" << killed.out << killed.err;
  EXPECT_TRUE(sb.exists("repo/.git/migrate/replace-in-progress"));
  copy_repo("copy");

  const RunResult again = sb.migrate("replace", {kFresh}, "repo");
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(renamed(sb.snapshot("repo"), "repo", "reference"), expected);
  EXPECT_FALSE(sb.exists("repo/.git/migrate/replace-in-progress"));

  const RunResult undone = sb.migrate("replace", {"--undo"}, "copy");
  EXPECT_EQ(undone.exit_code, GetParam() == "replace:moved" ? 0 : 1) << undone.out << undone.err;
  EXPECT_EQ(without_backups(renamed(sb.snapshot("copy"), "copy", "repo")), without_backups(start));
  EXPECT_FALSE(sb.exists("copy/.git/migrate/replace-in-progress"));
}

std::string point_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(EveryStep, ReplaceFault,
                         ::testing::Values("replace:journal", "replace:checked-out", "replace:committed",
                                           "replace:backup", "replace:moved"),
                         point_name);

class UndoFault : public ReplaceFault {};

TEST_P(UndoFault, RunningAgainFinishesTheUndo) {
  const std::string start = sb.snapshot("repo");
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo").exit_code, 0);
  const RunResult killed = sb.migrate("replace", {"--undo"}, "repo", "", {{"GIT_MIGRATE_TEST_STOP_AT", GetParam()}});
  ASSERT_EQ(killed.exit_code, 128 + 9) << killed.out << killed.err;
  const RunResult again = sb.migrate("replace", {"--undo"}, "repo");
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(without_backups(sb.snapshot("repo")), without_backups(start));
  EXPECT_FALSE(sb.exists("repo/.git/migrate/replace-in-progress"));
}

INSTANTIATE_TEST_SUITE_P(EveryStep, UndoFault, ::testing::Values("undo:journal", "undo:moved"), point_name);

// What the recovery says, and a dry run that will not recover.
TEST_F(ReplaceTest, AnInterruptedReplacementIsRolledBackWithANote) {
  const std::string start = sb.snapshot("repo");
  ASSERT_EQ(sb.migrate("replace", {kFresh}, "repo", "", {{"GIT_MIGRATE_TEST_STOP_AT", "replace:checked-out"}})
                .exit_code,
            128 + 9);
  const RunResult dry = sb.migrate("replace", {"-n", kFresh}, "repo");
  EXPECT_EQ(dry.exit_code, 1);
  EXPECT_EQ(dry.err, "error: an interrupted git migrate-replace left " + sb.path("repo/.git/migrate/replace-in-progress") +
                         "\nhint: run git migrate-replace (or --undo) without --dry-run: it recovers that run first\n");
  const RunResult undo = sb.migrate("replace", {"--undo"}, "repo");
  EXPECT_EQ(undo.err.substr(0, undo.err.find('\n') + 1),
            std::string("note: recovered from an interrupted git migrate-replace: ") + kReview + " is still at " +
                short_rev("HEAD") + "; its index and worktree are back to it\n");
  EXPECT_EQ(sb.snapshot("repo"), start);
}

}  // namespace
}  // namespace migrate::testing
