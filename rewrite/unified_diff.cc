#include "rewrite/unified_diff.h"

#include "rewrite/line_diff.h"

#include <algorithm>
#include <vector>

namespace migrate::rewrite {
namespace {

// Lines with their line endings (compared whole, as diff -u does).
std::vector<std::string_view> lines_with_ends(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    out.push_back(s.substr(start, end - start));
    start = end;
  }
  return out;
}

void emit_line(std::string* out, char tag, std::string_view line) {
  *out += tag;
  *out += line;
  if (line.empty() || line.back() != '\n') *out += "\n\\ No newline at end of file\n";
}

std::string range(int start, int count) {
  // GNU/git convention: "l" for one line, "l,0" with the line before for none.
  if (count == 1) return std::to_string(start);
  return std::to_string(count == 0 ? start - 1 : start) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text, const std::string& old_label,
                         const std::string& new_label, int context) {
  if (old_text == new_text) return "";
  const auto a = lines_with_ends(old_text), b = lines_with_ends(new_text);
  bool gave_up = false;  // no limit: never gives up
  const std::vector<LineOp> ops = edit_script(a, b, static_cast<std::size_t>(-1), &gave_up);
  // Positions (in a and b) before each op.
  std::vector<int> ai(ops.size() + 1), bi(ops.size() + 1);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    ai[i + 1] = ai[i] + (ops[i] != LineOp::kInsert);
    bi[i + 1] = bi[i] + (ops[i] != LineOp::kDelete);
  }
  std::string out = "--- a/" + old_label + "\n+++ b/" + new_label + "\n";
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == LineOp::kKeep) { ++i; continue; }
    // A hunk: from `context` lines before this change to `context` lines
    // after the last change closer than 2*context keeps to the next.
    std::size_t start = i >= static_cast<std::size_t>(context) ? i - context : 0;
    std::size_t end = i;
    while (true) {
      while (end < ops.size() && ops[end] != LineOp::kKeep) ++end;
      std::size_t keep = end;
      while (keep < ops.size() && ops[keep] == LineOp::kKeep) ++keep;
      if (keep < ops.size() && keep - end <= static_cast<std::size_t>(2 * context)) { end = keep; continue; }
      end = std::min(ops.size(), end + context);
      break;
    }
    const int a_count = ai[end] - ai[start], b_count = bi[end] - bi[start];
    out += "@@ -" + range(ai[start] + 1, a_count) + " +" + range(bi[start] + 1, b_count) + " @@\n";
    for (std::size_t j = start; j < end; ++j) {
      switch (ops[j]) {
        case LineOp::kKeep: emit_line(&out, ' ', a[ai[j]]); break;
        case LineOp::kDelete: emit_line(&out, '-', a[ai[j]]); break;
        case LineOp::kInsert: emit_line(&out, '+', b[bi[j]]); break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace migrate::rewrite
