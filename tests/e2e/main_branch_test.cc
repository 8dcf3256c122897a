// The main branch when none is configured, in check and fresh:
// origin/HEAD, origin/master, origin/main, master, main — a fetched remote
// branch before a stale local one.
#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing {
namespace {

class MainBranch : public ::testing::Test {
 protected:
  void SetUp() override {
    // The team's repository uses main; the clone's local main falls behind
    // after a fetch.
    make_django_repo(sb, "up", "");
    sb.git("up", {"branch", "-q", "-m", "master", "main"});
    sb.git("", {"clone", "-q", "up", "repo"});
    sb.git("repo", {"branch", "-q", "chore/model-migration-baseline", "origin/chore/model-migration-baseline"});
    stale = sb.rev_parse("repo", "main");
    sb.git("up", {"checkout", "-q", "main"});
    sb.write_file("up/README.md", "fetched later\n");
    fetched = sb.commit_all("up", "a newer main");
    sb.git("repo", {"fetch", "-q", "origin"});
  }

  std::string base_line() const {
    const RunResult r = sb.migrate("fresh", {"-n", "error_tracking"}, "repo");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto at = r.out.find("  base      ");
    return r.out.substr(at, r.out.find('\n', at) - at);
  }
  std::string check_label() const {
    const RunResult r = sb.migrate("check", {}, "repo");
    EXPECT_EQ(r.err, "");
    return r.out.substr(r.out.rfind('(') + 1);
  }

  Sandbox sb;
  std::string stale, fetched;
};

TEST_F(MainBranch, FetchedOriginMainBeatsTheStaleLocalMain) {
  ASSERT_NE(stale, fetched);
  EXPECT_EQ(base_line(), "  base      " + fetched.substr(0, 10) + " (origin/main)");
  EXPECT_EQ(check_label(), "origin/main..HEAD)\n");
  // Without origin/HEAD (a remote added by hand), origin/main is still tried
  // before the local branches.
  sb.git("repo", {"remote", "set-head", "origin", "-d"});
  EXPECT_EQ(base_line(), "  base      " + fetched.substr(0, 10) + " (origin/main)");
  EXPECT_EQ(check_label(), "origin/main..HEAD)\n");
}

TEST_F(MainBranch, OriginHeadNamesTheRemoteDefaultFirst) {
  // A remote that also has a master: its default branch (origin/HEAD) wins;
  // without origin/HEAD, origin/master comes before origin/main.
  sb.git("up", {"branch", "master", stale});
  sb.git("repo", {"fetch", "-q", "origin"});
  EXPECT_EQ(sb.git("repo", {"symbolic-ref", "refs/remotes/origin/HEAD"}), "refs/remotes/origin/main\n");
  EXPECT_EQ(base_line(), "  base      " + fetched.substr(0, 10) + " (origin/main)");
  EXPECT_EQ(check_label(), "origin/main..HEAD)\n");
  sb.git("repo", {"remote", "set-head", "origin", "-d"});
  EXPECT_EQ(base_line(), "  base      " + stale.substr(0, 10) + " (origin/master)");
  EXPECT_EQ(check_label(), "origin/master..HEAD)\n");
  sb.git("repo", {"remote", "set-head", "origin", "master"});
  EXPECT_EQ(base_line(), "  base      " + stale.substr(0, 10) + " (origin/master)");
}

TEST_F(MainBranch, LocalBranchesWithoutARemote) {
  sb.git("repo", {"remote", "remove", "origin"});
  EXPECT_EQ(base_line(), "  base      " + stale.substr(0, 10) + " (main)");
  EXPECT_EQ(check_label(), "main..HEAD)\n");
}

}  // namespace
}  // namespace migrate::testing
