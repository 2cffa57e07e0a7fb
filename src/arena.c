/* arena.c — bump allocator over a list of blocks (or plain mallocs in debug mode). */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Block {
	struct Block *next;
	size_t size;
	size_t used;
	max_align_t data[];
} Block;

struct PkArena {
	Block *head;
};

#define PK_ARENA_BLOCK 65536u

PkArena *
pk_arena_new(void)
{
	return calloc(1, sizeof(PkArena));
}

static void
free_blocks(Block *b)
{
	while (b) {
		Block *next = b->next;
		free(b);
		b = next;
	}
}

void
pk_arena_free(PkArena *a)
{
	if (!a)
		return;
	free_blocks(a->head);
	free(a);
}

void
pk_arena_reset(PkArena *a)
{
#ifdef PK_DEBUG_ARENA
	free_blocks(a->head);
	a->head = NULL;
#else
	if (!a->head)
		return;
	free_blocks(a->head->next);
	a->head->next = NULL;
	a->head->used = 0;
#endif
}

/* size bytes, zeroed when zero is set (strings are copied over at once: no need). */
static void *
arena_take(PkArena *a, size_t size, int zero)
{
	size_t align = sizeof(max_align_t);
	if (size > SIZE_MAX / 2)
		return NULL;   /* rounding up and adding the block header would wrap around */
	size = (size + align - 1) / align * align;
	if (!size)
		size = align;
#ifdef PK_DEBUG_ARENA
	(void)zero;   /* calloc'd: always zero */
	Block *b = calloc(1, sizeof(Block) + size);
	if (!b)
		return NULL;
	b->next = a->head;
	a->head = b;
	return b->data;
#else
	Block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > PK_ARENA_BLOCK ? size : PK_ARENA_BLOCK;
		Block *nb = malloc(sizeof(Block) + bsize);
		if (!nb)
			return NULL;
		nb->size = bsize;
		nb->used = 0;
		/* A big one-off block goes behind the head so the head keeps serving small ones. */
		if (b && size > PK_ARENA_BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	if (zero)
		memset(p, 0, size);
	return p;
#endif
}

void *
pk_arena_alloc(PkArena *a, size_t size)
{
	return arena_take(a, size, 1);
}

/* len bytes of s followed by pad NUL bytes (1: a C string). */
static char *
dup_padded(PkArena *a, const char *s, size_t len, size_t pad)
{
	if (len >= SIZE_MAX / 2)
		return NULL;
	char *p = arena_take(a, len + pad, 0);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	memset(p + len, 0, pad);
	return p;
}

char *
pk_arena_strndup(PkArena *a, const char *s, size_t len)
{
	return dup_padded(a, s, len, 1);
}

char *
pk_arena_strndup_padded(PkArena *a, const char *s, size_t len)
{
	return dup_padded(a, s, len, 8);
}
