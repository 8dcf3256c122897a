#include "gitops/date.h"

#include <cctype>
#include <ctime>
#include <initializer_list>
#include <string>

namespace migrate::gitops {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  void skip_spaces() {
    while (!done() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // Reads between min and max digits.
  std::optional<std::int64_t> number(std::size_t min_digits, std::size_t max_digits) {
    std::size_t n = 0;
    std::int64_t v = 0;
    while (!done() && n < max_digits && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      v = v * 10 + (s_[i_] - '0');
      ++i_;
      ++n;
    }
    if (n < min_digits) return std::nullopt;
    return v;
  }
  std::string word() {
    std::string w;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[i_]))) w += static_cast<char>(std::tolower(s_[i_++]));
    return w;
  }
  std::size_t pos() const { return i_; }
  void reset(std::size_t p) { i_ = p; }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// "+0200", "-05:30", "+02", "Z", "UTC", "GMT". nullopt when none.
std::optional<int> parse_zone(Scanner& sc) {
  const std::size_t start = sc.pos();
  if (sc.eat('Z') || sc.eat('z')) return 0;
  const char sign = sc.peek();
  if (sign == '+' || sign == '-') {
    sc.eat(sign);
    auto hh = sc.number(2, 2);
    if (hh) {
      std::int64_t mm = 0;
      if (sc.eat(':')) {
        auto m = sc.number(2, 2);
        if (!m) { sc.reset(start); return std::nullopt; }
        mm = *m;
      } else if (auto m = sc.number(2, 2)) {
        mm = *m;
      }
      if (*hh > 14 || mm > 59) { sc.reset(start); return std::nullopt; }
      const int off = static_cast<int>(*hh * 60 + mm);
      return sign == '-' ? -off : off;
    }
    sc.reset(start);
    return std::nullopt;
  }
  const std::string w = sc.word();
  if (w == "utc" || w == "gmt") return 0;
  sc.reset(start);
  return std::nullopt;
}

int month_from_name(const std::string& w) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (w.compare(0, 3, kMonths[i]) == 0) return i + 1;
  }
  return 0;
}

bool valid_civil(std::int64_t y, std::int64_t mo, std::int64_t d, std::int64_t h, std::int64_t mi, std::int64_t s) {
  return y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

std::optional<GitDate> finish(std::int64_t y, std::int64_t mo, std::int64_t d, std::int64_t h,
                              std::int64_t mi, std::int64_t s, std::optional<int> zone) {
  if (!valid_civil(y, mo, d, h, mi, s)) return std::nullopt;
  if (zone) {
    const std::int64_t utc = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                             h * 3600 + mi * 60 + s;
    return GitDate{utc - *zone * 60LL, *zone};
  }
  std::tm tm{};
  tm.tm_year = static_cast<int>(y - 1900);
  tm.tm_mon = static_cast<int>(mo - 1);
  tm.tm_mday = static_cast<int>(d);
  tm.tm_hour = static_cast<int>(h);
  tm.tm_min = static_cast<int>(mi);
  tm.tm_sec = static_cast<int>(s);
  tm.tm_isdst = -1;
  const std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return GitDate{static_cast<std::int64_t>(t), local_offset_minutes(t)};
}

// "[@]<epoch>[ <zone>]"
std::optional<GitDate> parse_epoch(Scanner sc) {
  const bool at = sc.eat('@');
  auto secs = sc.number(1, 18);
  if (!secs) return std::nullopt;
  // Without '@', git reads a bare number as a timestamp only when it is
  // large enough not to be a year or a day.
  if (!at && *secs < 100000000) return std::nullopt;
  sc.skip_spaces();
  std::optional<int> zone;
  if (!sc.done()) {
    zone = parse_zone(sc);
    if (!zone) return std::nullopt;
    sc.skip_spaces();
    if (!sc.done()) return std::nullopt;
  }
  return GitDate{*secs, zone ? *zone : local_offset_minutes(*secs)};
}

// Reads "HH:MM[:SS[.frac]]".
bool parse_clock(Scanner& sc, std::int64_t& h, std::int64_t& mi, std::int64_t& s) {
  auto hh = sc.number(1, 2);
  if (!hh || !sc.eat(':')) return false;
  auto mm = sc.number(2, 2);
  if (!mm) return false;
  h = *hh;
  mi = *mm;
  s = 0;
  if (sc.eat(':')) {
    auto ss = sc.number(2, 2);
    if (!ss) return false;
    s = *ss;
    if (sc.eat('.') || sc.eat(',')) sc.number(1, 9);
  }
  return true;
}

std::optional<int> trailing_zone(Scanner& sc, bool& ok) {
  sc.skip_spaces();
  ok = true;
  if (sc.done()) return std::nullopt;
  auto zone = parse_zone(sc);
  sc.skip_spaces();
  ok = zone.has_value() && sc.done();
  return zone;
}

// The fields of a date as written, before its zone is applied.
struct Civil {
  std::int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
};

// The date of `c` in the zone the rest of `sc` names (the local zone when
// nothing follows); nullopt when anything else follows.
std::optional<GitDate> finish_with_zone(Scanner& sc, const Civil& c) {
  bool ok;
  auto zone = trailing_zone(sc, ok);
  if (!ok) return std::nullopt;
  return finish(c.y, c.mo, c.d, c.h, c.mi, c.s, zone);
}

// A field of a date written with the month's name.
enum class Field { kDay, kMonthName, kYear, kClock };

// Reads between min and max digits into `out`.
bool read_number(Scanner& sc, std::size_t min_digits, std::size_t max_digits, std::int64_t& out) {
  const auto v = sc.number(min_digits, max_digits);
  if (v) out = *v;
  return v.has_value();
}

// Reads `order`'s fields, each after optional spaces, then the zone.
std::optional<GitDate> parse_named_month(Scanner& sc, std::initializer_list<Field> order) {
  Civil c;
  for (Field field : order) {
    sc.skip_spaces();
    bool ok = false;
    switch (field) {
      case Field::kDay: ok = read_number(sc, 1, 2, c.d); break;
      case Field::kMonthName: c.mo = month_from_name(sc.word()); ok = c.mo != 0; break;
      case Field::kYear: ok = read_number(sc, 4, 4, c.y); break;
      case Field::kClock: ok = parse_clock(sc, c.h, c.mi, c.s); break;
    }
    if (!ok) return std::nullopt;
  }
  return finish_with_zone(sc, c);
}

// "YYYY-MM-DD[T ]HH:MM[:SS][zone]"
std::optional<GitDate> parse_iso(Scanner sc) {
  auto y = sc.number(4, 4);
  if (!y || !sc.eat('-')) return std::nullopt;
  auto mo = sc.number(1, 2);
  if (!mo || !sc.eat('-')) return std::nullopt;
  auto d = sc.number(1, 2);
  if (!d) return std::nullopt;
  if (!sc.eat('T') && !sc.eat('t')) {
    if (sc.peek() != ' ') return std::nullopt;
    sc.skip_spaces();
  }
  Civil c{*y, *mo, *d};
  if (!parse_clock(sc, c.h, c.mi, c.s)) return std::nullopt;
  return finish_with_zone(sc, c);
}

// "[Thu, ]07 Apr 2005 22:13:13 +0200"
std::optional<GitDate> parse_rfc2822(Scanner sc) {
  const std::size_t start = sc.pos();
  const std::string day_name = sc.word();
  if (!day_name.empty()) {
    sc.eat(',');
  } else {
    sc.reset(start);
  }
  return parse_named_month(sc, {Field::kDay, Field::kMonthName, Field::kYear, Field::kClock});
}

// git's default format (git log): "Thu Apr 7 22:13:13 2005 +0200".
std::optional<GitDate> parse_git_default(Scanner sc) {
  if (sc.word().empty()) return std::nullopt;
  return parse_named_month(sc, {Field::kMonthName, Field::kDay, Field::kClock, Field::kYear});
}

}  // namespace

int local_offset_minutes(std::int64_t when) {
  const std::time_t t = static_cast<std::time_t>(when);
  std::tm tm{};
  if (!localtime_r(&t, &tm)) return 0;
  return static_cast<int>(tm.tm_gmtoff / 60);
}

std::optional<GitDate> parse_git_date(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  if (auto d = parse_epoch(Scanner(text))) return d;
  if (auto d = parse_iso(Scanner(text))) return d;
  if (auto d = parse_rfc2822(Scanner(text))) return d;
  if (auto d = parse_git_default(Scanner(text))) return d;
  return std::nullopt;
}

}  // namespace migrate::gitops
