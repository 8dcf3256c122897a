// Escaping text into the double-quoted strings of JSON (check's --format
// json and sarif) and TOML (the moves file `fresh scan` writes). Both take
// the same short escapes, \" \\ \n \t \r, and \u00XX for the other control
// characters; TOML also escapes DEL, which JSON lets through. Bytes of 0x80
// and more pass unchanged (UTF-8 stays UTF-8).
#pragma once

#include <string>
#include <string_view>

namespace migrate::rewrite {

enum class StringSyntax {
  kJson,  // \u001b: lowercase hex, DEL as it is
  kToml,  // \u001B: uppercase hex, DEL escaped
};

// `s` escaped for the inside of a string of that syntax (no quotes added).
std::string escape_string(std::string_view s, StringSyntax syntax);

}  // namespace migrate::rewrite
