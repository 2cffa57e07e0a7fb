/* utf8.h — small UTF-8 helpers shared by the reader, normaliser and rule parser. */
#ifndef PK_UTF8_H
#define PK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..len); sets *n to its byte length.
 * Returns the code point, or -1 for an invalid sequence (*n = 1). */
int32_t pk_utf8_decode(const char *s, size_t len, size_t *n);

/* Encodes cp into out (4 bytes room); returns the byte length. */
size_t pk_utf8_encode(uint32_t cp, char *out);

/* Returns len when s is valid UTF-8 (no overlongs, no surrogates), else the byte offset
 * of the first invalid sequence. */
size_t pk_utf8_validate(const char *s, size_t len);

/* Code points in s[0..len) (s assumed valid). */
size_t pk_utf8_count(const char *s, size_t len);

/* 1-based line and column (column in code points) of byte offset off in s. */
void pk_utf8_linecol(const char *s, size_t off, unsigned *line, unsigned *col);

#endif
