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
 *    some wrongly: pk_query_lint() (query_lint.c) refuses those constructs with a located
 *    message naming a workaround before Rasqal sees the query.
 *  - librdf parses a query only when it runs it, so the query is first prepared with
 *    Rasqal directly (a syntax error exits 2 before any data is loaded); that prepared
 *    query also names the variables of a result with no rows (librdf reports none).
 *
 * This file holds the options, the diagnostics, the loading of the data into librdf and
 * the run. The rest of the subcommand: query_lint.c (what Rasqal gets wrong),
 * query_output.c (printing the results), query_quadset.c (quads already added to a named
 * graph) and query_buf.c (the byte buffer they share).
 */
#include "query.h"

#include "log.h"
#include "query_buf.h"
#include "query_lint.h"
#include "query_output.h"
#include "query_quadset.h"
#include "utf8.h"

#include <redland.h>

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rasqal logs a warning when its level is at most the world's warning level: 10 "maybe
 * an error" (not implemented, missing support), 30 style (a variable bound but unused). */
#define PK_QUERY_WARNING_LEVEL 10

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
