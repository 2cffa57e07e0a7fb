#!/usr/bin/env bash
# load-jena.sh DB FILE... — bulk-load N-Quads (or N-Triples) into an Apache Jena TDB2 database.
#
# DB is the database directory (created when missing). Uses tdb2.tdbloader from Jena's
# distribution when it is on PATH, else the jars of Debian's libapache-jena-java
# (JENA_CP, default /usr/share/java/*). Then prints how many quads are in the default graph and in named graphs.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,6s/^# \{0,1\}//p' "$0" >&2; exit 2; }
db=$1
shift
jena() { # jena TOOL ARGS... — a Jena command-line tool
  local tool=$1
  shift
  if command -v "$tool" >/dev/null; then "$tool" "$@"
  else java -cp "${JENA_CP:-/usr/share/java/*}" "$tool" "$@"; fi
}
jena tdb2.tdbloader --loc "$db" "$@"
jena tdb2.tdbquery --loc "$db" --results=tsv \
  'SELECT ?kind (COUNT(*) AS ?quads) (COUNT(DISTINCT ?g) AS ?graphs)
   { { ?s ?p ?o BIND("default" AS ?kind) } UNION { GRAPH ?g { ?s ?p ?o } BIND("named" AS ?kind) } }
   GROUP BY ?kind'
