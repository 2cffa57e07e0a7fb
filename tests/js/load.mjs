// load.mjs — load policekg output with two independent RDF parsers (tests/rdf.test.sh).
//
//   node load.mjs FILE...      FILE ends in .ttl (Turtle) or .nt (N-Triples)
//
// Each file is parsed by n3 in strict mode (the format given, not its permissive superset)
// and loaded into a fresh oxigraph Store, which rejects invalid IRIs and literals. Per file
// it prints one line "FILE triples=N units=U" for the caller to compare with rapper, and
// fails (exit 1) unless n3 and oxigraph agree on N > 0, U >= 1 kg:PoliceUnit, there are no
// blank nodes, and no subject has more than one rdfs:label (CONTRACT.md).
import { readFileSync } from 'node:fs';
import N3 from 'n3';
import oxigraph from 'oxigraph';

const KG = 'https://w3id.org/policekg/ontology#';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

function formatOf(file) {
  if (file.endsWith('.ttl')) return { n3: 'text/turtle', ox: 'text/turtle' };
  if (file.endsWith('.nt')) return { n3: 'application/n-triples', ox: 'application/n-triples' };
  throw new Error(`${file}: cannot tell the format (expected .ttl or .nt)`);
}

function check(file) {
  const text = readFileSync(file, 'utf8');
  const fmt = formatOf(file);

  let quads;
  try {
    quads = new N3.Parser({ format: fmt.n3 }).parse(text);
  } catch (e) {
    throw new Error(`${file}: n3 rejects it: ${e.message}`);
  }
  const store = new oxigraph.Store();
  try {
    store.load(text, { format: fmt.ox });
  } catch (e) {
    throw new Error(`${file}: oxigraph rejects it: ${e.message ?? e}`);
  }

  const n = quads.length;
  if (n === 0) throw new Error(`${file}: no triples`);
  if (store.size !== n)
    throw new Error(`${file}: n3 parsed ${n} triples but oxigraph holds ${store.size}` +
      ' (duplicate triples in the output?)');

  const blank = quads.find((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode');
  if (blank)
    throw new Error(`${file}: blank node in ${blank.subject.value} ${blank.predicate.value} ${blank.object.value}`);

  const rows = store.query(
    `SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u a <${KG}PoliceUnit> }`);
  const units = Number(rows[0].get('n').value);
  if (!(units >= 1)) throw new Error(`${file}: no kg:PoliceUnit`);

  const multi = store.query(
    `SELECT ?s (COUNT(?l) AS ?n) WHERE { ?s <${RDFS_LABEL}> ?l } GROUP BY ?s HAVING (COUNT(?l) > 1)`);
  if (multi.length)
    throw new Error(`${file}: ${multi.length} subjects with several rdfs:label, e.g. ` +
      `${multi[0].get('s').value} (${multi[0].get('n').value})`);

  return { n, units };
}

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node load.mjs FILE...');
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  try {
    const { n, units } = check(file);
    console.log(`${file} triples=${n} units=${units}`);
  } catch (e) {
    console.error(`load.mjs: ${e.message}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
