#include "rewrite/definitions.h"

#include <string_view>

namespace migrate::rewrite {
namespace {

unsigned end_line_of(TSNode n) { return ts_node_end_point(n).row + 1; }

// Statements whose blocks belong to the enclosing scope: their definitions
// are defined at module or class level.
bool is_transparent_block(std::string_view t) {
  return t == "if_statement" || t == "elif_clause" || t == "else_clause" ||
         t == "try_statement" || t == "except_clause" || t == "except_group_clause" ||
         t == "finally_clause" || t == "with_statement" || t == "block";
}

void collect_target_names(const ParsedFile& f, TSNode target, std::vector<std::string>* out) {
  const std::string_view t = node_type(target);
  if (t == "identifier") {
    out->emplace_back(f.text(target));
  } else if (t == "pattern_list" || t == "tuple_pattern" || t == "list_pattern" ||
             t == "list_splat_pattern" || t == "parenthesized_expression") {
    for (TSNode c : named_children(target)) collect_target_names(f, c, out);
  }
  // attribute (`self.x = ...`) and subscript targets define nothing.
}

// Every plain name an assignment binds: `A = B = 1` binds A and B.
void assignment_names(const ParsedFile& f, TSNode assignment, std::vector<std::string>* out) {
  collect_target_names(f, field(assignment, "left"), out);
  TSNode right = field(assignment, "right");
  if (is_type(right, "assignment")) assignment_names(f, right, out);
}

class Walker {
 public:
  Walker(const ParsedFile& f, bool module_assignments) : f_(f), module_assignments_(module_assignments) {}

  // `prefix` is "" at module level, "Outer.Inner." inside classes.
  void walk_body(TSNode container, const std::string& prefix) {
    for (TSNode stmt : named_children(container)) walk_statement(stmt, stmt, prefix);
  }

  std::vector<Definition> take() { return std::move(out_); }

 private:
  // `outer` is the node whose span is reported (the decorated_definition for
  // decorated functions and classes).
  void walk_statement(TSNode stmt, TSNode outer, const std::string& prefix) {
    const std::string_view t = node_type(stmt);
    const bool at_module = prefix.empty();
    if (t == "decorated_definition") {
      walk_statement(field(stmt, "definition"), stmt, prefix);
    } else if (t == "function_definition") {
      if (!module_assignments_) add(prefix + std::string(f_.text(field(stmt, "name"))), Definition::Kind::kFunction, outer);
    } else if (t == "class_definition") {
      const std::string name = prefix + std::string(f_.text(field(stmt, "name")));
      if (!module_assignments_) add(name, Definition::Kind::kClass, outer);
      if (!module_assignments_) walk_body(field(stmt, "body"), name + ".");
    } else if (t == "expression_statement") {
      if (module_assignments_ != at_module) return;
      for (TSNode c : named_children(stmt)) {
        if (!is_type(c, "assignment")) continue;
        std::vector<std::string> names;
        assignment_names(f_, c, &names);
        for (const std::string& n : names) add(prefix + n, Definition::Kind::kAssignment, stmt);
      }
    } else if (is_transparent_block(t)) {
      for (TSNode c : named_children(stmt)) {
        if (is_type(c, "block")) walk_body(c, prefix);
        else if (is_transparent_block(node_type(c))) walk_statement(c, c, prefix);
      }
    }
  }

  void add(std::string qualname, Definition::Kind kind, TSNode span) {
    out_.push_back(Definition{std::move(qualname), kind, line_of(span), end_line_of(span)});
  }

  const ParsedFile& f_;
  bool module_assignments_;
  std::vector<Definition> out_;
};

}  // namespace

const char* definition_kind_name(Definition::Kind k) {
  switch (k) {
    case Definition::Kind::kFunction: return "function";
    case Definition::Kind::kClass: return "class";
    case Definition::Kind::kAssignment: return "assignment";
  }
  return "?";
}

std::vector<Definition> extract_definitions(const ParsedFile& file) {
  Walker w(file, /*module_assignments=*/false);
  w.walk_body(file.root(), "");
  return w.take();
}

std::vector<Definition> extract_module_assignments(const ParsedFile& file) {
  Walker w(file, /*module_assignments=*/true);
  w.walk_body(file.root(), "");
  return w.take();
}

std::map<std::pair<std::string, Definition::Kind>, int> count_definitions(
    const std::vector<Definition>& defs) {
  std::map<std::pair<std::string, Definition::Kind>, int> out;
  for (const Definition& d : defs) ++out[{d.qualname, d.kind}];
  return out;
}

}  // namespace migrate::rewrite
