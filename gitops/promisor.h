// Partial and shallow clones, which libgit2 1.5 cannot complete itself.
//
// A partial clone (`git clone --filter=blob:none`) lacks objects its promisor
// remote promises to send on demand; git fetches them lazily, libgit2 does
// not. install_promisor_backend() gives a repository's object database one
// more backend, consulted after the loose and packed objects: it asks a
// `git cat-file --batch` child for the object, which makes git fetch it from
// the promisor remote (one `git fetch` of that id, negotiation skipped) and
// keep it, so the work goes on where libgit2 alone says "object not found".
// The child starts at the first missing object and ends with the repository.
//
// A shallow clone (.git/shallow) has no history beyond its boundary commits;
// nothing is fetched for it. missing_object_hints() turns the resulting
// "object not found" into what to run.
#pragma once

#include <string>
#include <vector>

struct git_repository;

namespace migrate::gitops {

class GitError;

// True when `repo` has a promisor remote (remote.<name>.promisor, or
// extensions.partialClone naming one); the backend is added then.
bool install_promisor_backend(git_repository* repo);

// The commits of $GIT_COMMON_DIR/shallow, sorted; empty for a full clone.
std::vector<std::string> shallow_boundary(const std::string& common_dir);

// For an error that escapes a command: when it is a missing object in a
// shallow or partial clone (the repository found from the current directory),
// the lines that say so and what to run ("hint: ..." without the prefix).
// Empty otherwise.
std::vector<std::string> missing_object_hints(const GitError& e);

}  // namespace migrate::gitops
