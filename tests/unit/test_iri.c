/* test_iri.c — minted IRIs keep Chinese raw, encode everything strict parsers reject,
 * and hashes never change (they are part of every opaque IRI already published). */
#undef NDEBUG
#include "iri.h"

#include "graph.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static size_t mint(char *buf, size_t cap, const char *kind, const char *name)
{
	return pk_iri_mint(buf, cap, kind, name, strlen(name));
}

/* The part after ".../id/unit/". */
static const char *tail(const char *iri)
{
	static const char head[] = PK_NS_ID "unit/";
	assert(strncmp(iri, head, sizeof head - 1) == 0);
	return iri + sizeof head - 1;
}

static void test_chinese_raw(void)
{
	char buf[256];
	size_t n = mint(buf, sizeof buf, "unit", "晋江市公安局");
	assert(strcmp(buf, "https://w3id.org/policekg/id/unit/晋江市公安局") == 0);
	assert(n == strlen(buf));
}

static void test_encoded(void)
{
	char buf[256];
	mint(buf, sizeof buf, "unit", "a b/c#d%");
	assert(strcmp(tail(buf), "a%20b%2Fc%23d%25") == 0);
	mint(buf, sizeof buf, "unit", "AZaz09-._~");
	assert(strcmp(tail(buf), "AZaz09-._~") == 0);
	mint(buf, sizeof buf, "unit", "?\"<>{}|\\^`'()*+,;=:@&$!");
	assert(strcmp(tail(buf), "%3F%22%3C%3E%7B%7D%7C%5C%5E%60%27%28%29%2A%2B%2C%3B%3D%3A%40"
	                         "%26%24%21") == 0);
	mint(buf, sizeof buf, "unit", "\x01\t\n\x7f");
	assert(strcmp(tail(buf), "%01%09%0A%7F") == 0);
	/* Private use U+E000 is not ucschar. */
	mint(buf, sizeof buf, "unit", "\xEE\x80\x80");
	assert(strcmp(tail(buf), "%EE%80%80") == 0);
	/* U+FFF0 and U+FFFF are not ucschar; U+FFEF is. */
	mint(buf, sizeof buf, "unit", "\xEF\xBF\xB0\xEF\xBF\xBF\xEF\xBF\xAF");
	assert(strcmp(tail(buf), "%EF%BF%B0%EF%BF%BF\xEF\xBF\xAF") == 0);
	/* U+00A0 is the first ucschar; U+009F (a C1 control) is not. */
	mint(buf, sizeof buf, "unit", "\xC2\x9F\xC2\xA0");
	assert(strcmp(tail(buf), "%C2%9F\xC2\xA0") == 0);
	/* U+FDD0 (non-character) encoded; U+10000 kept; U+1FFFE encoded; U+E0001 (tag)
	 * encoded; U+E1000 kept; U+F0000 (private use plane) encoded. */
	mint(buf, sizeof buf, "unit", "\xEF\xB7\x90");
	assert(strcmp(tail(buf), "%EF%B7%90") == 0);
	mint(buf, sizeof buf, "unit", "\xF0\x90\x80\x80");
	assert(strcmp(tail(buf), "\xF0\x90\x80\x80") == 0);
	mint(buf, sizeof buf, "unit", "\xF0\x9F\xBF\xBE");
	assert(strcmp(tail(buf), "%F0%9F%BF%BE") == 0);
	mint(buf, sizeof buf, "unit", "\xF3\xA0\x80\x81");
	assert(strcmp(tail(buf), "%F3%A0%80%81") == 0);
	mint(buf, sizeof buf, "unit", "\xF3\xA1\x80\x80");
	assert(strcmp(tail(buf), "\xF3\xA1\x80\x80") == 0);
	mint(buf, sizeof buf, "unit", "\xF3\xB0\x80\x80");
	assert(strcmp(tail(buf), "%F3%B0%80%80") == 0);
	/* Ill-formed UTF-8 (a caller bug) still gives a valid IRI. */
	mint(buf, sizeof buf, "unit", "a\xFF\xE6\x99");
	assert(strcmp(tail(buf), "a%FF%E6%99") == 0);
	/* Dot segments would be removed on resolution. */
	mint(buf, sizeof buf, "unit", "..");
	assert(strcmp(tail(buf), "%2E%2E") == 0);
	mint(buf, sizeof buf, "unit", "...");
	assert(strcmp(tail(buf), "...") == 0);
	/* Only name_len bytes are read. */
	pk_iri_mint(buf, sizeof buf, "unit", "abcdef", 3);
	assert(strcmp(tail(buf), "abc") == 0);
	/* A NUL inside the name is encoded, not a terminator. */
	pk_iri_mint(buf, sizeof buf, "unit", "a\0b", 3);
	assert(strcmp(tail(buf), "a%00b") == 0);
}

static void test_hash(void)
{
	assert(pk_hash64("abc", 3) == 0xe71fa2190541574bu);
	assert(pk_hash64("", 0) == 0xcbf29ce484222325u);
	char buf[128];
	size_t n = pk_iri_mint_hash(buf, sizeof buf, "fact", 0xe71fa2190541574bu);
	assert(strcmp(buf, "https://w3id.org/policekg/id/fact/e71fa2190541574b") == 0);
	assert(n == strlen(buf));
	pk_iri_mint_hash(buf, sizeof buf, "fact", 0x1u);
	assert(strcmp(buf, "https://w3id.org/policekg/id/fact/0000000000000001") == 0);
}

static void test_too_small(void)
{
	char buf[128];
	const char *want = "https://w3id.org/policekg/id/unit/a%20b";
	size_t len = strlen(want);
	/* Room for the text but not the NUL: refused, and buf is left an empty string. */
	assert(mint(buf, len, "unit", "a b") == 0);
	assert(buf[0] == '\0');
	/* Cut in the middle of an escape. */
	assert(mint(buf, len - 1, "unit", "a b") == 0);
	/* Cut in the middle of a Chinese character. */
	assert(mint(buf, strlen(PK_NS_ID "unit/") + 2, "unit", "晋") == 0);
	assert(mint(buf, 0, "unit", "a b") == 0);
	assert(mint(buf, len + 1, "unit", "a b") == len);
	assert(strcmp(buf, want) == 0);
	assert(pk_iri_mint_hash(buf, 16, "fact", 1) == 0);
	assert(pk_iri_mint_hash(buf, strlen(PK_NS_ID "fact/") + 16, "fact", 1) == 0);
	assert(pk_iri_mint_hash(buf, strlen(PK_NS_ID "fact/") + 17, "fact", 1) ==
	       strlen(PK_NS_ID "fact/") + 16);
}

int main(void)
{
	test_chinese_raw();
	test_encoded();
	test_hash();
	test_too_small();
	printf("test_iri: ok\n");
	return 0;
}
