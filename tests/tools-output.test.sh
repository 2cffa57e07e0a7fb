#!/usr/bin/env bash
# Exact output of `policekg explain` and `policekg coverage` on a small article with a
# small, stable rule set (tests/data/mini-rules), colour handling, and the HTML report.
set -u
bin=$1 src=$2
cd "$src" || exit 1
fail() { echo "FAIL $*"; exit 1; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
rules=tests/data/mini-rules art=tests/data/mini-articles

"$bin" explain --color=never --rules $rules $art/a.txt > "$tmp/explain.txt" || fail "explain exited $?"
diff -u tests/data/mini-expected/explain.txt "$tmp/explain.txt" || fail "explain output changed"
echo "ok - explain output"

# piped: no colour by default; --color=always: ANSI escapes
"$bin" explain --rules $rules $art/a.txt | grep -q $'\033' && fail "colour escapes on a pipe"
"$bin" explain --color=always --rules $rules $art/a.txt | grep -q $'\033\\[1m' || fail "--color=always: no escapes"
echo "ok - colour only on a terminal or when asked"

"$bin" coverage --rules $rules $art > "$tmp/coverage.txt" || fail "coverage exited $?"
diff -u tests/data/mini-expected/coverage.txt "$tmp/coverage.txt" || fail "coverage output changed"
echo "ok - coverage output"

"$bin" coverage --rules $rules --html "$tmp/r.html" $art > /dev/null || fail "coverage --html exited $?"
grep -q '<!DOCTYPE html>' "$tmp/r.html" || fail "HTML report: no doctype"
grep -q 'class="bar hit" style="width:300px"' "$tmp/r.html" || fail "HTML report: no full bar for a rule with hits"
grep -q '<td class=never>honor.never' "$tmp/r.html" || fail "HTML report: never-fired rule not marked"
grep -q '社区民警走访了30户居民。' "$tmp/r.html" || fail "HTML report: uncovered sentence missing"
grep -q -i '<script\|https\?://' "$tmp/r.html" && fail "HTML report is not self-contained"
echo "ok - coverage HTML report"

"$bin" coverage --rules $rules --max-sentences x $art > /dev/null 2>&1; [ $? -eq 2 ] || fail "--max-sentences x accepted"
"$bin" explain --rules $rules nosuch.txt > /dev/null 2>&1; [ $? -eq 2 ] || fail "explain of a missing file should exit 2"
echo "ok - option and input errors"
echo "5 passed, 0 failed"
