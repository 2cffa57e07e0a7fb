#!/usr/bin/env bash
# load-jena.sh DB FILE... — bulk-load N-Quads (or N-Triples) into an Apache Jena TDB2 database.
#
# DB is the database directory (created when missing). Uses tdb2.tdbloader from Jena's
# distribution when it is on PATH, else the class path in JENA_CP, else the jars of
# Debian's libapache-jena-java. Then prints how many quads are in the default graph and
# in named graphs.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,7s/^# \{0,1\}//p' "$0" >&2; exit 2; }
db=$1
shift

# Debian's jars: Jena and what it needs, not all of /usr/share/java (which holds both
# log4j-over-slf4j and slf4j-log4j12: slf4j refuses to start with the two).
debian_cp() {
  local j=/usr/share/java cp="" f
  for f in jena-base jena-core jena-iri jena-arq jena-cmds jena-dboe-base jena-dboe-index \
           jena-dboe-storage jena-dboe-trans-data jena-dboe-transaction jena-tdb jena-tdb2 \
           jena-rdfconnection commons-cli commons-codec commons-compress commons-csv commons-io \
           commons-lang3 dexx.collection gson guava httpclient httpcore jackson-annotations \
           jackson-core jackson-databind jakarta.json-api jsonld-java protobuf thrift \
           titanium-json-ld slf4j-api slf4j-nop; do
    cp=$cp${cp:+:}$j/$f.jar
  done
  echo "$cp"
}
# Debian's jena-core 4.5.0-2 relocates its copy of Xerces to the package xerces.* but
# leaves the message files under org/apache/jena/ext/xerces: every Jena command then dies
# in JenaSystem.init with "RuntimeException: internal error" (XSSimpleTypeDecl). Copying
# them to where the classes look for them is enough.
debian_fix() {
  local d=org/apache/jena/ext/xerces/impl
  (cd "$1" && jar xf /usr/share/java/jena-core.jar "$d/msg" "$d/xpath/regex" &&
    mkdir -p xerces/impl/msg xerces/impl/xpath/regex &&
    cp "$d"/msg/*.properties xerces/impl/msg/ &&
    cp "$d"/xpath/regex/*.properties xerces/impl/xpath/regex/)
}
fix=$(mktemp -d)
trap 'rm -rf "$fix"' EXIT
jena() { # jena TOOL ARGS... — a Jena command-line tool
  local tool=$1
  shift
  if command -v "$tool" >/dev/null; then "$tool" "$@"
  elif [ -n "${JENA_CP:-}" ]; then java -cp "$JENA_CP" "$tool" "$@"
  else java -cp "$fix:$(debian_cp)" "$tool" "$@"; fi
}
command -v tdb2.tdbloader >/dev/null || [ -n "${JENA_CP:-}" ] || debian_fix "$fix"

jena tdb2.tdbloader --loc "$db" "$@"
jena tdb2.tdbquery --loc "$db" --results=tsv \
  'SELECT ?kind (COUNT(*) AS ?quads) (COUNT(DISTINCT ?g) AS ?graphs)
   { { ?s ?p ?o BIND("default" AS ?kind) } UNION { GRAPH ?g { ?s ?p ?o } BIND("named" AS ?kind) } }
   GROUP BY ?kind'
