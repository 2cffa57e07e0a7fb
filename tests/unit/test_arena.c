/* test_arena.c — arena memory is zeroed and aligned for any type, big requests get
 * their own block, and reset makes the arena reusable (in both arena build modes). */
#undef NDEBUG
#include "arena.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static int aligned(const void *p)
{
	return (uintptr_t)p % _Alignof(max_align_t) == 0;
}

static void test_small(void)
{
	PkArena *a = pk_arena_new();
	assert(a);
	unsigned char *prev = NULL;
	for (size_t size = 0; size < 300; size++) {
		unsigned char *p = pk_arena_alloc(a, size);
		assert(p && aligned(p));
		assert(all_zero(p, size));
		memset(p, 0xAB, size);        /* must not disturb other allocations */
		assert(p != prev);
		prev = p;
	}
	/* A double and a long double at the returned address work. */
	long double *ld = pk_arena_alloc(a, sizeof *ld);
	*ld = 1.5L;
	assert(*ld == 1.5L);
	pk_arena_free(a);
}

static void test_distinct(void)
{
	PkArena *a = pk_arena_new();
	char *x = pk_arena_alloc(a, 10), *y = pk_arena_alloc(a, 10);
	memset(x, 'x', 10);
	memset(y, 'y', 10);
	assert(x[9] == 'x' && y[0] == 'y');
	/* Enough small blocks to need more than one 64 KiB block. */
	int *ints[2000];
	for (int i = 0; i < 2000; i++) {
		ints[i] = pk_arena_alloc(a, 100 * sizeof(int));
		assert(ints[i] && aligned(ints[i]));
		for (int k = 0; k < 100; k++)
			ints[i][k] = i;
	}
	for (int i = 0; i < 2000; i++)
		assert(ints[i][0] == i && ints[i][99] == i);
	assert(x[0] == 'x' && y[9] == 'y');
	pk_arena_free(a);
}

static void test_big(void)
{
	PkArena *a = pk_arena_new();
	char *small1 = pk_arena_alloc(a, 16);
	size_t big_size = 200 * 1024;   /* more than one block */
	unsigned char *big = pk_arena_alloc(a, big_size);
	assert(big && aligned(big) && all_zero(big, big_size));
	memset(big, 0x5A, big_size);
	char *small2 = pk_arena_alloc(a, 16);
	assert(small2 && all_zero((unsigned char *)small2, 16));
	strcpy(small1, "first");
	strcpy(small2, "second");
	assert(big[0] == 0x5A && big[big_size - 1] == 0x5A);
	/* Exactly one block's worth, and one byte more. */
	unsigned char *b64 = pk_arena_alloc(a, 65536);
	unsigned char *b64p = pk_arena_alloc(a, 65537);
	assert(b64 && b64p && all_zero(b64, 65536) && all_zero(b64p, 65537));
	memset(b64, 1, 65536);
	memset(b64p, 2, 65537);
	assert(!strcmp(small1, "first") && !strcmp(small2, "second"));
	pk_arena_free(a);
}

static void test_reset(void)
{
	PkArena *a = pk_arena_new();
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 100; i++) {
			unsigned char *p = pk_arena_alloc(a, 1000);
			assert(p && aligned(p) && all_zero(p, 1000));
			memset(p, 0xFF, 1000);    /* dirty it: the next round must see zeros again */
		}
		unsigned char *big = pk_arena_alloc(a, 100000);
		assert(big && all_zero(big, 100000));
		memset(big, 0xFF, 100000);
		pk_arena_reset(a);
	}
	pk_arena_reset(a);   /* twice in a row */
	char *s = pk_arena_strndup(a, "公安局 and more", strlen("公安局"));
	assert(s && !strcmp(s, "公安局"));
	char *e = pk_arena_strndup(a, "", 0);
	assert(e && e[0] == '\0');
	pk_arena_free(a);
}

/* Sizes whose rounding or block header would wrap around fail instead of returning a
 * tiny block (SIZE_MAX used to give 16 bytes; SIZE_MAX - 20 a 16-byte malloc that was
 * then memset over 2^64 - 16 bytes). */
static void test_huge(void)
{
	PkArena *a = pk_arena_new();
	assert(pk_arena_alloc(a, SIZE_MAX) == NULL);
	assert(pk_arena_alloc(a, SIZE_MAX - 20) == NULL);
	assert(pk_arena_alloc(a, SIZE_MAX / 2 + 1) == NULL);
	/* The arena still works afterwards. */
	char *p = pk_arena_alloc(a, 8);
	assert(p && all_zero((unsigned char *)p, 8));
	pk_arena_free(a);
}

int main(void)
{
	test_small();
	test_distinct();
	test_big();
	test_reset();
	test_huge();
	return 0;
}
