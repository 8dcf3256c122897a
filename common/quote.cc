#include "common/quote.h"

#include <atomic>

#include "gitops/repository.h"

namespace migrate {
namespace {

std::atomic<bool> g_fully{true};

// The letter of git's short escape for `c`, or 0 (octal) / 1 (as is).
char escape_for(unsigned char c, bool fully) {
  switch (c) {
    case '\a': return 'a';
    case '\b': return 'b';
    case '\t': return 't';
    case '\n': return 'n';
    case '\v': return 'v';
    case '\f': return 'f';
    case '\r': return 'r';
    case '"': return '"';
    case '\\': return '\\';
    default: break;
  }
  if (c < 0x20 || c == 0x7f) return 0;
  if (c >= 0x80 && fully) return 0;
  return 1;
}

}  // namespace

std::string quote_path(std::string_view path, bool fully) {
  bool needs = false;
  for (char ch : path) {
    if (escape_for(static_cast<unsigned char>(ch), fully) != 1) {
      needs = true;
      break;
    }
  }
  if (!needs) return std::string(path);
  std::string out = "\"";
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const char e = escape_for(c, fully);
    if (e == 1) {
      out += ch;
    } else if (e == 0) {
      out += '\\';
      out += static_cast<char>('0' + ((c >> 6) & 3));
      out += static_cast<char>('0' + ((c >> 3) & 7));
      out += static_cast<char>('0' + (c & 7));
    } else {
      out += '\\';
      out += e;
    }
  }
  return out + "\"";
}

std::string escape_controls(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 && c != 0x7f) || (keep_newlines && c == '\n')) {
      out += ch;
      continue;
    }
    const char e = escape_for(c, false);
    out += '\\';
    if (e == 0) {
      out += static_cast<char>('0' + ((c >> 6) & 3));
      out += static_cast<char>('0' + ((c >> 3) & 7));
      out += static_cast<char>('0' + (c & 7));
    } else {
      out += e;
    }
  }
  return out;
}

std::string quote_path(std::string_view path) { return quote_path(path, g_fully.load()); }

void set_quote_path(bool fully) { g_fully.store(fully); }

void load_quote_path(const gitops::Repository& repo) {
  // git: unset is true; a value that is not a boolean is a fatal error, as
  // in git (GitError, exit 128).
  set_quote_path(repo.config_bool("core.quotePath").value_or(true));
}

}  // namespace migrate
