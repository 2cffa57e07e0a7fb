// shacl-validate.mjs — validate graphs against SHACL shapes with rdf-validate-shacl
// (tests/shacl.test.sh).
//
//   node shacl-validate.mjs SHAPES.ttl DATA...          DATA: .ttl, .nt or .nq (union of all)
//   node shacl-validate.mjs --each SHAPES.ttl DATA...   each DATA file on its own
//
// Prints "conforms=true" or "conforms=false", then one line per validation result:
//   SEVERITY SOURCE-SHAPE FOCUS-NODE PATH VALUE: MESSAGE (COMPONENT)
// (terms in N-Triples syntax, shape IRIs as kgsh:NAME), sorted. Exit 0 when the data
// conforms, 1 when it does not, 2 when a file cannot be read or parsed. With --each, the
// report of each FILE goes to FILE.report (the shapes are read once; node starts slowly)
// and the exit status is 2 if a file could not be read, else 0.
import { readFileSync, writeFileSync } from 'node:fs';
import N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

const FORMATS = { '.ttl': 'text/turtle', '.nt': 'application/n-triples', '.nq': 'application/n-quads' };
const KGSH = 'https://w3id.org/policekg/shapes#';
const SH = 'http://www.w3.org/ns/shacl#';

function load(file) {
  const ext = Object.keys(FORMATS).find((e) => file.endsWith(e));
  if (!ext) throw new Error(`${file}: cannot tell the format (.ttl, .nt or .nq)`);
  try {
    return new N3.Parser({ format: FORMATS[ext] }).parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
}

function show(t) {
  if (!t) return '-';
  if (t.termType === 'NamedNode') {
    if (t.value.startsWith(KGSH)) return `kgsh:${t.value.slice(KGSH.length)}`;
    if (t.value.startsWith(SH)) return `sh:${t.value.slice(SH.length)}`;
    return `<${t.value}>`;
  }
  if (t.termType === 'BlankNode') return '_:b';
  if (t.termType === 'Literal') {
    const s = JSON.stringify(t.value);
    if (t.language) return `${s}@${t.language}`;
    return t.datatype && t.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string'
      ? `${s}^^<${t.datatype.value}>` : s;
  }
  return t.value;
}

function report(result) {
  const lines = result.results.map((r) => {
    const message = r.message.map((m) => m.value).join('; ');
    return `${show(r.severity).replace('sh:', '')} ${show(r.sourceShape)} ${show(r.focusNode)} ` +
      `${show(r.path)} ${show(r.value)}: ${message} (${show(r.sourceConstraintComponent)})`;
  });
  return [`conforms=${result.conforms}`, ...lines.sort()].join('\n') + '\n';
}

const args = process.argv.slice(2);
const each = args[0] === '--each';
if (each) args.shift();
const [shapesFile, ...dataFiles] = args;
if (!shapesFile || !dataFiles.length) {
  console.error('usage: node shacl-validate.mjs [--each] SHAPES.ttl DATA...');
  process.exit(2);
}
let shapes;
try {
  shapes = new N3.Store(load(shapesFile));
} catch (e) {
  console.error(`shacl-validate: ${e.message}`);
  process.exit(2);
}
if (each) {
  let bad = 0;
  for (const file of dataFiles) {
    try {
      const result = await new SHACLValidator(shapes).validate(new N3.Store(load(file)));
      writeFileSync(`${file}.report`, report(result));
    } catch (e) {
      console.error(`shacl-validate: ${e.message}`);
      bad++;
    }
  }
  process.exit(bad ? 2 : 0);
}
let data;
try {
  data = new N3.Store(dataFiles.flatMap(load));
} catch (e) {
  console.error(`shacl-validate: ${e.message}`);
  process.exit(2);
}
const result = await new SHACLValidator(shapes).validate(data);
process.stdout.write(report(result));
process.exit(result.conforms ? 0 : 1);
