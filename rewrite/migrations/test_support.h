// Helpers for the migration audits' unit tests: findings as one line each,
// so whole lists compare in one assertion with a readable diff.
#pragma once

#include <string>
#include <vector>

#include "rewrite/finding.h"

namespace migrate::rewrite::migrations::testing {

// "<rule> <severity> <path>:<line> <message>"
inline std::vector<std::string> lines(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) {
    out.push_back(f.rule + " " + std::string(severity_name(f.severity)) + " " + f.path + ":" +
                  std::to_string(f.line) + " " + f.message + (f.commit.empty() ? "" : " @" + f.commit));
  }
  return out;
}

}  // namespace migrate::rewrite::migrations::testing
