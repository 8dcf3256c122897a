#include "common/color.h"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string>

#include "gitops/repository.h"

namespace migrate {

std::optional<ColorWhen> parse_color_when(std::string_view s) {
  std::string v(s);
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "always") return ColorWhen::kAlways;
  if (v == "never") return ColorWhen::kNever;
  if (v == "auto") return ColorWhen::kAuto;
  // git: a true boolean means "auto" (since git 1.8.4), false means "never".
  if (v == "true" || v == "yes" || v == "on" || v == "1") return ColorWhen::kAuto;
  if (v == "false" || v == "no" || v == "off" || v == "0") return ColorWhen::kNever;
  return std::nullopt;
}

namespace {

bool auto_color(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  // git: an unset TERM counts as dumb.
  if (!term || std::string_view(term) == "dumb") return false;
  if (isatty(fd)) return true;
  // Run by git with its pager on stdout: git's color.pager defaults to true.
  const char* pager = std::getenv("GIT_PAGER_IN_USE");
  return fd == 1 && pager && *pager && std::string_view(pager) != "false" && std::string_view(pager) != "0";
}

std::optional<ColorWhen> from_config(const gitops::Repository& repo) {
  for (const char* key : {"color.migrate", "color.ui"}) {
    if (auto v = repo.config_string(key)) {
      if (auto when = parse_color_when(*v)) return when;
    }
  }
  return std::nullopt;
}

}  // namespace

bool use_color(int fd, std::optional<ColorWhen> flag, const gitops::Repository* repo) {
  std::optional<ColorWhen> when = flag;
  if (!when && repo) when = from_config(*repo);
  switch (when.value_or(ColorWhen::kAuto)) {
    case ColorWhen::kAlways: return true;
    case ColorWhen::kNever: return false;
    case ColorWhen::kAuto: return auto_color(fd);
  }
  return false;
}

}  // namespace migrate
