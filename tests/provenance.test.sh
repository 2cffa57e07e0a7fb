#!/usr/bin/env bash
# --provenance full|spans|none: the same entities and facts, with less provenance.
set -u
bin=$1 src=$2
fail() { echo "FAIL $*"; exit 1; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
seed="$src/seeds/004_eee1e20629bd5168.txt"
for p in full spans none; do
	"$bin" extract -q --rules "$src/rules" --provenance $p --format ntriples "$seed" > "$tmp/$p.nt" ||
		fail "--provenance $p exited $?"
done
grep -q 'ontology#sentence>' "$tmp/full.nt" || fail "full: no kg:sentence"
grep -q 'ontology#sentence>' "$tmp/spans.nt" && fail "spans: kg:sentence written"
grep -q 'nif-core#beginIndex>' "$tmp/spans.nt" || fail "spans: no offsets"
grep -q 'ontology#Mention>' "$tmp/none.nt" && fail "none: kg:Mention written"
# Without provenance the graph is full's minus everything about mentions.
grep -v -e '/id/mention/' "$tmp/full.nt" | LC_ALL=C sort > "$tmp/full-facts.nt"
LC_ALL=C sort "$tmp/none.nt" > "$tmp/none-sorted.nt"
cmp -s "$tmp/full-facts.nt" "$tmp/none-sorted.nt" ||
	fail "none differs from full without mentions: $(diff "$tmp/full-facts.nt" "$tmp/none-sorted.nt" | head -3)"
"$bin" extract --provenance bogus "$seed" > /dev/null 2> "$tmp/err" && fail "bogus level accepted"
grep -q "unknown provenance level 'bogus'" "$tmp/err" || fail "bogus level: $(cat "$tmp/err")"
echo "ok - provenance levels"
echo "1 passed, 0 failed"
