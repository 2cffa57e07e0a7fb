/* query.c — `policekg query`: run one SPARQL query over graph files with librdf + Rasqal.
 *
 *   policekg query [--results table|csv|tsv|json] [--no-ontology] QUERY.rq DATA...
 *
 * The query is prepared first (a syntax error costs nothing and exits 2), then the
 * ontology and every DATA file are loaded into one in-memory librdf model, then the
 * query runs and its results are printed in the order Rasqal gives them (queries that
 * want a stable order say ORDER BY). docs/query.md lists what Rasqal 0.9.33 supports.
 *
 * Measured with librdf 1.0.17 / Rasqal 0.9.33 / Raptor 2.0.15 (PITFALLS.md):
 *
 *  - Storage: "memory" is quadratic on adds; "hashes" (in memory) starts failing adds at
 *    ~2 M triples; "trees" scales but refuses contexts. So "trees" is used, N-Quads read
 *    as their triples (the default graph is then the RDF merge of all graphs, each
 *    triple once), unless the query says GRAPH: then "hashes" with contexts='yes'. That
 *    store answers wrongly when one triple is in several graphs and a pattern outside
 *    GRAPH matches it (a row gets another row's value; docs/query.md, case
 *    graph-duplicates), which is why it is used only when GRAPH asks for it.
 *    Every add is checked, so a store that gives up is an error, never a silent loss.
 *  - librdf's own parser front end (librdf_parser_parse_*) drops the graph name of
 *    N-Quads statements, and its statement streams carry no context. Files are therefore
 *    parsed with Raptor directly (the Raptor world librdf itself uses; librdf_node *is*
 *    raptor_term) and each statement is added with librdf_model_context_add_statement
 *    when it has a graph. With contexts, Rasqal's default graph is the union of all
 *    graphs (like Virtuoso without FROM: a triple in two graphs matches twice), and
 *    GRAPH ?g { } sees each named graph.
 *  - Rasqal's SPARQL lexer tracks lines but not columns: the locator of a syntax error
 *    has column -1. The column printed is that of the token Rasqal quotes ("unexpected
 *    'X'") or of the undeclared prefix, found on the reported line; failing that, the
 *    first non-blank character of the line.
 *  - Rasqal warns about style (a variable bound but not used) at level 30; the world's
 *    warning level is set to 10, so only warnings that may be errors (a feature not
 *    implemented) are shown, and never its noise about its own $$agg$$ variables.
 *  - Rasqal crashes on some valid queries, silently ignores parts of others and answers
 *    some wrongly (a trailing VALUES segfaults, FROM and GROUP_CONCAT's SEPARATOR are
 *    ignored, CONCAT of a computed argument reads freed memory...). pk_query_lint()
 *    refuses those constructs with a located message naming a workaround before Rasqal
 *    sees the query; docs/query.md lists each, and tests/query.test.sh checks with
 *    PK_QUERY_LINT=0 that Rasqal still misbehaves on it.
 *  - librdf parses a query only when it runs it, so the query is first prepared with
 *    Rasqal directly (a syntax error exits 2 before any data is loaded); that prepared
 *    query also names the variables of a result with no rows (librdf reports none).
 *
 * Output: table (for people: aligned, CJK characters count two columns, IRIs shortened
 * with the policekg prefixes, literals by their lexical form), or the W3C SPARQL 1.1
 * results formats csv, tsv (terms in N-Triples syntax) and json. ASK prints true/false
 * (json: {"boolean": ...}); CONSTRUCT prints N-Triples (raw UTF-8), sorted and
 * without duplicates, since a graph has no order.
 */
#include "query.h"

#include "log.h"
#include "utf8.h"

#include <redland.h>

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PK_XSD_STRING "http://www.w3.org/2001/XMLSchema#string"

/* Rasqal logs a warning when its level is at most the world's warning level: 10 "maybe
 * an error" (not implemented, missing support), 30 style (a variable bound but unused). */
#define PK_QUERY_WARNING_LEVEL 10

typedef enum { PK_RESULTS_TABLE, PK_RESULTS_CSV, PK_RESULTS_TSV, PK_RESULTS_JSON } PkResults;

/* ---- options ------------------------------------------------------------------------- */

enum { OPT_ONTOLOGY = 256 };

/* One table drives getopt_long and --help. A val above 255 has no short form. */
static const struct {
	const char *name;
	int has_arg;
	int val;
	const char *arg;
	const char *help;
} pk_query_options[] = {
	{ "results", required_argument, 'r', "FMT",
	  "result format: table (default), csv, tsv or json" },
	{ "no-ontology", no_argument, 'n', NULL, "do not load the policekg ontology" },
	{ "ontology", required_argument, OPT_ONTOLOGY, "FILE",
	  "load FILE as the ontology (default: " PK_DEFAULT_ONTOLOGY ")" },
	{ "quiet", no_argument, 'q', NULL, "only print errors" },
	{ "help", no_argument, 'h', NULL, "show this help" },
	{ NULL, 0, 0, NULL, NULL },
};

static void pk_query_usage(FILE *f)
{
	fputs("usage: policekg query [OPTION]... QUERY.rq DATA...\n"
	      "Run a SPARQL query (QUERY.rq, - for stdin) over graph files with librdf and Rasqal.\n"
	      "DATA files are read by extension: .ttl Turtle, .nt N-Triples, .nq N-Quads.\n"
	      "The policekg ontology is loaded too unless --no-ontology is given.\n\n"
	      "Options:\n", f);
	for (size_t i = 0; pk_query_options[i].name; i++) {
		char left[64];
		const char *arg = pk_query_options[i].arg;
		if (pk_query_options[i].val < 256)
			snprintf(left, sizeof left, "-%c, --%s%s%s", pk_query_options[i].val,
			         pk_query_options[i].name, arg ? " " : "", arg ? arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", pk_query_options[i].name,
			         arg ? " " : "", arg ? arg : "");
		fprintf(f, "  %-24s %s\n", left, pk_query_options[i].help);
	}
	fputs("\nSELECT prints a table of bindings; ASK prints true or false; CONSTRUCT prints\n"
	      "N-Triples. Rows come in the query's order (use ORDER BY). Constructs Rasqal\n"
	      "0.9.33 gets wrong are refused with a workaround (docs/query.md).\n"
	      "\nExit status: 0 success; 1 a DATA file could not be read or parsed (the query\n"
	      "still ran over the rest), or the query failed while running; 2 usage error,\n"
	      "invalid query or write error.\n", f);
}

/* ---- a growable byte buffer ---------------------------------------------------------- */

typedef struct {
	char *p;
	size_t len, cap;
	int nomem;
} PkQBuf;

static void pk_qbuf_add(PkQBuf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np) {
			b->nomem = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void pk_qbuf_puts(PkQBuf *b, const char *s)
{
	pk_qbuf_add(b, s, strlen(s));
}

static void pk_qbuf_putc(PkQBuf *b, char c)
{
	pk_qbuf_add(b, &c, 1);
}

/* A set of the quads added, keyed by their N-Quads terms (see pk_query_add). */
typedef struct {
	char **keys;
	size_t n, cap; /* cap: 0 or a power of two */
} PkQuadSet;

static uint64_t pk_quadset_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void pk_quadset_free(PkQuadSet *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->keys[i]);
	free(set->keys);
	memset(set, 0, sizeof *set);
}

/* Puts key (taking it) into a table with room; returns 1 if it was there already (and
 * frees key). */
static int pk_quadset_put(char **keys, size_t cap, char *key)
{
	size_t i = (size_t)pk_quadset_hash(key) & (cap - 1);
	while (keys[i]) {
		if (strcmp(keys[i], key) == 0) {
			free(key);
			return 1;
		}
		i = (i + 1) & (cap - 1);
	}
	keys[i] = key;
	return 0;
}

/* Adds the quad of st; returns 1 when it was in the set already, 0 when new, -1 when out
 * of memory. */
static int pk_quadset_add(PkQuadSet *set, const raptor_statement *st)
{
	if ((set->n + 1) * 2 > set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 1024;
		char **keys = calloc(cap, sizeof(char *));
		if (!keys)
			return -1;
		for (size_t i = 0; i < set->cap; i++)
			if (set->keys[i])
				pk_quadset_put(keys, cap, set->keys[i]);
		free(set->keys);
		set->keys = keys;
		set->cap = cap;
	}
	const raptor_term *t[4] = { st->graph, st->subject, st->predicate, st->object };
	PkQBuf b = { 0 };
	for (int k = 0; k < 4; k++) {
		unsigned char *s = raptor_term_to_string((raptor_term *)t[k]);
		if (!s) {
			free(b.p);
			return -1;
		}
		pk_qbuf_puts(&b, (const char *)s);
		pk_qbuf_putc(&b, ' ');
		raptor_free_memory(s);
	}
	if (b.nomem) {
		free(b.p);
		return -1;
	}
	int seen = pk_quadset_put(set->keys, set->cap, b.p);
	if (!seen)
		set->n++;
	return seen;
}

/* ---- one query run ------------------------------------------------------------------- */

typedef struct {
	librdf_world *world;
	librdf_storage *storage;
	librdf_model *model;
	int quiet;
	/* What the librdf log handler attributes messages to. */
	const char *file;       /* the query or data file being read */
	const char *text;       /* the query text (for columns and the caret), or NULL */
	size_t text_len;
	unsigned errors;        /* error-level messages since the last reset */
	int add_failed;         /* a statement could not be added to the store */
	unsigned long loaded;   /* statements added from the current file */
	raptor_parser *parser;  /* the parser running now (to abort on a failed add) */
	PkQuadSet quads;        /* quads added to a named graph */
	int contexts;           /* keep N-Quads graph names (the query says GRAPH) */
} PkQuery;

/* The n-th line (1-based) of text: sets *len, returns its start or NULL. */
static const char *pk_query_line(const char *text, size_t text_len, unsigned line, size_t *len)
{
	const char *p = text, *end = text + text_len;
	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	if (*len && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

/* Column (1-based, code points) of needle in line, 0 when absent. */
static unsigned pk_query_find_col(const char *line, size_t len, const char *needle, size_t nlen)
{
	if (!nlen || nlen > len)
		return 0;
	for (size_t i = 0; i + nlen <= len; i++)
		if (memcmp(line + i, needle, nlen) == 0)
			return (unsigned)pk_utf8_count(line, i) + 1;
	return 0;
}

/* The text between the first quote character q after marker in msg; 0 if none. */
static size_t pk_query_quoted(const char *msg, const char *marker, char q, const char **start)
{
	const char *m = strstr(msg, marker);
	if (!m)
		return 0;
	const char *s = strchr(m + strlen(marker), q);
	if (!s || s > m + strlen(marker))
		return 0;
	const char *e = strchr(s + 1, q);
	if (!e)
		return 0;
	*start = s + 1;
	return (size_t)(e - s - 1);
}

/* Rasqal gives no column (see the file comment): guess it from what the message quotes. */
static unsigned pk_query_guess_col(const char *line, size_t len, const char *msg)
{
	const char *s;
	size_t n;
	unsigned col = 0;
	/* bison: "syntax error, unexpected 'X'"; the lexer: "SPARQL syntax error at 'X'" */
	if ((n = pk_query_quoted(msg, "unexpected ", '\'', &s)) != 0 ||
	    (n = pk_query_quoted(msg, "error at ", '\'', &s)) != 0)
		col = pk_query_find_col(line, len, s, n);
	/* "The namespace prefix in \"foo:bar\" was not declared." */
	if (!col && (n = pk_query_quoted(msg, "prefix in ", '"', &s)) != 0)
		col = pk_query_find_col(line, len, s, n);
	/* The input ended too early: point just past the last character. */
	if (!col && strstr(msg, "unexpected $end"))
		col = (unsigned)pk_utf8_count(line, len) + 1;
	if (!col) {
		size_t i = 0;
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		col = (unsigned)pk_utf8_count(line, i) + 1;
	}
	return col;
}

/* Prints one message of librdf, Raptor or Rasqal: is_error or a warning, at locator l
 * (may be NULL) of the file being read. */
static void pk_query_report(PkQuery *q, int is_error, const char *msg, const raptor_locator *l)
{
	if (!is_error && q->quiet)
		return;
	/* The first error in a query is the real one; the rest follow from it. */
	if (is_error && q->text && q->errors)
		return;
	if (!msg || !*msg)
		msg = "unknown error";
	/* Rasqal 0.9.33 warns about its own hidden aggregate variables ($$agg$$0) on
	 * every aggregate query: noise, not a problem of the query. */
	if (!is_error && strstr(msg, "$$agg$$"))
		return;
	PkLoc loc = { q->file, 0, 0, NULL, 0 };
	if (l && l->line > 0) {
		loc.line = (unsigned)l->line;
		if (l->column > 0)
			loc.col = (unsigned)l->column;
	}
	if (q->text) {
		const char *s;
		size_t n;
		/* No line (an undeclared prefix comes from Raptor without one): find the
		 * quoted name in the query. */
		if (!loc.line && (n = pk_query_quoted(msg, "prefix in ", '"', &s)) != 0) {
			for (const char *p = q->text; p + n <= q->text + q->text_len; p++) {
				if (memcmp(p, s, n) == 0) {
					pk_utf8_linecol(q->text, (size_t)(p - q->text), &loc.line, &loc.col);
					break;
				}
			}
		}
		size_t len;
		const char *line = loc.line ? pk_query_line(q->text, q->text_len, loc.line, &len) : NULL;
		if (line) {
			if (!loc.col)
				loc.col = pk_query_guess_col(line, len, msg);
			loc.src_line = line;
			loc.src_line_len = len;
		}
	}
	/* One line, lower-case first letter (house style); Rasqal capitalises some. */
	char first[2] = { msg[0], '\0' };
	if (first[0] >= 'A' && first[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		first[0] = (char)(first[0] - 'A' + 'a');
	size_t mlen = strlen(msg);
	while (mlen > 1 && (msg[mlen - 1] == '.' || msg[mlen - 1] == '\n'))
		mlen--; /* no full stop at the end either */
	if (is_error)
		q->errors++;
	pk_log(is_error ? PK_LOG_ERROR : PK_LOG_WARNING, loc.file ? &loc : NULL, "%s%.*s", first,
	       (int)(mlen - 1), msg + 1);
}

/* librdf routes its own and Raptor's messages here. */
static int pk_query_log(void *data, librdf_log_message *m)
{
	librdf_log_level level = librdf_log_message_level(m);
	if (level >= LIBRDF_LOG_WARN)
		pk_query_report(data, level >= LIBRDF_LOG_ERROR, librdf_log_message_message(m),
		                librdf_log_message_locator(m));
	return 1;
}

/* Rasqal's messages (query syntax errors) come here. */
static void pk_query_rasqal_log(void *data, raptor_log_message *m)
{
	if (m->level >= RAPTOR_LOG_LEVEL_WARN)
		pk_query_report(data, m->level >= RAPTOR_LOG_LEVEL_ERROR, m->text, m->locator);
}

/* Reads a whole file (path "-": stdin). Returns a NUL-terminated malloc'd buffer. */
static char *pk_query_slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return NULL;
	PkQBuf b = { 0 };
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		pk_qbuf_add(&b, chunk, n);
	int bad = ferror(f) || b.nomem;
	int saved = errno;
	if (f != stdin)
		fclose(f);
	if (bad) {
		free(b.p);
		errno = saved ? saved : ENOMEM;
		return NULL;
	}
	if (!b.p) {
		b.p = calloc(1, 1);
		if (!b.p)
			return NULL;
	}
	*len = b.len;
	return b.p;
}

/* The Raptor parser name for a data file, from its extension; NULL if unknown. */
static const char *pk_query_syntax(const char *path)
{
	static const struct {
		const char *ext, *syntax;
	} map[] = { { ".ttl", "turtle" }, { ".nt", "ntriples" }, { ".nq", "nquads" } };
	size_t len = strlen(path);
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		size_t el = strlen(map[i].ext);
		if (len > el && strcmp(path + len - el, map[i].ext) == 0)
			return map[i].syntax;
	}
	return NULL;
}

/* Raptor statement handler: copy the statement into the model, in its graph if any. */
static void pk_query_add(void *data, raptor_statement *st)
{
	PkQuery *q = data;
	if (q->add_failed)
		return;
	/* The storage copies what it keeps; the statement given to it must have no graph
	 * of its own (the context argument says where it goes). */
	librdf_statement *copy = librdf_new_statement_from_nodes(
		q->world, librdf_new_node_from_node(st->subject),
		librdf_new_node_from_node(st->predicate), librdf_new_node_from_node(st->object));
	int rc = 1;
	if (copy && st->graph && q->contexts) {
		/* "hashes" with contexts keeps a quad twice when it is added twice (a dataset
		 * is a set), and its own lookups scan the whole store (quadratic: 10 k quads
		 * took 31 s), so quads seen are remembered here. */
		int seen = pk_quadset_add(&q->quads, st);
		if (seen < 0)
			rc = 1;
		else
			rc = seen ? 0 : librdf_model_context_add_statement(q->model, st->graph, copy);
	} else if (copy) {
		rc = librdf_model_add_statement(q->model, copy);
	}
	if (copy)
		librdf_free_statement(copy);
	if (rc) {
		q->add_failed = 1;
		raptor_parser_parse_abort(q->parser);
		return;
	}
	q->loaded++;
}

/* Parses path into the model. Returns 0 on success; on failure the file is named in a
 * diagnostic (what it did add stays in the model). */
static int pk_query_load(PkQuery *q, const char *path)
{
	const char *syntax = pk_query_syntax(path);
	assert(syntax); /* checked with the options */
	PkLoc loc = { path, 0, 0, NULL, 0 };
	FILE *f = fopen(path, "rb");
	if (!f) {
		pk_log(PK_LOG_ERROR, &loc, "cannot read: %s", strerror(errno));
		return 1;
	}
	raptor_world *rw = librdf_world_get_raptor(q->world);
	raptor_parser *p = raptor_new_parser(rw, syntax);
	librdf_uri *base = librdf_new_uri_from_filename(q->world, path);
	if (!p || !base) {
		pk_log(PK_LOG_ERROR, &loc, "cannot create a %s parser", syntax);
		if (p)
			raptor_free_parser(p);
		if (base)
			librdf_free_uri(base);
		fclose(f);
		return 1;
	}
	raptor_parser_set_statement_handler(p, q, pk_query_add);
	q->file = path;
	q->text = NULL;
	q->errors = 0;
	q->add_failed = 0;
	q->loaded = 0;
	q->parser = p;
	/* librdf_uri is raptor_uri */
	int rc = raptor_parser_parse_start(p, base);
	char chunk[65536];
	size_t n;
	while (rc == 0 && !q->add_failed && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = raptor_parser_parse_chunk(p, (const unsigned char *)chunk, n, 0);
	int read_error = ferror(f);
	int saved = errno;
	if (rc == 0 && !q->add_failed && !read_error)
		rc = raptor_parser_parse_chunk(p, NULL, 0, 1);
	q->parser = NULL;
	raptor_free_parser(p);
	librdf_free_uri(base);
	fclose(f);
	int failed = 0;
	if (read_error) {
		pk_log(PK_LOG_ERROR, &loc, "cannot read: %s", strerror(saved));
		failed = 1;
	} else if (q->add_failed) {
		pk_log(PK_LOG_ERROR, &loc, "the store refused a statement after %lu (out of memory?)",
		       q->loaded);
		failed = 1;
	} else if (rc || q->errors) {
		if (!q->errors)
			pk_log(PK_LOG_ERROR, &loc, "cannot parse as %s", syntax);
		failed = 1;
	}
	q->file = NULL;
	return failed;
}

/* ---- what Rasqal 0.9.33 gets wrong ------------------------------------------------ */

/* A token of the query text, as much of SPARQL's grammar as the checks below need. */
typedef enum { TOK_WORD, TOK_PNAME, TOK_VAR, TOK_IRI, TOK_STRING, TOK_PUNCT, TOK_END } PkTokKind;

typedef struct {
	PkTokKind kind;
	size_t off, len;  /* bytes of the query text */
	int space_before; /* whitespace or a comment separates it from the previous token */
} PkTok;

static int pk_tok_is_name(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

/* Splits text into tokens (caller frees *out). Returns the count, 0 when out of memory. */
static size_t pk_query_tokens(const char *t, size_t n, PkTok **out)
{
	size_t cap = 64, cnt = 0, i = 0;
	PkTok *v = malloc(cap * sizeof *v);
	if (!v)
		return 0;
	for (;;) {
		int space = 0;
		for (;;) {
			while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
				i++, space = 1;
			if (i < n && t[i] == '#') {
				while (i < n && t[i] != '\n')
					i++;
				space = 1;
				continue;
			}
			break;
		}
		if (cnt + 1 >= cap) {
			PkTok *nv = realloc(v, 2 * cap * sizeof *v);
			if (!nv) {
				free(v);
				return 0;
			}
			v = nv;
			cap *= 2;
		}
		PkTok *k = &v[cnt++];
		k->off = i;
		k->space_before = space;
		if (i >= n) {
			k->kind = TOK_END;
			k->len = 0;
			break;
		}
		unsigned char c = (unsigned char)t[i];
		size_t j = i + 1;
		if (c == '"' || c == '\'') {
			int longq = i + 2 < n && t[i + 1] == (char)c && t[i + 2] == (char)c;
			j = longq ? i + 3 : i + 1;
			while (j < n) {
				if (t[j] == '\\') {
					j += 2;
					continue;
				}
				if (t[j] == (char)c &&
				    (!longq || (j + 2 < n && t[j + 1] == (char)c && t[j + 2] == (char)c))) {
					j += longq ? 3 : 1;
					break;
				}
				j++;
			}
			k->kind = TOK_STRING;
		} else if (c == '<') {
			/* IRIREF, or the operators < and <= */
			while (j < n && t[j] != '>' && t[j] != ' ' && t[j] != '\n' && t[j] != '<' &&
			       t[j] != '"' && t[j] != '{' && t[j] != '}')
				j++;
			if (j < n && t[j] == '>') {
				j++;
				k->kind = TOK_IRI;
			} else {
				j = i + 1;
				k->kind = TOK_PUNCT;
			}
		} else if ((c == '?' || c == '$') && i + 1 < n && pk_tok_is_name((unsigned char)t[i + 1])) {
			while (j < n && pk_tok_is_name((unsigned char)t[j]) && t[j] != ':')
				j++;
			k->kind = TOK_VAR;
		} else if (pk_tok_is_name(c) && c != '.' && c != '-') {
			while (j < n && pk_tok_is_name((unsigned char)t[j]))
				j++;
			while (j > i + 1 && t[j - 1] == '.')
				j--; /* the triple's full stop */
			k->kind = memchr(t + i, ':', j - i) ? TOK_PNAME : TOK_WORD;
		} else {
			k->kind = TOK_PUNCT;
		}
		k->len = j - i;
		i = j;
	}
	*out = v;
	return cnt;
}

static int pk_tok_word(const char *t, const PkTok *k, const char *word)
{
	size_t n = strlen(word);
	if (k->kind != TOK_WORD || k->len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = t[k->off + i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != word[i])
			return 0;
	}
	return 1;
}

static int pk_tok_punct(const char *t, const PkTok *k, char c)
{
	return k->kind == TOK_PUNCT && t[k->off] == c;
}

/* Index of the token closing the bracket opened at tokens[i] ('(' or '{'). */
static size_t pk_tok_close(const char *t, const PkTok *v, size_t n, size_t i)
{
	char open = t[v[i].off], close = open == '(' ? ')' : '}';
	int depth = 0;
	for (size_t j = i; j < n; j++) {
		if (pk_tok_punct(t, &v[j], open))
			depth++;
		else if (pk_tok_punct(t, &v[j], close) && --depth == 0)
			return j;
	}
	return n - 1;
}

/* Finds the first construct Rasqal 0.9.33 crashes on, silently ignores or answers wrongly
 * (each measured; docs/query.md). Returns a message and sets *off, or returns NULL. */
static const char *pk_query_lint(const char *t, size_t len, size_t *off)
{
	static const struct {
		const char *word, *why;
	} refused[] = {
		{ "VALUES", "VALUES is not supported by Rasqal 0.9.33 (a trailing VALUES crashes it, "
		            "an inline one gives wrong rows): use FILTER(?x IN (...))" },
		{ "MINUS", "MINUS is not supported by Rasqal 0.9.33 (the query fails): use OPTIONAL "
		           "{ ... } FILTER(!BOUND(?v))" },
		{ "EXISTS", "EXISTS and NOT EXISTS are not supported by Rasqal 0.9.33: use OPTIONAL "
		            "{ ... } FILTER(BOUND(?v)) or FILTER(!BOUND(?v))" },
		{ "DESCRIBE", "DESCRIBE is not supported by Rasqal 0.9.33 (the query fails): use "
		              "CONSTRUCT" },
		{ "FROM", "FROM and FROM NAMED are ignored by Rasqal 0.9.33 with librdf (the default "
		          "graph is always the union of all data): use GRAPH" },
		{ "SERVICE", "SERVICE is refused: policekg query reads local files only (Rasqal "
		             "would fetch the URL)" },
		{ "SEPARATOR", "GROUP_CONCAT's SEPARATOR is ignored by Rasqal 0.9.33 (it always "
		               "joins with a space)" },
	};
	static const char *const aggregates[] = { "COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE",
		                                  "GROUP_CONCAT", "GROUP" };
	PkTok *v;
	size_t n = pk_query_tokens(t, len, &v);
	if (!n)
		return NULL; /* out of memory: let Rasqal have it */
	const char *why = NULL;
	int depth = 0;
	for (size_t i = 0; i < n && !why; i++) {
		const PkTok *k = &v[i];
		*off = k->off;
		if (pk_tok_punct(t, k, '{'))
			depth++;
		else if (pk_tok_punct(t, k, '}'))
			depth--;
		for (size_t r = 0; r < sizeof refused / sizeof refused[0] && !why; r++)
			if (pk_tok_word(t, k, refused[r].word))
				why = refused[r].why;
		if (why)
			break;
		/* Property paths: Rasqal's message would only be "unexpected '+'". */
		if ((k->kind == TOK_PNAME || k->kind == TOK_IRI) && i + 1 < n &&
		    !v[i + 1].space_before &&
		    (pk_tok_punct(t, &v[i + 1], '+') || pk_tok_punct(t, &v[i + 1], '*') ||
		     pk_tok_punct(t, &v[i + 1], '/') || pk_tok_punct(t, &v[i + 1], '|') ||
		     (pk_tok_punct(t, &v[i + 1], '?') && v[i + 1].len == 1))) {
			why = "property paths (+ * / | ? ^) are not supported by Rasqal 0.9.33: write "
			      "each length as its own pattern and join them with UNION (docs/query.md)";
			break;
		}
		if (pk_tok_punct(t, k, '^') && i + 1 < n && !pk_tok_punct(t, &v[i + 1], '^') &&
		    (i == 0 || !pk_tok_punct(t, &v[i - 1], '^'))) {
			why = "inverse property paths (^) are not supported by Rasqal 0.9.33: swap "
			      "subject and object";
			break;
		}
		/* GROUP BY (expr AS ?k) / GROUP BY FUNC(...): groups everything into one row. */
		if (pk_tok_word(t, k, "GROUP") && i + 2 < n && pk_tok_word(t, &v[i + 1], "BY") &&
		    v[i + 2].kind != TOK_VAR) {
			why = "GROUP BY an expression groups wrongly in Rasqal 0.9.33: BIND it to a "
			      "variable and GROUP BY the variable";
			break;
		}
		/* CONCAT/STRBEFORE/STRAFTER read freed memory when an argument is computed. */
		if ((pk_tok_word(t, k, "CONCAT") || pk_tok_word(t, k, "STRBEFORE") ||
		     pk_tok_word(t, k, "STRAFTER")) &&
		    i + 1 < n && pk_tok_punct(t, &v[i + 1], '(')) {
			size_t end = pk_tok_close(t, v, n, i + 1);
			for (size_t j = i + 2; j < end; j++) {
				if (pk_tok_punct(t, &v[j], '(')) {
					why = "CONCAT, STRBEFORE and STRAFTER return garbage in Rasqal 0.9.33 "
					      "when an argument is a function call: BIND the argument to a "
					      "variable first";
					break;
				}
			}
			if (why)
				break;
		}
		/* A sub-SELECT with aggregates loses rows when joined (measured). */
		if (depth > 0 && pk_tok_word(t, k, "SELECT")) {
			int d = 0;
			for (size_t j = i + 1; j < n && d >= 0 && !why; j++) {
				if (pk_tok_punct(t, &v[j], '{'))
					d++;
				else if (pk_tok_punct(t, &v[j], '}'))
					d--;
				for (size_t a = 0; a < sizeof aggregates / sizeof aggregates[0]; a++)
					if (pk_tok_word(t, &v[j], aggregates[a]))
						why = "a sub-SELECT with aggregates or GROUP BY loses rows in "
						      "Rasqal 0.9.33: aggregate in the outer query";
			}
		}
	}
	free(v);
	return why;
}

/* Whether the query uses the keyword GRAPH (outside strings, IRIs and comments). */
static int pk_query_says_graph(const char *t, size_t len)
{
	PkTok *v;
	size_t n = pk_query_tokens(t, len, &v);
	if (!n)
		return 1; /* out of memory: keep graph names, to be safe */
	int found = 0;
	for (size_t i = 0; i < n && !found; i++)
		found = pk_tok_word(t, &v[i], "GRAPH");
	free(v);
	return found;
}

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

/* ---- the subcommand ------------------------------------------------------------------ */

/* Parses the command line into the fields below; returns -1 to go on, else an exit code. */
typedef struct {
	PkResults results;
	int no_ontology;
	const char *ontology;
	int quiet;
	const char *query_path;
	char **data;
	size_t n_data;
} PkQueryOptions;

static int pk_query_parse_args(PkQueryOptions *o, int argc, char **argv)
{
	enum { MAX_OPTS = 16 };
	struct option longopts[MAX_OPTS];
	char shortopts[2 * MAX_OPTS + 2] = ":";
	size_t n = 0, sp = 1;
	for (; pk_query_options[n].name; n++) {
		assert(n + 1 < MAX_OPTS);
		longopts[n] = (struct option){ pk_query_options[n].name, pk_query_options[n].has_arg,
			                       NULL, pk_query_options[n].val };
		if (pk_query_options[n].val < 256) {
			shortopts[sp++] = (char)pk_query_options[n].val;
			if (pk_query_options[n].has_arg == required_argument)
				shortopts[sp++] = ':';
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[sp] = '\0';

	memset(o, 0, sizeof *o);
	o->results = PK_RESULTS_TABLE;
	o->ontology = PK_DEFAULT_ONTOLOGY;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (strcmp(optarg, "table") == 0)
				o->results = PK_RESULTS_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				o->results = PK_RESULTS_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				o->results = PK_RESULTS_TSV;
			else if (strcmp(optarg, "json") == 0)
				o->results = PK_RESULTS_JSON;
			else {
				fprintf(stderr, "policekg: unknown result format '%s' (table, csv, tsv, json)\n",
				        optarg);
				return 2;
			}
			break;
		case 'n': o->no_ontology = 1; break;
		case OPT_ONTOLOGY: o->ontology = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'h': pk_query_usage(stdout); return 0;
		case ':':
			fprintf(stderr, "policekg: option '%s' needs an argument\n", argv[optind - 1]);
			fputs("Try 'policekg query --help'.\n", stderr);
			return 2;
		default:
			if (optopt && optopt < 256)
				fprintf(stderr, "policekg: option '-%c' is unknown\n", optopt);
			else
				fprintf(stderr, "policekg: unknown option '%s'\n", argv[optind - 1]);
			fputs("Try 'policekg query --help'.\n", stderr);
			return 2;
		}
	}
	if (argc - optind < 2) {
		fputs(argc - optind < 1 ? "policekg: no query file\n" : "policekg: no data files\n",
		      stderr);
		fputs("Try 'policekg query --help'.\n", stderr);
		return 2;
	}
	o->query_path = argv[optind];
	o->data = argv + optind + 1;
	o->n_data = (size_t)(argc - optind - 1);
	for (size_t i = 0; i < o->n_data; i++) {
		if (!pk_query_syntax(o->data[i])) {
			PkLoc loc = { o->data[i], 0, 0, NULL, 0 };
			pk_log(PK_LOG_ERROR, &loc, "cannot tell the format from the extension "
			                           "(.ttl, .nt or .nq)");
			return 2;
		}
	}
	return -1;
}

static int pk_query_output(FILE *out, librdf_query_results *res, rasqal_query *prepared,
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

int pk_query_main(int argc, char **argv)
{
	PkQueryOptions o;
	int exit_code = pk_query_parse_args(&o, argc, argv);
	if (exit_code >= 0)
		return exit_code;
	exit_code = 0;

	PkLoc qloc = { o.query_path, 0, 0, NULL, 0 };
	size_t qlen = 0;
	char *qtext = pk_query_slurp(o.query_path, &qlen);
	if (!qtext) {
		pk_log(PK_LOG_ERROR, &qloc, "cannot read: %s", strerror(errno));
		return 2;
	}
	if (pk_utf8_validate(qtext, qlen) != qlen || strlen(qtext) != qlen) {
		unsigned line, col;
		size_t bad = pk_utf8_validate(qtext, qlen);
		if (bad == qlen)
			bad = strlen(qtext);
		pk_utf8_linecol(qtext, bad, &line, &col);
		qloc.line = line;
		qloc.col = col;
		pk_log(PK_LOG_ERROR, &qloc, "invalid UTF-8 (or a NUL byte) in the query");
		free(qtext);
		return 2;
	}

	PkQuery q = { 0 };
	q.quiet = o.quiet;
	/* Graph names matter only to a query that says GRAPH; without it, N-Quads are read
	 * as their triples (see the file comment). */
	int use_contexts = 0;
	for (size_t i = 0; i < o.n_data; i++)
		use_contexts |= strcmp(pk_query_syntax(o.data[i]), "nquads") == 0;
	use_contexts = use_contexts && pk_query_says_graph(qtext, qlen);
	q.contexts = use_contexts;

	librdf_query *query = NULL;
	librdf_query_results *res = NULL;
	rasqal_query *check = NULL;
	librdf_uri *qbase = NULL;
	q.world = librdf_new_world();
	if (!q.world) {
		pk_log(PK_LOG_ERROR, NULL, "cannot start librdf");
		free(qtext);
		return 2;
	}
	librdf_world_set_logger(q.world, &q, pk_query_log);
	librdf_world_open(q.world);
	rasqal_world *rq = librdf_world_get_rasqal(q.world);
	if (rq) {
		rasqal_world_set_warning_level(rq, PK_QUERY_WARNING_LEVEL);
		rasqal_world_set_log_handler(rq, &q, pk_query_rasqal_log);
	}

	/* 1. The query: a bad one costs no data loading. */
	if (strcmp(o.query_path, "-") != 0)
		qbase = librdf_new_uri_from_filename(q.world, o.query_path);
	q.file = o.query_path;
	q.text = qtext;
	q.text_len = qlen;
	q.errors = 0;
	/* librdf only parses the query when it runs it, so Rasqal checks it first. */
	size_t off;
	/* PK_QUERY_LINT=0 hands every query to Rasqal as it is, to re-check the lint's
	 * claims (tests/query.test.sh) after a Rasqal upgrade. */
	const char *lint = getenv("PK_QUERY_LINT");
	const char *why = lint && strcmp(lint, "0") == 0 ? NULL : pk_query_lint(qtext, qlen, &off);
	if (why) {
		size_t len;
		pk_utf8_linecol(qtext, off, &qloc.line, &qloc.col);
		qloc.src_line = pk_query_line(qtext, qlen, qloc.line, &len);
		qloc.src_line_len = len;
		pk_log(PK_LOG_ERROR, &qloc, "%s", why);
		exit_code = 2;
		goto done;
	}
	check = rq ? rasqal_new_query(rq, "sparql", NULL) : NULL;
	int bad = !check || rasqal_query_prepare(check, (const unsigned char *)qtext, qbase) != 0;
	if (!bad)
		query = librdf_new_query(q.world, "sparql", NULL, (const unsigned char *)qtext, qbase);
	if (bad || !query || q.errors) {
		if (!q.errors)
			pk_log(PK_LOG_ERROR, &qloc, "invalid query");
		exit_code = 2;
		goto done;
	}
	q.file = NULL;
	q.text = NULL;

	/* 2. The data. */
	q.storage = use_contexts
		? librdf_new_storage(q.world, "hashes", "pk", "hash-type='memory',contexts='yes'")
		: librdf_new_storage(q.world, "trees", "pk", NULL);
	if (q.storage)
		q.model = librdf_new_model(q.world, q.storage, NULL);
	if (!q.model) {
		pk_log(PK_LOG_ERROR, NULL, "cannot create an in-memory librdf store");
		exit_code = 2;
		goto done;
	}
	if (!o.no_ontology && pk_query_load(&q, o.ontology))
		exit_code = 1;
	for (size_t i = 0; i < o.n_data; i++)
		if (pk_query_load(&q, o.data[i]))
			exit_code = 1;

	/* 3. Run and print. librdf prepares the query again: its warnings were shown. */
	q.quiet = 1;
	q.file = o.query_path;
	q.text = qtext;
	q.errors = 0;
	res = librdf_query_execute(query, q.model);
	if (!res || q.errors) {
		if (!q.errors)
			pk_log(PK_LOG_ERROR, &qloc, "the query failed while running");
		exit_code = 1;
		goto done;
	}
	if (pk_query_output(stdout, res, check, o.results)) {
		pk_log(PK_LOG_ERROR, &qloc, "out of memory while reading the results");
		exit_code = 1;
		goto done;
	}
	if (q.errors && !exit_code)
		exit_code = 1;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pk_log(PK_LOG_ERROR, NULL, "cannot write the results: %s", strerror(errno));
		exit_code = 2;
	}
done:
	if (res)
		librdf_free_query_results(res);
	if (check)
		rasqal_free_query(check);
	if (query)
		librdf_free_query(query);
	if (qbase)
		librdf_free_uri(qbase);
	if (q.model)
		librdf_free_model(q.model);
	if (q.storage)
		librdf_free_storage(q.storage);
	librdf_free_world(q.world);
	pk_quadset_free(&q.quads);
	free(qtext);
	return exit_code;
}
