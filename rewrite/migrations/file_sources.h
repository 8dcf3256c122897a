// Two FileSource implementations for the migration audits' tests, fixtures
// and benchmarks: files held in memory, and a directory on disk (its .git
// folder excluded).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rewrite/finding.h"

namespace migrate::rewrite::migrations {

class MemoryFileSource : public FileSource {
 public:
  MemoryFileSource() = default;
  explicit MemoryFileSource(std::map<std::string, std::string> files);
  void set(const std::string& path, std::string content);
  void erase(const std::string& path);
  const std::vector<std::string>& paths() const override { return paths_; }
  std::optional<std::string> read(const std::string& path) const override;

 private:
  void reindex();
  std::map<std::string, std::string> files_;
  std::vector<std::string> paths_;
};

class DirectoryFileSource : public FileSource {
 public:
  // Lists every regular file under `root` (recursively, .git excluded).
  // Throws std::runtime_error when `root` is not a directory.
  explicit DirectoryFileSource(std::string root);
  const std::vector<std::string>& paths() const override { return paths_; }
  std::optional<std::string> read(const std::string& path) const override;

 private:
  std::string root_;
  std::vector<std::string> paths_;
};

}  // namespace migrate::rewrite::migrations
