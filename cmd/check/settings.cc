#include "cmd/check/settings.h"

#include <re2/re2.h>

#include "cmd/check/rules.h"
#include "common/settings.h"

namespace migrate::cmd::check {
namespace {

std::string node_where(const Config& cfg, const toml::node& n) {
  const auto& src = n.source();
  std::string file = std::string(Config::kFileName);
  return file + ":" + std::to_string(src.begin.line);
}

}  // namespace

CheckSettings resolve_settings(const Options& opts, const Config& cfg) {
  const SettingResolver r(cfg);
  CheckSettings s;
  s.worktree = opts.worktree;
  s.exclude = r.excludes(opts.exclude);
  s.deletion_threshold = r.deletion_threshold(opts.deletion_threshold);
  s.artifact_patterns = r.strings("check.artifact_patterns", opts.artifact_patterns);
  for (const std::string& p : s.artifact_patterns) {
    RE2 re(p, RE2::Quiet);
    if (!re.ok()) {
      throw ConfigError(r.origin("check.artifact_patterns", !opts.artifact_patterns.empty(), "--artifact-pattern") +
                        ": artifact pattern '" + p + "' is not a valid RE2 expression: " + re.error());
    }
  }
  s.moves_path = r.string("moves", opts.moves);
  s.baseline = r.string("baseline", opts.baseline);
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
