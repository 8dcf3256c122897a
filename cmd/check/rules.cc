#include "cmd/check/rules.h"

#include <utility>

namespace migrate::cmd::check {

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = [] {
    std::vector<Rule> out;
    for (auto group : {&path_rules, &python_rules, &stale_import_rules, &django_rules, &graph_rule_list}) {
      for (Rule& rule : group()) out.push_back(std::move(rule));
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
