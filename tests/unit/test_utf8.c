/* test_utf8.c — decode/encode round trips, strict validation (overlongs, surrogates,
 * truncation, beyond U+10FFFF) reporting the first bad byte, counting, line/column. */
#undef NDEBUG
#include "utf8.h"

#include <assert.h>
#include <string.h>

static void test_round_trip(void)
{
	static const uint32_t cps[] = {
		0x0, 0x41, 0x7F,              /* 1 byte */
		0x80, 0xE9, 0x7FF,            /* 2 bytes */
		0x800, 0x516C, 0xFFFD, 0xFFFF, /* 3 bytes (公 = U+516C) */
		0x10000, 0x20BB7, 0x10FFFF,   /* 4 bytes */
	};
	static const size_t lens[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		size_t n = pk_utf8_encode(cps[i], buf);
		assert(n == lens[i]);
		size_t k = 0;
		assert(pk_utf8_decode(buf, n, &k) == (int32_t)cps[i]);
		assert(k == n);
		assert(pk_utf8_validate(buf, n) == n);
		assert(pk_utf8_count(buf, n) == 1);
	}
}

static void test_known_bytes(void)
{
	char buf[4];
	assert(pk_utf8_encode(0x516C, buf) == 3);   /* 公 */
	assert(memcmp(buf, "\xE5\x85\xAC", 3) == 0);
	assert(pk_utf8_encode(0x20BB7, buf) == 4);  /* 𠮷 */
	assert(memcmp(buf, "\xF0\xA0\xAE\xB7", 4) == 0);

	size_t n;
	assert(pk_utf8_decode("\xE8\xAD\xA6\xE5\xAF\x9F", 6, &n) == 0x8B66);   /* 警 of 警察 */
	assert(n == 3);
}

/* Decoding bad input returns -1 with *n = 1, so a caller can always step forward. */
static void test_decode_invalid(void)
{
	static const struct { const char *s; size_t len; } bad[] = {
		{"\xC0\x80", 2},             /* overlong NUL */
		{"\xC1\xBF", 2},             /* overlong 0x7F */
		{"\xE0\x80\x80", 3},         /* overlong 3-byte */
		{"\xF0\x80\x80\x80", 4},     /* overlong 4-byte */
		{"\xED\xA0\x80", 3},         /* U+D800 surrogate */
		{"\xED\xBF\xBF", 3},         /* U+DFFF surrogate */
		{"\xF4\x90\x80\x80", 4},     /* U+110000 */
		{"\xF7\xBF\xBF\xBF", 4},     /* beyond U+10FFFF */
		{"\xF8\x88\x80\x80\x80", 5}, /* 5-byte form */
		{"\x80", 1},                 /* lone continuation */
		{"\xBF", 1},
		{"\xFE", 1}, {"\xFF", 1},
		{"\xE5\x85", 2},             /* truncated 3-byte */
		{"\xE5", 1},
		{"\xF0\xA0\xAE", 3},         /* truncated 4-byte */
		{"\xC3", 1},                 /* truncated 2-byte */
		{"\xE5\x41\xAC", 3},         /* bad continuation */
		{"", 0},                     /* nothing to decode */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = 99;
		assert(pk_utf8_decode(bad[i].s, bad[i].len, &n) == -1);
		assert(n == 1);
	}
	/* The boundaries next to the rejected ranges are fine. */
	size_t n;
	assert(pk_utf8_decode("\xED\x9F\xBF", 3, &n) == 0xD7FF && n == 3);
	assert(pk_utf8_decode("\xEE\x80\x80", 3, &n) == 0xE000 && n == 3);
	assert(pk_utf8_decode("\xF4\x8F\xBF\xBF", 4, &n) == 0x10FFFF && n == 4);
	assert(pk_utf8_decode("\xC2\x80", 2, &n) == 0x80 && n == 2);
	/* A length shorter than the buffer is respected. */
	assert(pk_utf8_decode("\xE5\x85\xAC", 2, &n) == -1);
}

static size_t validate(const char *s)
{
	return pk_utf8_validate(s, strlen(s));
}

static void test_validate(void)
{
	assert(validate("") == 0);
	assert(validate("abc") == 3);
	assert(validate("公安局") == 9);
	/* Returns the offset of the first bad byte, not just "bad". */
	assert(validate("ab\xC0\x80") == 2);
	assert(validate("公安\xED\xA0\x80局") == 6);
	assert(validate("x\xF4\x90\x80\x80") == 1);
	assert(validate("公安局\xE5\x85") == 9);      /* truncated at the end */
	assert(validate("公\xE5\x85安") == 3);        /* truncated in the middle */
	assert(validate("a\x80" "b") == 1);
	assert(validate("派出所\xFF") == 9);
	/* The first of several bad sequences. */
	assert(validate("ok\xC0\x80 then \xED\xA0\x80") == 2);
	/* NUL is valid UTF-8 (the reader rejects it separately). */
	assert(pk_utf8_validate("a\0b", 3) == 3);
	/* The fast paths (8 ASCII bytes at a time, 3-byte forms led by E1..EC/EE..EF) must
	 * agree with full decoding: bad bytes after and inside an ASCII block, the E0/ED
	 * leads that need their second byte checked, a form cut at the end. */
	assert(validate("abcdefghij\xFF") == 10);
	assert(validate("abcdefg\x80hij") == 7);
	assert(validate("\xE0\x80\x80" "abcdefgh") == 0);      /* overlong */
	assert(validate("\xE0\xA0\x80" "abcdefgh") == 11);     /* U+0800 */
	assert(validate("\xED\x9F\xBF") == 3);                /* U+D7FF */
	assert(validate("\xEF\xBF\xBF") == 3);                /* U+FFFF */
	assert(validate("\xEC\x80") == 0);
	assert(pk_utf8_validate("\xE4\xB8\xAD", 2) == 0);      /* length cuts the form */
	assert(validate("\xE4\xB8\x41") == 0);                /* bad continuation */
	for (size_t pad = 0; pad < 9; pad++) {                 /* every alignment */
		char buf[32];
		memset(buf, 'a', pad);
		memcpy(buf + pad, "\xE5\x85\xAC\xF0\x9F\x98\x80\xC0", 8);
		assert(pk_utf8_validate(buf, pad + 8) == pad + 7);
	}
}

static void test_count(void)
{
	assert(pk_utf8_count("", 0) == 0);
	assert(pk_utf8_count("abc", 3) == 3);
	assert(pk_utf8_count("公安局", 9) == 3);
	assert(pk_utf8_count("110公安局", 12) == 6);
	assert(pk_utf8_count("\xF0\xA0\xAE\xB7x", 5) == 2);
	assert(pk_utf8_count("公安局", 6) == 2);   /* a prefix */
}

static void test_linecol(void)
{
	const char *s = "第一行\nab公安局\n\nx";
	unsigned line, col;
	pk_utf8_linecol(s, 0, &line, &col);
	assert(line == 1 && col == 1);
	pk_utf8_linecol(s, 3, &line, &col);       /* 一 */
	assert(line == 1 && col == 2);
	pk_utf8_linecol(s, 9, &line, &col);       /* the newline itself */
	assert(line == 1 && col == 4);
	pk_utf8_linecol(s, 10, &line, &col);      /* a */
	assert(line == 2 && col == 1);
	pk_utf8_linecol(s, 12, &line, &col);      /* 公 */
	assert(line == 2 && col == 3);
	pk_utf8_linecol(s, 15, &line, &col);      /* 安 */
	assert(line == 2 && col == 4);
	pk_utf8_linecol(s, 22, &line, &col);      /* the empty line */
	assert(line == 3 && col == 1);
	pk_utf8_linecol(s, 23, &line, &col);      /* x */
	assert(line == 4 && col == 1);
	pk_utf8_linecol(s, strlen(s), &line, &col);
	assert(line == 4 && col == 2);
}

int main(void)
{
	test_round_trip();
	test_known_bytes();
	test_decode_invalid();
	test_validate();
	test_count();
	test_linecol();
	return 0;
}
