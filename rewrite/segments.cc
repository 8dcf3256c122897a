// Splitting, joining and comparing dotted names and paths by segments
// (rewrite/segments.h).
#include "rewrite/segments.h"

namespace migrate::rewrite {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

std::string join_dotted(const std::vector<std::string_view>& segs, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out += '.';
    out += segs[i];
  }
  return out;
}

bool under_module(std::string_view name, std::string_view prefix) {
  return name == prefix || (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix &&
                            name[prefix.size()] == '.');
}

bool contains_word(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !is_identifier_byte(text[at - 1])) && (end == text.size() || !is_identifier_byte(text[end]))) {
      return true;
    }
  }
  return false;
}

}  // namespace migrate::rewrite
