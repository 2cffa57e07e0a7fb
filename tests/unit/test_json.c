/* test_json.c — the JSON Lines record parser: values, escapes, and the byte offset of
 * each kind of error (the CLI reports it as the column). */
#undef NDEBUG
#include "json.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static void parse_ok(const char *s, const char *key, const char *want)
{
	PkJsonObject o;
	size_t off;
	const char *err;
	assert(pk_json_parse_object(s, strlen(s), &o, &off, &err) == 0);
	size_t len;
	const char *v = pk_json_get(&o, key, &len);
	assert(v && len == strlen(want) && memcmp(v, want, len) == 0);
	pk_json_free(&o);
}

static void parse_bad(const char *s, size_t len, size_t want_off, const char *want_err)
{
	PkJsonObject o;
	size_t off = 999;
	const char *err = NULL;
	assert(pk_json_parse_object(s, len, &o, &off, &err) != 0);
	if (off != want_off || !err || strcmp(err, want_err)) {
		fprintf(stderr, "%s: got %zu %s, want %zu %s\n", s, off, err ? err : "(null)",
		        want_off, want_err);
		assert(0);
	}
}

int main(void)
{
	parse_ok("{\"id\":\"a1\",\"text\":\"晋江市公安局\"}", "text", "晋江市公安局");
	parse_ok("{\"text\":\"a\\\"b\\\\c\\/d\\n\\t\"}", "text", "a\"b\\c/d\n\t");
	parse_ok("{\"text\":\"\\u516c\\u5b89 \\ud83d\\ude00\"}", "text", "公安 \xF0\x9F\x98\x80");
	parse_ok("{\"n\": 3, \"text\": \"x\", \"b\": [1, {\"k\": null}]}", "text", "x");
	/* a long run of plain text between escapes */
	parse_ok("{\"text\":\"abcdefghij公安局abcdefghij\\n公安\"}", "text",
	         "abcdefghij公安局abcdefghij\n公安");
	/* errors at the offending byte */
	parse_bad("{\"text\":\"ab\xFF" "cd\"}", 14, 11, "invalid UTF-8");
	parse_bad("{\"text\":\"\xE5\x85\"}", 13, 9, "invalid UTF-8");   /* cut by the quote */
	parse_bad("{\"text\":\"a\x01" "b\"}", 14, 10, "control character in string");
	parse_bad("{\"text\":\"\\ud83d\"}", 17, 15, "lone surrogate");
	parse_bad("{\"text\":\"abc", 12, 12, "unterminated string");
	printf("test_json: ok\n");
	return 0;
}
