// Repository-relative paths in normal form: the one place the suite resolves
// "." and ".." in a '/'-separated path (a command's PATH argument joined to
// the worktree prefix, an Alembic script or version location joined to its
// configuration's folder).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace migrate::rewrite {

// `path` with its empty and "." segments dropped and each ".." taking away
// the segment before it: "a/./b/../c/" -> "a/c", "." -> "". nullopt when a
// ".." climbs above the repository root ("a/../.."). A leading '/' is an empty
// segment like any other: callers refuse absolute paths before they ask.
std::optional<std::string> normalize_repo_path(std::string_view path);

}  // namespace migrate::rewrite
