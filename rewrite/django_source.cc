#include "rewrite/django_source.h"

#include <re2/re2.h>

#include "rewrite/modules.h"

namespace migrate::rewrite {
namespace {

// Generic trailing package names that are not the app ("products.x.backend").
bool generic_component(std::string_view s) { return s == "backend" || s == "apps" || s == "app"; }

// The last segment of `s`, cut at `sep`, that is neither empty nor generic.
std::string last_meaningful(std::string_view s, char sep) {
  for (;;) {
    const std::size_t cut = s.rfind(sep);
    const std::string_view seg = cut == std::string_view::npos ? s : s.substr(cut + 1);
    if (!seg.empty() && !generic_component(seg)) return std::string(seg);
    if (cut == std::string_view::npos) return "";
    s = s.substr(0, cut);
  }
}

bool is_appconfig_class(const ParsedFile& f, TSNode cls) {
  TSNode bases = field(cls, "superclasses");
  if (ts_node_is_null(bases)) return false;
  for (TSNode b : named_children(bases)) {
    const std::string_view t = f.text(b);
    if (t == "AppConfig" || t.ends_with(".AppConfig")) return true;
  }
  return false;
}

std::string app_of(const ParsedFile& f, TSNode cls, std::string_view path) {
  std::string label, name;
  for (TSNode stmt : named_children(field(cls, "body"))) {
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
  if (!name.empty()) return last_meaningful(name, '.');
  const std::size_t slash = path.rfind('/');
  return last_meaningful(slash == std::string_view::npos ? std::string_view() : path.substr(0, slash), '/');
}

}  // namespace

std::vector<AppConfigMention> appconfig_mentions(const ParsedFile& f, std::string_view path) {
  static const RE2 kAppsRef(R"((?:^|\.)apps\.([A-Za-z0-9_]*_[A-Za-z0-9_]*Config)$)");
  std::vector<AppConfigMention> out;
  walk_named(f.root(), [&](TSNode n) {
    if (is_type(n, "class_definition") && is_appconfig_class(f, n)) {
      out.push_back({AppConfigMention::Kind::kClass, std::string(f.text(field(n, "name"))), app_of(f, n, path),
                     line_of(n)});
      return true;
    }
    if (is_type(n, "string")) {
      std::string cls;
      if (auto v = string_value(f, n); v && RE2::PartialMatch(*v, kAppsRef, &cls)) {
        out.push_back({AppConfigMention::Kind::kReference, cls, "", line_of(n)});
      }
      return false;
    }
    return true;
  });
  return out;
}

std::vector<UnqualifiedRelation> unqualified_relations(const ParsedFile& f) {
  std::vector<UnqualifiedRelation> out;
  walk_named(f.root(), [&](TSNode n) {
    if (!is_type(n, "call")) return true;
    TSNode fn = field(n, "function");
    std::string_view callee = f.text(fn);
    if (is_type(fn, "attribute")) callee = f.text(field(fn, "attribute"));
    else if (!is_type(fn, "identifier")) return true;
    if (callee != "ForeignKey" && callee != "OneToOneField" && callee != "ManyToManyField") return true;
    TSNode target{};
    bool have = false;
    for (TSNode a : named_children(field(n, "arguments"))) {
      if (is_type(a, "keyword_argument")) {
        if (f.text(field(a, "name")) == "to") { target = field(a, "value"); have = true; }
      } else if (!have && !is_type(a, "comment")) {
        target = a;
        have = true;
      }
      if (have) break;
    }
    if (!have) return true;
    auto v = string_value(f, target);
    if (!v || v->empty() || v->find('.') != std::string::npos || *v == "self") return true;
    out.push_back({std::string(callee), *v, line_of(target)});
    return true;
  });
  return out;
}

NameExports exports_of(const ParsedFile& f, std::string_view name, std::string_view old_module,
                       const std::optional<std::string>& package) {
  NameExports out;
  walk_named(f.root(), [&](TSNode n) {
    if (is_type(n, "import_from_statement")) {
      auto module = from_import_module(f, field(n, "module_name"), package);
      for (TSNode imported : children_by_field(n, "name")) {
        TSNode id = is_type(imported, "aliased_import") ? field(imported, "name") : imported;
        if (f.text(id) != name) continue;
        if (module && *module == old_module) {
          out.hits.push_back({NameExports::How::kImportFrom, line_of(n), *module});
        } else {
          out.bound_elsewhere = true;
        }
      }
      return false;
    }
    if (is_type(n, "function_definition") || is_type(n, "class_definition")) return false;
    if (is_type(n, "assignment") && f.text(field(n, "left")) == "__all__") {
      walk_named(field(n, "right"), [&](TSNode s) {
        if (is_type(s, "string") && string_value(f, s) == name) {
          out.hits.push_back({NameExports::How::kAllEntry, line_of(s), ""});
        }
        return !is_type(s, "string");
      });
      return false;
    }
    return true;
  });
  return out;
}

}  // namespace migrate::rewrite
