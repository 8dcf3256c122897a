// The command line of git migrate-replace, parsed (cli.cc) and not yet
// merged with configuration (flags win over config, see run.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/color.h"

namespace migrate::cmd::replace {

struct Options {
  std::optional<std::string> fresh;     // <fresh>; unset with --undo
  std::optional<std::string> branch;    // <branch>; default: the current branch
  std::vector<std::string> excludes;    // --exclude, repeatable; empty: from config
  std::optional<std::string> message;   // -m
  std::optional<std::int64_t> deletion_threshold;
  std::optional<ColorWhen> color;
  std::optional<bool> progress;  // --progress / --no-progress (common/progress.h)
  bool undo = false;
  bool dry_run = false;
};

}  // namespace migrate::cmd::replace
