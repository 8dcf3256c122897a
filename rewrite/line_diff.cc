#include "rewrite/line_diff.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <cstdint>
#include <functional>

namespace migrate::rewrite {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    pos = nl + 1;
  }
  return out;
}

std::vector<LineOp> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                                std::size_t max_edits, bool* gave_up) {
  *gave_up = false;
  // Compare hashes first.
  std::vector<std::size_t> ha(a.size()), hb(b.size());
  std::hash<std::string_view> h;
  for (std::size_t i = 0; i < a.size(); ++i) ha[i] = h(a[i]);
  for (std::size_t i = 0; i < b.size(); ++i) hb[i] = h(b[i]);
  auto same = [&](std::size_t i, std::size_t j) { return ha[i] == hb[j] && a[i] == b[j]; };

  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max = max_edits < static_cast<std::size_t>(n + m) ? static_cast<long>(max_edits) : n + m;
  const long offset = max + 1;
  std::vector<long> v(2 * max + 3, 0);
  std::vector<std::vector<long>> trace;
  long found_d = -1;
  for (long d = 0; d <= max; ++d) {
    trace.push_back(v);
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                             : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && same(static_cast<std::size_t>(x), static_cast<std::size_t>(y))) { ++x; ++y; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found_d = d; break; }
    }
    if (found_d >= 0) break;
  }
  if (found_d < 0) {
    *gave_up = true;
    return {};
  }
  // Backtrack into a list of operations (from the end).
  std::vector<LineOp> ops;
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const std::vector<long>& pv = trace[static_cast<std::size_t>(d)];
    const long k = x - y;
    const bool down = (k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1]));
    const long prev_k = down ? k + 1 : k - 1;
    const long prev_x = pv[offset + prev_k];
    const long prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) { ops.push_back(LineOp::kKeep); --x; --y; }
    ops.push_back(down ? LineOp::kInsert : LineOp::kDelete);
    x = prev_x;
    y = prev_y;
  }
  while (x > 0 && y > 0) { ops.push_back(LineOp::kKeep); --x; --y; }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

std::vector<LineHunk> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                                 std::size_t max_edits, bool* gave_up) {
  const std::vector<LineOp> ops = edit_script(a, b, max_edits, gave_up);
  std::vector<LineHunk> hunks;
  std::size_t i = 0, j = 0;
  for (std::size_t p = 0; p < ops.size();) {
    if (ops[p] == LineOp::kKeep) { ++i; ++j; ++p; continue; }
    LineHunk hk{i, i, j, j};
    while (p < ops.size() && ops[p] != LineOp::kKeep) {
      if (ops[p] == LineOp::kDelete) ++i; else ++j;
      ++p;
    }
    hk.before_end = i;
    hk.after_end = j;
    hunks.push_back(hk);
  }
  return hunks;
}

namespace {

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

std::string_view stripped(std::string_view line) {
  line.remove_prefix(indent_of(line));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line;
}

bool blank_or_comment(std::string_view line) {
  std::string_view s = stripped(line);
  return s.empty() || s.front() == '#';
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Without its trailing comment (a '#' outside quotes, roughly).
std::string_view code_of(std::string_view s) {
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      return stripped(s.substr(0, i));
    }
  }
  return s;
}

bool opens_block(std::string_view line) {
  std::string_view s = code_of(stripped(line));
  return starts_with(s, "def ") || starts_with(s, "async ") || starts_with(s, "class ") || starts_with(s, "@") ||
         (!s.empty() && s.back() == ':');
}

bool risky_text(std::string_view line) {
  std::string_view s = stripped(line);
  return s.find("\"\"\"") != std::string_view::npos || s.find("'''") != std::string_view::npos ||
         (!s.empty() && s.back() == '\\');
}

// Lines a definition could be: block openers anywhere, and anything indented
// that binds a name (class-level assignments, annotated or not).
bool declares(std::string_view line) {
  if (blank_or_comment(line)) return false;
  if (opens_block(line)) return true;
  if (indent_of(line) == 0) return false;
  std::string_view s = code_of(stripped(line));
  return s.find('=') != std::string_view::npos || s.find(':') != std::string_view::npos;
}

// True when line `i` of `lines` provably lies in a function body: the
// nearest code line above it that is indented less is a one-line `def`
// header. Names bound there are locals, not definitions.
bool inside_function(const std::vector<std::string_view>& lines, std::size_t i) {
  const std::size_t indent = indent_of(lines[i]);
  if (indent == 0) return false;
  for (std::size_t k = i; k-- > 0;) {
    if (blank_or_comment(lines[k]) || indent_of(lines[k]) >= indent) continue;
    std::string_view s = code_of(stripped(lines[k]));
    return (starts_with(s, "def ") || starts_with(s, "async def ")) && !s.empty() && s.back() == ':';
  }
  return false;
}

long bracket_delta(const std::vector<std::string_view>& lines, std::size_t b, std::size_t e) {
  long d = 0;
  for (std::size_t i = b; i < e; ++i) {
    char quote = 0;
    std::string_view s = lines[i];
    for (std::size_t k = 0; k < s.size(); ++k) {
      const char c = s[k];
      if (quote) {
        if (c == '\\') ++k;
        else if (c == quote) quote = 0;
        continue;
      }
      if (c == '#') break;
      if (c == '"' || c == '\'') quote = c;
      else if (c == '(' || c == '[' || c == '{') ++d;
      else if (c == ')' || c == ']' || c == '}') --d;
    }
  }
  return d;
}

}  // namespace

namespace {

// What a declaring line declares, to pair a changed line with its new
// version in the same hunk: "<indent>def name", "<indent>class name",
// "<indent>@" (a decorator), "<indent>=name" (an assignment to a plain
// name). "" when the line cannot be paired (other block openers, tuple or
// attribute targets).
std::string decl_key(std::string_view line) {
  const std::string indent(line.substr(0, indent_of(line)));
  std::string_view s = code_of(stripped(line));
  auto identifier = [](std::string_view t) {
    std::size_t n = 0;
    while (n < t.size() && (std::isalnum(static_cast<unsigned char>(t[n])) || t[n] == '_')) ++n;
    return t.substr(0, n);
  };
  if (starts_with(s, "async def ")) s.remove_prefix(6);
  for (std::string_view kw : {"def ", "class "}) {
    if (!starts_with(s, kw)) continue;
    std::string_view rest = s.substr(kw.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const std::string_view name = identifier(rest);
    return name.empty() ? "" : indent + std::string(kw) + std::string(name);
  }
  if (starts_with(s, "@")) return indent + "@";
  if (!s.empty() && s.back() == ':') return "";
  const std::string_view name = identifier(s);
  if (name.empty()) return "";
  std::string_view rest = s.substr(name.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (starts_with(rest, "==")) return "";
  if (starts_with(rest, "=") || starts_with(rest, ":")) return indent + "=" + std::string(name);
  return "";
}

// The lines of [begin, end) that could be a definition, as keys.
std::vector<std::string> declared_keys(const std::vector<std::string_view>& lines, std::size_t begin,
                                       std::size_t end, bool* unpaired) {
  std::vector<std::string> keys;
  for (std::size_t i = begin; i < end; ++i) {
    if (!declares(lines[i]) || (!opens_block(lines[i]) && inside_function(lines, i))) continue;
    keys.push_back(decl_key(lines[i]));
    if (keys.back().empty()) *unpaired = true;
  }
  return keys;
}

// Indentation of the next statement after line `j` (lines continuing a
// bracket that `j` opens are skipped); 0 at the end of the file.
std::size_t next_statement_indent(const std::vector<std::string_view>& b, std::size_t j) {
  long depth = std::max(0L, bracket_delta(b, j, j + 1));
  for (std::size_t k = j + 1; k < b.size(); ++k) {
    if (blank_or_comment(b[k])) continue;
    if (depth > 0) {
      depth += bracket_delta(b, k, k + 1);
      continue;
    }
    return indent_of(b[k]);
  }
  return 0;
}

}  // namespace

bool may_lose_definitions(std::string_view before, std::string_view after) {
  const std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
  bool gave_up = false;
  const std::vector<LineHunk> hunks = diff_lines(a, b, 4000, &gave_up);
  if (gave_up) return true;
  for (const LineHunk& h : hunks) {
    for (std::size_t i = h.before_begin; i < h.before_end; ++i) {
      if (risky_text(a[i])) return true;
    }
    // Appended after the last old line: cannot change what came before.
    if (h.before_begin == a.size()) continue;
    for (std::size_t j = h.after_begin; j < h.after_end; ++j) {
      if (risky_text(b[j])) return true;
    }
    if (bracket_delta(a, h.before_begin, h.before_end) != bracket_delta(b, h.after_begin, h.after_end)) return true;
    // Every line that could declare something is still there, in the same
    // order and at the same depth, only edited (a signature, a value, a
    // field's arguments, a decorator).
    bool unpaired = false;
    if (declared_keys(a, h.before_begin, h.before_end, &unpaired) !=
            declared_keys(b, h.after_begin, h.after_end, &unpaired) ||
        unpaired) {
      return true;
    }
    // No inserted statement dedents below what follows it (which would end
    // a class body early).
    for (std::size_t j = h.after_begin; j < h.after_end; ++j) {
      if (blank_or_comment(b[j]) || opens_block(b[j])) continue;
      if (indent_of(b[j]) < next_statement_indent(b, j)) return true;
    }
  }
  return false;
}

}  // namespace migrate::rewrite
