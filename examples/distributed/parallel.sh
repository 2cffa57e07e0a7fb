#!/usr/bin/env bash
# parallel.sh — extract JSON Lines corpora on one or many machines with GNU parallel.
#
# usage: parallel.sh [-S LOGINS] [-b BLOCK | -N ARTICLES] [-f FORMAT] [-o OUT] [-u] FILE.jsonl|-...
#   -S LOGINS    GNU parallel --sshlogin list, e.g. '2/alice@node1,2/node2,:' (':' is this
#                machine without ssh; default ':')
#   -b BLOCK     bytes of input per job, cut at line ends (default 16M)
#   -N ARTICLES  articles per job instead (exact, but GNU parallel counts lines more slowly)
#   -f FORMAT    nquads (default: one named graph per article) or ntriples
#   -o OUT       write to OUT (default stdout)
#   -u           sort and drop repeated lines (sort -u); default: the jobs' outputs in input
#                order, the same bytes as one policekg run over all the input
#
# Each host needs policekg on its PATH (or set POLICEKG to its path there) and the rules:
# the compiled-in default, or PK_RULES_DIR, which is passed on to the remote hosts when set.
# Input is read here and piped to the hosts over ssh; see README.md for corpora that
# already live on the hosts.
set -euo pipefail

POLICEKG=${POLICEKG:-policekg}
logins=: split=(--block 16M) fmt=nquads out=- uniq=0
usage() { sed -n '3,13s/^# \{0,1\}//p' "$0" >&2; exit 2; }
while getopts S:b:N:f:o:uh opt; do
  case $opt in
    S) logins=$OPTARG ;;
    b) split=(--block "$OPTARG") ;;
    N) split=(-N "$OPTARG") ;;
    f) fmt=$OPTARG ;;
    o) out=$OPTARG ;;
    u) uniq=1 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
parallel --version 2>/dev/null | grep -q 'GNU parallel' ||
  { echo "parallel.sh: GNU parallel is needed (Debian: apt-get install parallel)" >&2; exit 2; }

envs=()
[ -n "${PK_RULES_DIR:-}" ] && envs=(--env PK_RULES_DIR)
# --halt now,fail=1: a job that fails (policekg exit 1 or 2) stops the run and fails it.
# -k: job outputs in input order.
run() {
  cat -- "$@" | parallel --will-cite --pipe "${split[@]}" -k -S "$logins" "${envs[@]}" \
    --halt now,fail=1 "$POLICEKG" extract --jsonl --format "$fmt" -q -
}
if [ "$uniq" = 0 ]; then
  if [ "$out" = - ]; then run "$@"; else run "$@" > "$out"; fi
else
  # N-Triples: a triple shared by articles (a place's label, say) is written by each.
  if [ "$out" = - ]; then run "$@" | LC_ALL=C sort -u; else run "$@" | LC_ALL=C sort -u -o "$out"; fi
fi
