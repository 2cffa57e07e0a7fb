/* writer.c — serialises a PkGraph as Turtle (through Raptor2), N-Triples or N-Quads
 * (directly), or as a Graphviz DOT picture of its entities (pk_writer_dot below).
 *
 * The only file that includes raptor2.h. Everything Raptor gets wrong silently is caught
 * here before a term reaches it, measured with Raptor 2.0.15 (see PITFALLS.md):
 *
 *  - Invalid UTF-8 corrupts Raptor's output with return code 0, and an IRI character such
 *    as a space comes out as \u0020 inside <...>, which strict parsers reject. Every term
 *    is checked first (valid UTF-8, absolute IRI, well-formed language tag), and the few
 *    bytes IRIREF forbids are percent-encoded as a last defence (iri.c already avoids
 *    them), so both formats always parse.
 *  - The Turtle serializer writes a typed literal of xsd:integer, xsd:decimal or
 *    xsd:double bare whenever strtol()/strtod() accept the whole lexical form. So
 *    "34190000"^^xsd:decimal becomes 34190000, which reads back as xsd:integer, "5"^^
 *    xsd:double becomes 5 (integer again), and "INF"/"NaN"/"inf"/"0x1.0" come out bare as
 *    invalid Turtle. xsd:boolean "1"/"0" are rewritten to true/false (a different term).
 *    pk_writer_lexical() therefore checks those four datatypes against the XSD grammar,
 *    completes the form so the bare token has the right type (decimal "5" -> "5.0",
 *    "5." -> "5.0", double "5" -> "5e0", boolean "1" -> "true") and refuses the rest
 *    with PK_ERR_RDF. N-Triples gets the same forms, so both formats hold one graph.
 *  - Raptor 2.0.15's Turtle serializer writes non-ASCII characters raw (UTF-8) both in
 *    IRIs (<.../unit/晋江市公安局>) and in literals; only its N-Triples serializer
 *    escapes them as \uXXXX, which is one reason N-Triples is written here directly. In
 *    literals it escapes only \" and \\; every control character (tab, U+0001, U+007F,
 *    CR) is written raw, and a literal containing LF becomes a """long string""". All of
 *    that is legal Turtle and reads back unchanged with rapper, except one case: a CR
 *    with no LF anywhere in the literal lands raw in a "short string", which Turtle
 *    forbids (rapper: syntax error). Such a literal is refused for Turtle (PK_ERR_RDF);
 *    N-Triples writes it as \r. The reader is expected to normalise line ends anyway.
 *  - Raptor decides whether a number may go bare with strtod(), which follows
 *    LC_NUMERIC: under a locale with a decimal comma "5.0" is "illegal" and the write
 *    fails. The program must leave LC_NUMERIC as "C".
 *  - Chinese local names never become prefixed names; Raptor only abbreviates an IRI to
 *    a prefixed name when the local part is a safe name (id:_a, id:a-b, but never
 *    "x.y", "a.", "1abc" or anything with '/', '%' or CJK). Since every entity IRI has a
 *    kind segment (id/unit/...), id: is declared but rarely used; in our tests it never
 *    produced an invalid name.
 *  - A base URI relativises every IRI, prefixes included, so there is none.
 *
 * Checking happens in a first pass over the whole graph, so a refused term means nothing
 * at all was written. The graph is normalised first: the same graph always gives the same
 * bytes.
 */
#include "writer.h"

#include "log.h"
#include "utf8.h"

#include <raptor2.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define PK_XSD_INTEGER PK_NS_XSD "integer"
#define PK_XSD_DECIMAL PK_NS_XSD "decimal"
#define PK_XSD_DOUBLE  PK_NS_XSD "double"
#define PK_XSD_BOOLEAN PK_NS_XSD "boolean"

/* The prefixes declared in Turtle output, in the order they are written. rdf: is not
 * here: Raptor's Turtle serializer always declares it first itself and refuses a second
 * declaration (raptor_serializer_set_namespace returns 1). */
static const struct {
	const char *prefix, *ns;
} pk_writer_prefixes[] = {
	{ "kg", PK_NS_KG },     { "id", PK_NS_ID },     { "rdfs", PK_NS_RDFS },
	{ "skos", PK_NS_SKOS }, { "xsd", PK_NS_XSD },   { "prov", PK_NS_PROV },
	{ "nif", PK_NS_NIF },
};

/* ---- term checks --------------------------------------------------------------------- */

static int pk_writer_utf8_valid(const char *s)
{
	size_t len = strlen(s);
	return pk_utf8_validate(s, len) == len;
}

static int pk_writer_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int pk_writer_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Absolute: a scheme then ':'. With no base URI a relative IRI would be unresolvable. */
static int pk_writer_iri_valid(const char *iri)
{
	if (!pk_writer_is_alpha(iri[0]))
		return 0;
	const char *p = iri + 1;
	while (pk_writer_is_alpha(*p) || pk_writer_is_digit(*p) || *p == '+' || *p == '-' ||
	       *p == '.')
		p++;
	return *p == ':' && pk_writer_utf8_valid(iri);
}

/* Turtle/N-Triples LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* */
static int pk_writer_lang_valid(const char *lang)
{
	const char *p = lang;
	if (!pk_writer_is_alpha(*p))
		return 0;
	while (pk_writer_is_alpha(*p))
		p++;
	while (*p == '-') {
		p++;
		if (!pk_writer_is_alpha(*p) && !pk_writer_is_digit(*p))
			return 0;
		while (pk_writer_is_alpha(*p) || pk_writer_is_digit(*p))
			p++;
	}
	return *p == '\0';
}

/* IRIREF forbids these bytes (RDF 1.1 Turtle/N-Triples); DEL is added because strict
 * IRI parsers reject it too. */
static int pk_writer_iri_byte_unsafe(unsigned char c)
{
	switch (c) {
	case '<': case '>': case '"': case '{': case '}': case '|': case '^': case '`':
	case '\\': case 0x7F:
		return 1;
	default:
		return c < 0x21;
	}
}

/* Skips [0-9]*; returns how many digits there were. */
static size_t pk_writer_digits(const char **p)
{
	size_t n = 0;
	while (pk_writer_is_digit(**p))
		(*p)++, n++;
	return n;
}

/* The lexical form to write for literal o: *lex (o->value or a replacement) followed by
 * *suffix. See the file comment for why. Returns PK_ERR_RDF for a form Raptor would turn
 * into invalid or differently typed Turtle. */
static PkStatus pk_writer_lexical(const PkTerm *o, const char **lex, const char **suffix)
{
	*lex = o->value;
	*suffix = "";
	const char *dt = o->datatype;
	if (!dt)
		return PK_OK;
	if (strcmp(dt, PK_XSD_BOOLEAN) == 0) {
		if (strcmp(o->value, "1") == 0)
			*lex = "true";
		else if (strcmp(o->value, "0") == 0)
			*lex = "false";
		else if (strcmp(o->value, "true") != 0 && strcmp(o->value, "false") != 0)
			return PK_ERR_RDF;
		return PK_OK;
	}
	int is_int = strcmp(dt, PK_XSD_INTEGER) == 0;
	int is_dec = strcmp(dt, PK_XSD_DECIMAL) == 0;
	int is_dbl = strcmp(dt, PK_XSD_DOUBLE) == 0;
	if (!is_int && !is_dec && !is_dbl)
		return PK_OK;
	/* [+-]? digits ( '.' digits? )? | [+-]? '.' digits, then for double an exponent */
	const char *p = o->value;
	if (*p == '+' || *p == '-')
		p++;
	size_t int_digits = pk_writer_digits(&p);
	int has_point = 0;
	size_t frac_digits = 0;
	if (!is_int && *p == '.') {
		has_point = 1;
		p++;
		frac_digits = pk_writer_digits(&p);
	}
	if (int_digits + frac_digits == 0)
		return PK_ERR_RDF;
	int has_exp = 0;
	if (is_dbl && (*p == 'e' || *p == 'E')) {
		has_exp = 1;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (pk_writer_digits(&p) == 0)
			return PK_ERR_RDF;
	}
	if (*p != '\0')
		return PK_ERR_RDF;
	/* Turtle DECIMAL needs a digit after the point; DOUBLE needs an exponent. */
	if (is_dec && !has_point)
		*suffix = ".0";
	else if (is_dec && frac_digits == 0)
		*suffix = "0";
	else if (is_dbl && !has_exp)
		*suffix = "e0";
	return PK_OK;
}

/* Logs why a triple cannot be written and returns PK_ERR_RDF. */
static PkStatus pk_writer_refuse(const PkTriple *t, const char *why, const char *detail)
{
	/* Quote the subject and the detail only when they print as one sane line. */
	int show = pk_writer_iri_valid(t->s.value) && strlen(t->s.value) < 200;
	for (const char *p = detail; p && *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7F) {
			detail = NULL;
			break;
		}
	}
	pk_log(PK_LOG_ERROR, NULL, "cannot write a triple of <%s>: %s%s%s%s",
	       show ? t->s.value : "?", why, detail ? ": \"" : "", detail ? detail : "",
	       detail ? "\"" : "");
	return PK_ERR_RDF;
}

static PkStatus pk_writer_check(const PkGraph *g, PkFormat format)
{
	size_t n = pk_graph_size(g);
	for (size_t i = 0; i < n; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (!pk_writer_iri_valid(t->s.value))
			return pk_writer_refuse(t, "subject is not an absolute UTF-8 IRI", NULL);
		if (!pk_writer_iri_valid(t->p.value))
			return pk_writer_refuse(t, "predicate is not an absolute UTF-8 IRI", NULL);
		if (t->o.kind == PK_TERM_IRI) {
			if (!pk_writer_iri_valid(t->o.value))
				return pk_writer_refuse(t, "object is not an absolute UTF-8 IRI", NULL);
			continue;
		}
		if (!pk_writer_utf8_valid(t->o.value))
			return pk_writer_refuse(t, "literal is not valid UTF-8", NULL);
		const char *lex, *suffix;
		if (pk_writer_lexical(&t->o, &lex, &suffix) != PK_OK) {
			/* Only the xsd: numeric and boolean types are checked. */
			char why[64];
			snprintf(why, sizeof why, "not a valid xsd:%s",
			         t->o.datatype + strlen(PK_NS_XSD));
			return pk_writer_refuse(t, why,
			                        strlen(t->o.value) < 80 ? t->o.value : NULL);
		}
		/* Raptor would write the CR raw in a "short string" (see the file comment). */
		if (format == PK_FORMAT_TURTLE && strchr(t->o.value, '\r') &&
		    !strchr(t->o.value, '\n'))
			return pk_writer_refuse(t, "a literal with CR but no LF cannot be written "
			                           "as Turtle by Raptor (use N-Triples)", NULL);
		if (t->o.lang && (t->o.datatype || !pk_writer_lang_valid(t->o.lang)))
			return pk_writer_refuse(t, "invalid language tag", t->o.lang);
		/* rdf:langString is implied by a language tag and never stands without one */
		if (t->o.datatype && (!pk_writer_iri_valid(t->o.datatype) ||
		                      strcmp(t->o.datatype, PK_NS_RDF "langString") == 0))
			return pk_writer_refuse(t, "invalid datatype IRI", NULL);
	}
	return PK_OK;
}

/* ---- N-Triples ----------------------------------------------------------------------- */

/* Output goes through fwrite() in runs of bytes that need no escaping: one stdio call
 * per run instead of one (locking) putc() per byte triples the speed. */
static void pk_writer_nt_iri(FILE *out, const char *iri)
{
	static const char hex[] = "0123456789ABCDEF";
	putc('<', out);
	const unsigned char *run = (const unsigned char *)iri, *p = run;
	for (; *p; p++) {
		if (pk_writer_iri_byte_unsafe(*p)) {
			char esc[3] = { '%', hex[*p >> 4], hex[*p & 0xF] };
			fwrite(run, 1, (size_t)(p - run), out);
			fwrite(esc, 1, sizeof esc, out);
			run = p + 1;
		}
	}
	fwrite(run, 1, (size_t)(p - run), out);
	putc('>', out);
}

/* RDF 1.1 N-Triples STRING_LITERAL_QUOTE body with raw UTF-8: ECHAR where one exists,
 * \u00XX for the other C0 controls and DEL (so every line stays a printable line). */
static void pk_writer_nt_string(FILE *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *run = (const unsigned char *)s, *p = run;
	for (; *p; p++) {
		unsigned char c = *p;
		if (c >= 0x20 && c != 0x7F && c != '"' && c != '\\')
			continue;
		char esc[6] = { '\\', 0 };
		size_t len = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xF];
			len = 6;
			break;
		}
		fwrite(run, 1, (size_t)(p - run), out);
		fwrite(esc, 1, len, out);
		run = p + 1;
	}
	fwrite(run, 1, (size_t)(p - run), out);
}

/* N-Triples, or N-Quads with every triple in graph <graph> when graph is not NULL. */
static PkStatus pk_writer_ntriples(FILE *out, const PkGraph *g, const char *graph)
{
	size_t n = pk_graph_size(g);
	for (size_t i = 0; i < n; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		pk_writer_nt_iri(out, t->s.value);
		putc(' ', out);
		pk_writer_nt_iri(out, t->p.value);
		putc(' ', out);
		if (t->o.kind == PK_TERM_IRI) {
			pk_writer_nt_iri(out, t->o.value);
		} else {
			const char *lex, *suffix;
			(void)pk_writer_lexical(&t->o, &lex, &suffix); /* checked already */
			putc('"', out);
			pk_writer_nt_string(out, lex);
			fputs(suffix, out);
			putc('"', out);
			if (t->o.datatype) {
				fputs("^^", out);
				pk_writer_nt_iri(out, t->o.datatype);
			} else if (t->o.lang) {
				putc('@', out);
				fputs(t->o.lang, out);
			}
		}
		if (graph) {
			putc(' ', out);
			pk_writer_nt_iri(out, graph);
		}
		fputs(" .\n", out);
		/* Stop early on a full disk instead of formatting the rest for nothing. */
		if (ferror(out))
			return PK_ERR_IO;
	}
	return PK_OK;
}

/* ---- Turtle through Raptor ----------------------------------------------------------- */

typedef struct {
	int errors;
} PkWriterRaptorLog;

/* Raptor reports some failures only through its log (e.g. an illegal numeric literal,
 * with return code 0), so any error-level message fails the write. */
static void pk_writer_raptor_log(void *data, raptor_log_message *msg)
{
	PkWriterRaptorLog *log = data;
	if (msg->level >= RAPTOR_LOG_LEVEL_ERROR) {
		log->errors++;
		pk_log(PK_LOG_ERROR, NULL, "raptor: %s", msg->text ? msg->text : "unknown error");
	} else if (msg->level == RAPTOR_LOG_LEVEL_WARN) {
		pk_log(PK_LOG_WARNING, NULL, "raptor: %s", msg->text ? msg->text : "warning");
	}
}

/* A copy of iri with IRIREF-forbidden bytes percent-encoded (see pk_writer_nt_iri), for
 * Raptor, which would escape them as \u0020 and so write an invalid file. Caller frees. */
static char *pk_writer_iri_safe(const char *iri)
{
	size_t len = 0;
	for (const unsigned char *p = (const unsigned char *)iri; *p; p++)
		len += pk_writer_iri_byte_unsafe(*p) ? 3 : 1;
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	static const char hex[] = "0123456789ABCDEF";
	char *w = out;
	for (const unsigned char *p = (const unsigned char *)iri; *p; p++) {
		if (pk_writer_iri_byte_unsafe(*p)) {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 0xF];
		} else {
			*w++ = (char)*p;
		}
	}
	*w = '\0';
	return out;
}

static raptor_term *pk_writer_raptor_iri(raptor_world *world, const char *iri)
{
	char *safe = pk_writer_iri_safe(iri);
	if (!safe)
		return NULL;
	raptor_term *t = raptor_new_term_from_uri_string(world, (const unsigned char *)safe);
	free(safe);
	return t;
}

static raptor_term *pk_writer_raptor_literal(raptor_world *world, const PkTerm *o)
{
	const char *lex, *suffix;
	(void)pk_writer_lexical(o, &lex, &suffix); /* checked already */
	size_t a = strlen(lex), b = strlen(suffix);
	char *full = malloc(a + b + 1);
	if (!full)
		return NULL;
	memcpy(full, lex, a);
	memcpy(full + a, suffix, b + 1);
	raptor_uri *dt = NULL;
	raptor_term *t = NULL;
	if (o->datatype) {
		char *safe = pk_writer_iri_safe(o->datatype);
		if (safe) {
			dt = raptor_new_uri(world, (const unsigned char *)safe);
			free(safe);
		}
		if (!dt)
			goto done;
	}
	/* Raptor copies the lexical form and language and takes its own datatype reference. */
	t = raptor_new_term_from_literal(world, (const unsigned char *)full, dt,
	                                 (const unsigned char *)o->lang);
done:
	if (dt)
		raptor_free_uri(dt);
	free(full);
	return t;
}

static PkStatus pk_writer_raptor_triple(raptor_world *world, raptor_serializer *ser,
                                        const PkTriple *t)
{
	raptor_term *s = pk_writer_raptor_iri(world, t->s.value);
	raptor_term *p = pk_writer_raptor_iri(world, t->p.value);
	raptor_term *o = t->o.kind == PK_TERM_IRI ? pk_writer_raptor_iri(world, t->o.value)
	                                          : pk_writer_raptor_literal(world, &t->o);
	if (!s || !p || !o) {
		if (s)
			raptor_free_term(s);
		if (p)
			raptor_free_term(p);
		if (o)
			raptor_free_term(o);
		return PK_ERR_RDF;
	}
	/* The statement owns the terms from here on, even when it cannot be made. */
	raptor_statement *st = raptor_new_statement_from_nodes(world, s, p, o, NULL);
	if (!st)
		return PK_ERR_RDF;
	/* The serializer copies what it keeps. */
	int rc = raptor_serializer_serialize_statement(ser, st);
	raptor_free_statement(st);
	return rc ? PK_ERR_RDF : PK_OK;
}

static PkStatus pk_writer_turtle(FILE *out, const PkGraph *g)
{
	PkStatus st = PK_ERR_RDF;
	PkWriterRaptorLog log = { 0 };
	raptor_serializer *ser = NULL;
	raptor_iostream *io = NULL;
	raptor_world *world = raptor_new_world();
	if (!world)
		return PK_ERR_RDF;
	raptor_world_set_log_handler(world, &log, pk_writer_raptor_log);
	if (raptor_world_open(world))
		goto done;
	if (!(ser = raptor_new_serializer(world, "turtle")))
		goto done;
	for (size_t i = 0; i < sizeof pk_writer_prefixes / sizeof pk_writer_prefixes[0]; i++) {
		raptor_uri *ns = raptor_new_uri(world, (const unsigned char *)pk_writer_prefixes[i].ns);
		if (!ns)
			goto done;
		int rc = raptor_serializer_set_namespace(
			ser, ns, (const unsigned char *)pk_writer_prefixes[i].prefix);
		raptor_free_uri(ns);
		if (rc)
			goto done;
	}
	if (!(io = raptor_new_iostream_to_file_handle(world, out)))
		goto done;
	if (raptor_serializer_start_to_iostream(ser, NULL, io))
		goto done;
	size_t n = pk_graph_size(g);
	for (size_t i = 0; i < n; i++)
		if (pk_writer_raptor_triple(world, ser, pk_graph_get(g, i)) != PK_OK)
			goto done;
	if (raptor_serializer_serialize_end(ser))
		goto done;
	st = log.errors ? PK_ERR_RDF : PK_OK;
done:
	/* The serializer writes through the iostream until it is freed, so it goes first. */
	if (ser)
		raptor_free_serializer(ser);
	if (io)
		raptor_free_iostream(io);
	raptor_free_world(world);
	return st;
}

/* ---- Graphviz DOT ---------------------------------------------------------------------- */

/* The entity graph as Graphviz DOT: units, places and honours as nodes labelled with
 * their rdfs:label, kg:partOf / kg:locatedIn / kg:received as labelled edges. Other
 * triples (mentions, statistics, awards, articles) are left out: the picture is the
 * organisation chart. The object of such an edge that has no drawn class (a parent place
 * without rdf:type) is drawn too, dashed, with its own edges to drawn nodes, so a chain
 * is not cut there. Everything follows the
 * normalised triple order, so the same graph gives the same bytes. */

#define PK_DOT_FONT "Noto Sans CJK SC"

typedef enum { PK_DOT_UNIT, PK_DOT_PLACE, PK_DOT_HONOR, PK_DOT_OTHER } PkDotClass;

static const struct {
	const char *type;  /* rdf:type IRI */
	const char *name;  /* for the comment */
	const char *attrs; /* node attributes */
} pk_dot_classes[] = {
	[PK_DOT_UNIT] = { PK_NS_KG "PoliceUnit", "kg:PoliceUnit",
	                  "shape=box, style=\"filled,rounded\", fillcolor=\"#dbe9ff\", color=\"#3d6fb6\"" },
	[PK_DOT_PLACE] = { PK_NS_KG "Place", "kg:Place",
	                   "shape=ellipse, style=filled, fillcolor=\"#dcf2e3\", color=\"#3f8f5a\"" },
	[PK_DOT_HONOR] = { PK_NS_KG "Honor", "kg:Honor",
	                   "shape=hexagon, style=filled, fillcolor=\"#fff1c7\", color=\"#b58900\"" },
	[PK_DOT_OTHER] = { NULL, "other",
	                   "shape=ellipse, style=dashed, color=\"#888888\"" },
};

static const struct {
	const char *property, *label, *attrs;
} pk_dot_edges[] = {
	{ PK_NS_KG "partOf", "隶属于", "color=\"#3d6fb6\"" },
	{ PK_NS_KG "locatedIn", "位于", "color=\"#3f8f5a\"" },
	{ PK_NS_KG "received", "获得荣誉", "color=\"#b58900\"" },
};

typedef struct {
	const char *iri;    /* borrowed from the graph */
	const char *label;  /* rdfs:label, or NULL */
	PkDotClass cls;
} PkDotNode;

static int pk_dot_node_cmp(const void *a, const void *b)
{
	return strcmp(((const PkDotNode *)a)->iri, ((const PkDotNode *)b)->iri);
}

/* A DOT double-quoted string: \" and \\ escaped (a lone backslash would start an
 * escString sequence such as \n), control characters as spaces. */
static void pk_dot_string(FILE *out, const char *s)
{
	putc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			putc('\\', out);
		putc(*p < 0x20 || *p == 0x7F ? ' ' : *p, out);
	}
	putc('"', out);
}

static int pk_dot_edge_kind(const PkTriple *t)
{
	if (t->o.kind != PK_TERM_IRI)
		return -1;
	for (size_t k = 0; k < sizeof pk_dot_edges / sizeof pk_dot_edges[0]; k++)
		if (strcmp(t->p.value, pk_dot_edges[k].property) == 0)
			return (int)k;
	return -1;
}

/* Index of iri in the sorted nodes, or -1. */
static long pk_dot_find(const PkDotNode *nodes, size_t n, const char *iri)
{
	PkDotNode key = { iri, NULL, PK_DOT_OTHER };
	const PkDotNode *hit = n ? bsearch(&key, nodes, n, sizeof *nodes, pk_dot_node_cmp) : NULL;
	return hit ? (long)(hit - nodes) : -1;
}

static PkStatus pk_writer_dot(FILE *out, const PkGraph *g)
{
	size_t n = pk_graph_size(g), nn = 0, cap = 0;
	PkDotNode *nodes = NULL;
	/* Drawn entities: subjects with a drawn rdf:type (triples are sorted by subject). */
	for (size_t i = 0; i < n; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (t->o.kind != PK_TERM_IRI || strcmp(t->p.value, PK_NS_RDF "type") != 0)
			continue;
		for (int c = PK_DOT_UNIT; c < PK_DOT_OTHER; c++) {
			if (strcmp(t->o.value, pk_dot_classes[c].type) != 0)
				continue;
			if (nn && strcmp(nodes[nn - 1].iri, t->s.value) == 0)
				break; /* two drawn classes: the first in class order wins */
			if (nn == cap) {
				cap = cap ? 2 * cap : 64;
				PkDotNode *nv = realloc(nodes, cap * sizeof *nodes);
				if (!nv) {
					free(nodes);
					return PK_ERR_NOMEM;
				}
				nodes = nv;
			}
			nodes[nn++] = (PkDotNode){ t->s.value, NULL, (PkDotClass)c };
			break;
		}
	}
	size_t drawn = nn;
	/* Objects of drawn edges that are not drawn entities themselves. */
	for (size_t i = 0; i < n; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (pk_dot_edge_kind(t) < 0 || pk_dot_find(nodes, drawn, t->s.value) < 0 ||
		    pk_dot_find(nodes, drawn, t->o.value) >= 0)
			continue;
		if (nn == cap) {
			cap = cap ? 2 * cap : 64;
			PkDotNode *nv = realloc(nodes, cap * sizeof *nodes);
			if (!nv) {
				free(nodes);
				return PK_ERR_NOMEM;
			}
			nodes = nv;
		}
		nodes[nn++] = (PkDotNode){ t->o.value, NULL, PK_DOT_OTHER };
	}
	if (nn)
		qsort(nodes, nn, sizeof *nodes, pk_dot_node_cmp);
	/* Drop duplicate "other" nodes (an object reached by several edges). */
	size_t w = 0;
	for (size_t r = 0; r < nn; r++)
		if (w == 0 || strcmp(nodes[w - 1].iri, nodes[r].iri) != 0)
			nodes[w++] = nodes[r];
	nn = w;
	/* Labels: the first rdfs:label of each node (the contract says there is one). */
	for (size_t i = 0; i < n; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (t->o.kind != PK_TERM_LITERAL || strcmp(t->p.value, PK_NS_RDFS "label") != 0)
			continue;
		long k = pk_dot_find(nodes, nn, t->s.value);
		if (k >= 0 && !nodes[k].label)
			nodes[k].label = t->o.value;
	}

	fputs("digraph policekg {\n"
	      "  graph [rankdir=LR, fontname=\"" PK_DOT_FONT "\", nodesep=0.25, ranksep=0.6];\n"
	      "  node [fontname=\"" PK_DOT_FONT "\", fontsize=11, margin=\"0.12,0.04\"];\n"
	      "  edge [fontname=\"" PK_DOT_FONT "\", fontsize=9, fontcolor=\"#555555\"];\n",
	      out);
	for (int c = PK_DOT_UNIT; c <= PK_DOT_OTHER; c++) {
		int header = 0;
		for (size_t k = 0; k < nn; k++) {
			if (nodes[k].cls != (PkDotClass)c)
				continue;
			if (!header) {
				fprintf(out, "  // %s\n", pk_dot_classes[c].name);
				header = 1;
			}
			const char *label = nodes[k].label;
			if (!label) {
				/* no rdfs:label: the IRI's last segment */
				const char *slash = strrchr(nodes[k].iri, '/');
				label = slash && slash[1] ? slash + 1 : nodes[k].iri;
			}
			fprintf(out, "  n%zu [label=", k + 1);
			pk_dot_string(out, label);
			fputs(", tooltip=", out);
			pk_dot_string(out, nodes[k].iri);
			fprintf(out, ", %s];\n", pk_dot_classes[c].attrs);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		int kind = pk_dot_edge_kind(t);
		long a, b;
		if (kind < 0 || (a = pk_dot_find(nodes, nn, t->s.value)) < 0 ||
		    (b = pk_dot_find(nodes, nn, t->o.value)) < 0)
			continue;
		fprintf(out, "  n%ld -> n%ld [label=", a + 1, b + 1);
		pk_dot_string(out, pk_dot_edges[kind].label);
		fprintf(out, ", %s];\n", pk_dot_edges[kind].attrs);
		if (ferror(out))
			break;
	}
	fputs("}\n", out);
	free(nodes);
	return ferror(out) ? PK_ERR_IO : PK_OK;
}

/* ---- entry point --------------------------------------------------------------------- */

PkStatus pk_writer_write(FILE *out, PkGraph *g, PkFormat format)
{
	return pk_writer_write_named(out, g, format, NULL);
}

PkStatus pk_writer_write_named(FILE *out, PkGraph *g, PkFormat format, const char *graph)
{
	assert(out && g);
	pk_graph_normalize(g);
	if (format == PK_FORMAT_NQUADS && graph && !pk_writer_iri_valid(graph)) {
		pk_log(PK_LOG_ERROR, NULL, "cannot write N-Quads: graph name is not an absolute "
		                           "UTF-8 IRI");
		return PK_ERR_RDF;
	}
	PkStatus st = pk_writer_check(g, format);
	if (st != PK_OK)
		return st;
	switch (format) {
	case PK_FORMAT_TURTLE: st = pk_writer_turtle(out, g); break;
	case PK_FORMAT_NTRIPLES: st = pk_writer_ntriples(out, g, NULL); break;
	case PK_FORMAT_NQUADS: st = pk_writer_ntriples(out, g, graph); break;
	case PK_FORMAT_DOT: st = pk_writer_dot(out, g); break;
	default: return PK_ERR_USAGE;
	}
	/* Writes are buffered: a full disk often shows only at the flush. An I/O failure
	 * explains any Raptor failure that came with it, so it wins. */
	if (fflush(out) != 0 || ferror(out))
		return PK_ERR_IO;
	return st;
}
