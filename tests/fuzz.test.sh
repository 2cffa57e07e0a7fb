#!/usr/bin/env bash
# fuzz.test.sh — replays the fuzz corpora (tests/fuzz/corpus/NAME) through the harnesses.
#
#   bash tests/fuzz.test.sh BINARY SOURCE_DIR      (BINARY is not used: the harnesses
#                                                  call the library directly)
#
# No clang or libFuzzer needed: each harness tests/fuzz/fuzz_NAME.c is compiled with cc and
# -DPK_FUZZ_REPLAY against tests/fuzz/replay_main.c (a main() that feeds every corpus file
# once) and the library sources (src/*.c but cli.c). With AddressSanitizer and UBSan when
# the compiler can link them (gcc: libasan), else plain; a crash, sanitizer report or leak
# fails the test. Inputs in tests/fuzz/open/ are known unfixed bugs: replayed and reported
# as TODO, not failed. The real fuzzing is tests/fuzz/build.sh (docs/robustness.md).
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
src=$2
case "$src" in /*) ;; *) src=$PWD/$src ;; esac
fz=$src/tests/fuzz
cc=${CC:-cc}

fail() {
	echo "FAIL fuzz: $*" >&2
	exit 1
}

tmp=$(mktemp -d) || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

mods=$(sed -n 's/^pk_require( *[A-Za-z0-9_]* *\([^ )]*\).*/\1/p' "$src/CMakeLists.txt" | tr '\n' ' ')
[ -n "$mods" ] || mods="libpcre2-8 raptor2 redland rasqal opencc"
# shellcheck disable=SC2086
pkgcflags=$(pkg-config --cflags $mods) || fail "pkg-config --cflags $mods"
# shellcheck disable=SC2086
pkglibs=$(pkg-config --libs $mods) || fail "pkg-config --libs $mods"

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
echo 'int main(void){return 0;}' > "$tmp/probe.c"
# shellcheck disable=SC2086
if ! "$cc" $san "$tmp/probe.c" -o "$tmp/probe" 2> /dev/null; then
	echo "# $cc cannot link ASan/UBSan: replaying without sanitizers"
	san=
fi
# An array: the paths may hold blanks, the macro values keep their quotes.
# shellcheck disable=SC2206
cflags=(-std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L -DPK_FUZZ_REPLAY
	"-DPK_DEFAULT_RULES_DIR=\"$src/rules\"" "-DPK_DEFAULT_ONTOLOGY=\"$src/ontology/policekg.ttl\""
	"-I$src/src" $pkgcflags)

objs=()
for f in "$src"/src/*.c; do
	[ "$(basename "$f")" = cli.c ] && continue
	o=$tmp/$(basename "$f" .c).o
	# shellcheck disable=SC2086
	"$cc" "${cflags[@]}" $san -c "$f" -o "$o" 2> "$tmp/cc.err" || fail "cannot compile $f: $(head -n 5 "$tmp/cc.err")"
	objs+=("$o")
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
export PK_RULES_DIR=$src/rules
status=0
for h in reader rules extract; do
	corpus=$fz/corpus/$h
	[ -d "$corpus" ] || fail "no corpus $corpus"
	# shellcheck disable=SC2086
	"$cc" "${cflags[@]}" $san "$fz/fuzz_$h.c" "$fz/replay_main.c" "${objs[@]}" $pkglibs -lpthread -lm \
		-o "$tmp/replay_$h" 2> "$tmp/cc.err" || fail "cannot build replay_$h: $(head -n 5 "$tmp/cc.err")"
	n=$(find "$corpus" -maxdepth 1 -type f | wc -l)
	if "$tmp/replay_$h" "$corpus" > "$tmp/$h.out" 2> "$tmp/$h.err"; then
		echo "ok - fuzz/$h: $n corpus inputs${san:+ (ASan+UBSan)}"
	else
		grep -v '^policekg: \|^ ' "$tmp/$h.err" | head -n 40 >&2
		echo "FAIL fuzz/$h: the replay of $corpus crashed or leaked" >&2
		status=1
	fi
done
# Known, unfixed findings (tests/fuzz/open/HARNESS-NAME.*, docs/robustness.md): reported,
# not failed; once one passes it belongs in corpus/HARNESS.
for f in "$fz"/open/*; do
	[ -f "$f" ] || continue
	h=$(basename "$f")
	h=${h%%-*}
	[ -x "$tmp/replay_$h" ] || continue
	if "$tmp/replay_$h" "$f" > /dev/null 2> "$tmp/open.err"; then
		echo "ok - fuzz/open/$(basename "$f") no longer fails: move it to tests/fuzz/corpus/$h"
	else
		echo "not ok - fuzz/open/$(basename "$f") # TODO $(grep -m1 -o 'runtime error: .*\|ERROR: AddressSanitizer: [a-z-]*' "$tmp/open.err")"
	fi
done
exit $status
