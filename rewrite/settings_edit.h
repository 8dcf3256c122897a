// Django-facing Python edits of the fresh pipeline's prepare phase: the
// AppConfig module of a new app, and the insertion of its dotted path into a
// settings list literal (PRODUCTS_APPS = [...]) in place, in the list's own
// layout (one element per line or all on one line, trailing comma or not,
// quote style, comments and line endings kept). Works on bytes; tree-sitter
// finds the list.
#pragma once

#include <string>
#include <string_view>

namespace migrate::rewrite {

// "error_tracking" -> "ErrorTracking" (never "Error_Tracking"): words split on
// '_' and '-', each word's first letter upper-cased, the rest kept.
std::string pascal_case(std::string_view product);

// The apps.py of a Django app: class <PascalCase>Config(AppConfig) with
// name = "<module>" and label = "<label>". `newline` is "\n" or "\r\n".
std::string app_config_source(std::string_view class_name, std::string_view module,
                              std::string_view label, std::string_view newline = "\n");

struct ListInsertion {
  enum class Outcome {
    kInserted,        // the value was added after the last element
    kAlreadyPresent,  // an element equals the value: nothing to do
    kReplaced,        // an element starting with `replace_prefix` was corrected
    kNotFound,        // no top-level assignment of that name
    kNotAList,        // the name is assigned something other than a list literal
    kSyntaxError,     // the file does not parse
  };
  Outcome outcome = Outcome::kNotFound;
  std::string text;   // the edited source (the input unless inserted/replaced)
  unsigned line = 0;  // 1-based line of the list, of the replaced element, or of the error
  std::string replaced;  // the old element's value for kReplaced
};

// Adds the string `value` to the list literal assigned to `list_name` at the
// top level of `source` (`NAME = [...]` or `NAME: T = [...]`, the first one).
// When an element starts with `replace_prefix` (non-empty) but differs from
// `value` — the seed's Error_TrackingConfig — it is corrected in place instead.
ListInsertion insert_into_list(std::string_view source, std::string_view list_name,
                               std::string_view value, std::string_view replace_prefix = {});

}  // namespace migrate::rewrite
