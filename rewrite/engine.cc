#include "rewrite/engine.h"

#include "rewrite/segments.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <re2/re2.h>

#include "common/fs.h"
#include "rewrite/parallel.h"

namespace migrate::rewrite {
namespace {

std::string last_segment(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  return std::string(dot == std::string_view::npos ? dotted : dotted.substr(dot + 1));
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Replaces the content of `file`. A plain file (regular, one link) is
// replaced whole: the new content goes to "<dir>/.<name>.git-migrate.tmp"
// (created with the file's mode), which is then renamed over it, so a
// process killed at any point leaves the old file or the new one, never a
// truncated one; a temporary file a killed run left is taken over by the
// next write of the same file (and --abort puts the worktree back whole).
// A new file, not a truncated one, also spares ext4's flush on close
// (auto_da_alloc), as git's checkout does. Symlinks and hard-linked files are
// rewritten in place, so that the link stays a link.
bool write_file(const std::string& file, std::string_view data, std::string* why,
                const std::function<void()>& before_replace) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1) {
    const std::size_t slash = file.rfind('/');
    const std::string tmp = file.substr(0, slash + 1) + "." + file.substr(slash + 1) + ".git-migrate.tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777);
    if (fd < 0 && errno == EEXIST && ::unlink(tmp.c_str()) == 0)
      fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777);
    if (fd < 0) {
      *why = std::strerror(errno);
      return false;
    }
    // The umask may have dropped bits; a failure here still leaves the content right.
    (void)::fchmod(fd, st.st_mode & 07777);
    const bool ok = write_all(fd, data);
    const int saved = errno;
    const bool closed = ::close(fd) == 0;
    if (closed && ok) before_replace();
    if (!closed || !ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
      *why = std::strerror(ok ? errno : saved);
      ::unlink(tmp.c_str());
      return false;
    }
    return true;
  }
  const int fd = ::open(file.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) {
    *why = std::strerror(errno);
    return false;
  }
  const bool ok = write_all(fd, data);
  const int saved = errno;
  if (::close(fd) != 0 || !ok) {
    *why = std::strerror(ok ? errno : saved);
    return false;
  }
  return true;
}

}  // namespace

// Up to this many needles are searched one by one with memmem (several
// GB/s); more go into one RE2 alternation.
constexpr std::size_t kMemmemNeedles = 4;

Prefilter::Prefilter(const MoveSet& moves) : moves_(moves) {
  std::set<std::string> needles;
  for (const ModuleMove& m : moves.module_moves()) {
    bool ancestor_moves = false;
    for (std::size_t dot = m.from.rfind('.'); dot != std::string::npos && dot > 0 && !ancestor_moves;
         dot = m.from.rfind('.', dot - 1)) {
      const ModuleMove* a = moves.match_module(std::string_view(m.from).substr(0, dot));
      ancestor_moves = a != nullptr;
    }
    if (ancestor_moves) continue;
    const std::string needle = last_segment(m.from);
    needles.insert(needle);
    // Where the needle is a segment of the destination: text spelling the
    // destination's prefix through that segment names the new module.
    for (std::size_t at = 0; (at = m.to.find(needle, at)) != std::string::npos; ++at) {
      const std::size_t end = at + needle.size();
      if (at == 0 || m.to[at - 1] != '.' || (end < m.to.size() && m.to[end] != '.')) continue;
      const std::string prefix = m.to.substr(0, end);
      const bool old_symbol = std::any_of(moves.symbol_remaps().begin(), moves.symbol_remaps().end(),
                                          [&](const SymbolRemap& s) { return s.old_module + "." + s.name == prefix; });
      if (moves.match_module(prefix) == nullptr && !old_symbol) new_names_.push_back({needle, prefix, at});
    }
  }
  for (const SymbolRemap& s : moves.symbol_remaps()) needles.insert(s.name);
  needles_.assign(needles.begin(), needles.end());
  if (needles_.size() > kMemmemNeedles) {
    std::string pattern;
    for (const std::string& n : needles_) {
      if (!pattern.empty()) pattern += '|';
      pattern += RE2::QuoteMeta(n);
    }
    RE2::Options opts;
    opts.set_max_mem(64 << 20);
    opts.set_log_errors(false);
    // The longest needle at a position: a shorter one there is never a
    // whole word (needles are identifiers).
    opts.set_longest_match(true);
    re_ = std::make_unique<RE2>(pattern, opts);
  }
}

Prefilter::~Prefilter() = default;

bool Prefilter::by_path(std::string_view path) const {
  if (moves_.old_path_of(path)) return true;
  // A package (or an ancestor) whose module moved: relative imports of the
  // file resolve into it.
  std::optional<std::string> pkg = moves_.roots().package_of(path);
  return pkg && !pkg->empty() && moves_.match_module(*pkg) != nullptr;
}

namespace {

// Every whole-word occurrence of `word` in `text` is followed by a dot: the
// file never binds the name (an import `as word`, `from x import word`, an
// assignment, a parameter all leave it followed by something else).
bool only_dotted_uses(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if (at > 0 && (is_identifier_byte(text[at - 1]) || static_cast<unsigned char>(text[at - 1]) >= 0x80)) continue;
    if (end < text.size() && (is_identifier_byte(text[end]) || static_cast<unsigned char>(text[end]) >= 0x80)) continue;
    if (end >= text.size() || text[end] != '.') return false;
  }
  return true;
}

}  // namespace

// A needle counts where it is a whole word (a module or symbol name is one
// identifier; bytes of non-ASCII characters count as word boundaries, which
// only lets more through) and not inside the spelling of a new module that
// merely shares the segment: in `products.giftcard.backend`, `giftcard` is
// the destination of `saleor.giftcard`, not the old module, as long as the
// text starts there (no dot or identifier byte before it) and the file never
// binds the destination's root name to something else.
bool Prefilter::needle_counts(std::string_view text, std::size_t at, std::size_t len,
                              std::vector<int>* root_clean) const {
  const std::size_t end = at + len;
  if (at > 0 && is_identifier_byte(text[at - 1])) return false;
  if (end < text.size() && is_identifier_byte(text[end])) return false;
  const std::string_view needle = text.substr(at, len);
  for (std::size_t i = 0; i < new_names_.size(); ++i) {
    const NewName& n = new_names_[i];
    if (n.needle != needle || at < n.offset) continue;
    const std::size_t start = at - n.offset;
    if (text.compare(start, n.prefix.size(), n.prefix) != 0) continue;
    if (start > 0 && (text[start - 1] == '.' || is_identifier_byte(text[start - 1]) ||
                      static_cast<unsigned char>(text[start - 1]) >= 0x80)) {
      continue;
    }
    int& clean = (*root_clean)[i];
    if (clean < 0) clean = only_dotted_uses(text, std::string_view(n.prefix).substr(0, n.prefix.find('.')));
    if (clean) return false;
  }
  return true;
}

bool Prefilter::by_text(std::string_view text) const {
  std::vector<int> root_clean(new_names_.size(), -1);  // per new name: -1 not yet known
  if (re_) {
    re2::StringPiece input(text.data(), text.size()), match;
    std::size_t pos = 0;
    while (pos < text.size() && re_->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      const std::size_t at = static_cast<std::size_t>(match.data() - text.data());
      if (needle_counts(text, at, match.size(), &root_clean)) return true;
      pos = at + 1;
    }
    return false;
  }
  for (const std::string& n : needles_) {
    for (const char* hit = static_cast<const char*>(::memmem(text.data(), text.size(), n.data(), n.size()));
         hit != nullptr;) {
      const std::size_t at = static_cast<std::size_t>(hit - text.data());
      if (needle_counts(text, at, n.size(), &root_clean)) return true;
      hit = static_cast<const char*>(::memmem(hit + 1, text.size() - at - 1, n.data(), n.size()));
    }
  }
  return false;
}

bool Prefilter::may_name_moved(std::string_view region, std::string_view path) const {
  auto has = [&](std::string_view needle) { return region.find(needle) != std::string_view::npos; };
  for (const ModuleMove& m : moves_.module_moves()) {
    if (has(m.from)) return true;
  }
  for (const SymbolRemap& r : moves_.symbol_remaps()) {
    if (has(r.old_module) && has(r.name)) return true;
  }
  if (!has("import")) return false;
  return by_text(region) || (by_path(path) && has_relative_import(region));
}

bool has_relative_import(std::string_view text) {
  constexpr std::string_view kFrom = "from";
  for (std::size_t at = text.find(kFrom); at != std::string_view::npos; at = text.find(kFrom, at + 1)) {
    std::size_t i = at + kFrom.size();
    while (i < text.size()) {
      const char c = text[i];
      if (c == ' ' || c == '\t' || c == '\f') {
        ++i;
      } else if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
        i += (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n') ? 3 : 2;
      } else {
        break;
      }
    }
    if (i < text.size() && text[i] == '.') return true;
  }
  return false;
}

std::size_t RewriteSummary::leftovers() const {
  return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [](const FileResult& f) {
    return f.status == FileRewrite::Status::kSkipped || !f.stale_lines.empty();
  }));
}

std::size_t RewriteSummary::skipped() const {
  return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [](const FileResult& f) {
    return f.status == FileRewrite::Status::kSkipped;
  }));
}

bool is_python_path(std::string_view path) {
  return path.size() > 3 && path.substr(path.size() - 3) == ".py";
}

RewriteSummary rewrite_files(const std::string& worktree_root, const std::vector<std::string>& repo_relative_files,
                             const MoveSet& moves, const EngineOptions& options) {
  std::vector<const std::string*> work;
  for (const std::string& p : repo_relative_files) {
    if (is_python_path(p)) work.push_back(&p);
  }
  RewriteSummary summary;
  summary.considered = work.size();
  const Prefilter prefilter(moves);
  RewriteOptions rewrite_options = options.rewrite;
  if (!rewrite_options.modules) rewrite_options.modules = existing_modules(repo_relative_files, moves);
  std::string root = worktree_root;
  if (!root.empty() && root.back() != '/') root += '/';

  // Two passes on the worker pool. First every file is read and
  // prefiltered (in path order); the contents of the files to parse are
  // kept. Then those are parsed and rewritten largest first, so that the
  // work is split by bytes and no thread is left with a big file at the end.
  std::atomic<std::size_t> done{0}, parsed{0}, changed{0}, bytes{0};
  std::mutex results_mutex, progress_mutex;
  std::vector<FileResult> results;
  auto finish = [&](FileResult&& r) {
    if (r.status != FileRewrite::Status::kUnchanged || !r.errors.empty()) {
      std::lock_guard<std::mutex> lock(results_mutex);
      results.push_back(std::move(r));
    }
    const std::size_t d = done.fetch_add(1) + 1;
    if (options.progress && (d % 64 == 0 || d == work.size())) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      options.progress(d, work.size());
    }
  };
  const unsigned workers = worker_count(work.size(), options.threads);

  std::vector<std::string> contents(work.size());
  std::vector<char> wanted(work.size(), 0);
  parallel_for_workers(work.size(), workers, [&](std::size_t i, unsigned) {
    const std::string& path = *work[i];
    std::string& content = contents[i];
    ReadError why;
    std::optional<std::string> text = read_file(root + path, &why);
    if (!text) {
      FileResult r;
      r.path = path;
      // A tracked file deleted from the worktree has nothing to rewrite.
      if (!why.missing()) {
        r.status = FileRewrite::Status::kSkipped;
        r.reason = "unreadable: " + why.message();
      }
      return finish(std::move(r));
    }
    content = std::move(*text);
    if ((options.force_parse || !moves.empty()) &&
        (options.force_parse || prefilter.by_text(content) ||
         (prefilter.by_path(path) && has_relative_import(content)))) {
      wanted[i] = 1;
      return;
    }
    content = std::string();
    FileResult r;
    r.path = path;
    finish(std::move(r));
  });

  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < work.size(); ++i) {
    if (wanted[i]) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return contents[a].size() > contents[b].size(); });
  parallel_for_workers(order.size(), worker_count(order.size(), options.threads), [&](std::size_t k, unsigned) {
    const std::size_t i = order[k];
    const std::string& path = *work[i];
    std::string content = std::move(contents[i]);
    FileResult r;
    r.path = path;
    std::string why;
    if (first_invalid_utf8(content) != std::string::npos) {
      FileRewrite fr = rewrite_source(content, path, moves, rewrite_options);  // reports the line
      r.status = fr.status;
      r.reason = fr.reason;
      r.line = fr.line;
      return finish(std::move(r));
    }
    parsed.fetch_add(1);
    bytes.fetch_add(content.size());
    FileRewrite fr = rewrite_source(content, path, moves, rewrite_options);  // tree freed on return
    r.status = fr.status;
    r.reason = fr.reason;
    r.line = fr.line;
    r.edits = fr.edits.size();
    for (const ErrorRegion& e : fr.errors) {
      if (prefilter.may_name_moved(std::string_view(content).substr(e.begin, e.end - e.begin), path)) {
        r.stale_lines.push_back(e.line);
      }
    }
    r.errors = std::move(fr.errors);
    if (fr.status == FileRewrite::Status::kChanged) {
      const auto before_replace = [&] {
        if (!options.replacing) return;
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.replacing(path);
      };
      if (options.write && !write_file(root + path, fr.output, &why, before_replace)) {
        r.status = FileRewrite::Status::kSkipped;
        r.reason = "cannot write: " + why;
      } else {
        changed.fetch_add(1);
        if (options.write && options.written) {
          std::lock_guard<std::mutex> lock(progress_mutex);
          options.written(path);
        }
        if (options.keep_contents) {
          r.old_content = std::move(content);
          r.new_content = std::move(fr.output);
        }
      }
    }
    finish(std::move(r));
  });

  std::sort(results.begin(), results.end(), [](const FileResult& a, const FileResult& b) { return a.path < b.path; });
  summary.files = std::move(results);
  summary.parsed = parsed.load();
  summary.changed = changed.load();
  summary.bytes_parsed = bytes.load();
  return summary;
}

RewriteSummary rewrite_files(const std::string& worktree_root, const std::vector<std::string>& repo_relative_files,
                             const MoveSet& moves, const RewriteOptions& options, bool write) {
  EngineOptions eo;
  eo.rewrite = options;
  eo.write = write;
  return rewrite_files(worktree_root, repo_relative_files, moves, eo);
}

}  // namespace migrate::rewrite
