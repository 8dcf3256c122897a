#include "cmd/check/audit.h"

#include <fnmatch.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>

#include <re2/re2.h>

#include "cmd/check/rules.h"

namespace migrate::cmd::check {

using rewrite::Finding;

bool suppressed_by_comment(std::string_view content, unsigned line, std::string_view rule) {
  if (line == 0) return false;
  std::size_t begin = 0;
  for (unsigned l = 1; l < line; ++l) {
    begin = content.find('\n', begin);
    if (begin == std::string_view::npos) return false;
    ++begin;
  }
  std::size_t end = content.find('\n', begin);
  const std::string_view text = content.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
  static const RE2 kComment(R"(#\s*migrate-check:\s*ignore\[([^\]]*)\])");
  re2::StringPiece input(text.data(), text.size());
  std::string ids;
  while (RE2::FindAndConsume(&input, kComment, &ids)) {
    std::size_t pos = 0;
    while (pos <= ids.size()) {
      std::size_t comma = ids.find(',', pos);
      if (comma == std::string::npos) comma = ids.size();
      std::string_view id = std::string_view(ids).substr(pos, comma - pos);
      while (!id.empty() && id.front() == ' ') id.remove_prefix(1);
      while (!id.empty() && id.back() == ' ') id.remove_suffix(1);
      if (id == rule || id == "*") return true;
      pos = comma + 1;
    }
  }
  return false;
}

bool path_glob_matches(const std::string& glob, const std::string& path) {
  if (!glob.empty() && glob.back() == '/') {
    return path.compare(0, glob.size(), glob) == 0 || fnmatch((glob + "*").c_str(), path.c_str(), 0) == 0;
  }
  return fnmatch(glob.c_str(), path.c_str(), 0) == 0;
}

namespace {

// The content a finding's line refers to: the end of the range, or the start
// when the file is gone.
std::optional<std::string> content_for(const AuditContext& ctx, const std::string& path) {
  if (auto c = ctx.end_files().read(path)) return c;
  return ctx.start_files().read(path);
}

// The lines (1-based) of `content` that hold a suppression comment, with
// their text.
std::map<unsigned, std::string> suppression_lines(const std::optional<std::string>& content) {
  std::map<unsigned, std::string> out;
  if (!content) return out;
  const std::string_view text(*content);
  constexpr std::string_view kMarker = "migrate-check";
  unsigned line = 1;
  std::size_t counted = 0;  // newlines before this offset are in `line`
  for (std::size_t at = text.find(kMarker); at != std::string_view::npos; at = text.find(kMarker, at + 1)) {
    line += static_cast<unsigned>(std::count(text.begin() + counted, text.begin() + at, '\n'));
    counted = at;
    const std::size_t begin = text.rfind('\n', at) == std::string_view::npos ? 0 : text.rfind('\n', at) + 1;
    const std::size_t end = text.find('\n', at);
    out.emplace(line, std::string(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin)));
  }
  return out;
}

}  // namespace

AuditResult run_audit(AuditContext& ctx, const AuditPolicy& policy) {
  AuditResult result;
  result.files_changed = ctx.changes().size();
  // With --worktree the migration-graph rules audit the worktree even when
  // the range has no commits yet (worktree.h).
  if (ctx.range().commits.empty() && !ctx.settings().worktree) return result;

  // Per path with findings: the lines that carry a suppression comment
  // (read once, so that many findings in one big file cost one pass).
  std::map<std::string, std::map<unsigned, std::string>> comment_lines;
  for (const Rule& rule : all_rules()) {
    auto setting = policy.rules.find(std::string(rule.info.id));
    if (setting != policy.rules.end() && !setting->second.enabled) continue;
    std::vector<Finding> found;
    const std::size_t missing_before = ctx.missing_blobs().all().size();
    ctx.set_progress_rule(std::string(rule.info.id));  // "Parsing (vanished-definition): 3/12 files"
    rule.run(ctx, found);
    ctx.set_progress_rule({});
    // A file the rule could not read is reported under the rule; it checked
    // everything else, and the next rules run.
    std::set<std::string> unread;
    const auto& missing = ctx.missing_blobs().all();
    for (std::size_t i = missing_before; i < missing.size(); ++i) {
      if (!unread.insert(missing[i].path).second) continue;
      found.push_back({std::string(rule.info.id), rewrite::Severity::kWarning, missing[i].path, 0,
                       "could not be read: blob " + missing[i].blob.hex().substr(0, 10) +
                           " is missing from the object database (a partial clone or a damaged repository), so "
                           "this rule did not check it; fetch the object (git fetch) or repair the repository "
                           "(git fsck), then check again",
                       ""});
    }
    for (Finding& f : found) {
      if (f.rule != rule.info.id) {
        throw std::logic_error("rule " + std::string(rule.info.id) + " made a finding of rule " + f.rule);
      }
      if (setting != policy.rules.end() && setting->second.severity) f.severity = *setting->second.severity;
      bool ignored = std::any_of(policy.ignores.begin(), policy.ignores.end(), [&](const IgnoreEntry& e) {
        return (e.rule.empty() || e.rule == f.rule) && path_glob_matches(e.path_glob, f.path);
      });
      if (!ignored && !f.path.empty() && f.line > 0) {
        auto it = comment_lines.find(f.path);
        if (it == comment_lines.end()) it = comment_lines.emplace(f.path, suppression_lines(content_for(ctx, f.path))).first;
        auto line = it->second.find(f.line);
        ignored = line != it->second.end() && suppressed_by_comment(line->second, 1, f.rule);
      }
      if (ignored) {
        ++result.suppressed;
      } else {
        result.findings.push_back(std::move(f));
      }
    }
  }
  return result;
}

}  // namespace migrate::cmd::check
