// git migrate-fresh and its state around a run: --status of a live run,
// --abort without a run, a mistyped state file, --no-pause kept by --resume,
// no lock files left behind.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

namespace fs = std::filesystem;

class FreshState : public ::testing::Test {
 protected:
  void SetUp() override { make_django_repo(sb, "repo", ""); }
  RunResult fresh(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) const {
    return sb.migrate("fresh", args, "repo", "", env);
  }
  std::string last_line(const std::string& out) const {
    const auto end = out.size() - 1;
    return out.substr(out.rfind('\n', end - 1) + 1);
  }
  std::vector<std::string> migrate_dir() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(sb.path("repo/.git/migrate"), ec)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  Sandbox sb;
};

TEST_F(FreshState, StatusOfALiveRunSaysRunning) {
  // validate waits until the test lets it go.
  sb.git("repo", {"config", "migrate.fresh.validate", "touch .git/waiting; while [ ! -f .git/go ]; do sleep 0.05; done"});
  ASSERT_EQ(sb.run({"sh", "-c", "git migrate-fresh --no-pause error_tracking >/dev/null 2>&1 &"}, "repo").exit_code, 0);
  for (int i = 0; i < 600 && !sb.exists("repo/.git/waiting"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(sb.exists("repo/.git/waiting"));
  std::string pid;
  {
    std::ifstream in(sb.path("repo/.git/migrate/error_tracking.toml"));
    for (std::string line; std::getline(in, line);)
      if (line.rfind("pid = ", 0) == 0) pid = line.substr(6);
  }
  const RunResult running = fresh({"--status"});
  EXPECT_EQ(running.exit_code, 0);
  EXPECT_EQ(last_line(running.out), "The phase validate is running (process " + pid + "); wait for it to finish.\n");
  const RunResult second = fresh({"--resume"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(second.err, "error: another git migrate-fresh is running for error_tracking\n  wait for it to finish\n");
  sb.write_file("repo/.git/go", "");
  std::string out;
  for (int i = 0; i < 600; ++i) {
    out = fresh({"--status"}).out;
    if (last_line(out) == "All phases completed.\n") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(last_line(out), "All phases completed.\n");
}

TEST_F(FreshState, AbortOrResumeWithoutARunSaysThereIsNone) {
  RunResult r = fresh({"--abort"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: there is no git migrate-fresh run to abort\n  start one with: git migrate-fresh <product>\n");
  r = fresh({"--resume"});
  EXPECT_EQ(r.err, "error: there is no git migrate-fresh run to resume\n  start one with: git migrate-fresh <product>\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(FreshState, AWronglyTypedVersionIsReportedAsSuch) {
  ASSERT_EQ(fresh({"--run", "true", "error_tracking"}).exit_code, 0);
  std::ifstream in(sb.path("repo/.git/migrate/error_tracking.toml"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find("version = 1\n");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 12, "version = \"1\"\n");
  sb.write_file("repo/.git/migrate/error_tracking.toml", text);
  const std::string line = std::to_string(std::count(text.begin(), text.begin() + at, '\n') + 1);
  const RunResult r = fresh({"--resume"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "error: the state of error_tracking cannot be read: .git/migrate/error_tracking.toml:" + line +
                ": 'version' is not an integer (this git-migrate-fresh writes version 1)\n"
                "  inspect it, or forget it (branches and worktree stay as they are) with: git migrate-fresh --reset "
                "error_tracking\n");
}

TEST_F(FreshState, NoPauseIsKeptForResume) {
  const RunResult killed = fresh({"--no-pause", "error_tracking"}, {{"GIT_MIGRATE_TEST_STOP_AT", "move:start"}});
  ASSERT_EQ(killed.exit_code, 128 + 9);
  const RunResult r = fresh({"--resume"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("Paused after"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nDone: chore/models-migrations-error_tracking-fresh holds the migration"), std::string::npos) << r.out;
}

TEST_F(FreshState, RefusedAndFinishedRunsLeaveNoLockFiles) {
  EXPECT_EQ(fresh({"no_such_product"}).exit_code, 1);
  EXPECT_EQ(fresh({"--abort", "other_product"}).exit_code, 1);
  EXPECT_EQ(migrate_dir(), std::vector<std::string>{});
  ASSERT_EQ(fresh({"--run", "true", "--no-pause", "error_tracking"}).exit_code, 0);
  EXPECT_EQ(migrate_dir(), (std::vector<std::string>{"error_tracking.toml", "error_tracking.toml.lock"}));
  ASSERT_EQ(fresh({"--abort"}).exit_code, 0);
  EXPECT_EQ(migrate_dir(), std::vector<std::string>{});
}

}  // namespace
}  // namespace migrate::testing
