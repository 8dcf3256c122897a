#include "rewrite/settings_edit.h"

#include <cctype>
#include <optional>
#include <vector>

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

}  // namespace

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
