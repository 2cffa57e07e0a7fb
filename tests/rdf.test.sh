#!/usr/bin/env bash
# rdf.test.sh — the output is RDF that independent tools accept and agree on.
#
#   bash tests/rdf.test.sh BINARY SOURCE_DIR
#
# Extracts each seed article as Turtle and as N-Triples, then: rapper (Raptor) parses both
# strictly; tests/js/load.mjs parses them with n3 (strict) and loads them into oxigraph
# (which rejects invalid IRIs); the three triple counts must agree and be > 0, Turtle and
# N-Triples must hold the same triples, and each seed must yield at least one kg:PoliceUnit.
# Runs `npm ci` in tests/js when node_modules is missing (npm registry only).
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
js=$src/tests/js

fail() {
	echo "FAIL rdf: $*" >&2
	exit 1
}
ok() { echo "ok - $*"; }

command -v rapper >/dev/null || fail "rapper not found (Debian package raptor2-utils)"
command -v node >/dev/null || fail "node not found (Debian package nodejs)"

if [ ! -d "$js/node_modules/n3" ] || [ ! -d "$js/node_modules/oxigraph" ]; then
	command -v npm >/dev/null || fail "npm not found (Debian package npm)"
	echo "# npm ci in $js"
	(cd "$js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
		fail "npm ci failed in $js"
fi

tmp=$(mktemp -d) || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# rapper_count FORMAT FILE: the number of triples rapper parses, or fail.
rapper_count() {
	local n
	rapper -q -i "$1" -c "$2" 2> "$tmp/rapper.err" > /dev/null ||
		fail "rapper -i $1 rejects $2: $(head -n 5 "$tmp/rapper.err")"
	[ ! -s "$tmp/rapper.err" ] || fail "rapper -i $1 warns on $2: $(head -n 5 "$tmp/rapper.err")"
	n=$(rapper -i "$1" -c "$2" 2>&1 | sed -n 's/.*Parsing returned \([0-9]*\) triple.*/\1/p')
	[ -n "$n" ] || fail "cannot read rapper's triple count for $2"
	echo "$n"
}

seeds=("$src"/seeds/*.txt)
[ -e "${seeds[0]}" ] || fail "no seeds in $src/seeds"

files=()
for seed in "${seeds[@]}"; do
	name=$(basename "$seed" .txt)
	for fmt in turtle ntriples; do
		ext=ttl
		[ $fmt = ntriples ] && ext=nt
		out=$tmp/$name.$ext
		"$bin" extract --format $fmt --rules "$src/rules" -o "$out" "$seed" 2> "$tmp/err" ||
			fail "policekg extract --format $fmt $name exited $?: $(head -n 5 "$tmp/err")"
		[ -s "$out" ] || fail "$name.$ext is empty"
		files+=("$out")
	done
	nt=$(rapper_count turtle "$tmp/$name.ttl")
	nn=$(rapper_count ntriples "$tmp/$name.nt")
	[ "$nt" -gt 0 ] || fail "$name: rapper finds no triples"
	[ "$nt" = "$nn" ] || fail "$name: rapper counts $nt triples in Turtle but $nn in N-Triples"
	# Turtle and N-Triples hold the same graph: both re-serialized by rapper (same escaping)
	# and sorted compare equal, as there are no blank nodes.
	rapper -q -i turtle -o ntriples "$tmp/$name.ttl" | LC_ALL=C sort > "$tmp/$name.a.nt"
	rapper -q -i ntriples -o ntriples "$tmp/$name.nt" | LC_ALL=C sort > "$tmp/$name.b.nt"
	diff -q "$tmp/$name.a.nt" "$tmp/$name.b.nt" >/dev/null ||
		fail "$name: Turtle and N-Triples differ: $(diff "$tmp/$name.a.nt" "$tmp/$name.b.nt" | head -n 6)"
	echo "$name $nt" >> "$tmp/rapper.counts"
	ok "rapper accepts $name.ttl and $name.nt ($nt triples each, same graph)"
done

node "$js/load.mjs" "${files[@]}" > "$tmp/load.out" 2> "$tmp/load.err" ||
	fail "load.mjs: $(cat "$tmp/load.err")"
while read -r name n; do
	for ext in ttl nt; do
		line=$(grep -F "$tmp/$name.$ext " "$tmp/load.out") || fail "load.mjs printed nothing for $name.$ext"
		jsn=$(echo "$line" | sed -n 's/.* triples=\([0-9]*\) .*/\1/p')
		units=$(echo "$line" | sed -n 's/.* units=\([0-9]*\)$/\1/p')
		[ "$jsn" = "$n" ] || fail "$name.$ext: n3/oxigraph count $jsn triples, rapper $n"
		[ "${units:-0}" -ge 1 ] || fail "$name.$ext: no kg:PoliceUnit"
		ok "n3 and oxigraph load $name.$ext: $jsn triples (= rapper), $units kg:PoliceUnit"
	done
done < "$tmp/rapper.counts"
exit 0
