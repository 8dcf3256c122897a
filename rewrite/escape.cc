#include "rewrite/escape.h"

namespace migrate::rewrite {

std::string escape_string(std::string_view s, StringSyntax syntax) {
  const char* hex = syntax == StringSyntax::kJson ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || (c == 0x7f && syntax == StringSyntax::kToml)) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  return out;
}

}  // namespace migrate::rewrite
