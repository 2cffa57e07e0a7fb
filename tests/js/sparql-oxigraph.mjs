// sparql-oxigraph.mjs — run SPARQL queries with Oxigraph, in process (tests/stores.test.sh).
//
//   node sparql-oxigraph.mjs OUTDIR DATA... -- QUERY.rq...
//
// Loads every DATA file (.ttl Turtle, .nt N-Triples, .nq N-Quads) into one Store, then
// runs each query with the default graph as the union of all graphs (as librdf and
// Virtuoso do) and writes OUTDIR/NAME.json (SELECT and ASK, W3C SPARQL JSON results) or
// OUTDIR/NAME.nt (CONSTRUCT, N-Triples). Exit 1 when a file does not load or a query
// fails (the error names the file).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import oxigraph from 'oxigraph';

const FORMATS = { '.ttl': 'text/turtle', '.nt': 'application/n-triples', '.nq': 'application/n-quads' };

function formatOf(file) {
  for (const [ext, mime] of Object.entries(FORMATS)) if (file.endsWith(ext)) return mime;
  throw new Error(`${file}: cannot tell the format (.ttl, .nt or .nq)`);
}

const args = process.argv.slice(2);
const sep = args.indexOf('--');
if (args.length < 3 || sep < 2 || sep === args.length - 1) {
  console.error('usage: node sparql-oxigraph.mjs OUTDIR DATA... -- QUERY.rq...');
  process.exit(2);
}
const [outdir, ...data] = args.slice(0, sep);
const queries = args.slice(sep + 1);

const store = new oxigraph.Store();
try {
  for (const file of data) store.load(readFileSync(file, 'utf8'), { format: formatOf(file) });
} catch (e) {
  console.error(`sparql-oxigraph: loading failed: ${e.message ?? e}`);
  process.exit(1);
}

let failed = 0;
for (const file of queries) {
  const name = basename(file, '.rq');
  const text = readFileSync(file, 'utf8');
  const construct = /^\s*(CONSTRUCT|DESCRIBE)\b/im.test(text.replace(/#.*$/gm, ''));
  try {
    const out = store.query(text, {
      results_format: construct ? 'application/n-triples' : 'application/sparql-results+json',
      use_default_graph_as_union: true,
    });
    writeFileSync(`${outdir}/${name}.${construct ? 'nt' : 'json'}`, out);
  } catch (e) {
    console.error(`sparql-oxigraph: ${file}: ${e.message ?? e}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
