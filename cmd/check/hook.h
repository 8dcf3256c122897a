// --install-hook / --uninstall-hook: a marked block in the pre-push hook
// (core.hooksPath respected through Repository::hooks_dir). Whatever else
// the hook holds is kept; installing twice changes nothing; uninstalling
// removes only the block (and the file, when nothing but a shebang is left).
#pragma once

#include <optional>
#include <string>

namespace migrate::cmd::check {

inline constexpr const char* kHookBegin = "# >>> git-migrate-check >>>";
inline constexpr const char* kHookEnd = "# <<< git-migrate-check <<<";

// The block, begin and end markers included, ending with a newline.
std::string hook_block();

struct HookEdit {
  bool ok = true;         // false: refused (message says why), nothing written
  bool changed = false;
  std::string message;    // one line for the user
};

// Pure edits of the hook file's content (nullopt: no file yet).
HookEdit install_into(const std::optional<std::string>& content, std::string* result);
HookEdit uninstall_from(const std::string& content, std::string* result);

// Applied to <hooks_dir>/pre-push.
HookEdit install_hook(const std::string& hooks_dir);
HookEdit uninstall_hook(const std::string& hooks_dir);

}  // namespace migrate::cmd::check
