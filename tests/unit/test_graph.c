/* test_graph.c — the graph copies what it is given, sorts into one order and dedupes. */
#undef NDEBUG
#include "graph.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S1 PK_NS_ID "unit/b"
#define S2 PK_NS_ID "unit/a"
#define P1 PK_NS_KG "name"
#define P2 PK_NS_RDF "type"

static void test_free_null(void)
{
	pk_graph_free(NULL);
}

static void test_empty(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	assert(pk_graph_size(g) == 0);
	pk_graph_normalize(g);
	assert(pk_graph_size(g) == 0);
	pk_graph_free(g);
}

static void test_copies(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	char s[64], o[64];
	strcpy(s, S1);
	strcpy(o, "晋江市公安局");
	assert(pk_graph_add_literal(g, s, P1, o, NULL, "zh") == PK_OK);
	/* The caller's buffers are reused at once; the graph must hold its own copies. */
	memset(s, 'x', sizeof s - 1);
	memset(o, 'x', sizeof o - 1);
	const PkTriple *t = pk_graph_get(g, 0);
	assert(strcmp(t->s.value, S1) == 0);
	assert(t->s.kind == PK_TERM_IRI && t->p.kind == PK_TERM_IRI);
	assert(strcmp(t->p.value, P1) == 0);
	assert(t->o.kind == PK_TERM_LITERAL);
	assert(strcmp(t->o.value, "晋江市公安局") == 0);
	assert(t->o.datatype == NULL);
	assert(strcmp(t->o.lang, "zh") == 0);
	pk_graph_free(g);
}

static void test_normalize(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	/* Added out of order, with duplicates and near-duplicates. */
	assert(pk_graph_add_literal(g, S1, P1, "x", NULL, "zh") == PK_OK);
	assert(pk_graph_add_literal(g, S1, P1, "x", PK_NS_XSD "token", NULL) == PK_OK);
	assert(pk_graph_add_literal(g, S1, P1, "x", NULL, NULL) == PK_OK);
	assert(pk_graph_add_iri(g, S1, P1, "x:x") == PK_OK);
	assert(pk_graph_add_iri(g, S1, P2, PK_NS_KG "Unit") == PK_OK);
	assert(pk_graph_add_iri(g, S2, P2, PK_NS_KG "Unit") == PK_OK);
	assert(pk_graph_add_literal(g, S1, P1, "x", NULL, "zh") == PK_OK);
	assert(pk_graph_add_iri(g, S1, P2, PK_NS_KG "Unit") == PK_OK);
	/* "x"^^xsd:string is the same term as "x" (RDF 1.1). */
	assert(pk_graph_add_literal(g, S1, P1, "x", PK_NS_XSD "string", NULL) == PK_OK);
	assert(pk_graph_add_literal(g, S1, P1, "w", NULL, NULL) == PK_OK);
	assert(pk_graph_size(g) == 10);

	pk_graph_normalize(g);
	assert(pk_graph_size(g) == 7);
	const PkTriple *t;
	/* S2 ("unit/a") sorts before S1 ("unit/b"). */
	t = pk_graph_get(g, 0);
	assert(strcmp(t->s.value, S2) == 0 && strcmp(t->p.value, P2) == 0);
	/* Within S1, P2 (http://www.w3.org/...) sorts before P1 (https://...): ':' < 's'. */
	t = pk_graph_get(g, 1);
	assert(strcmp(t->s.value, S1) == 0 && strcmp(t->p.value, P2) == 0);
	/* P1: the IRI object first (kind), then literals by value, then by datatype (NULL
	 * first, so "x"@zh comes before "x"^^dt), then by language (NULL first). */
	t = pk_graph_get(g, 2);
	assert(t->o.kind == PK_TERM_IRI && strcmp(t->o.value, "x:x") == 0);
	t = pk_graph_get(g, 3);
	assert(t->o.kind == PK_TERM_LITERAL && strcmp(t->o.value, "w") == 0);
	t = pk_graph_get(g, 4);
	assert(strcmp(t->o.value, "x") == 0 && !t->o.datatype && !t->o.lang);
	t = pk_graph_get(g, 5);
	assert(strcmp(t->o.value, "x") == 0 && !t->o.datatype && strcmp(t->o.lang, "zh") == 0);
	t = pk_graph_get(g, 6);
	assert(strcmp(t->o.value, "x") == 0 && strcmp(t->o.datatype, PK_NS_XSD "token") == 0);

	/* Normalising is idempotent. */
	pk_graph_normalize(g);
	assert(pk_graph_size(g) == 7);
	pk_graph_free(g);
}

/* Many triples and a string bigger than an arena block: growth must keep every string. */
static void test_growth(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	size_t big_len = 100000;
	char *big = malloc(big_len + 1);
	assert(big);
	memset(big, 'b', big_len);
	big[big_len] = '\0';
	char s[128], lex[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(s, sizeof s, PK_NS_ID "unit/%04d", 4999 - i);
		snprintf(lex, sizeof lex, "%d", i);
		assert(pk_graph_add_literal(g, s, P1, lex, NULL, NULL) == PK_OK);
		if (i == 2500)
			assert(pk_graph_add_literal(g, s, P1, big, NULL, NULL) == PK_OK);
	}
	assert(pk_graph_size(g) == 5001);
	pk_graph_normalize(g);
	assert(pk_graph_size(g) == 5001);
	for (size_t i = 1; i < pk_graph_size(g); i++)
		assert(strcmp(pk_graph_get(g, i - 1)->s.value, pk_graph_get(g, i)->s.value) <= 0);
	const PkTriple *t = pk_graph_get(g, 0);
	assert(strcmp(t->s.value, PK_NS_ID "unit/0000") == 0 && strcmp(t->o.value, "4999") == 0);
	int found = 0;
	for (size_t i = 0; i < pk_graph_size(g); i++)
		if (strlen(pk_graph_get(g, i)->o.value) == big_len)
			found++;
	assert(found == 1);
	free(big);
	pk_graph_free(g);
}

/* Equal strings are stored once (one pointer, one id); ids and uses are reported. */
static void test_interning(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	assert(pk_graph_add_iri(g, S1, P2, PK_NS_KG "Unit") == PK_OK);
	assert(pk_graph_add_literal(g, S1, P1, "x", PK_NS_XSD "token", NULL) == PK_OK);
	assert(pk_graph_add_literal(g, S2, P1, S1, NULL, "zh") == PK_OK);
	const PkTriple *a = pk_graph_get(g, 0), *b = pk_graph_get(g, 1), *c = pk_graph_get(g, 2);
	assert(a->s.value == b->s.value);           /* one copy of S1 */
	assert(c->o.value == a->s.value);           /* ... also as a literal */
	const uint32_t *ia = pk_graph_get_ids(g, 0), *ib = pk_graph_get_ids(g, 1),
	               *ic = pk_graph_get_ids(g, 2);
	assert(ia[0] == ib[0] && ic[2] == ia[0] && ia[1] != ib[1]);
	assert(ia[3] == 0 && ia[4] == 0);            /* no datatype, no language */
	assert(ib[3] != 0 && ib[4] == 0 && ic[3] == 0 && ic[4] != 0);
	/* S1, P2, Unit, P1, "x", token, S2, "zh" */
	assert(pk_graph_nstrings(g) == 8);
	size_t len;
	unsigned uses;
	assert(strcmp(pk_graph_string(g, ia[0], &len, &uses), S1) == 0);
	assert(len == strlen(S1) && uses == (PK_GRAPH_USE_IRI | PK_GRAPH_USE_LITERAL));
	assert(strcmp(pk_graph_string(g, ib[3] - 1, NULL, &uses), PK_NS_XSD "token") == 0);
	assert(uses == PK_GRAPH_USE_DATATYPE);
	assert(strcmp(pk_graph_string(g, ic[4] - 1, NULL, &uses), "zh") == 0);
	assert(uses == PK_GRAPH_USE_LANG);
	/* Ids survive normalising (they index strings, not triples). */
	pk_graph_normalize(g);
	for (size_t i = 0; i < pk_graph_size(g); i++) {
		const PkTriple *t = pk_graph_get(g, i);
		const uint32_t *id = pk_graph_get_ids(g, i);
		assert(pk_graph_string(g, id[0], NULL, NULL) == t->s.value);
		assert(pk_graph_string(g, id[2], NULL, NULL) == t->o.value);
	}
	pk_graph_free(g);
}

/* A cleared graph is empty and as good as new (workers reuse one graph per article). */
static void test_clear(void)
{
	PkGraph *g = pk_graph_new();
	assert(g);
	char s[64];
	for (int i = 0; i < 3000; i++) {
		snprintf(s, sizeof s, PK_NS_ID "unit/%d", i);
		assert(pk_graph_add_literal(g, s, P1, "x", NULL, "zh") == PK_OK);
	}
	pk_graph_clear(g);
	assert(pk_graph_size(g) == 0 && pk_graph_nstrings(g) == 0);
	assert(pk_graph_add_iri(g, S1, P2, PK_NS_KG "Unit") == PK_OK);
	assert(pk_graph_add_iri(g, S2, P2, PK_NS_KG "Unit") == PK_OK);
	assert(pk_graph_add_iri(g, S1, P2, PK_NS_KG "Unit") == PK_OK);
	pk_graph_normalize(g);
	assert(pk_graph_size(g) == 2 && pk_graph_nstrings(g) == 4);
	assert(strcmp(pk_graph_get(g, 0)->s.value, S2) == 0);
	assert(strcmp(pk_graph_get(g, 1)->s.value, S1) == 0);
	pk_graph_clear(g);
	pk_graph_clear(g);
	assert(pk_graph_size(g) == 0);
	pk_graph_free(g);
}

int main(void)
{
	test_interning();
	test_clear();
	test_free_null();
	test_empty();
	test_copies();
	test_normalize();
	test_growth();
	printf("test_graph: ok\n");
	return 0;
}
