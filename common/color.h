// Colour as ARCHITECTURE.md states it: on only when the stream is a terminal
// and TERM is not "dumb"; NO_COLOR turns it off; git's color.migrate, then color.ui
// (always / never / auto / true / false) and --color=<when> are honoured, the
// flag first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace migrate::gitops { class Repository; }

namespace migrate {

enum class ColorWhen { kAuto, kAlways, kNever };
// Parses "always", "never", "auto" (and git's true/false); nullopt otherwise.
std::optional<ColorWhen> parse_color_when(std::string_view s);

// Decides for `fd` (1 or 2). `flag` from --color; repo may be null.
bool use_color(int fd, std::optional<ColorWhen> flag, const gitops::Repository* repo);

struct Palette {
  bool on = false;
  std::string_view red() const { return on ? "\033[31m" : ""; }
  std::string_view green() const { return on ? "\033[32m" : ""; }
  std::string_view yellow() const { return on ? "\033[33m" : ""; }
  std::string_view bold() const { return on ? "\033[1m" : ""; }
  std::string_view dim() const { return on ? "\033[2m" : ""; }
  std::string_view reset() const { return on ? "\033[m" : ""; }
};

}  // namespace migrate
