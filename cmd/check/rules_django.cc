// Django conventions the manual workflow (docs/workflow.md, traps 2 and 3)
// asks a person to check by hand after the script ran: the AppConfig class
// name (.title() makes Error_TrackingConfig), ForeignKey targets without an
// app label, and moved models still exported from posthog/models/__init__.py.
#include <algorithm>
#include <cctype>
#include <set>

#include "cmd/check/definitions_audit.h"
#include "cmd/check/rule_ids.h"
#include "cmd/check/rules.h"
#include "common/quote.h"
#include "rewrite/django_source.h"
#include "rewrite/modules.h"
#include "rewrite/settings_edit.h"

namespace migrate::cmd::check {
namespace {

using rewrite::Finding;
using rewrite::ParsedFile;
using rewrite::Severity;
using rewrite::pascal_case;

std::string fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Changed Python files whose final text contains one of `words`.
std::vector<std::string> changed_mentioning(const AuditContext& ctx, std::initializer_list<std::string_view> words) {
  std::vector<std::string> out;
  for (const std::string& path : ctx.changed_python_end()) {
    const std::string* src = ctx.source(AuditContext::Side::kEnd, path);
    for (std::string_view w : words) {
      if (src && src->find(w) != std::string::npos) { out.push_back(path); break; }
    }
  }
  return out;
}

// 6. django-appconfig-name
void run_appconfig_name(const AuditContext& ctx, std::vector<Finding>& out) {
  // Only files that can hold a finding are parsed: a class whose base is
  // spelled AppConfig, or a string naming "...apps.<Name>Config".
  const std::vector<std::string> paths = changed_mentioning(ctx, {"AppConfig", "apps."});
  ctx.parse_ahead(AuditContext::Side::kEnd, paths);
  for (const std::string& path : paths) {
    for (const rewrite::AppConfigMention& m : rewrite::appconfig_mentions(*ctx.parsed_end(path), path)) {
      if (m.kind == rewrite::AppConfigMention::Kind::kReference) {
        // A reference to such a class, as in INSTALLED_APPS.
        out.push_back({rule_id::kDjangoAppconfigName, Severity::kWarning, path, m.line,
                       "names the AppConfig class " + m.class_name + "; the class should be " +
                           pascal_case(m.class_name) + " (PascalCase, no underscores)",
                       ""});
        continue;
      }
      if (m.app.empty()) continue;
      const std::string& cls = m.class_name;
      const std::string expected = pascal_case(m.app) + "Config";
      if (cls.find('_') != std::string::npos || fold(cls) != fold(expected)) {
        const std::string suggestion = fold(cls) == fold(expected) ? pascal_case(cls) : expected;
        out.push_back({rule_id::kDjangoAppconfigName, Severity::kWarning, path, m.line,
                       "AppConfig class " + cls + " of app " + m.app + " should be named " + suggestion +
                           " (PascalCase, no underscores)",
                       ""});
      }
    }
  }
}

bool is_models_file(const std::string& path) {
  return path == "models.py" || (path.size() > 10 && path.compare(path.size() - 10, 10, "/models.py") == 0) ||
         path.rfind("models/", 0) == 0 || path.find("/models/") != std::string::npos;
}

// 7. django-fk-unqualified
void run_fk_unqualified(const AuditContext& ctx, std::vector<Finding>& out) {
  std::vector<std::string> paths = changed_mentioning(ctx, {"ForeignKey", "OneToOneField", "ManyToManyField"});
  std::erase_if(paths, [](const std::string& p) { return !is_models_file(p); });
  ctx.parse_ahead(AuditContext::Side::kEnd, paths);
  for (const std::string& path : paths) {
    for (const rewrite::UnqualifiedRelation& r : rewrite::unqualified_relations(*ctx.parsed_end(path))) {
      out.push_back({rule_id::kDjangoFkUnqualified, Severity::kWarning, path, r.line,
                     r.field_type + " target \"" + r.target +
                         "\" has no app label; Django resolves it against the declaring app, which breaks "
                         "when models move: write \"<app_label>." + r.target + "\"",
                     ""});
    }
  }
}

// 8. django-stale-export
void run_stale_export(const AuditContext& ctx, std::vector<Finding>& out) {
  std::set<std::tuple<std::string, unsigned, std::string>> reported;
  for (const DefinitionFate& g : definition_fates(ctx)) {
    if (!g.moved || g.kind != rewrite::Definition::Kind::kClass || g.qualname.find('.') != std::string::npos) continue;
    if (!is_models_file(g.old_path)) continue;
    const std::string old_module = ctx.import_roots().module_of(g.old_path).value_or("");
    // The packages above the old file, nearest first, as long as they are
    // packages at the end of the range.
    gitops::RepoPath dir = gitops::RepoPath::parse(g.old_path)->parent();
    if (gitops::RepoPath::parse(g.old_path)->filename() == "__init__.py") dir = dir.parent();
    for (; !dir.empty(); dir = dir.parent()) {
      const std::string init = dir.join("__init__.py").str();
      const ParsedFile* f = ctx.parse_at(ctx.end_tree(), init);
      if (!f) break;
      const std::optional<std::string> package = ctx.import_roots().package_of(init);
      const rewrite::NameExports exports = rewrite::exports_of(*f, g.qualname, old_module, package);
      for (const rewrite::NameExports::Hit& hit : exports.hits) {
        const bool listed = hit.how == rewrite::NameExports::How::kAllEntry;
        if (exports.bound_elsewhere && listed) continue;
        if (!reported.insert({init, hit.line, g.qualname}).second) continue;
        const std::string how =
            listed ? "lists " + g.qualname + " in __all__" : "imports " + g.qualname + " from " + hit.module;
        out.push_back({rule_id::kDjangoStaleExport, Severity::kWarning, init, hit.line,
                       how + ", but the model moved to " + quote_path(g.new_path) + ":" + std::to_string(g.new_line) +
                           "; remove the export from " + quote_path(init),
                       ""});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.path != b.path ? a.path < b.path : a.line < b.line;
  });
}

}  // namespace

std::vector<Rule> django_rules() {
  return {
      {{rule_id::kDjangoAppconfigName, Severity::kWarning,
        "an AppConfig class (or a reference to one) is not the PascalCase form of its app (Error_TrackingConfig)"},
       &run_appconfig_name},
      {{rule_id::kDjangoFkUnqualified, Severity::kWarning,
        "a ForeignKey, OneToOneField or ManyToManyField in a changed models file names its target without "
        "an app label (\"User\" instead of \"posthog.User\")"},
       &run_fk_unqualified},
      {{rule_id::kDjangoStaleExport, Severity::kWarning,
        "a moved model is still exported from its old package's __init__.py"},
       &run_stale_export},
  };
}

}  // namespace migrate::cmd::check
