// A unified diff of two texts (what `git diff` and `diff -u` print), for
// `git migrate-fresh rewrite --diff`. Lines are compared whole, line endings
// included; a last line without a newline is marked "\ No newline at end of
// file". The line alignment is line_diff.h's edit script.
#pragma once

#include <string>
#include <string_view>

namespace migrate::rewrite {

// "--- a/<old_label>\n+++ b/<new_label>\n" and the hunks with `context`
// lines around each change; "" when the texts are equal.
std::string unified_diff(std::string_view old_text, std::string_view new_text, const std::string& old_label,
                         const std::string& new_label, int context = 3);

}  // namespace migrate::rewrite
