/* dates.c — partial dates: parse, resolve relative years, format as XSD literals. */
#include "dates.h"

#include "numbers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
field(const char *s, size_t len, int *out)
{
	*out = 0;
	if (!s || !len)
		return 0;
	char buf[32];
	if (pk_number_parse(s, len, "", 0, buf, sizeof buf) || strchr(buf, '.'))
		return -1;
	*out = atoi(buf);
	return 0;
}

/* 二〇二五 / 二零二五: Chinese digits read one by one as a year. */
static int
digit_year(const char *s, size_t len, int *out)
{
	static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	int v = 0, n = 0;
	for (size_t i = 0; i < len;) {
		int found = -1;
		for (int d = 0; d < 10; d++) {
			size_t dl = strlen(digits[d]);
			if (i + dl <= len && !memcmp(s + i, digits[d], dl)) {
				found = d;
				i += dl;
				break;
			}
		}
		if (found < 0) {
			if (i + 3 <= len && !memcmp(s + i, "零", 3)) {
				found = 0;
				i += 3;
			} else {
				return -1;
			}
		}
		v = v * 10 + found;
		n++;
	}
	if (n != 4)
		return -1;
	*out = v;
	return 0;
}

int
pk_date_from_parts(PkDate *out, const char *y, size_t yl, const char *m, size_t ml,
                   const char *d, size_t dl)
{
	memset(out, 0, sizeof *out);
	if (y && yl) {
		int ok = 1;
		for (size_t i = 0; i < yl; i++)
			if (y[i] < '0' || y[i] > '9')
				ok = 0;
		if (ok) {
			if (yl != 4)
				return -1;
			out->year = atoi(y);
		} else if (digit_year(y, yl, &out->year)) {
			return -1;
		}
		if (out->year < 1000 || out->year > 2999)
			return -1;
	}
	if (field(m, ml, &out->month) || field(d, dl, &out->day))
		return -1;
	if (out->month < 0 || out->month > 12 || out->day < 0 || out->day > 31)
		return -1;
	if (out->day && !out->month)
		return -1;
	if (out->day) {
		static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		if (out->day > mdays[out->month - 1])
			return -1;
		if (out->month == 2 && out->day == 29 && out->year &&
		    !((out->year % 4 == 0 && out->year % 100) || out->year % 400 == 0))
			return -1;
	}
	return 0;
}

int
pk_date_relative(const char *s, size_t len, int *delta)
{
	static const struct { const char *w; int d; } words[] = {
		{"今年", 0}, {"本年", 0}, {"当年", 0}, {"去年", -1}, {"上年", -1}, {"前年", -2},
		{"明年", 1},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strlen(words[i].w) == len && !memcmp(words[i].w, s, len)) {
			*delta = words[i].d;
			return 0;
		}
	}
	return -1;
}

int
pk_date_iso(const PkDate *d, char *out, size_t cap, const char **datatype)
{
	if (!d->year)
		return -1;
	if (d->day) {
		snprintf(out, cap, "%04d-%02d-%02d", d->year, d->month, d->day);
		*datatype = "http://www.w3.org/2001/XMLSchema#date";
	} else if (d->month) {
		snprintf(out, cap, "%04d-%02d", d->year, d->month);
		*datatype = "http://www.w3.org/2001/XMLSchema#gYearMonth";
	} else {
		snprintf(out, cap, "%04d", d->year);
		*datatype = "http://www.w3.org/2001/XMLSchema#gYear";
	}
	return 0;
}

int
pk_date_cmp(const PkDate *a, const PkDate *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}
