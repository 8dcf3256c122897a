// Repository: reading blobs and trees, and building trees in memory.
#include <map>

#include "gitops/handles.h"
#include "gitops/internal.h"
#include "gitops/repository.h"

namespace migrate::gitops {

namespace {

FileMode to_mode(git_filemode_t m) {
  switch (m) {
    case GIT_FILEMODE_TREE: return FileMode::kTree;
    case GIT_FILEMODE_BLOB_EXECUTABLE: return FileMode::kExecutable;
    case GIT_FILEMODE_LINK: return FileMode::kLink;
    case GIT_FILEMODE_COMMIT: return FileMode::kCommit;
    default: return FileMode::kBlob;
  }
}

bool is_blob_mode(FileMode m) { return m == FileMode::kBlob || m == FileMode::kExecutable || m == FileMode::kLink; }

}  // namespace

std::optional<TreeEntry> Repository::tree_entry(const Oid& tree, const RepoPath& path) const {
  if (path.empty()) return TreeEntry{path, from_git(*git_tree_id(lookup_tree_ish(repo_, tree).get())), FileMode::kTree};
  TreeHandle t = lookup_tree_ish(repo_, tree);
  TreeEntryHandle e;
  const int rc = git_tree_entry_bypath(out(e), t.get(), path.str().c_str());
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  check_git(rc, "read tree entry", path.str());
  return TreeEntry{path, from_git(*git_tree_entry_id(e.get())), to_mode(git_tree_entry_filemode_raw(e.get()))};
}

std::optional<std::string> Repository::read_blob_at(const Oid& tree, const RepoPath& path) const {
  const auto entry = tree_entry(tree, path);
  if (!entry || !is_blob_mode(entry->mode)) return std::nullopt;
  return read_blob(entry->oid);
}

std::string Repository::read_blob(const Oid& blob) const {
  BlobHandle b;
  const git_oid g = to_git(blob);
  check_git(git_blob_lookup(out(b), repo_, &g), "read blob", blob.hex());
  const auto* data = static_cast<const char*>(git_blob_rawcontent(b.get()));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(b.get())));
}

Oid Repository::write_blob(std::string_view data) {
  git_oid g;
  check_git(git_blob_create_from_buffer(&g, repo_, data.data(), data.size()), "write blob", "");
  return from_git(g);
}

namespace {

void collect_files(git_repository* repo, const git_tree* tree, const RepoPath& prefix, std::vector<TreeEntry>& out_entries) {
  const std::size_t n = git_tree_entrycount(tree);
  for (std::size_t i = 0; i < n; ++i) {
    const git_tree_entry* e = git_tree_entry_byindex(tree, i);
    const RepoPath path = prefix.join(git_tree_entry_name(e));
    const FileMode mode = to_mode(git_tree_entry_filemode_raw(e));
    const Oid id = from_git(*git_tree_entry_id(e));
    if (mode == FileMode::kTree) {
      TreeHandle sub = lookup_tree(repo, id);
      collect_files(repo, sub.get(), path, out_entries);
    } else {
      out_entries.push_back(TreeEntry{path, id, mode});
    }
  }
}

}  // namespace

std::vector<TreeEntry> Repository::list_files(const Oid& tree, const RepoPath& under) const {
  std::vector<TreeEntry> result;
  if (under.empty()) {
    TreeHandle t = lookup_tree_ish(repo_, tree);
    collect_files(repo_, t.get(), RepoPath(), result);
    return result;
  }
  const auto entry = tree_entry(tree, under);
  if (!entry) return result;
  if (entry->mode != FileMode::kTree) {
    result.push_back(*entry);
    return result;
  }
  TreeHandle t = lookup_tree(repo_, entry->oid);
  collect_files(repo_, t.get(), under, result);
  return result;
}

// --- TreeEditor ------------------------------------------------------------------
//
// An in-memory overlay of the tree: folders are loaded from the object
// database when an edit reaches them, edited folders are rewritten on
// write(), untouched ones keep their ids. Folders left empty disappear, as
// git never stores empty trees below the root.

namespace {

struct Dir;

struct Entry {
  FileMode mode;
  Oid oid;
  std::unique_ptr<Dir> dir;  // set once an edit reaches into this folder
};

struct Dir {
  std::optional<Oid> base;  // the original tree, if any
  bool loaded = false;
  bool dirty = false;
  std::map<std::string, Entry> entries;
};

}  // namespace

struct Repository::TreeEditor::Impl {
  git_repository* repo;
  Oid base;
  Dir root;

  void load(Dir& d) {
    if (d.loaded) return;
    d.loaded = true;
    if (!d.base) return;
    TreeHandle t = lookup_tree(repo, *d.base);
    const std::size_t n = git_tree_entrycount(t.get());
    for (std::size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(t.get(), i);
      d.entries.emplace(git_tree_entry_name(e),
                        Entry{to_mode(git_tree_entry_filemode_raw(e)), from_git(*git_tree_entry_id(e)), nullptr});
    }
  }

  Dir& open_subdir(Entry& e) {
    if (!e.dir) {
      e.dir = std::make_unique<Dir>();
      e.dir->base = e.oid;
    }
    load(*e.dir);
    return *e.dir;
  }

  // True when the folder holds no file once empty sub-folders are dropped.
  bool effectively_empty(Entry& e) {
    if (e.mode != FileMode::kTree) return false;
    if (!e.dir) return false;  // an untouched stored tree is never empty below the root
    load(*e.dir);
    for (auto& [name, child] : e.dir->entries) {
      if (!effectively_empty(child)) return false;
    }
    return true;
  }

  Oid write_dir(Dir& d) {
    TreeBuilderHandle b;
    check_git(git_treebuilder_new(out(b), repo, nullptr), "build tree", "");
    for (auto& [name, e] : d.entries) {
      Oid id = e.oid;
      if (e.mode == FileMode::kTree && e.dir && e.dir->dirty) {
        if (effectively_empty(e)) continue;
        id = write_dir(*e.dir);
      }
      const git_oid g = to_git(id);
      check_git(git_treebuilder_insert(nullptr, b.get(), name.c_str(), &g, static_cast<git_filemode_t>(e.mode)),
                "build tree", name);
    }
    git_oid result;
    check_git(git_treebuilder_write(&result, b.get()), "write tree", "");
    return from_git(result);
  }
};

Repository::TreeEditor::TreeEditor(Repository& repo, const Oid& base_tree) : impl_(std::make_unique<Impl>()) {
  impl_->repo = repo.raw();
  // Accept a commit id too: edit its tree.
  impl_->base = from_git(*git_tree_id(lookup_tree_ish(repo.raw(), base_tree).get()));
  impl_->root.base = impl_->base;
}

Repository::TreeEditor::~TreeEditor() = default;

bool Repository::TreeEditor::remove(const RepoPath& path) {
  Impl& m = *impl_;
  if (path.empty()) {
    m.load(m.root);
    bool any = false;
    for (auto& [name, e] : m.root.entries) any = any || !m.effectively_empty(e);
    m.root.entries.clear();
    m.root.dirty = true;
    return any;
  }
  const auto parts = path.segments();
  std::vector<Dir*> chain{&m.root};
  m.load(m.root);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    auto it = chain.back()->entries.find(parts[i]);
    if (it == chain.back()->entries.end() || it->second.mode != FileMode::kTree) return false;
    chain.push_back(&m.open_subdir(it->second));
  }
  auto it = chain.back()->entries.find(parts.back());
  if (it == chain.back()->entries.end()) return false;
  const bool existed = !m.effectively_empty(it->second);
  chain.back()->entries.erase(it);
  for (Dir* d : chain) d->dirty = true;
  return existed;
}

void Repository::TreeEditor::upsert(const RepoPath& path, const Oid& oid, FileMode mode) {
  if (path.empty()) throw GitError("edit tree", "", "cannot replace the root folder with an entry", GIT_EINVALID);
  Impl& m = *impl_;
  const auto parts = path.segments();
  Dir* d = &m.root;
  m.load(*d);
  d->dirty = true;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    auto it = d->entries.find(parts[i]);
    if (it == d->entries.end() || it->second.mode != FileMode::kTree) {
      // Nothing there, or a file in the way: a new folder replaces it.
      Entry folder{FileMode::kTree, Oid(), std::make_unique<Dir>()};
      folder.dir->loaded = true;
      it = d->entries.insert_or_assign(parts[i], std::move(folder)).first;
    }
    d = &m.open_subdir(it->second);
    d->dirty = true;
  }
  d->entries.insert_or_assign(parts.back(), Entry{mode, oid, nullptr});
}

Oid Repository::TreeEditor::write() {
  Impl& m = *impl_;
  if (!m.root.dirty) return m.base;
  return m.write_dir(m.root);
}

}  // namespace migrate::gitops
