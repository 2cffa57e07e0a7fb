#!/usr/bin/env bash
# robustness.test.sh — bad, odd and hostile input never crashes, hangs or corrupts output
# (GitHub issue 7; docs/robustness.md has the table of cases and decisions).
#
#   bash tests/robustness.test.sh BINARY SOURCE_DIR
#
# Each case pins the exit status, the diagnostic (file name and position included) and
# that the good article given alongside the bad one still has its triples in the output:
# a bad article is reported and skipped, the rest is processed, exit 1 at the end.
# Prints "ok - NAME" per case; stops at the first failure with "FAIL NAME: why".
#
# PK_BIG_MB sets the size of the single-line article (default 100; see docs/robustness.md
# for the measured time). Runs `npm ci` in tests/js when node_modules is missing (n3).
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
case "$src" in /*) ;; *) src=$PWD/$src ;; esac
rules=$src/rules
js=$src/tests/js
export LC_ALL=C.UTF-8

tmp=$(mktemp -d) || { echo "FAIL: mktemp failed" >&2; exit 1; }
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
# Relative names in diagnostics and kg:source ("policekg: bad.txt:2:3: …").
cd "$tmp" || exit 1

name=
fail() {
	echo "FAIL ${name:-robustness}: $*" >&2
	if [ -s err ]; then
		echo "--- stderr:" >&2
		head -n 10 err >&2
	fi
	exit 1
}
ok() { echo "ok - $name${1:+ # $1}"; }

# run [ENV=V...] ARGS...: `extract --rules RULES -f nt ARGS` with stdout in ./out, stderr in
# ./err and the status in $rc; never longer than 300 s (a hang is a failure).
run() {
	local envs=()
	while [ $# -gt 0 ] && [[ $1 == PK_*=* ]]; do
		envs+=("$1")
		shift
	done
	env ${envs[@]+"${envs[@]}"} timeout 300 "$bin" extract --rules "$rules" -f nt "$@" > out 2> err
	rc=$?
	[ $rc -ne 124 ] || fail "timed out after 300 s"
}
expect_rc() {
	[ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"
}
expect_in() { # FILE TEXT: an exact substring
	grep -qF -- "$2" "$1" || fail "$1 does not contain '$2': $(head -c 400 "$1")"
}
expect_re() { # FILE ERE
	grep -qE -- "$2" "$1" || fail "$1 does not match /$2/: $(head -c 400 "$1")"
}
expect_not_in() { # FILE TEXT
	! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"
}
expect_empty() {
	[ ! -s "$1" ] || fail "$1 is not empty: $(head -c 300 "$1")"
}
# The good article's triples are in ./out (N-Triples).
KG=https://w3id.org/policekg/ontology#
ID=https://w3id.org/policekg/id/
RDF_TYPE='<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
expect_good() {
	expect_in "${1:-out}" "<${ID}unit/晋江市公安局刑侦大队> $RDF_TYPE <${KG}PoliceUnit> ."
	expect_in "${1:-out}" "<${KG}source> \"good.txt\" ."
}
no_tmp_files() { # DIR
	local left
	left=$(find "${1:-.}" -maxdepth 1 -name '*.tmp.*' | head -n 3)
	[ -z "$left" ] || fail "temporary output left behind: $left"
}

# rapper_ok FORMAT FILE: Raptor parses FILE strictly, without warnings.
rapper_ok() {
	command -v rapper >/dev/null || fail "rapper not found (Debian package raptor2-utils)"
	rapper -q -i "$1" -c "$2" > /dev/null 2> rapper.err || fail "rapper -i $1 rejects $2: $(head -n 3 rapper.err)"
	[ ! -s rapper.err ] || fail "rapper -i $1 warns on $2: $(head -n 3 rapper.err)"
}
# n3_dump FORMAT FILE: N3.js parses FILE (strict) and prints one JSON line per triple
# [subject, predicate, object-term-as-N-Triples-ish JSON].
n3_ready=
n3_dump() {
	if [ -z "$n3_ready" ]; then
		command -v node >/dev/null || fail "node not found (Debian package nodejs)"
		if [ ! -d "$js/node_modules/n3" ]; then
			command -v npm >/dev/null || fail "npm not found (Debian package npm)"
			echo "# npm ci in $js"
			(cd "$js" && npm ci --no-audit --no-fund --loglevel=error > /dev/null) ||
				fail "npm ci failed in $js"
		fi
		n3_ready=1
	fi
	NODE_PATH=$js/node_modules node -e '
		const fs = require("fs"), N3 = require("n3");
		const [fmt, file] = process.argv.slice(1);
		const parser = new N3.Parser({ format: fmt });
		let quads;
		try { quads = parser.parse(fs.readFileSync(file, "utf8")); }
		catch (e) { console.error("n3: " + e.message); process.exit(1); }
		for (const q of quads)
			console.log(JSON.stringify([q.subject.value, q.predicate.value,
				q.object.termType, q.object.value, q.object.language || "",
				q.object.datatype ? q.object.datatype.value : ""]));
	' "$1" "$2" || fail "n3 rejects $2 as $1"
}

# both_formats STEM INPUT...: extract INPUT as N-Triples and as Turtle (STEM.ntriples,
# STEM.turtle), both parsed strictly by rapper and N3.js (STEM.FORMAT.json), holding the
# same set of triples (a.json, b.json: the sorted sets).
both_formats() {
	local stem=$1 fmt
	shift
	for fmt in ntriples turtle; do
		timeout 300 "$bin" extract --rules "$rules" -f $fmt -o $stem.$fmt "$@" 2> err ||
			fail "extract -f $fmt: exit $?"
		rapper_ok $fmt $stem.$fmt
		n3_dump "$([ $fmt = turtle ] && echo Turtle || echo N-Triples)" $stem.$fmt > $stem.$fmt.json
	done
	LC_ALL=C sort -u $stem.ntriples.json > a.json
	LC_ALL=C sort -u $stem.turtle.json > b.json
	cmp -s a.json b.json || fail "Turtle and N-Triples hold different triples: $(diff a.json b.json | head -n 4)"
}

# The good article: every bad input is run next to it.
printf '2025年3月5日，晋江市公安局刑侦大队破获一起电信网络诈骗案，挽回损失120万元。\n厦门市公安局思明分局莲前派出所荣获“全国优秀公安基层单位”称号。\n' > good.txt

# ---- 1. inputs ---------------------------------------------------------------------------

name=good-alone
run good.txt
expect_rc 0
expect_empty err
expect_good
cp out good.nt
ok

name=invalid-utf8
printf '第一行\n晋江\xff市\n' > bad.txt    # byte 16 = line 2, column 3
run bad.txt good.txt
expect_rc 1
expect_in err "policekg: bad.txt:2:3: error: invalid UTF-8 at byte 16"
expect_not_in err "GBK"
expect_good
ok

name=invalid-utf8-stdin
printf 'a\xffb' | run - good.txt
expect_rc 1
expect_in err "policekg: <stdin>:1:2: error: invalid UTF-8 at byte 1"
expect_good
ok

name=invalid-utf8-after-bom
printf '\xef\xbb\xbf第一行\n晋江\xff市\n' > badbom.txt   # the byte offset is the file's
run badbom.txt good.txt
expect_rc 1
expect_in err "policekg: badbom.txt:2:3: error: invalid UTF-8 at byte 19"
expect_good
ok

command -v iconv >/dev/null || fail "iconv not found (Debian package libc-bin)"
gbmsg='looks like GBK/GB18030 (or Big5): convert with iconv -f GB18030 -t UTF-8'

name=gbk
printf 'ID 42\n晋江市公安局刑侦大队民警\n' | iconv -f UTF-8 -t GBK > gbk.txt || fail "iconv -t GBK"
run gbk.txt good.txt
expect_rc 1
expect_in err "policekg: gbk.txt:2:1: error: invalid UTF-8 at byte 6: $gbmsg"
expect_good
ok

name=gb18030-four-byte
printf '晋江𠀀派出所\n' | iconv -f UTF-8 -t GB18030 > gb4.txt || fail "iconv -t GB18030"
run gb4.txt good.txt
expect_rc 1
expect_in err "policekg: gb4.txt:1:1: error: invalid UTF-8 at byte 0: $gbmsg"
expect_good
ok

name=big5
printf '2025年,臺北市政府警察局大安分局員警\n' | iconv -f UTF-8 -t BIG5 > big5.txt || fail "iconv -t BIG5"
run big5.txt good.txt
expect_rc 1
expect_in err "policekg: big5.txt:1:5: error: invalid UTF-8 at byte 4: $gbmsg"
expect_good
ok

# A BOM is stripped and is not text: offsets, hashes and so every triple but kg:source are
# those of the same file without it.
name=bom
printf '\xef\xbb\xbf' > bom.txt
cat good.txt >> bom.txt
run bom.txt
expect_rc 0
expect_empty err
sed 's/"bom.txt"/"good.txt"/' out | LC_ALL=C sort > bom.sorted
LC_ALL=C sort good.nt > good.sorted
cmp -s bom.sorted good.sorted || fail "BOM output differs from the output without BOM: $(diff bom.sorted good.sorted | head -n 4)"
NIF=http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#
# 晋江市公安局刑侦大队 starts at code point 10, BOM or not
expect_re out "^<${ID}mention/[0-9a-f]{16}-10-20> <${NIF}beginIndex> \"10\"\\^\\^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> \\.\$"
ok

# CRLF: offsets count code points of the file as it is (a CR is one), so mention offsets,
# and the IRIs that hash the article bytes, differ from the LF file; everything else is the
# same, no literal keeps a CR, and Turtle output stays writable (it failed before: an
# anchor ending in a raw CR cannot be written by Raptor's Turtle serializer).
canon() { # strip article-scoped hashes and offsets
	sed -E 's/[0-9a-f]{16}/H/g; s/(mention\/H)-[0-9]+-[0-9]+/\1/g; /#(begin|end)Index>/d' "$1" |
		LC_ALL=C sort -u
}
name=crlf
mkdir -p lf crlf
cp good.txt lf/in.txt
sed 's/$/\r/' good.txt > crlf/in.txt
run lf/in.txt
expect_rc 0
canon out > lf.canon
run crlf/in.txt
expect_rc 0
expect_empty err
! grep -q '\\r' out || fail "a literal keeps a CR: $(grep '\\r' out | head -n 2)"
sed 's#"crlf/in.txt"#"lf/in.txt"#' out > crlf.nt
canon crlf.nt > crlf.canon
cmp -s lf.canon crlf.canon || fail "CRLF and LF give different triples: $(diff lf.canon crlf.canon | head -n 6)"
# Line 2 opens with a unit name: code points 43-58 with LF, 44-59 with CRLF (one CR before).
expect_in good.nt "-43-58> <${NIF}anchorOf> \"厦门市公安局思明分局莲前派出所\" ."
expect_in out "-44-59> <${NIF}anchorOf> \"厦门市公安局思明分局莲前派出所\" ."
timeout 300 "$bin" extract --rules "$rules" crlf/in.txt > crlf.ttl 2> err || fail "Turtle of a CRLF file: exit $?"
rapper_ok turtle crlf.ttl
ok

name=cr-only
tr '\n' '\r' < good.txt > cr.txt
timeout 300 "$bin" extract --rules "$rules" cr.txt > cr.ttl 2> err || fail "Turtle of a CR-only file: exit $?"
expect_empty err
rapper_ok turtle cr.ttl
expect_in cr.ttl "kg:PoliceUnit"
ok

# A lone CR inside a sentence (an old Mac line break the normaliser reads as LF): the
# sentence literal had kept the raw CR, which Raptor cannot write as Turtle, so the whole
# Turtle output was refused (found by fuzz_extract). The literal now holds LF.
name=cr-inside-sentence
printf '厦门市公安局思明分局莲前派出所破获案件3起，相关新闻\r”称号。\n' > crmid.txt
timeout 300 "$bin" extract --rules "$rules" crmid.txt > crmid.ttl 2> err || fail "Turtle of a sentence with a lone CR: exit $?"
expect_empty err
rapper_ok turtle crmid.ttl
timeout 300 "$bin" extract --rules "$rules" -f ntriples crmid.txt > crmid.nt 2> err || fail "N-Triples: exit $?"
! grep -q '\\r' crmid.nt || fail "a sentence literal keeps a lone CR: $(grep '\\r' crmid.nt | head -n 1)"
expect_in crmid.nt 'sentence> "厦门市公安局思明分局莲前派出所破获案件3起，相关新闻\n”"@zh'
ok

name=nul-byte
printf '晋江市公安局\n刑侦\0大队\n' > nul.txt   # NUL: line 2, column 3, byte 25
run nul.txt good.txt
expect_rc 1
expect_in err "policekg: nul.txt:2:3: error: NUL byte at byte 25: not a text file"
expect_good
ok

# An empty article is processed: it gives its kg:Article node and nothing else.
name=empty-file
: > empty.txt
run empty.txt
expect_rc 0
expect_empty err
[ "$(wc -l < out)" -eq 2 ] || fail "expected 2 triples, got $(wc -l < out): $(head -c 400 out)"
expect_in out "$RDF_TYPE <${KG}Article> ."
expect_in out "<${KG}source> \"empty.txt\" ."
run empty.txt good.txt
expect_rc 0
expect_good
ok

# The first NUL of an ELF file comes before its first invalid UTF-8 byte: "not a text file".
name=binary-file
cp "$(type -P true)" true.bin || fail "no true binary to copy"
run true.bin good.txt
expect_rc 1
grep -qE '^policekg: true\.bin:1:[0-9]+: error: NUL byte at byte [0-9]+: not a text file$' err ||
	fail "no NUL-byte diagnostic for true.bin"
expect_good
ok

# A directory stands for the files in it (src/corpus.c, recursive, sorted): its bad files
# are reported by their path, its good ones processed.
name=directory
mkdir -p adir/sub
cp bad.txt adir/sub/bad.txt
cp good.txt adir/good.txt
run adir
expect_rc 1
expect_in err "policekg: adir/sub/bad.txt:2:3: error: invalid UTF-8 at byte 16"
expect_in out "<${ID}unit/晋江市公安局刑侦大队> $RDF_TYPE <${KG}PoliceUnit> ."
expect_in out "<${KG}source> \"adir/good.txt\" ."
ok

# Symbolic-link loops inside an input directory: each directory is walked once (before
# 8dc935a every loop multiplied the walk: two loops were 2^40 paths, a hang).
name=directory-symlink-loops
mkdir -p loops
cp good.txt loops/good.txt
ln -sfn . loops/l1
ln -sfn . loops/l2
timeout 20 "$bin" extract --rules "$rules" -f nt loops > out 2> err
rc=$?
[ $rc -ne 124 ] || fail "still walking after 20 s"
expect_rc 0
[ "$(grep -c "<${KG}source>" out)" -eq 1 ] || fail "expected one article, got $(grep -c "<${KG}source>" out)"
expect_in out "<${KG}source> \"loops/good.txt\" ."
ok

name=not-a-directory
run good.txt/child good.txt
expect_rc 1
expect_in err "policekg: good.txt/child: error: cannot open: Not a directory"
expect_good
ok

name=dangling-symlink
ln -sf no-such-target dangling.txt
run dangling.txt good.txt
expect_rc 1
expect_in err "policekg: dangling.txt: error: cannot open: No such file or directory"
expect_good
ok

name=missing-file
run missing.txt good.txt
expect_rc 1
expect_in err "policekg: missing.txt: error: cannot open: No such file or directory"
expect_good
ok

# A file name becomes the kg:source literal: one that is not UTF-8, or holds a CR (which
# Raptor cannot write in a Turtle string), is refused as one bad input instead of failing
# the whole output at write time.
name=file-name-not-utf8
cp good.txt "$(printf 'bad\xffname.txt')"
run "$(printf 'bad\xffname.txt')" good.txt
expect_rc 1
expect_in err "$(printf 'policekg: bad\xffname.txt: error: file name is not valid UTF-8 (it becomes kg:source): rename the file')"
expect_good
ok

name=file-name-with-cr
cp good.txt "$(printf 'cr\rname.txt')"
run -f turtle "$(printf 'cr\rname.txt')" good.txt
expect_rc 1
expect_in err "$(printf 'policekg: cr\rname.txt: error: file name contains a carriage return (it becomes kg:source): rename the file')"
expect_in out '"good.txt"'
ok

name=all-inputs-bad
run missing.txt bad.txt
expect_rc 2
expect_in err "policekg: no input could be read; nothing written"
expect_empty out
ok

# One long line, no newline: a filler sentence with an entity sentence every ~4 KB (under
# PK_MAX_MATCHES), generated here. The time is printed for docs/robustness.md.
name=big-single-line
big_mb=${PK_BIG_MB:-100}
awk -v mb="$big_mb" 'BEGIN {
	f = "群众满意度持续提升，社会治安形势总体平稳，各项工作稳步推进。"
	e = "晋江市公安局刑侦大队民警在2025年3月破获案件12起，挽回损失3419万余元。"
	unit = ""
	for (i = 0; i < 45; i++) unit = unit f
	unit = unit e
	block = ""
	for (i = 0; i < 64; i++) block = block unit
	n = int(mb * 1048576 / length(block)) + 1
	for (i = 0; i < n; i++) printf "%s", block
}' > big.txt
[ "$(wc -l < big.txt)" -eq 0 ] || fail "big.txt is not a single line"
start=$(date +%s%N)
run big.txt good.txt
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_rc 0
expect_good
expect_in out "<${KG}source> \"big.txt\" ."
want=$(grep -oF '晋江市公安局刑侦大队' big.txt | wc -l)
got=$(grep -cF '#anchorOf> "晋江市公安局刑侦大队"' out)
[ "$got" -eq $((want + 1)) ] || fail "$got mentions of 晋江市公安局刑侦大队 in the output, $want in big.txt + 1 in good.txt"
rm -f big.txt out
ok "${big_mb} MB in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"

# ---- 2. output safety ----------------------------------------------------------------------

# -o FILE goes through a temporary file renamed into place on success: a failed run leaves
# the old FILE as it was and no temporary behind.
name=output-kept-when-nothing-read
mkdir -p outdir
echo "OLD" > outdir/graph.nt
run -o outdir/graph.nt missing.txt
expect_rc 2
[ "$(cat outdir/graph.nt)" = OLD ] || fail "the previous output file was changed"
no_tmp_files outdir
ok

# A write error halfway (file size limit: EFBIG once SIGXFSZ is ignored).
name=output-kept-on-write-error
(
	trap '' XFSZ
	ulimit -f 4   # 4 KiB
	exec timeout 300 "$bin" extract --rules "$rules" -f nt -o outdir/graph.nt good.txt good.txt \
		"$src"/seeds/*.txt
) > out 2> err
rc=$?
expect_rc 2
expect_in err "policekg: outdir/graph.nt: error: write failed: "
[ "$(cat outdir/graph.nt)" = OLD ] || fail "the previous output file was changed"
no_tmp_files outdir
ok

name=output-replaced-on-success
run -o outdir/graph.nt bad.txt good.txt
expect_rc 1
expect_good outdir/graph.nt
no_tmp_files outdir
ok

name=output-dir-missing
run -o nodir/graph.nt good.txt
expect_rc 2
expect_in err "policekg: nodir/graph.nt: error: cannot create output: No such file or directory"
ok

if [ -c /dev/full ]; then
	name=output-dev-full
	run -o /dev/full good.txt
	expect_rc 2
	expect_in err "policekg: /dev/full: error: write failed: "
	[ -c /dev/full ] || fail "/dev/full is no longer a character device"
	ok

	name=stdout-dev-full
	timeout 300 "$bin" extract --rules "$rules" good.txt > /dev/full 2> err
	rc=$?
	expect_rc 2
	expect_in err "policekg: <stdout>: error: write failed: "
	ok
else
	name=output-dev-full; ok "SKIP no /dev/full"
fi

# ---- 3. runaway patterns -------------------------------------------------------------------

# The real rules plus a rule that backtracks exponentially on "aaaa…" with no digit.
mkdir -p runaway
printf 'include %s\n' "$rules" > runaway/00-real.rules
cat > runaway/zz-runaway.rules << 'EOF'
rule test.runaway
  type unit
  pattern (?<name>(?:a+)+\d)
end
EOF
{ printf '晋江市公安局民警在现场。'; head -c 5000 /dev/zero | tr '\0' a; printf '\n'; } > aaaa.txt
for jit in jit no-jit; do
	name=runaway-pattern-$jit
	envs=()
	[ $jit = no-jit ] && envs=(PK_NO_JIT=1)
	start=$(date +%s)
	env ${envs[@]+"${envs[@]}"} timeout 60 "$bin" extract --rules runaway -f nt aaaa.txt good.txt > out 2> err
	rc=$?
	[ $rc -ne 124 ] || fail "still running after 60 s"
	expect_rc 0
	expect_in err "policekg: aaaa.txt:1:1: warning: rule 'test.runaway' (runaway/zz-runaway.rules:1) skipped for this article: match limit exceeded (PK_MATCH_LIMIT)"
	[ "$(grep -c "test.runaway" err)" -eq 1 ] || fail "expected one warning for test.runaway"
	expect_good
	# the other rules still ran on the bad article
	expect_in out "<${ID}unit/晋江市公安局> $RDF_TYPE <${KG}PoliceUnit> ."
	ok "$(( $(date +%s) - start )) s"
done

name=match-limit-env
run PK_MATCH_LIMIT=5 good.txt
expect_rc 0
expect_in err "policekg: good.txt:1:1: warning: rule 'unit.chain' ("
expect_in err "skipped for this article: match limit exceeded (PK_MATCH_LIMIT)"
run PK_MATCH_LIMIT=lots good.txt
expect_rc 0
expect_in err "policekg: ignoring PK_MATCH_LIMIT=lots: not an integer in 1..4294967295 (using 1000000)"
expect_good
run PK_DEPTH_LIMIT=0 good.txt
expect_rc 0
expect_in err "policekg: ignoring PK_DEPTH_LIMIT=0: not an integer in 1..4294967295 (using 10000)"
ok

# `include .` three times in one file was 3^16 parses before the depth limit stopped it.
name=include-cycle
mkdir -p cycle
printf 'include .\ninclude .\ninclude x.rules\nrule t\n  type cut\n  pattern 相关新闻\nend\n' > cycle/x.rules
timeout 20 "$bin" extract --rules cycle good.txt > out 2> err
rc=$?
[ $rc -ne 124 ] || fail "still loading after 20 s"
expect_rc 2
expect_in err "policekg: cycle/x.rules:1:1: error: include cycle: cycle/. is already being loaded"
ok

# ---- 4. limits (src/pk_limits.h): each error names its limit ------------------------------

name=limit-pattern-bytes
mkdir -p lim-pattern
{
	printf 'define A '
	head -c 8000 /dev/zero | tr '\0' a
	printf '\nrule too.long\n  type unit\n  pattern (?<name>{A}{A}{A}{A}{A}{A}{A}{A}{A})\nend\n'
} > lim-pattern/x.rules
run --rules lim-pattern good.txt
expect_rc 2
expect_in err "policekg: lim-pattern/x.rules:4:11: error: pattern of rule 'too.long' is longer than 65536 bytes after expansion (PK_MAX_PATTERN_BYTES)"
ok

name=limit-matches-per-article
mkdir -p lim-matches
printf 'rule every.a\n  type unit\n  pattern (?<name>a)\nend\n' > lim-matches/x.rules
head -c 200001 /dev/zero | tr '\0' a > many.txt
run --rules lim-matches many.txt good.txt
expect_rc 1
expect_in err "policekg: many.txt: error: more than 200000 rule matches in one article (PK_MAX_MATCHES)"
expect_in out "<${KG}source> \"good.txt\" ."
expect_not_in out '"many.txt"'
ok

# A sparse file: 257 MiB of zeros costs no disk and ~3 s; refused before any NUL check.
name=limit-article-bytes
truncate -s 257M huge.txt || fail "truncate failed"
run huge.txt good.txt
expect_rc 1
expect_in err "policekg: huge.txt: error: article larger than 268435456 bytes (PK_MAX_ARTICLE_BYTES)"
expect_good
rm -f huge.txt
ok

name=limit-rule-line
mkdir -p lim-line
{ printf '# '; head -c 8200 /dev/zero | tr '\0' x; printf '\n'; } > lim-line/x.rules
run --rules lim-line good.txt
expect_rc 2
expect_in err "policekg: lim-line/x.rules:1:1: error: line longer than 8192 bytes (PK_MAX_RULE_LINE)"
ok

name=limit-macro-depth
mkdir -p lim-macro
{
	for i in $(seq 1 40); do printf 'define M%d {M%d}\n' "$i" $((i + 1)); done
	printf 'define M41 a\nrule deep\n  type unit\n  pattern (?<name>{M1})\nend\n'
} > lim-macro/x.rules
run --rules lim-macro good.txt
expect_rc 2
expect_in err "policekg: lim-macro/x.rules:44:19: error: macro '{M33}' nested deeper than 32 (PK_MAX_MACRO_DEPTH)"
ok

name=limit-include-depth
mkdir -p lim-include
for i in $(seq 1 20); do printf 'include i%d.rules\n' $((i + 1)) > lim-include/i$i.rules; done
printf '# end\n' > lim-include/i21.rules
run --rules lim-include/i1.rules good.txt
expect_rc 2
expect_in err "error: includes nested deeper than 16 (a cycle?)"
ok

name=limit-rules
mkdir -p lim-rules
for i in $(seq 1 4097); do printf 'rule r%d\n  type cut\n  pattern x%d\nend\n' "$i" "$i"; done > lim-rules/x.rules
run --rules lim-rules good.txt
expect_rc 2
expect_in err "policekg: lim-rules/x.rules:16385:1: error: too many rules (limit 4096, PK_MAX_RULES)"
ok

# A user's rule without a length bound: a 100-character honour name is refused with its
# position, the rest of the article (the unit) is still in the graph.
name=limit-entity-name
mkdir -p lim-name
printf 'include %s\n' "$rules" > lim-name/00-real.rules
printf 'rule long.honor\n  type honor\n  priority 90\n  pattern 荣获“(?<name>[^“”]{90,})”\nend\n' > lim-name/x.rules
{ printf '第一行。\n晋江市公安局荣获“'; for i in $(seq 1 100); do printf '长'; done; printf '”称号。\n'; } > longname.txt
run --rules lim-name longname.txt
expect_rc 0
expect_in err "policekg: longname.txt:2:7: warning: honor name of 300 bytes is longer than 256 bytes (PK_MAX_ENTITY_NAME): left out of the graph"
expect_in out "<${ID}unit/晋江市公安局> $RDF_TYPE <${KG}PoliceUnit> ."
expect_not_in out "<${KG}Honor>"
expect_not_in out "<${KG}received>"
ok

# ---- 5. escaping: whatever reaches a literal or an IRI parses back -------------------------

# File names become kg:source literals.
name=escape-file-names
mkdir -p names
names=('a b.txt' 'q"uote.txt' "apo'strophe.txt" 'hash#1.txt' 'pct%20.txt' '<angle>.txt'
	'back\slash.txt' "$(printf 'new\nline.txt')" "$(printf 'tab\there.txt')"
	"$(printf 'ctl\001\037.txt')" '空 格「」.txt' '{brace}|^`.txt' '$(echo x).txt')
paths=()
for n in "${names[@]}"; do
	cp good.txt "names/$n" || fail "cannot create a file named '$n'"
	paths+=("names/$n")
done
# (N-Triples is streamed article by article: the same text in 13 files is one article
# node, repeated; Turtle holds the set: both_formats compares the sets.)
both_formats names "${paths[@]}"
NODE_PATH=$js/node_modules node -e '
	const fs = require("fs");
	const got = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse)
		.filter(t => t[1] === "https://w3id.org/policekg/ontology#source").map(t => t[3]).sort();
	const want = process.argv.slice(2).sort();
	if (JSON.stringify(got) !== JSON.stringify(want)) {
		console.error("kg:source values: " + JSON.stringify(got) + "\nexpected: " + JSON.stringify(want));
		process.exit(1);
	}' a.json "${paths[@]}" || fail "kg:source literals do not read back as the file names"
ok

# Article text reaches nif:anchorOf, kg:sentence, labels and (percent-encoded) IRIs.
name=escape-content
{
	printf '2025年3月，晋江市公安局荣获“模范<\\"派出所>”称号，厦门市公安局"思明\\分局"民警\t在\001现场。\n'
	printf '授予“全国{优秀}|^`交警大队”称号。被评为“先进\177集体 #1 %%20”。\n'
	printf '晋江市公安局\xe2\x80\xa8刑侦大队（ｚｈàｎ）\xef\xbb\xbf破获案件３起。“\\u0022模范\\n派出所”荣誉称号。\n'
	printf '厦门市公安局\r思明分局莲前派出所荣获“先进\r集体”称号。\n'
} > esc.txt
both_formats esc esc.txt good.txt
expect_in esc.ntriples "<${ID}honor/全国%7B优秀%7D%7C%5E%60交警大队>"
expect_in esc.ntriples '"全国{优秀}|^`交警大队"@zh'
# backslashes in the text are text: the label reads back (n3) with them
expect_in a.json '"Literal","\\u0022模范\\n派出所","zh"'
ok

# U+FFFE/U+FFFF: Raptor's Turtle serializer cut a literal there and dropped the rest
# (found by fuzz_extract). The sentence reads back whole, the noncharacter as U+FFFD,
# the same in both formats.
name=escape-noncharacters
printf '晋江市公安局刑侦大队\xef\xbf\xbe破获案件3起，挽回损失12万元\xef\xbf\xbf。\n' > nonchar.txt
both_formats nonchar nonchar.txt
for fmt in ntriples turtle; do
	expect_in nonchar.$fmt.json $'"Literal","晋江市公安局刑侦大队\xef\xbf\xbd破获案件3起，挽回损失12万元\xef\xbf\xbd。","zh"'
done
ok

echo "all robustness cases passed"
exit 0
