#!/usr/bin/env bash
# shards.test.sh BINARY SOURCE_DIR — extraction is shardable (GitHub issue 6, item 5).
#
# A 40-article JSON Lines corpus (tests/bench/make_corpus.py) is extracted once, and again
# split into 3 shards by GNU parallel --pipe (one policekg per shard, reading stdin). The
# union of the shard outputs must equal the single run's output as a set of lines (N-Quads
# when the binary writes them, else N-Triples), with no blank nodes: an article's triples
# may not depend on which other articles share its process. In input order (parallel -k)
# the shard outputs must even be the single run's bytes, and so must the output of
# examples/distributed/parallel.sh run on this machine (-S :). Also -j1 and -j2 must write
# byte-identical output. GNU parallel is installed with apt-get when missing and we are
# root; otherwise the parts that need it are skipped with a message.
set -euo pipefail
BIN=$1
SRC=$2
export LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v python3 >/dev/null || { echo "SKIP: python3 not found (needed by make_corpus.py)"; exit 0; }
python3 "$SRC/tests/bench/make_corpus.py" --articles 40 --max-kb 4 --seed 7 -o "$tmp/corpus.jsonl" 2>/dev/null
[ "$(wc -l < "$tmp/corpus.jsonl")" -eq 40 ] || fail "make_corpus.py did not write 40 articles"

# N-Quads if this build writes them, else N-Triples.
fmt=nquads
probe='{"id":"probe","url":"https://example.org/p","text":"2024年5月6日,厦门市公安局思明分局莲前派出所破获刑事案件12起。"}'
if ! echo "$probe" | "$BIN" extract --jsonl --format nquads -q - > "$tmp/probe.nq" 2> "$tmp/probe.err" ||
   [ ! -s "$tmp/probe.nq" ]; then
  echo "note: --format nquads not usable in this build ($(head -c 200 "$tmp/probe.err" | tr '\n' ' ')); using ntriples"
  fmt=ntriples
fi

# 1. One run over the whole corpus.
"$BIN" extract --jsonl --format "$fmt" -q -j 1 "$tmp/corpus.jsonl" > "$tmp/single.out" ||
  fail "single run exited $?"
n=$(wc -l < "$tmp/single.out")
[ "$n" -ge 1000 ] || fail "single run wrote only $n lines"
if grep -qE '(^|[[:space:]])_:' "$tmp/single.out"; then
  fail "blank nodes in the output: $(grep -m1 -E '(^|[[:space:]])_:' "$tmp/single.out")"
fi

# 2. -j1 and -j2 write the same bytes.
"$BIN" extract --jsonl --format "$fmt" -q -j 2 "$tmp/corpus.jsonl" > "$tmp/j2.out" || fail "-j2 run exited $?"
cmp -s "$tmp/single.out" "$tmp/j2.out" || fail "-j1 and -j2 outputs differ ($(cmp "$tmp/single.out" "$tmp/j2.out" 2>&1))"
echo "ok: -j1 and -j2 byte-identical ($n lines of $fmt)"

# 3. Three shards through GNU parallel --pipe (not moreutils' parallel).
have_gnu_parallel() { parallel --version 2>/dev/null | grep -q 'GNU parallel'; }
if ! have_gnu_parallel && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "note: installing GNU parallel with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # Other tests may be running apt-get at the same time (ctest -j): wait for the lock.
  apt=(apt-get -o DPkg::Lock::Timeout=300 -y -qq)
  "${apt[@]}" install --no-install-recommends parallel >/dev/null 2>&1 ||
    { "${apt[@]}" update >/dev/null 2>&1 && "${apt[@]}" install --no-install-recommends parallel >/dev/null 2>&1; } ||
    true
fi
if ! have_gnu_parallel; then
  echo "SKIP: GNU parallel is not installed and could not be installed (needs root and apt-get); sharding not tested"
  exit 0
fi
export PARALLEL_HOME="$tmp/parallel-home"
parallel --will-cite --pipe -N 14 -k --joblog "$tmp/joblog" \
  "$BIN" extract --jsonl --format "$fmt" -q - < "$tmp/corpus.jsonl" > "$tmp/shards.out" ||
  fail "parallel --pipe exited $?"
shards=$(($(wc -l < "$tmp/joblog") - 1))
[ "$shards" -eq 3 ] || fail "expected 3 shards, parallel ran $shards jobs"
awk 'NR > 1 && $7 != 0 { bad = 1 } END { exit bad }' "$tmp/joblog" || fail "a shard failed: $(cat "$tmp/joblog")"
LC_ALL=C sort -u "$tmp/single.out" > "$tmp/single.sorted"
LC_ALL=C sort -u "$tmp/shards.out" > "$tmp/shards.sorted"
if ! cmp -s "$tmp/single.sorted" "$tmp/shards.sorted"; then
  echo "lines only in the single run (<) or only in the shards (>):" >&2
  diff "$tmp/single.sorted" "$tmp/shards.sorted" | head -20 >&2
  fail "union of 3 shards differs from the single run"
fi
if grep -qE '(^|[[:space:]])_:' "$tmp/shards.out"; then
  fail "blank nodes in the shard output"
fi
echo "ok: union of $shards shards (GNU parallel --pipe -N 14) = single run ($(wc -l < "$tmp/single.sorted") distinct lines)"
# With -k the shard outputs come in input order: the very bytes of the single run.
cmp -s "$tmp/single.out" "$tmp/shards.out" || fail "shards in input order (parallel -k) differ from the single run"
echo "ok: shards concatenated in input order = single run, byte for byte"

# 4. The recipe of examples/distributed/parallel.sh on this machine (-S :, no ssh).
recipe=$SRC/examples/distributed/parallel.sh
POLICEKG=$BIN bash "$recipe" -S : -N 14 -f "$fmt" -o "$tmp/recipe.out" "$tmp/corpus.jsonl" ||
  fail "examples/distributed/parallel.sh exited $?"
cmp -s "$tmp/single.out" "$tmp/recipe.out" || fail "examples/distributed/parallel.sh output differs from the single run"
POLICEKG=$BIN bash "$recipe" -S : -b 50k -u -f "$fmt" "$tmp/corpus.jsonl" > "$tmp/recipe-u.out" ||
  fail "examples/distributed/parallel.sh -u exited $?"
cmp -s "$tmp/single.sorted" "$tmp/recipe-u.out" ||
  fail "examples/distributed/parallel.sh -u output differs from the single run's sort -u"
echo "ok: examples/distributed/parallel.sh -S : (-N 14; -b 50k -u) = single run"
