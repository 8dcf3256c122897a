#include "rewrite/unified_diff.h"

#include <algorithm>
#include <vector>

namespace migrate::rewrite {
namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
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

enum class Op { kKeep, kDelete, kInsert };

// Myers' O(ND) algorithm with the trace kept for backtracking.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max = n + m;
  std::vector<int> v(2 * max + 2, 0);
  std::vector<std::vector<int>> trace;
  const int off = max + 1;
  int found_d = -1;
  for (int d = 0; d <= max; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x;
      if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) x = v[off + k + 1];
      else x = v[off + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) { ++x; ++y; }
      v[off + k] = x;
      if (x >= n && y >= m) { found_d = d; break; }
    }
    if (found_d >= 0) break;
  }
  std::vector<Op> ops;
  int x = n, y = m;
  for (int d = found_d; d > 0; --d) {
    const std::vector<int>& pv = trace[d];
    const int k = x - y;
    int prev_k;
    if (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1])) prev_k = k + 1;
    else prev_k = k - 1;
    const int prev_x = pv[off + prev_k];
    const int prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) { ops.push_back(Op::kKeep); --x; --y; }
    if (x == prev_x) { ops.push_back(Op::kInsert); --y; }
    else { ops.push_back(Op::kDelete); --x; }
  }
  while (x > 0 && y > 0) { ops.push_back(Op::kKeep); --x; --y; }
  std::reverse(ops.begin(), ops.end());
  return ops;
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
  const auto a = split_lines(old_text), b = split_lines(new_text);
  const std::vector<Op> ops = edit_script(a, b);
  // Positions (in a and b) before each op.
  std::vector<int> ai(ops.size() + 1), bi(ops.size() + 1);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    ai[i + 1] = ai[i] + (ops[i] != Op::kInsert);
    bi[i + 1] = bi[i] + (ops[i] != Op::kDelete);
  }
  std::string out = "--- a/" + old_label + "\n+++ b/" + new_label + "\n";
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::kKeep) { ++i; continue; }
    // A hunk: from `context` lines before this change to `context` lines
    // after the last change closer than 2*context keeps to the next.
    std::size_t start = i >= static_cast<std::size_t>(context) ? i - context : 0;
    std::size_t end = i;
    while (true) {
      while (end < ops.size() && ops[end] != Op::kKeep) ++end;
      std::size_t keep = end;
      while (keep < ops.size() && ops[keep] == Op::kKeep) ++keep;
      if (keep < ops.size() && keep - end <= static_cast<std::size_t>(2 * context)) { end = keep; continue; }
      end = std::min(ops.size(), end + context);
      break;
    }
    const int a_count = ai[end] - ai[start], b_count = bi[end] - bi[start];
    out += "@@ -" + range(ai[start] + 1, a_count) + " +" + range(bi[start] + 1, b_count) + " @@\n";
    for (std::size_t j = start; j < end; ++j) {
      switch (ops[j]) {
        case Op::kKeep: emit_line(&out, ' ', a[ai[j]]); break;
        case Op::kDelete: emit_line(&out, '-', a[ai[j]]); break;
        case Op::kInsert: emit_line(&out, '+', b[bi[j]]); break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace migrate::rewrite
