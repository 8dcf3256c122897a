#include "cmd/check/report.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>

#include "cmd/check/rules.h"
#include "common/quote.h"
#include "common/version.h"
#include "rewrite/escape.h"

namespace migrate::cmd::check {

using rewrite::Finding;
using rewrite::Severity;

namespace {

std::size_t count(const Report& r, Severity s) {
  return static_cast<std::size_t>(
      std::count_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.severity == s; }));
}

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string_view severity_color(Severity s, const Palette& p) {
  switch (s) {
    case Severity::kError: return p.red();
    case Severity::kWarning: return p.yellow();
    case Severity::kInfo: return p.dim();
  }
  return "";
}

// All the ranges' labels (JSON), or the first `max` of them and a count
// (text: a push of thousands of refs at different commits keeps its summary
// line short).
std::string ranges_label(const Report& r, std::size_t max = SIZE_MAX) {
  std::string out;
  for (std::size_t i = 0; i < r.ranges.size() && i < max; ++i) {
    if (!out.empty()) out += ", ";
    out += r.ranges[i].label;
  }
  if (r.ranges.size() > max) out += " and " + std::to_string(r.ranges.size() - max) + " more ranges";
  return out;
}

constexpr std::size_t kTextRangesShown = 10;

Severity effective_severity(const rewrite::RuleInfo& info, const AuditPolicy& policy) {
  auto it = policy.rules.find(std::string(info.id));
  return it != policy.rules.end() && it->second.severity ? *it->second.severity : info.default_severity;
}

bool enabled(const rewrite::RuleInfo& info, const AuditPolicy& policy) {
  auto it = policy.rules.find(std::string(info.id));
  return it == policy.rules.end() || it->second.enabled;
}

}  // namespace

std::size_t Report::errors() const { return count(*this, Severity::kError); }
std::size_t Report::warnings() const { return count(*this, Severity::kWarning); }
std::size_t Report::infos() const { return count(*this, Severity::kInfo); }
std::size_t Report::commits() const {
  std::size_t n = 0;
  for (const RangeSummary& s : ranges) n += s.commits;
  return n;
}

std::string json_escape(std::string_view s) { return rewrite::escape_string(s, rewrite::StringSyntax::kJson); }

void write_text(std::ostream& out, const Report& r, const Palette& p) {
  // Files in the order of their first finding; findings keep rule order.
  std::vector<std::string> files;
  std::map<std::string, std::vector<const Finding*>> by_file;
  for (const Finding& f : r.findings) {
    auto& v = by_file[f.path];
    if (v.empty()) files.push_back(f.path);
    v.push_back(&f);
  }
  for (const std::string& file : files) {
    out << p.bold() << (file.empty() ? "(no file)" : quote_path(file)) << p.reset() << "\n";
    for (const Finding* f : by_file[file]) {
      out << "  ";
      if (f->line > 0) out << f->line << ": ";
      out << severity_color(f->severity, p) << rewrite::severity_name(f->severity) << p.reset() << ": "
          << escape_controls(f->message) << " " << p.dim() << "[" << f->rule << "]" << p.reset();
      if (!f->commit.empty()) out << " " << p.yellow() << "(" << f->commit.substr(0, 10) << ")" << p.reset();
      out << "\n";
    }
  }
  if (!files.empty()) out << "\n";
  std::string where = plural(r.commits(), "commit");
  if (!r.ranges.empty()) where += " (" + escape_controls(ranges_label(r, kTextRangesShown)) + ")";
  std::string suppressed = r.suppressed ? ", " + std::to_string(r.suppressed) + " suppressed" : "";
  if (r.migration_entries_skipped) {
    suppressed += ", " + std::to_string(r.migration_entries_skipped) + " computed migration " +
                  (r.migration_entries_skipped == 1 ? "entry" : "entries") + " skipped";
  }
  if (r.ranges.empty()) {
    out << p.green() << "nothing to audit" << p.reset() << "\n";
  } else if (r.findings.empty()) {
    out << p.green() << "no problems" << p.reset() << " in " << where << suppressed << "\n";
  } else {
    const std::string_view color = r.errors() ? p.red() : r.warnings() ? p.yellow() : p.dim();
    out << color << plural(r.errors(), "error") << ", " << plural(r.warnings(), "warning") << ", "
        << plural(r.infos(), "info") << p.reset() << " in " << where << suppressed << "\n";
  }
}

void write_json(std::ostream& out, const Report& r) {
  out << "{\n  \"version\": 1,\n  \"range\": \"" << json_escape(ranges_label(r)) << "\",\n  \"ranges\": [";
  for (std::size_t i = 0; i < r.ranges.size(); ++i) {
    const RangeSummary& s = r.ranges[i];
    out << (i ? ",\n" : "\n") << "    {\"label\": \"" << json_escape(s.label) << "\", \"base\": "
        << (s.base ? "\"" + s.base->hex() + "\"" : std::string("null")) << ", \"tip\": \"" << s.tip.hex()
        << "\", \"commits\": " << s.commits << "}";
  }
  out << (r.ranges.empty() ? "],\n" : "\n  ],\n");
  out << "  \"findings\": [";
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    out << (i ? ",\n" : "\n") << "    {\"rule\": \"" << json_escape(f.rule) << "\", \"severity\": \""
        << rewrite::severity_name(f.severity) << "\", \"path\": \"" << json_escape(f.path)
        << "\", \"line\": " << f.line << ", \"message\": \"" << json_escape(f.message) << "\"";
    if (!f.commit.empty()) out << ", \"commit\": \"" << f.commit << "\"";
    out << "}";
  }
  out << (r.findings.empty() ? "],\n" : "\n  ],\n");
  out << "  \"summary\": {\"errors\": " << r.errors() << ", \"warnings\": " << r.warnings()
      << ", \"infos\": " << r.infos() << ", \"suppressed\": " << r.suppressed << ", \"commits\": " << r.commits()
      << ", \"files_changed\": " << r.files_changed
      << ", \"migration_entries_skipped\": " << r.migration_entries_skipped << "}\n}\n";
}

namespace {
const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "note";
  }
  return "error";
}
}  // namespace

std::string uri_encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

namespace {
// "excluded-path" -> "ExcludedPath": SARIF's reportingDescriptor.name.
std::string rule_name(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

std::string rule_help(std::string_view id) {
  const std::string rule(id);
  return "Documented in git-migrate-check(1), section RULES. Suppress one finding with "
         "'# migrate-check: ignore[" + rule + "]' on its line, or with a [[check.ignore]] entry (rule = \"" +
         rule + "\", path = glob) in .git-migrate.toml; change the severity or switch the rule off under "
         "[check.rules." + rule + "].";
}
}  // namespace

void write_sarif(std::ostream& out, const Report& r, const AuditPolicy& policy, std::string_view workdir) {
  const std::vector<Rule>& rules = all_rules();
  out << "{\n"
      << "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      << "  \"version\": \"2.1.0\",\n"
      << "  \"runs\": [\n"
      << "    {\n"
      << "      \"tool\": {\n"
      << "        \"driver\": {\n"
      << "          \"name\": \"git-migrate-check\",\n"
      << "          \"version\": \"" << kVersion << "\",\n"
      << "          \"semanticVersion\": \"" << kVersion << "\",\n"
      << "          \"rules\": [";
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const rewrite::RuleInfo& info = rules[i].info;
    index[std::string(info.id)] = i;
    out << (i ? ",\n" : "\n") << "            {\"id\": \"" << info.id << "\", \"name\": \"" << rule_name(info.id)
        << "\", \"shortDescription\": {\"text\": \"" << json_escape(info.summary)
        << "\"}, \"help\": {\"text\": \""
        << json_escape(rule_help(info.id)) << "\"}, \"defaultConfiguration\": {\"level\": \""
        << sarif_level(effective_severity(info, policy)) << "\", \"enabled\": "
        << (enabled(info, policy) ? "true" : "false") << "}}";
  }
  out << (rules.empty() ? "]\n" : "\n          ]\n");
  out << "        }\n      },\n";
  // Result uris are relative to %SRCROOT%, the worktree's root; a bare
  // repository has none, so the base is described but not resolved.
  out << "      \"originalUriBaseIds\": {\"%SRCROOT%\": {";
  if (!workdir.empty()) {
    out << "\"uri\": \"file://" << json_escape(uri_encode_path(workdir)) << "\", ";
  }
  out << "\"description\": {\"text\": \"the root of the repository's worktree\"}}},\n"
      << "      \"results\": [";
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    out << (i ? ",\n" : "\n") << "        {\"ruleId\": \"" << json_escape(f.rule) << "\"";
    if (auto it = index.find(f.rule); it != index.end()) out << ", \"ruleIndex\": " << it->second;
    out << ", \"level\": \"" << sarif_level(f.severity) << "\", \"message\": {\"text\": \""
        << json_escape(f.message) << "\"}";
    if (!f.path.empty()) {
      out << ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \""
          << json_escape(uri_encode_path(f.path)) << "\", \"uriBaseId\": \"%SRCROOT%\"}";
      if (f.line > 0) out << ", \"region\": {\"startLine\": " << f.line << "}";
      out << "}}]";
    }
    if (!f.commit.empty()) out << ", \"properties\": {\"commit\": \"" << f.commit << "\"}";
    out << "}";
  }
  out << (r.findings.empty() ? "]\n" : "\n      ]\n");
  out << "    }\n  ]\n}\n";
}

void write_rules(std::ostream& out, const AuditPolicy& policy, const Palette& p) {
  std::size_t width = 0;
  for (const Rule& r : all_rules()) width = std::max(width, r.info.id.size());
  for (const Rule& r : all_rules()) {
    const Severity s = effective_severity(r.info, policy);
    std::string sev(rewrite::severity_name(s));
    if (!enabled(r.info, policy)) sev = "off";
    out << p.bold() << r.info.id << p.reset() << std::string(width - r.info.id.size() + 2, ' ')
        << (sev == "off" ? p.dim() : severity_color(s, p)) << sev << p.reset()
        << std::string(9 - sev.size(), ' ') << r.info.summary << "\n";
  }
}

}  // namespace migrate::cmd::check
