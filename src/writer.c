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
 *  - The noncharacters U+FFFE and U+FFFF cut a literal short in Turtle: "a<U+FFFE>b"
 *    comes out as "a", return code 0 (and an iterator leaks). Refused for Turtle too;
 *    emit.c never hands them over (found by fuzz_extract).
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
#include <pthread.h>
#include <stdint.h>
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

/* Absolute: a scheme then ':'. With no base URI a relative IRI would be unresolvable.
 * iri[0, len) with iri[len] == '\0'. */
static int pk_writer_iri_valid_n(const char *iri, size_t len)
{
	if (!pk_writer_is_alpha(iri[0]))
		return 0;
	const char *p = iri + 1;
	while (pk_writer_is_alpha(*p) || pk_writer_is_digit(*p) || *p == '+' || *p == '-' ||
	       *p == '.')
		p++;
	return *p == ':' && pk_utf8_validate(iri, len) == len;
}

static int pk_writer_iri_valid(const char *iri)
{
	return pk_writer_iri_valid_n(iri, strlen(iri));
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

/* The datatypes whose lexical forms pk_writer_lexical() checks or completes (see the file
 * comment), and rdf:langString, which never stands without a language tag. */
enum { PK_DT_OTHER, PK_DT_BOOLEAN, PK_DT_INTEGER, PK_DT_DECIMAL, PK_DT_DOUBLE,
       PK_DT_LANGSTRING };

static int pk_writer_dt_kind(const char *dt)
{
	if (!dt)
		return PK_DT_OTHER;
	if (strcmp(dt, PK_NS_RDF "langString") == 0)
		return PK_DT_LANGSTRING;
	/* one prefix test and a look at the local name's first letter rule out most */
	const size_t ns_len = sizeof PK_NS_XSD - 1;
	if (strncmp(dt, PK_NS_XSD, ns_len) != 0)
		return PK_DT_OTHER;
	char first = dt[ns_len];
	if (first != 'b' && first != 'i' && first != 'd')
		return PK_DT_OTHER;
	if (strcmp(dt, PK_XSD_BOOLEAN) == 0)
		return PK_DT_BOOLEAN;
	if (strcmp(dt, PK_XSD_INTEGER) == 0)
		return PK_DT_INTEGER;
	if (strcmp(dt, PK_XSD_DECIMAL) == 0)
		return PK_DT_DECIMAL;
	return strcmp(dt, PK_XSD_DOUBLE) == 0 ? PK_DT_DOUBLE : PK_DT_OTHER;
}

/* pk_writer_dt_kind() remembered by address: a graph interns each string once and holds
 * a handful of datatypes, while most of its literals are typed (a mention's offsets), so
 * the string compares were made again and again for the same few strings. */
typedef struct {
	const char *dt[8];
	unsigned char kind[8];
	unsigned n;
} PkDtKinds;

static int pk_writer_dt_kind_cached(PkDtKinds *k, const char *dt)
{
	if (!dt)
		return PK_DT_OTHER;
	for (unsigned i = 0; i < k->n; i++)
		if (k->dt[i] == dt)
			return k->kind[i];
	int kind = pk_writer_dt_kind(dt);
	if (k->n < 8) {
		k->dt[k->n] = dt;
		k->kind[k->n++] = (unsigned char)kind;
	}
	return kind;
}

/* The lexical form to write for literal value of datatype kind: *lex (value or a
 * replacement) followed by *suffix. See the file comment for why. Returns PK_ERR_RDF for
 * a form Raptor would turn into invalid or differently typed Turtle. */
static PkStatus pk_writer_lexical_kind(const char *value, int kind, const char **lex,
                                       const char **suffix)
{
	*lex = value;
	*suffix = "";
	if (kind == PK_DT_BOOLEAN) {
		if (strcmp(value, "1") == 0)
			*lex = "true";
		else if (strcmp(value, "0") == 0)
			*lex = "false";
		else if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
			return PK_ERR_RDF;
		return PK_OK;
	}
	int is_int = kind == PK_DT_INTEGER;
	int is_dec = kind == PK_DT_DECIMAL;
	int is_dbl = kind == PK_DT_DOUBLE;
	if (!is_int && !is_dec && !is_dbl)
		return PK_OK;
	/* [+-]? digits ( '.' digits? )? | [+-]? '.' digits, then for double an exponent */
	const char *p = value;
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

/* The same for literal o. */
static PkStatus pk_writer_lexical(const PkTerm *o, const char **lex, const char **suffix)
{
	return pk_writer_lexical_kind(o->value, pk_writer_dt_kind(o->datatype), lex, suffix);
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

/* Each distinct string checked once for every role it plays (graph.h): true when all
 * pass. Most of a graph's bytes are repeated IRIs, so this is where checking gets cheap. */
static int pk_writer_strings_valid(const PkGraph *g)
{
	size_t n = pk_graph_nstrings(g);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		unsigned uses;
		const char *s = pk_graph_string(g, i, &len, &uses);
		if ((uses & (PK_GRAPH_USE_IRI | PK_GRAPH_USE_DATATYPE)) && !pk_writer_iri_valid_n(s, len))
			return 0;
		if ((uses & PK_GRAPH_USE_LITERAL) && pk_utf8_validate(s, len) != len)
			return 0;
		if ((uses & PK_GRAPH_USE_LANG) && !pk_writer_lang_valid(s))
			return 0;
	}
	return 1;
}

static PkStatus pk_writer_check(const PkGraph *g, PkFormat format)
{
	/* When every string is fine, only the per-triple literal checks remain; otherwise
	 * the full per-triple pass finds and reports the first bad triple. */
	int strings_ok = pk_writer_strings_valid(g);
	PkDtKinds kinds = { { NULL }, { 0 }, 0 };
	size_t n = pk_graph_size(g);
	for (size_t i = 0; i < n; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		if (!strings_ok) {
			if (!pk_writer_iri_valid(t->s.value))
				return pk_writer_refuse(t, "subject is not an absolute UTF-8 IRI", NULL);
			if (!pk_writer_iri_valid(t->p.value))
				return pk_writer_refuse(t, "predicate is not an absolute UTF-8 IRI", NULL);
		}
		if (t->o.kind == PK_TERM_IRI) {
			if (!strings_ok && !pk_writer_iri_valid(t->o.value))
				return pk_writer_refuse(t, "object is not an absolute UTF-8 IRI", NULL);
			continue;
		}
		if (!strings_ok && !pk_writer_utf8_valid(t->o.value))
			return pk_writer_refuse(t, "literal is not valid UTF-8", NULL);
		const char *lex, *suffix;
		int kind = pk_writer_dt_kind_cached(&kinds, t->o.datatype);
		if (pk_writer_lexical_kind(t->o.value, kind, &lex, &suffix) != PK_OK) {
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
		/* Raptor's Turtle serializer cuts a literal at U+FFFE/U+FFFF and drops the rest,
		 * silently (emit.c writes U+FFFD for them; this catches any other caller). */
		if (format == PK_FORMAT_TURTLE && (strstr(t->o.value, "\xEF\xBF\xBE") ||
		                                   strstr(t->o.value, "\xEF\xBF\xBF")))
			return pk_writer_refuse(t, "a literal with U+FFFE or U+FFFF cannot be written "
			                           "as Turtle by Raptor (use N-Triples)", NULL);
		if (t->o.lang && (t->o.datatype || (!strings_ok && !pk_writer_lang_valid(t->o.lang))))
			return pk_writer_refuse(t, "invalid language tag", t->o.lang);
		/* rdf:langString is implied by a language tag and never stands without one */
		if (t->o.datatype &&
		    ((!strings_ok && !pk_writer_iri_valid(t->o.datatype)) || kind == PK_DT_LANGSTRING))
			return pk_writer_refuse(t, "invalid datatype IRI", NULL);
	}
	return PK_OK;
}

/* ---- N-Triples ----------------------------------------------------------------------- */

/* N-Triples are formatted into a memory buffer handed to fwrite() in large blocks: the
 * output is ~30 bytes per input byte, and per-byte or per-term stdio calls (each takes
 * the stream lock) were a third of an extract run. */
#define PK_NT_FLUSH (1u << 16)

typedef struct {
	FILE *out;  /* NULL: a memory buffer that is never flushed */
	char *buf;
	size_t len, cap;
	int failed; /* out of memory or a write error */
} PkNtOut;

/* Room for n more bytes, flushing first when the buffer is over PK_NT_FLUSH. */
static char *pk_nt_room_slow(PkNtOut *o, size_t n)
{
	if (o->out && o->len >= PK_NT_FLUSH) {
		if (fwrite(o->buf, 1, o->len, o->out) != o->len)
			o->failed = 1;
		o->len = 0;
	}
	if (o->cap - o->len < n) {
		size_t cap = o->cap ? o->cap : 2 * PK_NT_FLUSH;
		while (cap - o->len < n) {
			if (cap > SIZE_MAX / 2) {
				o->failed = 1;
				return NULL;
			}
			cap *= 2;
		}
		char *nb = realloc(o->buf, cap);
		if (!nb) {
			o->failed = 1;
			return NULL;
		}
		o->buf = nb;
		o->cap = cap;
	}
	return o->buf + o->len;
}

static inline char *pk_nt_room(PkNtOut *o, size_t n)
{
	if (o->cap - o->len >= n && (!o->out || o->len < PK_NT_FLUSH))
		return o->buf + o->len;
	return pk_nt_room_slow(o, n);
}

static void pk_nt_put(PkNtOut *o, const char *s, size_t n)
{
	char *w = pk_nt_room(o, n);
	if (w) {
		memcpy(w, s, n);
		o->len += n;
	}
}

/* Bytes that need escaping: 1 in an IRI (IRIREF-forbidden, see pk_writer_iri_byte_unsafe),
 * 2 in a string literal (C0 controls, DEL, '"', '\'), 3 in both. */
static unsigned char pk_nt_escape[256];

static void pk_nt_escape_init(void)
{
	for (int c = 0; c < 256; c++)
		pk_nt_escape[c] = (unsigned char)(pk_writer_iri_byte_unsafe((unsigned char)c) |
		                                  ((c < 0x20 || c == 0x7F || c == '"' || c == '\\') << 1));
}

static const char pk_nt_hex[] = "0123456789ABCDEF";

/* Escaped copies go through the buffer in pieces of at most this many input bytes, so a
 * huge literal (an article's text) needs no huge buffer. */
#define PK_NT_PIECE 4096u

/* Bytes of p[0, len) before the first one an IRI must escape: four looked up per test,
 * as IRIs are long and almost never hold one. */
static size_t pk_nt_iri_run(const unsigned char *p, size_t len)
{
	size_t i = 0;
	while (i + 4 <= len && !((pk_nt_escape[p[i]] | pk_nt_escape[p[i + 1]] |
	                          pk_nt_escape[p[i + 2]] | pk_nt_escape[p[i + 3]]) & 1))
		i += 4;
	while (i < len && !(pk_nt_escape[p[i]] & 1))
		i++;
	return i;
}

/* <iri> (len bytes, NUL-terminated), with IRIREF-forbidden bytes percent-encoded (a last
 * defence: iri.c avoids them, so the usual case is one scan and one copy). */
static void pk_writer_nt_iri(PkNtOut *o, const char *iri, size_t len)
{
	const unsigned char *p = (const unsigned char *)iri;
	size_t run = pk_nt_iri_run(p, len);
	char *w = pk_nt_room(o, run + 2);
	if (!w)
		return;
	*w++ = '<';
	memcpy(w, p, run);
	o->len += run + 1;
	p += run;
	while (*p) {
		w = pk_nt_room(o, 3 * PK_NT_PIECE);
		if (!w)
			return;
		char *start = w;
		for (unsigned k = 0; *p && k < PK_NT_PIECE; p++, k++) {
			if (!(pk_nt_escape[*p] & 1)) {
				*w++ = (char)*p;
				continue;
			}
			*w++ = '%';
			*w++ = pk_nt_hex[*p >> 4];
			*w++ = pk_nt_hex[*p & 0xF];
		}
		o->len += (size_t)(w - start);
	}
	pk_nt_put(o, ">", 1);
}

/* RDF 1.1 N-Triples STRING_LITERAL_QUOTE body with raw UTF-8: ECHAR where one exists,
 * \u00XX for the other C0 controls and DEL (so every line stays a printable line). */
/* True when none of the 8 bytes in w needs escaping in a string literal (see
 * pk_nt_escape: below 0x20, '"', '\\', DEL; a NUL counts as below 0x20). The usual
 * SWAR tests, exact for "any byte": bytes >= 0x80 (UTF-8) never match. */
static inline int pk_nt_word_plain(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t below = (w - ones * 0x20) & ~w;
	uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\'), del = w ^ (ones * 0x7F);
	uint64_t hit = below | ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) |
	               ((del - ones) & ~del);
	return !(hit & high);
}

static void pk_writer_nt_string(PkNtOut *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	while (left) {
		char *w = pk_nt_room(o, 6 * PK_NT_PIECE);
		if (!w)
			return;
		char *start = w;
		/* k counts the piece's input bytes (at most 6 output bytes each) */
		for (unsigned k = 0; left && k < PK_NT_PIECE;) {
			/* Sentences are most of the bytes: 8 plain bytes copied at a time. */
			if (left >= 8 && k + 8 <= PK_NT_PIECE) {
				uint64_t x;
				memcpy(&x, p, 8);
				if (pk_nt_word_plain(x)) {
					memcpy(w, &x, 8);
					w += 8;
					p += 8;
					k += 8;
					left -= 8;
					continue;
				}
			}
			unsigned char c = *p++;
			k++;
			left--;
			if (!(pk_nt_escape[c] & 2)) {
				*w++ = (char)c;
				continue;
			}
			*w++ = '\\';
			switch (c) {
			case '"': *w++ = '"'; break;
			case '\\': *w++ = '\\'; break;
			case '\n': *w++ = 'n'; break;
			case '\r': *w++ = 'r'; break;
			case '\t': *w++ = 't'; break;
			case '\b': *w++ = 'b'; break;
			case '\f': *w++ = 'f'; break;
			default:
				memcpy(w, "u00", 3);
				w[3] = pk_nt_hex[c >> 4];
				w[4] = pk_nt_hex[c & 0xF];
				w += 5;
				break;
			}
		}
		o->len += (size_t)(w - start);
	}
}

/* Each distinct term is rendered once (with a space after it) into `text` and copied
 * from there: a graph repeats
 * its terms (subjects ~6 times, predicates hundreds of times, offsets and rule ids as
 * literals), so escaping per use was most of the writer's time. IRIs and literal objects
 * are both keyed by string id (a literal by its lexical form's id, remembering the
 * datatype and language ids it was rendered with). A span's len 0 means "not rendered
 * yet" (every rendering has >= 2 bytes). */
typedef struct {
	size_t off, len;
} PkNtSpan;

typedef struct {
	PkNtSpan span;
	uint32_t dt, lang; /* pk_graph_get_ids()[3..4] of the rendering in span */
} PkNtLitSpan;

typedef struct {
	PkNtOut text;
	PkNtSpan *iri;      /* by string id */
	PkNtLitSpan *lit;   /* by string id of the lexical form */
	const PkGraph *g;   /* the strings' lengths */
	PkDtKinds kinds;
} PkNtCache;

/* The cache's memory, kept from one graph to the next (pk_writer_render): allocating,
 * zeroing and faulting in fresh blocks for every article was measurable. */
struct PkWriterScratch {
	PkNtSpan *iri;
	PkNtLitSpan *lit;
	size_t cap;         /* entries of iri and of lit */
	char *text;
	size_t text_cap;
};

PkWriterScratch *pk_writer_scratch_new(void)
{
	return calloc(1, sizeof(PkWriterScratch));
}

void pk_writer_scratch_free(PkWriterScratch *ws)
{
	if (!ws)
		return;
	free(ws->iri);
	free(ws->lit);
	free(ws->text);
	free(ws);
}

/* Room for n entries of each table in ws (contents undefined); -1 when out of memory. */
static int pk_writer_scratch_tables(PkWriterScratch *ws, size_t n)
{
	if (ws->cap >= n)
		return 0;
	free(ws->iri);
	free(ws->lit);
	ws->iri = malloc(n * sizeof *ws->iri);
	ws->lit = malloc(n * sizeof *ws->lit);
	ws->cap = ws->iri && ws->lit ? n : 0;
	return ws->cap ? 0 : -1;
}

/* Sets up c for g, in ws's memory (kept: pk_nt_cache_done hands it back) or, with ws
 * NULL, in blocks of its own. */
static int pk_nt_cache_init(PkNtCache *c, const PkGraph *g, PkWriterScratch *ws)
{
	memset(c, 0, sizeof *c);
	c->g = g;
	size_t nstr = pk_graph_nstrings(g), n = pk_graph_size(g), bytes = 0;
	for (size_t i = 0; i < nstr; i++) {
		size_t len;
		pk_graph_string(g, i, &len, NULL);
		bytes += len + 8;
	}
	/* A typed literal's rendering holds its datatype IRI too. */
	for (size_t i = 0; i < n; i++) {
		uint32_t dt = pk_graph_get_ids(g, i)[3];
		if (dt) {
			size_t len;
			pk_graph_string(g, dt - 1, &len, NULL);
			bytes += len + 4;
		}
	}
	size_t entries = nstr ? nstr : 1;
	/* every distinct string rendered about once: reserve that much */
	bytes += 64;
	if (ws) {
		if (pk_writer_scratch_tables(ws, entries))
			return -1;
		c->iri = ws->iri;
		c->lit = ws->lit;
		memset(c->iri, 0, entries * sizeof *c->iri);
		memset(c->lit, 0, entries * sizeof *c->lit);
		if (ws->text_cap < bytes) {
			free(ws->text);
			ws->text = malloc(bytes);
			ws->text_cap = ws->text ? bytes : 0;
		}
		c->text.buf = ws->text;
		c->text.cap = ws->text_cap;
		return 0;
	}
	c->iri = calloc(entries, sizeof *c->iri);
	c->lit = calloc(entries, sizeof *c->lit);
	c->text.cap = bytes;
	c->text.buf = malloc(c->text.cap);
	if (!c->text.buf)
		c->text.cap = 0;
	return c->iri && c->lit ? 0 : -1;
}

/* Frees c's memory, or gives it back to ws (the text buffer may have grown). */
static void pk_nt_cache_done(PkNtCache *c, PkWriterScratch *ws)
{
	if (ws) {
		ws->text = c->text.buf;
		ws->text_cap = c->text.cap;
		return;
	}
	free(c->text.buf);
	free(c->iri);
	free(c->lit);
}

/* Renders IRI id into the cache (pk_nt_cached_iri's first use of it). */
static void pk_nt_render_iri(PkNtCache *c, uint32_t id, const char *iri)
{
	PkNtSpan *sp = &c->iri[id];
	size_t off = c->text.len, len;
	pk_graph_string(c->g, id, &len, NULL);
	pk_writer_nt_iri(&c->text, iri, len);
	pk_nt_put(&c->text, " ", 1);
	sp->off = off;
	sp->len = c->text.len - off;
}

/* Inline: three lookups a line, nearly all hits (a call each was a tenth of rendering). */
static inline PkNtSpan pk_nt_cached_iri(PkNtCache *c, uint32_t id, const char *iri)
{
	if (!c->iri[id].len)
		pk_nt_render_iri(c, id, iri);
	return c->iri[id];
}

/* "lex"suffix then ^^<datatype> or @lang, then a space: the object of a literal triple.
 * dt is the cached rendering of the datatype IRI (len 0: none). */
static void pk_writer_nt_literal(PkNtOut *o, const PkTerm *term, int kind, PkNtSpan dt)
{
	const char *lex, *suffix;
	(void)pk_writer_lexical_kind(term->value, kind, &lex, &suffix); /* checked already */
	pk_nt_put(o, "\"", 1);
	pk_writer_nt_string(o, lex);
	if (dt.len) {
		/* suffix, '"', "^^" and the datatype in one go (a mention's two offsets are
		 * typed literals); dt lies in o's own buffer, which may move while growing:
		 * room first */
		size_t sl = strlen(suffix);
		char *w = pk_nt_room(o, sl + 3 + dt.len);
		if (w) {
			memcpy(w, suffix, sl);
			memcpy(w + sl, "\"^^", 3);
			memcpy(w + sl + 3, o->buf + dt.off, dt.len);
			o->len += sl + 3 + dt.len;
		}
		return;
	}
	pk_nt_put(o, suffix, strlen(suffix));
	pk_nt_put(o, "\"", 1);
	if (term->lang) {
		pk_nt_put(o, "@", 1);
		pk_nt_put(o, term->lang, strlen(term->lang));
	}
	pk_nt_put(o, " ", 1);
}

static PkNtSpan pk_nt_cached_literal(PkNtCache *c, const uint32_t *ids, const PkTerm *term)
{
	PkNtLitSpan *sl = &c->lit[ids[2]];
	if (sl->span.len && sl->dt == ids[3] && sl->lang == ids[4])
		return sl->span;
	/* the datatype IRI is rendered (and cached) before the literal starts */
	PkNtSpan dt = { 0, 0 };
	if (term->datatype)
		dt = pk_nt_cached_iri(c, ids[3] - 1, term->datatype);
	size_t off = c->text.len;
	pk_writer_nt_literal(&c->text, term, pk_writer_dt_kind_cached(&c->kinds, term->datatype),
	                     dt);
	PkNtSpan sp = { off, c->text.len - off };
	/* The same lexical form with another datatype or language (rare) is rendered
	 * again; the first rendering stays cached. */
	if (!sl->span.len) {
		sl->span = sp;
		sl->dt = ids[3];
		sl->lang = ids[4];
	}
	return sp;
}

/* Renders N-Triples, or N-Quads with every triple in graph <graph> when graph is not
 * NULL, into o (flushed to o->out as it grows, or kept whole when o->out is NULL). */
static void pk_writer_nt_render(PkNtOut *o, const PkGraph *g, const char *graph,
                                PkWriterScratch *ws)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, pk_nt_escape_init);
	PkNtCache c;
	if (pk_nt_cache_init(&c, g, ws) != 0) {
		pk_nt_cache_done(&c, ws);
		o->failed = 1;
		return;
	}
	/* Cached terms end with a space, so a line is four copies: "<s> " "<p> " "o "
	 * and "<graph> .\n" or ".\n". */
	PkNtOut end = { NULL, NULL, 0, 0, 0 };
	if (graph) {
		pk_writer_nt_iri(&end, graph, strlen(graph));
		pk_nt_put(&end, " ", 1);
	}
	pk_nt_put(&end, ".\n", 2);
	size_t n = pk_graph_size(g);
	for (size_t i = 0; i < n && !o->failed && !c.text.failed && !end.failed; i++) {
		const PkTriple *t = pk_graph_get(g, i);
		const uint32_t *ids = pk_graph_get_ids(g, i);
		PkNtSpan sp[3];
		sp[0] = pk_nt_cached_iri(&c, ids[0], t->s.value);
		sp[1] = pk_nt_cached_iri(&c, ids[1], t->p.value);
		sp[2] = t->o.kind == PK_TERM_IRI ? pk_nt_cached_iri(&c, ids[2], t->o.value)
		                                 : pk_nt_cached_literal(&c, ids, &t->o);
		char *w = pk_nt_room(o, sp[0].len + sp[1].len + sp[2].len + end.len);
		if (!w || c.text.failed)
			break;
		for (int k = 0; k < 3; k++) {
			memcpy(w, c.text.buf + sp[k].off, sp[k].len);
			w += sp[k].len;
		}
		memcpy(w, end.buf, end.len);
		w += end.len;
		o->len = (size_t)(w - o->buf);
		/* Stop early on a full disk instead of formatting the rest for nothing. */
		if (o->out && ferror(o->out))
			o->failed = 1;
	}
	if (c.text.failed || end.failed)
		o->failed = 1;
	free(end.buf);
	pk_nt_cache_done(&c, ws);
}

static PkStatus pk_writer_ntriples(FILE *out, const PkGraph *g, const char *graph)
{
	PkNtOut o = { out, NULL, 0, 0, 0 };
	pk_writer_nt_render(&o, g, graph, NULL);
	if (!o.failed && o.len && fwrite(o.buf, 1, o.len, out) != o.len)
		o.failed = 1;
	free(o.buf);
	if (o.failed && ferror(out))
		return PK_ERR_IO;
	return o.failed ? PK_ERR_NOMEM : PK_OK;
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

/* Normalises g and checks everything a write of it needs, before a byte is written. */
static PkStatus pk_writer_prepare(PkGraph *g, PkFormat format, const char *graph)
{
	pk_graph_normalize(g);
	if (format == PK_FORMAT_NQUADS && graph && !pk_writer_iri_valid(graph)) {
		pk_log(PK_LOG_ERROR, NULL, "cannot write N-Quads: graph name is not an absolute "
		                           "UTF-8 IRI");
		return PK_ERR_RDF;
	}
	return pk_writer_check(g, format);
}

PkStatus pk_writer_write_named(FILE *out, PkGraph *g, PkFormat format, const char *graph)
{
	assert(out && g);
	PkStatus st = pk_writer_prepare(g, format, graph);
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

PkStatus pk_writer_write_memory(PkGraph *g, PkFormat format, const char *graph, char **out,
                                size_t *len)
{
	assert(g && out && len);
	*out = NULL;
	*len = 0;
	size_t cap = 0;
	PkStatus st = pk_writer_render(g, format, graph, NULL, out, &cap, len);
	if (st != PK_OK && (format == PK_FORMAT_NTRIPLES || format == PK_FORMAT_NQUADS)) {
		free(*out);
		*out = NULL;
		*len = 0;
	}
	return st;
}

PkStatus pk_writer_render(PkGraph *g, PkFormat format, const char *graph, PkWriterScratch *ws,
                          char **buf, size_t *cap, size_t *len)
{
	assert(g && buf && cap && len);
	*len = 0;
	if (format != PK_FORMAT_NTRIPLES && format != PK_FORMAT_NQUADS) {
		free(*buf);
		*buf = NULL;
		*cap = 0;
		FILE *mf = open_memstream(buf, len);
		if (!mf)
			return PK_ERR_NOMEM;
		PkStatus st = pk_writer_write_named(mf, g, format, graph);
		if (fclose(mf) && st == PK_OK)
			st = PK_ERR_NOMEM;
		*cap = *len;
		return st;
	}
	PkStatus st = pk_writer_prepare(g, format, graph);
	if (st != PK_OK)
		return st;
	/* ~170 bytes a line on average with full provenance, more in articles with long
	 * sentences: one allocation, rarely grown (growing copied ~1% of a run's work). A
	 * block too small is replaced, not grown: nothing in it is kept. */
	size_t guess = pk_graph_size(g) * 256 + 4096;
	if (*cap < guess) {
		free(*buf);
		*buf = malloc(guess);
		*cap = *buf ? guess : 0;
	}
	PkNtOut o = { NULL, *buf, 0, *cap, 0 };
	pk_writer_nt_render(&o, g, format == PK_FORMAT_NQUADS ? graph : NULL, ws);
	*buf = o.buf;
	*cap = o.cap;
	if (o.failed)
		return PK_ERR_NOMEM;
	*len = o.len;
	return PK_OK;
}
