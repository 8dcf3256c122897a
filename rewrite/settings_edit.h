// Django-facing Python edits of the fresh pipeline's prepare and move
// phases: the AppConfig module of a new app, reading a moved app's AppConfig
// and adding the `label` that keeps its app label, and the insertion of its
// dotted path into a
// settings list literal (PRODUCTS_APPS = [...]) in place, in the list's own
// layout (one element per line or all on one line, trailing comma or not,
// quote style, comments and line endings kept). Works on bytes; tree-sitter
// finds the list.
#pragma once

#include <optional>
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

// What an apps.py says about its app: the AppConfig class Django takes (the
// one marked `default = True`, else the first class deriving from a name
// ending in `AppConfig`) and the string literals assigned to its `name` and
// `label`. `found` is false when there is no such class.
struct AppConfigInfo {
  bool found = false;
  std::string class_name;
  std::optional<std::string> name, label;
  unsigned line = 0;  // 1-based line of the class
};
AppConfigInfo read_app_config(std::string_view source);

// The app label Django derives for an app in `app_folder` ("app/billing")
// whose apps.py is `apps_py` (nullopt when it has none): the AppConfig's
// `label`, else the last segment of its `name`, else the folder's last
// segment.
std::string django_app_label(std::string_view app_folder, const std::optional<std::string>& apps_py);

// `source` (an apps.py) with `label = "<label>"` added to its AppConfig class
// (read_app_config) on the line after its `name = ...` statement (else after
// the class's docstring, else as the body's first statement), indented as the body and in the file's line
// endings. nullopt when there is no AppConfig class, the file does not parse,
// or the class already assigns `label`.
std::optional<std::string> add_app_label(std::string_view source, std::string_view label);

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
// `value` — Error_TrackingConfig, docs/workflow.md trap 2 — it is corrected in place instead.
ListInsertion insert_into_list(std::string_view source, std::string_view list_name,
                               std::string_view value, std::string_view replace_prefix = {});

}  // namespace migrate::rewrite
