// Reading one Alembic revision file (parse_alembic_revision of alembic.h):
// its revision, down_revision, branch_labels and depends_on as literals,
// whether upgrade() does anything, and its foreign keys without ondelete=.
#include <algorithm>

#include "rewrite/migrations/alembic.h"
#include "rewrite/migrations/pyliteral.h"
#include "rewrite/migrations/util.h"

namespace migrate::rewrite::migrations {

namespace {

// None, a string, or a tuple/list/set of strings.
void read_ids(const Literal& value, std::vector<AlembicRef>* out, unsigned* computed, bool* all_literal) {
  out->clear();
  *all_literal = true;
  if (value.is_none()) return;
  if (value.is_string()) {
    out->push_back({value.str, value.line});
    return;
  }
  if (!value.is_sequence()) {
    ++*computed;
    *all_literal = false;
    return;
  }
  for (const Literal& item : value.items) {
    if (item.is_string()) {
      out->push_back({item.str, item.line});
    } else {
      ++*computed;
      *all_literal = false;
    }
  }
}

bool is_noop_statement(TSNode stmt) {
  if (is_type(stmt, "pass_statement") || is_type(stmt, "comment")) return true;
  if (!is_type(stmt, "expression_statement") || ts_node_named_child_count(stmt) != 1) return false;
  TSNode expr = ts_node_named_child(stmt, 0);
  return is_type(expr, "string") || is_type(expr, "concatenated_string") || is_type(expr, "ellipsis");
}

bool has_ondelete(const ParsedFile& file, TSNode call) {
  TSNode args = field(call, "arguments");
  for (TSNode arg : named_children(args)) {
    if (is_type(arg, "dictionary_splat")) return true;  // **kwargs may carry it
    if (is_type(arg, "keyword_argument") && file.text(field(arg, "name")) == "ondelete") return true;
  }
  return false;
}

// Foreign keys without ondelete= anywhere in the module except downgrade(),
// which restores what upgrade() removed.
void find_foreign_keys(const ParsedFile& file, TSNode root, TSNode skip, AlembicModule* m) {
  std::vector<TSNode> stack{root};
  while (!stack.empty()) {
    const TSNode n = stack.back();
    stack.pop_back();
    if (!ts_node_is_null(skip) && ts_node_eq(n, skip)) continue;
    if (is_type(n, "call")) {
      TSNode fn = field(n, "function");
      if (is_type(fn, "attribute") || is_type(fn, "identifier")) {
        const std::string_view callee = file.text(fn);
        const std::string_view name = last_segment(callee);
        if ((name == "ForeignKey" || name == "ForeignKeyConstraint" || name == "create_foreign_key") &&
            !has_ondelete(file, n)) {
          m->fks_without_ondelete.push_back({line_of(n), std::string(callee)});
        }
      }
    }
    const uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) stack.push_back(ts_node_named_child(n, i));
  }
}

}  // namespace

AlembicModule parse_alembic_revision(const ParsedFile& file) {
  AlembicModule m;
  const TSNode root = file.root();
  if (file.has_error()) m.syntax_error_line = file.first_error_line();
  for (const Assignment& a : assignments_in(file, root)) {
    const bool has_value = !ts_node_is_null(a.value);
    if (a.name == "revision") {
      m.revision_line = a.line;
      m.revision.reset();
      if (has_value) {
        const Literal v = literal_of(file, a.value);
        if (v.is_string()) m.revision = v.str;
      }
    } else if (a.name == "down_revision") {
      if (!has_value && !a.augmented) continue;  // `down_revision: str` binds nothing
      m.down_assigned = true;
      m.down_line = a.line;
      bool literal = false;
      if (has_value) {
        read_ids(literal_of(file, a.value), &m.down_revisions, &m.computed, &literal);
        // Alembic (Revision.__init__, tuple_rev_as_scalar) keeps a falsy
        // down_revision as None: "" and () are bases like None. ("",) is
        // not falsy and stays a reference to a revision named "".
        if (literal && m.down_revisions.size() == 1 && m.down_revisions[0].id.empty() &&
            literal_of(file, a.value).is_string()) {
          m.down_revisions.clear();
        }
      } else {
        ++m.computed;
      }
      m.down_computed = !literal;
    } else if (a.name == "branch_labels" && has_value) {
      std::vector<AlembicRef> labels;
      bool literal = false;
      read_ids(literal_of(file, a.value), &labels, &m.computed, &literal);
      m.labels_computed = !literal;
      m.branch_labels.clear();
      for (auto& l : labels) m.branch_labels.push_back(std::move(l.id));
    } else if (a.name == "depends_on" && has_value) {
      bool literal = false;
      read_ids(literal_of(file, a.value), &m.depends_on, &m.computed, &literal);
      // Script passes to_tuple(depends_on) through tuple_rev_as_scalar: ""
      // and ("",) become "", which names no dependency.
      if (m.depends_on.size() == 1 && m.depends_on[0].id.empty()) m.depends_on.clear();
    }
  }
  const TSNode upgrade = find_function(file, root, "upgrade");
  if (!ts_node_is_null(upgrade)) {
    m.upgrade_line = line_of(upgrade);
    const auto body = named_children(field(upgrade, "body"));
    m.upgrade_empty = std::all_of(body.begin(), body.end(), is_noop_statement);
  }
  const std::string& src = file.source();
  if (src.find("ForeignKey") != std::string::npos || src.find("create_foreign_key") != std::string::npos) {
    find_foreign_keys(file, root, find_function(file, root, "downgrade"), &m);
  }
  return m;
}

}  // namespace migrate::rewrite::migrations
