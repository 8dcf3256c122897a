#include "common/json_edit.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace migrate {
namespace {

struct Value;
struct Member {
  std::string key;
  std::size_t key_begin = 0, key_end = 0;
  std::unique_ptr<Value> value;
};
struct Value {
  enum class Kind { kObject, kArray, kString, kScalar } kind = Kind::kScalar;
  std::size_t begin = 0, end = 0;  // byte span of the value
  std::string str;                 // decoded content for strings
  std::vector<Member> members;     // objects
  std::vector<std::unique_ptr<Value>> items;  // arrays
};

// A strict JSON parser (RFC 8259) that remembers byte spans.
class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::unique_ptr<Value> document() {
    skip_bom();
    ws();
    auto v = value(0);
    ws();
    if (pos_ != s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(s_.begin(), s_.begin() + std::min(pos_, s_.size()), '\n'));
    throw JsonError(line, what);
  }
  void skip_bom() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  void ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }

  std::unique_ptr<Value> value(int depth) {
    if (depth > 512) fail("nesting too deep");
    auto v = std::make_unique<Value>();
    v->begin = pos_;
    switch (peek()) {
      case '{': object(*v, depth); break;
      case '[': array(*v, depth); break;
      case '"': v->kind = Value::Kind::kString; v->str = string(); break;
      case 't': literal("true"); break;
      case 'f': literal("false"); break;
      case 'n': literal("null"); break;
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) number();
        else fail(pos_ >= s_.size() ? "unexpected end of file" : "unexpected character");
    }
    v->end = pos_;
    return v;
  }

  void object(Value& v, int depth) {
    v.kind = Value::Kind::kObject;
    expect('{');
    ws();
    if (peek() == '}') { ++pos_; return; }
    for (;;) {
      ws();
      Member m;
      m.key_begin = pos_;
      if (peek() != '"') fail("expected a member name");
      m.key = string();
      m.key_end = pos_;
      ws();
      expect(':');
      ws();
      m.value = value(depth + 1);
      v.members.push_back(std::move(m));
      ws();
      if (peek() == ',') { ++pos_; continue; }
      expect('}');
      return;
    }
  }

  void array(Value& v, int depth) {
    v.kind = Value::Kind::kArray;
    expect('[');
    ws();
    if (peek() == ']') { ++pos_; return; }
    for (;;) {
      ws();
      v.items.push_back(value(depth + 1));
      ws();
      if (peek() == ',') { ++pos_; continue; }
      expect(']');
      return;
    }
  }

  static void put_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { out += static_cast<char>(0xE0 | (cp >> 12)); out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
    else { out += static_cast<char>(0xF0 | (cp >> 18)); out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)); out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) fail("truncated \\u escape");
    unsigned cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      cp <<= 4;
      if (c >= '0' && c <= '9') cp |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') cp |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') cp |= static_cast<unsigned>(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return cp;
  }

  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      if (pos_ >= s_.size()) fail("unterminated string");
      const char c = s_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (c != '\\') { out += c; continue; }
      if (pos_ >= s_.size()) fail("unterminated string");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            const unsigned lo = hex4();
            if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else fail("bad surrogate pair");
          }
          put_utf8(out, cp);
          break;
        }
        default: fail("bad escape in string");
      }
    }
  }

  void literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) fail("unexpected character");
    pos_ += word.size();
  }

  void number() {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') ++pos_;
    else if (peek() >= '1' && peek() <= '9') while (peek() >= '0' && peek() <= '9') ++pos_;
    else fail("bad number");
    if (peek() == '.') {
      ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) fail("bad number");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) fail("bad number");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    if (pos_ == start) fail("bad number");
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

const Member* find_member(const Value& obj, std::string_view key) {
  for (const auto& m : obj.members)
    if (m.key == key) return &m;
  return nullptr;
}

struct Splice {
  std::size_t begin, end;
  std::string text;
};

// The insertion of `"status": "<value>"` into an entry that has none, after
// its last member, in the entry's own layout.
Splice insert_status(std::string_view doc, const Value& entry, std::string_view status) {
  const Member& last = entry.members.back();
  std::string separator;  // what goes between members: ",<whitespace>"
  const std::string colon(doc.substr(last.key_end, last.value->begin - last.key_end));
  if (entry.members.size() >= 2) {
    const Member& prev = entry.members[entry.members.size() - 2];
    separator = std::string(doc.substr(prev.value->end, last.key_begin - prev.value->end));
  } else {
    // One member: reuse the whitespace before it.
    std::string before(doc.substr(entry.begin + 1, last.key_begin - entry.begin - 1));
    // Compact objects ({"name":"c"}) stay compact.
    const bool spaced = colon.find(' ') != std::string::npos;
    separator = "," + (before.empty() ? std::string(spaced ? " " : "") : before);
  }
  return {last.value->end, last.value->end, separator + "\"status\"" + colon + "\"" + std::string(status) + "\""};
}

}  // namespace

MigrationsEdit edit_migration_statuses(std::string_view json, std::string_view product) {
  Parser parser(json);
  auto root = parser.document();
  MigrationsEdit result;
  result.text = std::string(json);
  if (root->kind != Value::Kind::kObject) return result;
  const Member* migrations = find_member(*root, "migrations");
  if (!migrations || migrations->value->kind != Value::Kind::kArray) return result;

  std::vector<Splice> splices;
  bool found = false;
  for (const auto& item : migrations->value->items) {
    if (item->kind != Value::Kind::kObject) continue;
    const Member* name = find_member(*item, "name");
    if (!name || name->value->kind != Value::Kind::kString) continue;
    result.names.push_back(name->value->str);
    const bool is_product = name->value->str == product;
    found = found || is_product;
    const std::string_view want = is_product ? "todo" : "skip";
    const Member* status = find_member(*item, "status");
    if (status) {
      if (status->value->kind == Value::Kind::kString && status->value->str == want) continue;
      splices.push_back({status->value->begin, status->value->end, "\"" + std::string(want) + "\""});
    } else {
      splices.push_back(insert_status(json, *item, want));
    }
  }
  if (!found) {
    result.outcome = MigrationsEdit::Outcome::kProductMissing;
    return result;
  }
  result.outcome = MigrationsEdit::Outcome::kEdited;
  result.changed = splices.size();
  std::string out;
  out.reserve(json.size() + 16 * splices.size());
  std::size_t at = 0;
  for (const auto& sp : splices) {
    out.append(json.substr(at, sp.begin - at));
    out += sp.text;
    at = sp.end;
  }
  out.append(json.substr(at));
  result.text = std::move(out);
  return result;
}

}  // namespace migrate
