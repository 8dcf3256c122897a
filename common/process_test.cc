#include "common/process.h"

#include <gtest/gtest.h>

namespace migrate {
namespace {

TEST(Process, StreamsMergedOutputAndKeepsTheLastLines) {
  std::string seen;
  const auto r = run_shell("printf 'one\\ntwo\\n'; echo three >&2; printf four; exit 3", "/",
                           [&](std::string_view s) { seen += s; }, 2);
  EXPECT_EQ(seen, "one\ntwo\nthree\nfour");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.tail, (std::vector<std::string>{"three", "four"}));
  EXPECT_EQ(r.describe(), "exited with 3");
}

TEST(Process, RunsInTheGivenFolder) {
  std::string seen;
  const auto r = run_shell("pwd", "/usr", [&](std::string_view s) { seen += s; });
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(seen, "/usr\n");
}

TEST(Process, ReportsASignal) {
  const auto r = run_shell("kill -9 $$", "/", [](std::string_view) {});
  EXPECT_EQ(r.term_signal, 9);
  EXPECT_EQ(r.describe(), "killed by signal 9");
}

}  // namespace
}  // namespace migrate
