/* query_quadset.h — the set of quads `policekg query` has added to a named graph.
 *
 * librdf's "hashes" store with contexts keeps a quad twice when it is added twice, and its
 * own lookups scan the whole store, so the loader asks this set first (query.c). */
#ifndef PK_QUERY_QUADSET_H
#define PK_QUERY_QUADSET_H

#include <redland.h>

#include <stddef.h>

/* Keyed by the quad's N-Quads terms. Zero-initialise; free with pk_quadset_free. */
typedef struct {
	char **keys;
	size_t n, cap; /* cap: 0 or a power of two */
} PkQuadSet;

/* Frees the keys and leaves the set empty, ready for reuse; NULL is a no-op. */
void pk_quadset_free(PkQuadSet *set);

/* Adds the quad of st (its graph, subject, predicate, object; st is not kept); returns 1
 * when it was in the set already, 0 when new, -1 when out of memory. */
int pk_quadset_add(PkQuadSet *set, const raptor_statement *st);

#endif
