#include "common/config.h"

#include "gitops/repo_fixture.h"

namespace migrate {
namespace {

using gitops::testing::RepoTest;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

TEST(ConfigGitName, DropsUnderscoresIntoCamelCase) {
  EXPECT_EQ(Config::git_name("exclude"), "migrate.exclude");
  EXPECT_EQ(Config::git_name("deletion_threshold"), "migrate.deletionThreshold");
  EXPECT_EQ(Config::git_name("fresh.pause_after"), "migrate.fresh.pauseAfter");
  EXPECT_EQ(Config::git_name("check.alembic_allow_labelled_heads"), "migrate.check.alembicAllowLabelledHeads");
}

TEST(ConfigFile, ReadsTypedValues) {
  const Config cfg = Config::from_text(
      "main = \"origin/main\"\n"
      "exclude = [\"model_migration/\", \"tmp/\"]\n"
      "deletion_threshold = 80\n"
      "[fresh]\n"
      "pause_after = \"none\"\n"
      "django_app = false\n"
      "[[check.ignore]]\n"
      "rule = \"artifact\"\n"
      "path = \"*.orig\"\n"
      "[check.rules.alembic-heads]\n"
      "enabled = false\n",
      ".git-migrate.toml", nullptr);
  EXPECT_EQ(cfg.string("main"), "origin/main");
  EXPECT_EQ(cfg.strings("exclude"), (std::vector<std::string>{"model_migration/", "tmp/"}));
  EXPECT_EQ(cfg.integer("deletion_threshold"), 80);
  EXPECT_EQ(cfg.string("fresh.pause_after"), "none");
  EXPECT_EQ(cfg.boolean("fresh.django_app"), false);
  EXPECT_FALSE(cfg.string("baseline"));
  EXPECT_FALSE(cfg.strings("fresh.validate"));
  ASSERT_NE(cfg.node("check.ignore"), nullptr);
  EXPECT_TRUE(cfg.node("check.ignore")->is_array_of_tables());
  EXPECT_TRUE(cfg.node("check.rules")->is_table());
  EXPECT_EQ(cfg.node("check.artifact_patterns"), nullptr);
  EXPECT_EQ(cfg.origin("deletion_threshold"), ".git-migrate.toml:3");
  EXPECT_EQ(cfg.origin("fresh.pause_after"), ".git-migrate.toml:5");
  EXPECT_EQ(cfg.origin("baseline"), "");
}

TEST(ConfigFile, Errors) {
  EXPECT_EQ(error_of([] { Config::from_text("main = \"x\"\nmian = \"y\"\n", ".git-migrate.toml", nullptr); }),
            ".git-migrate.toml:2: unknown key 'mian'");
  EXPECT_EQ(error_of([] { Config::from_text("[fresh]\n\nbranch = \"b\"\npuase = 1\n", "f.toml", nullptr); }),
            "f.toml:4: unknown key 'fresh.puase'");
  EXPECT_EQ(error_of([] { Config::from_text("[nope]\nx = 1\n", "f.toml", nullptr); }), "f.toml:1: unknown key 'nope'");
  EXPECT_EQ(error_of([] { Config::from_text("deletion_threshold = \"50\"\n", "f.toml", nullptr); }),
            "f.toml:1: 'deletion_threshold' must be an integer");
  EXPECT_EQ(error_of([] { Config::from_text("\nexclude = \"model_migration/\"\n", "f.toml", nullptr); }),
            "f.toml:2: 'exclude' must be a list of strings");
  EXPECT_EQ(error_of([] { Config::from_text("exclude = [\"a\", 1]\n", "f.toml", nullptr); }),
            "f.toml:1: 'exclude' must be a list of strings");
  EXPECT_EQ(error_of([] { Config::from_text("[fresh]\ndjango_app = \"yes\"\n", "f.toml", nullptr); }),
            "f.toml:2: 'fresh.django_app' must be a boolean");
  EXPECT_EQ(error_of([] { Config::from_text("main = \n", "f.toml", nullptr); }).substr(0, 11), "f.toml:1:8:");
}

TEST(ConfigFile, WrongAccessorIsAProgrammingError) {
  const Config cfg = Config::from_text("", "f.toml", nullptr);
  EXPECT_THROW(cfg.string("exclude"), std::logic_error);
  EXPECT_THROW(cfg.integer("no.such.key"), std::logic_error);
}

class ConfigRepoTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/.git-migrate.toml",
                   "tooling = \"tools\"\n"
                   "exclude = [\"model_migration/\"]\n"
                   "deletion_threshold = 80\n"
                   "[fresh]\n"
                   "pause_after = \"rewrite\"\n");
    sb_.commit_all("repo", "config");
  }
};

TEST_F(ConfigRepoTest, GitConfigWinsOverFile) {
  git("repo", {"config", "migrate.fresh.pauseAfter", "none"});
  git("repo", {"config", "--add", "migrate.exclude", "a/"});
  git("repo", {"config", "--add", "migrate.exclude", "b/"});
  git("repo", {"config", "migrate.deletionthreshold", "10"});
  sb_.write_file("home/.gitconfig", sb_.read_file("home/.gitconfig") + "[migrate]\n\tmain = upstream/main\n");
  gitops::Repository r = repo("repo");
  const Config cfg = Config::load(r);
  EXPECT_EQ(cfg.string("fresh.pause_after"), "none");
  EXPECT_EQ(cfg.origin("fresh.pause_after"), "git config migrate.fresh.pauseAfter");
  EXPECT_EQ(cfg.strings("exclude"), (std::vector<std::string>{"a/", "b/"}));
  EXPECT_EQ(cfg.integer("deletion_threshold"), 10);
  EXPECT_EQ(cfg.string("main"), "upstream/main");  // personal (global) config
  EXPECT_EQ(cfg.string("tooling"), "tools");         // only in the file
  EXPECT_EQ(cfg.origin("tooling"), ".git-migrate.toml:1");
}

TEST_F(ConfigRepoTest, EmptyGitValueClearsList) {
  git("repo", {"config", "migrate.exclude", ""});
  gitops::Repository r = repo("repo");
  const Config cfg = Config::load(r);
  EXPECT_EQ(cfg.strings("exclude"), std::vector<std::string>{});
  EXPECT_EQ(cfg.origin("exclude"), "git config migrate.exclude");
}

TEST_F(ConfigRepoTest, LoadsFromSubdirectoryRepository) {
  sb_.write_file("repo/sub/x.txt", "x");
  gitops::Repository r = repo("repo/sub");
  EXPECT_EQ(Config::load(r).string("tooling"), "tools");
}

TEST_F(ConfigRepoTest, GitConfigErrorsNameTheKey) {
  git("repo", {"config", "migrate.deletionThreshold", "lots"});
  gitops::Repository r = repo("repo");
  EXPECT_EQ(error_of([&] { Config::load(r); }),
            "git config: 'migrate.deletionThreshold' must be an integer (got 'lots')");
  git("repo", {"config", "--unset", "migrate.deletionThreshold"});
  git("repo", {"config", "migrate.fresh.djangoApp", "maybe"});
  EXPECT_EQ(error_of([&] { Config::load(r); }), "git config: 'migrate.fresh.djangoApp' must be a boolean (got 'maybe')");
  git("repo", {"config", "--unset", "migrate.fresh.djangoApp"});
  git("repo", {"config", "migrate.fresh.pauseAfer", "none"});
  EXPECT_EQ(error_of([&] { Config::load(r); }), "git config: unknown key 'migrate.fresh.pauseafer'");
  git("repo", {"config", "--unset", "migrate.fresh.pauseAfer"});
  git("repo", {"config", "migrate.check.ignore", "x"});
  EXPECT_EQ(error_of([&] { Config::load(r); }),
            "git config: 'migrate.check.ignore' can only be set in .git-migrate.toml (as 'check.ignore')");
  git("repo", {"config", "--unset", "migrate.check.ignore"});
  EXPECT_NO_THROW(Config::load(r));
}

TEST_F(ConfigRepoTest, FileErrorsNameFileAndLine) {
  sb_.write_file("repo/.git-migrate.toml", "tooling = \"tools\"\n[fresh]\npause = \"x\"\n");
  gitops::Repository r = repo("repo");
  EXPECT_EQ(error_of([&] { Config::load(r); }), ".git-migrate.toml:3: unknown key 'fresh.pause'");
}

TEST_F(ConfigRepoTest, NoFileMeansDefaults) {
  sb_.remove("repo/.git-migrate.toml");
  gitops::Repository r = repo("repo");
  const Config cfg = Config::load(r);
  EXPECT_FALSE(cfg.string("tooling"));
  EXPECT_FALSE(cfg.strings("exclude"));
  EXPECT_EQ(cfg.origin("tooling"), "");
}

}  // namespace
}  // namespace migrate
