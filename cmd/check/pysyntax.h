// Small tree-sitter helpers for the rules of cmd/check that look at Python
// syntax directly (Django conventions, exports).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "rewrite/pyparse.h"

namespace migrate::cmd::check {

// Calls fn on every named node below `root` in document order; fn returns
// false to skip the node's children.
void walk_named(TSNode root, const std::function<bool(TSNode)>& fn);

// The value of a plain string literal ('x', "x", '''x''', r"x"); nullopt for
// f-strings, byte strings, concatenations and escapes it does not handle.
std::optional<std::string> string_value(const rewrite::ParsedFile& f, TSNode string_node);

}  // namespace migrate::cmd::check
