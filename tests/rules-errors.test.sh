#!/usr/bin/env bash
# rules-errors.test.sh — bad rule files get one exact, located diagnostic (jq's %%FAIL).
#
#   bash tests/rules-errors.test.sh BINARY SOURCE_DIR
#
# Each tests/data/bad-rules/NAME/ is a rules directory with one broken x.rules. From inside
# tests/data/bad-rules (so the path prints as NAME/x.rules), `extract --rules NAME ARTICLE`
# must exit 2, write nothing to stdout, and print exactly the line below as the first line
# of stderr; `rules check NAME` must report the same line. LINE:COL are 1-based and COL
# counts code points (a tab is one), so the CJK text before an error is part of the check.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
case "$src" in /*) ;; *) src=$PWD/$src ;; esac
article=$src/seeds/000_a93c50df4467935a.txt

fail() {
	echo "FAIL rules-errors/$name: $*" >&2
	exit 1
}

tmp=$(mktemp -d) || { echo "FAIL: mktemp failed" >&2; exit 1; }
trap 'rm -rf "$tmp"' EXIT

# NAME<TAB>first line of stderr
expected=$(cat <<'EOF'
unknown-directive	policekg: unknown-directive/x.rules:3:3: error: unknown directive 'defnie' (rule, define, list, gazetteer, include)
unclosed-rule	policekg: unclosed-rule/x.rules:2:1: error: rule 'unit.open' is not closed with 'end'
unknown-type	policekg: unknown-type/x.rules:2:9: error: unknown type 'unitt' (unit, place, honor, date, stat, founding, rename, alias, anaphor, boilerplate, cut, dateline)
bad-pcre2	policekg: bad-pcre2/x.rules:4:25: error: missing closing parenthesis
unknown-macro	policekg: unknown-macro/x.rules:4:31: error: unknown macro '{NOPE}'
macro-cycle	policekg: macro-cycle/x.rules:5:21: error: macro cycle: '{A}' refers to itself
duplicate-id	policekg: duplicate-id/x.rules:6:7: error: duplicate rule id 'unit.twice' (first defined on line 1)
group-not-role	policekg: group-not-role/x.rules:3:16: error: group 'foo' is not a role (name, recipient, by, date, year, month, day, year2, month2, day2, rel, value, scale, approx, uom, measure, unit, old, new, kind)
unknown-role-example	policekg: unknown-role-example/x.rules:4:22: error: unknown role 'nmae' in example
gazetteer-directory	policekg: gazetteer-directory/.: error: cannot read gazetteer: Is a directory
EOF
)

name=control
"$bin" extract --rules "$src/rules" "$article" > "$tmp/out" 2> "$tmp/err" ||
	fail "the real rules fail on the article: $(head -n 3 "$tmp/err")"
echo "ok - the project's rules load"

cd "$src/tests/data/bad-rules" || { name=setup; fail "no tests/data/bad-rules"; }

# Every fixture directory has an expectation and every expectation a fixture.
for d in */; do
	name=${d%/}
	printf '%s\n' "$expected" | cut -f1 | grep -qxF "$name" || fail "fixture without an expected line"
done

while IFS=$'\t' read -r name want; do
	[ -d "$name" ] || fail "no fixture directory tests/data/bad-rules/$name"
	"$bin" extract --rules "$name" "$article" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	got=$(head -n 1 "$tmp/err")
	[ "$got" = "$want" ] || fail "first line of stderr:
   got: $got
  want: $want"
	[ $rc -eq 2 ] || fail "exit status $rc, expected 2"
	[ ! -s "$tmp/out" ] || fail "wrote to stdout: $(head -c 200 "$tmp/out")"

	"$bin" rules check "$name" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	got=$(head -n 1 "$tmp/err")
	[ "$got" = "$want" ] || fail "rules check, first line of stderr:
   got: $got
  want: $want"
	[ $rc -eq 2 ] || fail "rules check exit status $rc, expected 2"
	echo "ok - $name"
done <<< "$expected"
exit 0
