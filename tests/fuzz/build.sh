#!/usr/bin/env bash
# build.sh — builds the libFuzzer harnesses (fuzz_reader, fuzz_rules, fuzz_extract).
#
#   bash tests/fuzz/build.sh [OUTDIR]        (default OUTDIR: build-fuzz in the source tree)
#
# Debian clang with libclang-rt (apt-get install -y clang libclang-rt-14-dev when missing),
# -fsanitize=fuzzer,address,undefined; the library is every src/*.c except src/cli.c,
# compiled once with fuzzer-no-link instrumentation. Then run, e.g.:
#
#   OUT=build-fuzz; mkdir -p $OUT/corpus-reader
#   $OUT/fuzz_reader -workers=1 -max_total_time=1200 -max_len=4096 \
#       $OUT/corpus-reader tests/fuzz/corpus/reader
#
# (new inputs go to the first directory; the checked-in corpus stays read-only).
# fuzz_extract loads the rules from $PK_RULES_DIR, else from the compiled-in rules/.
# UBSan findings abort (-fno-sanitize-recover), so libFuzzer saves them as crashes.
# Without clang, tests/fuzz.test.sh still replays the corpus with cc (replay_main.c).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=${1:-$src/build-fuzz}
mkdir -p "$out/obj"

cc=${CC_FUZZ:-}
if [ -z "$cc" ]; then
	for c in clang clang-16 clang-15 clang-14; do
		if command -v "$c" >/dev/null; then
			cc=$c
			break
		fi
	done
fi
if [ -z "$cc" ]; then
	echo "build.sh: clang not found: apt-get install -y clang libclang-rt-14-dev" >&2
	exit 2
fi
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}' |
	"$cc" -x c -fsanitize=fuzzer -o "$out/obj/probe" - 2>/dev/null; then
	echo "build.sh: $cc cannot link -fsanitize=fuzzer: apt-get install -y libclang-rt-14-dev" >&2
	exit 2
fi

# The pkg-config modules the top-level CMakeLists.txt requires (pk_require lines), so a
# new dependency needs no change here.
mods=$(sed -n 's/^pk_require( *[A-Za-z0-9_]* *\([^ )]*\).*/\1/p' "$src/CMakeLists.txt" | tr '\n' ' ')
[ -n "$mods" ] || mods="libpcre2-8 raptor2 redland rasqal opencc"
pkgcflags=$(pkg-config --cflags $mods)
pkglibs=$(pkg-config --libs $mods)
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# An array: the paths may hold blanks, the macro values keep their quotes.
# shellcheck disable=SC2206
cflags=(-std=c11 -g -O1 -Wall -Wextra -D_POSIX_C_SOURCE=200809L
	"-DPK_DEFAULT_RULES_DIR=\"$src/rules\"" "-DPK_DEFAULT_ONTOLOGY=\"$src/ontology/policekg.ttl\""
	"-I$src/src" $pkgcflags)

objs=()
for f in "$src"/src/*.c; do
	[ "$(basename "$f")" = cli.c ] && continue
	o=$out/obj/$(basename "$f" .c).o
	# shellcheck disable=SC2086
	"$cc" "${cflags[@]}" $san -fsanitize=fuzzer-no-link -c "$f" -o "$o"
	objs+=("$o")
done
for h in fuzz_reader fuzz_rules fuzz_extract; do
	# shellcheck disable=SC2086
	"$cc" "${cflags[@]}" $san -fsanitize=fuzzer "$here/$h.c" "${objs[@]}" $pkglibs -lpthread -lm -o "$out/$h"
	echo "built $out/$h"
done
