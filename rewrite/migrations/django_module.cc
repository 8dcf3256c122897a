// Reading one Django migration module (parse_django_migration of django.h):
// its Migration class's dependencies, run_before, replaces and initial, as
// literals; what is not a literal (app, name) pair is counted.
#include "rewrite/migrations/django.h"
#include "rewrite/migrations/pyliteral.h"

namespace migrate::rewrite::migrations {

namespace {

bool is_swappable_call(const Literal& l) {
  if (!l.is_computed()) return false;
  const size_t paren = l.text.find('(');
  const std::string_view callee = std::string_view(l.text).substr(0, paren);
  return paren != std::string::npos &&
         (callee == "swappable_dependency" ||
          (callee.size() > 21 && callee.substr(callee.size() - 21) == ".swappable_dependency"));
}

// Reads a list of (app, name) pairs; what is not a literal pair is counted.
void read_refs(const char* list_name, const Literal& value, std::vector<DjangoRef>* out, DjangoModule* m) {
  out->clear();
  if (!value.is_sequence()) {
    ++m->computed;
    m->computed_entries.push_back(std::string(list_name) + ": " + value.text);
    return;
  }
  for (const Literal& item : value.items) {
    if (item.is_sequence() && item.items.size() == 2 && item.items[0].is_string() &&
        item.items[1].is_string()) {
      out->push_back({item.items[0].str, item.items[1].str, item.line});
      continue;
    }
    ++m->computed;
    m->computed_entries.push_back(std::string(list_name) + ": " + item.text);
    if (is_swappable_call(item)) ++m->swappable;
  }
}

}  // namespace

DjangoModule parse_django_migration(const ParsedFile& file) {
  DjangoModule m;
  const TSNode root = file.root();
  m.has_migration = binds_name(file, root, "Migration");
  if (file.has_error()) m.syntax_error_line = file.first_error_line();
  const TSNode cls = find_class(file, root, "Migration");
  if (ts_node_is_null(cls)) {
    if (m.has_migration) ++m.computed;  // imported: its lists cannot be read here
    return m;
  }
  m.class_found = true;
  m.class_line = line_of(cls);
  for (const Assignment& a : assignments_in(file, field(cls, "body"))) {
    std::vector<DjangoRef>* list = a.name == "dependencies" ? &m.dependencies
                                   : a.name == "run_before" ? &m.run_before
                                   : a.name == "replaces"   ? &m.replaces
                                                            : nullptr;
    if (list) {
      if (ts_node_is_null(a.value)) {
        ++m.computed;  // `dependencies += [...]`
        m.computed_entries.push_back(a.name + " += ...");
      } else {
        read_refs(a.name.c_str(), literal_of(file, a.value), list, &m);
      }
    } else if (a.name == "initial" && !ts_node_is_null(a.value)) {
      const Literal v = literal_of(file, a.value);
      if (v.kind == Literal::Kind::kBool) m.initial = v.boolean;
    }
  }
  return m;
}

}  // namespace migrate::rewrite::migrations
