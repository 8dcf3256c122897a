#include "cmd/check/settings.h"

#include <re2/re2.h>

#include "cmd/check/rules.h"

namespace migrate::cmd::check {
namespace {

std::string where(const Config& cfg, std::string_view key) {
  std::string o = cfg.origin(key);
  return o.empty() ? "--" + std::string(key) : o;
}

std::string node_where(const Config& cfg, const toml::node& n) {
  const auto& src = n.source();
  std::string file = std::string(Config::kFileName);
  return file + ":" + std::to_string(src.begin.line);
}

}  // namespace

const std::vector<std::string>& default_artifact_patterns() {
  static const std::vector<std::string> kPatterns = {
      // Test migrations made to prove the new app works (seed: 000X*test*.py).
      R"((^|/)migrations/0[^/]*_test[^/]*\.py$)",
      // Stray files the seed names, and leftovers of merges and backups.
      R"((^|/)compare_ci_jobs\.py$)",
      R"((^|/)phase_tracker\.ya?ml$)",
      R"(\.(orig|rej|backup)$)",
  };
  return kPatterns;
}

CheckSettings resolve_settings(const Options& opts, const Config& cfg) {
  CheckSettings s;
  s.worktree = opts.worktree;
  std::vector<std::string> exclude = !opts.exclude.empty()
                                         ? opts.exclude
                                         : cfg.strings("exclude").value_or(std::vector<std::string>{kDefaultExclude});
  for (std::string e : exclude) {
    while (!e.empty() && e.back() == '/') e.pop_back();
    auto p = gitops::RepoPath::parse(e);
    if (!p || p->empty()) {
      throw ConfigError(where(cfg, "exclude") + ": excluded folder '" + e +
                        "' is not a path relative to the repository root");
    }
    s.exclude.push_back(*p);
  }
  s.deletion_threshold = opts.deletion_threshold ? *opts.deletion_threshold
                                                 : cfg.integer("deletion_threshold").value_or(kDefaultDeletionThreshold);
  if (s.deletion_threshold < 0) {
    throw ConfigError(where(cfg, "deletion_threshold") + ": deletion threshold must not be negative");
  }
  s.artifact_patterns = !opts.artifact_patterns.empty()
                            ? opts.artifact_patterns
                            : cfg.strings("check.artifact_patterns").value_or(default_artifact_patterns());
  for (const std::string& p : s.artifact_patterns) {
    RE2 re(p, RE2::Quiet);
    if (!re.ok()) {
      throw ConfigError(where(cfg, "check.artifact_patterns") + ": artifact pattern '" + p +
                        "' is not a valid RE2 expression: " + re.error());
    }
  }
  s.moves_path = opts.moves ? *opts.moves : cfg.string("moves").value_or(kDefaultMoves);
  s.baseline = opts.baseline ? *opts.baseline : cfg.string("baseline").value_or(kDefaultBaseline);
  return s;
}

std::map<std::string, RuleSetting> rule_settings(const Config& cfg) {
  std::map<std::string, RuleSetting> out;
  const toml::node* n = cfg.node("check.rules");
  if (!n) return out;
  const toml::table* t = n->as_table();
  if (!t) throw ConfigError(node_where(cfg, *n) + ": check.rules must be a table");
  for (const auto& [key, value] : *t) {
    const std::string id(key.str());
    if (!find_rule(id)) {
      throw ConfigError(node_where(cfg, value) + ": [check.rules." + id +
                        "]: no such rule (git migrate-check --rules lists them)");
    }
    const toml::table* rt = value.as_table();
    if (!rt) throw ConfigError(node_where(cfg, value) + ": check.rules." + id + " must be a table");
    RuleSetting rs;
    for (const auto& [k, v] : *rt) {
      if (k.str() == "enabled") {
        if (!v.is_boolean()) throw ConfigError(node_where(cfg, v) + ": check.rules." + id + ".enabled must be true or false");
        rs.enabled = v.as_boolean()->get();
      } else if (k.str() == "severity") {
        std::optional<rewrite::Severity> sev;
        if (v.is_string()) sev = rewrite::parse_severity(v.as_string()->get());
        if (!sev) {
          throw ConfigError(node_where(cfg, v) + ": check.rules." + id +
                            ".severity must be \"error\", \"warning\" or \"info\"");
        }
        rs.severity = sev;
      } else {
        throw ConfigError(node_where(cfg, v) + ": unknown key check.rules." + id + "." + std::string(k.str()) +
                          " (known: enabled, severity)");
      }
    }
    out[id] = rs;
  }
  return out;
}

std::vector<IgnoreEntry> ignore_entries(const Config& cfg) {
  std::vector<IgnoreEntry> out;
  const toml::node* n = cfg.node("check.ignore");
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) throw ConfigError(node_where(cfg, *n) + ": check.ignore must be an array of tables ([[check.ignore]])");
  for (const toml::node& e : *arr) {
    const toml::table* t = e.as_table();
    if (!t) throw ConfigError(node_where(cfg, e) + ": each [[check.ignore]] entry must be a table");
    IgnoreEntry ie;
    bool has_path = false;
    for (const auto& [k, v] : *t) {
      if (k.str() != "rule" && k.str() != "path") {
        throw ConfigError(node_where(cfg, v) + ": unknown key check.ignore." + std::string(k.str()) +
                          " (known: rule, path)");
      }
      if (!v.is_string()) throw ConfigError(node_where(cfg, v) + ": check.ignore." + std::string(k.str()) + " must be a string");
      const std::string val = v.as_string()->get();
      if (k.str() == "rule") {
        if (val != "*" && !find_rule(val)) {
          throw ConfigError(node_where(cfg, v) + ": [[check.ignore]] rule '" + val +
                            "': no such rule (git migrate-check --rules lists them)");
        }
        ie.rule = val == "*" ? "" : val;
      } else {
        ie.path_glob = val;
        has_path = true;
      }
    }
    if (!has_path) ie.path_glob = "*";
    out.push_back(std::move(ie));
  }
  return out;
}

}  // namespace migrate::cmd::check
