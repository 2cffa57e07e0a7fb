/* test_numbers.c — Arabic and Chinese numerals with scale words become exact decimal
 * strings (no float rounding: 3852.61万 is 38526100, not 38526099.99…). */
#undef NDEBUG
#include "numbers.h"

#include <assert.h>
#include <string.h>

static char out[64];

/* Parses s with scale and returns the decimal string, or NULL on failure. */
static const char *num(const char *s, const char *scale)
{
	memset(out, 'X', sizeof out);
	if (pk_number_parse(s, strlen(s), scale, strlen(scale), out, sizeof out) != 0)
		return NULL;
	return out;
}

static int is(const char *s, const char *scale, const char *want)
{
	const char *got = num(s, scale);
	return got && strcmp(got, want) == 0;
}

static void test_arabic(void)
{
	assert(is("3419", "", "3419"));
	assert(is("94.5", "", "94.5"));
	assert(is("0", "", "0"));
	assert(is("1,234", "", "1234"));
	assert(is("12,345,678", "", "12345678"));
	assert(is("0.5", "", "0.5"));
	assert(is("2.50", "", "2.5"));     /* trailing zeros of the fraction go */
	assert(is("007", "", "7"));        /* leading zeros go */
}

static void test_scales(void)
{
	assert(is("3419", "万", "34190000"));
	assert(is("1.9", "亿", "190000000"));
	assert(is("3852.61", "万", "38526100"));
	assert(is("1.23456", "万", "12345.6"));  /* scale smaller than the fraction */
	assert(is("0.05", "万", "500"));
	assert(is("2", "万亿", "2000000000000"));
	assert(is("3", "千", "3000"));
	assert(is("6", "百", "600"));
	assert(is("5", "成", "50"));
	assert(is("1,200", "万", "12000000"));
	assert(is("二十三", "万", "230000"));
}

static void test_chinese(void)
{
	assert(is("十", "", "10"));
	assert(is("二十三", "", "23"));
	assert(is("一百二十", "", "120"));
	assert(is("两千零五", "", "2005"));
	assert(is("十二", "", "12"));
	assert(is("五", "", "5"));
	assert(is("零", "", "0"));
	assert(is("两", "", "2"));
	assert(is("三百", "", "300"));
	assert(is("一千零一", "", "1001"));
	assert(is("十万", "", "100000"));
	assert(is("三万五千", "", "35000"));
	assert(is("贰拾", "", "20"));        /* financial numerals */
}

static void test_invalid(void)
{
	assert(!num("abc", ""));
	assert(!num("", ""));
	assert(!num("1.", ""));
	assert(!num(".5", ""));
	assert(!num("1.2.3", ""));
	assert(!num("12a", ""));
	assert(!num(",", ""));
	assert(!num("公安", ""));
	assert(!num("3", "米"));       /* not a scale word */
	assert(!num("", "万"));
	/* Too long for the output buffer. */
	char small[4];
	assert(pk_number_parse("3419", 4, "万", 3, small, sizeof small) == -1);
	assert(pk_number_parse("341", 3, "", 0, small, sizeof small) == 0);
	assert(strcmp(small, "341") == 0);
}

int main(void)
{
	test_arabic();
	test_scales();
	test_chinese();
	test_invalid();
	return 0;
}
