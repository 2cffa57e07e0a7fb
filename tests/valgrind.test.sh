#!/usr/bin/env bash
# valgrind.test.sh — memcheck finds no invalid access, uninitialised use or leak in an
# end-to-end run (GitHub issue 7; docs/robustness.md).
#
#   bash tests/valgrind.test.sh BINARY SOURCE_DIR
#
# Runs `extract` under valgrind --error-exitcode=1 --leak-check=full on the seed articles
# plus a CRLF/BOM/full-width article, once as Turtle to a file with two worker threads and
# once as N-Triples to stdout with one. PK_NO_JIT=1: PCRE2's JIT reads past the end of the
# subject by design and valgrind reports it (PITFALLS.md). About 10 s here; SKIP (exit 0)
# when valgrind is not installed (Debian package valgrind).
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
case "$bin" in /*) ;; *) bin=$PWD/$bin ;; esac
case "$src" in /*) ;; *) src=$PWD/$src ;; esac

# A sanitizer build (the second CI pass) cannot run under valgrind: ASan owns the heap.
if ldd "$bin" 2>/dev/null | grep -q -e libasan -e libubsan || nm -D "$bin" 2>/dev/null | grep -q __asan_init; then
	echo "ok - valgrind # SKIP the binary is built with AddressSanitizer (memcheck runs on the plain build)"
	exit 0
fi
if ! command -v valgrind > /dev/null; then
	echo "ok - valgrind # SKIP valgrind not installed"
	exit 0
fi

tmp=$(mktemp -d) || { echo "FAIL valgrind: mktemp failed" >&2; exit 1; }
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

seeds=("$src"/seeds/*.txt)
[ -e "${seeds[0]}" ] || { echo "FAIL valgrind: no seeds in $src/seeds" >&2; exit 1; }
printf '\xef\xbb\xbf２０２５年３月５日，晋江市公安局刑侦大队破获案件１２起。\r\n厦门市公安局思明分局莲前派出所荣获“全国优秀公安基层单位”称号。\r\n' > odd.txt

status=0
vg() { # NAME ARGS...
	local name=$1
	shift
	if PK_NO_JIT=1 timeout 300 valgrind -q --error-exitcode=1 --leak-check=full \
		"$bin" extract --rules "$src/rules" "$@" > out 2> "$name.err"; then
		echo "ok - valgrind $name"
	else
		echo "FAIL valgrind $name: exit $?" >&2
		grep -v '^policekg: ' "$name.err" | head -n 60 >&2
		status=1
	fi
}
vg turtle-j2 -j2 -o out.ttl "${seeds[@]}" odd.txt
[ -s out.ttl ] || { echo "FAIL valgrind: no Turtle written" >&2; status=1; }
vg ntriples-j1 -j1 -f nt "${seeds[0]}" odd.txt
[ -s out ] || { echo "FAIL valgrind: no N-Triples written" >&2; status=1; }
exit $status
