// How a piece of migration work is told apart (operations_internal.h):
// token fingerprints of syntax and of SQL text (normalise_sql of
// operations.h), and what the readers resolve to get there -- a module's
// top-level names, the SQL an expression holds, the arguments of a call.
#include <algorithm>
#include <cctype>

#include "rewrite/migrations/operations.h"
#include "rewrite/migrations/operations_internal.h"
#include "rewrite/migrations/pyliteral.h"

namespace migrate::rewrite::migrations {
namespace {

// ---------------------------------------------------------------------------
// Fingerprints

// The leaf tokens of `node`: comments dropped, strings by value, a comma
// before a closing bracket dropped, zero-width tokens dropped.
void append_tokens(const ParsedFile& file, TSNode node, std::vector<std::string>* out) {
  std::vector<TSNode> stack{node};
  while (!stack.empty()) {
    const TSNode n = stack.back();
    stack.pop_back();
    const std::string_view type = node_type(n);
    if (type == "comment") continue;
    if (type == "string" || type == "concatenated_string") {
      const Literal l = literal_of(file, n);
      out->push_back(l.is_string() ? "s:" + l.str : std::string(file.text(n)));
      continue;
    }
    const uint32_t count = ts_node_child_count(n);
    if (count == 0) {
      std::string text(file.text(n));
      if (text.empty()) continue;
      if ((text == ")" || text == "]" || text == "}") && !out->empty() && out->back() == ",") out->pop_back();
      out->push_back(std::move(text));
      continue;
    }
    for (uint32_t i = count; i-- > 0;) stack.push_back(ts_node_child(n, i));
  }
}

std::string join_tokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& t : tokens) {
    out += t;
    out += kSep;
  }
  return out;
}

bool is_docstring(TSNode stmt) {
  if (!is_type(stmt, "expression_statement") || ts_node_named_child_count(stmt) != 1) return false;
  const TSNode e = ts_node_named_child(stmt, 0);
  return is_type(e, "string") || is_type(e, "concatenated_string");
}

}  // namespace

std::string fingerprint_of(const ParsedFile& file, TSNode node) {
  std::vector<std::string> tokens;
  append_tokens(file, node, &tokens);
  return join_tokens(tokens);
}

// A function's parameters and body without its name and docstring.
std::string function_fingerprint(const ParsedFile& file, TSNode def) {
  std::vector<std::string> tokens{"def"};
  append_tokens(file, field(def, "parameters"), &tokens);
  const auto body = named_children(field(def, "body"));
  for (size_t i = 0; i < body.size(); ++i) {
    if (i == 0 && is_docstring(body[i])) continue;
    append_tokens(file, body[i], &tokens);
  }
  return join_tokens(tokens);
}

std::string sql_summary(std::string_view sql, size_t max) {
  std::string out;
  bool space = false;
  for (const char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > max) {
    out.resize(max);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "...";
  }
  return out;
}

std::string first_line(std::string_view text, size_t max) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (!line.empty()) {
      std::string out(line.substr(0, max));
      if (line.size() > max) out += "...";
      return out;
    }
    start = end + 1;
  }
  return "";
}

// ---------------------------------------------------------------------------
// Module-level names: functions, string constants, imports

namespace {

std::string module_name_text(const ParsedFile& file, TSNode n) {
  std::string s;
  for (char c : file.text(n)) {
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  }
  return s;
}

}  // namespace

ModuleNames module_names(const ParsedFile& file) {
  ModuleNames names;
  const TSNode root = file.root();
  for (TSNode stmt : named_children(root)) {
    TSNode s = stmt;
    if (is_type(s, "decorated_definition")) s = field(s, "definition");
    if (is_type(s, "function_definition")) {
      names.functions[std::string(file.text(field(s, "name")))] = s;
    } else if (is_type(s, "import_from_statement")) {
      const std::string module = module_name_text(file, field(s, "module_name"));
      for (TSNode n : children_by_field(s, "name")) {
        if (is_type(n, "aliased_import")) {
          names.imported[std::string(file.text(field(n, "alias")))] = {module,
                                                                       std::string(file.text(field(n, "name")))};
        } else {
          const std::string name(file.text(n));
          names.imported[name] = {module, name};
        }
      }
    } else if (is_type(s, "import_statement")) {
      for (TSNode n : children_by_field(s, "name")) {
        if (is_type(n, "aliased_import")) {
          names.imported[std::string(file.text(field(n, "alias")))] = {module_name_text(file, field(n, "name")), ""};
        } else {
          const std::string module = module_name_text(file, n);
          names.imported[module.substr(0, module.find('.'))] = {module.substr(0, module.find('.')), ""};
        }
      }
    }
  }
  for (const Assignment& a : assignments_in(file, root)) {
    if (!ts_node_is_null(a.value)) names.values[a.name] = a.value;
  }
  return names;
}

// ---------------------------------------------------------------------------
// SQL

namespace {

std::string sql_of_literal(const Literal& l) {
  if (l.is_string()) return l.str;
  if (l.is_sequence()) {
    std::string out;
    for (const Literal& item : l.items) {
      // (sql, params) pairs: the SQL is the first item.
      const std::string s = item.is_sequence() && !item.items.empty() ? sql_of_literal(item.items.front())
                                                                      : sql_of_literal(item);
      if (s.empty()) continue;
      if (!out.empty()) out += "\n;\n";
      out += s;
    }
    return out;
  }
  return "";
}

}  // namespace

std::string sql_of(const ParsedFile& file, const ModuleNames& names, TSNode expr, int depth) {
  if (ts_node_is_null(expr) || depth > 4) return "";
  while (is_type(expr, "parenthesized_expression")) expr = ts_node_named_child(expr, 0);
  if (is_type(expr, "identifier")) {
    auto v = names.values.find(std::string(file.text(expr)));
    return v == names.values.end() ? "" : sql_of(file, names, v->second, depth + 1);
  }
  if (is_type(expr, "call")) {
    const std::string_view callee = last_segment(file.text(field(expr, "function")));
    if (callee == "text" || callee == "dedent") {
      const auto args = named_children(field(expr, "arguments"));
      return args.empty() ? "" : sql_of(file, names, args.front(), depth + 1);
    }
    return "";
  }
  return sql_of_literal(literal_of(file, expr));
}

// The SQL text as tokens (see operations.h), joined by single spaces.
std::string normalise_sql(std::string_view sql) {
  std::vector<std::string> tokens;
  size_t i = 0;
  const size_t n = sql.size();
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80); };
  while (i < n) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < n) {
        if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      tokens.emplace_back(sql.substr(i, std::min(j + 1, n) - i));
      i = j + 1;
    } else if (is_word(c)) {
      size_t j = i;
      std::string w;
      while (j < n && is_word(sql[j])) w += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[j++])));
      tokens.push_back(std::move(w));
      i = j;
    } else {
      tokens.emplace_back(1, c);
      ++i;
    }
  }
  while (!tokens.empty() && tokens.back() == ";") tokens.pop_back();
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Calls

namespace {

bool is_keyword_arg(TSNode n) { return is_type(n, "keyword_argument"); }

}  // namespace

CallArgs args_of(const ParsedFile& file, TSNode call) {
  CallArgs a;
  for (TSNode arg : named_children(field(call, "arguments"))) {
    if (is_keyword_arg(arg)) {
      a.keyword[std::string(file.text(field(arg, "name")))] = field(arg, "value");
    } else if (!is_type(arg, "comment")) {
      a.positional.push_back(arg);
    }
  }
  return a;
}

TSNode arg(const CallArgs& a, size_t pos, const std::string& kw) {
  if (auto it = a.keyword.find(kw); it != a.keyword.end()) return it->second;
  return pos < a.positional.size() ? a.positional[pos] : TSNode{};
}

bool is_none(const ParsedFile& file, TSNode n) { return !ts_node_is_null(n) && file.text(n) == "None"; }

bool is_true(const ParsedFile& file, TSNode n) { return !ts_node_is_null(n) && file.text(n) == "True"; }

bool is_noop(const ParsedFile& file, TSNode n) {
  if (ts_node_is_null(n)) return false;
  const std::string_view t = file.text(n);
  return t == "noop" || t.ends_with("RunPython.noop") || t.ends_with("RunSQL.noop");
}

std::string call_label(const ParsedFile& file, TSNode call) {
  const std::string_view text = file.text(call);
  if (text.find('\n') == std::string_view::npos && text.size() <= 72) return std::string(text);
  return std::string(file.text(field(call, "function"))) + "(...)";
}

}  // namespace migrate::rewrite::migrations
