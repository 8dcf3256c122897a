// Dates as git accepts them in GIT_AUTHOR_DATE and GIT_COMMITTER_DATE:
//   git's internal format   "1112911993 +0200", "@1112911993 +0200", "@1112911993"
//   ISO 8601                "2005-04-07T22:13:13Z", "2005-04-07 22:13:13 +0200",
//                           "2005-04-07T22:13:13+02:00", "2005-04-07 22:13"
//   RFC 2822                "Thu, 07 Apr 2005 22:13:13 +0200"
//   git's default format    "Thu Apr 7 22:13:13 2005 +0200"
// A date without a zone is local time (TZ), as in git.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace migrate::gitops {

struct GitDate {
  std::int64_t time = 0;   // seconds since the epoch
  int offset_minutes = 0;  // east of UTC
};

std::optional<GitDate> parse_git_date(std::string_view text);

// The local zone's offset from UTC at `when`, in minutes.
int local_offset_minutes(std::int64_t when);

}  // namespace migrate::gitops
