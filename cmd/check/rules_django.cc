// Django conventions the manual workflow (docs/workflow.md, traps 2 and 3)
// asks a person to check by hand after the script ran: the AppConfig class
// name (.title() makes Error_TrackingConfig), ForeignKey targets without an
// app label, and moved models still exported from posthog/models/__init__.py.
#include <algorithm>
#include <cctype>
#include <set>

#include <re2/re2.h>

#include "cmd/check/definitions_audit.h"
#include "cmd/check/rule_ids.h"
#include "cmd/check/rules.h"
#include "common/quote.h"
#include "rewrite/moves.h"
#include "rewrite/settings_edit.h"

namespace migrate::cmd::check {
namespace {

using rewrite::Finding;
using rewrite::ParsedFile;
using rewrite::Severity;
using rewrite::field;
using rewrite::is_type;
using rewrite::named_children;
using rewrite::pascal_case;
using rewrite::string_value;
using rewrite::walk_named;

std::string fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Generic trailing package names that are not the app ("products.x.backend").
bool generic_component(std::string_view s) { return s == "backend" || s == "apps" || s == "app"; }

std::string last_meaningful(const std::vector<std::string>& parts) {
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!it->empty() && !generic_component(*it)) return *it;
  }
  return "";
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    const auto next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) return out;
    pos = next + 1;
  }
}

// The app an AppConfig class configures: its `label`, else the meaningful
// end of its `name`, else of its folder.
std::string app_of(const ParsedFile& f, TSNode cls, const std::string& path) {
  std::string label, name;
  TSNode body = field(cls, "body");
  for (TSNode stmt : named_children(body)) {
    if (!is_type(stmt, "expression_statement")) continue;
    for (TSNode a : named_children(stmt)) {
      if (!is_type(a, "assignment")) continue;
      TSNode left = field(a, "left"), right = field(a, "right");
      if (!is_type(left, "identifier")) continue;
      auto v = string_value(f, right);
      if (!v) continue;
      if (f.text(left) == "label") label = *v;
      if (f.text(left) == "name") name = *v;
    }
  }
  if (!label.empty()) return label;
  if (!name.empty()) return last_meaningful(split(name, '.'));
  std::vector<std::string> dirs = split(path, '/');
  dirs.pop_back();
  return last_meaningful(dirs);
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

bool is_appconfig_class(const ParsedFile& f, TSNode cls) {
  TSNode bases = field(cls, "superclasses");
  if (ts_node_is_null(bases)) return false;
  for (TSNode b : named_children(bases)) {
    const std::string_view t = f.text(b);
    if (t == "AppConfig" || (t.size() > 10 && t.substr(t.size() - 10) == ".AppConfig")) return true;
  }
  return false;
}

// 6. django-appconfig-name
void run_appconfig_name(const AuditContext& ctx, std::vector<Finding>& out) {
  static const RE2 kAppsRef(R"((?:^|\.)apps\.([A-Za-z0-9_]*_[A-Za-z0-9_]*Config)$)");
  // Only files that can hold a finding are parsed: a class whose base is
  // spelled AppConfig, or a string naming "...apps.<Name>Config".
  const std::vector<std::string> paths = changed_mentioning(ctx, {"AppConfig", "apps."});
  ctx.parse_ahead(AuditContext::Side::kEnd, paths);
  for (const std::string& path : paths) {
    const ParsedFile* f = ctx.parsed_end(path);
    walk_named(f->root(), [&](TSNode n) {
      if (is_type(n, "class_definition") && is_appconfig_class(*f, n)) {
        const std::string cls(f->text(field(n, "name")));
        const std::string app = app_of(*f, n, path);
        if (app.empty()) return true;
        const std::string expected = pascal_case(app) + "Config";
        if (cls.find('_') != std::string::npos || fold(cls) != fold(expected)) {
          const std::string suggestion = fold(cls) == fold(expected) ? pascal_case(cls) : expected;
          out.push_back({rule_id::kDjangoAppconfigName, Severity::kWarning, path, rewrite::line_of(n),
                         "AppConfig class " + cls + " of app " + app + " should be named " + suggestion +
                             " (PascalCase, no underscores)",
                         ""});
        }
        return true;
      }
      if (is_type(n, "string")) {
        // A reference to such a class, as in INSTALLED_APPS.
        std::string cls;
        if (auto v = string_value(*f, n); v && RE2::PartialMatch(*v, kAppsRef, &cls)) {
          out.push_back({rule_id::kDjangoAppconfigName, Severity::kWarning, path, rewrite::line_of(n),
                         "names the AppConfig class " + cls + "; the class should be " + pascal_case(cls) +
                             " (PascalCase, no underscores)",
                         ""});
        }
        return false;
      }
      return true;
    });
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
    const ParsedFile* f = ctx.parsed_end(path);
    walk_named(f->root(), [&](TSNode n) {
      if (!is_type(n, "call")) return true;
      TSNode fn = field(n, "function");
      std::string_view callee = f->text(fn);
      if (is_type(fn, "attribute")) callee = f->text(field(fn, "attribute"));
      else if (!is_type(fn, "identifier")) return true;
      if (callee != "ForeignKey" && callee != "OneToOneField" && callee != "ManyToManyField") return true;
      TSNode target{};
      bool have = false;
      for (TSNode a : named_children(field(n, "arguments"))) {
        if (is_type(a, "keyword_argument")) {
          if (f->text(field(a, "name")) == "to") { target = field(a, "value"); have = true; }
        } else if (!have && !is_type(a, "comment")) {
          target = a;
          have = true;
        }
        if (have) break;
      }
      if (!have) return true;
      auto v = string_value(*f, target);
      if (!v || v->empty() || v->find('.') != std::string::npos || *v == "self") return true;
      out.push_back({rule_id::kDjangoFkUnqualified, Severity::kWarning, path, rewrite::line_of(target),
                     std::string(callee) + " target \"" + *v +
                         "\" has no app label; Django resolves it against the declaring app, which breaks "
                         "when models move: write \"<app_label>." + *v + "\"",
                     ""});
      return true;
    });
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
      bool bound_elsewhere = false;
      std::vector<std::pair<unsigned, std::string>> hits;  // line, how
      walk_named(f->root(), [&](TSNode n) {
        if (is_type(n, "import_from_statement")) {
          auto module = rewrite::from_import_module(*f, field(n, "module_name"), package);
          for (TSNode name : rewrite::children_by_field(n, "name")) {
            TSNode id = is_type(name, "aliased_import") ? field(name, "name") : name;
            if (f->text(id) != g.qualname) continue;
            if (module && (*module == old_module)) {
              hits.push_back({rewrite::line_of(n), "imports " + g.qualname + " from " + *module});
            } else {
              bound_elsewhere = true;
            }
          }
          return false;
        }
        if (is_type(n, "function_definition") || is_type(n, "class_definition")) return false;
        if (is_type(n, "assignment") && f->text(field(n, "left")) == "__all__") {
          walk_named(field(n, "right"), [&](TSNode s) {
            if (is_type(s, "string") && string_value(*f, s) == g.qualname) {
              hits.push_back({rewrite::line_of(s), "lists " + g.qualname + " in __all__"});
            }
            return !is_type(s, "string");
          });
          return false;
        }
        return true;
      });
      for (const auto& [line, how] : hits) {
        if (bound_elsewhere && how.rfind("lists", 0) == 0) continue;
        if (!reported.insert({init, line, g.qualname}).second) continue;
        out.push_back({rule_id::kDjangoStaleExport, Severity::kWarning, init, line,
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
