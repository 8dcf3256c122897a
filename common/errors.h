// The top of every command's main(): initialises libgit2 and maps the
// exceptions that escape the command to the exit codes listed in ARCHITECTURE.md.
//
//   int main(int argc, char** argv) {
//     return migrate::guarded_main("git-migrate-replace", [&] { return run(argc, argv); });
//   }
#pragma once

#include <functional>
#include <string_view>

namespace migrate {

// Runs `body` and returns its exit code. On an escaping exception prints one
// line to stderr and returns:
//   gitops::GitError     "<command>: fatal: <what>"   128
//   migrate::ConfigError "<command>: error: <what>"   2
//   std::exception       "<command>: fatal: <what>"   128
// <what> with its control characters escaped (escape_controls, line breaks
// kept): a message may quote user input.
int guarded_main(std::string_view command_name, const std::function<int()>& body);

}  // namespace migrate
