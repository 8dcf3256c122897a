// Fault injection: git migrate-fresh (and its save-scripts) killed with SIGKILL at every step
// boundary of every phase and at every file of the move and rewrite phases
// (GIT_MIGRATE_TEST_STOP_AT, a test-only hook). After each kill, --resume
// must give exactly what an uninterrupted run gives (refs, index, worktree),
// and --abort, from the same killed state, the starting state (the fresh
// branch gone, backups kept under refs/migrate/backup/).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kToml =
    "[fresh]\n"
    "settings_file = \"posthog/settings/web.py\"\n"
    "settings_list = \"PRODUCTS_APPS\"\n";

// The rewrite phase of this fixture writes this many files; the list of stop
// points below covers each of them.
constexpr int kRewrittenFiles = 3;

void make_repo(const Sandbox& sb) {
  make_django_repo(sb, "repo", kToml);
  sb.git("repo", {"config", "migrate.fresh.validate", "echo validating"});
  sb.git("repo", {"config", "migrate.fresh.generate", "echo generating > generated.txt"});
}

// The snapshot without the backup refs (--abort keeps its backups there).
std::string without_backups(const std::string& snapshot) {
  return std::regex_replace(snapshot, std::regex("refs/migrate/backup/[^\n]*\n"), "");
}

std::string pid_in_state(const Sandbox& sb) {
  std::ifstream in(sb.path("repo/.git/migrate/error_tracking.toml"));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("pid = ", 0) == 0) return line.substr(6);
  return "";
}

// What an uninterrupted run leaves, computed once.
const std::string& reference_snapshot() {
  static const std::string snapshot = [] {
    Sandbox sb;
    make_repo(sb);
    const RunResult r = sb.migrate("fresh", {"--no-pause", "error_tracking"}, "repo");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("rewrite    rewrote " + std::to_string(kRewrittenFiles) + " of "), std::string::npos) << r.out;
    return sb.snapshot("repo");
  }();
  return snapshot;
}

class FreshFault : public ::testing::TestWithParam<std::string> {};

TEST_P(FreshFault, ResumeFinishesAsAnUninterruptedRunAndAbortRestoresTheStart) {
  const std::string& expected = reference_snapshot();
  Sandbox sb;
  make_repo(sb);
  const std::string start = sb.snapshot("repo");
  const RunResult killed =
      sb.migrate("fresh", {"--no-pause", "error_tracking"}, "repo", "", {{"GIT_MIGRATE_TEST_STOP_AT", GetParam()}});
  ASSERT_EQ(killed.exit_code, 128 + 9) << "the stop point was not reached\n" << killed.out << killed.err;
  fs::copy(sb.path("repo"), sb.path("copy"), fs::copy_options::recursive | fs::copy_options::copy_symlinks);

  const RunResult resumed = sb.migrate("fresh", {"--resume", "--no-pause"}, "repo");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_EQ(sb.snapshot("repo"), expected);
  EXPECT_FALSE(sb.exists("repo/.git/index.lock"));

  const RunResult aborted = sb.migrate("fresh", {"--abort"}, "copy");
  EXPECT_EQ(aborted.exit_code, 0) << aborted.out << aborted.err;
  EXPECT_EQ(without_backups(sb.snapshot("copy")), without_backups(std::regex_replace(start, std::regex("/repo"), "/copy")));
  EXPECT_FALSE(sb.exists("copy/.git/migrate/error_tracking.toml"));
}

std::vector<std::string> stop_points() {
  std::vector<std::string> points;
  for (const char* phase : {"branch", "configure", "prepare", "move", "rewrite", "validate", "generate", "commit"}) {
    points.push_back(std::string(phase) + ":start");
    points.push_back(std::string(phase) + ":done");
  }
  for (const char* p : {"branch:created", "branch:checked-out", "branch:head-set", "move:file#1", "move:file#2",
                        "move:staged", "validate:command-started", "generate:command-started", "commit:staged",
                        "commit:created"})
    points.push_back(p);
  for (int i = 1; i <= kRewrittenFiles; ++i) {
    points.push_back("rewrite:file#" + std::to_string(i));
    // Killed while a file's new content is written: the file must be whole.
    points.push_back("rewrite:replacing#" + std::to_string(i));
  }
  return points;
}

std::string point_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(EveryStep, FreshFault, ::testing::ValuesIn(stop_points()), point_name);

// The issue's case: a --run script still running when git migrate-fresh is
// killed must not go on changing the worktree.
TEST(FreshKill, TheRunScriptDiesWithTheCommand) {
  Sandbox sb;
  make_repo(sb);
  const std::string script =
      "sleep 1; git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py";
  const RunResult killed = sb.migrate("fresh", {"--no-pause", "--run", script, "error_tracking"}, "repo", "",
                                      {{"GIT_MIGRATE_TEST_STOP_AT", "run:command-started"}});
  ASSERT_EQ(killed.exit_code, 128 + 9);
  const std::string after_kill = sb.snapshot("repo");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the script would have run its git mv by now
  EXPECT_EQ(sb.snapshot("repo"), after_kill);
  const RunResult resumed = sb.migrate("fresh", {"--resume", "--no-pause"}, "repo");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_TRUE(sb.exists("repo/products/error_tracking/backend/api.py"));
}

// save-scripts killed at each step (the commit written, the backup written,
// the baseline moved but not yet recorded in the run's state): running it
// again ends as an uninterrupted save does (refs other than backups, index,
// worktree and the recorded baseline), and a further run has nothing to save.
std::string baseline_in_state(const Sandbox& sb) {
  std::ifstream in(sb.path("repo/.git/migrate/error_tracking.toml"));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("baseline_id = ", 0) == 0) return line;
  return "";
}

void make_saved_run(const Sandbox& sb) {
  make_repo(sb);
  const RunResult r = sb.migrate("fresh", {"--no-pause", "error_tracking"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"migrating, better\")\n");
  sb.write_file("repo/model_migration/phase_tracker.py", "PHASES = []\n");
}

const std::pair<std::string, std::string>& saved_reference() {
  static const std::pair<std::string, std::string> ref = [] {
    Sandbox sb;
    make_saved_run(sb);
    const RunResult r = sb.migrate("fresh", {"save-scripts"}, "repo");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::pair{without_backups(sb.snapshot("repo")), baseline_in_state(sb)};
  }();
  return ref;
}

class SaveScriptsFault : public ::testing::TestWithParam<std::string> {};

TEST_P(SaveScriptsFault, RunningAgainEndsAsAnUninterruptedSave) {
  const auto& [expected, expected_baseline] = saved_reference();
  Sandbox sb;
  make_saved_run(sb);
  const RunResult killed =
      sb.migrate("fresh", {"save-scripts"}, "repo", "", {{"GIT_MIGRATE_TEST_STOP_AT", GetParam()}});
  ASSERT_EQ(killed.exit_code, 128 + 9) << "the stop point was not reached\n" << killed.out << killed.err;
  const RunResult again = sb.migrate("fresh", {"save-scripts"}, "repo");
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(again.err, "");
  EXPECT_EQ(without_backups(sb.snapshot("repo")), expected);
  EXPECT_EQ(baseline_in_state(sb), expected_baseline);
  const RunResult third = sb.migrate("fresh", {"save-scripts"}, "repo");
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(third.out.substr(third.out.find("Nothing to save")),
            "Nothing to save: model_migration/ is the same as on chore/model-migration-baseline.\n");
}

INSTANTIATE_TEST_SUITE_P(EveryStep, SaveScriptsFault,
                         ::testing::Values("save-scripts:committed", "save-scripts:backup", "save-scripts:moved"),
                         point_name);

// The baseline moved by this run and not recorded: said once, then saved.
TEST(SaveScriptsKill, TheInterruptedSaveIsFinishedWithAMessage) {
  Sandbox sb;
  make_saved_run(sb);
  ASSERT_EQ(sb.migrate("fresh", {"save-scripts"}, "repo", "", {{"GIT_MIGRATE_TEST_STOP_AT", "save-scripts:moved"}})
                .exit_code,
            128 + 9);
  const std::string tip = sb.rev_parse("repo", "chore/model-migration-baseline").substr(0, 10);
  const RunResult again = sb.migrate("fresh", {"save-scripts"}, "repo");
  EXPECT_EQ(again.out,
            "finished the interrupted save: chore/model-migration-baseline is at its commit " + tip + "\n"
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Nothing to save: model_migration/ is the same as on chore/model-migration-baseline.\n");
  EXPECT_EQ(again.exit_code, 0);
}

// A lock a crash left (libgit2 writing the index when the kill came) is
// recognised by its owner being gone, and removed with a message.
TEST(FreshKill, ALockLeftByTheCrashIsClearedWithAMessage) {
  Sandbox sb;
  make_repo(sb);
  const RunResult killed = sb.migrate("fresh", {"--no-pause", "error_tracking"}, "repo", "",
                                      {{"GIT_MIGRATE_TEST_STOP_AT", "branch:checked-out"}});
  ASSERT_EQ(killed.exit_code, 128 + 9);
  const std::string pid = pid_in_state(sb);
  ASSERT_FALSE(pid.empty());
  sb.write_file("repo/.git/index.lock", "");
  sb.write_file("repo/.git/refs/heads/chore/models-migrations-error_tracking-fresh.lock", "");
  const RunResult resumed = sb.migrate("fresh", {"--resume", "--no-pause"}, "repo");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(resumed.err,
            "warning: removed .git/index.lock, left by the interrupted run (its process " + pid + " is gone)\n"
            "warning: removed .git/refs/heads/chore/models-migrations-error_tracking-fresh.lock, left by the "
            "interrupted run (its process " + pid + " is gone)\n");
  EXPECT_EQ(sb.snapshot("repo"), reference_snapshot());
}

}  // namespace
}  // namespace migrate::testing
