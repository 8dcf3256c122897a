// Findings and rule descriptions shared by the audits of git-migrate-check
// (cmd/check) and the analyses in rewrite/ that produce them (definitions,
// stale references, migration graphs).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::rewrite {

enum class Severity { kError, kWarning, kInfo };
// "error", "warning", "info".
std::string_view severity_name(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

struct Finding {
  std::string rule;     // rule id, e.g. "vanished-definition", "dj-multiple-leaves"
  Severity severity = Severity::kError;
  std::string path;     // repository-relative, '/'-separated ("" when the finding is about no file)
  unsigned line = 0;    // 1-based, 0 when the finding is about the whole file
  std::string message;  // one sentence, no trailing newline
  std::string commit;   // full hex id of the commit that introduced it, "" when unknown
};

struct RuleInfo {
  std::string_view id;
  Severity default_severity;
  std::string_view summary;  // one line, for `git migrate-check --rules`
};

// Read access to a set of files (a git tree, or the worktree), so analyses
// read only what they need. Paths are repository-relative.
class FileSource {
 public:
  virtual ~FileSource() = default;
  // Every file path, sorted.
  virtual const std::vector<std::string>& paths() const = 0;
  // The content of `path`; nullopt when there is no such file.
  virtual std::optional<std::string> read(const std::string& path) const = 0;
};

}  // namespace migrate::rewrite
