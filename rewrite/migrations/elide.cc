#include "rewrite/migrations/elide.h"

#include <algorithm>
#include <vector>

namespace migrate::rewrite::migrations {
namespace {

constexpr size_t npos = std::string_view::npos;

// The index after the string literal whose opening quote is at s[i], or npos
// when it does not end.
size_t skip_string(std::string_view s, size_t i) {
  const char q = s[i];
  const bool triple = i + 2 < s.size() && s[i + 1] == q && s[i + 2] == q;
  for (size_t j = i + (triple ? 3 : 1); j < s.size();) {
    const char c = s[j];
    if (c == '\\') {
      j += 2;
      continue;
    }
    if (!triple && c == '\n') return npos;
    if (c == q && (!triple || (j + 2 < s.size() && s[j + 1] == q && s[j + 2] == q))) return j + (triple ? 3 : 1);
    ++j;
  }
  return npos;
}

size_t indentation_at(std::string_view s, size_t line_start) {
  size_t i = line_start;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i - line_start;
}

// The index of the bracket closing the one at s[open], or npos; also npos
// when a line inside (outside strings) starts a statement at `indent` or
// less: then the scan has gone wrong.
size_t match_bracket(std::string_view s, size_t open, size_t indent) {
  int depth = 0;
  for (size_t i = open; i < s.size();) {
    const char c = s[i];
    if (c == '#') {
      i = s.find('\n', i);
      if (i == npos) return npos;
      continue;
    }
    if (c == '"' || c == '\'') {
      i = skip_string(s, i);
      if (i == npos) return npos;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && --depth == 0) return i;
    if (c == '\n') {
      const size_t ind = indentation_at(s, i + 1);
      const char first = i + 1 + ind < s.size() ? s[i + 1 + ind] : '\n';
      if (ind <= indent && std::string_view(")]}#\r\n").find(first) == npos) return npos;
    }
    ++i;
  }
  return npos;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

bool blank_assigned_brackets(std::string& source, std::string_view name) {
  const std::string_view s(source);
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t pos = s.find(name); pos != npos; pos = s.find(name, pos + 1)) {
    const size_t line_start = s.rfind('\n', pos) == npos ? 0 : s.rfind('\n', pos) + 1;
    const size_t indent = indentation_at(s, line_start);
    if (line_start + indent != pos || indent == 0) continue;
    size_t i = pos + name.size();
    if (i < s.size() && is_name_char(s[i])) continue;
    if (i < s.size() && s[i] == ':') {  // annotation
      while (i < s.size() && s[i] != '=' && s[i] != '\n') ++i;
    }
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size() || s[i] != '=' || (i + 1 < s.size() && s[i + 1] == '=')) continue;
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size() || (s[i] != '[' && s[i] != '(')) continue;
    const size_t open = i, close = match_bracket(s, open, indent);
    if (close == npos) continue;
    spans.push_back({open + 1, close});
    pos = close;
  }
  if (spans.empty()) return false;
  // Keep only the newlines of each span, so every line keeps its number.
  std::string out;
  out.reserve(source.size());
  size_t from = 0;
  for (const auto& [b, e] : spans) {
    out.append(source, from, b - from);
    out.append(static_cast<size_t>(std::count(source.begin() + b, source.begin() + e, '\n')), '\n');
    from = e;
  }
  out.append(source, from, npos);
  source = std::move(out);
  return true;
}

bool stub_top_level_function(std::string& source, std::string_view name) {
  const std::string_view s(source);
  const std::string head = "def " + std::string(name);
  size_t def = npos;
  for (size_t pos = s.find(head); pos != npos; pos = s.find(head, pos + 1)) {
    const bool at_line_start = pos == 0 || s[pos - 1] == '\n';
    const size_t after = pos + head.size();
    if (at_line_start && after < s.size() && (s[after] == '(' || s[after] == ' ')) def = pos;
  }
  if (def == npos) return false;
  // Scan to the first line after the body: one at column 0 that starts a
  // statement, outside strings and brackets.
  int depth = 0;
  size_t end = s.size();
  for (size_t i = def; i < s.size();) {
    const char c = s[i];
    if (c == '#') {
      i = s.find('\n', i);
      if (i == npos) break;
      continue;
    }
    if (c == '"' || c == '\'') {
      i = skip_string(s, i);
      if (i == npos) return false;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c == '\n' && depth == 0 && i + 1 < s.size()) {
      const char next = s[i + 1];
      if (next != ' ' && next != '\t' && next != '\n' && next != '\r' && next != '#') {
        end = i + 1;
        break;
      }
    }
    ++i;
  }
  const size_t newlines = static_cast<size_t>(std::count(s.begin() + def, s.begin() + end, '\n'));
  // A def whose body shares its line (`def f(): pass`) is left alone.
  if (newlines == 0 || (newlines < 2 && end != s.size())) return false;
  std::string stub = head + "():\n    pass";
  stub.append(newlines - 1, '\n');
  source.replace(def, end - def, stub);
  return true;
}

ParsedFile parse_elided(std::string source, const std::function<bool(std::string&)>& elide) {
  std::string elided = source;
  if (!elide(elided)) return ParsedFile(std::move(source));
  ParsedFile file(std::move(elided));
  return file.has_error() ? ParsedFile(std::move(source)) : std::move(file);
}

}  // namespace migrate::rewrite::migrations
