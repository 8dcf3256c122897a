#include "rewrite/migrations/pyliteral.h"

namespace migrate::rewrite::migrations {
namespace {

// Decodes the escapes that can occur in identifiers and migration names; any
// other escape is kept as written (it cannot match a real name anyway).
std::string decode_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) { out += s[i]; continue; }
    const char c = s[++i];
    switch (c) {
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '\n': break;  // line continuation
      default: out += '\\'; out += c; break;
    }
  }
  return out;
}

Literal computed(const ParsedFile& file, TSNode n) {
  Literal l;
  l.kind = Literal::Kind::kComputed;
  l.line = line_of(n);
  l.text = std::string(file.text(n));
  return l;
}

// One `string` node: nullopt for bytes and f-strings with interpolations.
bool string_value(const ParsedFile& file, TSNode n, std::string* out) {
  bool raw = false;
  const uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_child(n, i);
    const std::string_view type = node_type(c);
    if (type == "string_start") {
      for (char ch : file.text(c)) {
        if (ch == 'b' || ch == 'B') return false;
        if (ch == 'r' || ch == 'R') raw = true;
      }
    } else if (type == "string_content") {
      const std::string_view t = file.text(c);
      *out += raw ? std::string(t) : decode_escapes(t);
    } else if (type == "interpolation") {
      return false;
    }
  }
  return true;
}

}  // namespace

Literal literal_of(const ParsedFile& file, TSNode n) {
  while (is_type(n, "parenthesized_expression") && ts_node_named_child_count(n) == 1) {
    n = ts_node_named_child(n, 0);
  }
  if (ts_node_is_null(n)) return Literal{};
  const std::string_view type = node_type(n);
  Literal l;
  l.line = line_of(n);
  if (type == "none") {
    l.kind = Literal::Kind::kNone;
  } else if (type == "true" || type == "false") {
    l.kind = Literal::Kind::kBool;
    l.boolean = type == "true";
  } else if (type == "string") {
    if (!string_value(file, n, &l.str)) return computed(file, n);
    l.kind = Literal::Kind::kString;
  } else if (type == "concatenated_string") {
    for (TSNode part : named_children(n)) {
      if (!is_type(part, "string") || !string_value(file, part, &l.str)) return computed(file, n);
    }
    l.kind = Literal::Kind::kString;
  } else if (type == "tuple" || type == "list" || type == "set") {
    l.kind = Literal::Kind::kSequence;
    for (TSNode item : named_children(n)) {
      if (is_type(item, "comment")) continue;
      l.items.push_back(literal_of(file, item));
    }
  } else {
    return computed(file, n);
  }
  return l;
}

std::vector<Assignment> assignments_in(const ParsedFile& file, TSNode block) {
  std::vector<Assignment> out;
  for (TSNode stmt : named_children(block)) {
    if (!is_type(stmt, "expression_statement")) continue;
    for (TSNode expr : named_children(stmt)) {
      if (is_type(expr, "augmented_assignment")) {
        TSNode left = field(expr, "left");
        if (is_type(left, "identifier")) {
          out.push_back({std::string(file.text(left)), TSNode{}, line_of(expr), true});
        }
        continue;
      }
      // a = b = value: collect the names down the chain, then the value.
      std::vector<std::string> names;
      TSNode cur = expr;
      while (is_type(cur, "assignment")) {
        TSNode left = field(cur, "left");
        if (is_type(left, "identifier")) names.emplace_back(file.text(left));
        TSNode right = field(cur, "right");
        if (ts_node_is_null(right)) { cur = TSNode{}; break; }
        cur = right;
      }
      for (auto& name : names) out.push_back({std::move(name), cur, line_of(expr), false});
    }
  }
  return out;
}

namespace {

TSNode definition_of(TSNode stmt) {
  if (is_type(stmt, "decorated_definition")) return field(stmt, "definition");
  return stmt;
}

TSNode find_definition(const ParsedFile& file, TSNode block, std::string_view type,
                       std::string_view name) {
  TSNode found{};
  for (TSNode stmt : named_children(block)) {
    TSNode def = definition_of(stmt);
    if (is_type(def, type) && file.text(field(def, "name")) == name) found = def;
  }
  return found;
}

bool import_binds(const ParsedFile& file, TSNode stmt, std::string_view name) {
  for (TSNode c : named_children(stmt)) {
    if (is_type(c, "wildcard_import")) return true;
  }
  for (TSNode imported : children_by_field(stmt, "name")) {
    if (is_type(imported, "aliased_import")) {
      if (file.text(field(imported, "alias")) == name) return true;
    } else if (is_type(imported, "dotted_name")) {
      // `import a.b` binds `a`; `from m import name` binds `name`.
      TSNode first = ts_node_named_child(imported, 0);
      if (file.text(is_type(stmt, "import_statement") ? first : imported) == name) return true;
    }
  }
  return false;
}

}  // namespace

TSNode find_class(const ParsedFile& file, TSNode block, std::string_view name) {
  return find_definition(file, block, "class_definition", name);
}

TSNode find_function(const ParsedFile& file, TSNode block, std::string_view name) {
  return find_definition(file, block, "function_definition", name);
}

bool binds_name(const ParsedFile& file, TSNode block, std::string_view name) {
  for (TSNode stmt : named_children(block)) {
    TSNode def = definition_of(stmt);
    const std::string_view type = node_type(stmt);
    if ((is_type(def, "class_definition") || is_type(def, "function_definition")) &&
        file.text(field(def, "name")) == name) {
      return true;
    }
    if (type == "import_statement" || type == "import_from_statement") {
      if (import_binds(file, stmt, name)) return true;
      continue;
    }
    if (type == "expression_statement") {
      for (TSNode expr : named_children(stmt)) {
        for (TSNode cur = expr; is_type(cur, "assignment"); cur = field(cur, "right")) {
          if (file.text(field(cur, "left")) == name && !ts_node_is_null(field(cur, "right"))) return true;
        }
      }
      continue;
    }
    // Definitions guarded by if/try/with at module level still bind the name.
    if (type == "if_statement" || type == "try_statement" || type == "with_statement") {
      for (TSNode part : named_children(stmt)) {
        if (is_type(part, "block") && binds_name(file, part, name)) return true;
        for (TSNode sub : named_children(part)) {
          if (is_type(sub, "block") && binds_name(file, sub, name)) return true;
        }
      }
    }
  }
  return false;
}

}  // namespace migrate::rewrite::migrations
