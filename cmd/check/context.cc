#include "cmd/check/context.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <utility>

#include "rewrite/parallel.h"

namespace migrate::cmd::check {

using gitops::FileStat;
using gitops::Oid;
using gitops::RepoPath;

bool is_python(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".py") == 0;
}

// ---------------------------------------------------------------------------
namespace {

// The blob, or nullopt (recorded) when the object database lacks it.
std::optional<std::string> read_or_record(const gitops::Repository& repo, const std::string& path, const Oid& blob,
                                          const MissingBlobs* missing, const gitops::WorktreeCopies* copies = nullptr) {
  if (copies) {
    if (auto copy = copies->read(path, blob)) return copy;
  }
  try {
    return repo.read_blob(blob);
  } catch (const gitops::GitError& e) {
    if (!e.not_found() || !missing) throw;
    missing->add(path, blob);
    return std::nullopt;
  }
}

}  // namespace

TreeFileSource::TreeFileSource(const gitops::Repository& repo, std::optional<Oid> tree, const MissingBlobs* missing)
    : repo_(repo), tree_(std::move(tree)), missing_(missing) {}

const std::vector<std::string>& TreeFileSource::paths() const {
  if (!paths_) {
    paths_.emplace();
    if (tree_) {
      for (gitops::TreeEntry& e : repo_.list_files(*tree_)) {
        paths_->push_back(e.path.str());
        entries_.emplace(e.path.str(), std::move(e));
      }
      std::sort(paths_->begin(), paths_->end());
    }
  }
  return *paths_;
}

std::optional<std::string> TreeFileSource::read(const std::string& path) const {
  if (!tree_) return std::nullopt;
  if (paths_) {
    const auto it = entries_.find(path);
    if (it == entries_.end()) return std::nullopt;
    const gitops::FileMode mode = it->second.mode;
    if (mode == gitops::FileMode::kCommit || mode == gitops::FileMode::kTree) return std::nullopt;
    return read_or_record(repo_, path, it->second.oid, missing_);
  }
  auto p = RepoPath::parse(path);
  if (!p) return std::nullopt;
  const auto entry = repo_.tree_entry(*tree_, *p);
  if (!entry || entry->mode == gitops::FileMode::kCommit || entry->mode == gitops::FileMode::kTree) return std::nullopt;
  return read_or_record(repo_, path, entry->oid, missing_);
}

std::optional<std::string> AuditContext::read_blob(const std::string& path, const Oid& blob) const {
  return read_or_record(repo_, path, blob, &missing_, &worktree_copies());
}

const gitops::WorktreeCopies& AuditContext::worktree_copies() const {
  if (!copies_) copies_.emplace(repo_, ".py");
  return *copies_;
}

const gitops::TreeEntry* TreeFileSource::entry(const std::string& path) const {
  paths();
  const auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------
namespace {

std::optional<Oid> tree_of(const gitops::Repository& repo, const std::optional<Oid>& commit) {
  if (!commit) return std::nullopt;
  return repo.commit(*commit).tree;
}

std::vector<FileStat> diff(const gitops::Repository& repo, const std::optional<Oid>& from,
                           const Oid& to, gitops::RenameDetection* detection = nullptr) {
  if (from) return repo.diff_trees(*from, to, true, detection);
  // From the empty tree: every file is added (line counts are not needed for
  // added files by any rule but large-deletion, which only counts losses).
  std::vector<FileStat> out;
  for (const gitops::TreeEntry& e : repo.list_files(to)) {
    FileStat f;
    f.kind = FileStat::Kind::kAdded;
    f.path = e.path;
    f.new_mode = e.mode;
    f.new_oid = e.oid;
    out.push_back(std::move(f));
  }
  return out;
}

// What `commit` changed. A merge changed a path only when its result differs
// from every parent.
CommitChanges changes_of_commit(const gitops::Repository& repo, const Oid& id) {
  const gitops::CommitInfo info = repo.commit(id);
  CommitChanges c{id, info.tree, {}};
  if (info.parents.empty()) {
    c.files = diff(repo, std::nullopt, info.tree);
    return c;
  }
  // Which paths a commit changed is all the rules ask of it: no line counts.
  c.files = repo.diff_trees(repo.commit(info.parents[0]).tree, info.tree, /*detect_renames=*/false, nullptr,
                            /*count_lines=*/false);
  for (std::size_t i = 1; i < info.parents.size() && !c.files.empty(); ++i) {
    std::set<RepoPath> differs;
    for (const FileStat& f : repo.diff_trees(repo.commit(info.parents[i]).tree, info.tree, false, nullptr, false)) {
      differs.insert(f.path);
    }
    std::erase_if(c.files, [&](const FileStat& f) { return !differs.count(f.path); });
  }
  return c;
}

}  // namespace

AuditContext::AuditContext(const gitops::Repository& repo, const Config& config,
                           const CheckSettings& settings, AuditRange range)
    : repo_(repo),
      config_(config),
      settings_(settings),
      range_(std::move(range)),
      start_tree_(tree_of(repo, range_.base)),
      end_tree_(repo.commit(range_.tip).tree),
      start_files_(repo, start_tree_, &missing_),
      end_files_(repo, end_tree_, &missing_) {
  if (range_.commits.empty()) return;  // nothing to audit: no changes at all
  changes_ = diff(repo_, start_tree_, end_tree_, &rename_detection_);
  // An entry whose lines could not be counted: record which of its blobs
  // the object database lacks (large-deletion reports the entry itself).
  // An added file loses no lines, so its count is not needed: a rule that
  // reads it records it if it is missing.
  for (const FileStat& f : changes_) {
    if (!f.unreadable || f.kind == FileStat::Kind::kAdded) continue;
    const std::string old_path = f.old_path ? f.old_path->str() : f.path.str();
    if (!f.old_oid.is_zero()) read_blob(old_path, f.old_oid);
    if (!f.new_oid.is_zero()) read_blob(f.path.str(), f.new_oid);
  }
  if (range_.commits.size() == 1) {
    // One commit on top of the base (the usual push): its own changes are
    // the net ones, no second diff needed.
    const gitops::CommitInfo only = repo_.commit(range_.commits.front());
    const bool on_base = only.parents.size() == 1 ? range_.base == only.parents.front()
                                                  : only.parents.empty() && !range_.base;
    if (on_base) commit_changes_.push_back({only.id, only.tree, changes_});
  }
  if (commit_changes_.empty()) {
    for (const Oid& c : range_.commits) commit_changes_.push_back(changes_of_commit(repo_, c));
  }
  for (const FileStat& f : changes_) {
    using K = FileStat::Kind;
    const std::string new_path = f.path.str();
    const std::string old_path = f.old_path ? f.old_path->str() : new_path;
    if (f.kind != K::kAdded && is_python(old_path) && !f.old_oid.is_zero()) start_blobs_[old_path] = f.old_oid;
    if (f.kind != K::kDeleted && is_python(new_path) && !f.new_oid.is_zero()) end_blobs_[new_path] = f.new_oid;
  }
}

const std::string* AuditContext::source(Side side, const std::string& path) const {
  const auto& blobs = side == Side::kStart ? start_blobs_ : end_blobs_;
  auto b = blobs.find(path);
  if (b == blobs.end()) return nullptr;
  auto it = sources_.find(b->second);
  if (it == sources_.end()) {
    auto text = read_blob(path, b->second);
    if (!text) return nullptr;
    it = sources_.emplace(b->second, std::move(*text)).first;
  }
  return &it->second;
}

const rewrite::ParsedFile* AuditContext::parsed(Side side, const std::string& path) const {
  const auto& blobs = side == Side::kStart ? start_blobs_ : end_blobs_;
  auto b = blobs.find(path);
  if (b == blobs.end()) return nullptr;
  auto it = by_blob_.find(b->second);
  if (it == by_blob_.end()) {
    const std::string* text = source(side, path);
    if (!text) return nullptr;
    it = by_blob_.emplace(b->second, std::make_unique<rewrite::ParsedFile>(*text)).first;
  }
  return it->second.get();
}

void AuditContext::parse_ahead(Side side, const std::vector<std::string>& paths) const {
  const auto& blobs = side == Side::kStart ? start_blobs_ : end_blobs_;
  struct Job {
    Oid blob;
    const std::string* source;
    std::unique_ptr<rewrite::ParsedFile> parsed;
  };
  std::vector<Job> jobs;
  std::set<Oid> queued;
  for (const std::string& p : paths) {
    auto b = blobs.find(p);
    if (b == blobs.end() || by_blob_.count(b->second) || !queued.insert(b->second).second) continue;
    const std::string* text = source(side, p);  // blobs are read here, on this thread
    if (text) jobs.push_back({b->second, text, nullptr});
  }
  if (jobs.empty()) return;
  // Largest first, so that no thread is left with a big file at the end.
  std::stable_sort(jobs.begin(), jobs.end(),
                   [](const Job& a, const Job& b) { return a.source->size() > b.source->size(); });
  Progress progress(progress_, progress_title("Parsing"), jobs.size());
  rewrite::parallel_for_workers(jobs.size(), rewrite::worker_count(jobs.size(), threads_),
                                [&](std::size_t i, unsigned) {
                                  jobs[i].parsed = std::make_unique<rewrite::ParsedFile>(*jobs[i].source);
                                  progress.tick();
                                });
  progress.stop();
  for (Job& j : jobs) by_blob_[j.blob] = std::move(j.parsed);
}

const rewrite::ParsedFile* AuditContext::parsed_if_done(Side side, const std::string& path) const {
  const auto& blobs = side == Side::kStart ? start_blobs_ : end_blobs_;
  auto b = blobs.find(path);
  if (b == blobs.end()) return nullptr;
  auto it = by_blob_.find(b->second);
  return it == by_blob_.end() ? nullptr : it->second.get();
}

void AuditContext::for_each_end_python(
    const std::function<void(const std::string& path, const std::string& content)>& visit) const {
  if (!end_python_) {
    std::vector<EndPython>& files = end_python_.emplace();
    for (const std::string& p : end_files_.paths()) {
      if (!is_python(p)) continue;
      const gitops::TreeEntry* e = end_files_.entry(p);
      if (e && e->mode != gitops::FileMode::kCommit && e->mode != gitops::FileMode::kTree) files.push_back({&p, e->oid, {}});
    }
  }
  std::vector<EndPython>& files = *end_python_;
  const gitops::WorktreeCopies& copies = worktree_copies();
  // Reading a blob is cheap next to opening a repository: a thread per
  // 64 files at least.
  const unsigned workers = rewrite::worker_count(files.size(), threads_, 64);
  std::vector<std::optional<gitops::Repository>> repos(workers);
  // A file the worktree holds is read there, into one buffer per worker
  // that every next file reuses (a monorepo's Python in fresh memory costs
  // more in page faults than reading it again); a blob inflated from the
  // object database is kept for the next call, up to 256 MB.
  std::vector<std::string> buffers(workers);
  std::mutex reopen;  // a worker opens its Repository on its first object read
  constexpr std::size_t kBudget = std::size_t{256} << 20;
  std::atomic<std::size_t> kept{0};
  Progress progress(progress_, progress_title("Reading"), files.size());
  rewrite::parallel_for_workers(files.size(), workers, [&](std::size_t i, unsigned w) {
    EndPython& f = files[i];
    progress.tick();
    if (f.kept) return visit(*f.path, f.content);
    if (copies.read_into(*f.path, f.blob, buffers[w])) return visit(*f.path, buffers[w]);
    if (w && !repos[w]) {
      std::lock_guard<std::mutex> lock(reopen);
      repos[w].emplace(repo_.reopen());
    }
    // A blob missing from the object database is recorded (again, for the
    // rule asking now: audit.cc reports it under each rule that needed it)
    // and not visited.
    std::optional<std::string> content = read_or_record(w ? *repos[w] : repo_, *f.path, f.blob, &missing_);
    if (!content) return;
    visit(*f.path, *content);
    if (kept.fetch_add(content->size()) + content->size() <= kBudget) {
      f.content = std::move(*content);
      f.kept = true;
    }
  });
  progress.stop();
}

std::string AuditContext::progress_title(const char* activity) const {
  return progress_rule_.empty() ? std::string(activity) : std::string(activity) + " (" + progress_rule_ + ")";
}

std::vector<std::string> AuditContext::changed_python(Side side) const {
  std::vector<std::string> out;
  for (const auto& [path, blob] : side == Side::kStart ? start_blobs_ : end_blobs_) out.push_back(path);
  return out;
}

const rewrite::ParsedFile* AuditContext::parse_at(const Oid& tree, const std::string& path) const {
  auto p = RepoPath::parse(path);
  if (!p) return nullptr;
  auto entry = repo_.tree_entry(tree, *p);
  if (!entry) return nullptr;
  auto it = by_blob_.find(entry->oid);
  if (it != by_blob_.end()) return it->second.get();
  auto text = read_blob(path, entry->oid);
  if (!text) return nullptr;
  auto file = std::make_unique<rewrite::ParsedFile>(std::move(*text));
  const rewrite::ParsedFile* out = file.get();
  by_blob_[entry->oid] = std::move(file);
  return out;
}

void AuditContext::visit_versions(const std::vector<Version>& versions,
                                  const std::function<void(std::size_t, const rewrite::ParsedFile&)>& visit) const {
  const unsigned workers = rewrite::worker_count(versions.size(), threads_, 8);
  std::vector<std::optional<gitops::Repository>> repos(workers);
  std::mutex reopen;  // a worker opens its Repository on its first read
  Progress progress(progress_, progress_title("Reading history"), versions.size());
  rewrite::parallel_for_workers(versions.size(), workers, [&](std::size_t i, unsigned w) {
    progress.tick();
    if (w && !repos[w]) {
      std::lock_guard<std::mutex> lock(reopen);
      repos[w].emplace(repo_.reopen());
    }
    const gitops::Repository& repo = w ? *repos[w] : repo_;
    const Version& v = versions[i];
    auto p = RepoPath::parse(*v.path);
    if (!p) return;
    auto entry = repo.tree_entry(v.tree, *p);
    if (!entry) return;
    // Parsed here even when by_blob_ holds the blob: a syntax tree is read
    // by one thread at a time, and two versions may share a blob.
    std::optional<std::string> text = read_or_record(repo, *v.path, entry->oid, &missing_);
    if (text) visit(i, rewrite::ParsedFile(std::move(*text)));
  });
  progress.stop();
}

std::optional<Oid> AuditContext::first_commit_touching(const std::string& path) const {
  for (const CommitChanges& c : commit_changes_) {
    for (const FileStat& f : c.files) {
      if (f.kind != FileStat::Kind::kDeleted && f.path.str() == path) return c.commit;
    }
  }
  return std::nullopt;
}

std::optional<Oid> AuditContext::last_commit_touching(const std::string& path) const {
  for (auto c = commit_changes_.rbegin(); c != commit_changes_.rend(); ++c) {
    for (const FileStat& f : c->files) {
      if (f.kind != FileStat::Kind::kDeleted && f.path.str() == path) return c->commit;
    }
  }
  return std::nullopt;
}

const rewrite::ImportRoots& AuditContext::import_roots() const {
  return memo<rewrite::ImportRoots>([&] {
    return rewrite::ImportRoots::choose(config_.strings("import_roots"), end_files_.paths(),
                                        [&](const std::string& p) { return end_files_.read(p); });
  });
}

}  // namespace migrate::cmd::check
