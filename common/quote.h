// Paths in text output, quoted as git quotes them (quote_c_style with
// core.quotePath). A path that holds a control character, a double quote, a
// backslash or DEL -- and, with core.quotePath true (git's default), a byte of
// 0x80 or more -- is printed in double quotes with C escapes: \a \b \t \n \v
// \f \r \" \\ and a three-digit octal escape for the other bytes. Any other
// path is printed as it is. With core.quotePath false, bytes of 0x80 and more
// pass through (UTF-8 names stay readable); control characters are still
// escaped, so no path can drive the terminal.
//
// JSON and SARIF output do not use this: they carry the raw path, escaped by
// their own rules (\u001b, percent-encoding).
#pragma once

#include <string>
#include <string_view>

namespace migrate::gitops { class Repository; }

namespace migrate {

// git's quote_c_style for one path; `fully` is core.quotePath.
std::string quote_path(std::string_view path, bool fully);

// With the process's setting (core.quotePath; true until load_quote_path).
std::string quote_path(std::string_view path);

// Text that is not a path but may carry bytes from files (a message that
// quotes a file's line, a module name): its control characters (and DEL)
// escaped as in quote_path, without the surrounding quotes; other bytes
// unchanged. Idempotent on the output of quote_path. With `keep_newlines`,
// '\n' stays a line break (for messages of several lines).
std::string escape_controls(std::string_view text, bool keep_newlines = false);

// Reads core.quotePath from the repository's config (git -c honoured) for
// quote_path(path). Each command calls it once it has opened the repository.
void load_quote_path(const gitops::Repository& repo);
void set_quote_path(bool fully);

}  // namespace migrate
