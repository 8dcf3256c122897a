// RAII owners for libgit2 handles. Every handle the gitops core obtains from
// libgit2 is held by one of these from the moment it is created, so no path
// (early return or exception) leaks it.
//
//   CommitHandle c;
//   check(git_commit_lookup(out(c), repo, &oid), "look up commit", hex);
//
// Only gitops/*.cc include this header (it pulls in git2.h).
#pragma once

#include <cstring>
#include <memory>
#include <string>

#include <git2.h>

#include "gitops/types.h"

namespace migrate::gitops {

template <typename T, void (*Free)(T*)>
struct Git2Deleter {
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};

template <typename T, void (*Free)(T*)>
using Git2Handle = std::unique_ptr<T, Git2Deleter<T, Free>>;

using RepositoryHandle = Git2Handle<git_repository, git_repository_free>;
using ReferenceHandle = Git2Handle<git_reference, git_reference_free>;
using ReferenceIteratorHandle = Git2Handle<git_reference_iterator, git_reference_iterator_free>;
using ObjectHandle = Git2Handle<git_object, git_object_free>;
using CommitHandle = Git2Handle<git_commit, git_commit_free>;
using TreeHandle = Git2Handle<git_tree, git_tree_free>;
using TreeEntryHandle = Git2Handle<git_tree_entry, git_tree_entry_free>;
using TreeBuilderHandle = Git2Handle<git_treebuilder, git_treebuilder_free>;
using BlobHandle = Git2Handle<git_blob, git_blob_free>;
using IndexHandle = Git2Handle<git_index, git_index_free>;
using DiffHandle = Git2Handle<git_diff, git_diff_free>;
using PatchHandle = Git2Handle<git_patch, git_patch_free>;
using ConfigHandle = Git2Handle<git_config, git_config_free>;
using ConfigIteratorHandle = Git2Handle<git_config_iterator, git_config_iterator_free>;
using SignatureHandle = Git2Handle<git_signature, git_signature_free>;
using RevwalkHandle = Git2Handle<git_revwalk, git_revwalk_free>;
using StatusListHandle = Git2Handle<git_status_list, git_status_list_free>;
using OdbHandle = Git2Handle<git_odb, git_odb_free>;
using WorktreeHandle = Git2Handle<git_worktree, git_worktree_free>;

// A git_strarray owned for the scope.
class StrArrayHandle {
 public:
  StrArrayHandle() = default;
  ~StrArrayHandle() { git_strarray_dispose(&array_); }
  StrArrayHandle(const StrArrayHandle&) = delete;
  StrArrayHandle& operator=(const StrArrayHandle&) = delete;
  git_strarray* get() { return &array_; }
  std::size_t size() const { return array_.count; }
  const char* operator[](std::size_t i) const { return array_.strings[i]; }

 private:
  git_strarray array_{nullptr, 0};
};

// A git_buf owned for the scope: disposed on destruction.
class BufHandle {
 public:
  BufHandle() = default;
  ~BufHandle() { git_buf_dispose(&buf_); }
  BufHandle(const BufHandle&) = delete;
  BufHandle& operator=(const BufHandle&) = delete;
  git_buf* get() { return &buf_; }
  std::string str() const { return buf_.ptr ? std::string(buf_.ptr, buf_.size) : std::string(); }

 private:
  git_buf buf_ = GIT_BUF_INIT;
};

// out(handle) passes a `T**` to a libgit2 constructor and hands the result to
// `handle` at the end of the full expression (also when an exception leaves
// it, so nothing leaks).
template <typename Handle>
class OutParam {
 public:
  explicit OutParam(Handle& h) : handle_(h) {}
  ~OutParam() { handle_.reset(raw_); }
  OutParam(const OutParam&) = delete;
  OutParam& operator=(const OutParam&) = delete;
  operator typename Handle::pointer*() { return &raw_; }  // NOLINT: implicit by design

 private:
  Handle& handle_;
  typename Handle::pointer raw_ = nullptr;
};

template <typename Handle>
OutParam<Handle> out(Handle& h) {
  return OutParam<Handle>(h);
}

// Conversions between the core's Oid and libgit2's git_oid.
inline git_oid to_git(const Oid& id) {
  git_oid g;
  std::memcpy(g.id, id.raw().data(), Oid::kRawSize);
  return g;
}
inline Oid from_git(const git_oid& g) {
  std::array<unsigned char, Oid::kRawSize> raw;
  std::memcpy(raw.data(), g.id, Oid::kRawSize);
  return Oid(raw);
}

}  // namespace migrate::gitops
