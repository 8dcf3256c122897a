// Strings made of segments: dotted module names ("a.b.c") and '/'-separated
// paths cut at their separator, joined back, and compared by whole segments;
// and the identifiers such names are made of, found as whole words in text.
// The one copy of these the rewrite core's files share.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::rewrite {

// The pieces of `s` between each `sep` ("a.b" -> {"a", "b"}, "" -> {""},
// "a." -> {"a", ""}). The views point into `s`.
std::vector<std::string_view> split(std::string_view s, char sep);

// segs[from, to) joined with dots.
std::string join_dotted(const std::vector<std::string_view>& segs, std::size_t from, std::size_t to);

// True when `name` is `prefix` or below it by dotted segments: "a.b" is
// under "a" and "a.b", never under "a.bc" or "a.b.c".
bool under_module(std::string_view name, std::string_view prefix);

// A byte of an ASCII identifier: [A-Za-z0-9_].
inline bool is_identifier_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// `word` occurs in `text` with no identifier byte on either side.
bool contains_word(std::string_view text, std::string_view word);

}  // namespace migrate::rewrite
