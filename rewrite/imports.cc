// The import rewriter's entry points (rewrite/imports.h): a file checked for
// UTF-8, parsed, its error regions found (rewrite/import_syntax.cc), its
// edits made (rewrite/import_rewriter.cc) and applied; and the modules that
// exist after the moves. What the rewriter's files share is in
// rewrite/imports_internal.h.
#include "rewrite/imports.h"

#include <algorithm>
#include <stdexcept>

#include "rewrite/imports_internal.h"

namespace migrate::rewrite {
namespace {

unsigned line_at(std::string_view s, std::size_t offset) {
  return static_cast<unsigned>(std::count(s.begin(), s.begin() + std::min(offset, s.size()), '\n')) + 1;
}

}  // namespace

std::shared_ptr<const std::set<std::string>> existing_modules(const std::vector<std::string>& paths,
                                                              const MoveSet& moves) {
  auto out = std::make_shared<std::set<std::string>>();
  auto add = [&](std::string m) {
    while (out->insert(m).second) {
      const std::size_t dot = m.rfind('.');
      if (dot == std::string::npos) break;
      m.resize(dot);
    }
  };
  for (const std::string& p : paths) {
    if (auto m = moves.roots().module_of(p)) add(*m);
  }
  for (const ModuleMove& m : moves.module_moves()) add(m.to);
  return out;
}

std::string apply_edits(std::string_view source, const std::vector<Edit>& edits) {
  std::string out;
  out.reserve(source.size() + 64);
  std::size_t at = 0;
  for (const Edit& e : edits) {
    if (e.offset < at || e.offset + e.length > source.size()) throw std::logic_error("overlapping or out-of-range edit");
    out.append(source.substr(at, e.offset - at));
    out.append(e.replacement);
    at = e.offset + e.length;
  }
  out.append(source.substr(at));
  return out;
}

std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t j = 1; j < len; ++j) {
      const unsigned char cc = static_cast<unsigned char>(s[i + j]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

FileRewrite rewrite_parsed(const ParsedFile& file, const std::string& path, const MoveSet& moves,
                           const RewriteOptions& options) {
  FileRewrite r;
  r.errors = error_regions(file);
  r.edits = imports_detail::import_edits(file, path, moves, options);
  if (!r.edits.empty()) {
    r.output = apply_edits(file.source(), r.edits);
    r.status = FileRewrite::Status::kChanged;
  }
  return r;
}

FileRewrite rewrite_source(const std::string& source, const std::string& path, const MoveSet& moves,
                           const RewriteOptions& options) {
  if (std::size_t bad = first_invalid_utf8(source); bad != std::string::npos) {
    FileRewrite r;
    r.status = FileRewrite::Status::kSkipped;
    r.reason = "not UTF-8";
    r.line = line_at(source, bad);
    return r;
  }
  ParsedFile file(source);
  return rewrite_parsed(file, path, moves, options);
}

}  // namespace migrate::rewrite
