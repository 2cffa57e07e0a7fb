/* arena.h — per-article allocations, freed all at once.
 *
 * Built with PK_DEBUG_ARENA the arena hands out plain mallocs (tracked in a list), so
 * ASan and valgrind see every block on its own (libgit2's DEBUG_POOL).
 */
#ifndef PK_ARENA_H
#define PK_ARENA_H

#include <stddef.h>

typedef struct PkArena PkArena;

PkArena *pk_arena_new(void);
void pk_arena_free(PkArena *a);          /* NULL is a no-op; frees every block */
void pk_arena_reset(PkArena *a);         /* forget every allocation, keep one block */

/* Returns zeroed memory owned by the arena until reset/free, NULL when out of memory. */
void *pk_arena_alloc(PkArena *a, size_t size);
/* Copies len bytes and adds a NUL. */
char *pk_arena_strndup(PkArena *a, const char *s, size_t len);
/* The same followed by 8 NUL bytes, not just one: a reader may load any 8 bytes that
 * start inside the string as one word (graph.c sorts strings 8 bytes at a time). */
char *pk_arena_strndup_padded(PkArena *a, const char *s, size_t len);

#endif
