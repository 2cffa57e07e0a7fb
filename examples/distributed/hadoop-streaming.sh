#!/usr/bin/env bash
# hadoop-streaming.sh INPUT OUTPUT — policekg as a Hadoop Streaming mapper.
#
#   INPUT   HDFS path(s) of JSON Lines files ({"id","url","date","text"} per line)
#   OUTPUT  HDFS directory for the N-Quads (must not exist)
#
# Environment:
#   POLICEKG   local policekg binary to ship (default: the one on PATH). The worker nodes
#              need its shared libraries (Debian: libpcre2-8-0 libraptor2-0 librdf0
#              libopencc1.1), or build it statically.
#   RULES      local rules directory to ship (default: rules/ of this source tree)
#   REDUCES    0 (default): map-only, one part-m-* file per input split, duplicates kept;
#              N > 0: N reducers running `sort -u`, so every line is written once
#   HADOOP_STREAMING_JAR  default: $HADOOP_HOME/share/hadoop/tools/lib/hadoop-streaming-*.jar
#
# Streaming takes an output line without a tab as a key with an empty value, and the text
# output format may then write the line with a trailing tab: harmless for N-Quads parsers,
# and the merge recipe in README.md strips it.
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,17s/^# \{0,1\}//p' "$0" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
POLICEKG=$(command -v "${POLICEKG:-policekg}")
RULES=${RULES:-$here/../../rules}
REDUCES=${REDUCES:-0}
if [ -z "${HADOOP_STREAMING_JAR:-}" ]; then
  jars=("${HADOOP_HOME:?set HADOOP_HOME or HADOOP_STREAMING_JAR}"/share/hadoop/tools/lib/hadoop-streaming-*.jar)
  HADOOP_STREAMING_JAR=${jars[0]}
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$RULES" -czf "$work/rules.tgz" .
cp "$POLICEKG" "$work/policekg"
# The mapper runs through bash, so the shipped binary needs no executable bit in the cache.
cat > "$work/mapper.sh" <<'EOF'
chmod +x ./policekg 2>/dev/null || true
exec ./policekg extract --jsonl --format nquads -q -r ./rules -
EOF

reducer=()
[ "$REDUCES" -gt 0 ] && reducer=(-reducer "sort -u")
# Generic options (-D, -files, -archives) must come before the streaming ones.
hadoop jar "$HADOOP_STREAMING_JAR" \
  -D mapreduce.job.name=policekg \
  -D mapreduce.job.reduces="$REDUCES" \
  -files "$work/policekg,$work/mapper.sh" \
  -archives "$work/rules.tgz#rules" \
  -input "$1" -output "$2" \
  -mapper "bash mapper.sh" \
  "${reducer[@]}"
