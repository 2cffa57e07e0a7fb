/* test_writer_formats.c — exact N-Quads and Graphviz DOT bytes from pk_writer_write_named,
 * refused graph names, DOT escaping, and a full disk reported as PK_ERR_IO. */
#define _POSIX_C_SOURCE 200809L
#undef NDEBUG
#include "writer.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID PK_NS_ID
#define KG PK_NS_KG
#define TYPE PK_NS_RDF "type"
#define LABEL PK_NS_RDFS "label"
#define XIAMEN ID "unit/厦门市公安局"
#define LIANQIAN ID "unit/厦门市公安局莲前派出所"
#define CITY ID "place/3502-厦门市"
#define PROVINCE ID "place/35-福建省"
#define HONOR ID "honor/全国模范公安单位"
#define GRAPH ID "article/0123456789abcdef"

static void add_iri(PkGraph *g, const char *s, const char *p, const char *o)
{
	assert(pk_graph_add_iri(g, s, p, o) == PK_OK);
}

static void add_label(PkGraph *g, const char *s, const char *label)
{
	assert(pk_graph_add_literal(g, s, LABEL, label, NULL, "zh") == PK_OK);
}

/* Units, places, an honour, an award and a mention: the DOT keeps only the first three.
 * 福建省 has a label but no rdf:type (an untyped parent), so it is drawn as "other". */
static PkGraph *sample(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	add_iri(g, LIANQIAN, TYPE, KG "PoliceUnit");
	add_label(g, LIANQIAN, "厦门市公安局莲前派出所");
	add_iri(g, LIANQIAN, KG "partOf", XIAMEN);
	add_iri(g, LIANQIAN, KG "received", HONOR);
	add_iri(g, XIAMEN, TYPE, KG "PoliceUnit");
	add_label(g, XIAMEN, "厦门市公安局");
	add_iri(g, XIAMEN, KG "locatedIn", CITY);
	add_iri(g, CITY, TYPE, KG "Place");
	add_label(g, CITY, "厦门市");
	assert(pk_graph_add_literal(g, CITY, KG "divisionCode", "3502", NULL, NULL) == PK_OK);
	add_iri(g, CITY, KG "locatedIn", PROVINCE);
	add_label(g, PROVINCE, "福建省");
	add_iri(g, HONOR, TYPE, KG "Honor");
	add_label(g, HONOR, "全国模范公安单位");
	add_iri(g, ID "award/1", TYPE, KG "Award");
	add_iri(g, ID "award/1", KG "recipient", LIANQIAN);
	add_iri(g, ID "mention/1-0-3", KG "refersTo", XIAMEN);
	/* a duplicate: normalising drops it */
	add_iri(g, XIAMEN, TYPE, KG "PoliceUnit");
	return g;
}

/* Writes g to a temporary file and returns its contents (caller frees). */
static char *write_to_string(PkGraph *g, PkFormat format, const char *graph, PkStatus *st)
{
	FILE *f = tmpfile();
	assert(f);
	*st = pk_writer_write_named(f, g, format, graph);
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

static void expect_output(PkGraph *g, PkFormat format, const char *graph, const char *want)
{
	PkStatus st;
	char *got = write_to_string(g, format, graph, &st);
	if (st != PK_OK || strcmp(got, want) != 0) {
		fprintf(stderr, "status %d\ngot:\n%s\nwant:\n%s\n", (int)st, got, want);
		assert(0);
	}
	/* Same graph, same bytes. */
	char *again = write_to_string(g, format, graph, &st);
	assert(st == PK_OK && strcmp(got, again) == 0);
	free(again);
	/* The in-memory writer (used by extract's workers) gives the same bytes. */
	char *mem = NULL;
	size_t len = 0;
	assert(pk_writer_write_memory(g, format, graph, &mem, &len) == PK_OK);
	assert(len == strlen(got) && (len == 0 || memcmp(mem, got, len) == 0));
	free(mem);
	free(got);
}

static void test_nquads(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	add_iri(g, XIAMEN, TYPE, KG "PoliceUnit");
	add_label(g, XIAMEN, "厦门市公安局");
	assert(pk_graph_add_literal(g, XIAMEN, KG "foundingDate", "1949", PK_NS_XSD "gYear", NULL) ==
	       PK_OK);
	assert(pk_graph_add_literal(g, XIAMEN, KG "note", "a \"q\"\n", NULL, NULL) == PK_OK);
	assert(pk_graph_add_literal(g, XIAMEN, KG "value", "5", PK_NS_XSD "decimal", NULL) == PK_OK);

	const char *body[] = {
		"<" XIAMEN "> <" TYPE "> <" KG "PoliceUnit>",
		"<" XIAMEN "> <" LABEL "> \"厦门市公安局\"@zh",
		"<" XIAMEN "> <" KG "foundingDate> \"1949\"^^<" PK_NS_XSD "gYear>",
		"<" XIAMEN "> <" KG "note> \"a \\\"q\\\"\\n\"",
		"<" XIAMEN "> <" KG "value> \"5.0\"^^<" PK_NS_XSD "decimal>",
	};
	char named[2048] = "", plain[2048] = "";
	for (size_t i = 0; i < sizeof body / sizeof body[0]; i++) {
		strcat(named, body[i]);
		strcat(named, " <" GRAPH "> .\n");
		strcat(plain, body[i]);
		strcat(plain, " .\n");
	}
	expect_output(g, PK_FORMAT_NQUADS, GRAPH, named);
	/* No graph: the default graph, i.e. the N-Triples lines. */
	expect_output(g, PK_FORMAT_NQUADS, NULL, plain);
	expect_output(g, PK_FORMAT_NTRIPLES, NULL, plain);
	/* N-Triples ignores a graph name. */
	expect_output(g, PK_FORMAT_NTRIPLES, GRAPH, plain);
	/* pk_writer_write() is the default graph. */
	PkStatus st;
	FILE *f = tmpfile();
	assert(f);
	assert(pk_writer_write(f, g, PK_FORMAT_NQUADS) == PK_OK);
	fclose(f);

	/* A graph name that is no absolute IRI: nothing written. */
	char *out = write_to_string(g, PK_FORMAT_NQUADS, "article/1", &st);
	assert(st == PK_ERR_RDF && out[0] == '\0');
	free(out);
	out = write_to_string(g, PK_FORMAT_NQUADS, "urn:x\xff", &st);
	assert(st == PK_ERR_RDF && out[0] == '\0');
	free(out);
	/* Unsafe bytes in the graph IRI are percent-encoded like any other IRI. */
	out = write_to_string(g, PK_FORMAT_NQUADS, ID "article/a b", &st);
	assert(st == PK_OK && strstr(out, "<" ID "article/a%20b> .\n"));
	free(out);
	pk_graph_free(g);
}

static const char dot_head[] =
	"digraph policekg {\n"
	"  graph [rankdir=LR, fontname=\"Noto Sans CJK SC\", nodesep=0.25, ranksep=0.6];\n"
	"  node [fontname=\"Noto Sans CJK SC\", fontsize=11, margin=\"0.12,0.04\"];\n"
	"  edge [fontname=\"Noto Sans CJK SC\", fontsize=9, fontcolor=\"#555555\"];\n";
#define UNIT_ATTRS "shape=box, style=\"filled,rounded\", fillcolor=\"#dbe9ff\", color=\"#3d6fb6\""
#define PLACE_ATTRS "shape=ellipse, style=filled, fillcolor=\"#dcf2e3\", color=\"#3f8f5a\""
#define HONOR_ATTRS "shape=hexagon, style=filled, fillcolor=\"#fff1c7\", color=\"#b58900\""
#define OTHER_ATTRS "shape=ellipse, style=dashed, color=\"#888888\""

static void test_dot(void)
{
	PkGraph *g = sample();
	/* Nodes are numbered in IRI order: honor/, place/35-福建省, place/3502-厦门市,
	 * unit/厦门市公安局, unit/厦门市公安局莲前派出所; listed by class. Edges follow the
	 * sorted triples. */
	char want[4096];
	snprintf(want, sizeof want,
	         "%s"
	         "  // kg:PoliceUnit\n"
	         "  n4 [label=\"厦门市公安局\", tooltip=\"" XIAMEN "\", " UNIT_ATTRS "];\n"
	         "  n5 [label=\"厦门市公安局莲前派出所\", tooltip=\"" LIANQIAN "\", " UNIT_ATTRS "];\n"
	         "  // kg:Place\n"
	         "  n3 [label=\"厦门市\", tooltip=\"" CITY "\", " PLACE_ATTRS "];\n"
	         "  // kg:Honor\n"
	         "  n1 [label=\"全国模范公安单位\", tooltip=\"" HONOR "\", " HONOR_ATTRS "];\n"
	         "  // other\n"
	         "  n2 [label=\"福建省\", tooltip=\"" PROVINCE "\", " OTHER_ATTRS "];\n"
	         "  n3 -> n2 [label=\"位于\", color=\"#3f8f5a\"];\n"
	         "  n4 -> n3 [label=\"位于\", color=\"#3f8f5a\"];\n"
	         "  n5 -> n4 [label=\"隶属于\", color=\"#3d6fb6\"];\n"
	         "  n5 -> n1 [label=\"获得荣誉\", color=\"#b58900\"];\n"
	         "}\n",
	         dot_head);
	expect_output(g, PK_FORMAT_DOT, NULL, want);
	/* The graph name means nothing to DOT. */
	expect_output(g, PK_FORMAT_DOT, GRAPH, want);
	pk_graph_free(g);

	/* Escaping: quotes and backslashes in labels and IRIs, control characters as spaces;
	 * a node without a label shows its IRI's last segment. */
	g = pk_graph_new();
	assert(g);
	add_iri(g, ID "unit/a", TYPE, KG "PoliceUnit");
	add_label(g, ID "unit/a", "say \"hi\" \\ now\tx");
	add_iri(g, ID "unit/b", TYPE, KG "PoliceUnit");
	add_iri(g, ID "unit/a", KG "partOf", ID "unit/b");
	/* unit/c has no type: drawn as "other", with its edge to a drawn node */
	add_iri(g, ID "unit/b", KG "partOf", ID "unit/c");
	add_iri(g, ID "unit/c", KG "partOf", ID "unit/a");
	add_iri(g, ID "unit/c", KG "partOf", ID "unit/d"); /* d is neither: no edge */
	snprintf(want, sizeof want,
	         "%s"
	         "  // kg:PoliceUnit\n"
	         "  n1 [label=\"say \\\"hi\\\" \\\\ now x\", tooltip=\"" ID "unit/a\", " UNIT_ATTRS "];\n"
	         "  n2 [label=\"b\", tooltip=\"" ID "unit/b\", " UNIT_ATTRS "];\n"
	         "  // other\n"
	         "  n3 [label=\"c\", tooltip=\"" ID "unit/c\", " OTHER_ATTRS "];\n"
	         "  n1 -> n2 [label=\"隶属于\", color=\"#3d6fb6\"];\n"
	         "  n2 -> n3 [label=\"隶属于\", color=\"#3d6fb6\"];\n"
	         "  n3 -> n1 [label=\"隶属于\", color=\"#3d6fb6\"];\n"
	         "}\n",
	         dot_head);
	expect_output(g, PK_FORMAT_DOT, NULL, want);
	pk_graph_free(g);

	/* An empty graph is an empty digraph. */
	g = pk_graph_new();
	assert(g);
	snprintf(want, sizeof want, "%s}\n", dot_head);
	expect_output(g, PK_FORMAT_DOT, NULL, want);
	pk_graph_free(g);
}

/* DOT output that graphviz accepts, when dot is installed (a dev-time tool). */
static void test_dot_parses(void)
{
	if (system("command -v dot >/dev/null 2>&1") != 0) {
		printf("test_writer_formats: dot not installed, skipping the graphviz check\n");
		return;
	}
	char path[] = "/tmp/pk_test_dot_XXXXXX";
	int fd = mkstemp(path);
	assert(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert(f);
	PkGraph *g = sample();
	assert(pk_writer_write(f, g, PK_FORMAT_DOT) == PK_OK);
	assert(fclose(f) == 0);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "dot -Tcanon '%s' >/dev/null", path);
	assert(system(cmd) == 0);
	remove(path);
	pk_graph_free(g);
}

static void test_dev_full(void)
{
	PkFormat formats[] = { PK_FORMAT_NQUADS, PK_FORMAT_DOT };
	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen("/dev/full", "w");
		assert(f);
		PkGraph *g = sample();
		assert(pk_writer_write_named(f, g, formats[i], GRAPH) == PK_ERR_IO);
		fclose(f);
		pk_graph_free(g);
	}
}

int main(void)
{
	test_nquads();
	test_dot();
	test_dot_parses();
	test_dev_full();
	printf("test_writer_formats: ok\n");
	return 0;
}
