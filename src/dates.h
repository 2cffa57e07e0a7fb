/* dates.h — calendar dates at the precision the text gives, resolved against the
 * publication date (今年, 去年, a bare 7月19日). */
#ifndef PK_DATES_H
#define PK_DATES_H

#include <stddef.h>

typedef struct {
	int year;    /* 0 = unknown */
	int month;   /* 0 = not given */
	int day;     /* 0 = not given */
} PkDate;

/* Parses year/month/day strings (Arabic or Chinese numerals; 2-digit years are not
 * accepted). A field is NULL/empty when absent. Returns 0, or -1 when out of range. */
int pk_date_from_parts(PkDate *out, const char *y, size_t yl, const char *m, size_t ml,
                       const char *d, size_t dl);

/* Relative year words: 今年 0, 去年 -1, 前年 -2, 明年 +1; sets *delta, returns 0 or -1. */
int pk_date_relative(const char *s, size_t len, int *delta);

/* ISO form at its precision ("2025", "2025-06", "2025-06-03") and its XSD datatype IRI.
 * Returns 0, or -1 when the year is unknown (such a date is never written). */
int pk_date_iso(const PkDate *d, char *out, size_t cap, const char **datatype);

int pk_date_cmp(const PkDate *a, const PkDate *b);

#endif
