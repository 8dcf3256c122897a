#include "rewrite/settings_edit.h"

#include <cctype>
#include <optional>
#include <vector>

#include "rewrite/migrations/pyliteral.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite {
namespace {

struct StringLiteral {
  std::string value;  // content between the quotes, as written
  char quote = '"';
  std::size_t content_begin = 0, content_end = 0;  // byte span of the content
  bool plain = false;  // no prefix, no escapes, no interpolation: value is exact
};

std::optional<StringLiteral> string_literal(const ParsedFile& f, TSNode n) {
  if (!is_type(n, "string")) return std::nullopt;
  const std::string_view text = f.text(n);
  std::size_t q = 0;
  while (q < text.size() && text[q] != '"' && text[q] != '\'') ++q;
  if (q >= text.size()) return std::nullopt;
  const char quote = text[q];
  const std::size_t qlen = text.substr(q, 3) == std::string(3, quote) && text.size() - q >= 6 ? 3 : 1;
  if (text.size() < q + 2 * qlen) return std::nullopt;
  StringLiteral s;
  s.quote = quote;
  s.content_begin = ts_node_start_byte(n) + q + qlen;
  s.content_end = ts_node_end_byte(n) - qlen;
  s.value = std::string(text.substr(q + qlen, text.size() - q - 2 * qlen));
  s.plain = q == 0 && qlen == 1 && s.value.find('\\') == std::string::npos;
  return s;
}

// The first top-level `name = <value>` / `name: T = <value>`; returns the value node.
std::optional<TSNode> find_assignment(const ParsedFile& f, std::string_view name) {
  for (TSNode stmt : named_children(f.root())) {
    if (!is_type(stmt, "expression_statement")) continue;
    for (TSNode a : named_children(stmt)) {
      if (!is_type(a, "assignment")) continue;
      TSNode left = field(a, "left");
      if (!is_type(left, "identifier") || f.text(left) != name) continue;
      return field(a, "right");
    }
  }
  return std::nullopt;
}

std::string_view newline_of(std::string_view s) {
  const auto nl = s.find('\n');
  return nl != std::string_view::npos && nl > 0 && s[nl - 1] == '\r' ? "\r\n" : "\n";
}

std::size_t line_start(std::string_view s, std::size_t pos) {
  while (pos > 0 && s[pos - 1] != '\n') --pos;
  return pos;
}

std::size_t line_end(std::string_view s, std::size_t pos) {
  while (pos < s.size() && s[pos] != '\n' && s[pos] != '\r') ++pos;
  return pos;
}

std::string splice(std::string_view s, std::size_t at, std::size_t end, std::string_view text) {
  std::string out(s.substr(0, at));
  out += text;
  out += s.substr(end);
  return out;
}

// The AppConfig class of an apps.py (see read_app_config), null when none.
TSNode app_config_class(const ParsedFile& f) {
  TSNode first{}, preferred{};
  bool have_first = false, have_preferred = false;
  for (TSNode stmt : named_children(f.root())) {
    TSNode def = is_type(stmt, "decorated_definition") ? field(stmt, "definition") : stmt;
    if (!is_type(def, "class_definition")) continue;
    const TSNode bases = field(def, "superclasses");
    bool derives = false;
    if (!ts_node_is_null(bases)) {
      for (TSNode b : named_children(bases)) {
        const std::string_view t = f.text(b);
        if (t.size() >= 9 && t.substr(t.size() - 9) == "AppConfig") derives = true;
      }
    }
    if (!derives) continue;
    if (!have_first) { first = def; have_first = true; }
    for (const migrations::Assignment& a : migrations::assignments_in(f, field(def, "body"))) {
      if (a.name != "default" || ts_node_is_null(a.value)) continue;
      const migrations::Literal v = migrations::literal_of(f, a.value);
      if (v.kind == migrations::Literal::Kind::kBool && v.boolean && !have_preferred) {
        preferred = def;
        have_preferred = true;
      }
    }
  }
  return have_preferred ? preferred : have_first ? first : TSNode{};
}

}  // namespace

AppConfigInfo read_app_config(std::string_view source) {
  AppConfigInfo info;
  ParsedFile f{std::string(source)};
  const TSNode cls = app_config_class(f);
  if (ts_node_is_null(cls)) return info;
  info.found = true;
  info.line = line_of(cls);
  info.class_name = std::string(f.text(field(cls, "name")));
  for (const migrations::Assignment& a : migrations::assignments_in(f, field(cls, "body"))) {
    if (ts_node_is_null(a.value)) continue;
    const migrations::Literal v = migrations::literal_of(f, a.value);
    if (!v.is_string()) continue;
    if (a.name == "name") info.name = v.str;
    if (a.name == "label") info.label = v.str;
  }
  return info;
}

std::string django_app_label(std::string_view app_folder, const std::optional<std::string>& apps_py) {
  auto last = [](std::string_view s, char sep) { return std::string(s.substr(s.rfind(sep) + 1)); };
  if (apps_py) {
    const AppConfigInfo info = read_app_config(*apps_py);
    if (info.label) return *info.label;
    if (info.name) return last(*info.name, '.');
  }
  return last(app_folder, '/');
}

std::optional<std::string> add_app_label(std::string_view source, std::string_view label) {
  ParsedFile f{std::string(source)};
  if (f.has_error()) return std::nullopt;
  const TSNode cls = app_config_class(f);
  if (ts_node_is_null(cls)) return std::nullopt;
  const TSNode body = field(cls, "body");
  std::optional<TSNode> after;
  for (TSNode stmt : named_children(body)) {
    if (!is_type(stmt, "expression_statement")) continue;
    for (TSNode a : named_children(stmt)) {
      if (!is_type(a, "assignment")) continue;
      const std::string_view left = f.text(field(a, "left"));
      if (left == "label") return std::nullopt;
      if (left == "name" && !after) after = stmt;
    }
  }
  TSNode first{};
  bool have_first = false;
  for (TSNode stmt : named_children(body)) {
    if (is_type(stmt, "comment")) continue;
    first = stmt;
    have_first = true;
    break;
  }
  if (!have_first) return std::nullopt;
  // Without `name`, after the class's docstring, else first.
  if (!after && is_type(first, "expression_statement") && ts_node_named_child_count(first) == 1 &&
      is_type(ts_node_named_child(first, 0), "string"))
    after = first;
  // The body's indentation, from the line of its first statement (a body on
  // the class's own line, `class C(AppConfig): name = "x"`, is not edited).
  if (ts_node_start_point(first).row == ts_node_start_point(cls).row) return std::nullopt;
  const std::size_t first_begin = ts_node_start_byte(first);
  const std::size_t ls = line_start(source, first_begin);
  const std::string indent(source.substr(ls, first_begin - ls));
  const std::string_view nl = newline_of(source);
  const std::string stmt = indent + "label = \"" + std::string(label) + "\"";
  if (after) {
    const std::size_t eol = line_end(source, ts_node_end_byte(*after));
    return splice(source, eol, eol, std::string(nl) + stmt);
  }
  return splice(source, ls, ls, stmt + std::string(nl));
}

std::string pascal_case(std::string_view product) {
  std::string out;
  bool start = true;
  for (char c : product) {
    if (c == '_' || c == '-' || c == ' ' || c == '.') { start = true; continue; }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  return out;
}

std::string app_config_source(std::string_view class_name, std::string_view module,
                              std::string_view label, std::string_view nl) {
  std::string s;
  s += "from django.apps import AppConfig";
  s += nl; s += nl; s += nl;
  s += "class "; s += class_name; s += "(AppConfig):"; s += nl;
  s += "    name = \""; s += module; s += "\""; s += nl;
  s += "    label = \""; s += label; s += "\""; s += nl;
  return s;
}

ListInsertion insert_into_list(std::string_view source, std::string_view list_name,
                               std::string_view value, std::string_view replace_prefix) {
  ListInsertion r;
  r.text = std::string(source);
  ParsedFile f{std::string(source)};
  if (f.has_error()) {
    r.outcome = ListInsertion::Outcome::kSyntaxError;
    r.line = f.first_error_line();
    return r;
  }
  const auto rhs = find_assignment(f, list_name);
  if (!rhs) return r;  // kNotFound
  r.line = line_of(*rhs);
  if (!is_type(*rhs, "list")) {
    r.outcome = ListInsertion::Outcome::kNotAList;
    return r;
  }
  const TSNode list = *rhs;

  std::vector<TSNode> elements;
  for (TSNode c : named_children(list))
    if (!is_type(c, "comment")) elements.push_back(c);

  char quote = '"';
  bool quote_known = false;
  for (TSNode e : elements) {
    const auto s = string_literal(f, e);
    if (!s) continue;
    if (!quote_known) { quote = s->quote; quote_known = true; }
    if (s->plain && s->value == value) {
      r.outcome = ListInsertion::Outcome::kAlreadyPresent;
      r.line = line_of(e);
      return r;
    }
  }
  if (!replace_prefix.empty()) {
    for (TSNode e : elements) {
      const auto s = string_literal(f, e);
      if (!s || !s->plain || s->value.rfind(replace_prefix, 0) != 0) continue;
      r.outcome = ListInsertion::Outcome::kReplaced;
      r.line = line_of(e);
      r.replaced = s->value;
      r.text = splice(source, s->content_begin, s->content_end, value);
      return r;
    }
  }

  const std::string_view nl = newline_of(source);
  const std::string item = std::string(1, quote) + std::string(value) + std::string(1, quote);
  const std::size_t open = ts_node_start_byte(list);
  const std::size_t close = ts_node_end_byte(list) - 1;  // the ']'
  r.outcome = ListInsertion::Outcome::kInserted;

  if (elements.empty()) {
    const std::string_view inside = source.substr(open + 1, close - open - 1);
    if (inside.find('\n') == std::string_view::npos) {
      r.text = splice(source, open + 1, close, item);
    } else {
      const std::size_t ls = line_start(source, open);
      std::string indent;
      for (std::size_t i = ls; i < source.size() && (source[i] == ' ' || source[i] == '\t'); ++i) indent += source[i];
      std::string ins(nl);
      ins += indent + "    " + item + ",";
      r.text = splice(source, open + 1, open + 1, ins);
    }
    return r;
  }

  const TSNode last = elements.back();
  // A ',' token right after the last element (comments may sit between).
  std::optional<std::size_t> comma_end;
  {
    const uint32_t n = ts_node_child_count(list);
    bool after = false;
    for (uint32_t i = 0; i < n; ++i) {
      TSNode c = ts_node_child(list, i);
      if (ts_node_eq(c, last)) { after = true; continue; }
      if (!after) continue;
      if (node_type(c) == ",") { comma_end = ts_node_end_byte(c); break; }
      if (node_type(c) != "comment") break;
    }
  }
  const std::size_t last_begin = ts_node_start_byte(last);
  const std::size_t last_end = ts_node_end_byte(last);
  const bool multiline = ts_node_start_point(last).row > ts_node_start_point(list).row;

  if (!multiline) {
    if (comma_end) r.text = splice(source, *comma_end, *comma_end, " " + item + ",");
    else r.text = splice(source, last_end, last_end, ", " + item);
    return r;
  }
  // One element per line: the new one goes on its own line after the last,
  // with the last element's indentation.
  const std::size_t ls = line_start(source, last_begin);
  std::string indent(source.substr(ls, last_begin - ls));
  for (char& c : indent) if (c != '\t') c = ' ';
  const std::size_t after = comma_end ? *comma_end : last_end;
  const bool close_on_same_line = ts_node_start_point(last).row == ts_node_end_point(list).row ||
                                  line_end(source, after) > close;
  if (close_on_same_line) {
    // `    "b"]`: keep the bracket where it is.
    if (comma_end) r.text = splice(source, after, after, std::string(nl) + indent + item + ",");
    else r.text = splice(source, after, after, "," + std::string(nl) + indent + item);
    return r;
  }
  const std::size_t eol = line_end(source, after);
  std::string ins(nl);
  ins += indent + item + (comma_end ? "," : "");
  std::string out = splice(source, eol, eol, ins);
  if (!comma_end) out = splice(out, last_end, last_end, ",");
  r.text = std::move(out);
  return r;
}

}  // namespace migrate::rewrite
