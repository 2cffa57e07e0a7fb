// sparql-normalize.mjs — one canonical text for query results from any engine, so that
// librdf, Virtuoso and Oxigraph can be compared with diff (tests/stores.test.sh).
//
//   node sparql-normalize.mjs FILE...   FILE: W3C SPARQL JSON results (.json) or N-Triples (.nt)
//
// Writes FILE.norm for each FILE (one process for many files: node starts slowly); exit 1
// when a file cannot be read, after doing the others.
//
// SELECT: a "?var ..." header, then one line per row, terms in N-Triples syntax, rows
// sorted (engines may order ties differently). ASK: "true" or "false". CONSTRUCT: the
// triples' lines, sorted and unique. Differences of spelling that do not change the
// value are removed, each one an engine's documented freedom:
//  - "x"^^xsd:string is "x" (RDF 1.1); the old "typed-literal" type is "literal";
//  - language tags are lower-cased (BCP 47 tags are case-insensitive);
//  - an xsd:integer, xsd:decimal or xsd:double lexical form is written canonically
//    ("7.0" and "7" as decimals are the same value; "+05" is "5");
//  - an XSD type derived from xsd:integer (xsd:nonNegativeInteger, xsd:long...) is
//    xsd:integer: Oxigraph 0.5 stores such literals with their primitive type;
//  - Virtuoso 7.2 answers ASK with one binding of ?__ASK_RETVAL (1 or 0), not a boolean;
//  - blank node labels are replaced by _:b (labels are local to a result).
import { readFileSync, writeFileSync } from 'node:fs';
import N3 from 'n3';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const INTEGER_DERIVED = new Set(['nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger',
  'negativeInteger', 'long', 'int', 'short', 'byte', 'unsignedLong', 'unsignedInt', 'unsignedShort',
  'unsignedByte']);
const NUMERIC = new Set(['integer', 'decimal', 'double', 'float', ...INTEGER_DERIVED]);

// Canonical decimal digits of a numeric lexical form: no sign for zero, no leading zeros,
// no trailing fractional zeros, no point when the value is whole.
function canonicalNumber(lex, type) {
  const s = lex.trim();
  if (type === 'double' || type === 'float' || /[eE]/.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? String(v) : s;
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return s;
  const int = m[2].replace(/^0+/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const neg = m[1] === '-' && (int !== '0' || frac !== '');
  return `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
}

function escape(s) {
  return s.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]);
}

// term: { type: 'uri'|'bnode'|'literal'|'typed-literal', value, datatype?, 'xml:lang'? }
function term(t) {
  if (!t) return '';
  if (t.type === 'uri') return `<${t.value}>`;
  if (t.type === 'bnode') return '_:b';
  const lang = t['xml:lang'];
  if (lang) return `"${escape(t.value)}"@${lang.toLowerCase()}`;
  let dt = t.datatype;
  if (!dt || dt === `${XSD}string`) return `"${escape(t.value)}"`;
  let value = t.value;
  if (dt.startsWith(XSD) && NUMERIC.has(dt.slice(XSD.length))) {
    value = canonicalNumber(value, dt.slice(XSD.length));
    if (INTEGER_DERIVED.has(dt.slice(XSD.length))) dt = `${XSD}integer`;
  }
  return `"${escape(value)}"^^<${dt}>`;
}

function fromN3(t) {
  switch (t.termType) {
    case 'NamedNode': return { type: 'uri', value: t.value };
    case 'BlankNode': return { type: 'bnode', value: t.value };
    default: return t.language
      ? { type: 'literal', value: t.value, 'xml:lang': t.language }
      : { type: 'literal', value: t.value, datatype: t.datatype.value };
  }
}

function normalize(file) {
  const text = readFileSync(file, 'utf8');
  let lines;
  if (file.endsWith('.nt')) {
    const quads = new N3.Parser({ format: 'application/n-triples' }).parse(text);
    lines = [...new Set(quads.map((q) => `${term(fromN3(q.subject))} ${term(fromN3(q.predicate))} ${term(fromN3(q.object))} .`))].sort();
  } else {
    const r = JSON.parse(text);
    const vars = r.head?.vars ?? [];
    if (typeof r.boolean === 'boolean') {
      lines = [String(r.boolean)];
    } else if (vars.length === 1 && vars[0] === '__ASK_RETVAL' && r.results.bindings.length === 1) {
      lines = [String(Number(r.results.bindings[0].__ASK_RETVAL.value) !== 0)];
    } else {
      lines = [vars.map((v) => `?${v}`).join('\t'),
        ...r.results.bindings.map((b) => vars.map((v) => term(b[v])).join('\t')).sort()];
    }
  }
  return lines.join('\n') + '\n';
}

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node sparql-normalize.mjs FILE...');
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  try {
    writeFileSync(`${file}.norm`, normalize(file));
  } catch (e) {
    console.error(`sparql-normalize: ${file}: ${e.message ?? e}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
