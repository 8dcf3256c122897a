// Shared fixture of the gitops unit tests: a hermetic Sandbox whose
// environment (HOME, XDG config, GIT_CONFIG_NOSYSTEM, identity and dates) is
// also this process's while the test runs, so in-process libgit2 sees what
// the git command line sees.
#pragma once

#include <gtest/gtest.h>

#include "gitops/repository.h"
#include "gitops/test_support.h"
#include "tests/harness/sandbox.h"

namespace migrate::gitops::testing {

class RepoTest : public ::testing::Test {
 protected:
  RepoTest() : env_(hermetic(sb_)) {}

  Repository repo(std::string_view rel = "repo") { return Repository::discover(sb_.path(rel)); }
  Oid oid(std::string_view rel, std::string_view rev) {
    const auto o = Oid::from_hex(sb_.rev_parse(rel, rev));
    EXPECT_TRUE(o) << rev;
    return o.value_or(Oid());
  }
  static RepoPath P(std::string_view s) { return RepoPath::parse(s).value(); }
  std::string git(std::string_view rel, const std::vector<std::string>& args) { return sb_.git(rel, args); }
  static std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }

  migrate::testing::Sandbox sb_;
  ScopedEnv env_;
  Library lib_;

 private:
  static std::map<std::string, std::string> hermetic(const migrate::testing::Sandbox& sb) {
    auto env = sb.environment();
    env.erase("PATH");
    return env;
  }
};

}  // namespace migrate::gitops::testing
