#include <git2.h>

#include "gitops/repo_fixture.h"

namespace migrate::gitops::testing {
namespace {

class ConfigReadTest : public RepoTest {
 protected:
  void SetUp() override { sb_.init_repo("repo"); }
};

TEST_F(ConfigReadTest, TypedValues) {
  git("repo", {"config", "migrate.main", "origin/main"});
  git("repo", {"config", "migrate.flag", "yes"});
  git("repo", {"config", "migrate.count", "2k"});
  git("repo", {"config", "--add", "migrate.exclude", "a/"});
  git("repo", {"config", "--add", "migrate.exclude", "b c/"});
  git("repo", {"config", "migrate.fresh.pauseAfter", "none"});
  Repository r = repo();
  EXPECT_EQ(r.config_string("migrate.main"), "origin/main");
  EXPECT_EQ(r.config_string("MIGRATE.Main"), "origin/main");
  EXPECT_FALSE(r.config_string("migrate.nothing"));
  EXPECT_EQ(r.config_bool("migrate.flag"), true);
  EXPECT_EQ(r.config_int("migrate.count"), 2048);
  EXPECT_EQ(r.config_multi("migrate.exclude"), (std::vector<std::string>{"a/", "b c/"}));
  EXPECT_TRUE(r.config_multi("migrate.none").empty());
  EXPECT_EQ(r.config_string("migrate.exclude"), "b c/");  // last one wins, as git config --get
  EXPECT_EQ(r.config_string("user.name"), "Test Author");  // global config of the sandbox
  const auto all = r.config_with_prefix("migrate.");
  std::vector<std::string> names;
  for (const auto& [k, v] : all) names.push_back(k + "=" + v);
  EXPECT_EQ(names, (std::vector<std::string>{"migrate.main=origin/main", "migrate.flag=yes", "migrate.count=2k",
                                             "migrate.exclude=a/", "migrate.exclude=b c/",
                                             "migrate.fresh.pauseafter=none"}));  // names lower-cased as git reports them
}

TEST_F(ConfigReadTest, WrongTypesNameTheKey) {
  git("repo", {"config", "migrate.flag", "perhaps"});
  git("repo", {"config", "migrate.count", "many"});
  Repository r = repo();
  try {
    r.config_bool("migrate.flag");
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(std::string(e.what()), "read config 'migrate.flag': 'perhaps' is not a boolean (true/false)");
  }
  try {
    r.config_int("migrate.count");
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(std::string(e.what()), "read config 'migrate.count': 'many' is not an integer");
  }
}

TEST_F(ConfigReadTest, SeesChangesMadeAfterOpening) {
  Repository r = repo();
  EXPECT_FALSE(r.config_string("migrate.main"));
  git("repo", {"config", "migrate.main", "later"});
  EXPECT_EQ(r.config_string("migrate.main"), "later");
}

TEST_F(ConfigReadTest, HooksDir) {
  Repository r = repo();
  EXPECT_EQ(r.hooks_dir(), sb_.path("repo/.git/hooks"));
  git("repo", {"config", "core.hooksPath", ".githooks"});
  EXPECT_EQ(r.hooks_dir(), sb_.path("repo/.githooks"));
  git("repo", {"config", "core.hooksPath", "~/hooks"});
  EXPECT_EQ(r.hooks_dir(), sb_.path("home/hooks"));
  git("repo", {"config", "core.hooksPath", "/abs/hooks"});
  EXPECT_EQ(r.hooks_dir(), "/abs/hooks");
  // A linked worktree shares the common dir's hooks; a relative hooksPath is
  // relative to that worktree's root.
  git("repo", {"config", "--unset", "core.hooksPath"});
  sb_.commit_all("repo", "c");
  git("repo", {"worktree", "add", "-q", "-b", "w", sb_.path("wt")});
  EXPECT_EQ(repo("wt").hooks_dir(), sb_.path("repo/.git/hooks"));
  git("repo", {"config", "core.hooksPath", ".githooks"});
  EXPECT_EQ(repo("wt").hooks_dir(), sb_.path("wt/.githooks"));
}

TEST_F(ConfigReadTest, DiscoverHonoursGitDirEnvironment) {
  sb_.commit_all("repo", "c");
  sb_.write_file("elsewhere/x", "x");
  ScopedCwd cwd(sb_.path("repo"));
  env_.set("GIT_DIR", sb_.path("repo/.git"));
  Repository r = Repository::discover();
  EXPECT_EQ(r.workdir(), sb_.path("repo") + "/");
}

}  // namespace
}  // namespace migrate::gitops::testing
