#!/usr/bin/env bash
# git migrate-check --format sarif validated against the SARIF 2.1.0 JSON
# schema (fetched and checksummed at configure time: cmake/SarifSchema.cmake)
# with Debian's python3-jsonschema, on a repository whose findings sit in
# files named with spaces, '#' and non-ASCII characters; validate_sarif.py
# also compares the results whole and checks the uris (RFC 3986, relative to
# %SRCROOT%) and every rule's metadata.
#
#   bash tests/sarif/sarif_test.sh BUILD_DIR SOURCE_DIR SCHEMA
#
# Exit 77 (ctest: skipped) when python3-jsonschema is not installed.
set -euo pipefail
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
schema=$3
# Debian's python3 (the one python3-jsonschema installs into), before any
# other python3 on PATH.
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3)
if ! "$python" -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: $python has no jsonschema module (apt-get install python3-jsonschema python3-rfc3987; scripts/setup installs them)"
	exit 77
fi

source "$source_dir/tests/harness/hermetic.sh"
hermetic_init "$build" sarif-test

# The worktree's own path has a space and a non-ASCII letter too: it becomes
# the file:// uri of %SRCROOT%.
repo="$tmp/dépôt git"
git init -q "$repo"
cd "$repo"
mkdir -p "docs" "products/x/backend/models"
seq 1 80 | sed 's/^/line /' >"docs/Résumé notes.txt"
git add -A && git commit -q -m "master"
git checkout -q -b chore/models-migrations-x
mkdir -p "model_migration"
printf 'product = "x"\n' >"model_migration/Über Daten #1.toml"
seq 1 10 | sed 's/^/line /' >"docs/Résumé notes.txt"
cat >"products/x/backend/models/modèle 100%.py" <<'PY'
from django.db import models


class A(models.Model):
    user = models.ForeignKey("User", on_delete=models.CASCADE)
PY
git add -A && git commit -q -m "migrate x"

rc=0
git migrate-check --format sarif master..HEAD >"$tmp/out.sarif" || rc=$?
if [[ $rc != 1 ]]; then
	echo "FAIL: git migrate-check exited $rc, not 1 (errors found)"
	exit 1
fi
git migrate-check --rules >"$tmp/rules.txt"
printf '%s\t%s\t%s\t%s\n' \
	excluded-path error "model_migration/Über Daten #1.toml" 0 \
	large-deletion warning "docs/Résumé notes.txt" 0 \
	django-fk-unqualified warning "products/x/backend/models/modèle 100%.py" 5 >"$tmp/expected.tsv"
"$python" "$source_dir/tests/sarif/validate_sarif.py" "$schema" "$tmp/out.sarif" "$tmp/rules.txt" \
	"$tmp/expected.tsv" "$repo"
