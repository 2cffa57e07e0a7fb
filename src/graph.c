/* graph.c — the in-memory RDF graph between the linker and the writer.
 *
 * A growable array of triples whose strings live in a per-graph arena (arena.h; with
 * PK_DEBUG_ARENA each string is its own malloc for ASan/valgrind): the linker hands over
 * short-lived buffers (minted IRIs on the stack, spans of the article), so the graph
 * copies everything, and one pk_graph_free() releases it all. Normalising (sort + dedupe)
 * is what makes the writer's output byte-identical for the same graph, whatever order
 * the facts were found in.
 */
#include "graph.h"

#include "arena.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct PkGraph {
	PkTriple *triples;
	size_t n, cap;
	PkArena *strings; /* every string of every triple */
};

PkGraph *pk_graph_new(void)
{
	PkGraph *g = calloc(1, sizeof(PkGraph));
	if (!g)
		return NULL;
	if (!(g->strings = pk_arena_new())) {
		free(g);
		return NULL;
	}
	return g;
}

void pk_graph_free(PkGraph *g)
{
	if (!g)
		return;
	pk_arena_free(g->strings);
	free(g->triples);
	free(g);
}

/* Copies s into the arena; NULL stays NULL. Returns NULL only when out of memory
 * (callers tell the two apart because they know whether s was NULL). */
static const char *pk_graph_strdup(PkGraph *g, const char *s)
{
	return s ? pk_arena_strndup(g->strings, s, strlen(s)) : NULL;
}

static PkStatus pk_graph_push(PkGraph *g, const PkTriple *t)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;
		if (cap > SIZE_MAX / sizeof(PkTriple))
			return PK_ERR_NOMEM;
		PkTriple *nt = realloc(g->triples, cap * sizeof(PkTriple));
		if (!nt)
			return PK_ERR_NOMEM;
		g->triples = nt;
		g->cap = cap;
	}
	g->triples[g->n++] = *t;
	return PK_OK;
}

PkStatus pk_graph_add_iri(PkGraph *g, const char *s, const char *p, const char *o)
{
	assert(g && s && p && o);
	PkTriple t = { { PK_TERM_IRI, NULL, NULL, NULL },
	               { PK_TERM_IRI, NULL, NULL, NULL },
	               { PK_TERM_IRI, NULL, NULL, NULL } };
	/* On failure the strings already copied stay in the arena until the graph is
	 * freed: harmless, and it keeps the graph unchanged as seen through the API. */
	if (!(t.s.value = pk_graph_strdup(g, s)) || !(t.p.value = pk_graph_strdup(g, p)) ||
	    !(t.o.value = pk_graph_strdup(g, o)))
		return PK_ERR_NOMEM;
	return pk_graph_push(g, &t);
}

PkStatus pk_graph_add_literal(PkGraph *g, const char *s, const char *p, const char *lex,
                              const char *datatype, const char *lang)
{
	assert(g && s && p && lex);
	/* A literal has a datatype or a language tag, never both (RDF 1.1). */
	assert(!(datatype && lang));
	/* "x"^^xsd:string and "x" are the same term in RDF 1.1: store one spelling so
	 * normalising drops the duplicate. */
	if (datatype && strcmp(datatype, PK_NS_XSD "string") == 0)
		datatype = NULL;
	PkTriple t = { { PK_TERM_IRI, NULL, NULL, NULL },
	               { PK_TERM_IRI, NULL, NULL, NULL },
	               { PK_TERM_LITERAL, NULL, NULL, NULL } };
	if (!(t.s.value = pk_graph_strdup(g, s)) || !(t.p.value = pk_graph_strdup(g, p)) ||
	    !(t.o.value = pk_graph_strdup(g, lex)))
		return PK_ERR_NOMEM;
	if (datatype && !(t.o.datatype = pk_graph_strdup(g, datatype)))
		return PK_ERR_NOMEM;
	if (lang && !(t.o.lang = pk_graph_strdup(g, lang)))
		return PK_ERR_NOMEM;
	return pk_graph_push(g, &t);
}

/* NULL sorts before every string, so "x" < "x"^^<dt> and "x" < "x"@lang. */
static int pk_graph_strcmp_null(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

static int pk_graph_triple_cmp(const void *va, const void *vb)
{
	const PkTriple *a = va, *b = vb;
	int c;
	if ((c = strcmp(a->s.value, b->s.value)) != 0)
		return c;
	if ((c = strcmp(a->p.value, b->p.value)) != 0)
		return c;
	if (a->o.kind != b->o.kind)
		return a->o.kind < b->o.kind ? -1 : 1;
	if ((c = strcmp(a->o.value, b->o.value)) != 0)
		return c;
	if ((c = pk_graph_strcmp_null(a->o.datatype, b->o.datatype)) != 0)
		return c;
	return pk_graph_strcmp_null(a->o.lang, b->o.lang);
}

void pk_graph_normalize(PkGraph *g)
{
	assert(g);
	if (g->n < 2)
		return;
	/* qsort is not stable, but equal keys are identical triples, so the order of the
	 * result is fully determined. */
	qsort(g->triples, g->n, sizeof(PkTriple), pk_graph_triple_cmp);
	size_t w = 1;
	for (size_t r = 1; r < g->n; r++) {
		if (pk_graph_triple_cmp(&g->triples[w - 1], &g->triples[r]) != 0)
			g->triples[w++] = g->triples[r];
	}
	g->n = w;
}

size_t pk_graph_size(const PkGraph *g)
{
	assert(g);
	return g->n;
}

const PkTriple *pk_graph_get(const PkGraph *g, size_t i)
{
	assert(g && i < g->n);
	return &g->triples[i];
}
