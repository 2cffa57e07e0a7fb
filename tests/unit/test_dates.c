/* test_dates.c — dates at the precision the text gives: parsing from parts (Arabic or
 * Chinese numerals, range checks, leap years), relative years, ISO forms and ordering. */
#undef NDEBUG
#include "dates.h"

#include <assert.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

static int parts(PkDate *d, const char *y, const char *m, const char *dd)
{
	return pk_date_from_parts(d, y, y ? strlen(y) : 0, m, m ? strlen(m) : 0, dd,
	                          dd ? strlen(dd) : 0);
}

static int date_is(const PkDate *d, int y, int m, int dd)
{
	return d->year == y && d->month == m && d->day == dd;
}

static void test_from_parts_valid(void)
{
	PkDate d;
	assert(parts(&d, "2024", "7", "19") == 0 && date_is(&d, 2024, 7, 19));
	assert(parts(&d, "2024", "07", "09") == 0 && date_is(&d, 2024, 7, 9));
	assert(parts(&d, "2023", "12", NULL) == 0 && date_is(&d, 2023, 12, 0));
	assert(parts(&d, "1998", NULL, NULL) == 0 && date_is(&d, 1998, 0, 0));
	assert(parts(&d, NULL, "7", "19") == 0 && date_is(&d, 0, 7, 19));   /* bare 7月19日 */
	assert(parts(&d, "", "", "") == 0 && date_is(&d, 0, 0, 0));
	assert(parts(&d, "2024", "4", "30") == 0 && date_is(&d, 2024, 4, 30));
	assert(parts(&d, "2024", "12", "31") == 0);
	/* Leap years: 2024 and 2000 are, 1900 is not; an unknown year allows 29. */
	assert(parts(&d, "2024", "2", "29") == 0 && date_is(&d, 2024, 2, 29));
	assert(parts(&d, "2000", "2", "29") == 0);
	assert(parts(&d, NULL, "2", "29") == 0);
	/* Chinese numerals. */
	assert(parts(&d, "二〇二四", "十二", "三十一") == 0 && date_is(&d, 2024, 12, 31));
	assert(parts(&d, "二零二三", "五", "一") == 0 && date_is(&d, 2023, 5, 1));
	assert(parts(&d, "一九九八", NULL, NULL) == 0 && date_is(&d, 1998, 0, 0));
	assert(parts(&d, "2024", "十", "二十") == 0 && date_is(&d, 2024, 10, 20));
}

static void test_from_parts_invalid(void)
{
	PkDate d;
	assert(parts(&d, "2024", "13", NULL) == -1);
	assert(parts(&d, "2024", "0", "1") == -1);
	assert(parts(&d, "2024", "4", "31") == -1);      /* April has 30 days */
	assert(parts(&d, "2024", "6", "31") == -1);
	assert(parts(&d, "2024", "1", "32") == -1);
	assert(parts(&d, "2024", "2", "30") == -1);
	assert(parts(&d, "2023", "2", "29") == -1);      /* not a leap year */
	assert(parts(&d, "1900", "2", "29") == -1);
	assert(parts(&d, "24", "7", "19") == -1);        /* 2-digit years are never read */
	assert(parts(&d, "024", NULL, NULL) == -1);
	assert(parts(&d, "20245", NULL, NULL) == -1);
	assert(parts(&d, "0999", NULL, NULL) == -1);     /* out of range */
	assert(parts(&d, "二四", NULL, NULL) == -1);     /* 2 Chinese digits */
	assert(parts(&d, "二〇二X", NULL, NULL) == -1);
	assert(parts(&d, "2024", "7.5", NULL) == -1);
	assert(parts(&d, "2024", "abc", NULL) == -1);
	assert(parts(&d, "2024", NULL, "5") == -1);      /* a day without a month */
}

static void test_relative(void)
{
	int delta = 99;
	assert(pk_date_relative("今年", strlen("今年"), &delta) == 0 && delta == 0);
	assert(pk_date_relative("去年", strlen("去年"), &delta) == 0 && delta == -1);
	assert(pk_date_relative("前年", strlen("前年"), &delta) == 0 && delta == -2);
	assert(pk_date_relative("明年", strlen("明年"), &delta) == 0 && delta == 1);
	delta = 99;
	assert(pk_date_relative("后年", strlen("后年"), &delta) == -1);
	assert(pk_date_relative("今年上半年", strlen("今年上半年"), &delta) == -1);
	assert(pk_date_relative("今", strlen("今"), &delta) == -1);
	assert(pk_date_relative("", 0, &delta) == -1);
	assert(delta == 99);   /* untouched on failure */
}

static void test_iso(void)
{
	char buf[32];
	const char *dt = NULL;
	PkDate d = {2025, 6, 3};
	assert(pk_date_iso(&d, buf, sizeof buf, &dt) == 0);
	assert(strcmp(buf, "2025-06-03") == 0 && strcmp(dt, XSD "date") == 0);
	d = (PkDate){2025, 11, 0};
	assert(pk_date_iso(&d, buf, sizeof buf, &dt) == 0);
	assert(strcmp(buf, "2025-11") == 0 && strcmp(dt, XSD "gYearMonth") == 0);
	d = (PkDate){1998, 0, 0};
	assert(pk_date_iso(&d, buf, sizeof buf, &dt) == 0);
	assert(strcmp(buf, "1998") == 0 && strcmp(dt, XSD "gYear") == 0);
	/* No year: never written. */
	d = (PkDate){0, 7, 19};
	dt = NULL;
	assert(pk_date_iso(&d, buf, sizeof buf, &dt) == -1);
	assert(dt == NULL);
}

static void test_cmp(void)
{
	PkDate a = {2024, 7, 19}, b = {2024, 7, 20}, c = {2024, 8, 1}, y = {2024, 0, 0},
	       e = {2023, 12, 31};
	assert(pk_date_cmp(&a, &a) == 0);
	assert(pk_date_cmp(&a, &b) < 0 && pk_date_cmp(&b, &a) > 0);
	assert(pk_date_cmp(&b, &c) < 0);
	assert(pk_date_cmp(&e, &a) < 0 && pk_date_cmp(&a, &e) > 0);
	/* A coarser date sorts before the finer dates it contains. */
	assert(pk_date_cmp(&y, &a) < 0);
	PkDate a2 = a;
	assert(pk_date_cmp(&a, &a2) == 0);
}

int main(void)
{
	test_from_parts_valid();
	test_from_parts_invalid();
	test_relative();
	test_iso();
	test_cmp();
	return 0;
}
