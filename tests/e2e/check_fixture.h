// Helpers shared by the git-migrate-check end-to-end tests
// (tests/e2e/check_*_test.cc): repositories built from the stories of docs/workflow.md.
#pragma once

#include <string>
#include <vector>

#include "tests/harness/sandbox.h"

namespace migrate::testing::check {

// The first ten hex digits, as the text output shows commits.
inline std::string short_id(const std::string& id) { return id.substr(0, 10); }

// A function of exactly `lines` lines (def line included), as trap 4's
// 48-line send_discussions_mentioned.
inline std::string long_function(const std::string& name, int lines) {
  std::string s = "def " + name + "(comment_id, mentioned_user_ids):\n";
  for (int i = 1; i < lines; ++i) s += "    step_" + std::to_string(i) + " = comment_id + " + std::to_string(i) + "\n";
  return s;
}

// `n` lines "line <i>\n".
inline std::string numbered_lines(int n, const std::string& prefix = "line") {
  std::string s;
  for (int i = 1; i <= n; ++i) s += prefix + " " + std::to_string(i) + "\n";
  return s;
}

// posthog/tasks/email.py at master: send_discussions_mentioned starts at
// line 10 and spans 48 lines.
inline std::string email_py(bool with_discussions, bool new_import) {
  std::string s =
      "from django.conf import settings\n"
      "\n" +
      std::string(new_import ? "from products.error_tracking.backend.models import ErrorTrackingIssueAssignment\n"
                             : "from posthog.models.error_tracking import ErrorTrackingIssueAssignment\n") +
      "\n"
      "\n"
      "def send_invite(invite_id):\n"
      "    return settings.SITE_URL, invite_id\n"
      "\n"
      "\n";
  if (with_discussions) s += long_function("send_discussions_mentioned", 48) + "\n\n";
  s +=
      "def send_issue_assigned(assignment: ErrorTrackingIssueAssignment):\n"
      "    return assignment.id\n";
  return s;
}

}  // namespace migrate::testing::check
