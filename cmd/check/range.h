// Which commits git-migrate-check audits: the default range (merge base of
// the main branch and HEAD, to HEAD), an explicit A..B, a single revision, or
// the refs of a push read from git's pre-push protocol.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "cmd/check/context.h"
#include "common/config.h"
#include "gitops/repository.h"

namespace migrate::cmd::check {

// A refusal to pick a range (no main branch, a malformed pre-push line):
// printed as "error: <message>", exit 2.
class RangeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The main branch: --main, else config "main", else the repository's
// default (Repository::default_main_branch). Its name and commit.
std::pair<std::string, gitops::Oid> resolve_main(const gitops::Repository& repo, const Config& cfg,
                                                 const std::optional<std::string>& flag);

// `spec` is "" (default range), "A..B" (either side may be empty: HEAD) or a
// revision (that one commit, against its first parent).
AuditRange resolve_range(const gitops::Repository& repo, const Config& cfg, const std::string& spec,
                         const std::optional<std::string>& main_flag);

// One line of git's pre-push input.
struct PushLine {
  std::string local_ref, local_oid, remote_ref, remote_oid;
};
// Parses the lines (blank lines skipped); RangeError naming the line
// otherwise.
std::vector<PushLine> parse_pre_push(std::istream& in);
// True for an all-zero id of any length (40 for SHA-1, 64 for SHA-256).
bool is_zero_id(const std::string& hex);

// The ranges to audit for the push to `remote`: deletions are skipped; a
// ref new on the remote (zero remote id) or whose remote id is not known
// locally is audited from what none of refs/remotes/<remote>/* reaches
// (every refs/remotes/* when that remote has none); an update from its
// remote id.
std::vector<AuditRange> pre_push_ranges(const gitops::Repository& repo, const std::string& remote,
                                        const std::vector<PushLine>& lines);

}  // namespace migrate::cmd::check
