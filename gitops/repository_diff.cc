// Repository: tree-to-tree diffs with line counts (git diff --numstat -M).
#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "gitops/handles.h"
#include "gitops/internal.h"
#include "gitops/repository.h"

namespace migrate::gitops {

namespace {

FileMode mode_of(std::uint16_t m) {
  switch (m) {
    case GIT_FILEMODE_TREE: return FileMode::kTree;
    case GIT_FILEMODE_BLOB_EXECUTABLE: return FileMode::kExecutable;
    case GIT_FILEMODE_LINK: return FileMode::kLink;
    case GIT_FILEMODE_COMMIT: return FileMode::kCommit;
    case 0: return FileMode{};
    default: return FileMode::kBlob;
  }
}

FileStat::Kind kind_of(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_COPIED: return FileStat::Kind::kAdded;
    case GIT_DELTA_DELETED: return FileStat::Kind::kDeleted;
    case GIT_DELTA_RENAMED: return FileStat::Kind::kRenamed;
    case GIT_DELTA_TYPECHANGE: return FileStat::Kind::kTypeChanged;
    default: return FileStat::Kind::kModified;
  }
}

RepoPath parse_path(const char* p) {
  auto parsed = RepoPath::parse(p ? p : "");
  if (!parsed) throw GitError("diff trees", p ? p : "", "unexpected path in diff", GIT_EINVALID);
  return *parsed;
}

// git's diff.renameLimit default (git 2.33 and later).
constexpr std::size_t kDefaultRenameLimit = 1000;

// --- git's similarity estimate ---------------------------------------------
//
// libgit2's own metric (hashsig) pairs files that git does not (and the
// reverse), so renames would differ from `git diff -M`. This metric is git's
// estimate_similarity (diffcore-rename.c) over diffcore-delta.c's span
// hashes: content cut at newlines or every 64 bytes, each span hashed, and
// the score is the bytes of the new file found in the old one over the larger
// size. Only regular files take part in inexact matches, as in git.

constexpr unsigned kHashBase = 107927;
constexpr long long kMaxScore = 60000;

struct SpanSignature {
  std::size_t size = 0;
  std::vector<std::pair<unsigned, unsigned>> spans;  // (hash, bytes), sorted by hash
};

bool looks_binary(const char* buf, std::size_t len) {
  return std::memchr(buf, 0, std::min<std::size_t>(len, 8000)) != nullptr;
}

SpanSignature* span_signature(const char* data, std::size_t size) {
  auto* sig = new SpanSignature;
  sig->size = size;
  const bool is_text = !looks_binary(data, size);
  std::unordered_map<unsigned, unsigned> counts;
  unsigned accum1 = 0, accum2 = 0;
  unsigned n = 0;
  const auto* buf = reinterpret_cast<const unsigned char*>(data);
  std::size_t left = size;
  while (left) {
    const unsigned c = *buf++;
    const unsigned old1 = accum1;
    --left;
    if (is_text && c == '\r' && left && *buf == '\n') continue;  // CR of CRLF
    accum1 = (accum1 << 7) ^ (accum2 >> 25);
    accum2 = (accum2 << 7) ^ (old1 >> 25);
    accum1 += c;
    if (++n < 64 && c != '\n') continue;
    counts[(accum1 + accum2 * 0x61) % kHashBase] += n;
    n = 0;
    accum1 = accum2 = 0;
  }
  if (n > 0) counts[(accum1 + accum2 * 0x61) % kHashBase] += n;
  sig->spans.assign(counts.begin(), counts.end());
  std::sort(sig->spans.begin(), sig->spans.end());
  return sig;
}

bool is_regular(const git_diff_file* f) {
  return f->mode == GIT_FILEMODE_BLOB || f->mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

int git_buffer_signature(void** out, const git_diff_file* file, const char* buf, size_t len, void*) {
  *out = is_regular(file) ? span_signature(buf, len) : nullptr;
  return 0;
}

int git_file_signature(void** out, const git_diff_file* file, const char* fullpath, void*) {
  *out = nullptr;
  if (!is_regular(file)) return 0;
  std::ifstream in(fullpath, std::ios::binary);
  if (!in) return 0;
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  *out = span_signature(data.data(), data.size());
  return 0;
}

void free_signature(void* sig, void*) { delete static_cast<SpanSignature*>(sig); }

// `payload` points at the minimum score (git's scale, 0..60000).
int git_similarity(int* score, void* siga, void* sigb, void* payload) {
  const auto* src = static_cast<const SpanSignature*>(siga);
  const auto* dst = static_cast<const SpanSignature*>(sigb);
  const long long minimum = *static_cast<const long long*>(payload);
  const unsigned long long max_size = std::max(src->size, dst->size);
  const unsigned long long base_size = std::min(src->size, dst->size);
  const unsigned long long delta_size = max_size - base_size;
  *score = 0;
  // git does not consider edits that change the size this much.
  if (max_size * static_cast<unsigned long long>(kMaxScore - minimum) < delta_size * kMaxScore) return 0;
  if (max_size == 0) return 0;
  unsigned long long copied = 0;
  auto d = dst->spans.begin();
  for (const auto& [hash, count] : src->spans) {
    while (d != dst->spans.end() && d->first < hash) ++d;
    if (d != dst->spans.end() && d->first == hash) copied += std::min(count, d->second);
  }
  const long long git_score = static_cast<long long>(copied * kMaxScore / max_size);
  // libgit2 compares percentages with its threshold; git compares
  // git_score >= minimum. With minimum = threshold * 600 the two agree.
  *score = static_cast<int>(git_score * 100 / kMaxScore);
  return 0;
}

}  // namespace

std::vector<FileStat> Repository::diff_trees(const Oid& old_tree, const Oid& new_tree, bool detect_renames) const {
  TreeHandle a = lookup_tree_ish(repo_, old_tree);
  TreeHandle b = lookup_tree_ish(repo_, new_tree);
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  // A file that becomes a symlink (or the reverse) is one entry, as in git.
  opts.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
  DiffHandle diff;
  check_git(git_diff_tree_to_tree(out(diff), repo_, a.get(), b.get(), &opts), "diff trees",
            old_tree.hex() + ".." + new_tree.hex());
  if (detect_renames) {
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES;
    find.rename_threshold = 50;  // git's -M default
    long long minimum_score = find.rename_threshold * kMaxScore / 100;
    git_diff_similarity_metric metric{git_file_signature, git_buffer_signature, free_signature, git_similarity,
                                      &minimum_score};
    find.metric = &metric;
    find.rename_limit = kDefaultRenameLimit;
    if (auto limit = config_int("diff.renamelimit"); limit && *limit > 0) {
      find.rename_limit = static_cast<std::size_t>(*limit);
    }
    check_git(git_diff_find_similar(diff.get(), &find), "detect renames", old_tree.hex() + ".." + new_tree.hex());
  }
  std::vector<FileStat> result;
  const std::size_t n = git_diff_num_deltas(diff.get());
  result.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    PatchHandle patch;
    check_git(git_patch_from_diff(out(patch), diff.get(), i), "diff trees", old_tree.hex() + ".." + new_tree.hex());
    const git_diff_delta* d = patch ? git_patch_get_delta(patch.get()) : git_diff_get_delta(diff.get(), i);
    FileStat st;
    st.kind = kind_of(d->status);
    st.path = parse_path(st.kind == FileStat::Kind::kDeleted ? d->old_file.path : d->new_file.path);
    if (st.kind == FileStat::Kind::kRenamed) st.old_path = parse_path(d->old_file.path);
    st.old_mode = mode_of(d->old_file.mode);
    st.new_mode = mode_of(d->new_file.mode);
    st.old_oid = from_git(d->old_file.id);
    st.new_oid = from_git(d->new_file.id);
    st.binary = (d->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (st.kind == FileStat::Kind::kTypeChanged && d->old_file.mode != GIT_FILEMODE_COMMIT &&
        d->new_file.mode != GIT_FILEMODE_COMMIT) {
      // libgit2 gives a type change no lines; git counts it as the old
      // content removed and the new one added.
      BlobHandle old_blob, new_blob;
      check_git(git_blob_lookup(out(old_blob), repo_, &d->old_file.id), "read blob", st.path.str());
      check_git(git_blob_lookup(out(new_blob), repo_, &d->new_file.id), "read blob", st.path.str());
      check_git(git_patch_from_blobs(out(patch), old_blob.get(), d->old_file.path, new_blob.get(),
                                     d->new_file.path, nullptr),
                "diff blobs", st.path.str());
      st.binary = (git_patch_get_delta(patch.get())->flags & GIT_DIFF_FLAG_BINARY) != 0;
    }
    if (patch && !st.binary) {
      std::size_t adds = 0, dels = 0;
      check_git(git_patch_line_stats(nullptr, &adds, &dels, patch.get()), "count lines", st.path.str());
      st.added = static_cast<int>(adds);
      st.removed = static_cast<int>(dels);
    }
    result.push_back(std::move(st));
  }
  return result;
}

}  // namespace migrate::gitops
