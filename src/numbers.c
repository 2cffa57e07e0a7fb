/* numbers.c — Arabic and Chinese numerals with scale words, to exact decimal strings. */
#include "numbers.h"

#include "utf8.h"

#include <stdio.h>
#include <string.h>

static int
digit_of(int32_t cp)
{
	static const struct { int32_t cp; int v; } d[] = {
		{0x96F6, 0}, {0x3007, 0}, {0x4E00, 1}, {0x4E8C, 2}, {0x4E24, 2}, {0x4E09, 3},
		{0x56DB, 4}, {0x4E94, 5}, {0x516D, 6}, {0x4E03, 7}, {0x516B, 8}, {0x4E5D, 9},
		{0x58F9, 1}, {0x8D30, 2}, {0x53C1, 3}, {0x8086, 4}, {0x4F0D, 5}, {0x9646, 6},
		{0x67D2, 7}, {0x634C, 8}, {0x7396, 9},
	};
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
		if (d[i].cp == cp)
			return d[i].v;
	return -1;
}

/* Multiplies the decimal string num (digits with at most one '.') by 10^exp in place. */
static int
shift_decimal(char *num, size_t cap, int exp)
{
	char digits[64];
	size_t nd = 0;
	int point = -1;
	for (const char *p = num; *p; p++) {
		if (*p == '.') {
			point = (int)nd;
			continue;
		}
		if (nd + 1 >= sizeof digits)
			return -1;
		digits[nd++] = *p;
	}
	if (point < 0)
		point = (int)nd;
	point += exp;
	while (point > (int)nd) {
		if (nd + 1 >= sizeof digits)
			return -1;
		digits[nd++] = '0';
	}
	/* Rebuild: integer part digits[0..point), fraction digits[point..nd) trimmed. */
	char out[80];
	size_t o = 0;
	size_t i = 0;
	while (i + 1 < (size_t)point && digits[i] == '0')
		i++;   /* leading zeros */
	if (point == 0)
		out[o++] = '0';
	for (; i < (size_t)point; i++)
		out[o++] = digits[i];
	size_t end = nd;
	while (end > (size_t)point && digits[end - 1] == '0')
		end--;
	if (end > (size_t)point) {
		out[o++] = '.';
		for (size_t k = (size_t)point; k < end; k++)
			out[o++] = digits[k];
	}
	out[o] = '\0';
	if (o + 1 > cap)
		return -1;
	memcpy(num, out, o + 1);
	return 0;
}

static int
scale_exp(const char *s, size_t len)
{
	if (!len)
		return 0;
	if ((len == 3 && !memcmp(s, "万", 3)))
		return 4;
	if ((len == 3 && !memcmp(s, "亿", 3)))
		return 8;
	if ((len == 6 && !memcmp(s, "万亿", 6)))
		return 12;
	if ((len == 3 && !memcmp(s, "千", 3)))
		return 3;
	if ((len == 3 && !memcmp(s, "百", 3)))
		return 2;
	if ((len == 3 && !memcmp(s, "成", 3)))
		return 1;   /* 5成 = 50 (%): the caller sets the unit */
	return -1;
}

/* Chinese numerals up to 万/亿 groups: 二十三, 一百二十, 两千零五, 十. */
static long long
chinese_value(const char *s, size_t len, int *ok)
{
	long long total = 0, section = 0, cur = 0;
	int any = 0;
	*ok = 0;
	for (size_t i = 0; i < len;) {
		size_t k;
		int32_t cp = pk_utf8_decode(s + i, len - i, &k);
		int d = digit_of(cp);
		i += k;
		if (d >= 0) {
			cur = d;
			any = 1;
			continue;
		}
		long long unit;
		switch (cp) {
		case 0x5341: case 0x62FE: unit = 10; break;        /* 十 拾 */
		case 0x767E: case 0x4F70: unit = 100; break;       /* 百 佰 */
		case 0x5343: case 0x4EDF: unit = 1000; break;      /* 千 仟 */
		case 0x4E07: unit = 10000; break;                  /* 万 */
		case 0x4EBF: unit = 100000000; break;              /* 亿 */
		default: return 0;
		}
		any = 1;
		if (unit == 100000000) {
			total = (total + section + cur) * unit;   /* 一亿二千万: 亿 closes everything */
			section = 0;
		} else if (unit == 10000) {
			total += (section + cur) * unit;           /* … only the part after 亿 */
			section = 0;
		} else {
			section += (cur ? cur : 1) * unit;   /* 十 alone = 10 */
		}
		cur = 0;
	}
	*ok = any;
	return total + section + cur;
}

int
pk_number_parse(const char *s, size_t len, const char *scale, size_t scale_len, char *out,
                size_t cap)
{
	int exp = scale_exp(scale, scale_len);
	if (exp < 0 || !len)
		return -1;
	char num[64];
	size_t n = 0;
	int arabic = 1, seen_point = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (n + 1 >= sizeof num)
				return -1;
			num[n++] = c;
		} else if (c == '.' && !seen_point && n) {
			seen_point = 1;
			num[n++] = c;
		} else if (c == ',' && n) {
			continue;   /* thousands separator */
		} else {
			arabic = 0;
			break;
		}
	}
	if (!arabic) {
		int ok;
		long long v = chinese_value(s, len, &ok);
		if (!ok)
			return -1;
		snprintf(num, sizeof num, "%lld", v);
	} else {
		if (!n || num[n - 1] == '.')
			return -1;
		num[n] = '\0';
	}
	if (shift_decimal(num, sizeof num, exp))
		return -1;
	if (strlen(num) + 1 > cap)
		return -1;
	strcpy(out, num);
	return 0;
}
