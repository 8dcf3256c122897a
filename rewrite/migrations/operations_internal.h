// Helpers shared by the readers of a migration's work (django_operations.cc,
// alembic_operations.cc) and the audits of lost work (operations.cc); not
// part of the migrations interface. They are implemented in fingerprint.cc:
// the token fingerprints of syntax (operations.h tells what a fingerprint
// leaves out), a module's top-level names, the SQL text an expression holds,
// and the arguments of a call.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rewrite/migrations/util.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite::migrations {

// Separates the tokens of a fingerprint, and its kind ("sql", "ref", "op",
// "lambda") from the rest.
inline constexpr char kSep = '\x1f';

// The leaf tokens of `node` joined by kSep: comments dropped, strings by
// value, a comma before a closing bracket dropped, zero-width tokens dropped.
std::string fingerprint_of(const ParsedFile& file, TSNode node);

// A function's parameters and body without its name and docstring.
std::string function_fingerprint(const ParsedFile& file, TSNode def);

// The first non-blank line of `text`, trimmed, cut to `max` characters
// ("..." added when cut).
std::string first_line(std::string_view text, size_t max = 72);
// SQL on one line: its whitespace (newlines included) collapsed to single
// spaces, cut after `max` characters with "...". "UPDATE alerts SET ..."
// says more than the first line of a statement written over several.
std::string sql_summary(std::string_view sql, size_t max = 72);

// A module's top-level names: functions, assigned values, imports.
struct ModuleNames {
  std::map<std::string, TSNode> functions;                          // def name
  std::map<std::string, TSNode> values;                             // name = <expr>
  std::map<std::string, std::pair<std::string, std::string>> imported;  // local -> (module, name)
};
ModuleNames module_names(const ParsedFile& file);

// The SQL an expression holds: a string, a list of strings, a module-level
// constant, text("...") / sa.text("..."). "" when it is none of those.
std::string sql_of(const ParsedFile& file, const ModuleNames& names, TSNode expr, int depth = 0);

// A call's arguments, comments left out.
struct CallArgs {
  std::vector<TSNode> positional;
  std::map<std::string, TSNode> keyword;
};
CallArgs args_of(const ParsedFile& file, TSNode call);
// The argument named `kw`, else the positional one at `pos`; null when neither.
TSNode arg(const CallArgs& a, size_t pos, const std::string& kw);

bool is_none(const ParsedFile& file, TSNode n);
bool is_true(const ParsedFile& file, TSNode n);
// RunPython.noop and RunSQL.noop however they are spelled
// (django.db.migrations.operations.special.RunPython.noop).
bool is_noop(const ParsedFile& file, TSNode n);

// A call as messages show it: its text when it fits on one line, else the
// callee with "(...)".
std::string call_label(const ParsedFile& file, TSNode call);

}  // namespace migrate::rewrite::migrations
