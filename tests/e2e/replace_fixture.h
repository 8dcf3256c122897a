// The repository the git migrate-replace end-to-end tests start from: a small
// Django-like project with master, a stale review branch that did the
// migration long ago, and a fresh branch (master + the migration done again,
// carrying model_migration/) whose script "accidentally" removed a function
// from posthog/tasks/email.py. Paths with spaces and non-ASCII characters,
// executable bits, symlinks and a submodule entry are in the trees.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/harness/sandbox.h"

namespace migrate::testing {

inline constexpr const char* kReview = "chore/models-migrations-error_tracking";
inline constexpr const char* kFresh = "chore/models-migrations-error_tracking-fresh";
inline constexpr const char* kMessage = "merge: adopt fresh migration validation branch";
inline constexpr const char* kSubmoduleCommit = "0123456789abcdef0123456789abcdef01234567";

inline std::string numbered_lines(const std::string& prefix, int n) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += prefix + std::to_string(i) + "\n";
  return out;
}

class ReplaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("repo");
    sb.write_file("repo/manage.py", "#!/usr/bin/env python\nimport sys\n");
    sb.run({"chmod", "+x", sb.path("repo/manage.py")});
    sb.write_file("repo/posthog/__init__.py", "");
    sb.write_file("repo/posthog/models/__init__.py", "from posthog.models.error_tracking import ErrorTrackingIssue\n");
    sb.write_file("repo/posthog/models/error_tracking/__init__.py", "from .models import ErrorTrackingIssue\n");
    sb.write_file("repo/posthog/models/error_tracking/models.py", "class ErrorTrackingIssue:\n    pass\n");
    sb.write_file("repo/posthog/tasks/email.py",
                  "from posthog.models.error_tracking import ErrorTrackingIssue\n\n\n" +
                      std::string("def send_discussions_mentioned():\n") + numbered_lines("    step_", 60) +
                      "\n\ndef send_invite():\n    return 1\n");
    sb.write_file("repo/posthog/api/issues.py", "from posthog.models.error_tracking import ErrorTrackingIssue\n");
    sb.write_file("repo/docs/Read me.md", "# Read me\n");
    sb.write_file("repo/docs/café.md", "# Café\n");
    sb.write_file("repo/bin/run.sh", "#!/bin/sh\necho run\n");
    sb.run({"ln", "-s", "../manage.py", sb.path("repo/docs/manage")});
    master = sb.commit_all("repo", "Initial import");

    sb.git("repo", {"checkout", "-q", "-b", kReview});
    sb.remove("repo/posthog/models/error_tracking");
    sb.write_file("repo/products/error_tracking/backend/models.py", "class ErrorTrackingIssue:  # stale\n    pass\n");
    sb.write_file("repo/posthog/api/issues.py", "from products.error_tracking.backend.models import ErrorTrackingIssue\n");
    review = sb.commit_all("repo", "chore(models): migrate error_tracking models to products app");

    sb.git("repo", {"checkout", "-q", "-b", kFresh, "master"});
    sb.remove("repo/posthog/models/error_tracking");
    sb.write_file("repo/products/error_tracking/backend/__init__.py", "from .models import ErrorTrackingIssue\n");
    sb.write_file("repo/products/error_tracking/backend/models.py", "class ErrorTrackingIssue:\n    pass\n");
    sb.write_file("repo/posthog/models/__init__.py", "");
    sb.write_file("repo/posthog/api/issues.py", "from products.error_tracking.backend.models import ErrorTrackingIssue\n");
    sb.write_file("repo/posthog/tasks/email.py",
                  "from products.error_tracking.backend.models import ErrorTrackingIssue\n\n\n"
                  "def send_invite():\n    return 1\n");
    sb.write_file("repo/docs/Read me.md", "# Read me\n\nThe products/ folder.\n");
    sb.write_file("repo/docs/café.md", "# Café\n\nNoël\n");
    sb.run({"chmod", "+x", sb.path("repo/bin/run.sh")});
    sb.run({"ln", "-s", "../../docs/Read me.md", sb.path("repo/products/error_tracking/README.md")});
    sb.write_file("repo/model_migration/moves.toml", "product = \"error_tracking\"\n");
    sb.write_file("repo/model_migration/migrate_models.py", "print('migrate')\n");
    sb.git("repo", {"add", "-A"});
    sb.git("repo", {"update-index", "--add", "--cacheinfo",
                    std::string("160000,") + kSubmoduleCommit + ",vendor/sdk"});
    sb.run({"mkdir", "-p", sb.path("repo/vendor/sdk")});  // an unpopulated submodule
    fresh = sb.commit_all("repo", "chore(models): migrate error_tracking models to products app");
    sb.git("repo", {"checkout", "-q", kReview});
  }

  std::string rev(const std::string& r) const { return sb.rev_parse("repo", r); }
  std::string short_rev(const std::string& r) const { return rev(r).substr(0, 10); }
  std::string tree(const std::string& r) const { return rev(r + "^{tree}"); }

  // The command-line recipe of docs/workflow.md (step 5), on the checked-out branch.
  void run_recipe(const std::string& fresh_rev, const std::string& cwd = "repo") {
    sb.git(cwd, {"merge", "-q", "-s", "ours", "--no-commit", fresh_rev});
    sb.git(cwd, {"read-tree", "-u", "--reset", fresh_rev});
    sb.git(cwd, {"rm", "-rfq", "--ignore-unmatch", "model_migration/"});
    sb.git(cwd, {"commit", "-q", "-m", kMessage});
  }

  // The tree of `commit` without `paths`, made by git in a scratch index.
  std::string tree_without(const std::string& commit, const std::vector<std::string>& paths) const {
    const std::map<std::string, std::string> env = {{"GIT_INDEX_FILE", sb.path("scratch-index")}};
    sb.run({"git", "read-tree", commit}, "repo", "", env);
    std::vector<std::string> rm = {"git", "rm", "-r", "-q", "--cached", "--ignore-unmatch", "--"};
    rm.insert(rm.end(), paths.begin(), paths.end());
    sb.run(rm, "repo", "", env);
    std::string t = sb.run({"git", "write-tree"}, "repo", "", env).out;
    sb.remove("scratch-index");
    return t.substr(0, t.find('\n'));
  }

  Sandbox sb;
  std::string master, review, fresh;
};

}  // namespace migrate::testing
