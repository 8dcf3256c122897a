#include "common/quote.h"

#include <algorithm>
#include <fstream>

#include "gitops/repo_fixture.h"

namespace migrate {
namespace {

using gitops::testing::RepoTest;

TEST(QuotePathTest, PlainPathsAsTheyAre) {
  EXPECT_EQ(quote_path("app/models.py", true), "app/models.py");
  EXPECT_EQ(quote_path("a b/c's.py", true), "a b/c's.py");
  EXPECT_EQ(quote_path("", true), "");
}

TEST(QuotePathTest, CStyleEscapes) {
  EXPECT_EQ(quote_path("a\033[31mred.py", true), "\"a\\033[31mred.py\"");
  EXPECT_EQ(quote_path("tab\there", true), "\"tab\\there\"");
  EXPECT_EQ(quote_path("new\nline", true), "\"new\\nline\"");
  EXPECT_EQ(quote_path("say \"hi\"", true), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(quote_path("back\\slash", true), "\"back\\\\slash\"");
  EXPECT_EQ(quote_path("\a\b\v\f\r\x7f", true), "\"\\a\\b\\v\\f\\r\\177\"");
  EXPECT_EQ(quote_path("caf\xc3\xa9.py", true), "\"caf\\303\\251.py\"");
}

TEST(QuotePathTest, QuotePathFalseKeepsNonAscii) {
  EXPECT_EQ(quote_path("caf\xc3\xa9.py", false), "caf\xc3\xa9.py");
  EXPECT_EQ(quote_path("caf\xc3\xa9\t.py", false), "\"caf\xc3\xa9\\t.py\"");
  EXPECT_EQ(quote_path("a\033[31m", false), "\"a\\033[31m\"");
}

TEST(EscapeControlsTest, OnlyControlCharacters) {
  EXPECT_EQ(escape_controls("plain \"text\" caf\xc3\xa9"), "plain \"text\" caf\xc3\xa9");
  EXPECT_EQ(escape_controls("a\033[31mb\tc\nd\x7f"), "a\\033[31mb\\tc\\nd\\177");
  EXPECT_EQ(escape_controls("a\nb\033", true), "a\nb\\033");
  const std::string quoted = quote_path("x\033y", true);
  EXPECT_EQ(escape_controls(quoted), quoted);
}

// The same bytes as git itself prints them, both settings.
class QuotePathGitTest : public RepoTest {
 protected:
  void SetUp() override { sb_.init_repo("repo"); }
};

TEST_F(QuotePathGitTest, SameAsGitLsFiles) {
  const std::vector<std::string> names = {"plain.py",       "esc\033[31mred.py", "tab\tname.py", "new\nline.py",
                                          "quote\"name.py", "back\\slash.py",   "caf\xc3\xa9.py", "del\x7f.py",
                                          "bell\a.py",      "space name.py"};
  for (const auto& n : names) std::ofstream(sb_.path("repo") + "/" + n) << "x\n";
  git("repo", {"add", "-A"});
  for (bool fully : {true, false}) {
    const std::string listed =
        git("repo", {"-c", std::string("core.quotePath=") + (fully ? "true" : "false"), "ls-files"});
    std::string expected;
    std::vector<std::string> sorted_names = names;
    std::sort(sorted_names.begin(), sorted_names.end());
    for (const auto& n : sorted_names) expected += quote_path(n, fully) + "\n";
    EXPECT_EQ(listed, expected) << "core.quotePath=" << fully;
  }
}

TEST_F(QuotePathGitTest, ReadsCoreQuotePathWithGitC) {
  gitops::Repository r = repo();
  load_quote_path(r);
  EXPECT_EQ(quote_path("caf\xc3\xa9"), "\"caf\\303\\251\"");
  git("repo", {"config", "core.quotePath", "false"});
  load_quote_path(r);
  EXPECT_EQ(quote_path("caf\xc3\xa9"), "caf\xc3\xa9");
  env_.set("GIT_CONFIG_PARAMETERS", "'core.quotepath'='true'");
  load_quote_path(r);
  EXPECT_EQ(quote_path("caf\xc3\xa9"), "\"caf\\303\\251\"");
  env_.unset("GIT_CONFIG_PARAMETERS");
  set_quote_path(true);
}

}  // namespace
}  // namespace migrate
