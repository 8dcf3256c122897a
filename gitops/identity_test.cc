#include "gitops/date.h"

#include <cstdio>
#include <cstdlib>

#include "gitops/repo_fixture.h"

namespace migrate::gitops::testing {
namespace {

TEST(GitDateTest, GitFormats) {
  struct Case {
    const char* text;
    std::int64_t time;
    int offset;
  } cases[] = {
      {"@1112911993 +0000", 1112911993, 0},
      {"@1112911993 +0200", 1112911993, 120},
      {"1112911993 -0530", 1112911993, -330},
      {"2005-04-07T22:13:13Z", 1112911993, 0},
      {"2005-04-07T22:13:13", 1112911993, 0},  // local time; TZ=UTC in tests
      {"2005-04-07 22:13:13 +0200", 1112911993 - 7200, 120},
      {"2005-04-07T22:13:13+02:00", 1112911993 - 7200, 120},
      {"2005-04-07T22:13:13.250-01:00", 1112911993 + 3600, -60},
      {"Thu, 07 Apr 2005 22:13:13 +0200", 1112911993 - 7200, 120},
      {"7 Apr 2005 22:13:13 -0000", 1112911993, 0},
      {"  Thu, 07 Apr 2005 22:13:13 GMT  ", 1112911993, 0},
      {"Thu Apr 7 22:13:13 2005 +0200", 1112911993 - 7200, 120},
      {"Thu Apr 7 22:13:13 2005", 1112911993, 0},
  };
  ScopedEnv env;
  env.set("TZ", "UTC");
  for (const auto& c : cases) {
    const auto d = parse_git_date(c.text);
    ASSERT_TRUE(d) << c.text;
    EXPECT_EQ(d->time, c.time) << c.text;
    EXPECT_EQ(d->offset_minutes, c.offset) << c.text;
  }
  for (const char* bad : {"", "yesterday", "2005-13-07 22:13:13", "12345", "@123 +9999", "2005-04-07",
                          "Thu, 07 Foo 2005 22:13:13 +0200", "@1112911993 +0200 trailing"}) {
    EXPECT_FALSE(parse_git_date(bad)) << bad;
  }
}

TEST(GitDateTest, LocalZoneWithoutOffset) {
  ScopedEnv env;
  env.set("TZ", "EST5");
  tzset();
  const auto d = parse_git_date("2005-04-07 22:13:13");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->time, 1112911993 + 5 * 3600);
  EXPECT_EQ(d->offset_minutes, -300);
  env.set("TZ", "UTC");
  tzset();
}

class IdentityTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/f.txt", "f\n");
    head_ = sb_.commit_all("repo", "base");
  }
  std::string head_;
};

TEST_F(IdentityTest, EnvironmentFirst) {
  env_.set("GIT_AUTHOR_NAME", "Ada Lovelace");
  env_.set("GIT_AUTHOR_EMAIL", "ada@example.org");
  env_.set("GIT_AUTHOR_DATE", "2005-04-07 22:13:13 +0200");
  env_.set("GIT_COMMITTER_DATE", "@1234567890 -0100");
  Repository r = repo();
  const Signature a = r.author_signature();
  EXPECT_EQ(a.name, "Ada Lovelace");
  EXPECT_EQ(a.email, "ada@example.org");
  EXPECT_EQ(a.time, 1112911993 - 7200);
  EXPECT_EQ(a.offset_minutes, 120);
  const Signature c = r.committer_signature();
  EXPECT_EQ(c.name, "Test Committer");
  EXPECT_EQ(c.time, 1234567890);
  EXPECT_EQ(c.offset_minutes, -60);
}

TEST_F(IdentityTest, DatesAgreeWithGitVar) {
  Repository r = repo();
  for (const std::string date : {"@1112911993 +0000", "1112911993 -0530", "2005-04-07T22:13:13Z",
                                 "2005-04-07 22:13:13 +0200", "2005-04-07T22:13:13+02:00",
                                 "2005-04-07T22:13:13", "Thu, 07 Apr 2005 22:13:13 +0200",
                                 "Thu Apr 7 22:13:13 2005 -0700", "7 Apr 2005 22:13:13 +0100"}) {
    const auto res = sb_.run({"git", "var", "GIT_AUTHOR_IDENT"}, "repo", "", {{"GIT_AUTHOR_DATE", date}});
    ASSERT_EQ(res.exit_code, 0) << res.err;
    env_.set("GIT_AUTHOR_DATE", date);
    const Signature a = r.author_signature();
    char zone[16];  // room for any int offset, so the format cannot truncate
    std::snprintf(zone, sizeof zone, "%c%02d%02d", a.offset_minutes < 0 ? '-' : '+', std::abs(a.offset_minutes) / 60,
                  std::abs(a.offset_minutes) % 60);
    EXPECT_EQ(a.name + " <" + a.email + "> " + std::to_string(a.time) + " " + zone, trim(res.out)) << date;
  }
}

TEST_F(IdentityTest, ConfigWhenNoEnvironment) {
  for (const char* v : {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                        "GIT_AUTHOR_DATE", "EMAIL"}) {
    env_.unset(v);
  }
  git("repo", {"config", "committer.name", "Config Committer"});
  Repository r = repo();
  const Signature a = r.author_signature();
  EXPECT_EQ(a.name, "Test Author");  // user.name of the sandbox's global config
  EXPECT_EQ(a.email, "author@example.com");
  EXPECT_GT(a.time, 1600000000);  // now
  const Signature c = r.committer_signature();
  EXPECT_EQ(c.name, "Config Committer");
  EXPECT_EQ(c.email, "author@example.com");
}

TEST_F(IdentityTest, NoIdentityIsAnError) {
  for (const char* v : {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"}) {
    env_.unset(v);
  }
  sb_.write_file("home/.gitconfig", "");
  Repository r = repo();
  try {
    r.author_signature();
    FAIL() << "identity invented";
  } catch (const GitError& e) {
    EXPECT_EQ(e.operation(), "find author identity");
    EXPECT_NE(e.detail().find("git config --global user.name"), std::string::npos);
  }
}

TEST_F(IdentityTest, BadDateIsAnError) {
  env_.set("GIT_AUTHOR_DATE", "next tuesday");
  Repository r = repo();
  try {
    r.author_signature();
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(std::string(e.what()), "read GIT_AUTHOR_DATE 'next tuesday': invalid date format");
  }
}

TEST_F(IdentityTest, CreateCommitMatchesGitCommitTree) {
  // The dates git is given by the sandbox now.
  env_.set("GIT_AUTHOR_DATE", sb_.environment().at("GIT_AUTHOR_DATE"));
  env_.set("GIT_COMMITTER_DATE", sb_.environment().at("GIT_COMMITTER_DATE"));
  Repository r = repo();
  const Oid tree = oid("repo", "HEAD^{tree}");
  const Oid commit = r.create_commit(tree, {*Oid::from_hex(head_)}, "merge: adopt fresh branch\n\nbody  \n\n");
  // Same identity, dates and cleaned-up message through git.
  const std::string expected =
      trim(git("repo", {"commit-tree", tree.hex(), "-p", head_, "-m", "merge: adopt fresh branch", "-m", "body"}));
  EXPECT_EQ(commit.hex(), expected);
  // No ref moved.
  EXPECT_EQ(sb_.rev_parse("repo", "HEAD"), head_);
  const CommitInfo info = r.commit(commit);
  EXPECT_EQ(info.message, "merge: adopt fresh branch\n\nbody\n");
  // Two parents, in order.
  const Oid two = r.create_commit(tree, {*Oid::from_hex(head_), commit}, "m");
  EXPECT_EQ(r.commit(two).parents, (std::vector<Oid>{*Oid::from_hex(head_), commit}));
}

}  // namespace
}  // namespace migrate::gitops::testing
