/* gazetteer.h — the place gazetteer (GB/T 2260 divisions + countries) with a hash lookup.
 *
 * Too big for a PCRE2 alternation (Debian's PCRE2 has LINK_SIZE 2: 64 KiB per compiled
 * pattern), so places are found by hashing candidate substrings instead (lookup rules).
 */
#ifndef PK_GAZETTEER_H
#define PK_GAZETTEER_H

#include "policekg.h"

#include <stddef.h>

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

PkGazetteer *pk_gazetteer_new(void);
void pk_gazetteer_free(PkGazetteer *g);  /* NULL is a no-op */

/* Adds divisions from a places.tsv (code, name, level, parent, short forms) or, for any
 * other file, one country name per line. Errors are logged with file:line. */
PkStatus pk_gazetteer_load(PkGazetteer *g, const char *path);

/* Places whose full or short name is exactly s[0..len). Returns the hit count and sets
 * *out to an array owned by the gazetteer. */
size_t pk_gazetteer_find(const PkGazetteer *g, const char *s, size_t len, const PkPlaceHit **out);

/* Can a place name start at s? (a hash of its first two characters: a cheap filter
 * before trying every length). */
int pk_gazetteer_may_start(const PkGazetteer *g, const char *s, size_t avail);

/* Longest surface form in bytes. */
size_t pk_gazetteer_max_len(const PkGazetteer *g);

size_t pk_gazetteer_size(const PkGazetteer *g);
const PkPlace *pk_gazetteer_place(const PkGazetteer *g, int id);

/* Level names as in places.tsv ("province"…); -1 when unknown. */
int pk_place_level_lookup(const char *name, size_t len);
const char *pk_place_level_name(PkPlaceLevel l);

#endif
