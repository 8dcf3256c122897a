#include "common/color.h"

#include "gitops/repo_fixture.h"

namespace migrate {
namespace {

using gitops::testing::RepoTest;

TEST(ColorWhenTest, Parses) {
  EXPECT_EQ(parse_color_when("always"), ColorWhen::kAlways);
  EXPECT_EQ(parse_color_when("never"), ColorWhen::kNever);
  EXPECT_EQ(parse_color_when("auto"), ColorWhen::kAuto);
  EXPECT_EQ(parse_color_when("true"), ColorWhen::kAuto);
  EXPECT_EQ(parse_color_when("false"), ColorWhen::kNever);
  EXPECT_FALSE(parse_color_when("sometimes"));
}

class ColorTest : public RepoTest {
 protected:
  void SetUp() override { sb_.init_repo("repo"); }
};

// Unit tests run with stdout/stderr not on a terminal (ctest captures them);
// fd -1 is never a terminal.
TEST_F(ColorTest, AutoIsOffWithoutTerminal) {
  env_.set("TERM", "xterm");
  env_.unset("NO_COLOR");
  env_.unset("GIT_PAGER_IN_USE");
  gitops::Repository r = repo();
  EXPECT_FALSE(use_color(-1, std::nullopt, &r));
  EXPECT_FALSE(use_color(-1, ColorWhen::kAuto, nullptr));
  EXPECT_TRUE(use_color(-1, ColorWhen::kAlways, nullptr));
  EXPECT_FALSE(use_color(-1, ColorWhen::kNever, nullptr));
}

TEST_F(ColorTest, PagerCountsAsTerminalForStdout) {
  env_.set("TERM", "xterm");
  env_.unset("NO_COLOR");
  env_.set("GIT_PAGER_IN_USE", "true");
  EXPECT_FALSE(use_color(-1, std::nullopt, nullptr));
  if (!isatty(1)) {
    EXPECT_TRUE(use_color(1, std::nullopt, nullptr));
  }
  env_.set("TERM", "dumb");
  EXPECT_FALSE(use_color(1, std::nullopt, nullptr));
  env_.set("TERM", "xterm");
  env_.set("NO_COLOR", "1");
  EXPECT_FALSE(use_color(1, std::nullopt, nullptr));
}

TEST_F(ColorTest, ConfigOrderAndFlagFirst) {
  env_.set("TERM", "xterm");
  env_.unset("GIT_PAGER_IN_USE");
  gitops::Repository r = repo();
  git("repo", {"config", "color.ui", "always"});
  EXPECT_TRUE(use_color(-1, std::nullopt, &r));
  EXPECT_FALSE(use_color(-1, ColorWhen::kNever, &r));  // the flag wins
  git("repo", {"config", "color.migrate", "never"});
  EXPECT_FALSE(use_color(-1, std::nullopt, &r));      // color.migrate before color.ui
  EXPECT_TRUE(use_color(-1, ColorWhen::kAlways, &r));
  git("repo", {"config", "color.migrate", "auto"});
  EXPECT_FALSE(use_color(-1, std::nullopt, &r));      // auto: not a terminal
  // NO_COLOR does not override an explicit "always".
  env_.set("NO_COLOR", "1");
  git("repo", {"config", "color.migrate", "always"});
  EXPECT_TRUE(use_color(-1, std::nullopt, &r));
}

TEST(PaletteTest, EmptyWhenOff) {
  Palette off;
  EXPECT_EQ(off.red(), "");
  EXPECT_EQ(off.reset(), "");
  Palette on{true};
  EXPECT_EQ(on.red(), "\033[31m");
  EXPECT_EQ(on.reset(), "\033[m");
}

}  // namespace
}  // namespace migrate
