#include "cmd/check/rules.h"

#include <algorithm>
#include <utility>

namespace migrate::cmd::check {
namespace {

struct Registered {
  int order;
  std::vector<Rule> (*make)();
};

// Construct-on-first-use: groups register from static initialisers of other
// translation units, in an unspecified order.
std::vector<Registered>& groups() {
  static std::vector<Registered> g;
  return g;
}

}  // namespace

RuleGroup::RuleGroup(int order, std::vector<Rule> (*make)()) { groups().push_back({order, make}); }

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = [] {
    std::vector<Registered> g = groups();
    std::stable_sort(g.begin(), g.end(),
                     [](const Registered& a, const Registered& b) { return a.order < b.order; });
    std::vector<Rule> out;
    for (const Registered& r : g) {
      for (Rule& rule : r.make()) out.push_back(std::move(rule));
    }
    return out;
  }();
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const Rule& r : all_rules()) {
    if (r.info.id == id) return &r;
  }
  return nullptr;
}

}  // namespace migrate::cmd::check
