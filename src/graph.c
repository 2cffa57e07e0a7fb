/* graph.c — the in-memory RDF graph between the linker and the writer.
 *
 * Every string of every triple (IRIs, lexical forms, datatypes, language tags) is
 * interned: stored once in a per-graph arena (arena.h; with PK_DEBUG_ARENA each string
 * is its own malloc for ASan/valgrind) and found again through an open-addressing hash
 * table. An article's graph repeats its strings a lot (a mention node's IRI is the
 * subject of five triples, a handful of predicates carry everything), so interning
 * keeps the graph small and lets the expensive parts work per distinct string:
 *
 *  - normalising (sort + dedupe) sorts the distinct strings once by bytes and then
 *    sorts triples by integer ranks instead of calling strcmp up to six times per
 *    comparison (the strcmp-based sort was ~10% of an extract run);
 *  - the writer validates each distinct string once, not once per use.
 *
 * Normalising is what makes the writer's output byte-identical for the same graph,
 * whatever order the facts were found in.
 */
#include "graph.h"

#include "arena.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *s;  /* NUL-terminated copy in the arena */
	uint32_t len;
	uint32_t hash;
	uint32_t rank;  /* byte order among all strings, set by pk_graph_normalize() */
	unsigned uses;  /* PK_GRAPH_USE_* */
} PkGraphStr;

typedef struct {
	PkTriple t;
	uint32_t id[5]; /* s, p, o, then datatype and language as id + 1 (0: none) */
} PkGraphEntry;

struct PkGraph {
	PkGraphEntry *e;
	size_t n, cap;
	PkGraphStr *str;
	size_t nstr, capstr;
	uint32_t *slots; /* string id + 1, 0 = empty; size is a power of two */
	size_t nslots;
	/* Recently added pointers and their ids: callers pass the same constant predicate,
	 * datatype or subject buffer again and again. A hit is confirmed with strcmp (the
	 * caller may have reused the buffer), which is cheaper than strlen + hash + probe. */
	struct {
		const char *p;
		uint32_t id;
	} recent[64];
	PkArena *strings;
};

/* Strings are at most 4 GiB each and 2^32 - 2 in number per graph (ids are 32-bit). */
#define PK_GRAPH_MAX_STR (UINT32_MAX - 2)

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

void pk_graph_clear(PkGraph *g)
{
	assert(g);
	pk_arena_reset(g->strings);
	g->n = 0;
	g->nstr = 0;
	if (g->slots)
		memset(g->slots, 0, g->nslots * sizeof *g->slots);
	memset(g->recent, 0, sizeof g->recent);
}

void pk_graph_free(PkGraph *g)
{
	if (!g)
		return;
	pk_arena_free(g->strings);
	free(g->e);
	free(g->str);
	free(g->slots);
	free(g);
}

/* 8 bytes per step, then a final mix: interning hashes every string added, so this must
 * be cheap. Not used for anything persistent (IRIs use pk_hash64). */
static uint32_t pk_graph_hash(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15u ^ len;
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDu;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

static int pk_graph_rehash(PkGraph *g)
{
	size_t n = g->nslots ? g->nslots * 2 : 1024;
	uint32_t *slots = calloc(n, sizeof *slots);
	if (!slots)
		return -1;
	for (size_t i = 0; i < g->nstr; i++) {
		size_t k = g->str[i].hash & (n - 1);
		while (slots[k])
			k = (k + 1) & (n - 1);
		slots[k] = (uint32_t)i + 1;
	}
	free(g->slots);
	g->slots = slots;
	g->nslots = n;
	return 0;
}

/* The id of s (copied into the graph the first time), or -1 when out of memory. */
static int64_t pk_graph_intern_slow(PkGraph *g, const char *s, unsigned use)
{
	size_t len = strlen(s);
	if (len > UINT32_MAX)
		return -1;
	/* Keep the table at most half full. */
	if ((g->nstr + 1) * 2 > g->nslots && pk_graph_rehash(g) != 0)
		return -1;
	uint32_t h = pk_graph_hash(s, len);
	size_t k = h & (g->nslots - 1);
	for (uint32_t v; (v = g->slots[k]) != 0; k = (k + 1) & (g->nslots - 1)) {
		PkGraphStr *x = &g->str[v - 1];
		if (x->hash == h && x->len == len && memcmp(x->s, s, len) == 0) {
			x->uses |= use;
			return v - 1;
		}
	}
	if (g->nstr == g->capstr) {
		size_t cap = g->capstr ? g->capstr * 2 : 256;
		if (cap > PK_GRAPH_MAX_STR || cap > SIZE_MAX / sizeof(PkGraphStr))
			return -1;
		PkGraphStr *ns = realloc(g->str, cap * sizeof(PkGraphStr));
		if (!ns)
			return -1;
		g->str = ns;
		g->capstr = cap;
	}
	const char *copy = pk_arena_strndup(g->strings, s, len);
	if (!copy)
		return -1;
	g->str[g->nstr] = (PkGraphStr){ copy, (uint32_t)len, h, 0, use };
	g->slots[k] = (uint32_t)g->nstr + 1;
	return (int64_t)g->nstr++;
}

/* pk_graph_intern_slow() behind the cache of recently added pointers. */
static int64_t pk_graph_intern(PkGraph *g, const char *s, unsigned use)
{
	size_t r = ((uintptr_t)s >> 3) & 63;
	if (g->recent[r].p == s && g->nstr > g->recent[r].id &&
	    strcmp(g->str[g->recent[r].id].s, s) == 0) {
		g->str[g->recent[r].id].uses |= use;
		return g->recent[r].id;
	}
	int64_t id = pk_graph_intern_slow(g, s, use);
	if (id >= 0) {
		g->recent[r].p = s;
		g->recent[r].id = (uint32_t)id;
	}
	return id;
}

static PkStatus pk_graph_push(PkGraph *g, const PkGraphEntry *e)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;
		if (cap > SIZE_MAX / sizeof(PkGraphEntry))
			return PK_ERR_NOMEM;
		PkGraphEntry *ne = realloc(g->e, cap * sizeof(PkGraphEntry));
		if (!ne)
			return PK_ERR_NOMEM;
		g->e = ne;
		g->cap = cap;
	}
	g->e[g->n++] = *e;
	return PK_OK;
}

/* Interns s into e->id[slot] and term->value-like *out. On failure the strings already
 * interned stay until the graph is freed: harmless, and the graph is unchanged as seen
 * through the API. */
static int pk_graph_set(PkGraph *g, PkGraphEntry *e, int slot, const char *s, unsigned use,
                        const char **out)
{
	int64_t id = pk_graph_intern(g, s, use);
	if (id < 0)
		return -1;
	e->id[slot] = (uint32_t)id + (slot >= 3);
	*out = g->str[id].s;
	return 0;
}

PkStatus pk_graph_add_iri(PkGraph *g, const char *s, const char *p, const char *o)
{
	assert(g && s && p && o);
	PkGraphEntry e = { { { PK_TERM_IRI, NULL, NULL, NULL },
	                     { PK_TERM_IRI, NULL, NULL, NULL },
	                     { PK_TERM_IRI, NULL, NULL, NULL } },
	                   { 0 } };
	if (pk_graph_set(g, &e, 0, s, PK_GRAPH_USE_IRI, &e.t.s.value) ||
	    pk_graph_set(g, &e, 1, p, PK_GRAPH_USE_IRI, &e.t.p.value) ||
	    pk_graph_set(g, &e, 2, o, PK_GRAPH_USE_IRI, &e.t.o.value))
		return PK_ERR_NOMEM;
	return pk_graph_push(g, &e);
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
	PkGraphEntry e = { { { PK_TERM_IRI, NULL, NULL, NULL },
	                     { PK_TERM_IRI, NULL, NULL, NULL },
	                     { PK_TERM_LITERAL, NULL, NULL, NULL } },
	                   { 0 } };
	if (pk_graph_set(g, &e, 0, s, PK_GRAPH_USE_IRI, &e.t.s.value) ||
	    pk_graph_set(g, &e, 1, p, PK_GRAPH_USE_IRI, &e.t.p.value) ||
	    pk_graph_set(g, &e, 2, lex, PK_GRAPH_USE_LITERAL, &e.t.o.value))
		return PK_ERR_NOMEM;
	if (datatype && pk_graph_set(g, &e, 3, datatype, PK_GRAPH_USE_DATATYPE, &e.t.o.datatype))
		return PK_ERR_NOMEM;
	if (lang && pk_graph_set(g, &e, 4, lang, PK_GRAPH_USE_LANG, &e.t.o.lang))
		return PK_ERR_NOMEM;
	return pk_graph_push(g, &e);
}

/* Byte order, as strcmp() (the strings hold no NUL). */
static int pk_graph_str_cmp(const void *va, const void *vb)
{
	const PkGraphStr *a = *(PkGraphStr *const *)va, *b = *(PkGraphStr *const *)vb;
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* A triple's sort key: ranks of s, p, (object kind, o), datatype, language; the order of
 * these fields is the canonical triple order (NULL datatype/language first). */
typedef struct {
	uint64_t k[3];
	size_t idx;
} PkGraphKey;

static int pk_graph_key_cmp(const void *va, const void *vb)
{
	const PkGraphKey *a = va, *b = vb;
	for (int i = 0; i < 3; i++)
		if (a->k[i] != b->k[i])
			return a->k[i] < b->k[i] ? -1 : 1;
	return 0;
}

/* Packed sort key of the radix path: s:12 p:12 kind:1 o:12 datatype:12 language:12. */
typedef struct {
	uint64_t key;
	size_t idx;
} PkGraphPacked;

#define PK_GRAPH_RADIX_BITS 11
#define PK_GRAPH_RADIX (1u << PK_GRAPH_RADIX_BITS)

/* Orders keys by k[0..2]: perm[r] is the index of the r-th key. An LSD radix sort on
 * 61-bit packed keys when every rank fits in 12 bits (fewer than 4095 distinct strings:
 * nearly every article; keys stay where they are), else qsort (keys sorted in place,
 * perm the identity). */
static PkStatus pk_graph_sort_keys(PkGraphKey *keys, size_t *perm, size_t n, size_t nstr)
{
	if (nstr >= 4095 || n >= UINT32_MAX) {
		qsort(keys, n, sizeof *keys, pk_graph_key_cmp);
		for (size_t i = 0; i < n; i++)
			perm[i] = i;
		return PK_OK;
	}
	PkGraphPacked *a = malloc(2 * n * sizeof *a);
	if (!a)
		return PK_ERR_NOMEM;
	PkGraphPacked *b = a + n;
	for (size_t i = 0; i < n; i++) {
		const uint64_t *k = keys[i].k;
		a[i].key = (k[0] >> 32) << 49 | (k[0] & 0xFFF) << 37 | (k[1] >> 32) << 36 |
		           (k[1] & 0xFFF) << 24 | (k[2] >> 32) << 12 | (k[2] & 0xFFF);
		a[i].idx = i;
	}
	static const unsigned mask = PK_GRAPH_RADIX - 1;
	uint32_t count[PK_GRAPH_RADIX];   /* n < 2^32: graphs that big take the qsort path */
	for (unsigned shift = 0; shift < 61; shift += PK_GRAPH_RADIX_BITS) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[(a[i].key >> shift) & mask]++;
		if (count[(a[0].key >> shift) & mask] == n)
			continue; /* every key has the same digit here */
		for (uint32_t d = 0, sum = 0; d < PK_GRAPH_RADIX; d++) {
			uint32_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(a[i].key >> shift) & mask]++] = a[i];
		PkGraphPacked *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		perm[i] = a[i].idx;
	free(a < b ? a : b);
	return PK_OK;
}

void pk_graph_normalize(PkGraph *g)
{
	assert(g);
	if (g->n < 2)
		return;
	/* Rank the distinct strings by bytes. On allocation failure the graph is left as it
	 * is (valid, only not deduplicated nor in canonical order). */
	PkGraphStr **order = malloc(g->nstr * sizeof *order);
	PkGraphKey *keys = malloc(g->n * sizeof *keys);
	PkGraphEntry *sorted = malloc(g->n * sizeof *sorted);
	if (!order || !keys || !sorted) {
		free(order);
		free(keys);
		free(sorted);
		return;
	}
	for (size_t i = 0; i < g->nstr; i++)
		order[i] = &g->str[i];
	qsort(order, g->nstr, sizeof *order, pk_graph_str_cmp);
	for (size_t i = 0; i < g->nstr; i++)
		order[i]->rank = (uint32_t)i;
	free(order);
	for (size_t i = 0; i < g->n; i++) {
		const PkGraphEntry *e = &g->e[i];
		uint64_t dt = e->id[3] ? (uint64_t)g->str[e->id[3] - 1].rank + 1 : 0;
		uint64_t lang = e->id[4] ? (uint64_t)g->str[e->id[4] - 1].rank + 1 : 0;
		keys[i].k[0] = (uint64_t)g->str[e->id[0]].rank << 32 | g->str[e->id[1]].rank;
		keys[i].k[1] = (uint64_t)(e->t.o.kind == PK_TERM_LITERAL) << 32 |
		               g->str[e->id[2]].rank;
		keys[i].k[2] = dt << 32 | lang;
		keys[i].idx = i;
	}
	size_t *perm = malloc(g->n * sizeof *perm);
	if (!perm || pk_graph_sort_keys(keys, perm, g->n, g->nstr) != PK_OK) {
		free(perm);
		free(keys);
		free(sorted);
		return;
	}
	size_t w = 0;
	for (size_t r = 0; r < g->n; r++) {
		const PkGraphKey *k = &keys[perm[r]];
		if (w && pk_graph_key_cmp(&keys[perm[r - 1]], k) == 0)
			continue;
		sorted[w++] = g->e[k->idx];
	}
	free(perm);
	free(keys);
	free(g->e);
	g->e = sorted;
	g->n = w;
	g->cap = g->n;
}

size_t pk_graph_size(const PkGraph *g)
{
	assert(g);
	return g->n;
}

const PkTriple *pk_graph_get(const PkGraph *g, size_t i)
{
	assert(g && i < g->n);
	return &g->e[i].t;
}

size_t pk_graph_nstrings(const PkGraph *g)
{
	assert(g);
	return g->nstr;
}

const char *pk_graph_string(const PkGraph *g, size_t i, size_t *len, unsigned *uses)
{
	assert(g && i < g->nstr);
	if (len)
		*len = g->str[i].len;
	if (uses)
		*uses = g->str[i].uses;
	return g->str[i].s;
}

const uint32_t *pk_graph_get_ids(const PkGraph *g, size_t i)
{
	assert(g && i < g->n);
	return g->e[i].id;
}
