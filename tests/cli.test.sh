#!/usr/bin/env bash
# cli.test.sh — the command line: options, exit codes, diagnostics, -, -o, write errors,
# bad input and determinism (STYLE.md "Command line"; exit 0 all done, 1 some input failed
# but the rest was written, 2 usage/rules/write error or nothing could be read).
#
#   bash tests/cli.test.sh BINARY SOURCE_DIR
#
# Prints "ok - NAME" per assertion; stops at the first failure with "FAIL NAME: why".
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
case "$src" in /*) ;; *) src=$PWD/$src ;; esac
seed=$src/seeds/000_a93c50df4467935a.txt
seed2=$src/seeds/004_eee1e20629bd5168.txt
rules=(--rules "$src/rules")

tmp=$(mktemp -d) || { echo "FAIL: mktemp failed" >&2; exit 1; }
trap 'rm -rf "$tmp"' EXIT
# Relative paths in diagnostics ("policekg: nosuch.txt: …") need a known working dir.
cd "$tmp" || exit 1
cp "$seed" good.txt || exit 1

name=
fail() {
	echo "FAIL ${name:-cli}: $*" >&2
	if [ -s err ]; then
		echo "--- stderr:" >&2
		head -n 10 err >&2
	fi
	exit 1
}
ok() { echo "ok - $name"; }

# run ARGS...: runs the binary with stdout in ./out, stderr in ./err, status in $rc.
run() {
	"$bin" "$@" > out 2> err
	rc=$?
}
expect_rc() {
	[ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"
}
# Exact substrings, not patterns.
expect_in() { # FILE TEXT
	grep -qF -- "$2" "$1" || fail "$1 does not contain '$2': $(head -c 300 "$1")"
}
expect_empty() {
	[ ! -s "$1" ] || fail "$1 is not empty: $(head -c 300 "$1")"
}
first_line_starts() { # FILE PREFIX
	local l
	l=$(head -n 1 "$1")
	[ "${l#"$2"}" != "$l" ] || fail "first line of $1 is '$l', expected it to start with '$2'"
}
no_tmp_files() {
	local left
	left=$(find . -name '*.tmp.*' | head -n 3)
	[ -z "$left" ] || fail "temporary output left behind: $left"
}

name="extract --help"
run extract --help
expect_rc 0
expect_in out "usage: policekg extract"
expect_in out "--output"
expect_in out "--format"
expect_empty err
ok

name="--help (top level)"
run --help
expect_rc 0
expect_in out "usage: policekg"
expect_in out "extract"
expect_empty err
ok

name="--version"
run --version
expect_rc 0
[ "$(cat out)" = "policekg 0.1.0" ] || fail "printed '$(cat out)', expected 'policekg 0.1.0'"
run extract --version
expect_rc 0
[ "$(cat out)" = "policekg 0.1.0" ] || fail "extract --version printed '$(cat out)'"
ok

name="unknown option --bogus"
run extract "${rules[@]}" --bogus good.txt
expect_rc 2
expect_in err "--bogus"
first_line_starts err "policekg: "
expect_empty out
ok

name="unknown --format"
run extract "${rules[@]}" --format xml good.txt
expect_rc 2
expect_in err "xml"
expect_empty out
ok

name="no input files"
run extract "${rules[@]}"
expect_rc 2
first_line_starts err "policekg: "
expect_in err "no input"
expect_empty out
ok

name="missing file only"
run extract "${rules[@]}" nosuch.txt
expect_rc 2
first_line_starts err "policekg: nosuch.txt:"
expect_empty out
ok

# The good article alone, as the reference for the next checks.
run extract "${rules[@]}" --format ntriples good.txt
expect_rc 0
[ -s out ] || fail "no output for a seed article"
grep -qF '<https://w3id.org/policekg/ontology#PoliceUnit>' out || fail "no kg:PoliceUnit in the seed's output"
cp out good.nt
run extract "${rules[@]}" good.txt
expect_rc 0
cp out good.ttl

name="one good + one missing file"
run extract "${rules[@]}" --format ntriples good.txt nosuch.txt
expect_rc 1
expect_in err "policekg: nosuch.txt:"
cmp -s out good.nt || fail "output differs from the good article's alone: $(diff good.nt out | head -n 5)"
ok

name="- reads stdin"
"$bin" extract "${rules[@]}" --format ntriples - < good.txt > out 2> err
rc=$?
expect_rc 0
src_pred='<https://w3id.org/policekg/ontology#source>'
grep -vF "$src_pred" good.nt | LC_ALL=C sort > a.nt
grep -vF "$src_pred" out | LC_ALL=C sort > b.nt
[ -s a.nt ] || fail "no triples"
cmp -s a.nt b.nt || fail "stdin and file triples differ (beyond kg:source): $(diff a.nt b.nt | head -n 6)"
[ "$(grep -cF "$src_pred" out)" = 1 ] || fail "expected one kg:source triple for stdin"
ok

name="-o out.ttl"
run extract "${rules[@]}" -o out.ttl good.txt
expect_rc 0
expect_empty out
[ -s out.ttl ] || fail "out.ttl missing or empty"
rapper -q -i turtle -c out.ttl 2> rapper.err || fail "rapper rejects out.ttl: $(head -n 3 rapper.err)"
cmp -s out.ttl good.ttl || fail "-o output differs from stdout output"
no_tmp_files
ok

name="--output=FILE and --format nt"
run extract "${rules[@]}" --format=ntriples --output=out.nt good.txt
expect_rc 0
cmp -s out.nt good.nt || fail "--output=out.nt differs from stdout N-Triples"
no_tmp_files
ok

name="failed run keeps -o file"
printf 'previous contents\n' > existing.ttl
cp existing.ttl existing.orig
run extract "${rules[@]}" -o existing.ttl nosuch.txt
expect_rc 2
cmp -s existing.ttl existing.orig || fail "existing.ttl was modified by a run that read no input"
no_tmp_files
ok

name="stdout write error (/dev/full)"
if [ -c /dev/full ]; then
	"$bin" extract "${rules[@]}" good.txt > /dev/full 2> err
	rc=$?
	expect_rc 2
	first_line_starts err "policekg: "
	ok
else
	echo "ok - $name # SKIP no /dev/full"
fi

# -o onto something that is not a regular file must write to it, not rename a temporary
# file over it: as root that would replace /dev/full (or /dev/null) with a plain file. The
# symlink in our temp dir shows which it does without risking the real device.
name="-o symlink to /dev/full"
if [ -c /dev/full ]; then
	ln -s /dev/full full-link
	run extract "${rules[@]}" -o full-link good.txt
	[ -L full-link ] || fail "the -o symlink was replaced by a regular file (rename over a non-regular output)"
	expect_rc 2
	first_line_starts err "policekg: "
	no_tmp_files
	ok

	name="-o /dev/full"
	run extract "${rules[@]}" -o /dev/full good.txt
	[ -c /dev/full ] || fail "/dev/full is no longer a character device"
	expect_rc 2
	first_line_starts err "policekg: "
	ok
else
	echo "ok - $name # SKIP no /dev/full"
fi

name="invalid UTF-8 only input"
printf '\xff\xfe' > bad.txt
run extract "${rules[@]}" bad.txt
expect_rc 2
first_line_starts err "policekg: bad.txt:1:1: "
expect_in err "invalid UTF-8"
expect_in err "byte 0"
expect_empty out
ok

name="invalid UTF-8 position"
# line 2, column 3 in code points (中 文 then the bad byte), byte offset 4 + 6 = 10
printf 'abc\n\xe4\xb8\xad\xe6\x96\x87\xff\n' > bad2.txt
run extract "${rules[@]}" bad2.txt
expect_rc 2
first_line_starts err "policekg: bad2.txt:2:3: "
expect_in err "invalid UTF-8"
expect_in err "byte 10"
ok

name="invalid UTF-8 beside a good file"
run extract "${rules[@]}" --format ntriples bad.txt good.txt
expect_rc 1
expect_in err "invalid UTF-8"
cmp -s out good.nt || fail "output differs from the good article's alone"
ok

name="deterministic Turtle"
run extract "${rules[@]}" good.txt "$seed2"
expect_rc 0
cp out run1.ttl
run extract "${rules[@]}" good.txt "$seed2"
cmp -s out run1.ttl || fail "two runs on the same input differ: $(diff run1.ttl out | head -n 5)"
ok

name="deterministic N-Triples"
run extract "${rules[@]}" --format ntriples good.txt "$seed2"
expect_rc 0
cp out run1.nt
run extract "${rules[@]}" --format ntriples good.txt "$seed2"
cmp -s out run1.nt || fail "two runs on the same input differ: $(diff run1.nt out | head -n 5)"
ok

name="separate runs merge by union"
run extract "${rules[@]}" --format ntriples "$seed2"
expect_rc 0
cp out seed2.nt
LC_ALL=C sort -u good.nt seed2.nt > union.nt
# Streamed N-Triples repeat entity-level triples in each article that names them (RDF
# graphs are sets): compare as sets.
LC_ALL=C sort -u run1.nt > both.nt
cmp -s union.nt both.nt || fail "one run over both articles differs from the union of two runs: $(diff union.nt both.nt | head -n 5)"
ok

name="--stats counts the triples written"
run extract "${rules[@]}" --stats --format ntriples good.txt
expect_rc 0
n=$(wc -l < out)
expect_in err ", $n triples:"
ok

exit 0
