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
	unsigned uses;  /* PK_GRAPH_USE_* */
} PkGraphStr;

/* Slots of the cache of recently added pointers (a power of two). 64 slots indexed by
 * address bits thrashed: an article passes ~50 constant predicate and class strings
 * plus its own subject buffers, and a third of the lookups missed. */
#define PK_GRAPH_RECENT 256

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
	} recent[PK_GRAPH_RECENT];
	PkArena *strings;
	/* Reused by pk_graph_normalize(), article after article: the entry array it sorts
	 * into (swapped with e), string codes, packed keys. */
	PkGraphEntry *spare;
	size_t spare_cap;
	void *scratch, *packed;
	size_t scratch_cap, packed_cap;
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
	free(g->spare);
	free(g->scratch);
	free(g->packed);
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

/* The id of s[0, len) (copied into the graph the first time), or -1 when out of memory. */
static int64_t pk_graph_intern_slow(PkGraph *g, const char *s, size_t len, unsigned use)
{
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
	const char *copy = pk_arena_strndup_padded(g->strings, s, len);
	if (!copy)
		return -1;
	g->str[g->nstr] = (PkGraphStr){ copy, (uint32_t)len, h, use };
	g->slots[k] = (uint32_t)g->nstr + 1;
	return (int64_t)g->nstr++;
}

/* pk_graph_intern_slow() behind the cache of recently added pointers. */
static int64_t pk_graph_intern_cached(PkGraph *g, const char *s, unsigned use)
{
	size_t r = (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15u) >> 56) &
	           (PK_GRAPH_RECENT - 1);
	if (g->recent[r].p == s && g->nstr > g->recent[r].id &&
	    strcmp(g->str[g->recent[r].id].s, s) == 0) {
		g->str[g->recent[r].id].uses |= use;
		return g->recent[r].id;
	}
	int64_t id = pk_graph_intern_slow(g, s, strlen(s), use);
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
	int64_t id = pk_graph_intern_cached(g, s, use);
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

int64_t pk_graph_intern(PkGraph *g, const char *s, size_t len)
{
	assert(g && s);
	return pk_graph_intern_slow(g, s, len, 0);
}

/* Fills slot of e from string id (checked by the caller), marking the string's use. */
static inline void pk_graph_set_id(PkGraph *g, PkGraphEntry *e, int slot, uint32_t id,
                                   unsigned use, const char **out)
{
	g->str[id].uses |= use;
	e->id[slot] = id + (slot >= 3);
	*out = g->str[id].s;
}

/* An entry for subject s, predicate p (IRIs) and object o of the given kind, by string id. */
static void
entry_spo(PkGraph *g, PkGraphEntry *e, uint32_t s, uint32_t p, uint32_t o, PkTermKind okind,
          unsigned ouse)
{
	*e = (PkGraphEntry){ { { PK_TERM_IRI, NULL, NULL, NULL },
	                       { PK_TERM_IRI, NULL, NULL, NULL },
	                       { okind, NULL, NULL, NULL } },
	                     { 0 } };
	pk_graph_set_id(g, e, 0, s, PK_GRAPH_USE_IRI, &e->t.s.value);
	pk_graph_set_id(g, e, 1, p, PK_GRAPH_USE_IRI, &e->t.p.value);
	pk_graph_set_id(g, e, 2, o, ouse, &e->t.o.value);
}

PkStatus pk_graph_add_iri_ids(PkGraph *g, uint32_t s, uint32_t p, uint32_t o)
{
	assert(g && s < g->nstr && p < g->nstr && o < g->nstr);
	PkGraphEntry e;
	entry_spo(g, &e, s, p, o, PK_TERM_IRI, PK_GRAPH_USE_IRI);
	return pk_graph_push(g, &e);
}

PkStatus pk_graph_add_literal_ids(PkGraph *g, uint32_t s, uint32_t p, uint32_t lex,
                                  int64_t datatype, int64_t lang)
{
	assert(g && s < g->nstr && p < g->nstr && lex < g->nstr);
	assert(datatype < 0 || lang < 0);
	assert(datatype < (int64_t)g->nstr && lang < (int64_t)g->nstr);
	/* as in pk_graph_add_literal(): "x"^^xsd:string is stored as "x" */
	static const char xsd_string[] = PK_NS_XSD "string";
	if (datatype >= 0 && g->str[datatype].len == sizeof xsd_string - 1 &&
	    memcmp(g->str[datatype].s, xsd_string, sizeof xsd_string - 1) == 0)
		datatype = -1;
	PkGraphEntry e;
	entry_spo(g, &e, s, p, lex, PK_TERM_LITERAL, PK_GRAPH_USE_LITERAL);
	if (datatype >= 0)
		pk_graph_set_id(g, &e, 3, (uint32_t)datatype, PK_GRAPH_USE_DATATYPE, &e.t.o.datatype);
	if (lang >= 0)
		pk_graph_set_id(g, &e, 4, (uint32_t)lang, PK_GRAPH_USE_LANG, &e.t.o.lang);
	return pk_graph_push(g, &e);
}

/* ---- normalising: rank the strings, then sort the triples by packed ranks ------------ */

/* Bytes [d, d + 8) of x as a big-endian number, zero past the end: comparing two such
 * words compares those bytes as memcmp() would, and since no string holds a NUL, a string
 * that ends inside the word sorts before every longer string sharing its prefix. The
 * copies are padded with 8 NUL bytes (pk_arena_strndup_padded), so one load does. */
static inline uint64_t pk_graph_word(const PkGraphStr *x, size_t d)
{
	uint64_t w;
	if (d >= x->len)
		return 0;
	memcpy(&w, x->s + d, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* Byte order (as strcmp(); the strings hold no NUL) of two strings known to share their
 * first d bytes. */
static int pk_graph_str_cmp_from(const PkGraphStr *a, const PkGraphStr *b, size_t d)
{
	size_t m = a->len < b->len ? a->len : b->len;
	int c = m > d ? memcmp(a->s + d, b->s + d, m - d) : 0;
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* Sorts string ids id[0..n) by bytes, all sharing their first d bytes: a multikey
 * quicksort (Bentley and Sedgewick) on 8-byte words. A graph's strings share long
 * prefixes (every IRI starts https://w3id.org/policekg/), so a comparison sort called
 * memcmp over the same prefix again and again: ranking the strings was a third of
 * normalising. The equal part moves 8 bytes deeper in a loop, and the smaller of the
 * other two parts is sorted by recursion, so the stack stays O(log n) deep even for
 * long shared prefixes. Ids are distinct strings: no two compare equal. */
static void pk_graph_rank_sort(const PkGraphStr *str, uint32_t *id, size_t n, size_t d)
{
	for (;;) {
		if (n < 12) {
			for (size_t i = 1; i < n; i++) {
				uint32_t x = id[i];
				size_t j = i;
				for (; j && pk_graph_str_cmp_from(&str[id[j - 1]], &str[x], d) > 0; j--)
					id[j] = id[j - 1];
				id[j] = x;
			}
			return;
		}
		/* median of three words as the pivot */
		uint64_t a = pk_graph_word(&str[id[0]], d), b = pk_graph_word(&str[id[n / 2]], d),
		         c = pk_graph_word(&str[id[n - 1]], d);
		uint64_t pv = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		/* Dutch national flag: [0, lt) < pv, [lt, i) == pv, (gt, n) > pv */
		size_t lt = 0, i = 0, gt = n;
		while (i < gt) {
			uint64_t w = pk_graph_word(&str[id[i]], d);
			uint32_t t = id[i];
			if (w < pv) {
				id[i++] = id[lt];
				id[lt++] = t;
			} else if (w > pv) {
				id[i] = id[--gt];
				id[gt] = t;
			} else {
				i++;
			}
		}
		size_t nlo = lt, neq = gt - lt, nhi = n - gt;
		/* The equal part is done when the pivot word holds the end of its strings
		 * (they would all be one string). */
		int eq_done = (pv & 0xFF) == 0;
		if (eq_done)
			neq = 0;
		/* Recurse into the two smaller parts, loop on the largest. */
		if (neq >= nlo && neq >= nhi) {
			pk_graph_rank_sort(str, id, nlo, d);
			pk_graph_rank_sort(str, id + gt, nhi, d);
			id += lt;
			n = neq;
			d += 8;
		} else if (nlo >= nhi) {
			if (neq)
				pk_graph_rank_sort(str, id + lt, neq, d + 8);
			pk_graph_rank_sort(str, id + gt, nhi, d);
			n = nlo;
		} else {
			pk_graph_rank_sort(str, id, nlo, d);
			if (neq)
				pk_graph_rank_sort(str, id + lt, neq, d + 8);
			id += gt;
			n = nhi;
		}
	}
}

/* A triple's sort key with 32-bit fields, for graphs whose packed key would not fit 64
 * bits: (s, p), (object kind, o), (datatype, language) codes. */
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

typedef struct {
	uint64_t key;
	uint32_t idx;
} PkGraphPacked;

#define PK_GRAPH_RADIX_MAX_BITS 11

/* Sorts a[0..n) by key (stable), b is scratch of n; returns the array holding the result.
 * An LSD radix sort over the low `bits` bits, in as few passes of at most 11 bits as
 * possible (the rest of each key is zero); a digit all keys share is skipped. */
static PkGraphPacked *pk_graph_radix(PkGraphPacked *a, PkGraphPacked *b, size_t n,
                                     unsigned bits)
{
	if (n < 32) {
		for (size_t i = 1; i < n; i++) {
			PkGraphPacked x = a[i];
			size_t j = i;
			for (; j && a[j - 1].key > x.key; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return a;
	}
	unsigned passes = (bits + PK_GRAPH_RADIX_MAX_BITS - 1) / PK_GRAPH_RADIX_MAX_BITS;
	unsigned width = passes ? (bits + passes - 1) / passes : 0;
	uint32_t count[1u << PK_GRAPH_RADIX_MAX_BITS];
	const uint64_t mask = ((uint64_t)1 << width) - 1;
	for (unsigned shift = 0; shift < bits; shift += width) {
		size_t nb = (size_t)1 << width;
		memset(count, 0, nb * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(a[i].key >> shift) & mask]++;
		if (count[(a[0].key >> shift) & mask] == n)
			continue; /* every key has the same digit here */
		for (uint32_t d = 0, sum = 0; d < nb; d++) {
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
	return a;
}

/* Bits to hold the values 0..count-1. */
static unsigned pk_graph_bits(uint64_t count)
{
	unsigned b = 0;
	while (b < 64 && count > ((uint64_t)1 << b))
		b++;
	return b;
}

/* Room for `bytes` in a reusable buffer of the graph (kept between articles). */
static void *pk_graph_scratch(void **buf, size_t *cap, size_t bytes)
{
	if (*cap < bytes) {
		size_t c = *cap ? *cap : 4096;
		while (c < bytes)
			c = c > SIZE_MAX / 2 ? bytes : c * 2;
		void *nb = malloc(c);
		if (!nb)
			return NULL;
		free(*buf);
		*buf = nb;
		*cap = c;
	}
	return *buf;
}

/* The canonical order is (s, p, object kind, o, datatype, language), each string by its
 * bytes, NULL datatype/language first.
 *
 * The distinct strings are ranked once (pk_graph_rank_sort), then each of the six fields
 * gets dense codes: the number of distinct values used in that field that sort before it.
 * Dense codes keep the order and are small (an article has ~40 predicates, a few
 * datatypes, two language tags), so a whole triple key usually packs into ~30 bits and
 * the triples are radix-sorted in three passes. */
void pk_graph_normalize(PkGraph *g)
{
	assert(g);
	if (g->n < 2)
		return;
	/* On allocation failure the graph is left as it is (valid, only not deduplicated
	 * nor in canonical order). */
	size_t nstr = g->nstr, n = g->n;
	/* Codes are 32-bit and (kind, object) takes up to 2 * nstr of them. */
	if (nstr >= (size_t)1 << 31 || n >= UINT32_MAX ||
	    n > SIZE_MAX / 2 / sizeof(PkGraphPacked))
		return;
	uint32_t *order = pk_graph_scratch(&g->scratch, &g->scratch_cap,
	                                   (7 * nstr + 2) * sizeof(uint32_t));
	PkGraphPacked *pa = pk_graph_scratch(&g->packed, &g->packed_cap,
	                                     2 * n * sizeof(PkGraphPacked));
	if (g->spare_cap < g->cap) {
		free(g->spare);
		g->spare = malloc(g->cap * sizeof(PkGraphEntry));
		g->spare_cap = g->spare ? g->cap : 0;
	}
	if (!order || !pa || !g->spare)
		return;
	for (size_t i = 0; i < nstr; i++)
		order[i] = (uint32_t)i;
	pk_graph_rank_sort(g->str, order, nstr, 0);

	/* codes by string id: c0 subject, c1 predicate, c2 (kind, object) at kind * nstr +
	 * id, c3 datatype and c4 language at id + 1 (0: none). First 1 = used. */
	uint32_t *c0 = order + nstr, *c1 = c0 + nstr, *c2 = c1 + nstr, *c3 = c2 + 2 * nstr,
	         *c4 = c3 + nstr + 1;
	memset(c0, 0, (6 * nstr + 2) * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		const PkGraphEntry *e = &g->e[i];
		c0[e->id[0]] = 1;
		c1[e->id[1]] = 1;
		c2[(e->t.o.kind == PK_TERM_LITERAL) * nstr + e->id[2]] = 1;
		c3[e->id[3]] = 1;
		c4[e->id[4]] = 1;
	}
	uint64_t n0 = 0, n1 = 0, n2 = 0, n3 = 0, n4 = 0;
	uint32_t u;
	u = c3[0], c3[0] = (uint32_t)n3, n3 += u;
	u = c4[0], c4[0] = (uint32_t)n4, n4 += u;
	for (size_t r = 0; r < nstr; r++) {
		uint32_t id = order[r];
		u = c0[id], c0[id] = (uint32_t)n0, n0 += u;
		u = c1[id], c1[id] = (uint32_t)n1, n1 += u;
		u = c2[id], c2[id] = (uint32_t)n2, n2 += u;
		u = c3[id + 1], c3[id + 1] = (uint32_t)n3, n3 += u;
		u = c4[id + 1], c4[id + 1] = (uint32_t)n4, n4 += u;
	}
	for (size_t r = 0; r < nstr; r++) {
		uint32_t id = order[r];
		u = c2[nstr + id], c2[nstr + id] = (uint32_t)n2, n2 += u;
	}
	unsigned b1 = pk_graph_bits(n1), b2 = pk_graph_bits(n2), b3 = pk_graph_bits(n3),
	         b4 = pk_graph_bits(n4), bits = pk_graph_bits(n0) + b1 + b2 + b3 + b4;

	PkGraphPacked *sorted;
	if (bits <= 64) {
		for (size_t i = 0; i < n; i++) {
			const PkGraphEntry *e = &g->e[i];
			uint64_t k = c0[e->id[0]];
			k = b1 ? (k << b1 | c1[e->id[1]]) : k;
			k = b2 ? (k << b2 | c2[(e->t.o.kind == PK_TERM_LITERAL) * nstr + e->id[2]]) : k;
			k = b3 ? (k << b3 | c3[e->id[3]]) : k;
			k = b4 ? (k << b4 | c4[e->id[4]]) : k;
			pa[i].key = k;
			pa[i].idx = (uint32_t)i;
		}
		sorted = pk_graph_radix(pa, pa + n, n, bits);
	} else {
		/* Only for graphs with hundreds of millions of strings. */
		PkGraphKey *keys = malloc(n * sizeof *keys);
		if (!keys)
			return;
		for (size_t i = 0; i < n; i++) {
			const PkGraphEntry *e = &g->e[i];
			keys[i].k[0] = (uint64_t)c0[e->id[0]] << 32 | c1[e->id[1]];
			keys[i].k[1] = c2[(e->t.o.kind == PK_TERM_LITERAL) * nstr + e->id[2]];
			keys[i].k[2] = (uint64_t)c3[e->id[3]] << 32 | c4[e->id[4]];
			keys[i].idx = i;
		}
		qsort(keys, n, sizeof *keys, pk_graph_key_cmp);
		/* equal keys get equal packed keys: a running number of distinct keys */
		uint64_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (i && pk_graph_key_cmp(&keys[i - 1], &keys[i]) != 0)
				k++;
			pa[i].key = k;
			pa[i].idx = (uint32_t)keys[i].idx;
		}
		free(keys);
		sorted = pa;
	}
	/* Equal keys are equal triples (same string ids and object kind): keep one. */
	size_t w = 0;
	for (size_t r = 0; r < n; r++) {
		if (w && sorted[r - 1].key == sorted[r].key)
			continue;
		g->spare[w++] = g->e[sorted[r].idx];
	}
	PkGraphEntry *t = g->e;
	size_t tcap = g->cap;
	g->e = g->spare;
	g->cap = g->spare_cap;
	g->spare = t;
	g->spare_cap = tcap;
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
