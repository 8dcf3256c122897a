// The one line diff of the suite (Myers' shortest edit script), used by
// `git migrate-fresh rewrite --diff` (unified_diff.h) and by check's
// vanished-definition, and the prefilter built on it: whether the change from
// `before` to `after` can possibly have removed a Python definition, so that
// only such files are parsed.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace migrate::rewrite {

struct LineHunk {
  std::size_t before_begin, before_end;  // deleted lines [begin, end) of `before`
  std::size_t after_begin, after_end;    // inserted lines [begin, end) of `after`
};

// Lines without their "\n" (and a "\r" before it).
std::vector<std::string_view> split_lines(std::string_view text);

enum class LineOp { kKeep, kDelete, kInsert };

// Myers' shortest edit script turning `a` into `b`, in order; empty with
// `*gave_up` set when they differ in more than `max_edits` lines.
std::vector<LineOp> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                                std::size_t max_edits, bool* gave_up);

// The hunks of a shortest edit script; nullopt-like empty result with
// `gave_up` set when the files differ in more than `max_edits` lines.
std::vector<LineHunk> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                                 std::size_t max_edits, bool* gave_up);

// False only when no change can remove or re-nest a function, class,
// method or class-level assignment: within each hunk, the lines that could
// declare one (block openers, decorators, assignments outside function
// bodies) are the same names at the same depth in the same order, only
// edited; brackets open and close alike on both sides; no triple quotes or
// backslash continuations; no inserted statement dedents below the code it
// precedes. Anything appended after the last old line is harmless.
// Conservative: true whenever in doubt.
bool may_lose_definitions(std::string_view before, std::string_view after);

}  // namespace migrate::rewrite
