#!/usr/bin/env bash
# load-virtuoso.sh DIR [GRAPH] — bulk-load DIR/*.nq and DIR/*.nt into a running Virtuoso.
#
# N-Quads keep their own graphs (one per article); N-Triples go into GRAPH (default
# https://w3id.org/policekg/graph). DIR must be listed in DirsAllowed of virtuoso.ini.
# Environment: ISQL (default isql-vt, Debian's name; else isql), VIRTUOSO_PORT (1111),
# VIRTUOSO_USER (dba), VIRTUOSO_PASSWORD (dba).
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,8s/^# \{0,1\}//p' "$0" >&2; exit 2; }
dir=$(cd "$1" && pwd)
graph=${2:-https://w3id.org/policekg/graph}
ISQL=${ISQL:-$(command -v isql-vt || command -v isql || echo isql-vt)}

# ld_dir only registers the files; rdf_loader_run loads them (run it once per core in
# parallel sessions for big loads); checkpoint makes the load durable. Files that failed
# are listed with their error at the end (ll_error non-null).
"$ISQL" "${VIRTUOSO_PORT:-1111}" "${VIRTUOSO_USER:-dba}" "${VIRTUOSO_PASSWORD:-dba}" <<EOF
ld_dir('$dir', '*.nq', '$graph');
ld_dir('$dir', '*.nt', '$graph');
rdf_loader_run();
checkpoint;
SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list WHERE ll_file LIKE '$dir/%';
EOF
