#include "rewrite/migrations/file_sources.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "common/fs.h"

namespace migrate::rewrite::migrations {

MemoryFileSource::MemoryFileSource(std::map<std::string, std::string> files) : files_(std::move(files)) {
  reindex();
}

void MemoryFileSource::set(const std::string& path, std::string content) {
  files_[path] = std::move(content);
  reindex();
}

void MemoryFileSource::erase(const std::string& path) {
  files_.erase(path);
  reindex();
}

void MemoryFileSource::reindex() {
  paths_.clear();
  for (const auto& [path, content] : files_) paths_.push_back(path);
}

std::optional<std::string> MemoryFileSource::read(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  return it->second;
}

DirectoryFileSource::DirectoryFileSource(std::string root) : root_(std::move(root)) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(root_)) throw std::runtime_error("not a directory: " + root_);
  for (auto it = fs::recursive_directory_iterator(root_); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    paths_.push_back(fs::relative(it->path(), root_).generic_string());
  }
  std::sort(paths_.begin(), paths_.end());
}

std::optional<std::string> DirectoryFileSource::read(const std::string& path) const {
  return read_file((std::filesystem::path(root_) / path).string());
}

}  // namespace migrate::rewrite::migrations
