/* gazetteer.h — the place gazetteer (GB/T 2260 divisions + countries) with a hash lookup.
 *
 * Too big for a PCRE2 alternation (Debian's PCRE2 has LINK_SIZE 2: 64 KiB per compiled
 * pattern), so places are found by hashing candidate substrings instead (lookup rules).
 */
#ifndef PK_GAZETTEER_H
#define PK_GAZETTEER_H

#include "policekg.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
	PK_LEVEL_COUNTRY, PK_LEVEL_PROVINCE, PK_LEVEL_CITY, PK_LEVEL_COUNTY, PK_LEVEL_TOWN,
	PK_LEVEL_COUNT
} PkPlaceLevel;

typedef struct {
	const char *code;     /* GB/T 2260 code, "" for countries */
	const char *name;     /* full name: 厦门市 */
	PkPlaceLevel level;
	int parent;           /* index of the parent place, -1 for none */
} PkPlace;

typedef struct {
	int place;            /* index into the gazetteer */
	int is_short;         /* the surface form is a short form (厦门 for 厦门市) */
} PkPlaceHit;

typedef struct PkGazetteer PkGazetteer;

/* Bits of the two-character filter (a power of two): 64 KiB, a few per cent false
 * positives for the ~25 000 two-character prefixes of the divisions. */
#define PK_GAZ_PAIR_BITS (1u << 19)

/* The first member of every PkGazetteer: what the lookups below read, in the header so
 * that they inline. They run at every Han character of every article (the pair filter)
 * and for every place hit the matcher and linker weigh; as calls they were ~1% of an
 * extract run. Read it through these functions only. */
typedef struct {
	PkPlace *places;
	size_t n_places;
	uint64_t pairs[PK_GAZ_PAIR_BITS / 64];   /* the first two characters of every form of
	                                            two characters or more, hashed */
} PkGazetteerHead;

static inline const PkGazetteerHead *
pk_gazetteer_head(const PkGazetteer *g)
{
	return (const PkGazetteerHead *)(const void *)g;
}

/* The pair filter's bit for characters c1 c2. */
static inline size_t
pk_gazetteer_pair_bit(int32_t c1, int32_t c2)
{
	uint32_t h = (uint32_t)c1 * 0x9E3779B1u ^ (uint32_t)c2 * 0x85EBCA77u;
	return (h ^ h >> 15) & (PK_GAZ_PAIR_BITS - 1);
}

PkGazetteer *pk_gazetteer_new(void);
void pk_gazetteer_free(PkGazetteer *g);  /* NULL is a no-op */

/* Adds divisions from a places.tsv (code, name, level, parent, short forms) or, for any
 * other file, one country name per line. Errors are logged with file:line. */
PkStatus pk_gazetteer_load(PkGazetteer *g, const char *path);

/* Places whose full or short name is exactly s[0..len). Returns the hit count and sets
 * *out to an array owned by the gazetteer. */
size_t pk_gazetteer_find(const PkGazetteer *g, const char *s, size_t len, const PkPlaceHit **out);

/* A walk along a candidate name, one character at a time: finds every form the text at
 * a position starts with, hashing each character once and stopping where no form goes
 * on (at most positions, after the first character). */
typedef struct {
	uint64_t h;           /* hash of the candidate so far */
	size_t len;           /* its length in bytes */
} PkGazWalk;

void pk_gazetteer_walk_start(PkGazWalk *w);

/* Extends the walk's candidate to s[0..len) (len > w->len, on a character boundary; s is
 * the same text each call). Returns 0 when no form starts with the candidate (stop
 * walking), 2 when the candidate may be a form itself (ask pk_gazetteer_walk_find), else
 * 1. A hash filter: 2 may be wrong, 0 never is. */
int pk_gazetteer_walk(const PkGazetteer *g, PkGazWalk *w, const char *s, size_t len);

/* pk_gazetteer_find for the walk's candidate s[0..w->len), without hashing it again. */
size_t pk_gazetteer_walk_find(const PkGazetteer *g, const PkGazWalk *w, const char *s,
                              const PkPlaceHit **out);

/* Can a form of two characters or more start with the characters c1 c2? A filter, one
 * bit test: 0 is never wrong (no such form), 1 may be (a few per cent of pairs that
 * start none). Skips most text positions before any walk. NULL g: 0. */
static inline int
pk_gazetteer_may_start2(const PkGazetteer *g, int32_t c1, int32_t c2)
{
	if (!g)
		return 0;
	size_t b = pk_gazetteer_pair_bit(c1, c2);
	return (int)(pk_gazetteer_head(g)->pairs[b / 64] >> (b % 64) & 1);
}

/* Longest surface form in bytes. */
size_t pk_gazetteer_max_len(const PkGazetteer *g);

size_t pk_gazetteer_size(const PkGazetteer *g);
/* Place id, or NULL when there is none. */
static inline const PkPlace *
pk_gazetteer_place(const PkGazetteer *g, int id)
{
	const PkGazetteerHead *h = pk_gazetteer_head(g);
	return id >= 0 && (size_t)id < h->n_places ? &h->places[id] : NULL;
}

/* Level names as in places.tsv ("province"…); -1 when unknown. */
int pk_place_level_lookup(const char *name, size_t len);
const char *pk_place_level_name(PkPlaceLevel l);

#endif
