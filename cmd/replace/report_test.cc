// Unit tests of git migrate-replace's messages (cmd/replace/report.h), linked
// against the command's library (migrate_replace).
#include "cmd/replace/report.h"

#include <gtest/gtest.h>

namespace migrate::cmd::replace {
namespace {

gitops::FileStat stat(const char* path, gitops::FileStat::Kind kind, int added, int removed) {
  gitops::FileStat f;
  f.kind = kind;
  f.path = *gitops::RepoPath::parse(path);
  f.added = added;
  f.removed = removed;
  return f;
}

TEST(ReplaceReport, DeletionWarningsAboveTheThresholdMostRemovedFirst) {
  using K = gitops::FileStat::Kind;
  const Target target{gitops::RefName::branch("chore/models-migrations-error_tracking"), true, {}, {}, ""};
  Plan plan{target, "fresh", {}, {}, {}, "", {}, {}, {}};
  plan.settings.deletion_threshold = 50;
  plan.changes = {stat("posthog/conftest.py", K::kModified, 2, 51), stat("posthog/tasks/email.py", K::kModified, 1, 48),
                  stat("posthog/api/old.py", K::kDeleted, 0, 300), stat("products/new.py", K::kAdded, 400, 0)};
  EXPECT_EQ(format_deletion_warnings(plan, Palette{}),
            "warning: posthog/api/old.py loses 300 lines (more than 50); check that no code was removed by mistake\n"
            "warning: posthog/conftest.py loses 51 lines (more than 50); check that no code was removed by mistake\n");
  plan.settings.deletion_threshold = 300;
  EXPECT_EQ(format_deletion_warnings(plan, Palette{}), "");
}

TEST(ReplaceReport, RefusalWithDetailsAndHintInColour) {
  const Refusal r{"untracked files would be overwritten", {"products/a.py", "products/b.py"},
                  "move them away, then run git migrate-replace again"};
  EXPECT_EQ(format_refusal(r, Palette{}),
            "error: untracked files would be overwritten\n"
            "  products/a.py\n"
            "  products/b.py\n"
            "hint: move them away, then run git migrate-replace again\n");
  EXPECT_EQ(format_refusal(r, Palette{true}),
            "\033[31m\033[1merror:\033[m untracked files would be overwritten\n"
            "  products/a.py\n"
            "  products/b.py\n"
            "\033[33mhint:\033[m move them away, then run git migrate-replace again\n");
}

}  // namespace
}  // namespace migrate::cmd::replace
