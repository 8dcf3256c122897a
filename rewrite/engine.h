// Rewriting a worktree's Python files from a MoveSet: what
// `git migrate-fresh rewrite` and the fresh pipeline's rewrite phase run.
//
// Files are read, prefiltered, parsed and rewritten in parallel on all cores
// (the worker pool of rewrite/parallel.h): every file is read and
// prefiltered, then the files to parse are taken largest first, so that the
// work is split by bytes. Only files that can refer to a moved module are
// parsed (Prefilter); each file's tree is released as soon as the file is
// done, so memory stays bounded by the contents of the files that pass the
// prefilter, one tree per thread and the results kept (changed and skipped
// files only).
//
// find_stale_references (rewrite/imports.h) is the check for what a rewrite
// left behind.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rewrite/imports.h"
#include "rewrite/moves.h"

namespace re2 { class RE2; }

namespace migrate::rewrite {

// Decides which files must be parsed. A file is parsed when its text
// mentions the last segment of a moved module or a remapped symbol's name as
// a whole word (by_text), not counting where that word is part of a
// destination's spelling (`giftcard` in `products.giftcard.backend`, the new
// home of `saleor.giftcard`) in a file that never rebinds the destination's
// root name; or when it is a moved file or lies in a package whose module
// moved and has a relative import (by_path and has_relative_import: such an
// import can change without naming anything moved). Never misses a file the
// rewriter would change, nor one holding a stale reference
// (find_stale_references): the same filter serves both.
//
// A module whose ancestor module also moves needs no needle of its own:
// every reference to it spells the ancestor's last segment too, except
// relative imports from inside the ancestor's package, which by_path covers.
class Prefilter {
 public:
  explicit Prefilter(const MoveSet& moves);
  ~Prefilter();
  Prefilter(const Prefilter&) = delete;
  bool by_path(std::string_view path) const;
  bool by_text(std::string_view text) const;
  // Whether `region`, a part of the file at `path` the grammar could not
  // parse, may still name a moved module: it spells an old module's dotted
  // name or a remapped symbol's old place, or it imports (relatively, or a
  // name the prefilter looks for).
  bool may_name_moved(std::string_view region, std::string_view path) const;
  const std::vector<std::string>& needles() const { return needles_; }

 private:
  // A destination's prefix through a segment equal to a needle
  // ("products.giftcard" for needle "giftcard", offset 9).
  struct NewName {
    std::string needle, prefix;
    std::size_t offset;
  };
  bool needle_counts(std::string_view text, std::size_t at, std::size_t len, std::vector<int>* root_clean) const;

  const MoveSet& moves_;
  std::vector<std::string> needles_;
  std::vector<NewName> new_names_;
  std::unique_ptr<re2::RE2> re_;  // for many needles; a few are searched with memmem
};

// True when `text` may hold a relative import: "from" followed by optional
// blanks or backslash continuations and a dot. Errs only towards true.
bool has_relative_import(std::string_view text);

struct EngineOptions {
  RewriteOptions rewrite;  // rewrite.modules unset: the modules of the files given
  bool write = false;          // write changed files back to the worktree
  bool keep_contents = false;  // keep old and new content of changed files (diffs)
  bool force_parse = false;    // parse every Python file, bypassing the prefilter (benchmarks)
  unsigned threads = 0;        // 0: one per core
  // Called now and then from worker threads (serialized) with files done and total.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Called from worker threads (serialized) after each file written back.
  std::function<void(const std::string& path)> written;
  // Called from worker threads (serialized) when a plain file's new content
  // is on disk, just before it replaces the file.
  std::function<void(const std::string& path)> replacing;
};

struct FileResult {
  std::string path;  // repository-relative
  FileRewrite::Status status = FileRewrite::Status::kUnchanged;
  std::string reason;  // skipped: "syntax error", "not UTF-8", "unreadable: <why>"
  unsigned line = 0;   // skipped: 1-based line, 0 when not about a line
  std::size_t edits = 0;
  std::string old_content, new_content;  // changed files, with keep_contents
  // Regions the grammar could not parse (left as they are), and the lines of
  // those that may still name a moved module: a stale reference left behind.
  std::vector<ErrorRegion> errors;
  std::vector<unsigned> stale_lines;
};

struct RewriteSummary {
  std::size_t considered = 0;  // Python files among those given
  std::size_t parsed = 0;      // passed the prefilter and were parsed
  std::size_t changed = 0;
  std::size_t bytes_parsed = 0;
  // Changed and skipped files and files with error regions, sorted by path.
  std::vector<FileResult> files;
  std::size_t skipped() const;
  // Files that may still refer to a moved module: skipped (unreadable,
  // unwritable, not UTF-8) or with an error region naming one.
  std::size_t leftovers() const;
};

// True for the files the rewriter looks at (".py").
bool is_python_path(std::string_view path);

RewriteSummary rewrite_files(const std::string& worktree_root, const std::vector<std::string>& repo_relative_files,
                             const MoveSet& moves, const EngineOptions& options);
RewriteSummary rewrite_files(const std::string& worktree_root, const std::vector<std::string>& repo_relative_files,
                             const MoveSet& moves, const RewriteOptions& options, bool write);

}  // namespace migrate::rewrite
