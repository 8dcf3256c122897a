// What Django's conventions say in one parsed Python file, as git-migrate-check's
// django-* rules read it (docs/workflow.md, traps 2 and 3): AppConfig classes
// and the app each configures, string references to an AppConfig class, the
// target of a relation field, and how a package's __init__.py exports a name.
// The rules decide what is a finding; this file only reads the syntax.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rewrite/pyparse.h"

namespace migrate::rewrite {

// An AppConfig class, or a string naming one, in walk order of the file.
struct AppConfigMention {
  enum class Kind {
    kClass,      // class X(AppConfig) or class X(django.apps.AppConfig)
    kReference,  // a string literal "...apps.<Name>Config" whose class name has an underscore
  };
  Kind kind = Kind::kClass;
  std::string class_name;
  // kClass: the app the class configures: its `label`, else the last
  // meaningful segment of its `name`, else of the file's folder (generic
  // trailing packages, "backend", "apps", "app", skipped); may be empty.
  std::string app;
  unsigned line = 0;  // 1-based
};
// `path`: the file's repository-relative path (for the folder fallback).
std::vector<AppConfigMention> appconfig_mentions(const ParsedFile& f, std::string_view path);

// A ForeignKey / OneToOneField / ManyToManyField call whose target (the
// `to=` keyword, else the first positional argument) is a string literal
// without an app label: not dotted, not "self", not empty.
struct UnqualifiedRelation {
  std::string field_type;  // "ForeignKey", ...
  std::string target;      // "User"
  unsigned line = 0;       // of the target
};
std::vector<UnqualifiedRelation> unqualified_relations(const ParsedFile& f);

// How a package's __init__.py (parsed as `f`, the package `package` for
// relative imports) exports the name `name` that used to be defined in the
// module `old_module`.
struct NameExports {
  enum class How { kImportFrom, kAllEntry };
  struct Hit {
    How how;
    unsigned line = 0;
    std::string module;  // kImportFrom: the module imported from
  };
  std::vector<Hit> hits;          // `from <old_module> import name`, and `name` in __all__
  bool bound_elsewhere = false;  // `name` is also imported from another module
};
NameExports exports_of(const ParsedFile& f, std::string_view name, std::string_view old_module,
                       const std::optional<std::string>& package);

}  // namespace migrate::rewrite
