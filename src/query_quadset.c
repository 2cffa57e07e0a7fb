/* query_quadset.c — the set of quads added to a named graph: an open-addressing hash table
 * of strings (see query_quadset.h for why it exists). */
#include "query_quadset.h"

#include "query_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t pk_quadset_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

void pk_quadset_free(PkQuadSet *set)
{
	if (!set)
		return;
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

/* The table is kept at most half full, so probes stay short. */
int pk_quadset_add(PkQuadSet *set, const raptor_statement *st)
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
