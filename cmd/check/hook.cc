#include "cmd/check/hook.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/fs.h"
#include "common/quote.h"

namespace migrate::cmd::check {

namespace fs = std::filesystem;

std::string hook_block() {
  // git hands the pushed refs to the hook on stdin. The block reads them,
  // audits them, and puts them back on stdin for the rest of the hook:
  // exactly the lines git gave, nothing (not an empty line) when no ref is
  // pushed.
  return std::string(kHookBegin) +
         "\n"
         "# Added by 'git migrate-check --install-hook'; remove with --uninstall-hook.\n"
         "git_migrate_check_refs=$(cat)\n"
         "printf '%s\\n' \"$git_migrate_check_refs\" | git migrate-check --pre-push \"$@\" || exit $?\n"
         "if [ -n \"$git_migrate_check_refs\" ]; then\n"
         "exec <<GIT_MIGRATE_CHECK_REFS\n"
         "$git_migrate_check_refs\n"
         "GIT_MIGRATE_CHECK_REFS\n"
         "else\n"
         "exec </dev/null\n"
         "fi\n" +
         kHookEnd + "\n";
}

namespace {

// [begin, end) of the block's lines in `content`; npos when absent.
std::pair<std::size_t, std::size_t> find_block(const std::string& content) {
  std::size_t b = content.find(kHookBegin);
  while (b != std::string::npos && b > 0 && content[b - 1] != '\n') b = content.find(kHookBegin, b + 1);
  if (b == std::string::npos) return {std::string::npos, std::string::npos};
  std::size_t e = content.find(kHookEnd, b);
  if (e == std::string::npos) return {b, std::string::npos};
  e = content.find('\n', e);
  e = e == std::string::npos ? content.size() : e + 1;
  return {b, e};
}

bool is_shell_shebang(const std::string& first_line) {
  if (first_line.rfind("#!", 0) != 0) return true;  // no shebang: git runs it with /bin/sh
  std::istringstream s(first_line.substr(2));
  std::string prog, arg;
  s >> prog >> arg;
  std::string name = prog.substr(prog.rfind('/') + 1);
  if (name == "env") name = arg;
  return name == "sh" || name == "bash" || name == "dash" || name == "zsh" || name == "ksh";
}

}  // namespace

HookEdit install_into(const std::optional<std::string>& content, std::string* result) {
  HookEdit e;
  if (!content) {
    *result = "#!/bin/sh\n" + hook_block();
    e.changed = true;
    e.message = "created the pre-push hook with the git-migrate-check block";
    return e;
  }
  auto [b, end] = find_block(*content);
  if (b != std::string::npos && end == std::string::npos) {
    e.ok = false;
    e.message = std::string("the git-migrate-check block has no end marker '") + kHookEnd + "'; fix the hook by hand";
    return e;
  }
  if (b != std::string::npos) {
    *result = content->substr(0, b) + hook_block() + content->substr(end);
    e.changed = *result != *content;
    e.message = e.changed ? "updated the git-migrate-check block of the pre-push hook"
                          : "the git-migrate-check block is already installed";
    return e;
  }
  const std::size_t nl = content->find('\n');
  const std::string first = content->substr(0, nl);
  if (!is_shell_shebang(first)) {
    e.ok = false;
    e.message = "the pre-push hook is not a shell script (" + first +
                "); call 'git migrate-check --pre-push \"$@\"' from it by hand";
    return e;
  }
  if (first.rfind("#!", 0) == 0) {
    const std::size_t after = nl == std::string::npos ? content->size() : nl + 1;
    *result = content->substr(0, after) + (nl == std::string::npos ? "\n" : "") + hook_block() + content->substr(after);
  } else {
    *result = hook_block() + *content;
  }
  e.changed = true;
  e.message = "added the git-migrate-check block to the pre-push hook";
  return e;
}

HookEdit uninstall_from(const std::string& content, std::string* result) {
  HookEdit e;
  auto [b, end] = find_block(content);
  if (b == std::string::npos) {
    *result = content;
    e.message = "the pre-push hook has no git-migrate-check block";
    return e;
  }
  if (end == std::string::npos) {
    e.ok = false;
    e.message = std::string("the git-migrate-check block has no end marker '") + kHookEnd + "'; fix the hook by hand";
    return e;
  }
  *result = content.substr(0, b) + content.substr(end);
  e.changed = true;
  e.message = "removed the git-migrate-check block from the pre-push hook";
  return e;
}

namespace {

// Nothing but a shebang and blank lines.
bool empty_script(const std::string& s) {
  std::istringstream in(s);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (first && line.rfind("#!", 0) == 0) { first = false; continue; }
    first = false;
    if (line.find_first_not_of(" \t\r") != std::string::npos) return false;
  }
  return true;
}

void write(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

void make_executable(const fs::path& p) {
  struct stat st;
  if (stat(p.c_str(), &st) != 0) return;
  mode_t m = st.st_mode | S_IXUSR;
  if (m & S_IRGRP) m |= S_IXGRP;
  if (m & S_IROTH) m |= S_IXOTH;
  if (m != st.st_mode) chmod(p.c_str(), m & 07777);
}

}  // namespace

HookEdit install_hook(const std::string& hooks_dir) {
  const fs::path file = fs::path(hooks_dir) / "pre-push";
  const std::optional<std::string> content = read_file(file.string());
  std::string result;
  HookEdit e = install_into(content, &result);
  if (e.ok && e.changed) {
    fs::create_directories(hooks_dir);
    write(file, result);
  }
  if (e.ok) make_executable(file);
  e.message += ": " + quote_path(file.string());
  return e;
}

HookEdit uninstall_hook(const std::string& hooks_dir) {
  const fs::path file = fs::path(hooks_dir) / "pre-push";
  const std::optional<std::string> content = read_file(file.string());
  if (!content) return {true, false, "there is no pre-push hook: " + file.string()};
  std::string result;
  HookEdit e = uninstall_from(*content, &result);
  if (e.ok && e.changed) {
    if (empty_script(result)) {
      fs::remove(file);
      e.message = "removed the pre-push hook, which held only the git-migrate-check block";
    } else {
      write(file, result);
    }
  }
  e.message += ": " + quote_path(file.string());
  return e;
}

}  // namespace migrate::cmd::check
