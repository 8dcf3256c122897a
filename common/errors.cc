#include "common/errors.h"

#include <malloc.h>

#include <iostream>
#include <string>

#include "common/config.h"
#include "common/exit_codes.h"
#include "common/quote.h"
#include "gitops/error.h"
#include "gitops/promisor.h"
#include "gitops/repository.h"

namespace migrate {

int guarded_main(std::string_view command_name, const std::function<int()>& body) {
  const std::string name(command_name);
  // Memory a command frees (the contents of one file, a syntax tree) is
  // soon wanted again by the next file: keep it in the process instead of
  // giving it back to the system at every free and faulting it in anew.
  // glibc's defaults (mmap from 128 KiB, trim above 128 KiB, both raised
  // dynamically) cost git-migrate-check a third of its page faults on a
  // monorepo (saleor: 15,400 faults against 11,400, 8% of its CPU time).
  // What a run holds at its peak is unchanged.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  // libgit2 stays initialised while the handlers below look at the
  // repository (missing_object_hints).
  gitops::Library library;
  // What an error says may carry user input (a revision, a path, a value
  // from a configuration file): its control characters are escaped, as
  // git escapes paths, so that no input can drive the terminal.
  try {
    return body();
  } catch (const gitops::GitError& e) {
    std::cerr << name << ": fatal: " << escape_controls(e.what(), true) << std::endl;
    // A missing object in a shallow or partial clone: say what to run.
    for (const auto& h : gitops::missing_object_hints(e)) std::cerr << "hint: " << escape_controls(h) << '\n';
    return kExitGitFailed;
  } catch (const ConfigError& e) {
    std::cerr << name << ": error: " << escape_controls(e.what(), true) << std::endl;
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << name << ": fatal: " << escape_controls(e.what(), true) << std::endl;
    return kExitGitFailed;
  }
}

}  // namespace migrate
