"""Validates git-migrate-check's SARIF output (tests/sarif/sarif_test.sh).

    python3 validate_sarif.py SCHEMA SARIF RULES EXPECTED SRCROOT

SCHEMA   the SARIF 2.1.0 JSON schema (draft-04); validated with jsonschema and
         its format checker (uri and uri-reference need rfc3987).
SARIF    the log to check.
RULES    `git migrate-check --rules` output: the ids every run must describe.
EXPECTED one finding a line, tab-separated: rule, level, path, start line
         (0 for none); compared whole with the results, in order.
SRCROOT  the repository's worktree: originalUriBaseIds' %SRCROOT% names it.

Prints every problem; exits 1 when there is one. A mutated copy of the log
must fail the schema, so the validation itself is known to bite.
"""
import copy
import json
import pathlib
import re
import sys
import urllib.parse

import jsonschema

schema_path, sarif_path, rules_path, expected_path, srcroot = sys.argv[1:6]
schema = json.loads(pathlib.Path(schema_path).read_text(encoding="utf-8"))
log = json.loads(pathlib.Path(sarif_path).read_text(encoding="utf-8"))
problems = []

checker = jsonschema.FormatChecker()
for needed in ("uri", "uri-reference"):
    if needed not in checker.checkers:
        problems.append(f"jsonschema cannot check the '{needed}' format (install python3-rfc3987)")
validator = jsonschema.Draft4Validator(schema, format_checker=checker)
for error in sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path)):
    where = "/".join(str(p) for p in error.absolute_path)
    problems.append(f"schema: at /{where}: {error.message}")

broken = copy.deepcopy(log)
broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b#c"
broken["runs"][0]["results"][0]["level"] = "fatal"
if len(list(validator.iter_errors(broken))) != 2:
    problems.append("schema: a log with an unencoded uri and level 'fatal' did not fail twice")

run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
want_ids = [line.split()[0] for line in pathlib.Path(rules_path).read_text().splitlines() if line.strip()]
if [r["id"] for r in rules] != want_ids:
    problems.append(f"rules: {[r['id'] for r in rules]} != --rules {want_ids}")
for r in rules:
    for key in ("name", "shortDescription", "help", "defaultConfiguration"):
        if key not in r:
            problems.append(f"rule {r['id']}: no {key}")
    if not r.get("help", {}).get("text", "").startswith("Documented in git-migrate-check(1)"):
        problems.append(f"rule {r['id']}: help text {r.get('help')}")

base = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
want_base = "file://" + urllib.parse.quote(str(pathlib.Path(srcroot).resolve()) + "/", safe="/")
if base != want_base:
    problems.append(f"originalUriBaseIds %SRCROOT%: {base!r} != {want_base!r}")

rfc3986_path = re.compile(r"^(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*$")
got = []
for res in run["results"]:
    if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
        problems.append(f"result {res['ruleId']}: ruleIndex {res['ruleIndex']} names {rules[res['ruleIndex']]['id']}")
    path, line = "", 0
    if "locations" in res:
        phys = res["locations"][0]["physicalLocation"]
        uri = phys["artifactLocation"]["uri"]
        if phys["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
            problems.append(f"result {uri}: uriBaseId is not %SRCROOT%")
        if not rfc3986_path.match(uri):
            problems.append(f"result uri {uri!r}: not a percent-encoded path")
        path = urllib.parse.unquote(uri, encoding="utf-8", errors="strict")
        if not (pathlib.Path(srcroot) / path).exists():
            problems.append(f"result uri {uri!r}: {path!r} is not a file of the worktree")
        line = phys.get("region", {}).get("startLine", 0)
    got.append("\t".join([res["ruleId"], res["level"], path, str(line)]))
want = pathlib.Path(expected_path).read_text(encoding="utf-8").splitlines()
if got != want:
    problems.append("results differ from the expected ones:\n  got:\n    " + "\n    ".join(got) +
                    "\n  expected:\n    " + "\n    ".join(want))

for p in problems:
    print("FAIL:", p)
print(f"{len(run['results'])} results, {len(rules)} rules: {'valid' if not problems else 'INVALID'}")
sys.exit(1 if problems else 0)
