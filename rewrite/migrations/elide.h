// Speed for large migration folders: most of a migration file is what the
// audits never read (a Django migration's `operations` list, an Alembic
// revision's downgrade()). These functions remove such parts before parsing,
// keeping every line number as it was, so the parse is cheaper and the lines
// of what is read are unchanged. A Python-aware
// scan (strings, comments, brackets) finds the parts; when it is unsure it
// leaves the text alone, and callers re-parse the original text when the
// elided one does not parse.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "rewrite/pyparse.h"

namespace migrate::rewrite::migrations {

// Empties the inside of the brackets of each `<name> = [...]` / `(...)`
// assignment at the start of an indented line, keeping only its newlines
// (lines keep their numbers; columns after it on the closing line move).
// Not done when the inside holds a line at the assignment's own indentation
// (the scan went wrong). Returns whether anything was removed.
bool blank_assigned_brackets(std::string& source, std::string_view name);

// Replaces the top-level `def <name>(...)` and its body by
// `def <name>():\n    pass` followed by as many empty lines as it spanned.
// Returns whether it did.
bool stub_top_level_function(std::string& source, std::string_view name);

// `source` parsed with what `elide` (one of the above, bound to a name)
// removes from a copy of it; the whole source when `elide` removes nothing
// or the elided text does not parse.
ParsedFile parse_elided(std::string source, const std::function<bool(std::string&)>& elide);

}  // namespace migrate::rewrite::migrations
