// What happened to the definitions of the changed Python files between the
// start and the end of the range: which vanished (defined nowhere at the
// end) and which moved to another file. Shared by vanished-definition and
// django-stale-export; computed once per range (AuditContext::memo).
#pragma once

#include <string>
#include <vector>

#include "cmd/check/context.h"
#include "rewrite/definitions.h"

namespace migrate::cmd::check {

struct DefinitionFate {
  std::string qualname;             // "NotificationType.DISCUSSIONS_MENTIONED"
  rewrite::Definition::Kind kind;
  std::string old_path;             // where it was at the start
  unsigned old_line = 0;
  bool moved = false;               // defined in another file at the end
  std::string new_path;             // when moved
  unsigned new_line = 0;
  std::string removed_by;           // when vanished: the commit that removed it ("" unknown)
};

// Definitions of changed files that are gone from their file at the end of
// the range, each either moved or vanished; the definitions of a renamed
// file count as moved with it. Only files whose line diff could have lost a
// definition (linediff.h) are parsed. Members of a vanished class are
// left out (the class is reported); members of a moved class are checked in
// the class's new file like any other definition. Order: old path, then line.
const std::vector<DefinitionFate>& definition_fates(const AuditContext& ctx);

}  // namespace migrate::cmd::check
