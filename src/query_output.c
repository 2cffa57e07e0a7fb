/* query_output.c — the results of a `policekg query` run, printed.
 *
 * Output: table (for people: aligned, CJK characters count two columns, IRIs shortened
 * with the policekg prefixes, literals by their lexical form), or the W3C SPARQL 1.1
 * results formats csv, tsv (terms in N-Triples syntax) and json. ASK prints true/false
 * (json: {"boolean": ...}); CONSTRUCT prints N-Triples (raw UTF-8), sorted and
 * without duplicates, since a graph has no order.
 *
 * Each term librdf gives is first copied into a PkCell (kind, value, datatype, language),
 * so the formats below read plain C strings, never librdf nodes.
 */
#include "query_output.h"

#include "query_buf.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PK_XSD_STRING "http://www.w3.org/2001/XMLSchema#string"

/* ---- result terms -------------------------------------------------------------------- */

typedef enum { PK_CELL_UNBOUND, PK_CELL_IRI, PK_CELL_BLANK, PK_CELL_LITERAL } PkCellKind;

typedef struct {
	PkCellKind kind;
	char *value;     /* IRI, blank node id or lexical form (malloc'd) */
	size_t len;      /* of value (a literal may hold a NUL) */
	char *datatype;  /* literal datatype IRI or NULL (never xsd:string) */
	char *lang;      /* language tag or NULL */
} PkCell;

static char *pk_query_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Fills c from node (NULL: unbound). Returns 0, or 1 when out of memory. */
static int pk_cell_set(PkCell *c, librdf_node *node)
{
	memset(c, 0, sizeof *c);
	if (!node)
		return 0;
	const char *s = NULL;
	size_t n = 0;
	if (librdf_node_is_resource(node)) {
		c->kind = PK_CELL_IRI;
		s = (const char *)librdf_uri_as_counted_string(librdf_node_get_uri(node), &n);
	} else if (librdf_node_is_blank(node)) {
		c->kind = PK_CELL_BLANK;
		s = (const char *)librdf_node_get_counted_blank_identifier(node, &n);
	} else {
		c->kind = PK_CELL_LITERAL;
		s = (const char *)librdf_node_get_literal_value_as_counted_string(node, &n);
		const char *lang = librdf_node_get_literal_value_language(node);
		librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(node);
		if (lang && *lang && !(c->lang = strdup(lang)))
			return 1;
		if (dt) {
			const char *d = (const char *)librdf_uri_as_string(dt);
			/* RDF 1.1: "x"^^xsd:string is "x" */
			if (strcmp(d, PK_XSD_STRING) != 0 && !(c->datatype = strdup(d)))
				return 1;
		}
	}
	c->len = n;
	return !(c->value = pk_query_strndup(s ? s : "", s ? n : 0));
}

static void pk_cell_clear(PkCell *c)
{
	free(c->value);
	free(c->datatype);
	free(c->lang);
	memset(c, 0, sizeof *c);
}

/* N-Triples (RDF 1.1, raw UTF-8) string body: the escapes writer.c uses. */
static void pk_nt_string(PkQBuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': pk_qbuf_puts(b, "\\\""); break;
		case '\\': pk_qbuf_puts(b, "\\\\"); break;
		case '\n': pk_qbuf_puts(b, "\\n"); break;
		case '\r': pk_qbuf_puts(b, "\\r"); break;
		case '\t': pk_qbuf_puts(b, "\\t"); break;
		case '\b': pk_qbuf_puts(b, "\\b"); break;
		case '\f': pk_qbuf_puts(b, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7F) {
				char esc[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF], 0 };
				pk_qbuf_puts(b, esc);
			} else {
				pk_qbuf_putc(b, (char)c);
			}
		}
	}
}

/* The cell as an N-Triples term (unbound: nothing). */
static void pk_nt_term(PkQBuf *b, const PkCell *c)
{
	switch (c->kind) {
	case PK_CELL_UNBOUND:
		break;
	case PK_CELL_IRI:
		pk_qbuf_putc(b, '<');
		pk_qbuf_add(b, c->value, c->len);
		pk_qbuf_putc(b, '>');
		break;
	case PK_CELL_BLANK:
		pk_qbuf_puts(b, "_:");
		pk_qbuf_add(b, c->value, c->len);
		break;
	case PK_CELL_LITERAL:
		pk_qbuf_putc(b, '"');
		pk_nt_string(b, c->value, c->len);
		pk_qbuf_putc(b, '"');
		if (c->lang) {
			pk_qbuf_putc(b, '@');
			pk_qbuf_puts(b, c->lang);
		} else if (c->datatype) {
			pk_qbuf_puts(b, "^^<");
			pk_qbuf_puts(b, c->datatype);
			pk_qbuf_putc(b, '>');
		}
		break;
	}
}

/* ---- SELECT output ------------------------------------------------------------------- */

typedef struct {
	size_t nvars;
	char **vars;
	PkCell *cells;  /* nrows * nvars */
	size_t nrows, cap;
} PkRows;

static void pk_rows_free(PkRows *r)
{
	for (size_t i = 0; i < r->nrows * r->nvars; i++)
		pk_cell_clear(&r->cells[i]);
	free(r->cells);
	for (size_t i = 0; i < r->nvars; i++)
		free(r->vars[i]);
	free(r->vars);
}

/* Collects every row of a bindings result. Returns 0, or 1 when out of memory. */
static int pk_rows_collect(PkRows *r, librdf_query_results *res, rasqal_query *prepared)
{
	memset(r, 0, sizeof *r);
	/* With no rows, librdf reports no variables: take them from the prepared query. */
	int nv = librdf_query_results_get_bindings_count(res);
	raptor_sequence *seq = NULL;
	if (nv <= 0 && prepared && (seq = rasqal_query_get_bound_variable_sequence(prepared)))
		nv = raptor_sequence_size(seq);
	r->nvars = nv > 0 ? (size_t)nv : 0;
	if (r->nvars && !(r->vars = calloc(r->nvars, sizeof(char *))))
		return 1;
	for (size_t i = 0; i < r->nvars; i++) {
		const char *name = NULL;
		if (seq) {
			rasqal_variable *var = raptor_sequence_get_at(seq, (int)i);
			name = var ? (const char *)var->name : NULL;
		} else {
			name = librdf_query_results_get_binding_name(res, (int)i);
		}
		if (!(r->vars[i] = strdup(name ? name : "")))
			return 1;
	}
	for (; !librdf_query_results_finished(res); librdf_query_results_next(res)) {
		if (r->nrows == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 64;
			PkCell *nc = realloc(r->cells, cap * (r->nvars ? r->nvars : 1) * sizeof(PkCell));
			if (!nc)
				return 1;
			r->cells = nc;
			r->cap = cap;
		}
		PkCell *row = r->cells + r->nrows * r->nvars;
		memset(row, 0, r->nvars * sizeof(PkCell));
		r->nrows++;
		for (size_t i = 0; i < r->nvars; i++) {
			librdf_node *v = librdf_query_results_get_binding_value(res, (int)i);
			int bad = pk_cell_set(&row[i], v);
			if (v)
				librdf_free_node(v);
			if (bad)
				return 1;
		}
	}
	return 0;
}

/* Display width of one code point in a terminal: East Asian Wide and Fullwidth are 2
 * (UAX #11), combining marks and zero-width characters 0, the rest 1. */
static int pk_query_cp_width(int32_t cp)
{
	if (cp < 0)
		return 1;
	if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

static size_t pk_query_width(const char *s, size_t len)
{
	size_t w = 0, n;
	for (size_t i = 0; i < len; i += n)
		w += (size_t)pk_query_cp_width(pk_utf8_decode(s + i, len - i, &n));
	return w;
}

/* Prefixes the table abbreviates IRIs with (longest namespace first where nested). */
static const struct {
	const char *prefix, *ns;
} pk_query_prefixes[] = {
	{ "kg:", "https://w3id.org/policekg/ontology#" },
	{ "id:", "https://w3id.org/policekg/id/" },
	{ "rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#" },
	{ "rdfs:", "http://www.w3.org/2000/01/rdf-schema#" },
	{ "xsd:", "http://www.w3.org/2001/XMLSchema#" },
	{ "owl:", "http://www.w3.org/2002/07/owl#" },
	{ "skos:", "http://www.w3.org/2004/02/skos/core#" },
	{ "prov:", "http://www.w3.org/ns/prov#" },
	{ "nif:", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#" },
};

/* The table text of a cell: one line, control characters shown as escapes. */
static void pk_table_text(PkQBuf *b, const PkCell *c)
{
	if (c->kind == PK_CELL_IRI) {
		for (size_t i = 0; i < sizeof pk_query_prefixes / sizeof pk_query_prefixes[0]; i++) {
			size_t nl = strlen(pk_query_prefixes[i].ns);
			if (c->len > nl && memcmp(c->value, pk_query_prefixes[i].ns, nl) == 0) {
				pk_qbuf_puts(b, pk_query_prefixes[i].prefix);
				pk_qbuf_add(b, c->value + nl, c->len - nl);
				return;
			}
		}
		pk_qbuf_putc(b, '<');
		pk_qbuf_add(b, c->value, c->len);
		pk_qbuf_putc(b, '>');
		return;
	}
	if (c->kind == PK_CELL_BLANK) {
		pk_qbuf_puts(b, "_:");
		pk_qbuf_add(b, c->value, c->len);
		return;
	}
	for (size_t i = 0; i < c->len; i++) {
		unsigned char ch = (unsigned char)c->value[i];
		if (ch == '\n')
			pk_qbuf_puts(b, "\\n");
		else if (ch == '\t')
			pk_qbuf_puts(b, "\\t");
		else if (ch == '\r')
			pk_qbuf_puts(b, "\\r");
		else if (ch < 0x20 || ch == 0x7F)
			pk_qbuf_putc(b, '?');
		else
			pk_qbuf_putc(b, (char)ch);
	}
}

static void pk_pad(FILE *out, size_t n)
{
	while (n--)
		putc(' ', out);
}

static int pk_print_table(FILE *out, const PkRows *r)
{
	size_t nv = r->nvars, total = r->nrows * nv;
	PkQBuf *text = calloc(total ? total : 1, sizeof(PkQBuf));
	size_t *width = calloc(nv ? nv : 1, sizeof(size_t));
	int rc = 0;
	if (!text || !width) {
		rc = 1;
		goto done;
	}
	for (size_t j = 0; j < nv; j++)
		width[j] = pk_query_width(r->vars[j], strlen(r->vars[j]));
	for (size_t i = 0; i < total; i++) {
		pk_table_text(&text[i], &r->cells[i]);
		if (text[i].nomem) {
			rc = 1;
			goto done;
		}
		size_t w = pk_query_width(text[i].p ? text[i].p : "", text[i].len);
		if (w > width[i % nv])
			width[i % nv] = w;
	}
	for (size_t j = 0; j < nv; j++) {
		fputs(r->vars[j], out);
		if (j + 1 < nv)
			pk_pad(out, width[j] - pk_query_width(r->vars[j], strlen(r->vars[j])) + 2);
	}
	putc('\n', out);
	for (size_t j = 0; j < nv; j++) {
		for (size_t k = 0; k < width[j]; k++)
			putc('-', out);
		if (j + 1 < nv)
			fputs("  ", out);
	}
	putc('\n', out);
	for (size_t i = 0; i < r->nrows; i++) {
		/* No trailing blanks: the last non-empty cell ends the line. */
		size_t last = nv;
		while (last > 0 && text[i * nv + last - 1].len == 0)
			last--;
		for (size_t j = 0; j < last; j++) {
			const PkQBuf *t = &text[i * nv + j];
			if (t->len)
				fwrite(t->p, 1, t->len, out);
			if (j + 1 < last)
				pk_pad(out, width[j] - pk_query_width(t->p ? t->p : "", t->len) + 2);
		}
		putc('\n', out);
	}
done:
	if (text)
		for (size_t i = 0; i < total; i++)
			free(text[i].p);
	free(text);
	free(width);
	return rc;
}

/* W3C SPARQL 1.1 CSV: plain values (IRIs bare, literals' lexical forms), CRLF line ends,
 * a field quoted when it holds '"', ',', CR or LF. */
static void pk_csv_field(FILE *out, const char *s, size_t n)
{
	int quote = 0;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == '"' || s[i] == ',' || s[i] == '\n' || s[i] == '\r';
	if (!quote) {
		fwrite(s, 1, n, out);
		return;
	}
	putc('"', out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', out);
		putc(s[i], out);
	}
	putc('"', out);
}

static int pk_print_csv(FILE *out, const PkRows *r)
{
	for (size_t j = 0; j < r->nvars; j++) {
		if (j)
			putc(',', out);
		pk_csv_field(out, r->vars[j], strlen(r->vars[j]));
	}
	fputs("\r\n", out);
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t j = 0; j < r->nvars; j++) {
			const PkCell *c = &r->cells[i * r->nvars + j];
			if (j)
				putc(',', out);
			if (c->kind == PK_CELL_BLANK)
				fputs("_:", out);
			if (c->kind != PK_CELL_UNBOUND)
				pk_csv_field(out, c->value, c->len);
		}
		fputs("\r\n", out);
	}
	return 0;
}

/* W3C SPARQL 1.1 TSV: "?var" header, each term in N-Triples syntax (always the full
 * "lex"^^<datatype> form, never the abbreviated numbers the spec allows). */
static int pk_print_tsv(FILE *out, const PkRows *r)
{
	for (size_t j = 0; j < r->nvars; j++) {
		if (j)
			putc('\t', out);
		fprintf(out, "?%s", r->vars[j]);
	}
	putc('\n', out);
	PkQBuf b = { 0 };
	for (size_t i = 0; i < r->nrows; i++) {
		b.len = 0;
		for (size_t j = 0; j < r->nvars; j++) {
			if (j)
				pk_qbuf_putc(&b, '\t');
			pk_nt_term(&b, &r->cells[i * r->nvars + j]);
		}
		pk_qbuf_putc(&b, '\n');
		if (b.nomem) {
			free(b.p);
			return 1;
		}
		fwrite(b.p, 1, b.len, out);
	}
	free(b.p);
	return 0;
}

/* A JSON string: escapes '"', '\\' and control characters; UTF-8 stays raw. */
static void pk_json_string(FILE *out, const char *s, size_t n)
{
	putc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20 || c == 0x7F)
				fprintf(out, "\\u%04x", c);
			else
				putc(c, out);
		}
	}
	putc('"', out);
}

/* W3C SPARQL 1.1 Query Results JSON Format, one binding per line. */
static int pk_print_json(FILE *out, const PkRows *r)
{
	fputs("{\n  \"head\": { \"vars\": [", out);
	for (size_t j = 0; j < r->nvars; j++) {
		fputs(j ? ", " : " ", out);
		pk_json_string(out, r->vars[j], strlen(r->vars[j]));
	}
	fputs(r->nvars ? " ] },\n" : "] },\n", out);
	fputs("  \"results\": {\n    \"bindings\": [", out);
	for (size_t i = 0; i < r->nrows; i++) {
		fputs(i ? ",\n      {" : "\n      {", out);
		int first = 1;
		for (size_t j = 0; j < r->nvars; j++) {
			const PkCell *c = &r->cells[i * r->nvars + j];
			if (c->kind == PK_CELL_UNBOUND)
				continue;
			fputs(first ? " " : ", ", out);
			first = 0;
			pk_json_string(out, r->vars[j], strlen(r->vars[j]));
			fputs(": { \"type\": ", out);
			fputs(c->kind == PK_CELL_IRI     ? "\"uri\""
			      : c->kind == PK_CELL_BLANK ? "\"bnode\""
			                                 : "\"literal\"",
			      out);
			fputs(", \"value\": ", out);
			pk_json_string(out, c->value, c->len);
			if (c->lang) {
				fputs(", \"xml:lang\": ", out);
				pk_json_string(out, c->lang, strlen(c->lang));
			} else if (c->datatype) {
				fputs(", \"datatype\": ", out);
				pk_json_string(out, c->datatype, strlen(c->datatype));
			}
			fputs(" }", out);
		}
		fputs(first ? "}" : " }", out);
	}
	fputs(r->nrows ? "\n    ]\n  }\n}\n" : "]\n  }\n}\n", out);
	return 0;
}

/* ---- CONSTRUCT output ---------------------------------------------------------------- */

static int pk_strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The graph as N-Triples, lines sorted and unique. Returns 0, or 1 when out of memory. */
static int pk_print_graph(FILE *out, librdf_query_results *res)
{
	librdf_stream *s = librdf_query_results_as_stream(res);
	if (!s)
		return 0; /* an empty graph */
	char **lines = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	PkQBuf b = { 0 };
	for (; !librdf_stream_end(s); librdf_stream_next(s)) {
		librdf_statement *st = librdf_stream_get_object(s);
		if (!st)
			continue;
		librdf_node *t[3] = { librdf_statement_get_subject(st),
			              librdf_statement_get_predicate(st),
			              librdf_statement_get_object(st) };
		b.len = 0;
		for (int k = 0; k < 3; k++) {
			PkCell c;
			if (pk_cell_set(&c, t[k])) {
				pk_cell_clear(&c);
				rc = 1;
				goto done;
			}
			pk_nt_term(&b, &c);
			pk_qbuf_puts(&b, k < 2 ? " " : " .\n");
			pk_cell_clear(&c);
		}
		if (b.nomem) {
			rc = 1;
			goto done;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nl = realloc(lines, cap * sizeof(char *));
			if (!nl) {
				rc = 1;
				goto done;
			}
			lines = nl;
		}
		if (!(lines[n] = strdup(b.p))) {
			rc = 1;
			goto done;
		}
		n++;
	}
	qsort(lines, n, sizeof(char *), pk_strptr_cmp);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
			fputs(lines[i], out);
done:
	librdf_free_stream(s);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(b.p);
	return rc;
}

/* ---- by query form ------------------------------------------------------------------- */

int pk_query_output(FILE *out, librdf_query_results *res, rasqal_query *prepared,
                    PkResults fmt)
{
	if (librdf_query_results_is_boolean(res)) {
		int v = librdf_query_results_get_boolean(res);
		if (v < 0)
			return 1;
		if (fmt == PK_RESULTS_JSON)
			fprintf(out, "{\n  \"head\": {},\n  \"boolean\": %s\n}\n", v ? "true" : "false");
		else
			fputs(v ? "true\n" : "false\n", out);
		return 0;
	}
	if (librdf_query_results_is_graph(res))
		return pk_print_graph(out, res);
	PkRows rows;
	int rc = pk_rows_collect(&rows, res, prepared);
	if (rc == 0) {
		switch (fmt) {
		case PK_RESULTS_TABLE: rc = pk_print_table(out, &rows); break;
		case PK_RESULTS_CSV: rc = pk_print_csv(out, &rows); break;
		case PK_RESULTS_TSV: rc = pk_print_tsv(out, &rows); break;
		case PK_RESULTS_JSON: rc = pk_print_json(out, &rows); break;
		}
	}
	pk_rows_free(&rows);
	return rc;
}
