/* numbers.h — numbers as Chinese news writes them: 3419, 94.5, 1.9亿, 3852.61万, 二十三,
 * 两, 一百二十, 六十余, 5成. Values are exact decimals kept as text (no float rounding). */
#ifndef PK_NUMBERS_H
#define PK_NUMBERS_H

#include <stddef.h>

/* Parses s[0..len) (Arabic digits with an optional decimal point and thousands commas, or
 * Chinese numerals) times the scale word (万, 亿, 千, 百, 万亿; may be empty) into a plain
 * decimal string in out (e.g. "34190000", "94.5"). Returns 0, or -1 when s is not a number. */
int pk_number_parse(const char *s, size_t len, const char *scale, size_t scale_len,
                    char *out, size_t cap);

#endif
