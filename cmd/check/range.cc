#include "cmd/check/range.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "common/quote.h"

namespace migrate::cmd::check {

using gitops::Oid;

namespace {

AuditRange make_range(const gitops::Repository& repo, std::string label, const Oid& tip,
                      const std::vector<Oid>& exclude, std::optional<Oid> base) {
  AuditRange r;
  r.label = std::move(label);
  r.tip = tip;
  r.commits = repo.rev_list({tip}, exclude);
  if (r.commits.empty()) {
    r.base = tip;
    return r;
  }
  if (!base) {
    // The range's oldest commit has no parent inside it (topological order):
    // start from its first parent, or from nothing for a root commit.
    const gitops::CommitInfo oldest = repo.commit(r.commits.front());
    if (!oldest.parents.empty()) base = oldest.parents.front();
  }
  r.base = base;
  return r;
}

}  // namespace

std::pair<std::string, Oid> resolve_main(const gitops::Repository& repo, const Config& cfg,
                                         const std::optional<std::string>& flag) {
  std::optional<std::string> configured = flag ? flag : cfg.string("main");
  if (configured) {
    auto oid = repo.try_resolve_commit(*configured);
    if (!oid) {
      const std::string from = flag ? "--main" : cfg.origin("main");
      throw RangeError("the main branch '" + *configured + "' (" + from +
                       ") does not name a commit; fetch it or set migrate.main");
    }
    return {*configured, *oid};
  }
  if (auto found = repo.default_main_branch()) return *found;
  throw RangeError(
      std::string("no main branch: none of ") + gitops::Repository::kMainBranchOrder + " exists; set one with "
      "'git config migrate.main <branch>' or name a range (git migrate-check <base>..<tip>)");
}

AuditRange resolve_range(const gitops::Repository& repo, const Config& cfg, const std::string& spec,
                         const std::optional<std::string>& main_flag) {
  if (spec.empty()) {
    auto [name, main] = resolve_main(repo, cfg, main_flag);
    const Oid head = repo.resolve_commit("HEAD");
    return make_range(repo, name + "..HEAD", head, {main}, repo.merge_base(main, head));
  }
  const auto dots = spec.find("..");
  if (dots != std::string::npos) {
    if (spec.compare(dots, 3, "...") == 0) {
      throw RangeError("'" + spec + "': symmetric ranges (A...B) are not supported; use A..B");
    }
    const std::string a = spec.substr(0, dots), b = spec.substr(dots + 2);
    const Oid from = repo.resolve_commit(a.empty() ? "HEAD" : a);
    const Oid to = repo.resolve_commit(b.empty() ? "HEAD" : b);
    return make_range(repo, spec, to, {from}, repo.merge_base(from, to));
  }
  const Oid tip = repo.resolve_commit(spec);
  const gitops::CommitInfo info = repo.commit(tip);
  AuditRange r;
  r.label = spec;
  r.tip = tip;
  r.commits = {tip};
  if (!info.parents.empty()) r.base = info.parents.front();
  return r;
}

bool is_zero_id(const std::string& hex) {
  if (hex.empty()) return false;
  for (char c : hex) {
    if (c != '0') return false;
  }
  return true;
}

namespace {

// An input line as an error shows it: at most kShownBytes of it (a line of
// 200 MB is not echoed back), control characters escaped.
constexpr std::size_t kShownBytes = 100;

std::string shown_line(const std::string& line) {
  if (line.size() <= kShownBytes) return escape_controls(line);
  return escape_controls(line.substr(0, kShownBytes)) + "...";
}

// The label of a range pushed by several refs: the first few, then a count.
constexpr std::size_t kLabelsShown = 3;

std::string joined_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size() && i < kLabelsShown; ++i) out += (i ? ", " : "") + labels[i];
  if (labels.size() > kLabelsShown) out += " and " + std::to_string(labels.size() - kLabelsShown) + " more refs";
  return out;
}

// Longer than any line of git's protocol (two ref names, two ids): reading
// stops there, so a runaway input is refused without being read whole.
constexpr std::size_t kMaxLineBytes = 64 * 1024;

// One line without its '\n' into `line`; false at the end of the input. A
// line longer than kMaxLineBytes is cut there and `overlong` set.
bool read_line(std::istream& in, std::string& line, bool& overlong) {
  line.clear();
  overlong = false;
  std::streambuf* buf = in.rdbuf();
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    if (c == '\n') return true;
    line += static_cast<char>(c);
    if (line.size() > kMaxLineBytes) {
      overlong = true;
      return true;
    }
  }
  return !line.empty();
}

}  // namespace

std::vector<PushLine> parse_pre_push(std::istream& in) {
  std::vector<PushLine> out;
  std::string line;
  int n = 0;
  bool overlong = false;
  while (read_line(in, line, overlong)) {
    ++n;
    if (overlong) {
      throw RangeError("pre-push input line " + std::to_string(n) + " is longer than " +
                       std::to_string(kMaxLineBytes) + " bytes: " + shown_line(line));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream s(line);
    PushLine p;
    std::string extra;
    if (!(s >> p.local_ref >> p.local_oid >> p.remote_ref >> p.remote_oid) || (s >> extra)) {
      throw RangeError("pre-push input line " + std::to_string(n) + " is not '<local ref> <local oid> "
                       "<remote ref> <remote oid>': " + shown_line(line));
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<AuditRange> pre_push_ranges(const gitops::Repository& repo, const std::string& remote,
                                        const std::vector<PushLine>& lines) {
  std::vector<AuditRange> out;
  // Refs that push the same commit against the same remote commit (or
  // against the tracking refs) are one range, audited once: a push of
  // 100,000 refs at a few commits costs a few audits, not 100,000.
  std::map<std::pair<Oid, std::optional<Oid>>, std::size_t> range_of;
  std::vector<std::vector<std::string>> labels;
  std::optional<std::vector<Oid>> tracking;  // refs/remotes/<remote>/*, read once
  for (const PushLine& p : lines) {
    if (is_zero_id(p.local_oid)) continue;  // a deletion: nothing is pushed
    const auto local = Oid::from_hex(p.local_oid);
    if (!local) throw RangeError("pre-push input: '" + shown_line(p.local_oid) + "' is not an object id");
    std::string label = p.local_ref == "(delete)" ? p.remote_ref : p.local_ref;
    std::optional<Oid> remote_oid;
    if (!is_zero_id(p.remote_oid)) {
      if (auto parsed = Oid::from_hex(p.remote_oid)) remote_oid = repo.try_resolve_commit(parsed->hex());
    }
    const auto [it, added] = range_of.try_emplace({*local, remote_oid}, out.size());
    if (!added) {
      labels[it->second].push_back(std::move(label));
      continue;
    }
    labels.push_back({label});
    if (remote_oid) {
      out.push_back(make_range(repo, label, *local, {*remote_oid}, repo.merge_base(*remote_oid, *local)));
      continue;
    }
    if (!tracking) {
      // The remote's tracking refs; when it has none (git passes a URL as
      // the "remote" of an unnamed remote), every remote-tracking ref. Each
      // commit once, however many refs point at it.
      tracking.emplace();
      auto refs = repo.refs_with_prefix("refs/remotes/" + remote + "/");
      if (refs.empty()) refs = repo.refs_with_prefix("refs/remotes/");
      for (const auto& [ref, oid] : refs) {
        if (auto c = repo.try_resolve_commit(oid.hex())) tracking->push_back(*c);
      }
      std::sort(tracking->begin(), tracking->end());
      tracking->erase(std::unique(tracking->begin(), tracking->end()), tracking->end());
    }
    out.push_back(make_range(repo, label, *local, *tracking, std::nullopt));
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].label = joined_labels(labels[i]);
  return out;
}

}  // namespace migrate::cmd::check
