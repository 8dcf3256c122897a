// Repository: tree-to-tree diffs with line counts (git diff --numstat -M).
#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "common/fs.h"
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
  const std::optional<std::string> data = read_file(fullpath);
  if (!data) return 0;
  *out = span_signature(data->data(), data->size());
  return 0;
}

void free_signature(void* sig, void*) { delete static_cast<SpanSignature*>(sig); }

// `payload` points at the minimum score (git's scale, 0..60000).
// git's estimate_similarity on git's scale (0..kMaxScore); 0 when the sizes
// differ too much for `minimum` to be reachable.
long long git_score(const SpanSignature* src, const SpanSignature* dst, long long minimum) {
  const unsigned long long max_size = std::max(src->size, dst->size);
  const unsigned long long base_size = std::min(src->size, dst->size);
  const unsigned long long delta_size = max_size - base_size;
  // git does not consider edits that change the size this much.
  if (max_size * static_cast<unsigned long long>(kMaxScore - minimum) < delta_size * kMaxScore) return 0;
  if (max_size == 0) return 0;
  unsigned long long copied = 0;
  auto d = dst->spans.begin();
  for (const auto& [hash, count] : src->spans) {
    while (d != dst->spans.end() && d->first < hash) ++d;
    if (d != dst->spans.end() && d->first == hash) copied += std::min(count, d->second);
  }
  return static_cast<long long>(copied * kMaxScore / max_size);
}

int git_similarity(int* score, void* siga, void* sigb, void* payload) {
  const long long minimum = *static_cast<const long long*>(payload);
  // libgit2 compares percentages with its threshold; git compares
  // git_score >= minimum. With minimum = threshold * 600 the two agree.
  *score = static_cast<int>(git_score(static_cast<const SpanSignature*>(siga), static_cast<const SpanSignature*>(sigb),
                                      minimum) *
                            100 / kMaxScore);
  return 0;
}

}  // namespace

namespace {

bool is_blob_mode(std::uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK;
}

std::string_view base_name(const char* path) {
  const std::string_view p(path);
  const std::size_t slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

// Exact renames, as git's find_exact_renames pairs them: a deleted and an
// added file with the same blob and the same kind (file or symlink), each
// deleted file used once, one with the same file name preferred. No limit:
// a hash lookup per added file. Returns added delta index -> deleted index.
std::unordered_map<std::size_t, std::size_t> pair_exact_renames(git_diff* diff) {
  struct Source {
    std::size_t idx;
    bool used = false;
  };
  std::unordered_map<std::string, std::vector<Source>> by_blob;
  const std::size_t n = git_diff_num_deltas(diff);
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    if (d->status != GIT_DELTA_DELETED || !is_blob_mode(d->old_file.mode)) continue;
    by_blob[std::string(reinterpret_cast<const char*>(d->old_file.id.id), GIT_OID_RAWSZ)].push_back({i});
  }
  std::unordered_map<std::size_t, std::size_t> pairs;
  if (by_blob.empty()) return pairs;
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    if (d->status != GIT_DELTA_ADDED || !is_blob_mode(d->new_file.mode)) continue;
    auto it = by_blob.find(std::string(reinterpret_cast<const char*>(d->new_file.id.id), GIT_OID_RAWSZ));
    if (it == by_blob.end()) continue;
    const bool link = d->new_file.mode == GIT_FILEMODE_LINK;
    Source* best = nullptr;
    for (Source& src : it->second) {
      const git_diff_delta* s = git_diff_get_delta(diff, src.idx);
      if (src.used || (s->old_file.mode == GIT_FILEMODE_LINK) != link) continue;
      if (base_name(s->old_file.path) == base_name(d->new_file.path)) {
        best = &src;
        break;
      }
      if (!best) best = &src;
    }
    if (!best) continue;
    best->used = true;
    pairs.emplace(i, best->idx);
  }
  return pairs;
}

// git's too_many_rename_candidates: the similarity search is skipped when
// both sides exceed the limit or their product exceeds its square.
bool too_many_rename_candidates(std::size_t sources, std::size_t destinations, std::size_t limit) {
  if (sources <= limit || destinations <= limit) {
    return static_cast<unsigned long long>(sources) * destinations >
           static_cast<unsigned long long>(limit) * limit;
  }
  return true;
}

// A rename found by file name (below): its line counts, from the blobs
// already read.
struct NamedRename {
  std::size_t source;
  int added = 0, removed = 0;
  bool binary = false;
};

// git's find_basename_matches: after exact renames and before the limited
// similarity search, a deleted and an added regular file whose file name is
// unique on each side are a rename when they are similar enough (a higher
// bar than the search's: halfway from its minimum to identical). Moving a
// package and editing its imports keeps the file names, so large moves are
// found here whatever diff.renameLimit says. Added index -> rename.
std::unordered_map<std::size_t, NamedRename> pair_renames_by_name(git_repository* repo, git_diff* diff,
                                                                  const std::vector<bool>& taken,
                                                                  long long minimum_score) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> sources, targets;
  const std::size_t n = git_diff_num_deltas(diff);
  for (std::size_t i = 0; i < n; ++i) {
    if (taken[i]) continue;
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    if (d->status == GIT_DELTA_DELETED && is_regular(&d->old_file)) sources[base_name(d->old_file.path)].push_back(i);
    if (d->status == GIT_DELTA_ADDED && is_regular(&d->new_file)) targets[base_name(d->new_file.path)].push_back(i);
  }
  const long long bar = minimum_score + (kMaxScore - minimum_score) / 2;
  std::unordered_map<std::size_t, NamedRename> found;
  for (const auto& [name, tgts] : targets) {
    auto src = sources.find(name);
    if (tgts.size() != 1 || src == sources.end() || src->second.size() != 1) continue;
    const git_diff_delta* t = git_diff_get_delta(diff, tgts[0]);
    const git_diff_delta* f = git_diff_get_delta(diff, src->second[0]);
    BlobHandle old_blob, new_blob;
    // A blob that cannot be read leaves the pair to the similarity search.
    if (git_blob_lookup(out(old_blob), repo, &f->old_file.id) != 0) continue;
    if (git_blob_lookup(out(new_blob), repo, &t->new_file.id) != 0) continue;
    std::unique_ptr<SpanSignature> a(span_signature(static_cast<const char*>(git_blob_rawcontent(old_blob.get())),
                                                    static_cast<std::size_t>(git_blob_rawsize(old_blob.get()))));
    std::unique_ptr<SpanSignature> b(span_signature(static_cast<const char*>(git_blob_rawcontent(new_blob.get())),
                                                    static_cast<std::size_t>(git_blob_rawsize(new_blob.get()))));
    if (git_score(a.get(), b.get(), bar) < bar) continue;
    NamedRename r{src->second[0]};
    PatchHandle patch;
    check_git(git_patch_from_blobs(out(patch), old_blob.get(), f->old_file.path, new_blob.get(), t->new_file.path,
                                   nullptr),
              "diff blobs", t->new_file.path);
    r.binary = (git_patch_get_delta(patch.get())->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (!r.binary) {
      std::size_t adds = 0, dels = 0;
      check_git(git_patch_line_stats(nullptr, &adds, &dels, patch.get()), "count lines", t->new_file.path);
      r.added = static_cast<int>(adds);
      r.removed = static_cast<int>(dels);
    }
    found.emplace(tgts[0], r);
  }
  return found;
}

// The rename of `source` (a deleted file's delta) to `target` (an added
// file's) paired before the similarity search, without line counts.
FileStat paired_rename(const git_diff_delta* source, const git_diff_delta* target) {
  FileStat st;
  st.kind = FileStat::Kind::kRenamed;
  st.path = parse_path(target->new_file.path);
  st.old_path = parse_path(source->old_file.path);
  st.old_mode = mode_of(source->old_file.mode);
  st.new_mode = mode_of(target->new_file.mode);
  st.old_oid = from_git(source->old_file.id);
  st.new_oid = from_git(target->new_file.id);
  return st;
}

}  // namespace

std::vector<FileStat> Repository::diff_trees(const Oid& old_tree, const Oid& new_tree, bool detect_renames,
                                             RenameDetection* detection, bool count_lines) const {
  TreeHandle a = lookup_tree_ish(repo_, old_tree);
  TreeHandle b = lookup_tree_ish(repo_, new_tree);
  const std::string range = old_tree.hex() + ".." + new_tree.hex();
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  // A file that becomes a symlink (or the reverse) is one entry, as in git.
  opts.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
  DiffHandle diff;
  check_git(git_diff_tree_to_tree(out(diff), repo_, a.get(), b.get(), &opts), "diff trees", range);
  const std::size_t n = git_diff_num_deltas(diff.get());

  // Renames in two steps, as git finds them: exact ones (same blob) always
  // and without a limit; then a similarity search over what is left, only
  // within diff.renameLimit (git skips it, and says so, above the limit).
  std::unordered_map<std::size_t, std::size_t> exact;  // added -> deleted (indices in diff)
  std::vector<bool> paired_source(n, false);
  DiffHandle similar;  // the unpaired added and deleted files, renames found
  std::unordered_map<std::string, std::size_t> similar_target;  // new path -> delta index in `similar`
  std::unordered_map<std::size_t, NamedRename> named;  // added -> rename found by file name
  long long minimum_score = 50 * kMaxScore / 100;     // git's -M default, 50%
  if (detect_renames) {
    exact = pair_exact_renames(diff.get());
    std::vector<bool> taken(n, false);
    for (const auto& [tgt, src] : exact) paired_source[src] = taken[src] = taken[tgt] = true;
    named = pair_renames_by_name(repo_, diff.get(), taken, minimum_score);
    for (const auto& [tgt, r] : named) paired_source[r.source] = true;
    std::vector<std::string> paths;
    std::size_t sources = 0, destinations = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
      if (d->status == GIT_DELTA_DELETED && !paired_source[i] && d->old_file.mode != GIT_FILEMODE_COMMIT) {
        ++sources;
        paths.emplace_back(d->old_file.path);
      } else if (d->status == GIT_DELTA_ADDED && !exact.count(i) && !named.count(i) &&
                 d->new_file.mode != GIT_FILEMODE_COMMIT) {
        ++destinations;
        paths.emplace_back(d->new_file.path);
      }
    }
    std::size_t limit = kDefaultRenameLimit;
    if (auto l = config_int("diff.renamelimit"); l && *l > 0) limit = static_cast<std::size_t>(*l);
    if (detection) *detection = RenameDetection{exact.size(), named.size(), false, sources, destinations, limit, ""};
    if (sources && destinations && too_many_rename_candidates(sources, destinations, limit)) {
      if (detection) detection->similarity_skipped = true;
    } else if (sources && destinations) {
      std::vector<char*> specs;
      for (std::string& p : paths) specs.push_back(p.data());
      git_diff_options sub = opts;
      sub.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
      sub.pathspec = {specs.data(), specs.size()};
      check_git(git_diff_tree_to_tree(out(similar), repo_, a.get(), b.get(), &sub), "diff trees", range);
      git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
      find.flags = GIT_DIFF_FIND_RENAMES;
      find.rename_threshold = 50;  // git's -M default
      git_diff_similarity_metric metric{git_file_signature, git_buffer_signature, free_signature, git_similarity,
                                        &minimum_score};
      find.metric = &metric;
      find.rename_limit = std::max(sources, destinations);  // the limit was applied above, as git applies it
      const int rc = git_diff_find_similar(similar.get(), &find);
      if (rc == GIT_ENOTFOUND) {
        // A blob is missing (a partial clone, a damaged repository): no
        // similarity search; exact renames and every line count that can
        // be read still are.
        if (detection) {
          detection->similarity_skipped = true;
          const git_error* e = git_error_last();
          detection->similarity_error = e && e->message ? e->message : "object not found";
        }
        similar.reset();
      } else {
        check_git(rc, "detect renames", range);
        const std::size_t m = git_diff_num_deltas(similar.get());
        for (std::size_t i = 0; i < m; ++i) {
          const git_diff_delta* d = git_diff_get_delta(similar.get(), i);
          if (d->status == GIT_DELTA_RENAMED) similar_target.emplace(d->new_file.path, i);
        }
      }
    }
  }
  std::unordered_map<std::string, bool> similar_source;  // old paths renamed by the similarity search
  for (const auto& [path, i] : similar_target) similar_source.emplace(git_diff_get_delta(similar.get(), i)->old_file.path, true);

  std::vector<FileStat> result;
  result.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    if (paired_source[i]) continue;
    if (d->status == GIT_DELTA_DELETED && similar_source.count(d->old_file.path)) continue;
    if (auto e = exact.find(i); e != exact.end()) {
      // Same blob: nothing to count, nothing to read.
      result.push_back(paired_rename(git_diff_get_delta(diff.get(), e->second), d));
      continue;
    }
    if (auto r = named.find(i); r != named.end()) {
      FileStat st = paired_rename(git_diff_get_delta(diff.get(), r->second.source), d);
      st.added = r->second.added;
      st.removed = r->second.removed;
      st.binary = r->second.binary;
      result.push_back(std::move(st));
      continue;
    }
    FileStat st;
    git_diff* from = diff.get();
    std::size_t index = i;
    if (d->status == GIT_DELTA_ADDED) {
      if (auto t = similar_target.find(d->new_file.path); t != similar_target.end()) {
        from = similar.get();
        index = t->second;
      }
    }
    PatchHandle patch;
    const int rc = count_lines ? git_patch_from_diff(out(patch), from, index) : 0;
    if (rc == GIT_ENOTFOUND) {
      st.unreadable = true;  // a missing blob: the entry stays, its line counts are unknown
    } else {
      check_git(rc, "diff trees", range);
    }
    d = patch ? git_patch_get_delta(patch.get()) : git_diff_get_delta(from, index);
    st.kind = kind_of(d->status);
    st.path = parse_path(st.kind == FileStat::Kind::kDeleted ? d->old_file.path : d->new_file.path);
    if (st.kind == FileStat::Kind::kRenamed) st.old_path = parse_path(d->old_file.path);
    st.old_mode = mode_of(d->old_file.mode);
    st.new_mode = mode_of(d->new_file.mode);
    st.old_oid = from_git(d->old_file.id);
    st.new_oid = from_git(d->new_file.id);
    st.binary = (d->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (count_lines && st.kind == FileStat::Kind::kTypeChanged && d->old_file.mode != GIT_FILEMODE_COMMIT &&
        d->new_file.mode != GIT_FILEMODE_COMMIT && !st.unreadable) {
      // libgit2 gives a type change no lines; git counts it as the old
      // content removed and the new one added.
      BlobHandle old_blob, new_blob;
      const int ro = git_blob_lookup(out(old_blob), repo_, &d->old_file.id);
      const int rn = ro == 0 ? git_blob_lookup(out(new_blob), repo_, &d->new_file.id) : ro;
      if (ro == GIT_ENOTFOUND || rn == GIT_ENOTFOUND) {
        st.unreadable = true;
        patch.reset();
      } else {
        check_git(ro, "read blob", st.path.str());
        check_git(rn, "read blob", st.path.str());
        check_git(git_patch_from_blobs(out(patch), old_blob.get(), d->old_file.path, new_blob.get(),
                                       d->new_file.path, nullptr),
                  "diff blobs", st.path.str());
        st.binary = (git_patch_get_delta(patch.get())->flags & GIT_DIFF_FLAG_BINARY) != 0;
      }
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
