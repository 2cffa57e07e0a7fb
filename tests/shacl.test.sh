#!/usr/bin/env bash
# shacl.test.sh — the seeds' graph conforms to ontology/shapes.ttl, and graphs broken on
# purpose do not, each failing on the shape meant to catch it.
#
#   bash tests/shacl.test.sh BINARY SOURCE_DIR
#
# Validation: rdf-validate-shacl (npm, tests/js/shacl-validate.mjs; `npm ci` in tests/js when
# node_modules is missing). Each broken graph is the seeds' N-Triples with one line
# changed, removed or added; the validator must say conforms=false and name the shape
# (kgsh:...) and constraint component expected. Prints "ok - NAME" per check.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
case "$src" in /*) ;; *) src=$PWD/$src ;; esac
js=$src/tests/js
shapes=$src/ontology/shapes.ttl

tmp=$(mktemp -d) || { echo "FAIL: mktemp failed" >&2; exit 1; }
trap 'rm -rf "$tmp"' EXIT

failed=0
fail() {
	echo "FAIL $1: $2" >&2
	failed=$((failed + 1))
}
ok() { echo "ok - $1"; }

command -v node > /dev/null || { fail node "node not found (Debian package nodejs)"; exit 1; }
if [ ! -d "$js/node_modules/rdf-validate-shacl" ] || [ ! -d "$js/node_modules/n3" ]; then
	command -v npm > /dev/null || { fail npm "npm not found (Debian package npm)"; exit 1; }
	echo "# npm ci in $js"
	(cd "$js" && npm ci --no-audit --no-fund --loglevel=error > /dev/null) ||
		{ fail npm "npm ci failed in $js"; exit 1; }
fi
validate() { node "$js/shacl-validate.mjs" "$shapes" "$@"; }

if command -v rapper > /dev/null; then
	rapper -q -i turtle -c "$shapes" 2> "$tmp/rapper.err" && [ ! -s "$tmp/rapper.err" ] &&
		ok "rapper reads ontology/shapes.ttl" || fail shapes "rapper: $(head -n 3 "$tmp/rapper.err")"
fi

(cd "$src" && "$bin" extract --rules rules --format ntriples -o "$tmp/seeds.nt" seeds/*.txt) \
	2> "$tmp/extract.err" || { fail extract "$(head -n 5 "$tmp/extract.err")"; exit 1; }
(cd "$src" && "$bin" extract --rules rules -o "$tmp/seeds.ttl" seeds/*.txt) 2>> "$tmp/extract.err" ||
	{ fail extract "$(head -n 5 "$tmp/extract.err")"; exit 1; }

for f in seeds.nt seeds.ttl; do
	validate "$tmp/$f" > "$tmp/report" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -qx 'conforms=true' "$tmp/report"; then
		ok "the seeds' graph ($f) conforms"
	else
		fail "seeds ($f)" "exit $rc, expected conforms=true:
$(head -n 20 "$tmp/report")"
	fi
done

# ---- broken graphs ---------------------------------------------------------------------

I='https://w3id.org/policekg/id/'
K='https://w3id.org/policekg/ontology#'
X='http://www.w3.org/2001/XMLSchema#'
LABEL='<http://www.w3.org/2000/01/rdf-schema#label>'
TYPE='<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
NIF='http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#'

# line ERE: the first line of the seeds' N-Triples matching ERE (exits the test if none).
line() {
	local l
	l=$(grep -E -m 1 -- "$1" "$tmp/seeds.nt") || { fail "$name" "no line matches $1 in the seeds' graph"; return 1; }
	printf '%s\n' "$l"
}
# subject LINE: its subject term.
subject() { printf '%s\n' "${1%% *}"; }

# Each case writes $tmp/broken/NAME.nt and says which shape and component must catch it
# (broken NAME SHAPE COMPONENT); one validator run then reads them all.
mkdir -p "$tmp/broken"
cases=()
broken() {
	cp "$tmp/broken.nt" "$tmp/broken/$1.nt"
	cases+=("$1 $2 $3")
}
# replace LINE NEW: the seeds with LINE replaced by NEW (NEW empty: removed); every copy
# of LINE, as streamed N-Triples repeat a triple once per article that yields it.
replace() {
	awk -v old="$1" -v new="$2" '$0 == old { if (new != "") print new; next } { print }' \
		"$tmp/seeds.nt" > "$tmp/broken.nt"
}
# add LINE...: the seeds with LINEs added.
add() {
	cp "$tmp/seeds.nt" "$tmp/broken.nt"
	printf '%s\n' "$@" >> "$tmp/broken.nt"
}
# typed_label CLASS: the rdfs:label line of the first node typed kg:CLASS.
typed_label() {
	local t
	t=$(line "> ${TYPE} <${K}$1> \.$") || return 1
	line "^$(subject "$t" | sed 's/[][\.*^$]/\\&/g') ${LABEL} "
}

name=stat-value-string
if l=$(line "<${K}value> \"[0-9.]+\"\\^\\^<${X}decimal>"); then
	replace "$l" "$(subject "$l") <${K}value> \"abc\" ."
	broken $name Statistic-value DatatypeConstraintComponent
fi
name=stat-value-integer
if l=$(line "<${K}value> \"[0-9]+\\.0\"\\^\\^<${X}decimal>"); then
	replace "$l" "$(subject "$l") <${K}value> \"$(sed -E 's/.*"([0-9]+)\.0".*/\1/' <<< "$l")\"^^<${X}integer> ."
	broken $name Statistic-value DatatypeConstraintComponent
fi
name=stat-two-values
if l=$(line "<${K}value> "); then
	add "$(subject "$l") <${K}value> \"1.5\"^^<${X}decimal> ."
	broken $name Statistic-value MaxCountConstraintComponent
fi
name=stat-credited-to-place
if l=$(line "<${K}creditedTo> "); then
	replace "$l" "$(subject "$l") <${K}creditedTo> <${I}place/35-福建省> ."
	broken $name Statistic-creditedTo ClassConstraintComponent
fi
name=stat-no-unit-of-measure
if l=$(line "<${K}unitOfMeasure> "); then
	replace "$l" ""
	broken $name Statistic-unitOfMeasure MinCountConstraintComponent
fi
name=stat-bad-period
if l=$(line "<${K}period> "); then
	replace "$l" "$(subject "$l") <${K}period> \"2020-2022\" ."
	broken $name Statistic-period NodeConstraintComponent
fi
name=unit-no-label
if l=$(typed_label PoliceUnit); then
	replace "$l" ""
	broken $name PoliceUnit-label MinCountConstraintComponent
fi
name=unit-two-labels
if l=$(line "^<${I}unit/[^>]*> ${LABEL} "); then
	add "$(subject "$l") ${LABEL} \"另一个名称\"@zh ."
	broken $name PoliceUnit-label MaxCountConstraintComponent
fi
name=unit-label-no-language
if l=$(line "^<${I}unit/[^>]*> ${LABEL} "); then
	replace "$l" "${l%@zh .} ."
	broken $name PoliceUnit-label DatatypeConstraintComponent
fi
name=unit-label-english
if l=$(line "^<${I}unit/[^>]*> ${LABEL} "); then
	replace "$l" "${l%@zh .}@en ."
	broken $name PoliceUnit-label LanguageInConstraintComponent
fi
name=unit-founding-date-string
if l=$(line "<${K}foundingDate> "); then
	replace "$l" "$(sed -E 's/\^\^<[^>]*> \.$/ ./' <<< "$l")"
	broken $name PoliceUnit-foundingDate NodeConstraintComponent
fi
name=unit-parent-not-a-unit
if l=$(line "<${K}partOf> "); then
	replace "$l" "$(subject "$l") <${K}partOf> <${I}honor/none> ."
	broken $name PoliceUnit-partOf ClassConstraintComponent
fi
name=place-label-missing
if l=$(typed_label Place); then
	replace "$l" ""
	broken $name Place-label MinCountConstraintComponent
fi
name=place-division-code
if l=$(typed_label Place); then
	add "$(subject "$l") <${K}divisionCode> \"35a\" ."
	broken $name Place-divisionCode PatternConstraintComponent
fi
name=honor-two-labels
if l=$(typed_label Honor); then
	add "$(subject "$l") ${LABEL} \"又一个称号\"@zh ."
	broken $name Honor-label MaxCountConstraintComponent
fi
name=award-two-recipients
if l=$(line "<${K}recipient> "); then
	add "$(subject "$l") <${K}recipient> <${I}unit/公安部> ."
	broken $name Award-recipient MaxCountConstraintComponent
fi
name=award-no-honor
if l=$(line "<${K}honor> "); then
	replace "$l" ""
	broken $name Award-honor MinCountConstraintComponent
fi
name=award-date-dateTime
if l=$(line "<${K}date> "); then
	replace "$l" "$(subject "$l") <${K}date> \"2021-01-01T00:00:00\"^^<${X}dateTime> ."
	broken $name Award-date NodeConstraintComponent
fi
name=mention-begin-integer
if l=$(line "<${NIF}beginIndex> "); then
	replace "$l" "${l/nonNegativeInteger/integer}"
	broken $name Mention-beginIndex DatatypeConstraintComponent
fi
name=mention-begin-after-end
if l=$(line "<${NIF}beginIndex> "); then
	replace "$l" "$(subject "$l") <${NIF}beginIndex> \"999999\"^^<${X}nonNegativeInteger> ."
	broken $name Mention-beginIndex LessThanConstraintComponent
fi
name=mention-no-article
if l=$(line "<${K}inArticle> "); then
	replace "$l" ""
	broken $name Mention-inArticle MinCountConstraintComponent
fi
name=blank-node-object
if l=$(line "<${K}locatedIn> "); then
	replace "$l" "$(subject "$l") <${K}locatedIn> _:somewhere ."
	broken $name NoBlankObjects NodeKindConstraintComponent
fi
name=blank-node-unit
add "_:unit ${TYPE} <${K}PoliceUnit> ." "_:unit ${LABEL} \"无名派出所\"@zh ."
broken $name PoliceUnit NodeKindConstraintComponent

node "$js/shacl-validate.mjs" --each "$shapes" "$tmp/broken"/*.nt 2> "$tmp/each.err" ||
	fail validate "$(head -n 5 "$tmp/each.err")"
for c in "${cases[@]}"; do
	read -r name shape component <<< "$c"
	r=$tmp/broken/$name.nt.report
	if [ ! -f "$r" ]; then
		fail "broken/$name" "no report"
	elif ! grep -qx 'conforms=false' "$r"; then
		fail "broken/$name" "expected conforms=false: $(head -n 5 "$r")"
	elif ! grep -E "^Violation kgsh:$shape .*\(sh:$component\)$" "$r" > /dev/null; then
		fail "broken/$name" "no violation of kgsh:$shape (sh:$component):
$(head -n 10 "$r")"
	else
		ok "broken/$name: conforms=false, kgsh:$shape ($component)"
	fi
done

echo "$failed failed"
[ "$failed" -eq 0 ]
