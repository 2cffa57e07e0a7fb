/* test_writer.c — exact N-Triples bytes, Turtle that rapper reads back with the same
 * triples, terms Raptor would mangle refused, and a full disk reported as PK_ERR_IO. */
#define _POSIX_C_SOURCE 200809L
#undef NDEBUG
#include "writer.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define UNIT PK_NS_ID "unit/晋江市公安局"

static PkGraph *sample(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	/* Out of order and with a duplicate: the writer normalises. */
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "note", "q\"b\\n\nt\tc\x01" "d\x7f", NULL,
	                            NULL) == PK_OK);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "amount", "34190000", PK_NS_XSD "decimal",
	                            NULL) == PK_OK);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_RDFS "label", "晋江市公安局", NULL, "zh") == PK_OK);
	assert(pk_graph_add_iri(g, UNIT, PK_NS_RDF "type", PK_NS_KG "Unit") == PK_OK);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_RDFS "label", "晋江市公安局", NULL, "zh") == PK_OK);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "count", "12", PK_NS_XSD "integer", NULL) ==
	       PK_OK);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "share", "0.5", PK_NS_XSD "double", NULL) ==
	       PK_OK);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "flag", "1", PK_NS_XSD "boolean", NULL) ==
	       PK_OK);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "date", "2020-01-02", PK_NS_XSD "date", NULL) ==
	       PK_OK);
	return g;
}
#define SAMPLE_TRIPLES 8

static const char expected_nt[] =
	"<" UNIT "> <" PK_NS_RDF "type> <" PK_NS_KG "Unit> .\n"
	"<" UNIT "> <" PK_NS_RDFS "label> \"晋江市公安局\"@zh .\n"
	"<" UNIT "> <" PK_NS_KG "amount> \"34190000.0\"^^<" PK_NS_XSD "decimal> .\n"
	"<" UNIT "> <" PK_NS_KG "count> \"12\"^^<" PK_NS_XSD "integer> .\n"
	"<" UNIT "> <" PK_NS_KG "date> \"2020-01-02\"^^<" PK_NS_XSD "date> .\n"
	"<" UNIT "> <" PK_NS_KG "flag> \"true\"^^<" PK_NS_XSD "boolean> .\n"
	"<" UNIT "> <" PK_NS_KG "note> \"q\\\"b\\\\n\\nt\\tc\\u0001d\\u007F\" .\n"
	"<" UNIT "> <" PK_NS_KG "share> \"0.5e0\"^^<" PK_NS_XSD "double> .\n";

/* Writes g to a temporary file and returns its contents (caller frees). */
static char *write_to_string(PkGraph *g, PkFormat format, PkStatus *st)
{
	FILE *f = tmpfile();
	assert(f);
	*st = pk_writer_write(f, g, format);
	long len = ftell(f);
	assert(len >= 0);
	rewind(f);
	char *buf = malloc((size_t)len + 1);
	assert(buf);
	assert(fread(buf, 1, (size_t)len, f) == (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static void test_ntriples_exact(void)
{
	PkGraph *g = sample();
	PkStatus st;
	char *nt = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
	assert(st == PK_OK);
	if (strcmp(nt, expected_nt) != 0) {
		fprintf(stderr, "got:\n%s\nwant:\n%s\n", nt, expected_nt);
		assert(0);
	}
	/* Same graph, same bytes. */
	char *again = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
	assert(st == PK_OK && strcmp(nt, again) == 0);
	free(again);
	free(nt);
	pk_graph_free(g);
}

/* Runs cmd through the shell and returns its exit status (-1 if it did not exit). */
static int run(const char *cmd)
{
	int rc = system(cmd);
	if (rc == -1 || !WIFEXITED(rc))
		return -1;
	return WEXITSTATUS(rc);
}

static size_t count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	assert(f);
	size_t n = 0;
	int c;
	while ((c = getc(f)) != EOF)
		if (c == '\n')
			n++;
	fclose(f);
	return n;
}

static int file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	assert(f);
	char line[4096];
	int found = 0;
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

/* Paths of a Turtle file and of rapper's N-Triples reading of it. */
typedef struct {
	char ttl[64], nt[72];
} RoundTrip;

/* Writes g as Turtle to a new temporary file, has rapper parse it (it must) and returns
 * the number of triples rapper read. Remove the files with round_trip_remove(). */
static size_t round_trip(RoundTrip *rt, PkGraph *g)
{
	if (run("command -v rapper >/dev/null 2>&1") != 0) {
		fprintf(stderr, "test_writer: rapper not found (apt-get install raptor2-utils)\n");
		assert(0);
	}
	strcpy(rt->ttl, "/tmp/pk_test_writer_XXXXXX");
	int fd = mkstemp(rt->ttl);
	assert(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert(f);
	assert(pk_writer_write(f, g, PK_FORMAT_TURTLE) == PK_OK);
	assert(fclose(f) == 0);
	snprintf(rt->nt, sizeof rt->nt, "%s.nt", rt->ttl);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rapper -q -i turtle -o ntriples '%s' > '%s'", rt->ttl, rt->nt);
	assert(run(cmd) == 0);
	return count_lines(rt->nt);
}

static void round_trip_remove(const RoundTrip *rt)
{
	remove(rt->nt);
	remove(rt->ttl);
}

static void test_turtle_rapper(void)
{
	PkGraph *g = sample();
	RoundTrip rt;
	assert(round_trip(&rt, g) == SAMPLE_TRIPLES);
	const char *nt = rt.nt, *ttl = rt.ttl;
	/* The decimal came back as a decimal, not an integer, and the label kept its tag
	 * (rapper's N-Triples writer escapes non-ASCII as \uXXXX). */
	assert(file_contains(nt, "\"34190000.0\"^^<" PK_NS_XSD "decimal>"));
	assert(file_contains(nt, "\"\\u664B\\u6C5F\\u5E02\\u516C\\u5B89\\u5C40\"@zh"));
	assert(file_contains(nt, "\"q\\\"b\\\\n\\nt\\tc\\u0001d\\u007F\""));
	assert(file_contains(nt, "\"0.5e0\"^^<" PK_NS_XSD "double>"));
	/* The Turtle itself keeps Chinese raw and declares the prefixes. */
	assert(file_contains(ttl, "@prefix kg: <" PK_NS_KG "> ."));
	assert(file_contains(ttl, "@prefix nif: <" PK_NS_NIF "> ."));
	assert(file_contains(ttl, "<" UNIT ">"));
	assert(!file_contains(ttl, "@base"));

	/* Same graph, same bytes. */
	PkStatus st1, st2;
	char *a = write_to_string(g, PK_FORMAT_TURTLE, &st1);
	char *b = write_to_string(g, PK_FORMAT_TURTLE, &st2);
	assert(st1 == PK_OK && st2 == PK_OK && strcmp(a, b) == 0);
	free(a);
	free(b);
	pk_graph_free(g);
	round_trip_remove(&rt);
}

/* A term the writer cannot write faithfully fails the whole write, before any output. */
static void expect_refused(const char *lex, const char *datatype, const char *lang)
{
	for (int format = 0; format < 2; format++) {
		PkGraph *g = pk_graph_new();
		assert(g);
		assert(pk_graph_add_iri(g, UNIT, PK_NS_RDF "type", PK_NS_KG "Unit") == PK_OK);
		assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "v", lex, datatype, lang) == PK_OK);
		PkStatus st;
		char *out = write_to_string(g, format ? PK_FORMAT_TURTLE : PK_FORMAT_NTRIPLES, &st);
		assert(st == PK_ERR_RDF);
		assert(out[0] == '\0');
		free(out);
		pk_graph_free(g);
	}
}

static void test_refused(void)
{
	expect_refused("abc", PK_NS_XSD "decimal", NULL);
	expect_refused("1e5", PK_NS_XSD "decimal", NULL); /* Raptor: bare 1e5, a double */
	expect_refused("inf", PK_NS_XSD "decimal", NULL); /* Raptor: bare inf, not Turtle */
	expect_refused("INF", PK_NS_XSD "double", NULL);
	expect_refused("NaN", PK_NS_XSD "double", NULL);
	expect_refused("1.5", PK_NS_XSD "integer", NULL);
	expect_refused(" 5", PK_NS_XSD "integer", NULL);
	expect_refused("yes", PK_NS_XSD "boolean", NULL);
	expect_refused("\xFF", NULL, NULL);            /* invalid UTF-8 */
	expect_refused("\xED\xA0\x80", NULL, NULL);    /* a surrogate */
	expect_refused("x", NULL, "zh_CN");
	expect_refused("x", NULL, "");
	expect_refused("x", "relative", NULL);
	/* A relative IRI: unresolvable without a base. */
	PkGraph *g = pk_graph_new();
	assert(g);
	assert(pk_graph_add_iri(g, "unit/a", PK_NS_RDF "type", PK_NS_KG "Unit") == PK_OK);
	PkStatus st;
	char *out = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
	assert(st == PK_ERR_RDF && out[0] == '\0');
	free(out);
	pk_graph_free(g);
}

/* Raptor writes a CR raw; only inside a """long string""" (the literal has an LF) is
 * that legal Turtle. A lone CR is refused for Turtle and escaped in N-Triples. */
static void test_carriage_return(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "v", "a\rb", NULL, NULL) == PK_OK);
	PkStatus st;
	char *out = write_to_string(g, PK_FORMAT_TURTLE, &st);
	assert(st == PK_ERR_RDF && out[0] == '\0');
	free(out);
	out = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
	assert(st == PK_OK);
	assert(strcmp(out, "<" UNIT "> <" PK_NS_KG "v> \"a\\rb\" .\n") == 0);
	free(out);
	pk_graph_free(g);

	g = pk_graph_new();
	assert(g);
	assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "v", "a\r\nb\rc\"", NULL, NULL) == PK_OK);
	RoundTrip rt;
	assert(round_trip(&rt, g) == 1);
	assert(file_contains(rt.nt, "\"a\\r\\nb\\rc\\\"\" ."));
	round_trip_remove(&rt);
	pk_graph_free(g);
}

/* Raptor's Turtle serializer would cut "a<U+FFFE>b" to "a": refused for Turtle (nothing
 * written), kept whole in N-Triples. */
static void test_noncharacters(void)
{
	for (int k = 0; k < 2; k++) {
		PkGraph *g = pk_graph_new();
		assert(g);
		const char *lex = k ? "a\xEF\xBF\xBF" "b" : "a\xEF\xBF\xBE" "b";
		assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "v", lex, NULL, NULL) == PK_OK);
		PkStatus st;
		char *out = write_to_string(g, PK_FORMAT_TURTLE, &st);
		assert(st == PK_ERR_RDF && out[0] == '\0');
		free(out);
		out = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
		assert(st == PK_OK && strstr(out, lex));
		free(out);
		pk_graph_free(g);
	}
}

/* Decimal lexical forms are completed so they stay decimals. */
static void test_decimal_forms(void)
{
	static const char *const in[] = { "5", "-5", "+5", "5.", ".5", "5.25" };
	static const char *const want[] = { "5.0", "-5.0", "+5.0", "5.0", ".5", "5.25" };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		PkGraph *g = pk_graph_new();
		assert(g);
		assert(pk_graph_add_literal(g, UNIT, PK_NS_KG "v", in[i], PK_NS_XSD "decimal", NULL) ==
		       PK_OK);
		PkStatus st;
		char *out = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
		assert(st == PK_OK);
		char line[512];
		snprintf(line, sizeof line, "<" UNIT "> <" PK_NS_KG "v> \"%s\"^^<" PK_NS_XSD "decimal> .\n",
		         want[i]);
		assert(strcmp(out, line) == 0);
		free(out);
		pk_graph_free(g);
	}
}

/* Every accepted numeric form goes through Raptor's bare-number Turtle and comes back
 * with its own datatype. */
static void test_numbers_round_trip(void)
{
	static const struct {
		const char *lex, *type, *back;
	} cases[] = {
		{ "5", "decimal", "5.0" },    { "5.", "decimal", "5.0" },  { ".5", "decimal", ".5" },
		{ "-5", "decimal", "-5.0" },  { "5", "double", "5e0" },   { "5.", "double", "5.e0" },
		{ "-.5", "double", "-.5e0" }, { "1E3", "double", "1E3" }, { "+7", "integer", "+7" },
		{ "007", "integer", "007" },  { "0", "boolean", "false" },
	};
	size_t n = sizeof cases / sizeof cases[0];
	PkGraph *g = pk_graph_new();
	assert(g);
	for (size_t i = 0; i < n; i++) {
		char p[128], dt[128];
		snprintf(p, sizeof p, PK_NS_KG "v%zu", i);
		snprintf(dt, sizeof dt, PK_NS_XSD "%s", cases[i].type);
		assert(pk_graph_add_literal(g, UNIT, p, cases[i].lex, dt, NULL) == PK_OK);
	}
	RoundTrip rt;
	assert(round_trip(&rt, g) == n);
	for (size_t i = 0; i < n; i++) {
		char want[256];
		snprintf(want, sizeof want, "<" PK_NS_KG "v%zu> \"%s\"^^<" PK_NS_XSD "%s> .", i,
		         cases[i].back, cases[i].type);
		if (!file_contains(rt.nt, want)) {
			fprintf(stderr, "not found: %s\n", want);
			assert(0);
		}
	}
	round_trip_remove(&rt);
	pk_graph_free(g);
}

/* IRIs are made safe by iri.c; if an unsafe byte slips through, it is percent-encoded
 * rather than written as an invalid IRI (Raptor would write \u0020). */
static void test_iri_defence(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	assert(pk_graph_add_iri(g, PK_NS_ID "unit/a b<\"|", PK_NS_RDF "type", PK_NS_KG "Unit") ==
	       PK_OK);
	PkStatus st;
	char *out = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
	assert(st == PK_OK);
	assert(strcmp(out, "<" PK_NS_ID "unit/a%20b%3C%22%7C> <" PK_NS_RDF "type> <" PK_NS_KG
	                   "Unit> .\n") == 0);
	free(out);
	out = write_to_string(g, PK_FORMAT_TURTLE, &st);
	assert(st == PK_OK);
	assert(strstr(out, "<" PK_NS_ID "unit/a%20b%3C%22%7C>"));
	free(out);
	pk_graph_free(g);
}

static void test_empty_graph(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	PkStatus st;
	char *out = write_to_string(g, PK_FORMAT_NTRIPLES, &st);
	assert(st == PK_OK && out[0] == '\0');
	free(out);
	out = write_to_string(g, PK_FORMAT_TURTLE, &st);
	assert(st == PK_OK);
	free(out);
	pk_graph_free(g);
}

static void test_dev_full(void)
{
	for (int format = 0; format < 2; format++) {
		FILE *f = fopen("/dev/full", "w");
		assert(f);
		PkGraph *g = sample();
		PkStatus st = pk_writer_write(f, g, format ? PK_FORMAT_TURTLE : PK_FORMAT_NTRIPLES);
		assert(st == PK_ERR_IO);
		fclose(f);
		pk_graph_free(g);
	}
	/* Bigger than any stdio buffer, so the failure shows before the final flush. */
	FILE *f = fopen("/dev/full", "w");
	assert(f);
	PkGraph *g = pk_graph_new();
	assert(g);
	char s[128];
	for (int i = 0; i < 20000; i++) {
		snprintf(s, sizeof s, PK_NS_ID "unit/%d", i);
		assert(pk_graph_add_iri(g, s, PK_NS_RDF "type", PK_NS_KG "Unit") == PK_OK);
	}
	assert(pk_writer_write(f, g, PK_FORMAT_NTRIPLES) == PK_ERR_IO);
	clearerr(f);
	assert(pk_writer_write(f, g, PK_FORMAT_TURTLE) == PK_ERR_IO);
	fclose(f);
	pk_graph_free(g);
}

int main(void)
{
	test_ntriples_exact();
	test_turtle_rapper();
	test_refused();
	test_carriage_return();
	test_noncharacters();
	test_decimal_forms();
	test_numbers_round_trip();
	test_iri_defence();
	test_empty_graph();
	test_dev_full();
	printf("test_writer: ok\n");
	return 0;
}
